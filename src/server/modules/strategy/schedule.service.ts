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
import type { Kysely } from 'kysely';
import type { ScheduleSummary } from '../../../contracts/strategy.js';
import type { AppContext } from '../../context.js';
import type { DB } from '../../db/schema.js';
import type { UserPrincipal } from '../../platform/access.js';
import { newId } from '../../platform/ids.js';
import { forEachLimit } from '../../platform/parallel.js';
import { createCaseService, type CaseService } from '../cases/index.js';
import { createComplianceService } from '../compliance/index.js';
import { createMessagingService, enqueueMessages, type EnqueueInput, type MessageChannel, type MessagingService } from '../messaging/index.js';
import { createStaffService } from '../staff/index.js';
import { runActor, writeLanes } from './allocation.service.js';
import type { ScheduledActionTable } from './allocation.tables.js';

/** The run reads cases and renders messages as the system (every scope); nothing is attributed to this principal. */
const RUN: UserPrincipal = {
  kind: 'user', userId: 'system', username: 'system', displayName: 'system', role: 'admin', teamId: null, creditorId: null, sessionId: 'system', ip: null, requestId: null,
};
const CHUNK = 1000;
const FLAGGED = new Set(['legal_review', 'skip_trace']);
const OPEN_VISITS = ['requested', 'approved', 'planned'] as const;

export type ScheduleDeps = { cases: Pick<CaseService, 'getMany'>; messaging: Pick<MessagingService, 'prepareMessages'> };

/** The run's own case and messaging services (the nightly job has no composed services). */
export function scheduleDeps(ctx: AppContext): ScheduleDeps {
  const cases = createCaseService(ctx);
  const compliance = createComplianceService(ctx, { cases, staff: createStaffService(ctx) });
  return { cases, messaging: createMessagingService(ctx, { cases, compliance }) };
}

type Row = {
  case_id: string; kind: string; at: string | null; template: string | null; score: number; band: string; segment: string;
  /** The contact point the scoring batch chose for the action (the mobile first for a call, the first verified address for a visit). */
  contact: string | null | undefined;
  debtor_id: string; creditor_id: string; user_id: string | null; role: string | null;
};
type Outcome = { row: Row; status: ScheduledActionTable['status']; reason: string | null; ref?: { type: ScheduledActionTable['ref_type']; id: string } };

/**
 * Schedules the date's next actions; returns the date's scheduling counts. Per chunk of 1,000 cases: the contact point
 * is the one the scoring batch chose (case_score.next_action_contact_id), the messages are rendered together (one read
 * of the cases, each template read once), and every item of the chunk is written in one transaction, one statement per
 * table.
 */
export async function scheduleRun(ctx: AppContext, runId: string, asOf: string, deps: ScheduleDeps = scheduleDeps(ctx)): Promise<ScheduleSummary> {
  const { db, clock, audit } = ctx;
  const rows: Row[] = (await db.selectFrom('case_score').innerJoin('collection_case', 'collection_case.id', 'case_score.case_id')
    .leftJoin('app_user', 'app_user.id', 'collection_case.assigned_user_id')
    .select(['case_score.case_id', 'case_score.next_action_kind as kind', 'case_score.next_action_at as at', 'case_score.next_action_template as template', 'case_score.score',
      'case_score.next_action_contact_id as contact',
      'case_score.band', 'case_score.segment', 'collection_case.debtor_id', 'collection_case.creditor_id', 'collection_case.assigned_user_id as user_id', 'app_user.role'])
    .where('case_score.as_of', '=', asOf).where('collection_case.status', '=', 'open').orderBy('case_score.case_id').execute()).map((r) => ({ ...r, score: Number(r.score) }));
  const defaults = new Map((await db.selectFrom('creditor_reminder_template').select(['creditor_id', 'channel', 'template_id']).execute()).map((t) => [`${t.creditor_id}:${t.channel}`, t.template_id]));
  const actor = runActor(asOf);
  // Chunks are independent (distinct cases; delivery jobs are keyed in time order and the audit head is locked last).
  await forEachLimit(chunksOf(rows, CHUNK), writeLanes(ctx), async (part) => {
    const ids = part.map((r) => r.case_id);
    const [done, openVisits] = await Promise.all([
      db.selectFrom('scheduled_action').select(['case_id', 'kind']).where('as_of', '=', asOf).where('case_id', 'in', ids).execute(),
      db.selectFrom('visit_request').select('case_id').where('case_id', 'in', ids).where('status', 'in', [...OPEN_VISITS]).execute(),
    ]);
    const seen = new Set(done.map((d) => `${d.case_id}:${d.kind}`));
    const visiting = new Set(openVisits.map((v) => v.case_id));
    const now = clock.now().toISOString();
    const outcomes: Outcome[] = [];
    const sends: Array<{ row: Row; channel: MessageChannel; to: string; templateId: string }> = [];
    const calls: Array<{ row: Row; phoneId: string }> = [];
    const visits: Array<{ row: Row; addressId: string; userId: string }> = [];
    for (const r of part) {
      if (seen.has(`${r.case_id}:${r.kind}`)) continue;
      if (FLAGGED.has(r.kind)) outcomes.push({ row: r, status: 'flagged', reason: null });
      else if (r.at === null) outcomes.push({ row: r, status: 'skipped', reason: 'blocked' });
      else if (r.kind === 'sms' || r.kind === 'email') {
        const channel: MessageChannel = r.kind;
        const to = r.contact ?? null;
        const templateId = r.template ?? defaults.get(`${r.creditor_id}:${channel}`) ?? null;
        if (!to || !templateId) outcomes.push({ row: r, status: 'skipped', reason: !to ? 'no_contact_point' : 'no_template' });
        else sends.push({ row: r, channel, to, templateId });
      } else if (r.kind === 'call') {
        if (!r.user_id || !r.contact) outcomes.push({ row: r, status: 'skipped', reason: !r.user_id ? 'unallocated' : 'no_contact_point' });
        else calls.push({ row: r, phoneId: r.contact });
      } else if (r.kind === 'visit_request') {
        const address = r.contact;
        const reason = !address ? 'no_address' : r.role !== 'field_collector' ? 'unallocated' : visiting.has(r.case_id) ? 'visit_open' : null;
        if (reason || !address || !r.user_id) outcomes.push({ row: r, status: 'skipped', reason: reason ?? 'unallocated' });
        else visits.push({ row: r, addressId: address, userId: r.user_id });
      } else outcomes.push({ row: r, status: 'skipped', reason: r.kind === 'none' ? 'no_action' : r.kind === 'letter' ? 'letter' : `unknown_kind:${r.kind}` });
    }
    // Messages: rendered through messaging's one templated path, the chunk's cases read together.
    const messages: EnqueueInput[] = [];
    if (sends.length) {
      const detail = new Map((await deps.cases.getMany(RUN, sends.map((x) => x.row.case_id))).map((c) => [c.id, c]));
      const ready = sends.filter((x) => detail.has(x.row.case_id));
      for (const x of sends) if (!detail.has(x.row.case_id)) outcomes.push({ row: x.row, status: 'skipped', reason: 'not_prepared' });
      const prepared = await deps.messaging.prepareMessages(RUN, ready.map((x) => ({ c: detail.get(x.row.case_id)!, req: { templateId: x.templateId, channel: x.channel, to: x.to } })));
      ready.forEach((x, k) => {
        const m = prepared[k]!;
        if (m instanceof Error) {
          outcomes.push({ row: x.row, status: 'skipped', reason: m.message.slice(0, 120) });
          return;
        }
        messages.push({
          id: m.messageId, caseId: x.row.case_id, debtorId: x.row.debtor_id, channel: x.channel, contactPointId: x.to, subject: m.subject, body: m.body, institution: m.institution,
          templateVersionId: m.versionId, attemptId: null, createdBy: null, at: now, sendAt: x.row.at!,
        });
        outcomes.push({ row: x.row, status: 'scheduled', reason: null, ref: { type: 'outbox_message', id: m.messageId } });
      });
    }
    const callbacks = calls.map((x) => ({
      id: newId(), case_id: x.row.case_id, attempt_id: null, party_kind: 'debtor' as const, party_id: x.row.debtor_id, contact_point_id: x.phoneId, due_at: x.row.at!,
      status: 'pending' as const, created_by: null, created_at: now,
    }));
    calls.forEach((x, k) => outcomes.push({ row: x.row, status: 'scheduled', reason: null, ref: { type: 'callback', id: callbacks[k]!.id } }));
    const requests = visits.map((x) => ({
      id: newId(), case_id: x.row.case_id, address_id: x.addressId, requested_by: x.userId, reason: `夜间批处理 ${asOf}：${x.row.segment}，评分 ${x.row.score}（策略生成） / nightly strategy`,
      priority: x.row.band === 'A' ? 3 : x.row.band === 'B' ? 2 : 1, status: 'requested' as const, approved_by: null, approved_at: null, decision_reason: null, planned_date: null, plan_id: null,
      created_at: now, updated_at: now,
    }));
    visits.forEach((x, k) => outcomes.push({ row: x.row, status: 'scheduled', reason: null, ref: { type: 'visit_request', id: requests[k]!.id } }));
    if (outcomes.length === 0) return;
    await db.transaction().execute(async (trx) => {
      await enqueueMessages(trx, messages);
      // One delivery job per instant: the job drains every message due by then (messaging's deliverJob).
      for (const due of [...new Set(messages.map((m) => m.sendAt!))].sort()) {
        const first = messages.find((m) => m.sendAt === due)!;
        await ctx.queue.enqueue('messaging.deliver', { messageId: first.id! }, { trx, runAt: new Date(due), jobKey: `message-at:${due}` });
      }
      // The strategy's earlier pending callbacks of these cases are superseded by the new ones.
      if (callbacks.length) {
        await trx.updateTable('callback').set({ status: 'cancelled' }).where('case_id', 'in', callbacks.map((c) => c.case_id)).where('status', '=', 'pending')
          .where('attempt_id', 'is', null).where('created_by', 'is', null).execute();
      }
      for (const part of chunksOf(callbacks)) await trx.insertInto('callback').values(part).execute();
      for (const part of chunksOf(requests)) await trx.insertInto('visit_request').values(part).execute();
      await audit.recordMany(actor, requests.map((v) => ({
        action: 'visit_request.create', entityType: 'visit_request', entityId: v.id, after: { caseId: v.case_id, addressId: v.address_id, for: v.requested_by, source: 'nightly', asOf },
      })), trx);
      for (const part of chunksOf(outcomes)) {
        await trx.insertInto('scheduled_action').values(part.map((o) => ({
          id: newId(), run_id: runId, as_of: asOf, case_id: o.row.case_id, kind: o.row.kind, status: o.status, reason: o.reason, ref_type: o.ref?.type ?? null, ref_id: o.ref?.id ?? null,
          user_id: o.row.user_id, due_at: o.status === 'scheduled' ? o.row.at : null, created_at: now,
        }))).execute();
      }
    });
  });
  return scheduleSummary(db, asOf);
}

const chunksOf = <T>(xs: readonly T[], n = 200): T[][] => Array.from({ length: Math.ceil(xs.length / n) }, (_, i) => xs.slice(i * n, (i + 1) * n));

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
