// Click-to-call (issue 5, item 5). Every call starts as an attempt the engine decided (POST /api/cases/:id/attempts);
// only then is it dialled:
// - `tel` mode: the caller's browser opens a tel: link — the number is revealed for that allowed, fresh call attempt
//   of the caller only, and the reveal is audited;
// - `webhook` mode: a dialer places the call and posts its events (started, answered, ended, with the result code and
//   the recording's location) with an API token granted `telephony.webhook`. Events are idempotent by the dialer's
//   event id, may arrive in any order (the call facts are folded from all of them), and each is audited. An event for
//   a blocked attempt, for an attempt that is not a call, or dated before the engine's decision (beyond 2 minutes of
//   clock skew) is refused: a dialer must never have dialled it.
import { createHash } from 'node:crypto';
import type { CallEventRequest, CallEventOut, AttemptCall, DialResponse, TelephonyConfig } from '../../../contracts/telephony.js';
import { callFacts } from '../../../core/telephony/call-facts.js';
import type { AppContext } from '../../context.js';
import { actorOf, requirePermission, type Principal } from '../../platform/access.js';
import { canonicalJson } from '../../platform/audit.js';
import { AppError, defineErrors } from '../../platform/errors.js';
import { newId } from '../../platform/ids.js';
import type { CaseService } from '../cases/index.js';
import type { CallEventTable } from './telephony.tables.js';

export const TelephonyErrors = defineErrors({
  'telephony.event_conflict': { kind: 'conflict', zh: '事件 {eventId} 已以不同内容记录过', en: 'Event {eventId} was already recorded with a different body' },
  'telephony.attempt_blocked': { kind: 'conflict', zh: '该联系尝试已被合规引擎阻止，不得拨打', en: 'This attempt was blocked by the compliance engine and must never be dialled' },
  'telephony.not_a_call': { kind: 'conflict', zh: '该联系尝试不是电话（渠道：{channel}）', en: 'This attempt is not a call (channel: {channel})' },
  'telephony.webhook_mode': { kind: 'conflict', zh: '外呼由外呼系统完成，不显示号码', en: 'Calls are placed by the dialer; the number is not shown' },
  'telephony.not_open': { kind: 'conflict', zh: '该联系尝试已记录结果，请重新发起', en: 'This attempt already has a result; start a new one' },
  'telephony.not_yours': { kind: 'conflict', zh: '只能拨打自己发起的联系尝试', en: 'Only the collector who started the attempt may dial it' },
  'telephony.stale': { kind: 'conflict', zh: '该联系尝试已超过 {minutes} 分钟，请重新发起以便合规引擎再次判断', en: 'This attempt is older than {minutes} minutes; start a new one so the engine decides again' },
  'telephony.before_decision': { kind: 'conflict', zh: '通话时间早于合规引擎的判断时间（{plannedAt}）', en: 'The call is dated before the engine decided the attempt ({plannedAt})' },
  'telephony.no_number': { kind: 'conflict', zh: '该联系尝试没有可拨打的电话号码', en: 'This attempt has no phone number to dial' },
});

/** A tel-mode attempt may be dialled this long after the engine allowed it (the decision is for "now"). */
export const DIAL_WITHIN_MINUTES = 15;
/** Clock skew allowed between the dialer and Concord: an event dated earlier than the decision by more is refused. */
export const CLOCK_SKEW_MS = 2 * 60_000;

const attemptIssue = (zh: string, en: string) => ({ issues: [{ path: 'attemptId', message: zh, messageEn: en }] });

/** The location without its query string or fragment (signed URLs carry credentials), for the audit log. */
export function recordingLocationForAudit(url: string | null): string | null {
  if (url === null) return null;
  try {
    const u = new URL(url);
    return `${u.protocol}//${u.host}${u.pathname}`;
  } catch {
    return null;
  }
}

const eventOut = (r: CallEventTable): CallEventOut => ({
  id: r.id, eventId: r.event_id, attemptId: r.attempt_id, type: r.type, at: r.at, durationSec: r.duration_sec === null ? null : Number(r.duration_sec),
  result: r.result, recordingUrl: r.recording_url, recordingSha256: r.recording_sha256, receivedAt: r.received_at,
});

export function createTelephonyService(ctx: AppContext, deps: { cases: CaseService }) {
  const { db, audit, clock } = ctx;

  function config(): TelephonyConfig {
    return { mode: ctx.config.telephony };
  }

  const bodyHash = (req: CallEventRequest) => createHash('sha256').update(canonicalJson(req)).digest('hex');

  /** The stored event for a replay (same body), or a conflict (different body under the same event id). */
  function replayOf(existing: CallEventTable, hash: string): { created: false; event: CallEventOut } {
    if (existing.body_sha256 !== hash) {
      throw new AppError(TelephonyErrors['telephony.event_conflict'], {
        eventId: existing.event_id,
        issues: [{ path: 'eventId', message: `事件 ${existing.event_id} 已以不同内容记录过`, messageEn: `Event ${existing.event_id} was already recorded with a different body` }],
      });
    }
    return { created: false, event: eventOut(existing) };
  }

  const findEvent = (eventId: string) => db.selectFrom('call_event').selectAll().where('event_id', '=', eventId).executeTakeFirst();

  /** An attempt the principal may see: a token sees its creditor's attempts, a user the attempts of cases in scope. */
  async function attemptInScope(p: Principal, attemptId: string) {
    const a = await db.selectFrom('contact_attempt').selectAll().where('id', '=', attemptId).executeTakeFirst();
    if (!a) throw new AppError('common.not_found', { entity: 'contact attempt' });
    if (p.kind === 'api_token') {
      if (a.creditor_id !== p.creditorId) throw new AppError('common.not_found', { entity: 'contact attempt' });
    } else {
      await deps.cases.get(p, a.case_id); // 404 outside the caller's cases
    }
    return a;
  }

  /** A stored event under the same id that the caller may not see is a conflict, never a replay of someone else's. */
  async function visibleTo(p: Principal, e: CallEventTable): Promise<CallEventTable> {
    try {
      await attemptInScope(p, e.attempt_id);
      return e;
    } catch (err) {
      if (err instanceof AppError && err.code === 'common.not_found') return { ...e, body_sha256: '' };
      throw err;
    }
  }

  /** POST /api/telephony/events: record one dialer event (201), or answer a replay from the stored row (200). */
  async function recordEvent(p: Principal, req: CallEventRequest): Promise<{ created: boolean; event: CallEventOut }> {
    requirePermission(p, 'telephony.webhook');
    const hash = bodyHash(req);
    const existing = await findEvent(req.eventId);
    if (existing) return replayOf(await visibleTo(p, existing), hash);

    const a = await attemptInScope(p, req.attemptId);
    if (a.status === 'blocked') {
      throw new AppError(TelephonyErrors['telephony.attempt_blocked'], attemptIssue('该联系尝试已被合规引擎阻止，不得拨打', 'Blocked by the compliance engine: never to be dialled'));
    }
    if (a.channel !== 'call') {
      throw new AppError(TelephonyErrors['telephony.not_a_call'], { channel: a.channel, ...attemptIssue(`该联系尝试不是电话（${a.channel}）`, `Not a call (${a.channel})`) });
    }

    if (Date.parse(req.at) < Date.parse(a.planned_at) - CLOCK_SKEW_MS) {
      throw new AppError(TelephonyErrors['telephony.before_decision'], {
        plannedAt: a.planned_at,
        issues: [{ path: 'at', message: `早于合规引擎的判断时间（${a.planned_at}）：先判断，后拨打`, messageEn: `Before the engine decided the attempt (${a.planned_at}): decide first, then dial` }],
      });
    }
    const row: CallEventTable = {
      id: newId(), event_id: req.eventId, attempt_id: a.id, type: req.type, at: new Date(req.at).toISOString(), duration_sec: req.durationSec ?? null,
      result: req.result ?? null, recording_url: req.recordingUrl ?? null, recording_sha256: req.recordingSha256?.toLowerCase() ?? null,
      body_sha256: hash, token_id: p.kind === 'api_token' ? p.tokenId : null, received_at: clock.now().toISOString(),
    };
    try {
      await db.transaction().execute(async (trx) => {
        // Lock the attempt (PostgreSQL) so concurrent events of one call fold over each other's rows.
        let lock = trx.selectFrom('contact_attempt').select('id').where('id', '=', a.id);
        if (ctx.dialect === 'postgres') lock = lock.forUpdate();
        await lock.executeTakeFirst();
        await trx.insertInto('call_event').values(row).execute();
        const all = await trx.selectFrom('call_event').selectAll().where('attempt_id', '=', a.id).orderBy('received_at').orderBy('id').execute();
        const f = callFacts(all.map(eventOut));
        await trx.updateTable('contact_attempt').set({
          call_started_at: f.startedAt, call_answered_at: f.answeredAt, call_ended_at: f.endedAt, call_duration_sec: f.durationSec,
          call_result: f.result, recording_url: f.recordingUrl, recording_sha256: f.recordingSha256,
        }).where('id', '=', a.id).execute();
        await audit.record(actorOf(p), {
          action: 'telephony.call_event', entityType: 'contact_attempt', entityId: a.id,
          after: {
            eventId: row.event_id, type: row.type, at: row.at, durationSec: row.duration_sec, result: row.result,
            recording: recordingLocationForAudit(row.recording_url), recordingSha256: row.recording_sha256, callState: f.state,
          },
          meta: { caseId: a.case_id, callEventId: row.id },
        }, trx);
      });
    } catch (e) {
      // Two deliveries of one event at once: the loser's unique key fails; answer it like a replay.
      const raced = await findEvent(req.eventId);
      if (raced) return replayOf(await visibleTo(p, raced), hash);
      throw e;
    }
    return { created: true, event: eventOut(row) };
  }

  /** GET /api/attempts/:id/call: the call facts and events of an attempt in scope (the web app polls it). */
  async function attemptCall(p: Principal, attemptId: string): Promise<AttemptCall> {
    requirePermission(p, 'cases.read');
    const a = await attemptInScope(p, attemptId);
    const rows = await db.selectFrom('call_event').selectAll().where('attempt_id', '=', a.id).orderBy('at').orderBy('received_at').execute();
    const events = rows.map(eventOut);
    return { attemptId: a.id, status: a.status, call: callFacts(events), events };
  }

  /**
   * tel mode: the number of the caller's own allowed, fresh call attempt as a tel: URI. The reveal is audited like
   * any other (pii.reveal with the attempt as its reason); nothing about the number reaches a log line.
   */
  async function dial(p: Principal, attemptId: string): Promise<DialResponse> {
    requirePermission(p, 'contacts.attempt');
    if (ctx.config.telephony !== 'tel') throw new AppError(TelephonyErrors['telephony.webhook_mode']);
    const a = await attemptInScope(p, attemptId);
    if (a.status === 'blocked') throw new AppError(TelephonyErrors['telephony.attempt_blocked'], attemptIssue('该联系尝试已被合规引擎阻止，不得拨打', 'Blocked by the compliance engine: never to be dialled'));
    if (a.channel !== 'call') throw new AppError(TelephonyErrors['telephony.not_a_call'], { channel: a.channel });
    if (a.status !== 'allowed') throw new AppError(TelephonyErrors['telephony.not_open']);
    if (p.kind !== 'user' || a.user_id !== p.userId) throw new AppError(TelephonyErrors['telephony.not_yours']);
    if (clock.now().getTime() - Date.parse(a.planned_at) > DIAL_WITHIN_MINUTES * 60_000) {
      throw new AppError(TelephonyErrors['telephony.stale'], { minutes: DIAL_WITHIN_MINUTES });
    }
    const phone = a.contact_point_id === null ? undefined
      : await db.selectFrom('phone').select(['id', 'number_enc', 'status']).where('id', '=', a.contact_point_id).where('debtor_id', '=', a.debtor_id).executeTakeFirst();
    if (!phone) throw new AppError(TelephonyErrors['telephony.no_number']);
    const number = ctx.pii.decrypt('phone', phone.number_enc).replace(/[^\d+]/g, '');
    await audit.record(actorOf(p), {
      action: 'pii.reveal', entityType: 'case', entityId: a.case_id, reason: `click-to-call: attempt ${a.id}`,
      meta: { field: 'phone', itemId: phone.id, attemptId: a.id, purpose: 'telephony.dial' },
    });
    return { attemptId: a.id, telUri: `tel:${number}` };
  }

  return { config, recordEvent, attemptCall, dial };
}
export type TelephonyService = ReturnType<typeof createTelephonyService>;
