// Logging a contact (issue 5, part 3): the outcome of an allowed attempt with its follow-ups, in one transaction with
// an audit entry. Every follow-up that restrains contact becomes a contact event the engine honours; a callback time
// is decided by the engine first (refused when it would block); notes pass the packs' content rules (blocked only
// where a pack blocks, otherwise saved with the warnings).
import type { CheckResponse, OutcomeRequest, OutcomeResponse } from '../../../contracts/desk.js';
import { badNumberCodes, deskResultCodes } from '../../../contracts/desk.js';
import type { Decision, EventType } from '../../../core/compliance/types.js';
import type { AppContext } from '../../context.js';
import { actorOf, requirePermission, type Principal } from '../../platform/access.js';
import { AppError, defineErrors } from '../../platform/errors.js';
import { newId } from '../../platform/ids.js';
import type { CaseService } from '../cases/index.js';
import type { ComplianceService, ContactEventTable } from '../compliance/index.js';
import { recordPromiseIn } from '../negotiation/index.js';
import { agencyDay } from './desk.service.js';

export const DeskErrors = defineErrors({
  'desk.notes_blocked': { kind: 'validation', zh: '备注未通过合规检查：{detail}', en: 'The notes failed the content checks: {detail}' },
  'desk.callback_blocked': { kind: 'validation', zh: '该回电时间不被允许：{detail}', en: 'That callback time is not allowed: {detail}' },
  'desk.promise_past': { kind: 'validation', zh: '承诺还款日不能早于今天（{today}）', en: 'The promise date cannot be before today ({today})' },
  'desk.unknown_party': { kind: 'validation', zh: '此案件没有该当事人', en: 'This case has no such party' },
  'desk.third_party_needs_contact': { kind: 'validation', zh: '“第三方要求不再联系”需要选择接听的第三方', en: '"Third party asks not to be called" needs the third party reached' },
});

type Reason = Decision['reasons'][number];
const reasonOut = (r: Reason) => ({ ...r, outcome: r.outcome as 'warn' | 'block' });
const spanText = (r: Reason, zh: boolean) => (r.spans?.length ? (zh ? `：${r.spans.map((s) => `「${s.text}」`).join('')}` : `: ${r.spans.map((s) => `"${s.text}"`).join(', ')}`) : '');

export function createOutcomeService(ctx: AppContext, deps: { cases: CaseService; compliance: ComplianceService }) {
  const { db, audit, clock } = ctx;

  async function packsOf(creditorId: string): Promise<string[]> {
    const row = await db.selectFrom('creditor').select('rule_pack_set').where('id', '=', creditorId).executeTakeFirstOrThrow();
    return row.rule_pack_set.split(/\s+/).filter(Boolean);
  }

  async function openAttempt(p: Principal, attemptId: string) {
    const a = await db.selectFrom('contact_attempt').selectAll().where('id', '=', attemptId).executeTakeFirst();
    if (!a) throw new AppError('common.not_found', { entity: 'contact attempt' });
    const c = await deps.cases.get(p, a.case_id); // scope: 404 outside the caller's cases
    return { a, c };
  }

  function notesDecision(packs: string[], text: string): Decision {
    return deps.compliance.contentCheck(packs, 'call', text);
  }

  function checkOut(d: Decision): CheckResponse {
    return { outcome: d.outcome, reasons: d.reasons.map(reasonOut), nextAllowedAt: d.nextAllowedAt };
  }

  /** The content rules of the case's packs on a note, as typed. */
  async function checkNotes(p: Principal, caseId: string, text: string): Promise<CheckResponse> {
    requirePermission(p, 'contacts.attempt');
    const c = await deps.cases.get(p, caseId);
    return checkOut(notesDecision(await packsOf(c.creditorId), text));
  }

  async function callbackDecision(p: Principal, a: { channel: string; party_id: string; contact_point_id: string | null }, c: Awaited<ReturnType<CaseService['get']>>, at: Date) {
    const channel = a.channel === 'sms' ? 'sms' : 'call';
    return deps.compliance.decideAt(c, { channel, partyId: a.party_id, contactPointId: a.contact_point_id ?? undefined, agentIds: p.kind === 'user' ? [p.userId] : [] }, at);
  }

  /** The engine's verdict on a callback at `at` to the attempt's party and contact point. */
  async function checkCallback(p: Principal, attemptId: string, at: string): Promise<CheckResponse> {
    requirePermission(p, 'contacts.attempt');
    const { a, c } = await openAttempt(p, attemptId);
    return checkOut(await callbackDecision(p, a, c, new Date(at)));
  }

  async function logOutcome(p: Principal, attemptId: string, req: OutcomeRequest): Promise<OutcomeResponse> {
    requirePermission(p, 'contacts.attempt');
    const { a, c } = await openAttempt(p, attemptId);
    if (a.status !== 'allowed') throw new AppError('compliance.attempt_not_open');
    const userId = p.kind === 'user' ? p.userId : null;
    const nowIso = clock.now().toISOString();
    const { today } = agencyDay(clock.now());

    // The party reached (defaults to the attempt's party).
    const reachedKind = req.reachedPartyKind ?? (req.reachedPartyId ? 'contact_person' : a.party_kind);
    const reachedId = req.reachedPartyId ?? (reachedKind === a.party_kind ? a.party_id : c.debtorId);
    if (reachedKind === 'debtor' ? reachedId !== c.debtorId : !c.contacts.some((x) => x.id === reachedId)) {
      throw new AppError(DeskErrors['desk.unknown_party'], { issues: [{ path: 'reachedPartyId', message: '此案件没有该当事人', messageEn: 'This case has no such party' }] });
    }
    if (req.thirdPartyNoCall && reachedKind !== 'contact_person') {
      throw new AppError(DeskErrors['desk.third_party_needs_contact'], { issues: [{ path: 'thirdPartyNoCall', message: '需要选择接听的第三方', messageEn: 'Choose the third party reached' }] });
    }

    // Notes: blocked only where a pack blocks.
    let noteWarnings: Reason[] = [];
    if (req.notes?.trim()) {
      const d = notesDecision(await packsOf(c.creditorId), req.notes);
      if (d.outcome === 'block') {
        const blocking = d.reasons.filter((r) => r.outcome === 'block');
        throw new AppError(DeskErrors['desk.notes_blocked'], {
          detail: blocking.map((r) => `${r.ruleId} ${r.message.en}${spanText(r, false)}`).join('; '),
          issues: blocking.map((r) => ({ path: 'notes', message: `${r.ruleId} ${r.message['zh-CN']}${spanText(r, true)}`, messageEn: `${r.ruleId} ${r.message.en}${spanText(r, false)}` })),
          reasons: blocking,
        });
      }
      noteWarnings = d.reasons.filter((r) => r.outcome === 'warn');
    }

    // Promise: not before today (agency day); the account must be the case's.
    if (req.promise) {
      if (req.promise.dueDate < today) throw new AppError(DeskErrors['desk.promise_past'], { today, issues: [{ path: 'promise.dueDate', message: `承诺还款日不能早于今天（${today}）`, messageEn: `Not before today (${today})` }] });
      if (req.promise.debtAccountId && !c.accounts.some((d) => d.id === req.promise!.debtAccountId)) {
        throw new AppError('compliance.unknown_debt', { issues: [{ path: 'promise.debtAccountId', message: '此案件没有该笔债务', messageEn: 'This case has no such debt' }] });
      }
    }

    // Callback: the engine decides the same channel and contact point at that instant; a block is refused.
    if (req.callbackAt) {
      const d = await callbackDecision(p, a, c, new Date(req.callbackAt));
      if (d.outcome === 'block') {
        const blocking = d.reasons.filter((r) => r.outcome === 'block');
        const next = d.nextAllowedAt ?? '—';
        throw new AppError(DeskErrors['desk.callback_blocked'], {
          detail: `${blocking.map((r) => `${r.ruleId} ${r.message.en}`).join('; ')}; next allowed ${next}`,
          issues: blocking.map((r) => ({ path: 'callbackAt', message: `${r.ruleId} ${r.message['zh-CN']}；最早可联系时间 ${next}`, messageEn: `${r.ruleId} ${r.message.en}; next allowed ${next}` })),
          reasons: blocking,
          nextAllowedAt: d.nextAllowedAt,
        });
      }
    }

    const code = deskResultCodes[req.resultCode];
    const debtIds = c.accounts.map((d) => d.id);
    const events: Array<{ type: EventType; kind: 'debtor' | 'contact_person'; id: string }> = [];
    if (req.dispute || req.resultCode === 'rpc_dispute') events.push({ type: 'dispute', kind: 'debtor', id: c.debtorId });
    if (req.complaint) events.push({ type: 'hold_complaint', kind: reachedKind, id: reachedId });
    if (req.hardship) events.push({ type: 'hold_hardship', kind: 'debtor', id: c.debtorId });
    if (req.cease) events.push({ type: 'cease', kind: reachedKind, id: reachedId });
    if (req.thirdPartyNoCall) events.push({ type: 'third_party_refused', kind: 'contact_person', id: reachedId });
    const invalidate = badNumberCodes.includes(req.resultCode) && a.contact_point_id !== null && (a.channel === 'call' || a.channel === 'sms');

    return db.transaction().execute(async (trx) => {
      const n = await trx.updateTable('contact_attempt').set({ status: 'completed', result: code.engine, notes: req.notes ?? null, completed_at: nowIso })
        .where('id', '=', a.id).where('status', '=', 'allowed').executeTakeFirst();
      if (Number(n.numUpdatedRows) !== 1) throw new AppError('compliance.attempt_not_open');
      // Earlier pending callbacks of the case are done: the case has been worked.
      await trx.updateTable('callback').set({ status: 'done' }).where('case_id', '=', c.id).where('status', '=', 'pending').execute();

      const eventIds: string[] = [];
      for (const e of events) {
        const row: ContactEventTable = {
          id: newId(), debtor_id: c.debtorId, case_id: c.id, type: e.type, party_kind: e.kind, party_id: e.id, channel: null, contact_point_id: null,
          debt_ids_json: debtIds, at: nowIso, from_at: null, until_at: null, from_time: null, until_time: null, review_on: null,
          note: `desk outcome ${req.resultCode}`, created_by: userId, created_at: nowIso,
        };
        await trx.insertInto('contact_event').values(row).execute();
        eventIds.push(row.id);
      }
      if (invalidate) await trx.updateTable('phone').set({ status: 'invalid' }).where('id', '=', a.contact_point_id!).execute();

      let promiseId: string | null = null;
      if (req.promise) {
        promiseId = await recordPromiseIn(trx, audit, actorOf(p), {
          caseId: c.id, debtAccountId: req.promise.debtAccountId ?? null, amountMinor: req.promise.amountMinor, currency: c.currency, dueDate: req.promise.dueDate,
          madeOn: today, note: null, createdBy: userId ?? c.assignedUserId ?? '', at: nowIso,
        });
      }
      let callbackId: string | null = null;
      if (req.callbackAt) {
        callbackId = newId();
        await trx.insertInto('callback').values({
          id: callbackId, case_id: c.id, attempt_id: a.id, party_kind: a.party_kind, party_id: a.party_id, contact_point_id: a.contact_point_id,
          due_at: new Date(req.callbackAt).toISOString(), status: 'pending', created_by: userId, created_at: nowIso,
        }).execute();
      }
      await audit.record(actorOf(p), {
        action: 'desk.outcome_logged', entityType: 'contact_attempt', entityId: a.id,
        after: { caseId: c.id, resultCode: req.resultCode, result: code.engine, rightParty: req.rightParty, reached: { kind: reachedKind, id: reachedId }, events: events.map((e) => e.type), eventIds, promiseId, callbackId, phoneInvalidated: invalidate, noteWarnings: noteWarnings.map((r) => r.ruleId) },
      }, trx);
      return { attemptId: a.id, status: 'completed' as const, result: code.engine, resultCode: req.resultCode, promiseId, callbackId, eventIds, phoneInvalidated: invalidate, noteWarnings: noteWarnings.map(reasonOut) };
    });
  }

  return { checkNotes, checkCallback, logOutcome };
}
export type OutcomeService = ReturnType<typeof createOutcomeService>;
