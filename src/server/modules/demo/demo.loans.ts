// Loans, schedules and repayment histories for the demo portfolio. Everything here is pure and integer:
// money is fen (minor units of CNY); rates are basis points per year.
//
// Rounding rule: each period's interest is balance × (apr_bp / 10000 / 12), rounded half-up to the fen
// once; the equal installment is rounded the same way; the last installment takes the principal residual.
// Balances as of a date:
//   - payments are applied oldest installment first, interest before principal within an installment;
//   - outstanding principal = principal − principal repaid (the whole remaining balance);
//   - outstanding interest = unpaid interest of installments due before the as-of date;
//   - penalty interest (罚息) = overdue principal × apr × 50% / 365 per day overdue (at most 365 days),
//     summed over overdue installments and rounded once per loan;
//   - fees (滞纳金) = 5% of each overdue installment's unpaid amount, at most ¥50 each, rounded per installment.
import type { Bucket } from '../../../contracts/cases.js';
import { addDays, addMonths, dayOfMonth, daysBetween } from './demo.dates.js';
import type { Rng } from './demo.random.js';
import { bucketForDpd as coreBucketForDpd } from '../../../core/delinquency/index.js';

export type InstallmentStatus = 'paid' | 'partial' | 'due' | 'overdue';
export type ScheduleLine = { principalMinor: number; interestMinor: number };
export type InstallmentPlan = ScheduleLine & { seq: number; dueDate: string; paidMinor: number; status: InstallmentStatus };
export type PaymentPlan = { externalId: string; amountMinor: number; paidOn: string; channel: string };
export type Balances = { principalMinor: number; interestMinor: number; penaltyMinor: number; feesMinor: number };
export type LoanPlan = {
  externalLoanId: string;
  product: Product;
  lenderType: 'licensed' | 'private';
  principalMinor: number;
  aprBp: number;
  originationDate: string;
  termMonths: number;
  installments: InstallmentPlan[];
  payments: PaymentPlan[];
  outstanding: Balances;
  dpd: number;
};

export type Product = '现金贷' | '消费分期' | '信用卡';
// Ranges per product: principal in yuan, APR in basis points (all within the 24% ceiling), term in months.
const PRODUCTS: Record<Product, { yuan: [number, number]; aprBp: [number, number]; terms: number[] }> = {
  现金贷: { yuan: [1_000, 20_000], aprBp: [1_800, 2_400], terms: [3, 6, 9, 12] },
  消费分期: { yuan: [2_000, 50_000], aprBp: [900, 2_000], terms: [6, 12, 18, 24] },
  信用卡: { yuan: [5_000, 80_000], aprBp: [1_200, 1_800], terms: [3, 6, 12, 24] },
};
export const PRODUCT_NAMES = Object.keys(PRODUCTS) as Product[];
export const PRODUCT_PREFIX: Record<Product, string> = { 现金贷: 'XJD', 消费分期: 'XFFQ', 信用卡: 'XYK' };
const CHANNELS = [['银行转账', 'YH'], ['支付宝', 'ZFB'], ['微信', 'WX']] as const;

/** Round half-up for non-negative amounts. */
const roundFen = (x: number): number => Math.floor(x + 0.5);

/** Equal-installment (等额本息) schedule; principal sums exactly to `principalMinor`. */
export function amortise(principalMinor: number, aprBp: number, termMonths: number): ScheduleLine[] {
  if (!Number.isSafeInteger(principalMinor) || principalMinor <= 0) throw new RangeError('principal must be a positive integer');
  if (!Number.isInteger(termMonths) || termMonths < 1) throw new RangeError('term must be a positive integer');
  const r = aprBp / 10_000 / 12;
  const payment = r === 0 ? Math.floor(principalMinor / termMonths) : roundFen((principalMinor * r) / (1 - (1 + r) ** -termMonths));
  const lines: ScheduleLine[] = [];
  let balance = principalMinor;
  for (let i = 1; i <= termMonths; i++) {
    const interestMinor = roundFen(balance * r);
    const principalPart = i === termMonths ? balance : Math.min(balance, Math.max(0, payment - interestMinor));
    lines.push({ principalMinor: principalPart, interestMinor });
    balance -= principalPart;
  }
  return lines;
}

// DPD ranges by bucket. 151–180 is left out on purpose: whether that is M5, M6 or "M6+" depends on the
// creditor's bucket scheme, and the demo should not pick a side.
export const BUCKET_DPD: Record<Bucket, readonly [number, number]> = {
  M0: [0, 0], M1: [1, 30], M2: [31, 60], M3: [61, 90], M4: [91, 120], M5: [121, 150], 'M6+': [181, 720],
};
const BUCKET_WEIGHTS: readonly (readonly [Bucket, number])[] = [
  ['M0', 8], ['M1', 30], ['M2', 18], ['M3', 13], ['M4', 10], ['M5', 8], ['M6+', 13],
];

/** M0 = current, M1 = 1–30 DPD, M2 = 31–60 … M5 = 121–150, then M6+ (the demo itself only makes > 180). */
/** The default bucket table of the delinquency engine (one definition); a negative DPD counts as current. */
export function bucketForDpd(dpd: number): Bucket {
  return coreBucketForDpd(Math.max(0, dpd)) as Bucket;
}

export const pickBucket = (rng: Rng): Bucket => rng.weighted(BUCKET_WEIGHTS);

/**
 * A due date for the oldest unpaid installment giving a DPD in [minDpd, maxDpd] as of `asOf`; for a
 * current loan (maxDpd 0) a date 0–27 days ahead. Due dates keep to days 1–28 so that monthly due dates
 * never need clamping and the DPD comes out exactly.
 */
export function pickFirstUnpaidDue(rng: Rng, asOf: string, minDpd: number, maxDpd: number): string {
  const [lo, hi] = maxDpd <= 0 ? [-27, 0] : [minDpd, maxDpd];
  // Rejection sampling: about 10% of days are the 29th–31st. Any 4 consecutive days include a valid one,
  // so after the bounded tries a scan always finds one when the range spans 4 days or more.
  for (let tries = 0; tries < 64; tries++) {
    const due = addDays(asOf, -rng.int(lo, hi));
    if (dayOfMonth(due) <= 28) return due;
  }
  for (let d = lo; d <= hi; d++) if (dayOfMonth(addDays(asOf, -d)) <= 28) return addDays(asOf, -d);
  throw new RangeError(`no due date on days 1-28 for DPD ${minDpd}..${maxDpd}`);
}

type LoanSpec = { rng: Rng; asOf: string; firstUnpaidDue: string; product: Product; externalLoanId: string };

/** One loan whose oldest unpaid installment falls due on `firstUnpaidDue`, with payments for everything before. */
export function planLoan({ rng, asOf, firstUnpaidDue, product, externalLoanId }: LoanSpec): LoanPlan {
  const spec = PRODUCTS[product];
  const principalMinor = rng.int(spec.yuan[0] / 100, spec.yuan[1] / 100) * 100 * 100; // whole hundreds of yuan
  const aprBp = rng.int(spec.aprBp[0] / 10, spec.aprBp[1] / 10) * 10;
  const termMonths = rng.pick(spec.terms);
  const paidCount = rng.int(0, Math.min(termMonths - 1, 8));
  const originationDate = addMonths(firstUnpaidDue, -(paidCount + 1));
  const schedule = amortise(principalMinor, aprBp, termMonths);
  const installments: InstallmentPlan[] = schedule.map((line, i) => ({
    ...line,
    seq: i + 1,
    dueDate: addMonths(originationDate, i + 1),
    paidMinor: i < paidCount ? line.principalMinor + line.interestMinor : 0,
    status: 'due',
  }));
  const payments: PaymentPlan[] = [];
  const pay = (amountMinor: number, paidOn: string) => {
    const [channel, prefix] = rng.pick(CHANNELS);
    const n = String(payments.length + 1).padStart(2, '0');
    payments.push({ externalId: `${prefix}${paidOn.replaceAll('-', '')}${n}${rng.int(1000, 9999)}`, amountMinor, paidOn, channel });
  };
  const clampDate = (d: string) => (d > asOf ? asOf : d <= originationDate ? addDays(originationDate, 1) : d);
  for (const inst of installments.slice(0, paidCount)) {
    const amount = inst.paidMinor;
    const onTime = clampDate(addDays(inst.dueDate, rng.chance(0.8) ? -rng.int(0, 5) : rng.int(1, 9)));
    if (rng.chance(0.15)) {
      const first = roundFen(amount * (0.3 + rng.next() * 0.4));
      pay(first, clampDate(addDays(onTime, -rng.int(3, 10))));
      pay(amount - first, onTime);
    } else pay(amount, onTime);
  }
  const dpdNow = Math.max(0, daysBetween(firstUnpaidDue, asOf));
  const next = installments[paidCount];
  // Some delinquent borrowers paid part of the oldest unpaid installment.
  if (next && dpdNow > 0 && rng.chance(0.35)) {
    const amount = next.principalMinor + next.interestMinor;
    next.paidMinor = Math.max(1, roundFen(amount * (0.1 + rng.next() * 0.6)));
    pay(next.paidMinor, clampDate(addDays(firstUnpaidDue, rng.int(-3, Math.min(dpdNow - 1, 45)))));
  }
  for (const inst of installments) inst.status = installmentStatus(inst, asOf);
  payments.sort((a, b) => (a.paidOn < b.paidOn ? -1 : a.paidOn > b.paidOn ? 1 : 0));
  return {
    externalLoanId,
    product,
    lenderType: rng.chance(0.92) ? 'licensed' : 'private',
    principalMinor,
    aprBp,
    originationDate,
    termMonths,
    installments,
    payments,
    outstanding: balancesAsOf(installments, principalMinor, aprBp, asOf),
    dpd: dpdAsOf(installments, asOf),
  };
}

export function installmentStatus(i: Pick<InstallmentPlan, 'principalMinor' | 'interestMinor' | 'paidMinor' | 'dueDate'>, asOf: string): InstallmentStatus {
  const amount = i.principalMinor + i.interestMinor;
  if (i.paidMinor >= amount) return 'paid';
  if (i.paidMinor > 0) return 'partial';
  return i.dueDate < asOf ? 'overdue' : 'due';
}

/** Days since the oldest installment that fell due before `asOf` and is not fully paid; 0 when none. */
export function dpdAsOf(installments: readonly Pick<InstallmentPlan, 'principalMinor' | 'interestMinor' | 'paidMinor' | 'dueDate'>[], asOf: string): number {
  const oldest = installments.find((i) => i.dueDate < asOf && i.paidMinor < i.principalMinor + i.interestMinor);
  return oldest ? daysBetween(oldest.dueDate, asOf) : 0;
}

export function balancesAsOf(installments: readonly InstallmentPlan[], principalMinor: number, aprBp: number, asOf: string): Balances {
  let principalRepaid = 0;
  let interestMinor = 0;
  let penaltyExact = 0;
  let feesMinor = 0;
  const dailyPenaltyRate = (aprBp / 10_000) * 0.5 / 365;
  for (const i of installments) {
    const interestPaid = Math.min(i.paidMinor, i.interestMinor);
    const principalPaid = i.paidMinor - interestPaid;
    principalRepaid += principalPaid;
    if (i.dueDate >= asOf) continue;
    interestMinor += i.interestMinor - interestPaid;
    const unpaid = i.principalMinor + i.interestMinor - i.paidMinor;
    if (unpaid <= 0) continue;
    const days = Math.min(365, daysBetween(i.dueDate, asOf));
    penaltyExact += (i.principalMinor - principalPaid) * dailyPenaltyRate * days;
    feesMinor += Math.min(5_000, roundFen(unpaid * 0.05));
  }
  return { principalMinor: principalMinor - principalRepaid, interestMinor, penaltyMinor: roundFen(penaltyExact), feesMinor };
}
