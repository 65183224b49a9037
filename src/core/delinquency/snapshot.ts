// A loan known only by the creditor's balance on a date (a placement without an installment schedule): the
// outstanding fees, penalty, interest and principal as of `balanceDate`, and the day it fell overdue. Payments
// reported afterwards are applied to that balance through the creditor's waterfall (component order only: there
// is one "installment", the whole balance). Rules:
//   • a payment dated before `balanceDate` is taken to be in the creditor's balance already: shown, not applied;
//   • payments on or after `balanceDate` and up to `asOf` are applied in date order (then by id); what exceeds the
//     balance is held as credit;
//   • a reversal dated up to `asOf` removes its payment altogether (as in the schedule replay); naming an unknown
//     payment is an input error;
//   • DPD: days from `overdueSince` to the day (as the import counts it: overdue since yesterday = 1) while more
//     than the DPD tolerance is outstanding; 0 once the balance is paid down to the tolerance. Before `balanceDate` nothing is known of the
//     payments, so the DPD there is counted from `overdueSince` alone.
import { bucketForDpd } from './buckets.js';
import { addDays, daysBetween, type IsoDate } from './dates.js';
import { DelinquencyError } from './errors.js';
import { resolvePolicy, type PolicyInput } from './policy.js';
import type { Amounts, Component, DpdPoint, LedgerEvent } from './types.js';

export type Snapshot = {
  /** The day the creditor's figures describe (the import day unless the file says otherwise). */
  balanceDate: IsoDate;
  /** The day the loan became overdue as the creditor reports it (DPD counts the days since), or null. */
  overdueSince: IsoDate | null;
  outstanding: Amounts;
};

export type SnapshotPayment = {
  paymentId: string;
  valueDate: IsoDate;
  amountMinor: number;
  /** `applied`: taken by the waterfall; `in_balance`: dated before the balance date; `reversed`; `future`: after asOf. */
  state: 'applied' | 'in_balance' | 'reversed' | 'future';
  allocations: Array<{ component: Component; amountMinor: number }>;
  creditMinor: number;
};

export type SnapshotLedger = {
  asOf: IsoDate;
  balanceDate: IsoDate;
  charged: Amounts;
  paid: Amounts;
  outstanding: Amounts;
  outstandingMinor: number;
  creditMinor: number;
  dpd: number;
  bucket: string;
  payments: SnapshotPayment[];
};

const zero = (): Amounts => ({ fees: 0, penalty: 0, interest: 0, principal: 0 });
const total = (a: Amounts) => a.fees + a.penalty + a.interest + a.principal;
const ISO = /^\d{4}-\d{2}-\d{2}$/;

function check(s: Snapshot, events: readonly LedgerEvent[]): void {
  if (!ISO.test(s.balanceDate)) throw new DelinquencyError('invalid_input', 'snapshot.balanceDate', `not a date: ${s.balanceDate}`);
  if (s.overdueSince !== null && !ISO.test(s.overdueSince)) throw new DelinquencyError('invalid_input', 'snapshot.overdueSince', `not a date: ${s.overdueSince}`);
  for (const c of ['fees', 'penalty', 'interest', 'principal'] as const) {
    const v = s.outstanding[c];
    if (!Number.isSafeInteger(v) || v < 0) throw new DelinquencyError('invalid_input', `snapshot.outstanding.${c}`, `must be a non-negative integer, got ${v}`);
  }
  const ids = new Set<string>();
  events.forEach((e, i) => {
    if (e.kind === 'payment') {
      if (ids.has(e.id)) throw new DelinquencyError('invalid_input', `events[${i}].id`, `duplicate payment id ${e.id}`);
      ids.add(e.id);
      if (!Number.isSafeInteger(e.amountMinor) || e.amountMinor <= 0) throw new DelinquencyError('invalid_input', `events[${i}].amountMinor`, `must be a positive integer, got ${e.amountMinor}`);
      if (!ISO.test(e.valueDate)) throw new DelinquencyError('invalid_input', `events[${i}].valueDate`, `not a date: ${e.valueDate}`);
    }
  });
  events.forEach((e, i) => {
    if (e.kind === 'reversal' && !ids.has(e.paymentId)) throw new DelinquencyError('invalid_input', `events[${i}].paymentId`, `reverses unknown payment ${e.paymentId}`);
  });
}

/** The snapshot's balance as of `asOf` after the payments reported since the balance date. */
export function snapshotLedger(s: Snapshot, events: readonly LedgerEvent[], policyInput: PolicyInput | undefined, asOf: IsoDate): SnapshotLedger {
  check(s, events);
  const policy = resolvePolicy(policyInput);
  const reversed = new Set(events.flatMap((e) => (e.kind === 'reversal' && e.date <= asOf ? [e.paymentId] : [])));
  const payments = events
    .filter((e): e is Extract<LedgerEvent, { kind: 'payment' }> => e.kind === 'payment')
    .sort((a, b) => (a.valueDate < b.valueDate ? -1 : a.valueDate > b.valueDate ? 1 : a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  const charged = { ...s.outstanding };
  const paid = zero();
  let credit = 0;
  const tolerance = policy.dpd.toleranceMinor;
  const owing = () => policy.dpd.components.reduce((sum, c) => sum + charged[c] - paid[c], 0);
  const out: SnapshotPayment[] = payments.map((p) => {
    const row: SnapshotPayment = { paymentId: p.id, valueDate: p.valueDate, amountMinor: p.amountMinor, state: 'applied', allocations: [], creditMinor: 0 };
    if (reversed.has(p.id)) row.state = 'reversed';
    else if (p.valueDate > asOf) row.state = 'future';
    else if (p.valueDate < s.balanceDate) row.state = 'in_balance';
    else {
      let left = p.amountMinor;
      for (const c of policy.waterfall.components) {
        const take = Math.min(left, charged[c] - paid[c]);
        if (take <= 0) continue;
        paid[c] += take;
        left -= take;
        row.allocations.push({ component: c, amountMinor: take });
      }
      row.creditMinor = left;
      credit += left;
    }
    return row;
  });
  const outstanding: Amounts = { fees: charged.fees - paid.fees, penalty: charged.penalty - paid.penalty, interest: charged.interest - paid.interest, principal: charged.principal - paid.principal };
  const dpd = owing() > tolerance && s.overdueSince !== null ? Math.max(0, daysBetween(s.overdueSince, asOf)) : 0;
  return {
    asOf, balanceDate: s.balanceDate, charged, paid, outstanding, outstandingMinor: total(outstanding), creditMinor: credit, dpd,
    bucket: bucketForDpd(dpd, policy.buckets), payments: out,
  };
}

/** One point a day from `from` to `to`, each = snapshotLedger(day).dpd. */
export function snapshotDpdHistory(s: Snapshot, events: readonly LedgerEvent[], policyInput: PolicyInput | undefined, from: IsoDate, to: IsoDate): DpdPoint[] {
  const points: DpdPoint[] = [];
  const policy = resolvePolicy(policyInput);
  for (let d = from, n = 0; d <= to && n < 20_000; n++) {
    const l = snapshotLedger(s, events, policy, d);
    points.push({ date: d, dpd: l.dpd, bucket: bucketForDpd(l.dpd, policy.buckets) });
    d = addDays(d, 1);
  }
  return points;
}
