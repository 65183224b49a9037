// Repayment schedules (还款计划) with exact arithmetic and one rounding rule.
//
// Rounding rule (all methods): the regular amount of each installment — the annuity payment (等额本息), the
// principal share (等额本金, interest-free), the first step-up payment — is computed exactly (BigInt fractions) and
// rounded half up to the minor unit once; each month's interest is balance × annual rate / 12 rounded half up; the
// last installment takes the residual so that the principal column sums to the principal exactly and the balance
// ends at 0. If the residual would make the last installment (or any balance) negative — a principal of a few minor
// units a month — the request is refused with `degenerate_schedule` rather than bent.
//
// Row k (1-based) is due `k` months after `startDate` (calendar.ts, end-of-month safe).
//
// First payment (首期还款, optional `firstPaymentMinor`, 1 ≤ x < principal): paid on `startDate` itself, it is row
// seq 1 (due `startDate`, principal only, no interest — no month has passed). The remaining principal − x is then
// scheduled by the method exactly as above over `months` installments, renumbered seq 2 … months + 1: row seq k + 1 is
// due k months after `startDate`, so the plan still ends `months` months after the start (the term counts the
// monthly installments, not the first payment). Interest (and `formula`) is on the remainder only; the principal
// column still sums to the whole principal exactly. The policy checks (first payment ≥ the minimum installment,
// the remainder's installments ≥ the minimum) are the caller's: first-payment.ts.

import { dayOf, monthsAfter, type IsoDate } from './calendar.js';
import { checkInt, NegotiationError } from './errors.js';
import { annualRate, annuityExact, monthInterest, monthlyRate, roundHalfUp, toMinor, type Ratio } from './exact.js';

export const scheduleMethods = ['annuity', 'equal-principal', 'interest-free', 'step-up', 'deferral'] as const;
/** annuity = 等额本息; equal-principal = 等额本金; interest-free = equal installments, no interest. */
export type ScheduleMethod = (typeof scheduleMethods)[number];

export type ScheduleRow = {
  seq: number;
  dueDate: IsoDate;
  paymentMinor: number;
  principalMinor: number;
  interestMinor: number;
  /** Principal still owed after this installment. */
  balanceMinor: number;
};

export type ScheduleTotals = {
  paymentMinor: number;
  principalMinor: number;
  interestMinor: number;
  installments: number;
  maxPaymentMinor: number;
  minPaymentMinor: number;
};

/** The closed-form figures bank calculators print, each rounded half up once (they may differ from the rows by a few minor units). */
export type FormulaFigures = {
  /** annuity: P·r(1+r)^n/((1+r)^n−1); equal-principal: P/n + P·r (the first month); interest-free: P/n. */
  paymentMinor: number;
  /** annuity: exact payment × n − P; equal-principal: P·r·(n+1)/2; others: the rows' total. */
  totalInterestMinor: number;
};

type Common = {
  /** Amount rescheduled, minor units (> 0). */
  principalMinor: number;
  /** Nominal annual rate in bp (490 = 4.9 %); the monthly rate is this / 12. Ignored (0) for interest-free. */
  annualRateBp?: number;
  /** Number of monthly installments, 1–600. */
  months: number;
  /** Plan start; installment k is due k months later. */
  startDate: IsoDate;
  /** A first payment due on `startDate` (row seq 1), 1 ≤ x < principal; the rest follows over `months` (see the header). */
  firstPaymentMinor?: number | undefined;
};

export type ScheduleRequest =
  | (Common & { method: 'annuity' | 'equal-principal' | 'interest-free' })
  /** Payment k = first + stepMinor × ⌊(k−1)/stepEveryMonths⌋; `first` is solved exactly so the payments repay the principal. */
  | (Common & { method: 'step-up'; stepMinor: number; stepEveryMonths: number })
  /**
   * Hardship deferral: the first `deferMonths` installments are `deferPaymentMinor` (0 allowed); in those months the
   * interest charged never exceeds the payment (the rest is waived, never capitalised); the remaining balance is then
   * repaid as an annuity over months − deferMonths (equal installments when the rate is 0).
   */
  | (Common & { method: 'deferral'; deferMonths: number; deferPaymentMinor: number });

export type Schedule = {
  method: ScheduleMethod;
  principalMinor: number;
  annualRateBp: number;
  months: number;
  startDate: IsoDate;
  rows: ScheduleRow[];
  totals: ScheduleTotals;
  formula: FormulaFigures;
};

export const MAX_MONTHS = 600;

/** Builds the schedule of `req` (see the rounding rule above). Throws `invalid_input` or `degenerate_schedule`. */
export function buildSchedule(req: ScheduleRequest): Schedule {
  const principal = checkInt(req.principalMinor, 'principalMinor', 1, 1e15);
  const n = checkInt(req.months, 'months', 1, MAX_MONTHS);
  dayOf(req.startDate, 'startDate');
  if (req.firstPaymentMinor !== undefined) return withFirstPayment(req, principal, checkInt(req.firstPaymentMinor, 'firstPaymentMinor', 1, principal - 1));
  const rateBp = req.method === 'interest-free' ? 0 : (req.annualRateBp ?? 0);
  const r = monthlyRate(annualRate(rateBp));
  let rows: ScheduleRow[];
  switch (req.method) {
    case 'annuity': {
      const a = annuityExact(principal, r, n);
      const pay = toMinor(roundHalfUp(a.num, a.den), 'payment');
      rows = amortize(principal, r, n, req.startDate, (_k, interest) => pay - interest);
      break;
    }
    case 'equal-principal':
    case 'interest-free': {
      const share = toMinor(roundHalfUp(BigInt(principal), BigInt(n)), 'principal share');
      rows = amortize(principal, r, n, req.startDate, () => share);
      break;
    }
    case 'step-up': {
      const every = checkInt(req.stepEveryMonths, 'stepEveryMonths', 1, MAX_MONTHS);
      const step = checkInt(req.stepMinor, 'stepMinor', 0, 1e12);
      const first = stepUpFirstPayment(principal, r, n, step, every);
      rows = amortize(principal, r, n, req.startDate, (k, interest) => {
        const p = first + step * Math.floor((k - 1) / every) - interest;
        if (p < 0) throw new NegotiationError('invalid_input', 'stepMinor', `too steep: installment ${k} would not cover its interest (negative amortisation)`);
        return p;
      });
      break;
    }
    case 'deferral':
      rows = deferral(principal, r, n, req.startDate, req.deferMonths, req.deferPaymentMinor);
      break;
    default:
      throw new NegotiationError('invalid_input', 'method', `must be one of ${scheduleMethods.join(', ')}`);
  }
  const totals = totalsOf(rows);
  return { method: req.method, principalMinor: principal, annualRateBp: rateBp, months: n, startDate: req.startDate, rows, totals, formula: formula(req.method, principal, r, n, totals) };
}

/** Row seq 1 = the first payment on the start date; the remainder's schedule follows, each seq shifted by one. */
function withFirstPayment(req: ScheduleRequest, principal: number, first: number): Schedule {
  const rest = buildSchedule({ ...req, principalMinor: principal - first, firstPaymentMinor: undefined });
  const rows: ScheduleRow[] = [
    { seq: 1, dueDate: req.startDate, paymentMinor: first, principalMinor: first, interestMinor: 0, balanceMinor: principal - first },
    ...rest.rows.map((r) => ({ ...r, seq: r.seq + 1 })),
  ];
  return { ...rest, principalMinor: principal, rows, totals: totalsOf(rows) };
}

/**
 * The common loop: each month interest = round(balance × r); `principalOf(k, interest)` gives the principal part of
 * installment k (1 ≤ k < n); the last installment repays the remaining balance.
 */
function amortize(principal: number, r: Ratio, n: number, start: IsoDate, principalOf: (k: number, interest: number) => number, firstSeq = 1, rowsBefore: ScheduleRow[] = []): ScheduleRow[] {
  const rows = rowsBefore;
  let balance = principal;
  for (let k = firstSeq; k <= n; k++) {
    const interest = monthInterest(balance, r);
    const part = k === n ? balance : principalOf(k, interest);
    if (part < 0 || part > balance) {
      throw new NegotiationError('degenerate_schedule', 'principalMinor',
        `${principal} minor units is too small for ${n - firstSeq + 1} installments: rounding would leave the last one negative`);
    }
    balance -= part;
    rows.push({ seq: k, dueDate: monthsAfter(start, k), paymentMinor: part + interest, principalMinor: part, interestMinor: interest, balanceMinor: balance });
  }
  return rows;
}

/** first = (P·(1+r)^n − s·Σ jₖ·(1+r)^(n−k)) / Σ (1+r)^(n−k), jₖ = ⌊(k−1)/every⌋, in exact fractions, rounded half up. */
function stepUpFirstPayment(principal: number, r: Ratio, n: number, step: number, every: number): number {
  // With 1 + r = (a+b)/b, multiply through by b^n: (1+r)^(n−k)·b^n = (a+b)^(n−k)·b^k =: wₖ. Both sums are built
  // by Horner's rule, Sₖ = Sₖ₋₁·(a+b) + gₖ·b^k, so every step multiplies a big number by a small one.
  const up = r.num + r.den;
  let den = 0n; // Σ wₖ
  let steps = 0n; // Σ jₖ·wₖ
  let bPow = 1n;
  for (let k = 1; k <= n; k++) {
    bPow *= r.den;
    den = den * up + bPow;
    steps = steps * up + BigInt(Math.floor((k - 1) / every)) * bPow;
  }
  const num = BigInt(principal) * up ** BigInt(n) - BigInt(step) * steps;
  if (num <= 0n) throw new NegotiationError('invalid_input', 'stepMinor', 'too steep: the first installment would be zero or negative');
  return toMinor(roundHalfUp(num, den), 'first payment');
}

function deferral(principal: number, r: Ratio, n: number, start: IsoDate, deferMonths: number, deferPay: number): ScheduleRow[] {
  const d = checkInt(deferMonths, 'deferMonths', 1, n - 1);
  const pay = checkInt(deferPay, 'deferPaymentMinor', 0, 1e15);
  const rows: ScheduleRow[] = [];
  let balance = principal;
  for (let k = 1; k <= d; k++) {
    const interest = Math.min(monthInterest(balance, r), pay);
    const part = pay - interest;
    if (part >= balance) throw new NegotiationError('invalid_input', 'deferPaymentMinor', 'repays the whole balance during the deferral; use a shorter plan');
    balance -= part;
    rows.push({ seq: k, dueDate: monthsAfter(start, k), paymentMinor: pay, principalMinor: part, interestMinor: interest, balanceMinor: balance });
  }
  const a = annuityExact(balance, r, n - d);
  const resume = toMinor(roundHalfUp(a.num, a.den), 'payment');
  const tail = amortize(balance, r, n, start, (_k, interest) => resume - interest, d + 1, []);
  return rows.concat(tail);
}

export function totalsOf(rows: readonly ScheduleRow[]): ScheduleTotals {
  const t = { paymentMinor: 0, principalMinor: 0, interestMinor: 0, installments: rows.length, maxPaymentMinor: 0, minPaymentMinor: rows.length ? Infinity : 0 };
  for (const r of rows) {
    t.paymentMinor += r.paymentMinor;
    t.principalMinor += r.principalMinor;
    t.interestMinor += r.interestMinor;
    t.maxPaymentMinor = Math.max(t.maxPaymentMinor, r.paymentMinor);
    t.minPaymentMinor = Math.min(t.minPaymentMinor, r.paymentMinor);
  }
  return t;
}

function formula(method: ScheduleMethod, principal: number, r: Ratio, n: number, totals: ScheduleTotals): FormulaFigures {
  const p = BigInt(principal);
  const bn = BigInt(n);
  if (method === 'annuity') {
    const a = annuityExact(principal, r, n);
    return { paymentMinor: toMinor(roundHalfUp(a.num, a.den), 'payment'), totalInterestMinor: toMinor(roundHalfUp(a.num * bn - p * a.den, a.den), 'interest') };
  }
  if (method === 'equal-principal' || method === 'interest-free') {
    // P/n + P·r over the common denominator n·den; total P·r·(n+1)/2.
    return {
      paymentMinor: toMinor(roundHalfUp(p * r.den + p * r.num * bn, bn * r.den), 'payment'),
      totalInterestMinor: toMinor(roundHalfUp(p * r.num * (bn + 1n), 2n * r.den), 'interest'),
    };
  }
  return { paymentMinor: totals.maxPaymentMinor, totalInterestMinor: totals.interestMinor };
}
