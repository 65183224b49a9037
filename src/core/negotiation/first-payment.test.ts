import { describe, expect, it } from 'vitest';
import { assessAffordability } from './affordability.js';
import { NegotiationError } from './errors.js';
import { checkFirstPayment, checkRemainder, firstPaymentFit, firstPaymentRange } from './first-payment.js';
import { buildSchedule } from './schedule.js';
import { thrownNegotiationError } from './test-helpers.js';

const start = '2026-11-15';
const policy = { minInstallmentMinor: 10_000 }; // ¥100

describe('buildSchedule with a first payment (首期还款)', () => {
  it('¥12,000, first ¥3,000, interest-free 9 months: ¥3,000 on the start date, then 9 × ¥1,000 from one month later', () => {
    const s = buildSchedule({ method: 'interest-free', principalMinor: 1_200_000, months: 9, startDate: start, firstPaymentMinor: 300_000 });
    expect(s.rows[0]).toEqual({ seq: 1, dueDate: '2026-11-15', paymentMinor: 300_000, principalMinor: 300_000, interestMinor: 0, balanceMinor: 900_000 });
    expect(s.rows.slice(1).map((r) => r.paymentMinor)).toEqual(Array(9).fill(100_000));
    expect(s.rows.map((r) => r.seq)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
    expect(s.rows.slice(1).map((r) => r.dueDate)).toEqual(['2026-12-15', '2027-01-15', '2027-02-15', '2027-03-15', '2027-04-15', '2027-05-15', '2027-06-15', '2027-07-15', '2027-08-15']);
    expect(s.rows.at(-1)!.balanceMinor).toBe(0);
    expect(s).toMatchObject({ principalMinor: 1_200_000, months: 9 });
    expect(s.totals).toMatchObject({ paymentMinor: 1_200_000, principalMinor: 1_200_000, interestMinor: 0, installments: 10, maxPaymentMinor: 300_000, minPaymentMinor: 100_000 });
  });

  it('annuity ¥10,000, first ¥4,000, 3 months at 12 % a year: interest on the remaining ¥6,000 only', () => {
    // Remainder P = 600,000 fen, r = 1 % a month, n = 3: (1.01)^3 = 1.030301,
    // payment = 600,000 × 0.01 × 1.030301 / 0.030301 = 6,181.806 / 0.030301 = 204,013.27 → 204,013 (¥2,040.13).
    // Month 1: interest 600,000 × 1 % = 6,000; principal 198,013; balance 401,987.
    // Month 2: interest 4,019.87 → 4,020; principal 199,993; balance 201,994.
    // Month 3: interest 2,019.94 → 2,020; principal 201,994 (the residual); payment 204,014.
    const s = buildSchedule({ method: 'annuity', principalMinor: 1_000_000, months: 3, annualRateBp: 1_200, startDate: start, firstPaymentMinor: 400_000 });
    expect(s.rows.map((r) => [r.seq, r.dueDate, r.paymentMinor, r.principalMinor, r.interestMinor, r.balanceMinor])).toEqual([
      [1, '2026-11-15', 400_000, 400_000, 0, 600_000],
      [2, '2026-12-15', 204_013, 198_013, 6_000, 401_987],
      [3, '2027-01-15', 204_013, 199_993, 4_020, 201_994],
      [4, '2027-02-15', 204_014, 201_994, 2_020, 0],
    ]);
    expect(s.totals).toMatchObject({ principalMinor: 1_000_000, interestMinor: 12_040, paymentMinor: 1_012_040, installments: 4 });
    // The closed-form figures are those of the remainder.
    expect(s.formula.paymentMinor).toBe(204_013);
  });

  it('end of month: a first payment on 01-31, then 02-29, 03-31', () => {
    const s = buildSchedule({ method: 'interest-free', principalMinor: 30_000, months: 2, startDate: '2024-01-31', firstPaymentMinor: 10_000 });
    expect(s.rows.map((r) => r.dueDate)).toEqual(['2024-01-31', '2024-02-29', '2024-03-31']);
  });

  it('refuses a first payment of 0, of the whole principal or more, or a fraction, naming firstPaymentMinor', () => {
    for (const firstPaymentMinor of [0, 1_200_000, 1_300_000, 10.5]) {
      const e = thrownNegotiationError(() => buildSchedule({ method: 'interest-free', principalMinor: 1_200_000, months: 9, startDate: start, firstPaymentMinor }));
      expect(e.path).toBe('firstPaymentMinor');
    }
  });
});

describe('first payment policy and affordability', () => {
  it('must be at least the minimum installment and less than the balance, with a zh-CN reason', () => {
    expect(checkFirstPayment(10_000, 1_200_000, policy, 'CNY')).toBe(10_000);
    const low = thrownNegotiationError(() => checkFirstPayment(9_999, 1_200_000, policy, 'CNY'));
    expect(low).toMatchObject({ code: 'invalid_input', path: 'firstPaymentMinor' });
    expect(low.reason['zh-CN']).toBe('首期还款 ¥99.99 低于政策最低月供 ¥100.00');
    expect(low.reason.en).toContain('below the policy');
    const all = thrownNegotiationError(() => checkFirstPayment(1_200_000, 1_200_000, policy, 'CNY'));
    expect(all.reason['zh-CN']).toContain('须小于欠款余额 ¥12,000.00');
    expect(thrownNegotiationError(() => checkFirstPayment('300', 1_200_000, policy, 'CNY')).path).toBe('firstPaymentMinor');
  });

  it('the remainder must still give installments of at least the minimum', () => {
    // ¥12,000 − ¥11,500 = ¥500 over 9 months: ¥55.56 a month, below ¥100.
    const s = buildSchedule({ method: 'interest-free', principalMinor: 1_200_000, months: 9, startDate: start, firstPaymentMinor: 1_150_000 });
    const e = thrownNegotiationError(() => checkRemainder(s.rows, 1_150_000, 9, policy, 'CNY'));
    expect(e.path).toBe('firstPaymentMinor');
    expect(e.reason['zh-CN']).toContain('每期仅 ¥55.56');
    // ¥12,000 − ¥11,100 = ¥900 over 9 months = 9 × ¥100: exactly the minimum.
    const ok = buildSchedule({ method: 'interest-free', principalMinor: 1_200_000, months: 9, startDate: start, firstPaymentMinor: 1_110_000 });
    expect(() => checkRemainder(ok.rows, 1_110_000, 9, policy, 'CNY')).not.toThrow();
    // A single remaining installment must itself reach the minimum.
    const one = buildSchedule({ method: 'interest-free', principalMinor: 1_200_000, months: 1, startDate: start, firstPaymentMinor: 1_195_000 });
    expect(() => checkRemainder(one.rows, 1_195_000, 1, policy, 'CNY')).toThrow(NegotiationError);
  });

  it('range: from the minimum to the smaller of balance − months × minimum and the lump sum available', () => {
    expect(firstPaymentRange(1_200_000, 9, policy, { lumpSumAvailableMinor: null })).toEqual({ minMinor: 10_000, maxMinor: 1_110_000 });
    expect(firstPaymentRange(1_200_000, 9, policy, { lumpSumAvailableMinor: 300_000 })).toEqual({ minMinor: 10_000, maxMinor: 300_000 });
    // A lump sum below the minimum does not shrink the range below it (the verdict says it is not affordable).
    expect(firstPaymentRange(1_200_000, 9, policy, { lumpSumAvailableMinor: 5_000 })).toEqual({ minMinor: 10_000, maxMinor: 1_110_000 });
    // ¥1,000 over 10 months leaves no room for a ¥100 first payment.
    expect(firstPaymentRange(100_000, 10, policy, { lumpSumAvailableMinor: null })).toBeNull();
  });

  it('is judged against the lump sum available now, or one month’s capacity when that was not asked', () => {
    // One adult (CN allowance ¥2,352.25), income ¥3,352.25 → ¥1,000 disposable → ¥500 a month.
    const input = { currency: 'CNY', region: 'CN', household: { adults: 1 }, incomes: [{ kind: 'salary' as const, monthlyMinor: 335_225, verification: 'verified' as const }] };
    const withLump = assessAffordability({ ...input, lumpSumAvailableMinor: 300_000 });
    expect(firstPaymentFit(withLump, 300_000)).toMatchObject({ affordable: true, basis: 'lump_sum', capacityMinor: 300_000 });
    const over = firstPaymentFit(withLump, 300_001);
    expect(over).toMatchObject({ affordable: false, basis: 'lump_sum' });
    expect(over.verdict['zh-CN']).toBe('首期还款 ¥3,000.01 超过债务人现可支付的 ¥3,000.00。');
    const unknown = assessAffordability(input);
    expect(firstPaymentFit(unknown, 50_000)).toMatchObject({ affordable: true, basis: 'monthly', capacityMinor: 50_000 });
    expect(firstPaymentFit(unknown, 50_001).affordable).toBe(false);
  });
});
