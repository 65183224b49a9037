// The negotiation policy the server applies, and how a case's ledger becomes the engine's debt snapshot.
//
// Policy: the defaults in code — the engine's DEFAULT_PLAN_POLICY (src/core/negotiation/policy.ts: interest-free
// plans up to 36 months, ¥100 minimum installment, 20 % maximum settlement discount, step-up every 6 months, hardship
// deferral up to 3 months; later buckets more room: M4 30 % / 48 months, M5 40 % / 60 months, M6+ 50 % / 60 months;
// cards never beyond 60 months, CN-C04), the default authority matrix (collector 10 % / 12 months / ¥1,000;
// supervisor 30 % / 36 months / ¥20,000) and a grace of 3 days for promises and installments — overridden per
// creditor by `creditor.negotiation_policy_json` (0008; PATCH /api/admin/creditors/:id `negotiationPolicy`).
// Every caller reads the policy through `negotiationPolicyFor(stored)`.
import {
  DEFAULT_AUTHORITY, DEFAULT_PLAN_POLICY, resolveBucketPolicy, validateAuthority, type AuthorityMatrix, type BucketPolicy, type DebtSnapshot, type PlanPolicy, type ProductType,
} from '../../../core/negotiation/index.js';
import { DEFAULT_GRACE_DAYS } from '../../../core/negotiation/policy.js';
import type { LedgerAccount } from '../../../contracts/ledger.js';
import type { NegotiationPolicyInput } from '../../../contracts/negotiation.js';

export { DEFAULT_GRACE_DAYS };

export type NegotiationPolicy = { plan: PlanPolicy; authority: AuthorityMatrix; graceDays: number };

/** Zod leaves absent keys out, but a stored JSON may carry explicit undefineds: drop them before spreading. */
const given = <T extends object>(o: T | undefined): Partial<T> => Object.fromEntries(Object.entries(o ?? {}).filter(([, v]) => v !== undefined)) as Partial<T>;

/**
 * A creditor's stored policy filled with the defaults; throws the engine's NegotiationError (with its path) when the
 * result is not a valid policy. A bucket named in the input overrides that bucket's defaults (which override the
 * default bucket); authority limits override the default matrix role by role.
 */
export function resolveNegotiationPolicy(input: NegotiationPolicyInput): NegotiationPolicy {
  const buckets: Record<string, Partial<BucketPolicy>> = { ...DEFAULT_PLAN_POLICY.buckets };
  for (const [k, v] of Object.entries(input.plan?.buckets ?? {})) buckets[k] = { ...(buckets[k] ?? {}), ...given(v) } as Partial<BucketPolicy>;
  const plan: PlanPolicy = {
    default: { ...DEFAULT_PLAN_POLICY.default, ...given(input.plan?.default) } as BucketPolicy,
    buckets,
    monthlyKeepBp: input.plan?.monthlyKeepBp ?? DEFAULT_PLAN_POLICY.monthlyKeepBp,
  };
  const authority: AuthorityMatrix = {
    collector: { ...DEFAULT_AUTHORITY.collector, ...given(input.authority?.collector) },
    supervisor: { ...DEFAULT_AUTHORITY.supervisor, ...given(input.authority?.supervisor) },
  };
  validateAuthority(authority);
  for (const bucket of ['M0', ...Object.keys(buckets)]) resolveBucketPolicy(plan, bucket, 'loan');
  return { plan, authority, graceDays: input.graceDays ?? DEFAULT_GRACE_DAYS };
}

const DEFAULTS: NegotiationPolicy = { plan: DEFAULT_PLAN_POLICY, authority: DEFAULT_AUTHORITY, graceDays: DEFAULT_GRACE_DAYS };

/** The policy of a creditor from its stored `negotiation_policy_json`; none, or one that no longer validates → the defaults. */
export function negotiationPolicyFor(stored: NegotiationPolicyInput | null | undefined): NegotiationPolicy {
  if (!stored) return DEFAULTS;
  try {
    return resolveNegotiationPolicy(stored);
  } catch {
    return DEFAULTS;
  }
}

/** A product name → the engine's product type: credit cards (信用卡) get the CN-C04 60-month limit. */
export function productTypeOf(product: string): ProductType {
  return /信用卡|贷记卡|card/i.test(product) ? 'card' : 'loan';
}

/**
 * The case's debt for the engine: everything owed on its loans (the ledger's outstanding totals), the bucket of
 * the most overdue loan, card if any loan is a card, and the charge headroom under the legal caps (the ledger's
 * cap less what was charged; a loan known only by its balance has no cap figures, so no new interest: 0).
 */
export function debtSnapshotOf(currency: string, accounts: readonly LedgerAccount[]): DebtSnapshot {
  const worst = accounts.reduce<LedgerAccount | null>((w, a) => (w === null || a.dpd > w.dpd ? a : w), null);
  return {
    currency,
    balanceMinor: accounts.reduce((s, a) => s + Math.max(0, a.totals.outstandingMinor), 0),
    productType: accounts.some((a) => productTypeOf(a.product) === 'card') ? 'card' : 'loan',
    bucket: worst?.bucket ?? 'M0',
    chargeCapMinor: accounts.every((a) => a.caps) ? accounts.reduce((s, a) => s + Math.max(0, a.caps!.capMinor - a.caps!.chargedMinor), 0) : 0,
  };
}
