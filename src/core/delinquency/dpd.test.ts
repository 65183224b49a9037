import { describe, expect, it } from 'vitest';
import { addDays } from './dates.js';
import { dpdHistory, ledgerAsOf } from './ledger.js';
import type { BucketBoundary } from './buckets.js';
import { makeAccount, makeBullet, makeSchedule, pay, reverse } from './test-factories.js';

// Base loan (test-factories): #1–#3 due 2024-02-15 / 03-15 / 04-15, 103,500 fen each.

describe('DPD', () => {
  const dpd = (asOf: string, events = [] as ReturnType<typeof pay>[], policy = {}) => ledgerAsOf(makeAccount(), makeSchedule(), events, policy, asOf).dpd;

  it.each([
    ['2024-02-14', 0], // before due
    ['2024-02-15', 0], // due today = 0
    ['2024-02-16', 1], // one day late
    ['2024-03-15', 29], // #1 decides (Feb 2024 has 29 days), #2 due today
    ['2024-03-20', 34], // the oldest unpaid installment decides
    ['2024-05-01', 76], // 14 (Feb) + 31 (Mar) + 30 (Apr) + 1
  ])('nothing paid, as of %s → %i', (asOf, expected) => expect(dpd(asOf)).toBe(expected));

  it('paying the oldest moves DPD to the next installment', () => {
    // #1 settled on 03-20 → #2 (due 03-15) sets DPD: 5.
    expect(dpd('2024-03-20', [pay('P1', 103_500, '2024-03-20')])).toBe(5);
    // settle #1 and #2 → #3 is not yet due → 0.
    expect(dpd('2024-03-20', [pay('P1', 207_000, '2024-03-20')])).toBe(0);
  });

  describe('tolerance', () => {
    // 103,000 on 02-15 leaves 500 principal open on #1. As of 03-01 that is 15 days.
    const events = [pay('P1', 103_000, '2024-02-15')];
    it.each([[0, 15], [499, 15], [500, 0], [501, 0]])('tolerance %i → DPD %i', (toleranceMinor, expected) => {
      expect(dpd('2024-03-01', events, { dpd: { toleranceMinor } })).toBe(expected);
    });
    it('an installment within tolerance is reported as such', () => {
      const l = ledgerAsOf(makeAccount(), makeSchedule(), events, { dpd: { toleranceMinor: 500 } }, '2024-03-01');
      expect(l.installments[0]?.status).toBe('within_tolerance');
      expect(l.installments[0]?.outstandingMinor).toBe(500);
    });
    it('DPD components: ignoring penalty, a penalty-only balance is not delinquent', () => {
      // Paid 103,500 one day late with penalty 3,650 bp (100 fen): principal short by 100. Pay that 100 on 02-17
      // (which first meets the 0.1 fen accrued on 02-17: ⌊0.1⌋ = 0) — so everything is settled.
      const policy = { penalty: { rateBp: 3650 } };
      const paid = [pay('P1', 103_500, '2024-02-16'), pay('P2', 100, '2024-02-17')];
      expect(dpd('2024-03-01', paid, policy)).toBe(0);
      // Only 99 of the 100: 1 fen principal open → late by 15 days counting all components.
      const short = [pay('P1', 103_500, '2024-02-16'), pay('P2', 99, '2024-02-17')];
      expect(dpd('2024-03-01', short, policy)).toBe(15);
      expect(dpd('2024-03-01', short, { ...policy, dpd: { components: ['interest', 'fees'] } })).toBe(0);
    });
  });

  describe('buckets through the ledger', () => {
    const { account, schedule } = makeBullet(10_000, '2024-01-31');
    it.each([
      [0, 'M0'], [1, 'M1'], [30, 'M1'], [31, 'M2'], [60, 'M2'], [61, 'M3'], [90, 'M3'], [91, 'M4'], [120, 'M4'],
      [121, 'M5'], [150, 'M5'], [151, 'M6+'], [180, 'M6+'], [181, 'M6+'],
    ])('DPD %i → %s', (days, bucket) => {
      const l = ledgerAsOf(account, schedule, [], {}, addDays('2024-01-31', days));
      expect([l.dpd, l.bucket]).toEqual([days, bucket]);
    });

    const custom: BucketBoundary[] = [{ bucket: 'C', minDpd: 0 }, { bucket: 'X', minDpd: 1 }, { bucket: 'M6', minDpd: 151 }, { bucket: 'M7+', minDpd: 181 }];
    it.each([[0, 'C'], [150, 'X'], [151, 'M6'], [180, 'M6'], [181, 'M7+']])('custom table: DPD %i → %s', (days, bucket) => {
      expect(ledgerAsOf(account, schedule, [], { buckets: custom }, addDays('2024-01-31', days)).bucket).toBe(bucket);
    });
  });
});

describe('dpdHistory', () => {
  it('gives one point a day, equal to ledgerAsOf on that day', () => {
    const events = [pay('P1', 103_500, '2024-02-18'), pay('P2', 50_000, '2024-03-17')];
    const h = dpdHistory(makeAccount(), makeSchedule(), events, {}, '2024-02-14', '2024-03-20');
    expect(h).toHaveLength(36);
    expect(h.slice(0, 5)).toEqual([
      { date: '2024-02-14', dpd: 0, bucket: 'M0' },
      { date: '2024-02-15', dpd: 0, bucket: 'M0' },
      { date: '2024-02-16', dpd: 1, bucket: 'M1' },
      { date: '2024-02-17', dpd: 2, bucket: 'M1' },
      { date: '2024-02-18', dpd: 0, bucket: 'M0' }, // #1 settled that day
    ]);
    for (const p of h) expect(p.dpd).toBe(ledgerAsOf(makeAccount(), makeSchedule(), events, {}, p.date).dpd);
  });

  it('shows a reversed payment on the days before its reversal only', () => {
    // P1 settles #1 on 02-15; reversed on 02-20: DPD 0 through 02-19, then 5 on 02-20 (restated from the due date).
    const events = [pay('P1', 103_500, '2024-02-15'), reverse('R1', 'P1', '2024-02-20')];
    const h = dpdHistory(makeAccount(), makeSchedule(), events, {}, '2024-02-18', '2024-02-22');
    expect(h.map((p) => p.dpd)).toEqual([0, 0, 5, 6, 7]);
  });

  it('starts before the contract date with zeros', () => {
    const h = dpdHistory(makeAccount(), makeSchedule(), [], {}, '2024-01-13', '2024-01-16');
    expect(h.map((p) => [p.date, p.dpd])).toEqual([['2024-01-13', 0], ['2024-01-14', 0], ['2024-01-15', 0], ['2024-01-16', 0]]);
  });

  it('rejects to < from', () => {
    expect(() => dpdHistory(makeAccount(), makeSchedule(), [], {}, '2024-02-02', '2024-02-01')).toThrow(/^to: is before from/);
  });
});
