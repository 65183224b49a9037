// Public entry points: ledgerAsOf and dpdHistory. Both are pure and deterministic: the same inputs give the same
// output, whatever order the events arrive in.

import { BP, toSafeNumber } from './arith.js';
import { bucketForDpd } from './buckets.js';
import { capTrack } from './caps.js';
import { formatDay, toDay, type IsoDate } from './dates.js';
import { DelinquencyError } from './errors.js';
import { isUnpaid, type InstState } from './penalty.js';
import type { PolicyInput } from './policy.js';
import { dpdOf, replay, type ReplayState } from './replay.js';
import {
  components, type Account, type Amounts, type CapsResult, type DpdPoint, type Installment, type InstallmentLedger,
  type InstallmentStatus, type Ledger, type LedgerEvent, type LedgerTotals,
} from './types.js';
import { prepare, type Context, type LedgerOptions } from './validate.js';
import { totalOutstanding } from './waterfall.js';

const zero = (): Amounts => ({ fees: 0, penalty: 0, interest: 0, principal: 0 });
const sum = (a: Amounts): number => a.fees + a.penalty + a.interest + a.principal;

function addInto(total: Amounts, a: Amounts): void {
  for (const c of components) total[c] += a[c];
}

function statusOf(ctx: Context, inst: InstState, asOfDay: number): InstallmentStatus {
  if (totalOutstanding(inst) === 0) return 'paid';
  if (inst.dueDay > asOfDay) return 'not_due';
  if (inst.dueDay === asOfDay) return 'due';
  return isUnpaid(ctx, inst) ? 'past_due' : 'within_tolerance';
}

function installmentLedger(ctx: Context, inst: InstState, asOfDay: number, index: number): InstallmentLedger {
  const line = ctx.lines[index];
  const outstanding = zero();
  for (const c of components) outstanding[c] = inst.charged[c] - inst.paid[c];
  const status = statusOf(ctx, inst, asOfDay);
  return {
    seq: inst.seq, dueDate: inst.dueDate, status, dpd: status === 'past_due' ? asOfDay - inst.dueDay : 0,
    scheduled: { fees: line?.feesMinor ?? 0, penalty: 0, interest: line?.interestMinor ?? 0, principal: line?.principalMinor ?? 0 },
    charged: { ...inst.charged }, paid: { ...inst.paid }, outstanding, outstandingMinor: sum(outstanding),
    paidOn: inst.paidOnDay !== null && inst.paidOnDay <= asOfDay ? formatDay(inst.paidOnDay) : null,
  };
}

function totalsOf(rows: readonly InstallmentLedger[], asOf: IsoDate): LedgerTotals {
  const t: LedgerTotals = { charged: zero(), paid: zero(), outstanding: zero(), outstandingMinor: 0, dueMinor: 0, pastDueMinor: 0, notDueMinor: 0 };
  for (const r of rows) {
    addInto(t.charged, r.charged);
    addInto(t.paid, r.paid);
    addInto(t.outstanding, r.outstanding);
    t.outstandingMinor += r.outstandingMinor;
    if (r.dueDate <= asOf) t.dueMinor += r.outstandingMinor;
    else t.notDueMinor += r.outstandingMinor;
    if (r.dueDate < asOf) t.pastDueMinor += r.outstandingMinor;
  }
  return t;
}

/** Both cap tracks as of `asOfDay` (formulas in caps.ts). */
function capsOf(ctx: Context, st: ReplayState, asOfDay: number): CapsResult {
  const { rate } = ctx;
  const denom = BP * BigInt(ctx.policy.caps.dayBasis);
  let contractCap = 0n;
  let contractCharged = 0;
  let contractBooked = 0;
  ctx.lines.forEach((l, i) => {
    const plan = ctx.plan[i];
    if (l.dueDay > asOfDay || !plan) return;
    contractCap = plan.capNumCum;
    contractCharged += l.interestMinor + l.feesMinor;
    contractBooked += plan.bookedInterest + plan.bookedFees;
  });
  let overdueNum = 0n;
  let overdueCharged = 0;
  let overdueBooked = 0;
  for (const inst of st.insts) {
    overdueNum += inst.capNum;
    overdueCharged += inst.potPenalty + inst.potLate;
    overdueBooked += inst.charged.penalty + inst.charged.fees - inst.bookedScheduledFees;
  }
  const contract = capTrack(rate.rateBp, toSafeNumber(contractCap / denom, 'contract cap'), contractCharged, contractBooked);
  const overdue = capTrack(rate.rateBp, toSafeNumber(overdueNum / denom, 'overdue cap'), overdueCharged, overdueBooked);
  const excessMinor = contract.excessMinor + overdue.excessMinor;
  return {
    rateBp: rate.rateBp, source: rate.source, lprBp: rate.lprBp, transitional: rate.transitional,
    aprExceedsCap: ctx.account.aprBp > rate.rateBp, contract, overdue,
    capMinor: contract.capMinor + overdue.capMinor, chargedMinor: contract.chargedMinor + overdue.chargedMinor,
    excessMinor, exceeded: excessMinor > 0,
  };
}

function buildLedger(ctx: Context, st: ReplayState, asOfDay: number): Ledger {
  const asOf = formatDay(asOfDay);
  const installments = st.insts.map((inst, i) => installmentLedger(ctx, inst, asOfDay, i));
  const { dpd, seq } = dpdOf(ctx, st.insts, asOfDay);
  return {
    accountId: ctx.account.id, currency: ctx.account.currency, asOf, installments, totals: totalsOf(installments, asOf),
    creditMinor: st.lots.reduce((t, l) => t + l.amountMinor, 0),
    payments: [...st.applications.values()], allocations: st.allocations,
    reversals: ctx.reversals.filter((r) => r.day <= asOfDay).map((r) => ({ reversalId: r.reversal.id, paymentId: r.reversal.paymentId, date: r.reversal.date })),
    dpd, bucket: bucketForDpd(dpd, ctx.policy.buckets), oldestPastDueSeq: seq, caps: capsOf(ctx, st, asOfDay),
  };
}

function reversedBy(ctx: Context, day: number): Set<string> {
  return new Set(ctx.reversals.filter((r) => r.day <= day).map((r) => r.reversal.paymentId));
}

/**
 * The account's ledger at the end of `asOf`: payments valued ≤ asOf replayed in date order (same-day payments by
 * id), minus payments reversed by a reversal dated ≤ asOf; per-installment and total balances by component, credit,
 * allocations per payment, DPD, bucket and legal caps. Throws DelinquencyError on invalid input.
 */
export function ledgerAsOf(
  account: Account, schedule: readonly Installment[], events: readonly LedgerEvent[], policy: PolicyInput | undefined, asOf: IsoDate, opts: LedgerOptions = {},
): Ledger {
  const ctx = prepare(account, schedule, events, policy, opts);
  const asOfDay = toDay(asOf, 'asOf');
  return buildLedger(ctx, replay(ctx, reversedBy(ctx, asOfDay), asOfDay), asOfDay);
}

/**
 * DPD and bucket for every day from `from` to `to` inclusive. Each point equals ledgerAsOf(…, date).dpd: the view
 * as of that day, so a payment reversed later still counts on the days before its reversal. Days before the
 * contract date are 0. (Per day rather than change points: DPD changes every day while delinquent anyway.)
 */
export function dpdHistory(
  account: Account, schedule: readonly Installment[], events: readonly LedgerEvent[], policy: PolicyInput | undefined, from: IsoDate, to: IsoDate, opts: LedgerOptions = {},
): DpdPoint[] {
  const ctx = prepare(account, schedule, events, policy, opts);
  const fromDay = toDay(from, 'from');
  const toDayN = toDay(to, 'to');
  if (toDayN < fromDay) throw new DelinquencyError('invalid_input', 'to', 'is before from');
  const point = (day: number, dpd: number): DpdPoint => ({ date: formatDay(day), dpd, bucket: bucketForDpd(dpd, ctx.policy.buckets) });
  const out: DpdPoint[] = [];
  for (let d = fromDay; d <= toDayN && d < ctx.originationDay; d++) out.push(point(d, 0));
  // Between two reversal dates the set of left-out payments is fixed, so one replay serves the whole segment.
  const starts = [...new Set([Math.max(fromDay, ctx.originationDay), ...ctx.reversals.map((r) => r.day)])]
    .filter((d) => d >= fromDay && d >= ctx.originationDay && d <= toDayN).sort((a, b) => a - b);
  starts.forEach((start, i) => {
    const end = (starts[i + 1] ?? toDayN + 1) - 1;
    replay(ctx, reversedBy(ctx, start), end, (day, st) => {
      if (day >= start) out.push(point(day, dpdOf(ctx, st.insts, day).dpd));
    });
  });
  return out;
}
