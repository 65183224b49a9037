// The creditor's plan policy, per delinquency bucket (M1, M2, …; see src/core/delinquency buckets).
//
// Law over policy: card debts (productType 'card') never get a plan longer than 60 months — 《商业银行信用卡业务
// 监督管理办法》Art. 70 (REGULATIONS CN-C04: personalised instalment plan ≤ 5 years), whatever the policy says.

import { checkInt, NegotiationError } from './errors.js';
import { MAX_MONTHS } from './schedule.js';

/** CN-C04: personalised instalment plans for card debts run at most 5 years. */
export const CARD_MAX_TERM_MONTHS = 60;

export type ProductType = 'card' | 'loan' | 'other';

export type BucketPolicy = {
  /** Longest plan, months (deferral months included). */
  maxTermMonths: number;
  /** Smallest regular installment, minor units (the last may carry the rounding residual). */
  minInstallmentMinor: number;
  /** Largest settlement discount, bp of the balance. */
  maxDiscountBp: number;
  /** Annual rate charged on installment plans, bp; 0 = interest-free only. Always limited further by the legal cap. */
  planRateBp: number;
  /** Penalty interest stops accruing while the plan is kept (resumes on breach); the ledger reads this flag. */
  freezePenalty: boolean;
  /** Longest hardship deferral, months; 0 = none offered. */
  maxDeferralMonths: number;
  /** Step-up plans: the installment rises every `everyMonths` by `stepBp` of the first one; null = not offered. */
  stepUp: { everyMonths: number; stepBp: number } | null;
  /** Days the debtor has to pay a settlement. */
  settlementDueDays: number;
};

export type PlanPolicy = {
  default: BucketPolicy;
  /** Per bucket, overrides of the default. */
  buckets: Readonly<Record<string, Partial<BucketPolicy>>>;
  /**
   * Ranking heuristic: the chance, in bp, that an active plan is still kept one month later (default 9,700 = 97 %).
   * A payment due k months out counts toward expected recovery with weight (keep)^k. A creditor with its own kept-rate
   * data sets it here; it is an estimate for ordering options, never an amount charged.
   */
  monthlyKeepBp: number;
};

export const DEFAULT_BUCKET_POLICY: BucketPolicy = Object.freeze({
  maxTermMonths: 36,
  minInstallmentMinor: 10_000,
  maxDiscountBp: 2_000,
  planRateBp: 0,
  freezePenalty: true,
  maxDeferralMonths: 3,
  stepUp: Object.freeze({ everyMonths: 6, stepBp: 2_000 }),
  settlementDueDays: 30,
});

export const DEFAULT_PLAN_POLICY: PlanPolicy = Object.freeze({
  default: DEFAULT_BUCKET_POLICY,
  // Later buckets: more room to discount and to spread (recovery odds fall with DPD).
  buckets: Object.freeze({
    M4: { maxDiscountBp: 3_000, maxTermMonths: 48 },
    M5: { maxDiscountBp: 4_000, maxTermMonths: 60 },
    'M6+': { maxDiscountBp: 5_000, maxTermMonths: 60 },
  }),
  monthlyKeepBp: 9_700,
});

/** Days after a promise's or installment's due date before it counts as broken / missed, unless the creditor sets its own. */
export const DEFAULT_GRACE_DAYS = 3;

export type ResolvedBucketPolicy = BucketPolicy & { bucket: string; legalMaxTermMonths: number | null };

/** The bucket's policy (default + override), validated, with the term limited by CN-C04 for cards. */
export function resolveBucketPolicy(policy: PlanPolicy, bucket: string, productType: ProductType): ResolvedBucketPolicy {
  const p: BucketPolicy = { ...policy.default, ...(policy.buckets[bucket] ?? {}) };
  const at = `policy.buckets.${bucket}`;
  checkInt(p.maxTermMonths, `${at}.maxTermMonths`, 1, MAX_MONTHS);
  checkInt(p.minInstallmentMinor, `${at}.minInstallmentMinor`, 1);
  checkInt(p.maxDiscountBp, `${at}.maxDiscountBp`, 0, 10_000);
  checkInt(p.planRateBp, `${at}.planRateBp`, 0, 1_000_000);
  checkInt(p.maxDeferralMonths, `${at}.maxDeferralMonths`, 0, 24);
  checkInt(p.settlementDueDays, `${at}.settlementDueDays`, 0, 365);
  checkInt(policy.monthlyKeepBp, 'policy.monthlyKeepBp', 1, 10_000);
  if (p.stepUp) {
    checkInt(p.stepUp.everyMonths, `${at}.stepUp.everyMonths`, 1, MAX_MONTHS);
    checkInt(p.stepUp.stepBp, `${at}.stepUp.stepBp`, 1, 10_000);
  }
  if (typeof p.freezePenalty !== 'boolean') throw new NegotiationError('invalid_input', `${at}.freezePenalty`, 'must be a boolean', '须为是或否');
  const legal = productType === 'card' ? CARD_MAX_TERM_MONTHS : null;
  return { ...p, maxTermMonths: legal === null ? p.maxTermMonths : Math.min(p.maxTermMonths, legal), bucket, legalMaxTermMonths: legal };
}
