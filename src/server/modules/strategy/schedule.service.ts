// The nightly run's scheduling phase (issue 9, part 5): once per run, after allocation, turn each scored open case's
// next action into a real item at the engine's time (case_score.next_action_at: the compliance engine's lawful
// instant, or its nextAllowedAt):
//   sms / email    → an outbox message, sent from that time; its template is the one the strategy's step names
//                    (case_score.next_action_template) or else the creditor's default reminder template of the channel.
//                    Rendered through messaging's one templated path (prepareMessage); the messaging worker asks the
//                    engine again when it sends (and defers or drops it then).
//   call           → a pending desk callback for the allocated collector (it puts the case on their queue for the day);
//                    the strategy's earlier pending callbacks of the case are superseded (cancelled).
//   visit_request  → a visit request (status requested) for the verified address, requested for the allocated field
//                    collector; not when the case already has one open.
//   legal_review, skip_trace → flagged (counted; no item).
// Idempotent per (as-of, case, kind): the scheduled_action ledger row is written with the item in one transaction,
// and a case that has its row for the date is skipped — a re-run schedules nothing twice.
import type { Kysely, Transaction } from 'kysely';
import type { CaseDetail } from '../../../contracts/cases.js';
import type { ScheduleSummary } from '../../../contracts/strategy.js';
import type { AppContext } from '../../context.js';
import type { DB } from '../../db/schema.js';
import type { UserPrincipal } from '../../platform/access.js';
import { newId } from '../../platform/ids.js';
import { createCaseService, type CaseService } from '../cases/index.js';
import { createComplianceService } from '../compliance/index.js';
import { createMessagingService, enqueueMessage, type MessageChannel, type MessagingService } from '../messaging/index.js';
import { createStaffService } from '../staff/index.js';
import { runActor } from './allocation.service.js';
import type { ScheduledActionTable } from './allocation.tables.js';

/** The run reads cases and renders messages as the system (every scope); nothing is attributed to this principal. */
const RUN: UserPrincipal = {
  kind: 'user', userId: 'system', username: 'system', displayName: 'system', role: 'admin', teamId: null, creditorId: null, sessionId: 'system', ip: null, requestId: null,
};
const CHUNK = 200;
const FLAGGED = new Set(['legal_review', 'skip_trace']);
const OPEN_VISITS = ['requested', 'approved', 'planned'] as const;

export type ScheduleDeps = { cases: Pick<CaseService, 'get'>; messaging: Pick<MessagingService, 'prepareMessage'> };

/** The run's own case and messaging services (the nightly job has no composed services). */
export function scheduleDeps(ctx: AppContext): ScheduleDeps {
  const cases = createCaseService(ctx);
  const compliance = createComplianceService(ctx, { cases, staff: createStaffService(ctx) });
  return { cases, messaging: createMessagingService(ctx, { cases, compliance }) };
}

type Row = {
  case_id: string; kind: string; at: string | null; template: string | null; score: number; band: string; segment: string;
  debtor_id: string; creditor_id: string; user_id: string | null; role: string | null;
};

/** Schedules the date's next actions; returns the date's scheduling counts. */
export async function scheduleRun(ctx: AppContext, runId: string, asOf: string, deps: ScheduleDeps = scheduleDeps(ctx)): Promise<ScheduleSummary> {
  const { db, clock, audit } = ctx;
  const rows: Row[] = (await db.selectFrom('case_score').innerJoin('collection_case', 'collection_case.id', 'case_score.case_id')
    .leftJoin('app_user', 'app_user.id', 'collection_case.assigned_user_id')
    .select(['case_score.case_id', 'case_score.next_action_kind as kind', 'case_score.next_action_at as at', 'case_score.next_action_template as template', 'case_score.score',
      'case_score.band', 'case_score.segment', 'collection_case.debtor_id', 'collection_case.creditor_id', 'collection_case.assigned_user_id as user_id', 'app_user.role'])
    .where('case_score.as_of', '=', asOf).where('collection_case.status', '=', 'open').orderBy('case_score.case_id').execute()).map((r) => ({ ...r, score: Number(r.score) }));
  const defaults = new Map((await db.selectFrom('creditor_reminder_template').select(['creditor_id', 'channel', 'template_id']).execute()).map((t) => [`${t.creditor_id}:${t.channel}`, t.template_id]));
  const actor = runActor(asOf);
  for (let i = 0; i < rows.length; i += CHUNK) {
    const part = rows.slice(i, i + CHUNK);
    const ids = part.map((r) => r.case_id);
    const debtorIds = [...new Set(part.map((r) => r.debtor_id))];
    const [done, phones, emails, addresses, openVisits] = await Promise.all([
      db.selectFrom('scheduled_action').select(['case_id', 'kind']).where('as_of', '=', asOf).where('case_id', 'in', ids).execute(),
      db.selectFrom('phone').select(['id', 'debtor_id', 'kind']).where('debtor_id', 'in', debtorIds).where('contact_person_id', 'is', null).where('status', '!=', 'invalid').orderBy('id').execute(),
      db.selectFrom('email_address').select(['id', 'debtor_id']).where('debtor_id', 'in', debtorIds).where('contact_person_id', 'is', null).where('status', '!=', 'invalid').orderBy('id').execute(),
      db.selectFrom('address').select(['id', 'debtor_id']).where('debtor_id', 'in', debtorIds).where('contact_person_id', 'is', null).where('verification_status', '=', 'verified').orderBy('id').execute(),
      db.selectFrom('visit_request').select('case_id').where('case_id', 'in', ids).where('status', 'in', [...OPEN_VISITS]).execute(),
    ]);
    const seen = new Set(done.map((d) => `${d.case_id}:${d.kind}`));
    const first = <T extends { debtor_id: string }>(xs: T[], debtorId: string, pick: (x: T) => boolean = () => true) => xs.find((x) => x.debtor_id === debtorId && pick(x)) ?? null;
    const visiting = new Set(openVisits.map((v) => v.case_id));
    const now = clock.now().toISOString();
    const plans: Array<{ row: Row; status: ScheduledActionTable['status']; reason: string | null; write?: (trx: Transaction<DB>) => Promise<{ type: ScheduledActionTable['ref_type']; id: string }> }> = [];
    for (const r of part) {
      if (seen.has(`${r.case_id}:${r.kind}`)) continue;
      if (FLAGGED.has(r.kind)) {
        plans.push({ row: r, status: 'flagged', reason: null });
        continue;
      }
      if (r.at === null) {
        plans.push({ row: r, status: 'skipped', reason: 'blocked' });
        continue;
      }
      const due = r.at;
      if (r.kind === 'sms' || r.kind === 'email') {
        const channel: MessageChannel = r.kind;
        const to = channel === 'sms' ? (first(phones, r.debtor_id, (p) => p.kind === 'mobile')?.id ?? null) : (first(emails, r.debtor_id)?.id ?? null);
        const templateId = r.template ?? defaults.get(`${r.creditor_id}:${channel}`) ?? null;
        if (!to || !templateId) {
          plans.push({ row: r, status: 'skipped', reason: !to ? 'no_contact_point' : 'no_template' });
          continue;
        }
        let prepared: Awaited<ReturnType<MessagingService['prepareMessage']>>;
        try {
          const c: CaseDetail = await deps.cases.get(RUN, r.case_id);
          prepared = await deps.messaging.prepareMessage(RUN, c, { templateId, channel, to });
        } catch (e) {
          plans.push({ row: r, status: 'skipped', reason: e instanceof Error ? e.message.slice(0, 120) : 'not_prepared' });
          continue;
        }
        plans.push({
          row: r, status: 'scheduled', reason: null,
          write: async (trx) => {
            const id = await enqueueMessage(trx, {
              id: prepared.messageId, caseId: r.case_id, debtorId: r.debtor_id, channel, contactPointId: to, subject: prepared.subject, body: prepared.body, institution: prepared.institution,
              templateVersionId: prepared.versionId, attemptId: null, createdBy: null, at: now, sendAt: due,
            });
            await ctx.queue.enqueue('messaging.deliver', { messageId: id }, { trx, runAt: new Date(due), jobKey: `message:${id}` });
            return { type: 'outbox_message', id };
          },
        });
      } else if (r.kind === 'call') {
        const phone = first(phones, r.debtor_id, (p) => p.kind === 'mobile') ?? first(phones, r.debtor_id);
        if (!r.user_id || !phone) {
          plans.push({ row: r, status: 'skipped', reason: !r.user_id ? 'unallocated' : 'no_contact_point' });
          continue;
        }
        plans.push({
          row: r, status: 'scheduled', reason: null,
          write: async (trx) => {
            // The strategy's earlier pending callbacks of the case are superseded by this one.
            await trx.updateTable('callback').set({ status: 'cancelled' }).where('case_id', '=', r.case_id).where('status', '=', 'pending').where('attempt_id', 'is', null).where('created_by', 'is', null).execute();
            const id = newId();
            await trx.insertInto('callback').values({
              id, case_id: r.case_id, attempt_id: null, party_kind: 'debtor', party_id: r.debtor_id, contact_point_id: phone.id, due_at: due, status: 'pending', created_by: null, created_at: now,
            }).execute();
            return { type: 'callback', id };
          },
        });
      } else if (r.kind === 'visit_request') {
        const address = first(addresses, r.debtor_id);
        const reason = !address ? 'no_address' : r.role !== 'field_collector' ? 'unallocated' : visiting.has(r.case_id) ? 'visit_open' : null;
        if (reason || !address || !r.user_id) {
          plans.push({ row: r, status: 'skipped', reason: reason ?? 'unallocated' });
          continue;
        }
        const userId = r.user_id;
        plans.push({
          row: r, status: 'scheduled', reason: null,
          write: async (trx) => {
            const id = newId();
            await trx.insertInto('visit_request').values({
              id, case_id: r.case_id, address_id: address.id, requested_by: userId, reason: `夜间批处理 ${asOf}：${r.segment}，评分 ${r.score}（策略生成） / nightly strategy`,
              priority: r.band === 'A' ? 3 : r.band === 'B' ? 2 : 1, status: 'requested', approved_by: null, approved_at: null, decision_reason: null, planned_date: null, plan_id: null,
              created_at: now, updated_at: now,
            }).execute();
            await audit.record(actor, { action: 'visit_request.create', entityType: 'visit_request', entityId: id, after: { caseId: r.case_id, addressId: address.id, for: userId, source: 'nightly', asOf } }, trx);
            return { type: 'visit_request', id };
          },
        });
      } else plans.push({ row: r, status: 'skipped', reason: r.kind === 'none' ? 'no_action' : r.kind === 'letter' ? 'letter' : `unknown_kind:${r.kind}` });
    }
    if (plans.length === 0) continue;
    await db.transaction().execute(async (trx) => {
      for (const p of plans) {
        const ref = p.write ? await p.write(trx) : null;
        await trx.insertInto('scheduled_action').values({
          id: newId(), run_id: runId, as_of: asOf, case_id: p.row.case_id, kind: p.row.kind, status: p.status, reason: p.reason, ref_type: ref?.type ?? null, ref_id: ref?.id ?? null,
          user_id: p.row.user_id, due_at: p.status === 'scheduled' ? p.row.at : null, created_at: now,
        }).execute();
      }
    });
  }
  return scheduleSummary(db, asOf);
}

/** The date's scheduling counts, from the ledger. */
export async function scheduleSummary(db: Kysely<DB>, asOf: string): Promise<ScheduleSummary> {
  const rows = await db.selectFrom('scheduled_action').select(['status', 'kind', 'reason', (eb) => eb.fn.countAll<number>().as('n')]).where('as_of', '=', asOf).groupBy(['status', 'kind', 'reason']).execute();
  const out: ScheduleSummary = { scheduled: {}, flagged: {}, skipped: {} };
  for (const r of rows) {
    const key = r.status === 'skipped' ? (r.reason ?? 'unknown') : r.kind;
    out[r.status][key] = (out[r.status][key] ?? 0) + Number(r.n);
  }
  return out;
}
