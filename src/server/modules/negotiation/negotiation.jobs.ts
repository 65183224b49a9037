// The nightly `negotiation.evaluate` job (src/server/jobs.ts schedule, one run per day slot): a status that only time
// changes — a promise whose grace ended with no payment, an installment missed beyond its grace — is seen without a
// new payments import. Per creditor (its time zone's today and its grace), the cases with a pending promise due
// before today − grace, or an active plan with an unpaid installment due before then, are paged through by case id
// in batches, each batch re-evaluated by `evaluateAfterPayments` in its own transaction (audited as the system).
// Idempotent: an evaluation that changes nothing writes nothing, so a second run on the same day is a no-op.
import { z } from 'zod';
import { addDays } from '../../../core/delinquency/index.js';
import type { AppContext } from '../../context.js';
import { systemActor } from '../../platform/audit.js';
import { defineJob } from '../../queue/job.js';
import { evaluateAfterPayments, type EvaluateResult } from './negotiation.evaluate.js';
import { calendarDate } from '../../platform/clock.js';
import { negotiationPolicyFor } from './negotiation.policy.js';

export const EVALUATE_BATCH = 200;

/** Re-evaluates every case whose promises or plan installments are past due + grace; returns what changed. */
export async function evaluateDue(ctx: AppContext, batch = EVALUATE_BATCH): Promise<EvaluateResult & { cases: number }> {
  const { db, clock, audit } = ctx;
  const total = { promisesChanged: 0, plansChanged: 0, cases: 0 };
  const creditors = await db.selectFrom('creditor').select(['id', 'time_zone', 'negotiation_policy_json']).orderBy('id').execute();
  for (const cr of creditors) {
    const now = clock.now();
    const today = calendarDate(now, cr.time_zone);
    const grace = negotiationPolicyFor(cr.negotiation_policy_json).graceDays;
    // Broken / missed once today > due + grace, i.e. due < today − grace.
    const cutoff = addDays(today, -grace);
    let after = '';
    for (;;) {
      const [promised, planned] = await Promise.all([
        db.selectFrom('promise_to_pay').innerJoin('collection_case', 'collection_case.id', 'promise_to_pay.case_id')
          .select('promise_to_pay.case_id').distinct()
          .where('collection_case.creditor_id', '=', cr.id).where('promise_to_pay.status', '=', 'pending').where('promise_to_pay.due_date', '<', cutoff)
          .where('promise_to_pay.case_id', '>', after).orderBy('promise_to_pay.case_id').limit(batch).execute(),
        db.selectFrom('payment_plan').innerJoin('plan_installment', 'plan_installment.plan_id', 'payment_plan.id')
          .select('payment_plan.case_id').distinct()
          .where('payment_plan.creditor_id', '=', cr.id).where('payment_plan.status', '=', 'active').where('plan_installment.due_date', '<', cutoff)
          .where('plan_installment.status', 'in', ['upcoming', 'due', 'partial']).where('payment_plan.case_id', '>', after).orderBy('payment_plan.case_id').limit(batch).execute(),
      ]);
      // The first `batch` ids of the union: both lists are sorted, so nothing below the last one is skipped.
      const ids = [...new Set([...promised, ...planned].map((r) => r.case_id))].sort().slice(0, batch);
      if (ids.length === 0) break;
      const r = await db.transaction().execute((trx) =>
        evaluateAfterPayments(trx, ids, today, { nowIso: now.toISOString(), audit, actor: systemActor, graceDays: grace }),
      );
      total.promisesChanged += r.promisesChanged;
      total.plansChanged += r.plansChanged;
      total.cases += ids.length;
      after = ids[ids.length - 1]!;
      if (promised.length < batch && planned.length < batch && ids.length < batch) break;
    }
  }
  return total;
}

export function negotiationJobs(ctx: AppContext) {
  return [
    defineJob({
      name: 'negotiation.evaluate',
      version: 1,
      payload: z.object({}).strict(),
      maxAttempts: 3,
      handler: async (_p, job) => {
        const r = await evaluateDue(ctx);
        job.logger.info(r, 'promises and plans re-evaluated');
      },
    }),
  ];
}
