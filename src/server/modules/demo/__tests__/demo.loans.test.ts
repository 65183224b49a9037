import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { addDays, addMonths, daysBetween, shanghaiDate, shanghaiInstant } from '../demo.dates.js';
import { BUCKET_DPD, PRODUCT_NAMES, amortise, balancesAsOf, bucketForDpd, dpdAsOf, pickFirstUnpaidDue, planLoan } from '../demo.loans.js';
import { createRng } from '../demo.random.js';

const AS_OF = '2026-11-28';

describe('amortise', () => {
  it('matches a hand-checked equal-installment schedule', () => {
    // ¥10,000 at 12% for 3 months: r = 1%, payment = round(1,000,000 × 0.01 / (1 − 1.01^−3)) = 340,022 fen.
    expect(amortise(1_000_000, 1200, 3)).toEqual([
      { principalMinor: 330_022, interestMinor: 10_000 },
      { principalMinor: 333_322, interestMinor: 6_700 },
      { principalMinor: 336_656, interestMinor: 3_367 },
    ]);
  });

  it.each([[0, 1200, 3], [-5, 1200, 3], [1.5, 1200, 3], [100, 1200, 0]])('rejects (%s, %s, %s)', (p, apr, n) => {
    expect(() => amortise(p, apr, n)).toThrow(RangeError);
  });

  it('sums to the principal with non-negative integer parts and a level payment', () => {
    fc.assert(
      fc.property(fc.integer({ min: 100_000, max: 8_000_000 }), fc.integer({ min: 0, max: 2400 }), fc.integer({ min: 1, max: 36 }), (p, apr, n) => {
        const lines = amortise(p, apr, n);
        expect(lines).toHaveLength(n);
        expect(lines.reduce((s, l) => s + l.principalMinor, 0)).toBe(p);
        for (const l of lines) {
          expect(Number.isInteger(l.principalMinor) && l.principalMinor >= 0).toBe(true);
          expect(Number.isInteger(l.interestMinor) && l.interestMinor >= 0).toBe(true);
        }
        // All but the last installment are the same amount; the last differs by the rounding residual only.
        const totals = lines.map((l) => l.principalMinor + l.interestMinor);
        expect(new Set(totals.slice(0, -1)).size).toBeLessThanOrEqual(1);
        if (n > 1) expect(Math.abs(totals[n - 1]! - totals[0]!)).toBeLessThanOrEqual(n);
      }),
    );
  });
});

describe('bucketForDpd', () => {
  it.each([[0, 'M0'], [1, 'M1'], [30, 'M1'], [31, 'M2'], [60, 'M2'], [61, 'M3'], [90, 'M3'], [91, 'M4'], [120, 'M4'], [121, 'M5'], [150, 'M5'], [181, 'M6+'], [900, 'M6+']])('%i → %s', (d, b) => {
    expect(bucketForDpd(d)).toBe(b);
  });
  it('agrees with the DPD range the generator draws for each bucket', () => {
    for (const [bucket, [lo, hi]] of Object.entries(BUCKET_DPD)) {
      expect(bucketForDpd(lo)).toBe(bucket);
      expect(bucketForDpd(hi)).toBe(bucket);
    }
  });
});

describe('dates', () => {
  it.each([
    ['2026-01-31', 1, '2026-02-28'],
    ['2024-01-31', 1, '2024-02-29'],
    ['2026-03-15', -3, '2025-12-15'],
    ['2026-11-28', 14, '2028-01-28'],
  ])('addMonths(%s, %i) = %s', (d, n, want) => expect(addMonths(d, n)).toBe(want));

  it('converts between instants and Shanghai dates', () => {
    expect(shanghaiDate(new Date('2026-11-28T15:59:59Z'))).toBe('2026-11-28');
    expect(shanghaiDate(new Date('2026-11-28T16:00:00Z'))).toBe('2026-11-29');
    expect(shanghaiInstant('2026-11-28', 9, 30)).toBe('2026-11-28T01:30:00.000Z');
    expect(daysBetween('2026-02-27', addDays('2026-02-27', 400))).toBe(400);
  });
});

describe('planLoan', () => {
  const arbitraries = [fc.integer({ min: 0, max: 2 ** 31 }), fc.constantFrom(...Object.keys(BUCKET_DPD) as (keyof typeof BUCKET_DPD)[]), fc.constantFrom(...PRODUCT_NAMES)] as const;

  it('lands exactly on the drawn DPD with a consistent schedule, payments and balances', () => {
    fc.assert(
      fc.property(...arbitraries, (seed, bucket, product) => {
        const rng = createRng(seed);
        const [lo, hi] = BUCKET_DPD[bucket];
        const due = pickFirstUnpaidDue(rng, AS_OF, lo, hi);
        const loan = planLoan({ rng, asOf: AS_OF, firstUnpaidDue: due, product, externalLoanId: 'L1' });
        expect(loan.dpd).toBe(Math.max(0, daysBetween(due, AS_OF)));
        expect(bucketForDpd(loan.dpd)).toBe(bucket);
        expect(loan.originationDate < AS_OF).toBe(true);
        expect(loan.installments.every((i) => Number(i.dueDate.slice(8)) <= 28)).toBe(true);
        expect(loan.installments.reduce((s, i) => s + i.principalMinor, 0)).toBe(loan.principalMinor);
        expect(loan.payments.reduce((s, p) => s + p.amountMinor, 0)).toBe(loan.installments.reduce((s, i) => s + i.paidMinor, 0));
        expect(new Set(loan.payments.map((p) => p.externalId)).size).toBe(loan.payments.length);
        expect(loan.payments.every((p) => p.paidOn > loan.originationDate && p.paidOn <= AS_OF)).toBe(true);
        expect(dpdAsOf(loan.installments, AS_OF)).toBe(loan.dpd);
        const o = balancesAsOf(loan.installments, loan.principalMinor, loan.aprBp, AS_OF);
        expect(o).toEqual(loan.outstanding);
        expect(o.principalMinor).toBeGreaterThan(0);
        expect(o.penaltyMinor > 0 && o.feesMinor > 0).toBe(loan.dpd > 0);
        if (loan.dpd === 0) expect(o.interestMinor).toBe(0);
      }),
      { numRuns: 300 },
    );
  });

  it('charges penalty interest of half the contract rate on overdue principal, and capped late fees', () => {
    const inst = { seq: 1, dueDate: '2026-10-29', principalMinor: 100_000, interestMinor: 2_000, paidMinor: 0, status: 'overdue' as const };
    // 30 days × 100,000 × 24% × 50% / 365 = 986.3 → 986; fee = min(5% of 102,000, 5,000) = 5,000.
    expect(balancesAsOf([inst], 100_000, 2400, AS_OF)).toEqual({ principalMinor: 100_000, interestMinor: 2_000, penaltyMinor: 986, feesMinor: 5_000 });
    // Paid 3,000: interest first (2,000), then 1,000 principal.
    expect(balancesAsOf([{ ...inst, paidMinor: 3_000 }], 100_000, 2400, AS_OF)).toEqual({ principalMinor: 99_000, interestMinor: 0, penaltyMinor: 976, feesMinor: 4_950 });
  });
});

describe('createRng', () => {
  it('is a pure function of its key', () => {
    const draw = (...k: number[]) => Array.from({ length: 5 }, createRng(...k).next);
    expect(draw(1, 23)).toEqual(draw(1, 23));
    expect(draw(1, 23)).not.toEqual(draw(12, 3));
    expect(draw(1, 2)).not.toEqual(draw(2, 1));
  });
});
