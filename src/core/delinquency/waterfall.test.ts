import { describe, expect, it } from 'vitest';
import { ledgerAsOf } from './ledger.js';
import { DEFAULT_POLICY, type WaterfallPolicy } from './policy.js';
import { makeAccount, makeSchedule, pay } from './test-factories.js';
import type { Amounts } from './types.js';
import { allocate, type Payable } from './waterfall.js';

// Base loan (test-factories): installments #1–#3 due 2024-02-15 / 03-15 / 04-15, each
// fees 500 + interest 3,000 + principal 100,000 = 103,500 fen. No penalty unless a test sets one.

const amounts = (fees: number, penalty: number, interest: number, principal: number): Amounts => ({ fees, penalty, interest, principal });
const outstanding = (l: ReturnType<typeof ledgerAsOf>, seq: number) => l.installments.find((i) => i.seq === seq)?.outstanding;

describe('allocate (unit)', () => {
  const items = (): Payable[] => [
    { seq: 1, dueDay: 10, charged: amounts(100, 50, 200, 1000), paid: amounts(0, 0, 0, 0), paidOnDay: null },
    { seq: 2, dueDay: 20, charged: amounts(100, 0, 200, 1000), paid: amounts(0, 0, 0, 0), paidOnDay: null },
    { seq: 3, dueDay: 30, charged: amounts(100, 0, 200, 1000), paid: amounts(0, 0, 0, 0), paidOnDay: null },
  ];
  const wf = (over: Partial<WaterfallPolicy> = {}): WaterfallPolicy => ({ ...DEFAULT_POLICY.waterfall, ...over });

  it.each<[string, Partial<WaterfallPolicy>, number, { seq: number; component: string; amountMinor: number }[], number]>([
    // fees 100, penalty 50, interest 200, then 1000 principal; 1,400 left goes to #2: fees 100, interest 200, principal 1,000 → 100 left.
    ['default, day 20, 2,750', {}, 2750, [
      { seq: 1, component: 'fees', amountMinor: 100 }, { seq: 1, component: 'penalty', amountMinor: 50 },
      { seq: 1, component: 'interest', amountMinor: 200 }, { seq: 1, component: 'principal', amountMinor: 1000 },
      { seq: 2, component: 'fees', amountMinor: 100 }, { seq: 2, component: 'interest', amountMinor: 200 },
      { seq: 2, component: 'principal', amountMinor: 1000 },
    ], 100],
    ['principal first, day 20, 1,200', { components: ['principal', 'interest', 'penalty', 'fees'] }, 1200, [
      { seq: 1, component: 'principal', amountMinor: 1000 }, { seq: 1, component: 'interest', amountMinor: 200 },
    ], 0],
    ['by component, day 20, 450', { sweep: 'by_component' }, 450, [
      { seq: 1, component: 'fees', amountMinor: 100 }, { seq: 2, component: 'fees', amountMinor: 100 },
      { seq: 1, component: 'penalty', amountMinor: 50 }, { seq: 1, component: 'interest', amountMinor: 200 },
    ], 0],
    ['newest first, day 20, 300', { installmentOrder: 'newest_due_first' }, 300, [
      { seq: 2, component: 'fees', amountMinor: 100 }, { seq: 2, component: 'interest', amountMinor: 200 },
    ], 0],
  ])('%s', (_, over, amount, slices, remaining) => {
    const res = allocate(items(), 20, amount, wf(over));
    expect(res.slices).toEqual(slices);
    expect(res.remaining).toBe(remaining);
  });

  it('never pays an installment that is not yet due', () => {
    const list = items();
    const res = allocate(list, 9, 5000, wf());
    expect(res).toEqual({ slices: [], remaining: 5000 });
  });
});

describe('waterfall in the ledger', () => {
  const account = makeAccount();

  it('default order: 50,000 on the due date of #1 → fees 500, interest 3,000, principal 46,500', () => {
    const l = ledgerAsOf(account, makeSchedule(), [pay('P1', 50_000, '2024-02-15')], {}, '2024-02-15');
    expect(l.allocations.map((a) => [a.seq, a.component, a.amountMinor])).toEqual([[1, 'fees', 500], [1, 'interest', 3_000], [1, 'principal', 46_500]]);
    expect(outstanding(l, 1)).toEqual(amounts(0, 0, 0, 53_500)); // 100,000 − 46,500
    expect(l.creditMinor).toBe(0);
  });

  it('principal first: the same 50,000 all goes to principal', () => {
    const policy = { waterfall: { components: ['principal', 'interest', 'penalty', 'fees'] as const } };
    const l = ledgerAsOf(account, makeSchedule(), [pay('P1', 50_000, '2024-02-15')], policy, '2024-02-15');
    expect(l.allocations.map((a) => [a.seq, a.component, a.amountMinor])).toEqual([[1, 'principal', 50_000]]);
    expect(outstanding(l, 1)).toEqual(amounts(500, 0, 3_000, 50_000));
  });

  it('partial payment across two installments: 150,000 on 2024-03-20 settles #1 and part of #2', () => {
    // #1 takes 103,500; 46,500 left → #2 fees 500, interest 3,000, principal 43,000; #2 owes 57,000 principal.
    const l = ledgerAsOf(account, makeSchedule(), [pay('P1', 150_000, '2024-03-20')], {}, '2024-03-20');
    expect(outstanding(l, 1)).toEqual(amounts(0, 0, 0, 0));
    expect(outstanding(l, 2)).toEqual(amounts(0, 0, 0, 57_000));
    expect(l.installments[0]?.paidOn).toBe('2024-03-20');
    expect(l.totals.dueMinor).toBe(57_000);
    expect(l.totals.notDueMinor).toBe(103_500); // #3 not yet due
    expect(l.dpd).toBe(5); // #2 due 03-15 still owes
  });

  it('by-component sweep pays both installments’ fees, then both installments’ interest', () => {
    // 7,000 on 03-20: fees 500 + 500, interest 3,000 + 3,000.
    const l = ledgerAsOf(account, makeSchedule(), [pay('P1', 7_000, '2024-03-20')], { waterfall: { sweep: 'by_component' } }, '2024-03-20');
    expect(l.allocations.map((a) => [a.seq, a.component, a.amountMinor])).toEqual([[1, 'fees', 500], [2, 'fees', 500], [1, 'interest', 3_000], [2, 'interest', 3_000]]);
  });

  it('newest due first leaves the oldest installment open (and it still sets the DPD)', () => {
    const l = ledgerAsOf(account, makeSchedule(), [pay('P1', 103_500, '2024-03-20')], { waterfall: { installmentOrder: 'newest_due_first' } }, '2024-03-20');
    expect(outstanding(l, 2)).toEqual(amounts(0, 0, 0, 0));
    expect(l.dpd).toBe(34); // 2024-02-15 → 2024-03-20: 14 (rest of Feb, leap year) + 20
    expect(l.oldestPastDueSeq).toBe(1);
  });

  it('penalty sits where the policy puts it: fees → penalty → interest → principal', () => {
    // #1 principal 100,000 at 3,650 bp/365 = 100 fen a day; paid 2024-02-17 (2 days late): penalty 200 first after fees.
    const l = ledgerAsOf(account, makeSchedule(), [pay('P1', 103_700, '2024-02-17')], { penalty: { rateBp: 3650 } }, '2024-02-17');
    expect(l.allocations.map((a) => [a.component, a.amountMinor])).toEqual([['fees', 500], ['penalty', 200], ['interest', 3_000], ['principal', 100_000]]);
    expect(l.dpd).toBe(0);
  });
});
