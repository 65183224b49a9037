// The negotiation policy the server applies, and how a case's ledger becomes the engine's debt snapshot.
//
// Policy (for now, in code — one per agency, the same for every creditor): the engine's DEFAULT_PLAN_POLICY
// (src/core/negotiation/policy.ts: interest-free plans up to 36 months, ¥100 minimum installment, 20 % maximum
// settlement discount, step-up every 6 months, hardship deferral up to 3 months; later buckets more room: M4 30 %
// / 48 months, M5 40 % / 60 months, M6+ 50 % / 60 months; cards never beyond 60 months, CN-C04), the default
// authority matrix (collector 10 % / 12 months / ¥1,000; supervisor 30 % / 36 months / ¥20,000) and a grace of
// 3 days for promises and installments. A per-creditor override (a creditor JSON column edited on the creditors
// page) is the next step; every caller reads the policy through `negotiationPolicyFor` so that is one change.
import {
  DEFAULT_AUTHORITY, DEFAULT_PLAN_POLICY, type AuthorityMatrix, type DebtSnapshot, type PlanPolicy, type ProductType,
} from '../../../core/negotiation/index.js';
import type { LedgerAccount } from '../../../contracts/ledger.js';

export const DEFAULT_GRACE_DAYS = 3;

export type NegotiationPolicy = { plan: PlanPolicy; authority: AuthorityMatrix; graceDays: number };

export function negotiationPolicyFor(_creditorId: string): NegotiationPolicy {
  return { plan: DEFAULT_PLAN_POLICY, authority: DEFAULT_AUTHORITY, graceDays: DEFAULT_GRACE_DAYS };
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
