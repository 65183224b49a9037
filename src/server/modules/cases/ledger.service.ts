// Debtor 360: each loan of a case replayed by the pure ledger engine (src/core/delinquency) as of today in the
// creditor's time zone. Read-only; scope and permission come from the cases service (a case outside the caller's
// scope is a 404, exactly as GET /api/cases/:id).
//
// Which figures are shown (per loan):
//   • the loan has payment rows → `payments`: the engine replays them (reversal rows undo the payment named by
//     `reversal_of`); the installments' stored `paid_minor` (an aggregate written by the demo or an import) is
//     ignored, since it cannot say when or in what order the money came.
//   • no payment rows → `stored`: the stored figures are presented as they are. Each installment's `paid_minor`
//     is spread over its own components in waterfall order (fees → penalty → interest → principal; the table holds
//     no fees or penalty, so in effect interest, then principal), and the DPD — today and in the history — is
//     counted from the oldest installment due before the day with anything unpaid, i.e. as if each stored payment
//     was made by its due date. The same happens when the engine refuses the payment rows (a reversal naming an
//     unknown payment, a payment dated before the contract …): `problem` then says why.
//   • no installments either → `account`: the creditor's balance on the loan's balance date (the import day), less
//     the payments dated from that day on, through the waterfall; DPD counted from the loan's overdue-since day.
// The same figures make the case summary (refreshCaseFigures), so the case list and the 360 page agree.
// The policy is the creditor's (creditor.delinquency_policy_json, validated when saved), filled with the engine's
// defaults: no penalty interest, no late fee, licensed cap 24 %, private 4 × LPR, default buckets.
import {
  addDays, bucketForDpd, DEFAULT_POLICY, DelinquencyError, resolvePolicy, type DelinquencyPolicy, type PolicyInput, ledgerAsOf, dpdHistory, paymentChannels, type Account, type Amounts,
  type Component, type Installment, type Ledger, type LedgerEvent, type PaymentChannel, snapshotDpdHistory, snapshotLedger, type Snapshot,
  type SnapshotLedger, type LedgerOptions,
} from '../../../core/delinquency/index.js';
import type { Kysely } from 'kysely';
import type { Bucket } from '../../../contracts/cases.js';
import type { CaseLedger, LedgerAccount } from '../../../contracts/ledger.js';
import type { DB } from '../../db/schema.js';
import { updateByKey } from '../../db/bulk.js';
import { groupBy } from '../../platform/group.js';
import type { AppContext } from '../../context.js';
import type { Principal } from '../../platform/access.js';
import type { CaseService } from './case.service.js';
import { calendarDate } from '../../platform/clock.js';
import type { CollectionCaseTable, DebtAccountTable, InstallmentTable, PaymentTable } from './case.tables.js';

/** Days of DPD history returned, today included. */
export const DPD_HISTORY_DAYS = 90;

/** The demo stores Chinese channel names; the engine knows a fixed list. The stored name is what the API shows. */
const channelAliases: Record<string, PaymentChannel> = { 银行转账: 'bank_transfer', 支付宝: 'online', 微信: 'online', 代扣: 'auto_debit', 柜台: 'counter', 现金: 'cash' };
export function engineChannel(stored: string): PaymentChannel {
  if ((paymentChannels as readonly string[]).includes(stored)) return stored as PaymentChannel;
  return channelAliases[stored] ?? 'other';
}

const zero = (): Amounts => ({ fees: 0, penalty: 0, interest: 0, principal: 0 });
const sum = (a: Amounts) => a.fees + a.penalty + a.interest + a.principal;
const sub = (a: Amounts, b: Amounts): Amounts => ({ fees: a.fees - b.fees, penalty: a.penalty - b.penalty, interest: a.interest - b.interest, principal: a.principal - b.principal });
const add = (a: Amounts, b: Amounts): Amounts => ({ fees: a.fees + b.fees, penalty: a.penalty + b.penalty, interest: a.interest + b.interest, principal: a.principal + b.principal });

function toAccount(a: DebtAccountTable): Account {
  return {
    id: a.id, currency: a.currency, principalMinor: a.principal_minor, aprBp: a.apr_bp, originationDate: a.origination_date, termMonths: a.term_months,
    lenderType: a.lender_type,
    // The installment table has no fee column: contract fees are 0 here (late fees would come from the policy).
    contractFeesMinor: 0,
  };
}

function toSchedule(rows: readonly InstallmentTable[]): Installment[] {
  return rows.map((i) => ({ seq: i.seq, dueDate: i.due_date, principalMinor: i.principal_minor, interestMinor: i.interest_minor, feesMinor: 0 }));
}

/** Payment rows → engine events: a row with `reversal_of` undoes the payment with that external id. */
function toEvents(rows: readonly PaymentTable[]): LedgerEvent[] {
  return rows.map((p): LedgerEvent =>
    p.reversal_of
      ? { kind: 'reversal', id: p.external_id, paymentId: p.reversal_of, date: p.paid_on }
      : { kind: 'payment', id: p.external_id, amountMinor: p.amount_minor, valueDate: p.paid_on, channel: engineChannel(p.channel) },
  );
}

const capsOf = (l: Ledger): LedgerAccount['caps'] => ({
  rateBp: l.caps.rateBp, source: l.caps.source, capMinor: l.caps.capMinor, chargedMinor: l.caps.chargedMinor, excessMinor: l.caps.excessMinor,
  exceeded: l.caps.exceeded, aprExceedsCap: l.caps.aprExceedsCap,
});

type Head = Pick<LedgerAccount, 'id' | 'externalLoanId' | 'product' | 'lenderType' | 'currency' | 'principalMinor' | 'aprBp' | 'originationDate' | 'termMonths'>;
const headOf = (a: DebtAccountTable): Head => ({
  id: a.id, externalLoanId: a.external_loan_id, product: a.product, lenderType: a.lender_type, currency: a.currency, principalMinor: a.principal_minor,
  aprBp: a.apr_bp, originationDate: a.origination_date, termMonths: a.term_months,
});

/** basis = payments: everything from the engine. */
function fromPayments(policy: DelinquencyPolicy, a: DebtAccountTable, schedule: Installment[], rows: PaymentTable[], asOf: string, from: string | null, opts: LedgerOptions): LedgerAccount {
  const events = toEvents(rows);
  const l = ledgerAsOf(toAccount(a), schedule, events, policy, asOf, opts);
  const history = from === null ? [] : dpdHistory(toAccount(a), schedule, events, policy, from, asOf, opts);
  const applied = new Map(l.payments.map((p) => [p.paymentId, p]));
  const reversed = new Set(l.reversals.map((r) => r.paymentId));
  return {
    ...headOf(a), basis: 'payments', balanceAsOf: null, problem: null, dpd: l.dpd, bucket: l.bucket,
    totals: { charged: l.totals.charged, paid: l.totals.paid, outstanding: l.totals.outstanding, outstandingMinor: l.totals.outstandingMinor, pastDueMinor: l.totals.pastDueMinor, creditMinor: l.creditMinor },
    installments: l.installments.map((i) => ({
      seq: i.seq, dueDate: i.dueDate, status: i.status, scheduled: i.scheduled, charged: i.charged, paid: i.paid, outstanding: i.outstanding, outstandingMinor: i.outstandingMinor, dpd: i.dpd,
    })),
    payments: rows.map((p) => {
      const app = p.reversal_of ? undefined : applied.get(p.external_id);
      return {
        externalId: p.external_id, paidOn: p.paid_on, amountMinor: p.amount_minor, channel: p.channel, reversalOf: p.reversal_of, reversed: reversed.has(p.external_id),
        inBalance: false, creditMinor: app?.creditMinor ?? 0,
        allocations: (app?.allocations ?? []).map((x) => ({ seq: x.seq, component: x.component, amountMinor: x.amountMinor, date: x.date, fromCredit: x.fromCredit })),
      };
    }),
    caps: capsOf(l), dpdHistory: history,
  };
}

/** basis = stored: the engine for charges and caps (no events), the stored paid amounts for the rest. */
function fromStored(
  policy: DelinquencyPolicy, a: DebtAccountTable, rows: InstallmentTable[], schedule: Installment[], asOf: string, from: string | null, problem: string | null, opts: LedgerOptions,
): LedgerAccount {
  const l = ledgerAsOf(toAccount(a), schedule, [], policy, asOf, opts);
  const order: readonly Component[] = policy.waterfall.components;
  const stored = new Map(rows.map((r) => [r.seq, r.paid_minor]));
  const installments = l.installments.map((i) => {
    const paid = zero();
    let left = stored.get(i.seq) ?? 0;
    for (const c of order) {
      const take = Math.min(left, i.charged[c]);
      paid[c] = take;
      left -= take;
    }
    // An overpaid installment (more stored than scheduled) shows the surplus on principal rather than losing it.
    paid.principal += left;
    const outstanding = sub(i.charged, paid);
    return { ...i, paid, outstanding, outstandingMinor: Math.max(0, sum(outstanding)) };
  });
  /** DPD on `day` with the stored figures: the oldest installment due before the day that is not fully paid. */
  const dpdOn = (day: string): number => {
    const oldest = installments.find((i) => i.dueDate < day && i.outstandingMinor > 0);
    return oldest ? Math.round((Date.parse(day) - Date.parse(oldest.dueDate)) / 86_400_000) : 0;
  };
  const buckets = policy.buckets;
  const statusOf = (i: (typeof installments)[number]) =>
    i.outstandingMinor <= 0 ? ('paid' as const) : i.dueDate > asOf ? ('not_due' as const) : i.dueDate === asOf ? ('due' as const) : ('past_due' as const);
  const shown = installments.map((i) => {
    const status = statusOf(i);
    return {
      seq: i.seq, dueDate: i.dueDate, status, scheduled: i.scheduled, charged: i.charged, paid: i.paid, outstanding: i.outstanding, outstandingMinor: i.outstandingMinor,
      dpd: status === 'past_due' ? Math.round((Date.parse(asOf) - Date.parse(i.dueDate)) / 86_400_000) : 0,
    };
  });
  const totals = { charged: zero(), paid: zero(), outstanding: zero(), outstandingMinor: 0, pastDueMinor: 0, creditMinor: 0 };
  for (const i of shown) {
    totals.charged = add(totals.charged, i.charged);
    totals.paid = add(totals.paid, i.paid);
    totals.outstanding = add(totals.outstanding, i.outstanding);
    totals.outstandingMinor += i.outstandingMinor;
    if (i.dueDate < asOf) totals.pastDueMinor += i.outstandingMinor;
  }
  const dpd = dpdOn(asOf);
  const history: LedgerAccount['dpdHistory'] = [];
  for (let d = from ?? addDays(asOf, 1); d <= asOf; d = addDays(d, 1)) {
    const v = d <= a.origination_date ? 0 : dpdOn(d);
    history.push({ date: d, dpd: v, bucket: bucketForDpd(v, buckets) });
  }
  return { ...headOf(a), basis: 'stored', balanceAsOf: null, problem, dpd, bucket: bucketForDpd(dpd, buckets), totals, installments: shown, payments: [], caps: capsOf(l), dpdHistory: history };
}

/**
 * basis = account: no schedule. The creditor's balance on `balance_as_of`, less the payments dated from that day on
 * (snapshot.ts). A loan written before 0006 has no balance date: its creation day stands in, and its stored DPD is
 * kept (there is no overdue-since day to count from) until it is paid off.
 */
function fromSnapshot(policy: DelinquencyPolicy, a: DebtAccountTable, payments: PaymentTable[], asOf: string, from: string | null, problem: string | null): LedgerAccount {
  const snapshot: Snapshot = {
    balanceDate: a.balance_as_of ?? a.created_at.slice(0, 10),
    overdueSince: a.overdue_since,
    outstanding: { fees: a.outstanding_fees_minor, penalty: a.outstanding_penalty_minor, interest: a.outstanding_interest_minor, principal: a.outstanding_principal_minor },
  };
  const events = toEvents(payments);
  let l: SnapshotLedger;
  try {
    l = snapshotLedger(snapshot, events, policy, asOf);
  } catch (e) {
    if (!(e instanceof DelinquencyError)) throw e;
    // Payment rows the engine refuses (a reversal of an unknown payment): the creditor's balance as it stands.
    problem = problemOf(e);
    l = snapshotLedger(snapshot, [], policy, asOf);
  }
  const legacy = a.balance_as_of === null && a.overdue_since === null;
  const dpd = legacy ? (l.outstandingMinor > 0 ? Math.max(0, a.dpd) : 0) : l.dpd;
  const byId = new Map(l.payments.map((p) => [p.paymentId, p]));
  const history = from === null || legacy ? [] : problem ? snapshotDpdHistory(snapshot, [], policy, from, asOf) : snapshotDpdHistory(snapshot, events, policy, from, asOf);
  return {
    ...headOf(a), basis: 'account', balanceAsOf: snapshot.balanceDate, problem, dpd, bucket: bucketForDpd(dpd, policy.buckets),
    totals: { charged: l.charged, paid: l.paid, outstanding: l.outstanding, outstandingMinor: l.outstandingMinor, pastDueMinor: dpd > 0 ? l.outstandingMinor : 0, creditMinor: l.creditMinor },
    installments: [],
    payments: payments.map((p) => {
      const x = p.reversal_of ? undefined : byId.get(p.external_id);
      return {
        externalId: p.external_id, paidOn: p.paid_on, amountMinor: p.amount_minor, channel: p.channel, reversalOf: p.reversal_of, reversed: x?.state === 'reversed',
        inBalance: x?.state === 'in_balance', creditMinor: x?.creditMinor ?? 0,
        allocations: (x?.allocations ?? []).map((al) => ({ seq: 0, component: al.component, amountMinor: al.amountMinor, date: p.paid_on, fromCredit: false })),
      };
    }),
    caps: null, dpdHistory: history,
  };
}

const problemOf = (e: unknown): string => (e instanceof DelinquencyError ? `${e.path}: ${e.message}` : e instanceof Error ? e.message : String(e));

/**
 * One loan as of `asOf`: replayed from its payment rows when it has a schedule and payments, else from the stored
 * installment figures, else from the creditor's balance less later payments. `historyFrom` null: no DPD history
 * (what the case figures need). The case summary and the debtor 360 page both read loans through this.
 */
/** A creditor's stored policy with the engine's defaults; a stored policy that no longer validates falls back to them. */
export function policyOf(stored: PolicyInput | null | undefined): DelinquencyPolicy {
  if (!stored) return DEFAULT_POLICY;
  try {
    return resolvePolicy(stored);
  } catch (e) {
    if (e instanceof DelinquencyError) return DEFAULT_POLICY;
    throw e;
  }
}

export function accountLedger(
  policy: DelinquencyPolicy, a: DebtAccountTable, rows: InstallmentTable[], payments: PaymentTable[], asOf: string, historyFrom: string | null, penaltyFrozenFrom: string | null = null,
): LedgerAccount {
  const opts: LedgerOptions = { penaltyFrozenFrom };
  const schedule = toSchedule(rows);
  let problem: string | null = null;
  if (rows.length > 0 && payments.length > 0) {
    try {
      return fromPayments(policy, a, schedule, payments, asOf, historyFrom, opts);
    } catch (e) {
      if (!(e instanceof DelinquencyError)) throw e;
      problem = problemOf(e);
    }
  }
  if (rows.length > 0) {
    try {
      return fromStored(policy, a, rows, schedule, asOf, historyFrom, problem, opts);
    } catch (e) {
      if (!(e instanceof DelinquencyError)) throw e;
      problem = problemOf(e);
    }
  }
  return fromSnapshot(policy, a, payments, asOf, historyFrom, problem);
}

/**
 * Penalty freeze while a payment plan is kept (issue 7: a plan option's `penaltyFrozen`): from the day the plan became
 * active no penalty interest accrues (the engine's `penaltyFrozenFrom`); what accrued before stays owed. Once the plan
 * is broken or completed the freeze is no longer read, and the replay charges the plan's days again, as the
 * creditor's terms say. Late fees are not penalty interest and still apply. Loans known only by their balance accrue
 * no penalty in Concord, so the freeze changes nothing for them.
 */
/** Cases with an active plan that freezes penalty → the day it became active (the case's loans are all frozen). */
export async function penaltyFreezes(x: Kysely<DB>, caseIds: readonly string[]): Promise<Map<string, string>> {
  if (caseIds.length === 0) return new Map();
  const rows = await x.selectFrom('payment_plan').select(['case_id', 'activated_at', 'start_date']).where('case_id', 'in', [...caseIds])
    .where('status', '=', 'active').where('is_penalty_frozen', '=', true).execute();
  return new Map(rows.map((r) => [r.case_id, String(r.activated_at ?? r.start_date).slice(0, 10)]));
}

/**
 * What replaying the loans of some cases needs, read once: their accounts (by case), installments and payments (by
 * account), their creditors' policies and time zones, and the penalty freezes of active plans. Used by the 360
 * page, the case detail and the stored case figures, so all three compute a loan the same way (`ledgerOf`).
 */
export async function loadLoans(x: Kysely<DB>, cases: ReadonlyArray<{ id: string; creditorId: string }>) {
  const caseIds = cases.map((c) => c.id);
  const creditorIds = [...new Set(cases.map((c) => c.creditorId))];
  const [accounts, creditors, frozen] = await Promise.all([
    caseIds.length ? x.selectFrom('debt_account').selectAll().where('case_id', 'in', caseIds).orderBy('origination_date').orderBy('id').execute() : [],
    creditorIds.length ? x.selectFrom('creditor').select(['id', 'time_zone', 'delinquency_policy_json']).where('id', 'in', creditorIds).execute() : [],
    penaltyFreezes(x, caseIds),
  ]);
  const accIds = accounts.map((a) => a.id);
  const [insts, pays] = accIds.length
    ? await Promise.all([
        x.selectFrom('installment').selectAll().where('debt_account_id', 'in', accIds).orderBy('debt_account_id').orderBy('seq').execute(),
        x.selectFrom('payment').selectAll().where('debt_account_id', 'in', accIds).orderBy('paid_on').orderBy('external_id').execute(),
      ])
    : [[], []];
  const accountsOf = groupBy(accounts, (a) => a.case_id);
  const instsOf = groupBy(insts, (r) => r.debt_account_id);
  const paysOf = groupBy(pays, (r) => r.debt_account_id);
  const creditorOf = new Map(creditors.map((c) => [c.id, { timeZone: c.time_zone, policy: policyOf(c.delinquency_policy_json) }]));
  return {
    accountsOf,
    paymentsOf: paysOf,
    policyOf: (creditorId: string) => creditorOf.get(creditorId)?.policy ?? DEFAULT_POLICY,
    timeZoneOf: (creditorId: string) => creditorOf.get(creditorId)?.timeZone ?? 'Asia/Shanghai',
    /** One loan of a case as of `asOf` (history from `historyFrom`, or none). */
    ledgerOf: (c: { id: string; creditorId: string }, a: DebtAccountTable, asOf: string, historyFrom: string | null) =>
      accountLedger(creditorOf.get(c.creditorId)?.policy ?? DEFAULT_POLICY, a, instsOf(a.id), paysOf(a.id), asOf, historyFrom, frozen.get(c.id) ?? null),
  };
}

export function createLedgerService(ctx: AppContext, deps: { cases: Pick<CaseService, 'get'> }) {
  const { db } = ctx;

  async function forCase(p: Principal, caseId: string): Promise<CaseLedger> {
    const c = await deps.cases.get(p, caseId); // cases.read + scope; 404 outside it
    const loans = await loadLoans(db, [{ id: c.id, creditorId: c.creditorId }]);
    const asOf = calendarDate(ctx.clock.now(), loans.timeZoneOf(c.creditorId));
    const from = addDays(asOf, -(DPD_HISTORY_DAYS - 1));
    const out = loans.accountsOf(c.id).map((a) => loans.ledgerOf({ id: c.id, creditorId: c.creditorId }, a, asOf, from));
    return { caseId: c.id, asOf, accounts: out };
  }

  return { forCase };
}

type CaseFigures = Pick<CollectionCaseTable, 'dpd' | 'bucket' | 'principal_due_minor' | 'total_due_minor' | 'status'>;

export type FreshFigures = {
  /** Each case's figures as of the day, and whether they differ from the stored ones. */
  cases: Map<string, CaseFigures & { changed: boolean }>;
  /** Loans whose stored DPD differs from the day's. */
  accountDpd: Array<{ id: string; dpd: number }>;
  /** The rows the figures were computed from (the caller reads them instead of again): the cases' loans and their payments. */
  accounts: DebtAccountTable[];
  payments: PaymentTable[];
};

/**
 * The stored summary of cases — DPD, bucket, principal and total due, and open ↔ paid — and each loan's DPD from their
 * loans as of `asOf` (accountLedger), read in the caller's transaction and not written. A case is `paid` when every
 * loan is paid off and at least one payment was received; a paid case that owes again (a reversal) reopens. Closed
 * and recalled cases keep their status. A batch job (the nightly run) writes them with its own columns, one statement
 * per case instead of two.
 */
export async function computeCaseFigures(trx: Kysely<DB>, caseIds: readonly string[], asOf: string): Promise<FreshFigures> {
  const out: FreshFigures = { cases: new Map(), accountDpd: [], accounts: [], payments: [] };
  for (let i = 0; i < caseIds.length; i += 500) {
    const ids = caseIds.slice(i, i + 500);
    const cases = await trx.selectFrom('collection_case').select(['id', 'creditor_id', 'dpd', 'bucket', 'principal_due_minor', 'total_due_minor', 'status']).where('id', 'in', ids).execute();
    const data = await loadLoans(trx, cases.map((c) => ({ id: c.id, creditorId: c.creditor_id })));
    for (const c of cases) {
      const ref = { id: c.id, creditorId: c.creditor_id };
      const policy = data.policyOf(c.creditor_id);
      const loans = data.accountsOf(c.id).map((a) => ({ a, l: data.ledgerOf(ref, a, asOf, null) }));
      for (const { a } of loans) {
        out.accounts.push(a);
        out.payments.push(...data.paymentsOf(a.id));
      }
      for (const { a, l } of loans) if (a.dpd !== l.dpd) out.accountDpd.push({ id: a.id, dpd: l.dpd });
      const dpd = loans.reduce((m, x) => Math.max(m, x.l.dpd), 0);
      const owed = loans.reduce((s, x) => s + Math.max(0, x.l.totals.outstandingMinor), 0);
      const anyPaid = loans.some((x) => data.paymentsOf(x.a.id).length > 0);
      let status = c.status;
      if (status === 'open' && loans.length > 0 && owed === 0 && anyPaid) status = 'paid';
      else if (status === 'paid' && owed > 0) status = 'open';
      const want: CaseFigures = {
        dpd, bucket: bucketForDpd(dpd, policy.buckets) as Bucket, status,
        principal_due_minor: loans.reduce((s, x) => s + Math.max(0, x.l.totals.outstanding.principal), 0),
        total_due_minor: owed,
      };
      out.cases.set(c.id, { ...want, changed: (Object.keys(want) as Array<keyof CaseFigures>).some((k) => String(c[k]) !== String(want[k])) });
    }
  }
  return out;
}

/** The case-figure columns of collection_case, as updateByKey casts them. */
export const CASE_FIGURE_COLUMNS = { dpd: 'integer', bucket: 'text', status: 'text', principal_due_minor: 'bigint', total_due_minor: 'bigint' } as const;

/**
 * Recomputes and stores the figures of computeCaseFigures, in the caller's transaction; writes only what changed (one statement per table and 500 cases: a new day changes nearly every
 * open case's DPD). Returns the ids of the cases whose summary changed.
 */
export async function refreshCaseFigures(trx: Kysely<DB>, caseIds: readonly string[], asOf: string, nowIso: string): Promise<string[]> {
  const f = await computeCaseFigures(trx, caseIds, asOf);
  const changed = [...f.cases].filter(([, c]) => c.changed).map(([id, c]) => ({ id, ...c }));
  await updateByKey(trx, 'debt_account', 'id', { dpd: 'integer' }, f.accountDpd);
  await updateByKey(trx, 'collection_case', 'id', CASE_FIGURE_COLUMNS, changed, { set: { updated_at: nowIso } });
  return changed.map((c) => c.id);
}
export type LedgerService = ReturnType<typeof createLedgerService>;
