import { describe, expect, it } from 'vitest';
import { addMonths } from './calendar.js';
import { NegotiationError } from './errors.js';
import { buildSchedule } from './schedule.js';

const start = '2024-01-31';
const pays = (s: { rows: { paymentMinor: number }[] }) => s.rows.map((r) => r.paymentMinor);

describe('due dates', () => {
  it('are k months after the start, clamped to the month end, never chained', () => {
    expect(addMonths('2024-01-31', 1)).toBe('2024-02-29');
    expect(addMonths('2023-01-31', 1)).toBe('2023-02-28');
    expect(addMonths('2024-01-31', 2)).toBe('2024-03-31');
    expect(addMonths('2024-02-29', 12)).toBe('2025-02-28');
    expect(addMonths('2024-11-15', 2)).toBe('2025-01-15');
    const s = buildSchedule({ method: 'interest-free', principalMinor: 30_000, months: 4, startDate: start });
    expect(s.rows.map((r) => r.dueDate)).toEqual(['2024-02-29', '2024-03-31', '2024-04-30', '2024-05-31']);
  });
});

describe('buildSchedule (hand-computed)', () => {
  it('interest-free ¥1,000 / 3: 333.33, 333.33, 333.34', () => {
    const s = buildSchedule({ method: 'interest-free', principalMinor: 100_000, months: 3, startDate: start, annualRateBp: 900 });
    expect(pays(s)).toEqual([33_333, 33_333, 33_334]);
    expect(s.annualRateBp).toBe(0);
    expect(s.totals).toMatchObject({ interestMinor: 0, paymentMinor: 100_000 });
  });

  it('equal principal ¥1,200 / 3 at 12 % (1 % a month): 412, 408, 404', () => {
    const s = buildSchedule({ method: 'equal-principal', principalMinor: 120_000, months: 3, startDate: start, annualRateBp: 1200 });
    expect(s.rows.map((r) => [r.principalMinor, r.interestMinor, r.balanceMinor])).toEqual([[40_000, 1_200, 80_000], [40_000, 800, 40_000], [40_000, 400, 0]]);
    expect(s.formula).toEqual({ paymentMinor: 41_200, totalInterestMinor: 2_400 });
  });

  it('annuity ¥1,200 / 3 at 12 %: exact 408.0265… → 408.03; interest 12.00, 8.04, 4.04; last 408.02', () => {
    const s = buildSchedule({ method: 'annuity', principalMinor: 120_000, months: 3, startDate: start, annualRateBp: 1200 });
    expect(s.rows.map((r) => [r.paymentMinor, r.principalMinor, r.interestMinor, r.balanceMinor])).toEqual([
      [40_803, 39_603, 1_200, 80_397], [40_803, 39_999, 804, 40_398], [40_802, 40_398, 404, 0],
    ]);
    expect(s.totals).toMatchObject({ paymentMinor: 122_408, interestMinor: 2_408, maxPaymentMinor: 40_803, minPaymentMinor: 40_802 });
  });

  it('annuity at 0 % is the interest-free schedule', () => {
    const a = buildSchedule({ method: 'annuity', principalMinor: 100_000, months: 3, startDate: start, annualRateBp: 0 });
    expect(pays(a)).toEqual([33_333, 33_333, 33_334]);
  });

  it('fractional bp are exact: 487.5 bp = 4.875 %', () => {
    const s = buildSchedule({ method: 'equal-principal', principalMinor: 1_200_000, months: 12, startDate: start, annualRateBp: 487.5 });
    expect(s.rows[0]!.interestMinor).toBe(4_875); // 1,200,000 × 0.04875 / 12
  });

  it('step-up at 0 %: 4 months, +¥10 every 2 → 295, 295, 305, 305', () => {
    const s = buildSchedule({ method: 'step-up', principalMinor: 120_000, months: 4, startDate: start, stepMinor: 1_000, stepEveryMonths: 2 });
    expect(pays(s)).toEqual([29_500, 29_500, 30_500, 30_500]);
  });

  it('step-up with interest: payments rise by exactly the step, principal sums exactly', () => {
    const s = buildSchedule({ method: 'step-up', principalMinor: 1_000_000, months: 24, startDate: start, annualRateBp: 600, stepMinor: 5_000, stepEveryMonths: 6 });
    const p = pays(s);
    expect(p.slice(0, 6).every((x) => x === p[0])).toBe(true);
    expect(p[6]! - p[0]!).toBe(5_000);
    expect(p[18]! - p[0]!).toBe(15_000);
    expect(s.totals.principalMinor).toBe(1_000_000);
  });

  it('step-up refuses a step so steep that early installments would not cover interest', () => {
    expect(() => buildSchedule({ method: 'step-up', principalMinor: 1_000_000, months: 60, startDate: start, annualRateBp: 2400, stepMinor: 10_000, stepEveryMonths: 1 })).toThrow(/stepMinor/);
  });

  it('deferral ¥1,200 at 12 %, 1 month of nothing then 3: month 1 interest waived, then the annuity of ¥1,200 over 3', () => {
    const s = buildSchedule({ method: 'deferral', principalMinor: 120_000, months: 4, startDate: start, annualRateBp: 1200, deferMonths: 1, deferPaymentMinor: 0 });
    expect(s.rows.map((r) => [r.paymentMinor, r.interestMinor, r.balanceMinor])).toEqual([
      [0, 0, 120_000], [40_803, 1_200, 80_397], [40_803, 804, 40_398], [40_802, 404, 0],
    ]);
  });

  it('deferral with a token payment below the interest charges only what is paid (no capitalisation)', () => {
    const s = buildSchedule({ method: 'deferral', principalMinor: 120_000, months: 4, startDate: start, annualRateBp: 1200, deferMonths: 2, deferPaymentMinor: 500 });
    expect(s.rows.slice(0, 2).map((r) => [r.paymentMinor, r.principalMinor, r.interestMinor])).toEqual([[500, 0, 500], [500, 0, 500]]);
    expect(s.totals.principalMinor).toBe(120_000);
  });

  it('rejects bad input naming the field', () => {
    const ok = { method: 'annuity' as const, principalMinor: 100_000, months: 12, startDate: start, annualRateBp: 490 };
    const bad: [Partial<typeof ok>, string][] = [
      [{ principalMinor: 0 }, 'principalMinor'], [{ principalMinor: 1.5 }, 'principalMinor'], [{ months: 0 }, 'months'], [{ months: 601 }, 'months'],
      [{ startDate: '2024-02-30' }, 'startDate'], [{ annualRateBp: -1 }, 'annualRateBp'], [{ annualRateBp: 1.0000001 }, 'annualRateBp'],
    ];
    for (const [patch, path] of bad) {
      try {
        buildSchedule({ ...ok, ...patch });
        expect.unreachable(path);
      } catch (e) {
        expect(e).toBeInstanceOf(NegotiationError);
        expect((e as NegotiationError).path).toBe(path);
      }
    }
    expect(() => buildSchedule({ ...ok, method: 'deferral', deferMonths: 12, deferPaymentMinor: 0 })).toThrow(/deferMonths/);
  });
});
