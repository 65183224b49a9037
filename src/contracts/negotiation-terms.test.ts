import { describe, expect, it } from 'vitest';
import { assessAffordability, DEFAULT_AUTHORITY, DEFAULT_BUCKET_POLICY, resolveBucketPolicy } from '../core/negotiation/index.js';
import { thrownNegotiationError } from '../core/negotiation/test-helpers.js';
import { optionAtTerm, optionVariant, TermError, type TermContext } from './negotiation-terms.js';

// ¥12,000 card debt, interest-free policy, minimum ¥100; one adult with ¥500 a month (CN allowance ¥2,352.25,
// income ¥3,352.25 → ¥1,000 disposable, 50 %) and ¥3,000 available now.
const affordability = (lumpSumAvailableMinor?: number) =>
  assessAffordability({
    currency: 'CNY', region: 'CN', household: { adults: 1 }, incomes: [{ kind: 'salary', monthlyMinor: 335_225, verification: 'verified' }],
    ...(lumpSumAvailableMinor !== undefined ? { lumpSumAvailableMinor } : {}),
  });
const ctx = (over: Partial<TermContext> = {}): TermContext => ({
  balanceMinor: 1_200_000, currency: 'CNY', chargeCapMinor: 0, startDate: '2026-11-28', authority: DEFAULT_AUTHORITY, affordability: affordability(300_000),
  policy: resolveBucketPolicy({ default: { ...DEFAULT_BUCKET_POLICY, stepUp: null }, buckets: {}, monthlyKeepBp: 9_700 }, 'M2', 'card'),
  ...over,
});
const free = { kind: 'interest-free' as const, annualRateBp: 0, months: 24 };

describe('optionVariant: term and first payment', () => {
  it('¥3,000 first, then 9 × ¥1,000: the monthly part is judged against ¥500 a month, the first against the ¥3,000 available', () => {
    const v = optionVariant(free, { months: 9, firstPaymentMinor: 300_000 }, ctx());
    expect(v).toMatchObject({ kind: 'interest-free', months: 9, firstPaymentMinor: 300_000, affordable: false });
    expect(v.rows.map((r) => r.paymentMinor)).toEqual([300_000, ...Array(9).fill(100_000)]);
    expect(v.rows[0]!.dueDate).toBe('2026-11-28');
    expect(v.totals).toMatchObject({ paymentMinor: 1_200_000, installments: 10 });
    // ¥1,000 a month is beyond ¥500; the first payment itself fits what is available now.
    expect(v.summary['zh-CN']).toContain('最高月供 ¥1,000.00 超过每月可还上限 ¥500.00');
    expect(v.summary['zh-CN']).toContain('首期还款 ¥3,000.00 不超过债务人现可支付的 ¥3,000.00');
    // Approval by the term only (9 months, within the collector's 12): unchanged by the first payment.
    expect(v.approval.approver).toBe('collector');

    // ¥3,000 first then 18 × ¥500: affordable on both counts; 18 months needs a supervisor as before.
    const ok = optionVariant(free, { months: 18, firstPaymentMinor: 300_000 }, ctx());
    expect(ok).toMatchObject({ affordable: true, months: 18 });
    expect(ok.rows.slice(1).every((r) => r.paymentMinor === 50_000)).toBe(true);
    expect(ok.approval.approver).toBe('supervisor');
    // More than the debtor has now: not affordable, though within policy.
    expect(optionVariant(free, { months: 18, firstPaymentMinor: 300_100 }, ctx()).affordable).toBe(false);
  });

  it('without a change of term keeps the option’s term; without a first payment it is optionAtTerm', () => {
    expect(optionVariant(free, { firstPaymentMinor: 120_000 }, ctx()).rows).toHaveLength(25);
    expect(optionVariant(free, { months: 12 }, ctx())).toEqual(optionAtTerm(free, 12, ctx()));
    expect(optionAtTerm(free, 12, ctx()).firstPaymentMinor).toBeNull();
  });

  it('refuses a first payment outside the policy on the path firstPaymentMinor, a bad term as before', () => {
    const low = thrownNegotiationError(() => optionVariant(free, { months: 9, firstPaymentMinor: 5_000 }, ctx()));
    expect(low.path).toBe('firstPaymentMinor');
    expect(low.reason['zh-CN']).toContain('低于政策最低月供 ¥100.00');
    expect(thrownNegotiationError(() => optionVariant(free, { months: 9, firstPaymentMinor: 1_200_000 }, ctx())).path).toBe('firstPaymentMinor');
    // ¥11,500 first leaves ¥500 over 9 months (¥55.56 each): below the minimum.
    const rest = thrownNegotiationError(() => optionVariant(free, { months: 9, firstPaymentMinor: 1_150_000 }, ctx()));
    expect(rest.reason['zh-CN']).toContain('请降低首期还款或缩短期数');
    // Only the kinds whose term is adjustable take a first payment.
    expect(thrownNegotiationError(() => optionVariant({ kind: 'settlement', annualRateBp: 0, months: 1 }, { firstPaymentMinor: 100_000 }, ctx())).path).toBe('firstPaymentMinor');
    // CN-C04: 61 months on a card debt is still refused as a term, first payment or not.
    expect(() => optionVariant(free, { months: 61, firstPaymentMinor: 300_000 }, ctx())).toThrow(TermError);
  });

  it('annuity with a first payment: interest on the remainder only, within the legal cap', () => {
    const annuity = { kind: 'annuity' as const, annualRateBp: 1_200, months: 3 };
    // Hand-computed in core/negotiation/first-payment.test.ts: 3 × ≈¥2,040.13 on the remaining ¥6,000, ¥120.40 interest.
    const v = optionVariant(annuity, { firstPaymentMinor: 400_000 }, ctx({ balanceMinor: 1_000_000, chargeCapMinor: 12_040 }));
    expect(v.totals).toMatchObject({ interestMinor: 12_040, paymentMinor: 1_012_040 });
    // Without the first payment the interest on ¥10,000 (¥200.67) would exceed a ¥120.40 cap.
    expect(() => optionVariant(annuity, {}, ctx({ balanceMinor: 1_000_000, chargeCapMinor: 12_040 }))).toThrow(TermError);
  });
});
