import { describe, expect, it } from 'vitest';
import { assessAffordability, type AffordabilityInput } from './affordability.js';
import { generatePlanOptions, type DebtSnapshot } from './options.js';
import { DEFAULT_BUCKET_POLICY, resolveBucketPolicy, type BucketPolicy, type PlanPolicy } from './policy.js';
import { buildSchedule } from './schedule.js';

// One adult (CN allowance ¥2,352.25), income ¥3,352.25 → ¥1,000 disposable → ¥500 a month at 50 %.
const income = (monthlyMinor: number, lump?: number): AffordabilityInput => ({
  currency: 'CNY', region: 'CN', household: { adults: 1 }, incomes: [{ kind: 'salary', monthlyMinor, verification: 'verified' }], lumpSumAvailableMinor: lump,
});
const a500 = assessAffordability(income(335_225, 1_000_000));
const debt: DebtSnapshot = { currency: 'CNY', balanceMinor: 1_200_000, productType: 'card', bucket: 'M2', chargeCapMinor: 0 };
const policyOf = (p: Partial<BucketPolicy>): PlanPolicy => ({
  default: { ...DEFAULT_BUCKET_POLICY, maxTermMonths: 72, minInstallmentMinor: 10_000, maxDiscountBp: 2_000, planRateBp: 0, stepUp: null, maxDeferralMonths: 0, ...p },
  buckets: {}, monthlyKeepBp: 9_700,
});
const start = '2026-11-15';

describe('generatePlanOptions', () => {
  it('¥12,000 card debt, ¥500 a month, ¥10,000 available now, interest-free policy', () => {
    expect(a500.maxAffordableMinor).toBe(50_000);
    const r = generatePlanOptions({ debt, affordability: a500, startDate: start, policy: policyOf({}) });
    expect(r.policy).toMatchObject({ maxTermMonths: 60, legalMaxTermMonths: 60 }); // 72 cut to 60 (CN-C04)
    expect(r.options.map((o) => o.kind)).toEqual(['settlement', 'interest-free']);
    expect(r.excluded.map((e) => e.kind)).toEqual(['annuity', 'equal-principal', 'step-up', 'deferral']);
    const [settle, free] = r.options;
    // Floor ¥9,600 (20 % off); ¥10,000 available ≥ floor → pay ¥10,000, ¥2,000 (16.67 %, rounded up) waived.
    expect(settle).toMatchObject({ rank: 1, affordable: true, totalPayableMinor: 1_000_000, waivedMinor: 200_000, discountBp: 1_667, months: 1, interestMinor: 0 });
    expect(settle!.rows[0]!.dueDate).toBe('2026-12-15');
    expect(settle!.expectedRecoveryMinor).toBe(970_000); // × 0.97 for the month to pay
    // Shortest term whose installment ≤ ¥500: 12,000 / 24 = 500 exactly (23 months would be 521.74).
    expect(free).toMatchObject({ rank: 2, months: 24, firstPaymentMinor: 50_000, maxPaymentMinor: 50_000, affordable: true, totalPayableMinor: 1_200_000 });
    // Σ 500 × 0.97^k, k = 1…24 = 500 × 0.97 × (1 − 0.97^24) / 0.03
    expect(free!.expectedRecoveryMinor).toBe(Math.round(50_000 * 0.97 * (1 - 0.97 ** 24) / 0.03));
    expect(settle!.approval).toMatchObject({ approver: 'supervisor' });
    expect(settle!.approval.reasons.map((x) => x.dimension)).toEqual(['discount', 'waived']);
    expect(free!.approval).toMatchObject({ approver: 'supervisor', reasons: [{ dimension: 'term', value: 24, limit: 12 }] });
    expect(free!.summary.en).toContain('Interest-free installments: 24 months of ¥500.00');
    expect(free!.summary.en).toContain('Affordable');
    expect(free!.summary['zh-CN']).toContain('免息分期 24 期，每月 ¥500.00');
    expect(settle!.summary['zh-CN']).toContain('减免 ¥2,000.00（16.67%）');
  });

  it('settlement never below the floor: ¥5,000 available → ¥9,600 (max discount), not affordable, ranked after a plan that fits', () => {
    const r = generatePlanOptions({ debt, affordability: assessAffordability(income(335_225, 500_000)), startDate: start, policy: policyOf({}) });
    const settle = r.options.find((o) => o.kind === 'settlement')!;
    expect(settle).toMatchObject({ totalPayableMinor: 960_000, waivedMinor: 240_000, discountBp: 2_000, affordable: false, rank: 2 });
    expect(settle.summary.en).toContain('Not affordable: the debtor has only ¥5,000.00 now');
  });

  it('card term capped at 60 months: ¥50 a month cannot clear ¥12,000 → the 60-month plan, marked not affordable', () => {
    const r = generatePlanOptions({ debt, affordability: assessAffordability(income(245_225)), startDate: start, policy: policyOf({}) });
    const free = r.options.find((o) => o.kind === 'interest-free')!;
    expect(free).toMatchObject({ months: 60, firstPaymentMinor: 20_000, affordable: false });
    expect(free.summary.en).toContain('exceeds the ¥50.00 a month');
    expect(free.expectedRecoveryMinor).toBe(Math.round(5_000 * 0.97 * (1 - 0.97 ** 60) / 0.03)); // counts only ¥50 of each ¥200
  });

  it('non-card debts may run to the policy term', () => {
    const r = generatePlanOptions({ debt: { ...debt, productType: 'loan' }, affordability: assessAffordability(income(245_225)), startDate: start, policy: policyOf({}) });
    expect(r.policy.legalMaxTermMonths).toBeNull();
    expect(r.options.find((o) => o.kind === 'interest-free')!.months).toBe(72);
  });

  it('minimum installment bounds the term: ¥1,000 with ¥300 minimum → at most 3 months', () => {
    const r = generatePlanOptions({ debt: { ...debt, balanceMinor: 100_000 }, affordability: assessAffordability(income(275_225)), startDate: start, policy: policyOf({ minInstallmentMinor: 30_000 }) });
    // ¥200 a month; 3 × ¥333.33 is the longest plan at or above ¥300 → offered, not affordable.
    expect(r.options.find((o) => o.kind === 'interest-free')).toMatchObject({ months: 3, firstPaymentMinor: 33_333, affordable: false });
  });

  it('never charges above the legal-cap headroom: the rate is lowered to the highest whole bp that fits', () => {
    const cap = 10_000;
    const r = generatePlanOptions({ debt: { ...debt, chargeCapMinor: cap }, affordability: a500, startDate: start, policy: policyOf({ planRateBp: 1_200, stepUp: { everyMonths: 6, stepBp: 2_000 } }) });
    const charged = r.options.filter((o) => o.kind !== 'settlement' && o.kind !== 'interest-free');
    expect(charged.map((o) => o.kind).sort()).toEqual(['annuity', 'equal-principal', 'step-up']);
    for (const o of charged) {
      expect(o.interestMinor).toBeLessThanOrEqual(cap);
      expect(o.rateReducedForCap).toBe(true);
      expect(o.annualRateBp).toBeLessThan(1_200);
      if (o.kind === 'annuity' || o.kind === 'equal-principal') {
        const above = buildSchedule({ method: o.kind, principalMinor: 1_200_000, months: o.months, startDate: start, annualRateBp: o.annualRateBp + 1 });
        expect(above.totals.interestMinor).toBeGreaterThan(cap);
      }
      expect(o.summary.en).toContain('within the legal cap');
    }
    for (const o of r.options) expect(o.totalPayableMinor).toBeLessThanOrEqual(1_200_000 + cap);
  });

  it('a zero cap leaves only interest-free kinds', () => {
    const r = generatePlanOptions({ debt, affordability: a500, startDate: start, policy: policyOf({ planRateBp: 1_200 }) });
    expect(r.options.every((o) => o.interestMinor === 0)).toBe(true);
    expect(r.options.map((o) => o.kind)).not.toContain('annuity');
  });

  it('step-up: first installment within capacity, rising in equal steps; the shortest such term', () => {
    const r = generatePlanOptions({ debt, affordability: a500, startDate: start, policy: policyOf({ stepUp: { everyMonths: 6, stepBp: 2_000 } }) });
    const s = r.options.find((o) => o.kind === 'step-up')!;
    const p = s.rows.map((x) => x.paymentMinor);
    expect(p[0]).toBeLessThanOrEqual(50_000);
    expect(p.slice(0, -1).every((x, i) => i === 0 || x >= p[i - 1]!)).toBe(true);
    expect(s.affordable).toBe(true);
    const shorter = buildSchedule({ method: 'step-up', principalMinor: 1_200_000, months: s.months - 1, startDate: start, stepEveryMonths: 6, stepMinor: p[6]! - p[0]! });
    expect(shorter.rows[0]!.paymentMinor).toBeGreaterThan(50_000);
    expect(s.summary.en).toContain('Affordable now: the first installment');
  });

  it('hardship deferral: 2 months of ¥200 (an even 60th), then the balance over the shortest affordable term', () => {
    const r = generatePlanOptions({ debt, affordability: a500, startDate: start, policy: policyOf({ maxDeferralMonths: 3 }), hardship: { months: 2 } });
    const d = r.options.find((o) => o.kind === 'deferral')!;
    // 12,000 − 2 × 200 = 11,600 left; 11,600 / 24 = 483.33 ≤ 500 (23 months: 504.35) → 26 months in all.
    expect(d).toMatchObject({ months: 26, deferMonths: 2, affordable: true, waivedMinor: 0 });
    expect(d.rows.slice(0, 3).map((x) => x.paymentMinor)).toEqual([20_000, 20_000, 48_333]);
    expect(d.rows.at(-1)!.paymentMinor).toBe(1_160_000 - 48_333 * 23);
    expect(d.summary.en).toContain('Hardship deferral: 2 months of ¥200.00, then 24 months of about ¥483.33');
    expect(generatePlanOptions({ debt, affordability: a500, startDate: start, policy: policyOf({ maxDeferralMonths: 3 }) }).excluded.find((e) => e.kind === 'deferral')!.reason.en).toContain('no temporary hardship');
  });

  it('bucket overrides apply over the default', () => {
    const p: PlanPolicy = { ...policyOf({}), buckets: { M5: { maxDiscountBp: 4_000, maxTermMonths: 24 } } };
    expect(resolveBucketPolicy(p, 'M5', 'loan')).toMatchObject({ maxDiscountBp: 4_000, maxTermMonths: 24, bucket: 'M5' });
    expect(resolveBucketPolicy(p, 'M1', 'loan')).toMatchObject({ maxDiscountBp: 2_000, maxTermMonths: 72 });
    expect(() => resolveBucketPolicy({ ...p, buckets: { M5: { maxDiscountBp: 20_000 } } }, 'M5', 'loan')).toThrow(/policy.buckets.M5.maxDiscountBp/);
  });

  it('rejects a currency mismatch between debt and affordability', () => {
    expect(() => generatePlanOptions({ debt: { ...debt, currency: 'USD' }, affordability: a500, startDate: start })).toThrow(/currency/);
  });
});
