import { describe, expect, it } from 'vitest';
import { DelinquencyError } from './errors.js';
import { ledgerAsOf } from './ledger.js';
import { makeAccount, makeBullet, makeSchedule, pay, reverse } from './test-factories.js';
import type { Amounts, Ledger, LedgerEvent } from './types.js';

// Base loan (test-factories): #1–#3 due 2024-02-15 / 03-15 / 04-15, each fees 500 + interest 3,000 + principal 100,000.

const amounts = (fees: number, penalty: number, interest: number, principal: number): Amounts => ({ fees, penalty, interest, principal });
const inst = (l: Ledger, seq: number) => l.installments.find((i) => i.seq === seq);
const withoutReversals = ({ reversals: _r, ...rest }: Ledger) => rest;

describe('overpayment and credit', () => {
  const events = [pay('P1', 150_000, '2024-02-15')];

  it('keeps the overpayment as credit until the next installment falls due', () => {
    // #1 takes 103,500; 46,500 is credit; #2 is not due, so it is untouched.
    const l = ledgerAsOf(makeAccount(), makeSchedule(), events, {}, '2024-02-20');
    expect(l.creditMinor).toBe(46_500);
    expect(inst(l, 2)?.outstanding).toEqual(amounts(500, 0, 3_000, 100_000));
    expect(l.payments).toEqual([expect.objectContaining({ paymentId: 'P1', allocatedMinor: 103_500, creditMinor: 46_500 })]);
  });

  it('applies the credit on the due date of #2 (DPD 0 that day, 1 the next)', () => {
    // 46,500 → #2 fees 500, interest 3,000, principal 43,000; #2 still owes 57,000.
    const l = ledgerAsOf(makeAccount(), makeSchedule(), events, {}, '2024-03-15');
    expect(l.creditMinor).toBe(0);
    expect(inst(l, 2)?.outstanding).toEqual(amounts(0, 0, 0, 57_000));
    expect(l.allocations.filter((a) => a.fromCredit)).toEqual([
      { paymentId: 'P1', date: '2024-03-15', seq: 2, component: 'fees', amountMinor: 500, fromCredit: true },
      { paymentId: 'P1', date: '2024-03-15', seq: 2, component: 'interest', amountMinor: 3_000, fromCredit: true },
      { paymentId: 'P1', date: '2024-03-15', seq: 2, component: 'principal', amountMinor: 43_000, fromCredit: true },
    ]);
    expect(l.payments[0]).toMatchObject({ allocatedMinor: 150_000, creditMinor: 0 });
    expect(l.dpd).toBe(0);
    expect(ledgerAsOf(makeAccount(), makeSchedule(), events, {}, '2024-03-16').dpd).toBe(1);
  });

  it('credit larger than everything stays as credit after the last installment', () => {
    // 400,000 against 3 × 103,500 = 310,500 → 89,500 left.
    const l = ledgerAsOf(makeAccount(), makeSchedule(), [pay('P1', 400_000, '2024-01-20')], {}, '2024-05-01');
    expect(l.creditMinor).toBe(89_500);
    expect(l.totals.outstandingMinor).toBe(0);
    expect(l.installments.map((i) => [i.status, i.paidOn])).toEqual([['paid', '2024-02-15'], ['paid', '2024-03-15'], ['paid', '2024-04-15']]);
  });

  it('credit lots are used oldest payment first', () => {
    // P1 on 01-20 and P2 on 01-25, 60,000 each → on 02-15 #1 (103,500) takes all of P1 and 43,500 of P2.
    const l = ledgerAsOf(makeAccount(), makeSchedule(), [pay('P2', 60_000, '2024-01-25'), pay('P1', 60_000, '2024-01-20')], {}, '2024-02-15');
    expect(l.payments.map((p) => [p.paymentId, p.allocatedMinor, p.creditMinor])).toEqual([['P1', 60_000, 0], ['P2', 43_500, 16_500]]);
  });
});

describe('reversal', () => {
  const policy = { penalty: { rateBp: 3650 } }; // 100 fen/day on 100,000 principal
  const paid = pay('P1', 103_500, '2024-02-20');

  it('counts the payment before the reversal date', () => {
    const l = ledgerAsOf(makeAccount(), makeSchedule(), [paid, reverse('R1', 'P1', '2024-02-25')], policy, '2024-02-24');
    expect(l.payments.map((p) => p.paymentId)).toEqual(['P1']);
    expect(l.reversals).toEqual([]);
  });

  it('restores exactly the state without the payment, penalty included', () => {
    const before = ledgerAsOf(makeAccount(), makeSchedule(), [], policy, '2024-03-01');
    const after = ledgerAsOf(makeAccount(), makeSchedule(), [paid, reverse('R1', 'P1', '2024-02-25')], policy, '2024-03-01');
    expect(withoutReversals(after)).toEqual(withoutReversals(before));
    expect(after.reversals).toEqual([{ reversalId: 'R1', paymentId: 'P1', date: '2024-02-25' }]);
    // 15 days late (02-16 … 03-01) × 100 fen = 1,500 fen penalty, as if never paid.
    expect(inst(after, 1)?.charged.penalty).toBe(1_500);
    expect(after.dpd).toBe(15);
  });

  it('a later payment takes the place the reversed one held in the waterfall', () => {
    // P1 paid #1 on 02-15; P2 paid 103,500 on 03-15 (→ #2). P1 bounces on 03-20: P2 now settles #1 instead.
    const events = [pay('P1', 103_500, '2024-02-15'), pay('P2', 103_500, '2024-03-15'), reverse('R1', 'P1', '2024-03-20')];
    const l = ledgerAsOf(makeAccount(), makeSchedule(), events, {}, '2024-03-20');
    expect(l.payments[0]?.allocations.map((a) => a.seq)).toEqual([1, 1, 1]);
    expect(inst(l, 2)?.outstandingMinor).toBe(103_500);
    expect(l.dpd).toBe(5);
  });
});

describe('due date vs one day late (penalty 3,650 bp: 100 fen a day on 100,000)', () => {
  const policy = { penalty: { rateBp: 3650 } };

  it('paid on the due date: no penalty, installment settled', () => {
    const l = ledgerAsOf(makeAccount(), makeSchedule(), [pay('P1', 103_500, '2024-02-15')], policy, '2024-02-16');
    expect(inst(l, 1)?.status).toBe('paid');
    expect(inst(l, 1)?.charged.penalty).toBe(0);
    expect(l.dpd).toBe(0);
  });

  it('the same amount one day late: one day of penalty (100) is paid first, 100 principal stays open', () => {
    // fees 500, penalty 100, interest 3,000, principal 99,900 → 100 principal outstanding, DPD 1.
    const l = ledgerAsOf(makeAccount(), makeSchedule(), [pay('P1', 103_500, '2024-02-16')], policy, '2024-02-16');
    expect(inst(l, 1)?.outstanding).toEqual(amounts(0, 0, 0, 100));
    expect(l.dpd).toBe(1);
    expect(l.bucket).toBe('M1');
  });
});

describe('same-day payments', () => {
  const events: LedgerEvent[] = [pay('B-2', 1_000, '2024-02-20'), pay('A-1', 2_000, '2024-02-20')];

  it('are applied in id order (A-1 before B-2), whatever the input order', () => {
    // fees 500, interest 1,500; B-2: interest 1,000.
    const l = ledgerAsOf(makeAccount(), makeSchedule(), events, {}, '2024-02-20');
    expect(l.allocations.map((a) => [a.paymentId, a.component, a.amountMinor])).toEqual([['A-1', 'fees', 500], ['A-1', 'interest', 1_500], ['B-2', 'interest', 1_000]]);
    expect(ledgerAsOf(makeAccount(), makeSchedule(), [...events].reverse(), {}, '2024-02-20')).toEqual(l);
  });

  it('orders ids by code unit, not locale ("Z" before "a")', () => {
    const l = ledgerAsOf(makeAccount(), makeSchedule(), [pay('a', 600, '2024-02-20'), pay('Z', 600, '2024-02-20')], {}, '2024-02-20');
    expect(l.payments.map((p) => p.paymentId)).toEqual(['Z', 'a']);
  });
});

describe('as-of filtering and totals', () => {
  it('ignores payments valued after asOf', () => {
    const l = ledgerAsOf(makeAccount(), makeSchedule(), [pay('P1', 103_500, '2024-02-16')], {}, '2024-02-15');
    expect(l.payments).toEqual([]);
    expect(l.totals.dueMinor).toBe(103_500);
    expect(l.totals.pastDueMinor).toBe(0); // due today is not past due
    expect(inst(l, 1)?.status).toBe('due');
  });

  it('before the contract date nothing is due', () => {
    const l = ledgerAsOf(makeAccount(), makeSchedule(), [], {}, '2024-01-01');
    expect(l.dpd).toBe(0);
    expect(l.totals.outstandingMinor).toBe(310_500);
    expect(l.installments.every((i) => i.status === 'not_due')).toBe(true);
  });

  it('totals add up by component', () => {
    const l = ledgerAsOf(makeAccount(), makeSchedule(), [pay('P1', 50_000, '2024-02-15')], {}, '2024-03-20');
    expect(l.totals.charged).toEqual(amounts(1_500, 0, 9_000, 300_000));
    expect(l.totals.paid).toEqual(amounts(500, 0, 3_000, 46_500));
    expect(l.totals.outstanding).toEqual(amounts(1_000, 0, 6_000, 253_500));
    expect(l.totals.outstandingMinor).toBe(260_500);
    expect(l.totals.pastDueMinor).toBe(53_500 + 103_500);
  });

  it('sorts an unsorted schedule by due date', () => {
    const l = ledgerAsOf(makeAccount(), makeSchedule().reverse(), [], {}, '2024-02-16');
    expect(l.installments.map((i) => i.seq)).toEqual([1, 2, 3]);
  });
});

describe('input validation', () => {
  const { account, schedule } = makeBullet(10_000, '2024-02-01');
  const cases: [string, () => unknown, RegExp][] = [
    ['bad currency', () => ledgerAsOf({ ...account, currency: 'yuan' }, schedule, [], {}, '2024-02-01'), /^account\.currency/],
    ['zero principal', () => ledgerAsOf({ ...account, principalMinor: 0 }, schedule, [], {}, '2024-02-01'), /^account\.principalMinor/],
    ['fractional amount', () => ledgerAsOf(account, [{ ...schedule[0]!, interestMinor: 1.5 }], [], {}, '2024-02-01'), /^schedule\[0\]\.interestMinor/],
    ['principal mismatch', () => ledgerAsOf({ ...account, principalMinor: 9_999 }, schedule, [], {}, '2024-02-01'), /^schedule: principal/],
    ['fees mismatch', () => ledgerAsOf({ ...account, contractFeesMinor: 1 }, schedule, [], {}, '2024-02-01'), /^schedule: fees/],
    ['due before origination', () => ledgerAsOf(account, [{ ...schedule[0]!, dueDate: '2023-12-01' }], [], {}, '2024-02-01'), /^schedule\[0\]\.dueDate/],
    ['duplicate seq', () => ledgerAsOf({ ...account, principalMinor: 20_000 }, [schedule[0]!, schedule[0]!], [], {}, '2024-02-01'), /^schedule\[1\]\.seq/],
    ['zero payment', () => ledgerAsOf(account, schedule, [pay('P', 0, '2024-01-10')], {}, '2024-02-01'), /^events\[0\]\.amountMinor/],
    ['payment before origination', () => ledgerAsOf(account, schedule, [pay('P', 1, '2023-12-31')], {}, '2024-02-01'), /^events\[0\]\.valueDate/],
    ['duplicate payment id', () => ledgerAsOf(account, schedule, [pay('P', 1, '2024-01-10'), pay('P', 2, '2024-01-11')], {}, '2024-02-01'), /^events\[1\]\.id/],
    ['unknown channel', () => ledgerAsOf(account, schedule, [{ ...pay('P', 1, '2024-01-10'), channel: 'wechat' as never }], {}, '2024-02-01'), /^events\[0\]\.channel/],
    ['reversal of nothing', () => ledgerAsOf(account, schedule, [reverse('R', 'X', '2024-01-10')], {}, '2024-02-01'), /^events\[0\]\.paymentId/],
    ['reversal before its payment', () => ledgerAsOf(account, schedule, [pay('P', 1, '2024-01-10'), reverse('R', 'P', '2024-01-09')], {}, '2024-02-01'), /^events\[1\]\.date/],
    ['double reversal', () => ledgerAsOf(account, schedule, [pay('P', 1, '2024-01-10'), reverse('R', 'P', '2024-01-11'), reverse('S', 'P', '2024-01-12')], {}, '2024-02-01'), /^events\[2\]\.paymentId/],
    ['bad asOf', () => ledgerAsOf(account, schedule, [], {}, '2024-02-30'), /^asOf/],
    ['waterfall missing a component', () => ledgerAsOf(account, schedule, [], { waterfall: { components: ['principal'] } }, '2024-02-01'), /^policy\.waterfall\.components/],
    ['negative tolerance', () => ledgerAsOf(account, schedule, [], { dpd: { toleranceMinor: -1 } }, '2024-02-01'), /^policy\.dpd\.toleranceMinor/],
    ['bad day basis', () => ledgerAsOf(account, schedule, [], { penalty: { dayBasis: 366 as never } }, '2024-02-01'), /^policy\.penalty\.dayBasis/],
  ];
  it.each(cases)('%s', (_, run, path) => {
    expect(run).toThrow(DelinquencyError);
    expect(run).toThrow(path);
  });
});
