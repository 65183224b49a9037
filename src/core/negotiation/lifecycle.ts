// Promise-to-pay (承诺还款) and plan lifecycles, evaluated from payments as of a date. Pure: the caller passes the
// date (no clock) and the payments imported so far; the same inputs always give the same state.
//
// Promise: payments dated from `madeOn` to dueDate + graceDays count toward it (each payment once; several promises
// share payments oldest due first). As of a date:
//   kept            counted ≥ amount (as soon as it happens, even before the due date);
//   pending         not yet kept and asOf ≤ dueDate + grace;
//   partially_kept  the grace is over, 0 < counted < amount;
//   broken          the grace is over and nothing was paid.
// Plan (after approval and signature: active): payments dated ≤ asOf fill the installments in due order (an
// overpayment runs ahead to the next ones). Installment k is missed when, at the end of dueDate_k + graceDays,
// payments dated up to then do not cover installments 1…k (less `toleranceMinor`). Then:
//   completed   all installments covered, before any miss;
//   broken      an installment missed (brokenOn = the day after its grace); later payments do not revive it —
//               the case goes back to strategy and the plan's hold is lifted (CN-C04: "unless the debtor breaches");
//   active      otherwise.
// The workflow before activation (proposed → approved → active, or rejected/cancelled) is PLAN_TRANSITIONS.

import { addDays, dayOf, type IsoDate } from './calendar.js';
import { checkInt, NegotiationError } from './errors.js';

export type PaymentIn = { date: IsoDate; amountMinor: number };

export type PromiseIn = { id: string; dueDate: IsoDate; amountMinor: number; madeOn?: IsoDate };
export type PromiseStatus = 'pending' | 'kept' | 'partially_kept' | 'broken';
export type PromiseState = { id: string; status: PromiseStatus; paidMinor: number; shortfallMinor: number; keptOn: IsoDate | null; graceEnds: IsoDate };

function checkPayments(payments: readonly PaymentIn[]): PaymentIn[] {
  payments.forEach((p, i) => {
    dayOf(p.date, `payments[${i}].date`);
    checkInt(p.amountMinor, `payments[${i}].amountMinor`);
  });
  return [...payments].sort((a, b) => (a.date < b.date ? -1 : a.date > b.date ? 1 : 0));
}

/** States of `promises` as of `asOf`, payments shared oldest-due first. */
export function evaluatePromises(promises: readonly PromiseIn[], payments: readonly PaymentIn[], graceDays: number, asOf: IsoDate): PromiseState[] {
  checkInt(graceDays, 'graceDays', 0, 365);
  dayOf(asOf, 'asOf');
  const pays = checkPayments(payments).filter((p) => p.date <= asOf).map((p) => ({ ...p, left: p.amountMinor }));
  const order = promises.map((p, i) => {
    dayOf(p.dueDate, `promises[${i}].dueDate`);
    if (p.madeOn !== undefined) dayOf(p.madeOn, `promises[${i}].madeOn`);
    checkInt(p.amountMinor, `promises[${i}].amountMinor`, 1);
    return i;
  }).sort((a, b) => (promises[a]!.dueDate < promises[b]!.dueDate ? -1 : promises[a]!.dueDate > promises[b]!.dueDate ? 1 : a - b));
  const out: PromiseState[] = new Array(promises.length);
  for (const i of order) {
    const p = promises[i]!;
    const graceEnds = addDays(p.dueDate, graceDays);
    let paid = 0;
    let keptOn: IsoDate | null = null;
    for (const pay of pays) {
      if (paid >= p.amountMinor) break;
      if (pay.left === 0 || pay.date > graceEnds || (p.madeOn !== undefined && pay.date < p.madeOn)) continue;
      const take = Math.min(pay.left, p.amountMinor - paid);
      pay.left -= take;
      paid += take;
      if (paid >= p.amountMinor) keptOn = pay.date;
    }
    const status: PromiseStatus = keptOn ? 'kept' : asOf <= graceEnds ? 'pending' : paid > 0 ? 'partially_kept' : 'broken';
    out[i] = { id: p.id, status, paidMinor: paid, shortfallMinor: p.amountMinor - paid, keptOn, graceEnds };
  }
  return out;
}

export type PlanInstallmentIn = { seq: number; dueDate: IsoDate; amountMinor: number };
export type InstallmentStatus = 'paid' | 'partial' | 'due' | 'missed' | 'upcoming';
export type PlanStatus = 'active' | 'completed' | 'broken';
export type PlanState = {
  status: PlanStatus;
  paidMinor: number;
  /** Installments due on or before asOf, less what was paid (≥ 0). */
  arrearsMinor: number;
  completedOn: IsoDate | null;
  broken: { seq: number; dueDate: IsoDate; brokenOn: IsoDate; shortfallMinor: number } | null;
  next: { seq: number; dueDate: IsoDate; amountDueMinor: number } | null;
  installments: { seq: number; dueDate: IsoDate; amountMinor: number; paidMinor: number; status: InstallmentStatus }[];
};

/** The state of an active plan as of `asOf`. `toleranceMinor` forgives a small shortfall (e.g. bank charges). */
export function evaluatePlan(installments: readonly PlanInstallmentIn[], payments: readonly PaymentIn[], graceDays: number, asOf: IsoDate, toleranceMinor = 0): PlanState {
  checkInt(graceDays, 'graceDays', 0, 365);
  checkInt(toleranceMinor, 'toleranceMinor');
  dayOf(asOf, 'asOf');
  if (installments.length === 0) throw new NegotiationError('invalid_input', 'installments', 'must not be empty');
  installments.forEach((x, i) => {
    dayOf(x.dueDate, `installments[${i}].dueDate`);
    checkInt(x.amountMinor, `installments[${i}].amountMinor`);
    if (i > 0 && x.dueDate < installments[i - 1]!.dueDate) throw new NegotiationError('invalid_input', `installments[${i}].dueDate`, 'installments must be in due order');
  });
  const pays = checkPayments(payments).filter((p) => p.date <= asOf);
  const paidBy = (date: IsoDate) => pays.reduce((t, p) => (p.date <= date ? t + p.amountMinor : t), 0);
  const total = installments.reduce((t, x) => t + x.amountMinor, 0);
  // Completion: the date cumulative payments first reach the total.
  let completedOn: IsoDate | null = null;
  let run = 0;
  for (const p of pays) {
    run += p.amountMinor;
    if (run >= total) { completedOn = p.date; break; }
  }
  let broken: PlanState['broken'] = null;
  let due = 0;
  for (const x of installments) {
    due += x.amountMinor;
    const graceEnds = addDays(x.dueDate, graceDays);
    if (graceEnds >= asOf) break; // the grace is still running (or the installment is in the future)
    if (completedOn !== null && completedOn <= graceEnds) break;
    const covered = paidBy(graceEnds);
    if (covered + toleranceMinor < due) { broken = { seq: x.seq, dueDate: x.dueDate, brokenOn: addDays(graceEnds, 1), shortfallMinor: due - covered }; break; }
  }
  const paid = pays.reduce((t, p) => t + p.amountMinor, 0);
  let left = paid;
  let dueToDate = 0;
  let next: PlanState['next'] = null;
  const rows = installments.map((x) => {
    const got = Math.min(left, x.amountMinor);
    left -= got;
    if (x.dueDate <= asOf) dueToDate += x.amountMinor;
    const status: InstallmentStatus = got >= x.amountMinor ? 'paid' : broken && x.seq === broken.seq ? 'missed'
      : x.dueDate > asOf ? (got > 0 ? 'partial' : 'upcoming') : addDays(x.dueDate, graceDays) < asOf ? 'missed' : got > 0 ? 'partial' : 'due';
    if (!next && got < x.amountMinor) next = { seq: x.seq, dueDate: x.dueDate, amountDueMinor: x.amountMinor - got };
    return { seq: x.seq, dueDate: x.dueDate, amountMinor: x.amountMinor, paidMinor: got, status };
  });
  const status: PlanStatus = broken ? 'broken' : completedOn ? 'completed' : 'active';
  return { status, paidMinor: paid, arrearsMinor: Math.max(0, dueToDate - paid), completedOn: broken ? null : completedOn, broken, next: status === 'active' ? next : null, installments: rows };
}

export type PlanWorkflowStatus = 'proposed' | 'approved' | 'rejected' | 'active' | 'completed' | 'broken' | 'cancelled';

/** Allowed workflow moves; `active → completed | broken` happen only through evaluatePlan. */
export const PLAN_TRANSITIONS: Readonly<Record<PlanWorkflowStatus, readonly PlanWorkflowStatus[]>> = Object.freeze({
  proposed: ['approved', 'rejected', 'cancelled'],
  approved: ['active', 'cancelled'],
  rejected: [],
  active: ['completed', 'broken'],
  completed: [],
  broken: [],
  cancelled: [],
});

export const canTransition = (from: PlanWorkflowStatus, to: PlanWorkflowStatus): boolean => PLAN_TRANSITIONS[from].includes(to);
