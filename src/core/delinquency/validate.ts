// Input checks and the replay context. Every error names the offending field.

import { capRate, contractCapPlan, type CapRate, type ContractLine, type ScheduledLine } from './caps.js';
import { toDay } from './dates.js';
import { DelinquencyError } from './errors.js';
import { resolvePolicy, type DelinquencyPolicy, type PolicyInput } from './policy.js';
import { lenderTypes, paymentChannels, type Account, type Installment, type LedgerEvent, type Payment, type Reversal } from './types.js';

export type DatedPayment = { payment: Payment; day: number };
export type DatedReversal = { reversal: Reversal; day: number };

export type Context = {
  account: Account;
  policy: DelinquencyPolicy;
  originationDay: number;
  /** Schedule sorted by due date, then seq. */
  lines: ScheduledLine[];
  plan: ContractLine[];
  rate: CapRate;
  /** Sorted by value date, then id (code-unit order: the same everywhere). */
  payments: DatedPayment[];
  reversals: DatedReversal[];
  /** First day on which no penalty interest accrues (a kept payment plan freezes it); null = never frozen. */
  penaltyStopDay: number | null;
};

/** Options of one replay that are not the creditor's policy. */
export type LedgerOptions = {
  /** From this day on (inclusive) no penalty interest accrues: the day a plan that freezes penalty became active. */
  penaltyFrozenFrom?: string | null | undefined;
};

const bad = (path: string, msg: string) => new DelinquencyError('invalid_input', path, msg);

function amount(v: unknown, path: string, min: number): number {
  if (typeof v !== 'number' || !Number.isSafeInteger(v) || v < min) throw bad(path, `must be an integer ≥ ${min}, got ${String(v)}`);
  return v;
}

function text(v: unknown, path: string): string {
  if (typeof v !== 'string' || v === '') throw bad(path, 'must be a non-empty string');
  return v;
}

const byKey = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

function checkAccount(a: Account): number {
  text(a.id, 'account.id');
  if (typeof a.currency !== 'string' || !/^[A-Z]{3}$/.test(a.currency)) throw bad('account.currency', 'must be an ISO 4217 code');
  amount(a.principalMinor, 'account.principalMinor', 1);
  amount(a.aprBp, 'account.aprBp', 0);
  amount(a.termMonths, 'account.termMonths', 1);
  amount(a.contractFeesMinor, 'account.contractFeesMinor', 0);
  if (!lenderTypes.includes(a.lenderType)) throw bad('account.lenderType', `must be one of ${lenderTypes.join(', ')}`);
  return toDay(a.originationDate, 'account.originationDate');
}

function checkSchedule(account: Account, originationDay: number, schedule: readonly Installment[]): ScheduledLine[] {
  if (!Array.isArray(schedule) || schedule.length === 0) throw bad('schedule', 'needs at least one installment');
  const seqs = new Set<number>();
  const lines = schedule.map((s, i): ScheduledLine => {
    const at = `schedule[${i}]`;
    amount(s.seq, `${at}.seq`, 1);
    if (seqs.has(s.seq)) throw bad(`${at}.seq`, `duplicate seq ${s.seq}`);
    seqs.add(s.seq);
    const dueDay = toDay(s.dueDate, `${at}.dueDate`);
    if (dueDay <= originationDay) throw bad(`${at}.dueDate`, 'must be after the origination date');
    return {
      seq: s.seq, dueDay, principalMinor: amount(s.principalMinor, `${at}.principalMinor`, 0),
      interestMinor: amount(s.interestMinor, `${at}.interestMinor`, 0), feesMinor: amount(s.feesMinor, `${at}.feesMinor`, 0),
    };
  });
  const sum = (f: (l: ScheduledLine) => number) => lines.reduce((t, l) => t + f(l), 0);
  if (sum((l) => l.principalMinor) !== account.principalMinor) throw bad('schedule', 'principal does not add up to account.principalMinor');
  if (sum((l) => l.feesMinor) !== account.contractFeesMinor) throw bad('schedule', 'fees do not add up to account.contractFeesMinor');
  if (!Number.isSafeInteger(sum((l) => l.principalMinor + l.interestMinor + l.feesMinor))) throw bad('schedule', 'total too large');
  return lines.sort((a, b) => a.dueDay - b.dueDay || a.seq - b.seq);
}

function checkPayment(p: Payment, at: string, originationDay: number): DatedPayment {
  text(p.id, `${at}.id`);
  amount(p.amountMinor, `${at}.amountMinor`, 1);
  if (!paymentChannels.includes(p.channel)) throw bad(`${at}.channel`, `must be one of ${paymentChannels.join(', ')}`);
  const day = toDay(p.valueDate, `${at}.valueDate`);
  if (day < originationDay) throw bad(`${at}.valueDate`, 'is before the origination date');
  return { payment: p, day };
}

function checkEvents(events: readonly LedgerEvent[], originationDay: number): { payments: DatedPayment[]; reversals: DatedReversal[] } {
  if (!Array.isArray(events)) throw bad('events', 'must be a list');
  const payments = new Map<string, DatedPayment>();
  const pending: { r: Reversal; at: string }[] = [];
  events.forEach((e, i) => {
    const at = `events[${i}]`;
    if (e.kind === 'payment') {
      if (payments.has(e.id)) throw bad(`${at}.id`, `duplicate payment id ${e.id}`);
      payments.set(e.id, checkPayment(e, at, originationDay));
    } else if (e.kind === 'reversal') pending.push({ r: e, at });
    else throw bad(`${at}.kind`, 'must be payment or reversal');
  });
  const reversalIds = new Set<string>();
  const reversed = new Set<string>();
  const reversals = pending.map(({ r, at }): DatedReversal => {
    if (reversalIds.has(text(r.id, `${at}.id`))) throw bad(`${at}.id`, `duplicate reversal id ${r.id}`);
    reversalIds.add(r.id);
    const target = payments.get(text(r.paymentId, `${at}.paymentId`));
    if (!target) throw bad(`${at}.paymentId`, `no payment with id ${r.paymentId}`);
    if (reversed.has(r.paymentId)) throw bad(`${at}.paymentId`, `payment ${r.paymentId} is already reversed`);
    reversed.add(r.paymentId);
    const day = toDay(r.date, `${at}.date`);
    if (day < target.day) throw bad(`${at}.date`, 'is before the value date of the payment it reverses');
    return { reversal: r, day };
  });
  const sorted = [...payments.values()].sort((a, b) => a.day - b.day || byKey(a.payment.id, b.payment.id));
  if (!Number.isSafeInteger(sorted.reduce((t, p) => t + p.payment.amountMinor, 0))) throw bad('events', 'payments total too large');
  return { payments: sorted, reversals: reversals.sort((a, b) => a.day - b.day || byKey(a.reversal.id, b.reversal.id)) };
}

/** Validates everything and precomputes what every replay of this account shares. */
export function prepare(account: Account, schedule: readonly Installment[], events: readonly LedgerEvent[], input?: PolicyInput, opts: LedgerOptions = {}): Context {
  const policy = resolvePolicy(input);
  const originationDay = checkAccount(account);
  const lines = checkSchedule(account, originationDay, schedule);
  const rate = capRate(account, policy.caps);
  const plan = contractCapPlan(lines, originationDay, account.principalMinor, rate.rateBp, policy.caps.limitToCap, policy.caps.dayBasis);
  const penaltyStopDay = opts.penaltyFrozenFrom ? toDay(opts.penaltyFrozenFrom, 'penaltyFrozenFrom') : null;
  return { account, policy, originationDay, lines, plan, rate, ...checkEvents(events, originationDay), penaltyStopDay };
}
