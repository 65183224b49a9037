// The case timeline (issue 5, item 2; issue 6: SMS replies in the timeline): one newest-first, keyset-paginated list of
// attempts, messages, replies, visits, payments, promises, plans, callbacks, contact events, documents and reveals.
//
// Where it lives and why: this is a read-only projection over several modules' tables (compliance, messaging, visits,
// cases, negotiation, desk, documents, the audit log). It belongs to the desk — the collector's workplace that already
// reads promises and callbacks across modules for My queue — rather than to the cases module, which every other module
// depends on and which must not depend back on them. Exporting a `timelineEntries()` from each module would spread one
// keyset contract over eleven files and make the cursor's tie-break rule easy to get wrong in one of them; here it is
// written once (`after()`), and every statement still starts from a case the caller's data scope admits (404 outside).
// It writes nothing, and reads only what the owning modules already show on the case page (masked personal data only).
//
// Order and cursor: entries are ordered by (at desc, source key desc, row id desc). Each source (a table, or one phase
// of a table such as a plan's activation) has a fixed key, so the cursor (at, key, id) turns into a plain range
// condition per source (a phase's key sorts after the phases before it, so a tie reads in story order) and each source reads at most `limit + 1` rows from its (case_id, time) index; no OFFSET.
import { sql, type Expression, type SqlBool } from 'kysely';
import { timelineKinds, type TimelineEntry, type TimelineKind, type TimelineQuery, type TimelineResponse } from '../../../contracts/timeline.js';
import type { AppContext } from '../../context.js';
import { hasPermission, requirePermission, scopeOf, type Principal } from '../../platform/access.js';
import { AppError, defineErrors } from '../../platform/errors.js';
import { scopeFilter } from '../cases/index.js';
import { calendarDate } from '../../platform/clock.js';
import { AGENCY_TIME_ZONE } from '../staff/index.js';
import { dayStartIso } from './queue.repository.js';

export const TimelineErrors = defineErrors({
  'timeline.bad_cursor': { kind: 'validation', zh: '参数 before（分页游标）无效，请从第一页重新加载', en: 'The before parameter (page cursor) is not valid; reload from the first page' },
});

type Cursor = { at: string; k: string; id: string };
type Actor = TimelineEntry['actor'];
/** An entry before user names and masked contact points are filled in. */
type Raw = Omit<TimelineEntry, 'id' | 'actor'> & { key: string; rowId: string; actor: Actor | { type: 'user'; userId: string | null; label?: string | null } };

export function encodeCursor(c: Cursor): string {
  return Buffer.from(JSON.stringify([c.at, c.k, c.id]), 'utf8').toString('base64url');
}

export function decodeCursor(s: string): Cursor {
  try {
    const v: unknown = JSON.parse(Buffer.from(s, 'base64url').toString('utf8'));
    if (Array.isArray(v) && v.length === 3 && v.every((x) => typeof x === 'string')) {
      const [at, k, id] = v as [string, string, string];
      if (!Number.isNaN(Date.parse(at)) && /^[a-z.]{1,40}$/.test(k) && /^[0-9a-f-]{36}$/.test(id)) return { at: new Date(at).toISOString(), k, id };
    }
  } catch {
    /* not base64url JSON */
  }
  throw new AppError(TimelineErrors['timeline.bad_cursor'], {
    issues: [{ path: 'query.before', message: '分页游标无效，请从第一页重新加载', messageEn: 'not a cursor this API returned; reload from the first page' }],
  });
}

/** Rows of source `key` that come after the cursor in (at desc, key desc, id desc) order. */
function after(atCol: string, idCol: string, key: string, cur: Cursor | null): Expression<SqlBool> {
  if (!cur) return sql<SqlBool>`1 = 1`;
  const a = sql.ref(atCol);
  const i = sql.ref(idCol);
  if (key < cur.k) return sql<SqlBool>`${a} <= ${cur.at}`;
  if (key > cur.k) return sql<SqlBool>`${a} < ${cur.at}`;
  return sql<SqlBool>`(${a} < ${cur.at} or (${a} = ${cur.at} and ${i} < ${cur.id}))`;
}

/**
 * `after()` for a source dated by a calendar day shown at the start of that agency day (dayStartIso): the cursor's
 * instant becomes its agency date D, and whether it is exactly D's first instant.
 */
function afterDay(dayCol: string, idCol: string, key: string, cur: Cursor | null): Expression<SqlBool> {
  if (!cur) return sql<SqlBool>`1 = 1`;
  const d = sql.ref(dayCol);
  const i = sql.ref(idCol);
  const day = calendarDate(new Date(cur.at), AGENCY_TIME_ZONE);
  const exact = dayStartIso(day, 0) === cur.at;
  // start(d) <= at ⇔ d <= D; start(d) < at ⇔ d < D, or d = D when at is later that day; start(d) = at ⇔ exact and d = D.
  if (key < cur.k) return sql<SqlBool>`${d} <= ${day}`;
  if (key > cur.k || !exact) return exact ? sql<SqlBool>`${d} < ${day}` : sql<SqlBool>`${d} <= ${day}`;
  return sql<SqlBool>`(${d} < ${day} or (${d} = ${day} and ${i} < ${cur.id}))`;
}

const iso = (v: string) => new Date(v).toISOString();
const user = (userId: string | null): Raw['actor'] => (userId ? { type: 'user', userId } : { type: 'system', name: null });
const SYSTEM: Actor = { type: 'system', name: null };

/** Reveals (who decrypted which item, and why) are oversight data: shown to those who review others' work. */
export function seesReveals(p: Principal): boolean {
  return p.kind === 'user' && (hasPermission(p, 'compliance.read') || hasPermission(p, 'audit.read'));
}

export function createTimelineService(ctx: AppContext) {
  const db = ctx.db;

  async function caseInScope(p: Principal, id: string) {
    requirePermission(p, 'cases.read');
    const c = await db.selectFrom('collection_case').select(['collection_case.id', 'collection_case.debtor_id']).where('collection_case.id', '=', id).where(scopeFilter(scopeOf(p))).executeTakeFirst();
    if (!c) throw new AppError('common.not_found', { entity: 'case' });
    return c;
  }

  type Src = { key: string; kind: TimelineKind; read: (cur: Cursor | null, n: number) => Promise<Raw[]> };

  function sources(caseId: string, debtorId: string): Src[] {
    const base = (kind: TimelineKind, key: string, phase: string, rowId: string, at: string, actor: Raw['actor'], detail: Raw['detail'], refs: Raw['refs'], params: Raw['title']['params'] = {}): Raw => ({
      key, kind, phase, rowId, at: iso(at), actor, detail, refs, title: { code: `timeline.titles.${phase}`, params },
    });
    // SMS opt-out keywords are recorded by messaging as a medium opt-out with no user and this note (smsInbound).
    const SMS_OPT_OUT_NOTE = 'SMS reply %';
    return [
      {
        key: 'attempt', kind: 'attempt',
        read: async (cur, n) => {
          const sentAttempts = (await db.selectFrom('outbox_message').select('attempt_id').where('case_id', '=', caseId).where('attempt_id', 'is not', null).execute())
            .map((m) => m.attempt_id!);
          const rows = await db.selectFrom('contact_attempt')
            .leftJoin('compliance_decision', 'compliance_decision.id', 'contact_attempt.decision_id')
            .select([
              'contact_attempt.id', 'contact_attempt.planned_at', 'contact_attempt.user_id', 'contact_attempt.channel', 'contact_attempt.direction', 'contact_attempt.party_kind',
              'contact_attempt.party_id', 'contact_attempt.contact_point_id', 'contact_attempt.status', 'contact_attempt.result', 'contact_attempt.notes', 'contact_attempt.completed_at',
              'contact_attempt.is_recorded', 'contact_attempt.call_duration_sec', 'contact_attempt.call_result', 'contact_attempt.recording_url',
              'compliance_decision.outcome', 'compliance_decision.rule_ids',
            ])
            .where('contact_attempt.case_id', '=', caseId)
            // A message's attempt is shown once, as the message (the case's messages come from their case index).
            .$if(sentAttempts.length > 0, (qb) => qb.where('contact_attempt.id', 'not in', sentAttempts))
            .where(after('contact_attempt.planned_at', 'contact_attempt.id', 'attempt', cur))
            .orderBy('contact_attempt.planned_at', 'desc').orderBy('contact_attempt.id', 'desc').limit(n).execute();
          const logged = rows.length === 0 ? [] : await db.selectFrom('audit_log').select(['entity_id', 'after_json'])
            .where('entity_type', '=', 'contact_attempt').where('entity_id', 'in', rows.map((r) => r.id)).where('action', '=', 'desk.outcome_logged').execute();
          const outcomeOf = new Map(logged.map((l) => [l.entity_id, (l.after_json ?? {}) as { resultCode?: string; rightParty?: boolean }]));
          return rows.map((r) => {
            const o = outcomeOf.get(r.id);
            const phase = r.status === 'blocked' ? 'attempt.blocked' : r.status === 'completed' ? 'attempt.completed' : 'attempt.allowed';
            return base('attempt', 'attempt', phase, r.id, r.planned_at, user(r.user_id), {
              channel: r.channel, direction: r.direction, partyKind: r.party_kind, contactPointId: r.contact_point_id, status: r.status,
              decision: r.outcome ?? null, ruleIds: r.rule_ids ? r.rule_ids.split(' ').filter(Boolean) : [],
              result: r.result, resultCode: o?.resultCode ?? r.call_result ?? null, rightParty: o?.rightParty ?? null, notes: r.notes,
              completedAt: r.completed_at ? iso(r.completed_at) : null, recorded: r.is_recorded, callDurationSec: r.call_duration_sec === null ? null : Number(r.call_duration_sec),
              hasRecording: r.recording_url !== null,
            }, { attemptId: r.id }, { channel: r.channel });
          });
        },
      },
      {
        key: 'message', kind: 'message',
        read: async (cur, n) => {
          const rows = await db.selectFrom('outbox_message')
            .leftJoin('message_template_version', 'message_template_version.id', 'outbox_message.template_version_id')
            .leftJoin('message_template', 'message_template.id', 'message_template_version.template_id')
            .select(['outbox_message.id', 'outbox_message.created_at', 'outbox_message.created_by', 'outbox_message.channel', 'outbox_message.status', 'outbox_message.subject',
              'outbox_message.contact_point_id', 'outbox_message.attempt_id', 'outbox_message.purpose', 'outbox_message.sent_at', 'message_template.name as template_name', 'message_template.id as template_id'])
            .where('outbox_message.case_id', '=', caseId)
            .where(after('outbox_message.created_at', 'outbox_message.id', 'message', cur))
            .orderBy('outbox_message.created_at', 'desc').orderBy('outbox_message.id', 'desc').limit(n).execute();
          return rows.map((r) => base('message', 'message', 'message.queued', r.id, r.created_at, user(r.created_by), {
            channel: r.channel, status: r.status, templateName: r.template_name ?? null, subject: r.subject, contactPointId: r.contact_point_id, purpose: r.purpose ?? 'collection',
            sentAt: r.sent_at ? iso(r.sent_at) : null,
          }, { messageId: r.id, ...(r.attempt_id ? { attemptId: r.attempt_id } : {}), ...(r.template_id ? { templateId: r.template_id } : {}) }, { channel: r.channel, status: r.status }));
        },
      },
      {
        key: 'inbound', kind: 'inbound',
        read: async (cur, n) => {
          const rows = await db.selectFrom('inbound_message').select(['id', 'received_at', 'channel', 'contact_point_id', 'body'])
            .where('case_id', '=', caseId).where(after('inbound_message.received_at', 'inbound_message.id', 'inbound', cur))
            .orderBy('received_at', 'desc').orderBy('id', 'desc').limit(n).execute();
          return rows.map((r) => base('inbound', 'inbound', 'inbound.reply', r.id, r.received_at, { type: 'debtor', name: null },
            { channel: r.channel, text: r.body, optOut: false, contactPointId: r.contact_point_id }, { inboundId: r.id }, { channel: r.channel }));
        },
      },
      {
        key: 'inbound.optout', kind: 'inbound',
        read: async (cur, n) => {
          const rows = await db.selectFrom('contact_event').select(['id', 'at', 'channel', 'contact_point_id', 'note'])
            .where('debtor_id', '=', debtorId).where('case_id', '=', caseId).where('type', '=', 'medium_opt_out').where('channel', '=', 'sms')
            .where('created_by', 'is', null).where('note', 'like', SMS_OPT_OUT_NOTE)
            .where(after('contact_event.at', 'contact_event.id', 'inbound.optout', cur))
            .orderBy('at', 'desc').orderBy('id', 'desc').limit(n).execute();
          return rows.map((r) => base('inbound', 'inbound.optout', 'inbound.optout', r.id, r.at, { type: 'debtor', name: null },
            { channel: 'sms', text: /^SMS reply "(.*)"$/s.exec(r.note ?? '')?.[1] ?? null, optOut: true, contactPointId: r.contact_point_id }, { eventId: r.id }, { channel: 'sms' }));
        },
      },
      {
        key: 'visit.a.requested', kind: 'visit',
        read: async (cur, n) => {
          const rows = await db.selectFrom('visit_request').innerJoin('address', 'address.id', 'visit_request.address_id')
            .select(['visit_request.id', 'visit_request.created_at', 'visit_request.requested_by', 'visit_request.reason', 'visit_request.priority', 'visit_request.status', 'address.kind as address_kind', 'address.region_text', 'address.detail_masked'])
            .where('visit_request.case_id', '=', caseId).where(after('visit_request.created_at', 'visit_request.id', 'visit.a.requested', cur))
            .orderBy('visit_request.created_at', 'desc').orderBy('visit_request.id', 'desc').limit(n).execute();
          return rows.map((r) => base('visit', 'visit.a.requested', 'visit.requested', r.id, r.created_at, user(r.requested_by), {
            reason: r.reason, priority: Number(r.priority), status: r.status, addressKind: r.address_kind, region: r.region_text, addressMasked: r.detail_masked,
          }, { visitRequestId: r.id }));
        },
      },
      {
        key: 'visit.b.decided', kind: 'visit',
        read: async (cur, n) => {
          const rows = await db.selectFrom('visit_request').select(['id', 'approved_at', 'approved_by', 'decision_reason', 'status', 'planned_date'])
            .where('case_id', '=', caseId).where('approved_at', 'is not', null).where(after('visit_request.approved_at', 'visit_request.id', 'visit.b.decided', cur))
            .orderBy('approved_at', 'desc').orderBy('id', 'desc').limit(n).execute();
          // approved_at is set by both decisions; a rejected request stays rejected.
          return rows.map((r) => base('visit', 'visit.b.decided', r.status === 'rejected' ? 'visit.rejected' : 'visit.approved', r.id, r.approved_at!, user(r.approved_by), {
            reason: r.decision_reason, status: r.status,
          }, { visitRequestId: r.id }));
        },
      },
      {
        key: 'visit.c.planned', kind: 'visit',
        read: async (cur, n) => {
          // The request keeps the plan it was last put on (plan_id, planned_date): read from the request's case index.
          const rows = await db.selectFrom('visit_request').innerJoin('visit_plan', 'visit_plan.id', 'visit_request.plan_id')
            .select(['visit_request.id', 'visit_request.plan_id', 'visit_request.planned_date', 'visit_request.status', 'visit_plan.created_at', 'visit_plan.created_by', 'visit_plan.plan_date'])
            .where('visit_request.case_id', '=', caseId).where(after('visit_plan.created_at', 'visit_request.id', 'visit.c.planned', cur))
            .orderBy('visit_plan.created_at', 'desc').orderBy('visit_request.id', 'desc').limit(n).execute();
          return rows.map((r) => base('visit', 'visit.c.planned', 'visit.planned', r.id, r.created_at, user(r.created_by), {
            planDate: r.planned_date ?? r.plan_date, status: r.status,
          }, { visitRequestId: r.id, visitPlanId: r.plan_id! }, { date: r.planned_date ?? r.plan_date }));
        },
      },
      {
        key: 'payment', kind: 'payment',
        read: async (cur, n) => {
          // A payment sits at the start of the agency day it was paid on (paid_on is a date), not when it was imported.
          const rows = await db.selectFrom('payment').select(['id', 'created_at', 'amount_minor', 'currency', 'paid_on', 'channel', 'reversal_of', 'external_id', 'debt_account_id'])
            .where('case_id', '=', caseId).where(afterDay('payment.paid_on', 'payment.id', 'payment', cur))
            .orderBy('paid_on', 'desc').orderBy('id', 'desc').limit(n).execute();
          return rows.map((r) => base('payment', 'payment', r.reversal_of ? 'payment.reversal' : 'payment.received', r.id, dayStartIso(r.paid_on, 0), SYSTEM, {
            amountMinor: Number(r.amount_minor), currency: r.currency, paidOn: r.paid_on, channel: r.channel, externalId: r.external_id, reversalOf: r.reversal_of,
            recordedAt: iso(r.created_at),
          }, { paymentId: r.id, debtAccountId: r.debt_account_id }));
        },
      },
      {
        key: 'promise.a.made', kind: 'promise',
        read: async (cur, n) => {
          const rows = await db.selectFrom('promise_to_pay').select(['id', 'created_at', 'created_by', 'amount_minor', 'currency', 'due_date', 'status', 'note'])
            .where('case_id', '=', caseId).where(after('promise_to_pay.created_at', 'promise_to_pay.id', 'promise.a.made', cur))
            .orderBy('created_at', 'desc').orderBy('id', 'desc').limit(n).execute();
          return rows.map((r) => base('promise', 'promise.a.made', 'promise.made', r.id, r.created_at, user(r.created_by || null), {
            amountMinor: Number(r.amount_minor), currency: r.currency, dueDate: r.due_date, status: r.status, note: r.note,
          }, { promiseId: r.id }));
        },
      },
      {
        key: 'promise.b.settled', kind: 'promise',
        read: async (cur, n) => {
          const rows = await db.selectFrom('promise_to_pay').select(['id', 'evaluated_at', 'amount_minor', 'paid_minor', 'currency', 'due_date', 'status', 'kept_on'])
            .where('case_id', '=', caseId).where('status', '!=', 'pending').where('evaluated_at', 'is not', null)
            .where(after('promise_to_pay.evaluated_at', 'promise_to_pay.id', 'promise.b.settled', cur))
            .orderBy('evaluated_at', 'desc').orderBy('id', 'desc').limit(n).execute();
          return rows.map((r) => base('promise', 'promise.b.settled', `promise.${r.status}`, r.id, r.evaluated_at!, SYSTEM, {
            amountMinor: Number(r.amount_minor), paidMinor: Number(r.paid_minor), currency: r.currency, dueDate: r.due_date, status: r.status, keptOn: r.kept_on,
          }, { promiseId: r.id }));
        },
      },
      ...(['created_at', 'approved_at', 'activated_at', 'closed_at'] as const).map((col): Src => {
        const key = { created_at: 'plan.a.proposed', approved_at: 'plan.b.decided', activated_at: 'plan.c.active', closed_at: 'plan.d.closed' }[col];
        return {
          key, kind: 'plan',
          read: async (cur, n) => {
            const rows = await db.selectFrom('payment_plan').select(['id', col, 'status', 'method', 'currency', 'total_minor', 'term_months', 'paid_minor', 'decision_reason', 'created_by', 'approved_by'])
              .where('case_id', '=', caseId).where(col, 'is not', null).where(after(`payment_plan.${col}`, 'payment_plan.id', key, cur))
              .orderBy(col, 'desc').orderBy('id', 'desc').limit(n).execute();
            return rows.map((r) => {
              const at = (r as unknown as Record<string, string>)[col]!;
              const phase = col === 'created_at' ? 'plan.proposed' : col === 'approved_at' ? (r.status === 'rejected' ? 'plan.rejected' : 'plan.approved') : col === 'activated_at' ? 'plan.active' : `plan.${r.status}`;
              const actor = col === 'created_at' ? user(r.created_by) : col === 'approved_at' ? user(r.approved_by) : col === 'closed_at' && r.status === 'cancelled' ? user(null) : SYSTEM;
              return base('plan', key, phase, r.id, at, actor, {
                method: r.method, status: r.status, totalMinor: Number(r.total_minor), paidMinor: Number(r.paid_minor), currency: r.currency, termMonths: Number(r.term_months),
                reason: col === 'approved_at' || col === 'closed_at' ? r.decision_reason : null,
              }, { planId: r.id });
            });
          },
        };
      }),
      {
        key: 'callback', kind: 'callback',
        read: async (cur, n) => {
          const rows = await db.selectFrom('callback').select(['id', 'created_at', 'created_by', 'due_at', 'status', 'attempt_id', 'party_kind', 'contact_point_id'])
            .where('case_id', '=', caseId).where(after('callback.created_at', 'callback.id', 'callback', cur))
            .orderBy('created_at', 'desc').orderBy('id', 'desc').limit(n).execute();
          return rows.map((r) => base('callback', 'callback', 'callback.scheduled', r.id, r.created_at, user(r.created_by), {
            dueAt: iso(r.due_at), status: r.status, partyKind: r.party_kind, contactPointId: r.contact_point_id,
          }, { callbackId: r.id, ...(r.attempt_id ? { attemptId: r.attempt_id } : {}) }, { dueAt: iso(r.due_at) }));
        },
      },
      {
        key: 'event', kind: 'event',
        read: async (cur, n) => {
          // Events on the debtor count for every case of theirs (case_id null: the debtor as a whole).
          const rows = await db.selectFrom('contact_event').select(['id', 'at', 'type', 'party_kind', 'channel', 'contact_point_id', 'from_at', 'until_at', 'from_time', 'until_time', 'review_on', 'note', 'created_by', 'case_id'])
            .where('debtor_id', '=', debtorId).where((eb) => eb.or([eb('case_id', '=', caseId), eb('case_id', 'is', null)]))
            .where((eb) => eb.not(eb.and([eb('type', '=', 'medium_opt_out'), eb('channel', '=', 'sms'), eb('created_by', 'is', null), eb('case_id', '=', caseId), eb('note', 'like', SMS_OPT_OUT_NOTE)])))
            .where(after('contact_event.at', 'contact_event.id', 'event', cur))
            .orderBy('at', 'desc').orderBy('id', 'desc').limit(n).execute();
          return rows.map((r) => base('event', 'event', r.type === 'plan_breached' ? 'event.lifted' : 'event.recorded', r.id, r.at, user(r.created_by), {
            type: r.type, partyKind: r.party_kind, channel: r.channel, contactPointId: r.contact_point_id, fromAt: r.from_at ? iso(r.from_at) : null, untilAt: r.until_at ? iso(r.until_at) : null,
            fromTime: r.from_time, untilTime: r.until_time, reviewOn: r.review_on, note: r.note, debtorWide: r.case_id === null,
          }, { eventId: r.id }, { type: r.type }));
        },
      },
      {
        key: 'document', kind: 'document',
        read: async (cur, n) => {
          const rows = await db.selectFrom('case_document').select(['id', 'created_at', 'created_by', 'kind', 'title', 'file_name', 'size_bytes', 'source_type', 'source_id'])
            .where('case_id', '=', caseId).where(after('case_document.created_at', 'case_document.id', 'document', cur))
            .orderBy('created_at', 'desc').orderBy('id', 'desc').limit(n).execute();
          return rows.map((r) => base('document', 'document', 'document.created', r.id, r.created_at, user(r.created_by), {
            docKind: r.kind, title: r.title, fileName: r.file_name, sizeBytes: Number(r.size_bytes), href: `/api/documents/${r.id}/file`,
          }, { documentId: r.id, ...(r.source_id ? { [`${r.source_type ?? 'source'}Id`]: r.source_id } : {}) }, { title: r.title }));
        },
      },
      {
        key: 'reveal', kind: 'reveal',
        read: async (cur, n) => {
          const rows = await db.selectFrom('audit_log').select(['id', 'at', 'actor_type', 'actor_id', 'actor_label', 'reason', 'meta_json'])
            .where('entity_type', '=', 'case').where('entity_id', '=', caseId).where('action', '=', 'pii.reveal')
            .where(after('audit_log.at', 'audit_log.id', 'reveal', cur))
            .orderBy('at', 'desc').orderBy('id', 'desc').limit(n).execute();
          return rows.map((r) => {
            const meta = (r.meta_json ?? {}) as { field?: string };
            return base('reveal', 'reveal', 'reveal.revealed', r.id, r.at, r.actor_type === 'user' ? { type: 'user', userId: r.actor_id, label: r.actor_label } : { type: 'system', name: r.actor_label },
              { field: meta.field ?? null, reason: r.reason }, { auditId: r.id }, { field: meta.field ?? '' });
          });
        },
      },
    ];
  }

  const ORDER = (a: Raw, b: Raw) => (a.at !== b.at ? (a.at < b.at ? 1 : -1) : a.key !== b.key ? (a.key < b.key ? 1 : -1) : a.rowId < b.rowId ? 1 : a.rowId > b.rowId ? -1 : 0);

  /** The case's timeline page: newest first, `limit` entries after the cursor, of the kinds asked for that the caller may see. */
  async function timeline(p: Principal, caseId: string, q: TimelineQuery): Promise<TimelineResponse> {
    const c = await caseInScope(p, caseId);
    const cur = q.before ? decodeCursor(q.before) : null;
    const visible = timelineKinds.filter((k) => k !== 'reveal' || seesReveals(p));
    const wanted = new Set(q.kinds ? q.kinds.filter((k) => visible.includes(k)) : visible);
    const srcs = sources(c.id, c.debtor_id).filter((s) => wanted.has(s.kind));
    const raws = (await Promise.all(srcs.map((s) => s.read(cur, q.limit + 1)))).flat().sort(ORDER);
    const page = raws.slice(0, q.limit);
    const last = page[page.length - 1];
    const nextCursor = raws.length > q.limit && last ? encodeCursor({ at: last.at, k: last.key, id: last.rowId }) : null;
    return { items: await finish(page), nextCursor, kinds: visible };
  }

  /** Names for user actors, and the masked contact point (phone, email, address) an entry refers to. */
  async function finish(page: Raw[]): Promise<TimelineEntry[]> {
    const userIds = [...new Set(page.flatMap((r) => (r.actor.type === 'user' && 'userId' in r.actor && r.actor.userId ? [r.actor.userId] : [])))];
    const points = [...new Set(page.flatMap((r) => (typeof r.detail.contactPointId === 'string' ? [r.detail.contactPointId] : [])))];
    const [users, phones, emails, addresses] = await Promise.all([
      userIds.length ? db.selectFrom('app_user').select(['id', 'display_name']).where('id', 'in', userIds).execute() : [],
      points.length ? db.selectFrom('phone').select(['id', 'number_masked as masked']).where('id', 'in', points).execute() : [],
      points.length ? db.selectFrom('email_address').select(['id', 'address_masked as masked']).where('id', 'in', points).execute() : [],
      points.length ? db.selectFrom('address').select(['id', 'detail_masked as masked']).where('id', 'in', points).execute() : [],
    ]);
    const nameOf = new Map(users.map((u) => [u.id, u.display_name]));
    const maskedOf = new Map([...phones, ...emails, ...addresses].map((x) => [x.id, x.masked]));
    return page.map(({ key, rowId, actor, ...e }) => {
      let who: Actor;
      if (actor.type === 'user' && 'userId' in actor) who = actor.userId ? { type: 'user', name: nameOf.get(actor.userId) ?? actor.label ?? null } : SYSTEM;
      else who = actor as Actor;
      // A dialer's result without a user's outcome: the dialer said it.
      if (e.kind === 'attempt' && e.detail.rightParty === null && e.detail.resultCode !== null && who.type === 'system') who = { type: 'dialer', name: null };
      const detail = { ...e.detail };
      if (typeof detail.contactPointId === 'string') detail.contactMasked = maskedOf.get(detail.contactPointId) ?? null;
      return { id: `${key}:${rowId}`, actor: who, ...e, detail };
    });
  }

  return { timeline };
}

export type TimelineService = ReturnType<typeof createTimelineService>;
