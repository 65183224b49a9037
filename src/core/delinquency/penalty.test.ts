import { describe, expect, it } from 'vitest';
import { ledgerAsOf } from './ledger.js';
import type { PenaltyPolicy } from './policy.js';
import { makeAccount, makeBullet, pay } from './test-factories.js';
import type { Installment } from './types.js';

// Penalty = Σ over days past due of base × rateBp / (10,000 × basis), kept exact, booked as the rounded running total.

const charged = (l: ReturnType<typeof ledgerAsOf>) => l.installments[0]?.charged;
const run = (principal: number, penalty: Partial<PenaltyPolicy>, asOf: string, events: ReturnType<typeof pay>[] = []) => {
  const { account, schedule } = makeBullet(principal, '2024-03-01', '2024-02-01');
  return ledgerAsOf(account, schedule, events, { penalty }, asOf);
};

describe('penalty accrual over a month', () => {
  it('123,457 fen at 24 % actual/365 for 31 days (2024-03-02 … 2024-04-01) = 2,516 fen', () => {
    // 123,457 × 2,400 × 31 / 3,650,000 = 9,185,200,800 / 3,650,000 = 2,516.4934 → rounded down 2,516.
    // (Rounding each day instead would give 81 × 31 = 2,511: the running total avoids that drift.)
    expect(charged(run(123_457, { rateBp: 2400 }, '2024-04-01'))?.penalty).toBe(2_516);
  });

  it.each([
    // [days late, asOf, exact, down, half_up]
    [1, '2024-03-02', '81.18', 81, 81],
    [3, '2024-03-04', '243.53', 243, 244],
    [6, '2024-03-07', '487.06', 487, 487],
    [10, '2024-03-11', '811.77', 811, 812],
    [7, '2024-03-08', '568.24', 568, 568],
    [31, '2024-04-01', '2516.49', 2_516, 2_516],
  ])('%i days late (as of %s): exact %s → down %i, half-up %i', (_days, asOf, _exact, down, halfUp) => {
    expect(charged(run(123_457, { rateBp: 2400 }, asOf))?.penalty).toBe(down);
    expect(charged(run(123_457, { rateBp: 2400, rounding: 'half_up' }, asOf))?.penalty).toBe(halfUp);
  });

  it('half a fen a day: rounding the running total, not each day', () => {
    // 1,000 × 1,825 / 3,650,000 = 0.5 fen a day. 30 days = 15.0 exactly; 31 days = 15.5 → down 15, half-up 16.
    // (Half-up per day would have booked 1 fen a day: 30 and 31.)
    expect(charged(run(1_000, { rateBp: 1825 }, '2024-03-31'))?.penalty).toBe(15);
    expect(charged(run(1_000, { rateBp: 1825 }, '2024-04-01'))?.penalty).toBe(15);
    expect(charged(run(1_000, { rateBp: 1825, rounding: 'half_up' }, '2024-04-01'))?.penalty).toBe(16);
  });

  it('actual/360: 100,000 at 36 % is 100 fen a day → 3,100 for 31 days (actual/365: 3,057.53 → 3,057)', () => {
    expect(charged(run(100_000, { rateBp: 3600, dayBasis: 360 }, '2024-04-01'))?.penalty).toBe(3_100);
    expect(charged(run(100_000, { rateBp: 3600 }, '2024-04-01'))?.penalty).toBe(3_057);
  });

  it('optionally also on overdue interest', () => {
    // 100,000 principal + 10,000 interest at 3,650 bp: 100 fen/day on principal, 110 with interest; 10 days.
    const account = makeAccount({ principalMinor: 100_000, contractFeesMinor: 0, originationDate: '2024-02-01' });
    const schedule: Installment[] = [{ seq: 1, dueDate: '2024-03-01', principalMinor: 100_000, interestMinor: 10_000, feesMinor: 0 }];
    expect(ledgerAsOf(account, schedule, [], { penalty: { rateBp: 3650 } }, '2024-03-11').installments[0]?.charged.penalty).toBe(1_000);
    expect(ledgerAsOf(account, schedule, [], { penalty: { rateBp: 3650, onInterest: true } }, '2024-03-11').installments[0]?.charged.penalty).toBe(1_100);
    // Interest paid on the due date (waterfall: interest before principal) leaves only principal as the base: 1,000.
    const paidInterest = [pay('P1', 10_000, '2024-03-01')];
    expect(ledgerAsOf(account, schedule, paidInterest, { penalty: { rateBp: 3650, onInterest: true } }, '2024-03-11').installments[0]?.charged.penalty).toBe(1_000);
  });

  it('follows the base down after a partial payment', () => {
    // 100,000 at 3,650 bp = 100/day. 03-02…03-11: 1,000. Paid 50,000 on 03-11: penalty 1,000, principal 49,000 → 51,000 left.
    // 03-12…03-21: 51 fen/day × 10 = 510. Charged 1,510, paid 1,000.
    const l = run(100_000, { rateBp: 3650 }, '2024-03-21', [pay('P1', 50_000, '2024-03-11')]);
    expect(charged(l)).toEqual({ fees: 0, penalty: 1_510, interest: 0, principal: 100_000 });
    expect(l.installments[0]?.outstanding).toEqual({ fees: 0, penalty: 510, interest: 0, principal: 51_000 });
  });

  it('stops when the installment is paid', () => {
    // 5 days late (03-02…03-06) × 100 = 500; 100,500 settles it; nothing more by 04-01.
    const l = run(100_000, { rateBp: 3650 }, '2024-04-01', [pay('P1', 100_500, '2024-03-06')]);
    expect(charged(l)?.penalty).toBe(500);
    expect(l.installments[0]?.status).toBe('paid');
    expect(l.installments[0]?.paidOn).toBe('2024-03-06');
  });
});

describe('grace days (100,000 at 3,650 bp = 100 fen/day; due 2024-03-01; grace 3 → 03-02…03-04)', () => {
  it.each([
    ['defer', '2024-03-04', 0], // still in grace
    ['defer', '2024-03-06', 200], // 03-05, 03-06
    ['backdate', '2024-03-04', 0],
    ['backdate', '2024-03-05', 400], // grace over: 03-02 … 03-05
    ['backdate', '2024-03-06', 500],
  ] as const)('%s, as of %s → %i', (graceMode, asOf, penalty) => {
    expect(charged(run(100_000, { rateBp: 3650, graceDays: 3, graceMode }, asOf))?.penalty).toBe(penalty);
  });

  it.each(['defer', 'backdate'] as const)('%s: paid within grace → no penalty ever', (graceMode) => {
    const l = run(100_000, { rateBp: 3650, graceDays: 3, graceMode }, '2024-04-01', [pay('P1', 100_000, '2024-03-04')]);
    expect(charged(l)?.penalty).toBe(0);
  });

  it('DPD still counts from the due date', () => {
    expect(run(100_000, { rateBp: 3650, graceDays: 3 }, '2024-03-04').dpd).toBe(3);
  });
});

describe('late fee (滞纳金), booked under fees', () => {
  it.each([
    [0, '2024-03-01', [], 0], // due today
    [0, '2024-03-02', [], 5_000], // first day late
    [0, '2024-04-01', [], 5_000], // once only
    [0, '2024-03-02', [pay('P1', 100_000, '2024-03-01')], 0], // paid on time
    [3, '2024-03-04', [], 0], // within grace
    [3, '2024-03-05', [], 5_000],
    [3, '2024-03-05', [pay('P1', 100_000, '2024-03-04')], 0], // paid within grace
  ] as const)('grace %i, as of %s', (graceDays, asOf, events, fees) => {
    expect(charged(run(100_000, { lateFeeMinor: 5_000, graceDays }, asOf, [...events]))?.fees).toBe(fees);
  });
});

describe('penalty freeze (a kept payment plan, issue 7)', () => {
  // 100,000 fen at 3,650 bp actual/365 = 100 fen a day, due 2024-03-01 (bullet), penalty from 03-02.
  const { account, schedule } = makeBullet(100_000, '2024-03-01', '2024-02-01');
  const penaltyOn = (asOf: string, from?: string) =>
    ledgerAsOf(account, schedule, [], { penalty: { rateBp: 3650 } }, asOf, from ? { penaltyFrozenFrom: from } : {}).installments[0]?.charged.penalty;

  it('stops accrual from the freeze day: 03-02 … 03-10 accrue (9 × 100), nothing from 03-11 on', () => {
    expect(penaltyOn('2024-03-10')).toBe(900);
    expect(penaltyOn('2024-03-31', '2024-03-11')).toBe(900);
    expect(penaltyOn('2024-03-11', '2024-03-11')).toBe(900);
    expect(penaltyOn('2024-03-31')).toBe(3_000); // without the freeze: 30 days
  });

  it('a freeze from before the due date means no penalty at all; one after the as-of date changes nothing', () => {
    expect(penaltyOn('2024-03-31', '2024-02-15')).toBe(0);
    expect(penaltyOn('2024-03-31', '2024-05-01')).toBe(3_000);
  });

  it('the late fee is not penalty interest: still charged when the freeze starts after the grace days', () => {
    const l = ledgerAsOf(account, schedule, [], { penalty: { rateBp: 3650, lateFeeMinor: 5_000 } }, '2024-03-31', { penaltyFrozenFrom: '2024-03-05' });
    expect(l.installments[0]?.charged).toMatchObject({ penalty: 300, fees: 5_000 });
  });

  it('rejects a bad freeze date naming it', () => {
    expect(() => ledgerAsOf(account, schedule, [], {}, '2024-03-31', { penaltyFrozenFrom: '2024-13-01' })).toThrow(/penaltyFrozenFrom/);
  });
});
