// The replay: one pass over the calendar from the contract date. Each day d:
//   1. accrue penalty, late fees and the overdue cap on installments due before d (penalty.ts);
//   2. apply credit (earlier overpayments) to whatever is due by d — this is how credit meets amounts that fall due;
//   3. apply the payments valued on d, ordered by id, through the waterfall; any remainder becomes credit.
// Balances only change on event days (due dates, payment days), so without a per-day observer the replay jumps
// from one event day to the next and accrues the days in between in one step; the result is identical.
// Reversed payments are left out of the replay altogether, so a ledger after a reversal is exactly the ledger in
// which the payment never arrived (penalty included); before the reversal's date the payment still counts.

import { formatDay } from './dates.js';
import { accrueDays, isUnpaid, type InstState } from './penalty.js';
import type { Allocation, Payment, PaymentApplication } from './types.js';
import type { Context, DatedPayment } from './validate.js';
import { allocate, type Slice } from './waterfall.js';

/** Credit is a queue of lots, oldest first, each remembering the payment it came from. */
type CreditLot = { paymentId: string; amountMinor: number };

export type ReplayState = {
  insts: InstState[];
  lots: CreditLot[];
  allocations: Allocation[];
  applications: Map<string, PaymentApplication>;
};

const zero = () => ({ fees: 0, penalty: 0, interest: 0, principal: 0 });

function initState(ctx: Context): ReplayState {
  const insts = ctx.lines.map((l, i): InstState => {
    const plan = ctx.plan[i];
    if (!plan) throw new Error('internal: contract plan out of step with the schedule');
    return {
      seq: l.seq, dueDay: l.dueDay, dueDate: formatDay(l.dueDay), paidOnDay: null,
      charged: { fees: plan.bookedFees, penalty: 0, interest: plan.bookedInterest, principal: l.principalMinor },
      paid: zero(), bookedScheduledFees: plan.bookedFees, penNum: 0n, graceNum: 0n, capNum: 0n, potPenalty: 0, potLate: 0,
    };
  });
  for (const inst of insts) if (inst.charged.fees + inst.charged.interest + inst.charged.principal === 0) inst.paidOnDay = inst.dueDay;
  return { insts, lots: [], allocations: [], applications: new Map() };
}

function record(st: ReplayState, paymentId: string, day: number, slices: Slice[], fromCredit: boolean): void {
  const app = st.applications.get(paymentId);
  for (const s of slices) {
    const a: Allocation = { paymentId, date: formatDay(day), seq: s.seq, component: s.component, amountMinor: s.amountMinor, fromCredit };
    st.allocations.push(a);
    if (app) {
      app.allocations.push(a);
      app.allocatedMinor += s.amountMinor;
      app.creditMinor -= s.amountMinor;
    }
  }
}

function applyCredit(ctx: Context, st: ReplayState, day: number): void {
  while (st.lots.length > 0) {
    const lot = st.lots[0];
    if (!lot) break;
    const { slices, remaining } = allocate(st.insts, day, lot.amountMinor, ctx.policy.waterfall);
    record(st, lot.paymentId, day, slices, true);
    lot.amountMinor = remaining;
    if (remaining > 0) break;
    st.lots.shift();
  }
}

function applyPayment(ctx: Context, st: ReplayState, payment: Payment, day: number): void {
  st.applications.set(payment.id, {
    paymentId: payment.id, valueDate: payment.valueDate, channel: payment.channel, amountMinor: payment.amountMinor,
    allocatedMinor: 0, creditMinor: payment.amountMinor, allocations: [],
  });
  const { slices, remaining } = allocate(st.insts, day, payment.amountMinor, ctx.policy.waterfall);
  record(st, payment.id, day, slices, false);
  if (remaining > 0) st.lots.push({ paymentId: payment.id, amountMinor: remaining });
}

/** The days on which anything can change: due dates, payment days and the last day. */
function eventDays(ctx: Context, pays: readonly DatedPayment[], endDay: number): number[] {
  const days = new Set<number>();
  for (const l of ctx.lines) if (l.dueDay <= endDay) days.add(l.dueDay);
  for (const p of pays) days.add(p.day);
  if (endDay >= ctx.originationDay) days.add(endDay);
  return [...days].sort((a, b) => a - b);
}

/**
 * Replays to `endDay` without the `excluded` payments. With `onDayEnd` the replay steps day by day and shows the
 * state after each day; without it, it steps from event day to event day.
 */
export function replay(ctx: Context, excluded: ReadonlySet<string>, endDay: number, onDayEnd?: (day: number, st: ReplayState) => void): ReplayState {
  const st = initState(ctx);
  const pays = ctx.payments.filter((p) => p.day <= endDay && !excluded.has(p.payment.id));
  let next = 0;
  let prev = ctx.originationDay - 1;
  const step = (d: number) => {
    for (const inst of st.insts) {
      if (inst.dueDay >= d) break;
      accrueDays(ctx, inst, prev, d);
    }
    applyCredit(ctx, st, d);
    for (let p = pays[next]; p && p.day === d; p = pays[++next]) applyPayment(ctx, st, p.payment, d);
    onDayEnd?.(d, st);
    prev = d;
  };
  if (onDayEnd) for (let d = ctx.originationDay; d <= endDay; d++) step(d);
  else for (const d of eventDays(ctx, pays, endDay)) step(d);
  return st;
}

/** DPD as of the end of `day`: days since the due date of the oldest past-due installment above the tolerance. */
export function dpdOf(ctx: Context, insts: readonly InstState[], day: number): { dpd: number; seq: number | null } {
  for (const inst of insts) {
    if (inst.dueDay >= day) break;
    if (isUnpaid(ctx, inst)) return { dpd: day - inst.dueDay, seq: inst.seq };
  }
  return { dpd: 0, seq: null };
}
