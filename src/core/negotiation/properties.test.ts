import { describe, expect, it } from 'vitest';
import { NegotiationError } from './errors.js';
import { buildSchedule, totalsOf, type ScheduleRequest } from './schedule.js';
import { forSeeds, type Rng } from './test-random.js';

// Realistic plans: ¥10 a month or more, 1–360 months, 0–24 % a year.
function request(r: Rng): ScheduleRequest {
  const months = r.pick([1, 2, 3, 6, 12, 24, 36, 60, r.int(1, 360)]);
  const principalMinor = r.int(1_000 * months, r.pick([1e6, 1e8, 1e10]));
  const common = { principalMinor, months, annualRateBp: r.pick([0, 435, 490, 1500, 2400, r.int(0, 2400)]), startDate: r.pick(['2024-01-31', '2025-02-28', '2024-12-15']) };
  const method = r.pick(['annuity', 'equal-principal', 'interest-free', 'step-up', 'deferral'] as const);
  if (method === 'step-up') return { ...common, method, stepEveryMonths: r.int(1, 12), stepMinor: Math.floor((principalMinor / months) * r.int(0, 5) / 100) };
  if (method === 'deferral' && months >= 2) return { ...common, method, deferMonths: r.int(1, Math.min(6, months - 1)), deferPaymentMinor: r.pick([0, Math.floor(principalMinor / months / 4)]) };
  return { ...common, method: method === 'deferral' ? 'annuity' : method };
}

describe('schedule properties (seeded)', () => {
  it('principal sums exactly, no negative amount, totals = Σ rows, balance falls to 0, dates increase', () => {
    let steep = 0;
    forSeeds(400, (r) => {
      const req = request(r);
      let s;
      try {
        s = buildSchedule(req);
      } catch (e) {
        // A step too steep for the rate (negative amortisation) is refused by design; count it, nothing else.
        if (req.method === 'step-up' && e instanceof NegotiationError && e.path === 'stepMinor') return void steep++;
        throw e;
      }
      expect(s.rows).toHaveLength(req.months);
      expect(s.totals.principalMinor).toBe(req.principalMinor);
      expect(s.totals).toEqual(totalsOf(s.rows));
      expect(s.totals.paymentMinor).toBe(s.totals.principalMinor + s.totals.interestMinor);
      let balance = req.principalMinor;
      let prev = '';
      for (const row of s.rows) {
        for (const v of [row.paymentMinor, row.principalMinor, row.interestMinor, row.balanceMinor]) {
          expect(Number.isSafeInteger(v) && v >= 0).toBe(true);
        }
        expect(row.paymentMinor).toBe(row.principalMinor + row.interestMinor);
        balance -= row.principalMinor;
        expect(row.balanceMinor).toBe(balance);
        expect(row.dueDate > prev).toBe(true);
        prev = row.dueDate;
      }
      expect(s.rows.at(-1)!.balanceMinor).toBe(0);
      if (req.method === 'interest-free' || req.annualRateBp === 0) expect(s.totals.interestMinor).toBe(0);
    });
    expect(steep).toBeLessThan(20);
  });

  it('with a first payment: row 1 is it on the start date, the principal still sums exactly, the rest is the remainder’s schedule', () => {
    let refused = 0;
    forSeeds(300, (r) => {
      const req = request(r);
      const firstPaymentMinor = r.int(1, req.principalMinor - 1);
      let s;
      let rest;
      try {
        rest = buildSchedule({ ...req, principalMinor: req.principalMinor - firstPaymentMinor });
        s = buildSchedule({ ...req, firstPaymentMinor });
      } catch (e) {
        // The remainder may be too small for the term (degenerate) or the step too steep for it: refused, never bent.
        if (e instanceof NegotiationError && rest === undefined) return void refused++;
        throw e;
      }
      expect(s.rows).toHaveLength(req.months + 1);
      expect(s.rows[0]).toEqual({ seq: 1, dueDate: req.startDate, paymentMinor: firstPaymentMinor, principalMinor: firstPaymentMinor, interestMinor: 0, balanceMinor: req.principalMinor - firstPaymentMinor });
      expect(s.rows.slice(1)).toEqual(rest.rows.map((x) => ({ ...x, seq: x.seq + 1 })));
      expect(s.totals.principalMinor).toBe(req.principalMinor);
      expect(s.totals).toEqual(totalsOf(s.rows));
      expect(s.totals.paymentMinor).toBe(s.totals.principalMinor + s.totals.interestMinor);
      let balance = req.principalMinor;
      let prev = '';
      for (const [i, row] of s.rows.entries()) {
        expect(row.seq).toBe(i + 1);
        for (const v of [row.paymentMinor, row.principalMinor, row.interestMinor, row.balanceMinor]) expect(Number.isSafeInteger(v) && v >= 0).toBe(true);
        balance -= row.principalMinor;
        expect(row.balanceMinor).toBe(balance);
        expect(row.dueDate > prev).toBe(true);
        prev = row.dueDate;
      }
      expect(balance).toBe(0);
    });
    expect(refused).toBeLessThan(100);
  });

  it('annuity: every installment but the last is equal; the last differs from it by at most the accumulated rounding', () => {
    forSeeds(200, (r) => {
      const months = r.int(2, 120);
      const s = buildSchedule({ method: 'annuity', principalMinor: r.int(10_000 * months, 1e9), annualRateBp: r.int(1, 2400), months, startDate: '2024-03-31' });
      const first = s.rows[0]!.paymentMinor;
      expect(s.rows.slice(0, -1).every((x) => x.paymentMinor === first)).toBe(true);
      expect(Math.abs(s.rows.at(-1)!.paymentMinor - first)).toBeLessThanOrEqual(2 * months);
    });
  });

  it('equal-principal and interest-free: every principal share but the last is equal; payments never rise', () => {
    forSeeds(200, (r) => {
      const months = r.int(2, 120);
      const s = buildSchedule({ method: r.pick(['equal-principal', 'interest-free'] as const), principalMinor: r.int(1_000 * months, 1e9), annualRateBp: r.int(0, 2400), months, startDate: '2024-03-31' });
      const share = s.rows[0]!.principalMinor;
      expect(s.rows.slice(0, -1).every((x) => x.principalMinor === share)).toBe(true);
      for (let i = 1; i < s.rows.length - 1; i++) expect(s.rows[i]!.paymentMinor).toBeLessThanOrEqual(s.rows[i - 1]!.paymentMinor);
    });
  });

  it('refuses a principal too small for its term instead of a negative last installment', () => {
    // ¥1 over 60 months: 2 fen × 59 already exceeds 100 fen.
    expect(() => buildSchedule({ method: 'interest-free', principalMinor: 100, months: 60, startDate: '2024-01-01' })).toThrow(NegotiationError);
    try {
      buildSchedule({ method: 'interest-free', principalMinor: 100, months: 60, startDate: '2024-01-01' });
    } catch (e) {
      expect((e as NegotiationError).code).toBe('degenerate_schedule');
    }
  });
});
