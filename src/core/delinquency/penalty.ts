// Accrual on past-due installments: penalty interest (罚息), the late fee (滞纳金) and the overdue-track cap.
//
// Penalty. For each day d after an installment's due date, at the start of that day:
//     exact += base × rateBp / (10,000 × basis)      base = outstanding principal
//                                                           (+ outstanding interest when policy.penalty.onInterest)
// The numerator is kept exactly (BigInt); the penalty booked by day d is the *cumulative* exact accrual rounded once,
// by policy.penalty.rounding (default `down`: truncate; `half_up` optional). Rounding the running total rather than
// each day's slice keeps the booked figure within one minor unit of the exact one however long the accrual runs,
// and a penalty at exactly the cap rate never shows a one-fen excess (the cap rounds down too). Example: 1,000 fen
// at 18.25 % (1825 bp), actual/365, accrues 0.5 fen a day: 30 days book ⌊15.0⌋ = 15 fen; half-up per day would
// have booked 30.
//
// Timing. Day d's accrual uses the balance at the start of d, before that day's payments: an installment paid on
// its due date accrues nothing, one paid a day late accrues one day (days of penalty = days past due when paid).
// Penalty is chargeable from dueDay + graceDays + 1 (`defer`); with `backdate`, an installment still unpaid (above
// the DPD tolerance) on that day also pays for the grace days. The late fee is charged once, on that same day, under
// the same condition. Contract interest is whatever the schedule says; after maturity only the penalty accrues.

import { BP, divRound, toSafeNumber } from './arith.js';
import type { Context } from './validate.js';
import { totalOutstanding, type Payable } from './waterfall.js';

export type InstState = Payable & {
  dueDate: string;
  /** Scheduled fees the ledger books (after the contract cap when limiting); late fees come on top. */
  bookedScheduledFees: number;
  /** Exact penalty numerator after grace, and during grace (used by `backdate`). */
  penNum: bigint;
  graceNum: bigint;
  /** Exact overdue-cap numerator (principal × cap rate per day past due). */
  capNum: bigint;
  /** What the creditor's terms charge, before limiting: penalty to date and the late fee. */
  potPenalty: number;
  potLate: number;
};

/** Above the DPD tolerance on the policy's DPD components. */
export function isUnpaid(ctx: Context, p: Payable): boolean {
  return totalOutstanding(p, ctx.policy.dpd.components) > ctx.policy.dpd.toleranceMinor;
}

/**
 * Accrues the days after `from` up to and including `to` on one installment whose balances do not change in between
 * (the replay calls this between event days, or day by day). Only days after the due date count. Booked amounts
 * depend only on the cumulative numerators, so one call over k days books exactly what k one-day calls would.
 */
export function accrueDays(ctx: Context, inst: InstState, from: number, to: number): void {
  const first = Math.max(from, inst.dueDay) + 1;
  if (first > to) return;
  const pen = ctx.policy.penalty;
  const principalOut = inst.charged.principal - inst.paid.principal;
  const base = principalOut + (pen.onInterest ? inst.charged.interest - inst.paid.interest : 0);
  const chargeFrom = inst.dueDay + pen.graceDays + 1;
  const decides = chargeFrom >= first && chargeFrom <= to;
  if (base === 0 && !decides) return; // nothing accrues and nothing is decided: booking would be a no-op
  const days = to - first + 1;
  inst.capNum += BigInt(principalOut) * BigInt(ctx.rate.rateBp) * BigInt(days);
  // A penalty freeze (kept payment plan) stops accrual from its first day: only the days before it count.
  const penLast = ctx.penaltyStopDay === null ? to : Math.min(to, ctx.penaltyStopDay - 1);
  const penDays = Math.max(0, penLast - first + 1);
  const graceDays = Math.max(0, Math.min(penLast, chargeFrom - 1) - first + 1);
  const num = BigInt(base) * BigInt(pen.rateBp);
  inst.graceNum += num * BigInt(graceDays);
  if (decides) {
    // The first chargeable day decides: still unpaid → late fee, and (backdate) the grace days count; else neither.
    // Nothing is booked before that day, so the state seen here is the state at its start.
    if (!isUnpaid(ctx, inst)) inst.graceNum = 0n;
    else if (pen.lateFeeMinor > 0) inst.potLate = pen.lateFeeMinor;
  }
  if (penDays > graceDays && pen.rateBp > 0) {
    inst.penNum += num * BigInt(penDays - graceDays);
    const exact = inst.penNum + (pen.graceMode === 'backdate' ? inst.graceNum : 0n);
    inst.potPenalty = toSafeNumber(divRound(exact, BP * BigInt(pen.dayBasis), pen.rounding), 'penalty');
  }
  book(ctx, inst);
}

/**
 * Moves the potential charges into `charged`. Limiting to the installment's own overdue cap books the late fee
 * first, then the penalty; both potentials and the cap only grow, so booked amounts never shrink.
 */
function book(ctx: Context, inst: InstState): void {
  let late = inst.potLate;
  let penalty = inst.potPenalty;
  if (ctx.policy.caps.limitToCap) {
    const cap = toSafeNumber(inst.capNum / (BP * BigInt(ctx.policy.caps.dayBasis)), 'cap');
    late = Math.min(late, cap);
    penalty = Math.min(penalty, cap - late);
  }
  const fees = inst.bookedScheduledFees + late;
  if (fees === inst.charged.fees && penalty === inst.charged.penalty) return;
  inst.charged.fees = fees;
  inst.charged.penalty = penalty;
  if (totalOutstanding(inst) > 0) inst.paidOnDay = null;
}
