// Promises and active plans follow the payments imported: `evaluateAfterPayments` re-evaluates every promise and
// every active plan of the given cases with the engine's evaluatePromises / evaluatePlan as of `today` (the
// creditor's calendar date), in the caller's transaction. The intake writer calls it right after the case figures
// are refreshed, so a payments file turns promises kept and plans completed — or, once the grace is over, broken.
//
// Payments that count: the case's payment rows, less reversal rows and the payments they reverse. A promise tied to
// one loan counts that loan's payments only; a promise on the case (no loan) counts all of them. A plan counts the
// payments dated from its start date on. A broken plan stays broken (later payments do not revive it, docs/negotiation.md).
//
// CN-C04 plan hold: activation records `plan_signed` on the case's debts (placePlanHold, in the activation's
// transaction); a plan turning broken here records `plan_breached`, which lifts it (the packs' `liftedBy`). A completed
// plan records nothing: the packs know no other lifting event, and a debt paid or settled under the plan is not to
// be collected again — the hold stays as the record that it was honoured.
//
// The grace: `opts.graceDays` when given, else each case's creditor's policy (negotiation_policy_json).
import type { Transaction } from 'kysely';
import { evaluatePlan, evaluatePromises, type PaymentIn } from '../../../core/negotiation/index.js';
import type { DB } from '../../db/schema.js';
import type { Actor, AuditLog } from '../../platform/audit.js';
import { systemActor } from '../../platform/audit.js';
import type { PaymentTable } from '../cases/index.js';
import { refreshCaseFigures } from '../cases/index.js';
import { recordPlanEvent } from '../compliance/index.js';
import { negotiationPolicyFor } from './negotiation.policy.js';
import type { PaymentPlanTable } from './negotiation.tables.js';

/** CN-C04: the plan hold on the case's debts, placed when the plan becomes active (in the caller's transaction). */
export function placePlanHold(trx: Transaction<DB>, plan: Pick<PaymentPlanTable, 'id' | 'case_id'>, at: string, createdBy: string | null): Promise<string> {
  return recordPlanEvent(trx, { caseId: plan.case_id, type: 'plan_signed', at, note: `plan ${plan.id} active`, createdBy });
}

/** Lifts the plan hold: `plan_breached` strictly after the hold (the engine lifts only with a later event). */
function liftPlanHold(trx: Transaction<DB>, plan: Pick<PaymentPlanTable, 'id' | 'case_id' | 'activated_at'>, now: string): Promise<string> {
  const after = plan.activated_at && plan.activated_at >= now ? new Date(Date.parse(plan.activated_at) + 1).toISOString() : now;
  return recordPlanEvent(trx, { caseId: plan.case_id, type: 'plan_breached', at: after, note: `plan ${plan.id} broken`, createdBy: null });
}

export type EvaluateOptions = {
  graceDays?: number;
  nowIso?: string;
  /** When given, every status change is audited (the import's actor, or the system). */
  audit?: AuditLog;
  actor?: Actor;
};

export type EvaluateResult = { promisesChanged: number; plansChanged: number };

/** Payment rows → money received: reversal rows and the payments they undo count for nothing. */
export function effectivePayments(rows: readonly Pick<PaymentTable, 'external_id' | 'amount_minor' | 'paid_on' | 'reversal_of' | 'debt_account_id'>[]) {
  const reversed = new Set(rows.filter((r) => r.reversal_of).map((r) => r.reversal_of));
  return rows.filter((r) => !r.reversal_of && !reversed.has(r.external_id)).map((r) => ({ date: String(r.paid_on).slice(0, 10), amountMinor: Number(r.amount_minor), accountId: r.debt_account_id }));
}

export async function evaluateAfterPayments(trx: Transaction<DB>, caseIds: readonly string[], today: string, opts: EvaluateOptions = {}): Promise<EvaluateResult> {
  const now = opts.nowIso ?? new Date().toISOString();
  const result: EvaluateResult = { promisesChanged: 0, plansChanged: 0 };
  /** Cases whose penalty freeze ended (a frozen plan broken or completed): their figures accrue penalty again. */
  const unfrozen: string[] = [];
  const record = async (action: string, entityType: string, entityId: string, before: unknown, after: unknown) => {
    if (opts.audit) await opts.audit.record(opts.actor ?? systemActor, { action, entityType, entityId, before, after, meta: { asOf: today } }, trx);
  };
  for (let i = 0; i < caseIds.length; i += 500) {
    const ids = caseIds.slice(i, i + 500);
    const [promises, plans] = await Promise.all([
      trx.selectFrom('promise_to_pay').selectAll().where('case_id', 'in', ids).execute(),
      trx.selectFrom('payment_plan').selectAll().where('case_id', 'in', ids).where('status', '=', 'active').execute(),
    ]);
    if (promises.length === 0 && plans.length === 0) continue;
    const withWork = [...new Set([...promises.map((p) => p.case_id), ...plans.map((p) => p.case_id)])];
    const graceOf = new Map<string, number>();
    if (opts.graceDays === undefined) {
      const rows = await trx
        .selectFrom('collection_case')
        .innerJoin('creditor', 'creditor.id', 'collection_case.creditor_id')
        .select(['collection_case.id', 'creditor.negotiation_policy_json'])
        .where('collection_case.id', 'in', withWork)
        .execute();
      for (const r of rows) graceOf.set(r.id, negotiationPolicyFor(r.negotiation_policy_json).graceDays);
    }
    const payRows = await trx
      .selectFrom('payment')
      .select(['case_id', 'debt_account_id', 'external_id', 'amount_minor', 'paid_on', 'reversal_of'])
      .where('case_id', 'in', withWork)
      .orderBy('paid_on')
      .orderBy('external_id')
      .execute();
    const installments = plans.length
      ? await trx.selectFrom('plan_installment').selectAll().where('plan_id', 'in', plans.map((p) => p.id)).orderBy('seq').execute()
      : [];

    for (const caseId of withWork) {
      const grace = opts.graceDays ?? graceOf.get(caseId) ?? negotiationPolicyFor(null).graceDays;
      const pays = effectivePayments(payRows.filter((r) => r.case_id === caseId));
      // Promises: one evaluation per loan (and one for the promises on the whole case), so payments are shared
      // oldest-due-first only among promises they can pay.
      const mine = promises.filter((p) => p.case_id === caseId);
      const groups = new Map<string | null, typeof mine>();
      for (const p of mine) groups.set(p.debt_account_id, [...(groups.get(p.debt_account_id) ?? []), p]);
      for (const [accountId, group] of groups) {
        const money: PaymentIn[] = pays.filter((x) => accountId === null || x.accountId === accountId).map(({ date, amountMinor }) => ({ date, amountMinor }));
        const states = evaluatePromises(
          group.map((p) => ({ id: p.id, dueDate: p.due_date, amountMinor: Number(p.amount_minor), madeOn: p.made_on })),
          money,
          grace,
          today,
        );
        for (const s of states) {
          const p = group.find((x) => x.id === s.id)!;
          if (p.status === s.status && Number(p.paid_minor) === s.paidMinor && p.kept_on === s.keptOn) continue;
          await trx.updateTable('promise_to_pay').set({ status: s.status, paid_minor: s.paidMinor, kept_on: s.keptOn, evaluated_at: now, updated_at: now }).where('id', '=', p.id).execute();
          result.promisesChanged++;
          if (p.status !== s.status) await record(`promise.${s.status}`, 'promise_to_pay', p.id, { status: p.status, paidMinor: Number(p.paid_minor) }, { status: s.status, paidMinor: s.paidMinor });
        }
      }
      for (const plan of plans.filter((p) => p.case_id === caseId)) {
        const rows = installments.filter((x) => x.plan_id === plan.id);
        const money = pays.filter((x) => x.date >= plan.start_date).map(({ date, amountMinor }) => ({ date, amountMinor }));
        const state = evaluatePlan(rows.map((r) => ({ seq: r.seq, dueDate: r.due_date, amountMinor: Number(r.amount_minor) })), money, grace, today);
        for (const inst of state.installments) {
          const r = rows.find((x) => x.seq === inst.seq)!;
          if (r.status !== inst.status || Number(r.paid_minor) !== inst.paidMinor) {
            await trx.updateTable('plan_installment').set({ status: inst.status, paid_minor: inst.paidMinor }).where('id', '=', r.id).execute();
          }
        }
        const status = state.status;
        if (status !== plan.status || Number(plan.paid_minor) !== state.paidMinor) {
          await trx
            .updateTable('payment_plan')
            .set({ status, paid_minor: state.paidMinor, evaluated_at: now, updated_at: now, ...(status !== 'active' ? { closed_at: now } : {}) })
            .where('id', '=', plan.id)
            .execute();
          result.plansChanged++;
          if (status === 'broken') await liftPlanHold(trx, plan, now);
          if (status !== 'active' && plan.is_penalty_frozen) unfrozen.push(plan.case_id);
          if (status !== plan.status) {
            await record(`plan.${status}`, 'payment_plan', plan.id, { status: plan.status, paidMinor: Number(plan.paid_minor) }, { status, paidMinor: state.paidMinor, broken: state.broken, completedOn: state.completedOn });
          }
        }
      }
    }
  }
  if (unfrozen.length) await refreshCaseFigures(trx, unfrozen, today, now);
  return result;
}
