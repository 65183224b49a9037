import { describe, expect, it } from 'vitest';
import { snapshotDpdHistory, snapshotLedger, type Snapshot } from './index.js';
import type { LedgerEvent } from './types.js';

// Balance on 2026-11-01: fees 10.00, penalty 20.00, interest 30.00, principal 1,000.00; overdue since 2026-09-01.
const snap: Snapshot = { balanceDate: '2026-11-01', overdueSince: '2026-09-01', outstanding: { fees: 1000, penalty: 2000, interest: 3000, principal: 100_000 } };
const pay = (id: string, valueDate: string, amountMinor: number): LedgerEvent => ({ kind: 'payment', id, valueDate, amountMinor, channel: 'bank_transfer' });

describe('snapshotLedger', () => {
  it('without payments: the creditor balance, DPD counted from overdueSince', () => {
    const l = snapshotLedger(snap, [], undefined, '2026-11-28');
    expect(l.outstandingMinor).toBe(106_000);
    // 2026-09-01 → 2026-11-28: 30 (Sep) + 31 (Oct) + 27 = 88 days
    expect(l.dpd).toBe(88);
    expect(l.bucket).toBe('M3');
  });

  it('applies a payment fees → penalty → interest → principal (hand-computed)', () => {
    // 75.00 = 10.00 fees + 20.00 penalty + 30.00 interest + 15.00 principal
    const l = snapshotLedger(snap, [pay('p1', '2026-11-10', 7500)], undefined, '2026-11-28');
    expect(l.payments[0]).toMatchObject({ state: 'applied', allocations: [
      { component: 'fees', amountMinor: 1000 }, { component: 'penalty', amountMinor: 2000 }, { component: 'interest', amountMinor: 3000 }, { component: 'principal', amountMinor: 1500 },
    ] });
    expect(l.outstanding).toEqual({ fees: 0, penalty: 0, interest: 0, principal: 98_500 });
    expect(l.outstandingMinor).toBe(98_500);
    expect(l.dpd).toBe(88); // a partial payment does not cure
  });

  it('follows the creditor waterfall order', () => {
    const l = snapshotLedger(snap, [pay('p1', '2026-11-10', 5000)], { waterfall: { components: ['principal', 'interest', 'penalty', 'fees'] } }, '2026-11-28');
    expect(l.outstanding.principal).toBe(95_000);
    expect(l.outstanding.fees).toBe(1000);
  });

  it('a payment before the balance date is in the balance already; one after asOf is not yet counted', () => {
    const l = snapshotLedger(snap, [pay('old', '2026-10-31', 5000), pay('later', '2026-12-01', 5000)], undefined, '2026-11-28');
    expect(l.payments.map((p) => [p.paymentId, p.state])).toEqual([['old', 'in_balance'], ['later', 'future']]);
    expect(l.outstandingMinor).toBe(106_000);
  });

  it('a payment on the balance date is applied', () => {
    expect(snapshotLedger(snap, [pay('p', '2026-11-01', 6000)], undefined, '2026-11-01').outstandingMinor).toBe(100_000);
  });

  it('paid in full cures the DPD; the excess is credit', () => {
    const l = snapshotLedger(snap, [pay('a', '2026-11-05', 100_000), pay('b', '2026-11-20', 10_000)], undefined, '2026-11-28');
    expect(l.outstandingMinor).toBe(0);
    expect(l.creditMinor).toBe(4000);
    expect(l.payments[1]!.creditMinor).toBe(4000);
    expect(l.dpd).toBe(0);
    expect(l.bucket).toBe('M0');
  });

  it('a reversal removes its payment from its date on', () => {
    const events: LedgerEvent[] = [pay('a', '2026-11-05', 106_000), { kind: 'reversal', id: 'r', paymentId: 'a', date: '2026-11-07' }];
    expect(snapshotLedger(snap, events, undefined, '2026-11-06').outstandingMinor).toBe(0);
    const after = snapshotLedger(snap, events, undefined, '2026-11-07');
    expect(after.outstandingMinor).toBe(106_000);
    expect(after.payments[0]!.state).toBe('reversed');
    expect(after.dpd).toBe(67);
  });

  it('payments are applied in date order, then by id, whatever the input order', () => {
    const l = snapshotLedger(snap, [pay('z', '2026-11-03', 1000), pay('b', '2026-11-02', 1000), pay('a', '2026-11-02', 1000)], undefined, '2026-11-28');
    expect(l.payments.map((p) => p.paymentId)).toEqual(['a', 'b', 'z']);
    expect(l.payments.map((p) => p.allocations[0]!.component)).toEqual(['fees', 'penalty', 'penalty']);
  });

  it('within the DPD tolerance the loan is not past due', () => {
    const l = snapshotLedger(snap, [pay('a', '2026-11-05', 105_600)], { dpd: { toleranceMinor: 500 } }, '2026-11-28');
    expect(l.outstandingMinor).toBe(400);
    expect(l.dpd).toBe(0);
  });

  it('not overdue: DPD 0 whatever the balance', () => {
    expect(snapshotLedger({ ...snap, overdueSince: null }, [], undefined, '2026-11-28').dpd).toBe(0);
  });

  it.each([
    ['bad balance date', { ...snap, balanceDate: '2026-13' }, [], /^snapshot\.balanceDate/],
    ['negative principal', { ...snap, outstanding: { ...snap.outstanding, principal: -1 } }, [], /^snapshot\.outstanding\.principal/],
    ['zero payment', snap, [pay('a', '2026-11-05', 0)], /^events\[0\]\.amountMinor/],
    ['duplicate payment', snap, [pay('a', '2026-11-05', 1), pay('a', '2026-11-06', 1)], /^events\[1\]\.id/],
    ['unknown reversal', snap, [{ kind: 'reversal', id: 'r', paymentId: 'nope', date: '2026-11-05' }], /^events\[0\]\.paymentId/],
  ] as const)('rejects %s naming the field', (_name, s, events, re) => {
    expect(() => snapshotLedger(s as Snapshot, events as unknown as LedgerEvent[], undefined, '2026-11-28')).toThrow(re);
  });

  it('history: one point a day, cured on the day of the full payment', () => {
    const h = snapshotDpdHistory(snap, [pay('a', '2026-11-03', 106_000)], undefined, '2026-11-01', '2026-11-04');
    expect(h.map((p) => p.dpd)).toEqual([61, 62, 0, 0]);
  });
});
