// The field collector's day (issue 8, item 4, first slice): today's stops on the caller's routes with the pre-visit
// dossier; check-in with the browser's position (distance to the address and accuracy recorded, a warning beyond the
// configured threshold), decided by the compliance engine at that instant with the collectors on the visit (hours,
// two-person rule, certificates, recording) and recorded as a contact attempt; the outcome (never cash: a payment is
// only ever made through the official channel); "asked to leave", which ends the visit at once; and SOS. Incidents
// (SOS, asked to leave) carry the collector's team so that team's supervisors see them, as does the route's planner.
import type { CaseDetail } from '../../../contracts/cases.js';
import type { CheckIn, CheckOut, FieldLeave, FieldOutcome, FieldOutcomeCode, FieldStopOut, FieldTodayOut, FieldVisitOut, IncidentOut } from '../../../contracts/field.js';
import type { ContactResult } from '../../../core/compliance/types.js';
import { haversineMeters } from '../../../core/field/geo.js';
import type { AppContext } from '../../context.js';
import { actorOf, requirePermission, scopeOf, type DataScope, type Principal, type UserPrincipal } from '../../platform/access.js';
import { AppError, defineErrors } from '../../platform/errors.js';
import { newId } from '../../platform/ids.js';
import type { CaseService } from '../cases/index.js';
import type { ComplianceService } from '../compliance/index.js';
import { recordPromiseIn } from '../negotiation/index.js';
import { calendarDate, type StaffService } from '../staff/index.js';
import { capturedInstant, fieldMutations, type Remember } from './field.mutations.js';
import type { FieldVisitTable, VisitPlanStopTable, VisitPlanTable } from './visits.tables.js';

export const FieldErrors = defineErrors({
  'field.blocked': { kind: 'conflict', zh: '合规规则不允许此次上门，未签到：{summary}', en: 'The compliance rules do not allow this visit now; not checked in: {summary}' },
  'field.already_checked_in': { kind: 'conflict', zh: '该站点已签到', en: 'This stop is already checked in' },
  'field.not_checked_in': { kind: 'conflict', zh: '该站点尚未签到或已结束', en: 'This stop is not checked in, or the visit has ended' },
  'field.bad_partner': { kind: 'validation', zh: '同行人员不是在职的外访催收员', en: 'The partner is not an active field collector' },
  'field.cash_refused': { kind: 'validation', zh: '外访不得收取现金：请引导债务人通过官方渠道还款', en: 'Field collectors never collect cash: the debtor pays through the official channel' },
  'field.notes_refused': { kind: 'validation', zh: '备注不符合合规内容规则：{summary}', en: 'The notes break the compliance content rules: {summary}' },
  'field.promise_required': { kind: 'validation', zh: '选择“承诺还款”时须填写承诺金额和日期', en: 'A promise outcome needs the promised amount and date' },
  'field.outcome_first': { kind: 'conflict', zh: '请先记录上门结果再签退', en: 'Record the outcome before checking out' },
  'field.already_ended': { kind: 'conflict', zh: '该次上门已签退或已结束', en: 'This visit has already been checked out or ended' },
});

/** The contact result each outcome records on the attempt. */
const RESULT: Record<FieldOutcomeCode, ContactResult> = {
  met_debtor: 'visited_met', met_third_party: 'visited_met', not_home: 'visited_not_home', refused_to_open: 'visited_not_home',
  address_invalid: 'visited_not_home', moved: 'visited_not_home', hostile_left: 'visited_met', promise: 'visited_met', plan: 'visited_met',
  paid_official: 'visited_met',
};
/** Notes that speak of taking cash are refused outright, whatever the packs say. */
const CASH = /现金|cash/i;
/** A stop's case as its route's collectors read it: the route (checked first) grants the access, not the case's current holder. */
const ROUTE_SCOPE: DataScope = { kind: 'all' };
const secondsBetween = (from: string, to: Date) => Math.max(0, Math.round((to.getTime() - new Date(from).getTime()) / 1000));

type Stop = VisitPlanStopTable & { address_id: string; plan: VisitPlanTable };

export function createFieldService(ctx: AppContext, deps: { cases: CaseService; compliance: ComplianceService; staff: StaffService }) {
  const { db, clock, audit, config } = ctx;
  const warnMeters = config.fieldCheckinWarnMeters;
  const { once } = fieldMutations(db, clock);

  function userOf(p: Principal): UserPrincipal {
    if (p.kind !== 'user') throw new AppError('auth.forbidden', { permission: 'user' });
    return p;
  }

  const routeOf = (plan: VisitPlanTable, routeNo: number) => plan.routes_json.find((r) => r.routeNo === routeNo);

  /** A stop on one of the caller's routes, with its case in the caller's scope; anything else is a 404. */
  async function myStop(p: Principal, stopId: string): Promise<{ stop: Stop; c: CaseDetail; u: UserPrincipal }> {
    requirePermission(p, 'contacts.attempt');
    const u = userOf(p);
    const row = await db.selectFrom('visit_plan_stop as s').innerJoin('visit_request as r', 'r.id', 's.request_id')
      .selectAll('s').select('r.address_id').where('s.id', '=', stopId).executeTakeFirst();
    const plan = row ? await db.selectFrom('visit_plan').selectAll().where('id', '=', row.plan_id).executeTakeFirst() : undefined;
    if (!row || !plan || !routeOf(plan, row.route_no)?.collectorIds.includes(u.userId)) throw new AppError('common.not_found', { entity: 'stop' });
    // Being on the route is the access: the case may have been reassigned since the supervisor planned the visit.
    const c = await deps.cases.get(p, row.case_id, { scope: ROUTE_SCOPE });
    return { stop: { ...row, plan }, c, u };
  }

  function visitOut(v: FieldVisitTable | undefined): FieldVisitOut {
    if (!v) {
      return {
        status: 'planned', checkedInAt: null, distanceM: null, accuracyM: null, distanceWarning: false, partnerUserId: null, outcomeCode: null, endedAt: null,
        receivedAt: null, checkedOutAt: null, durationS: null,
      };
    }
    return {
      status: v.status, checkedInAt: v.checked_in_at, distanceM: v.distance_m === null ? null : Math.round(v.distance_m), accuracyM: v.accuracy_m,
      distanceWarning: v.is_distance_warning, partnerUserId: v.partner_user_id, outcomeCode: v.outcome_code, endedAt: v.ended_at,
      receivedAt: v.received_at, checkedOutAt: v.checked_out_at, durationS: v.duration_s === null ? null : Number(v.duration_s),
    };
  }

  async function today(p: Principal): Promise<FieldTodayOut> {
    requirePermission(p, 'contacts.attempt');
    const u = userOf(p);
    const date = calendarDate(clock.now());
    const plans = (await db.selectFrom('visit_plan').selectAll().where('plan_date', '=', date).orderBy('created_at').limit(200).execute())
      .filter((pl) => pl.routes_json.some((r) => r.collectorIds.includes(u.userId)));
    const stops: Stop[] = [];
    for (const plan of plans) {
      const routeNos = plan.routes_json.filter((r) => r.collectorIds.includes(u.userId)).map((r) => r.routeNo);
      const rows = await db.selectFrom('visit_plan_stop as s').innerJoin('visit_request as r', 'r.id', 's.request_id')
        .selectAll('s').select('r.address_id').where('s.plan_id', '=', plan.id).where('s.route_no', 'in', routeNos)
        .orderBy('s.route_no').orderBy('s.seq').execute();
      stops.push(...rows.map((r) => ({ ...r, plan })));
    }
    stops.sort((a, b) => a.start_at.localeCompare(b.start_at) || a.seq - b.seq);
    const out: FieldStopOut[] = [];
    if (stops.length > 0) {
      const ids = stops.map((s) => s.id);
      const caseIds = [...new Set(stops.map((s) => s.case_id))];
      const [visits, payments, attempts, promises, plansOfCase] = await Promise.all([
        db.selectFrom('field_visit').selectAll().where('stop_id', 'in', ids).execute(),
        db.selectFrom('payment').select(['case_id', 'paid_on', 'amount_minor', 'currency', 'channel']).where('case_id', 'in', caseIds).orderBy('paid_on', 'desc').limit(200).execute(),
        db.selectFrom('contact_attempt').select(['case_id', 'planned_at', 'channel', 'status', 'result']).where('case_id', 'in', caseIds).orderBy('planned_at', 'desc').limit(300).execute(),
        db.selectFrom('promise_to_pay').select(['case_id', 'due_date', 'amount_minor', 'currency', 'status']).where('case_id', 'in', caseIds).orderBy('created_at', 'desc').limit(200).execute(),
        db.selectFrom('payment_plan').select(['case_id', 'affordability_json', 'created_at']).where('case_id', 'in', caseIds).orderBy('created_at', 'desc').limit(100).execute(),
      ]);
      const userIds = [...new Set(stops.flatMap((s) => routeOf(s.plan, s.route_no)?.collectorIds ?? []))];
      const names = await db.selectFrom('app_user').select(['id', 'display_name']).where('id', 'in', userIds).execute();
      const cases = new Map<string, CaseDetail>();
      for (const s of stops) {
        let c = cases.get(s.case_id);
        if (!c) cases.set(s.case_id, (c = await deps.cases.get(p, s.case_id, { scope: ROUTE_SCOPE })));
        const a = c.addresses.find((x) => x.id === s.address_id)!;
        const summary = plansOfCase.find((x) => x.case_id === s.case_id)?.affordability_json?.summary;
        out.push({
          id: s.id, planId: s.plan_id, routeNo: s.route_no, seq: s.seq, caseId: s.case_id,
          startAt: s.start_at, endAt: s.end_at, windowStartAt: s.window_start_at, windowEndAt: s.window_end_at,
          partners: (routeOf(s.plan, s.route_no)?.collectorIds ?? []).filter((id) => id !== u.userId).map((id) => ({ id, name: names.find((n) => n.id === id)?.display_name ?? id })),
          visit: visitOut(visits.find((v) => v.stop_id === s.id)),
          dossier: {
            debtorName: c.debtorName, preferredLanguage: c.debtor.preferredLanguage, creditorName: c.creditorName, dpd: c.dpd, bucket: c.bucket,
            phones: c.phones.map((ph) => ({ kind: ph.kind, masked: ph.masked, status: ph.status, own: ph.contactPersonId === null })),
            address: {
              id: a.id, kind: a.kind, region: a.region, detailMasked: a.detailMasked, verificationStatus: a.verificationStatus,
              latitude: a.latitude, longitude: a.longitude, thirdParty: a.contactPersonId !== null,
            },
            accounts: c.accounts.map((d) => ({ product: d.product, principalMinor: d.principalMinor, outstandingMinor: d.outstandingMinor, dpd: d.dpd, currency: d.currency })),
            payments: payments.filter((x) => x.case_id === s.case_id).slice(0, 5)
              .map((x) => ({ paidOn: String(x.paid_on), amountMinor: Number(x.amount_minor), currency: x.currency, channel: x.channel })),
            contacts: attempts.filter((x) => x.case_id === s.case_id).slice(0, 5).map((x) => ({ at: x.planned_at, channel: x.channel, status: x.status, result: x.result })),
            promises: promises.filter((x) => x.case_id === s.case_id).slice(0, 5)
              .map((x) => ({ dueDate: String(x.due_date), amountMinor: Number(x.amount_minor), currency: x.currency, status: x.status })),
            affordability: summary ? { zh: summary['zh-CN'], en: summary.en } : null,
          },
        });
      }
    }
    return { date, checkinWarnMeters: warnMeters, mapTileUrl: config.mapTileUrl, stops: out };
  }

  async function visitOf(stopId: string, q: Pick<typeof db, 'selectFrom'> = db) {
    return q.selectFrom('field_visit').selectAll().where('stop_id', '=', stopId).executeTakeFirst();
  }
  const keyOf = (u: UserPrincipal, action: 'check_in' | 'outcome' | 'leave' | 'check_out', stopId: string, clientId: string | undefined) =>
    clientId ? { clientId, userId: u.userId, action, stopId } : null;

  type CheckInOut = FieldVisitOut & { compliance: { outcome: string; reasons: Array<{ ruleId: string; zh: string; en: string; outcome: string }> } };
  /** Check-in, once per client id; an offline one is decided by the engine at its captured time (within bounds). */
  async function checkIn(p: Principal, stopId: string, req: CheckIn): Promise<CheckInOut> {
    const found = await myStop(p, stopId);
    return once<CheckInOut>(keyOf(found.u, 'check_in', stopId, req.clientId), (remember) => doCheckIn(p, found, req, remember));
  }

  async function doCheckIn(p: Principal, { stop, c, u }: { stop: Stop; c: CaseDetail; u: UserPrincipal }, req: CheckIn, remember: Remember<CheckInOut>): Promise<CheckInOut> {
    const stopId = stop.id;
    const receivedAt = clock.now();
    const at = capturedInstant(req.capturedAt, receivedAt);
    if (await visitOf(stopId)) throw new AppError(FieldErrors['field.already_checked_in']);
    const agentIds = [u.userId];
    if (req.partnerUserId && req.partnerUserId !== u.userId) {
      const partner = await db.selectFrom('app_user').select('id').where('id', '=', req.partnerUserId).where('role', '=', 'field_collector').where('status', '=', 'active').executeTakeFirst();
      if (!partner) throw new AppError(FieldErrors['field.bad_partner'], { issues: [{ path: 'partnerUserId', message: '同行人员不是在职的外访催收员', messageEn: 'The partner is not an active field collector' }] });
      agentIds.push(partner.id);
    }
    const address = c.addresses.find((a) => a.id === stop.address_id)!;
    const distance = address.latitude !== null && address.longitude !== null
      ? haversineMeters({ latitude: req.latitude, longitude: req.longitude }, { latitude: address.latitude, longitude: address.longitude }) : null;
    const warning = distance !== null && distance > warnMeters;
    const names = await db.selectFrom('app_user').select(['id', 'display_name']).where('id', 'in', agentIds).execute();
    const agents = (await deps.staff.agentsFor(agentIds)).map((q) => ({ ...q, name: names.find((n) => n.id === q.id)?.display_name }));
    const position = { latitude: req.latitude, longitude: req.longitude, accuracyM: req.accuracy, distanceM: distance === null ? null : Math.round(distance), warning };
    const r = await db.transaction().execute(async (trx) => {
      const { attempt, decision } = await deps.compliance.attemptIn(trx, c, {
        channel: 'visit', partyKind: address.contactPersonId ? 'contact_person' : 'debtor', partyId: address.contactPersonId ?? c.debtorId,
        contactPointId: address.id, recording: true, agentIds, at,
      }, u.userId, agents);
      const reasons = decision.reasons.map((x) => ({
        ruleId: x.ruleId, outcome: x.outcome,
        zh: x.detail ? `${x.message['zh-CN']}（${x.detail['zh-CN']}）` : x.message['zh-CN'],
        en: x.detail ? `${x.message.en} (${x.detail.en})` : x.message.en,
      }));
      if (decision.outcome === 'block') {
        await audit.record(actorOf(p), { action: 'field.check_in_blocked', entityType: 'visit_plan_stop', entityId: stopId, after: { attemptId: attempt.id, agentIds, ...position, rules: attempt.ruleIds } }, trx);
        return { blocked: true as const, reasons };
      }
      const row: FieldVisitTable = {
        id: newId(), stop_id: stopId, case_id: c.id, address_id: address.id, user_id: u.userId, partner_user_id: agentIds[1] ?? null, attempt_id: attempt.id,
        status: 'checked_in', checked_in_at: attempt.plannedAt, latitude: req.latitude, longitude: req.longitude, accuracy_m: req.accuracy,
        distance_m: distance, is_distance_warning: warning, outcome_code: null, notes: null, promise_id: null, ended_at: null,
        received_at: receivedAt.toISOString(), checked_out_at: null, checkout_latitude: null, checkout_longitude: null, checkout_accuracy_m: null, duration_s: null,
      };
      await trx.insertInto('field_visit').values(row).execute();
      await audit.record(actorOf(p), {
        action: 'field.check_in', entityType: 'field_visit', entityId: row.id,
        after: { stopId, caseId: c.id, attemptId: attempt.id, agentIds, ...position, compliance: decision.outcome, capturedAt: row.checked_in_at, receivedAt: row.received_at, clientId: req.clientId ?? null },
      }, trx);
      const result: CheckInOut = { ...visitOut(row), compliance: { outcome: decision.outcome, reasons } };
      await remember(trx, result);
      return { blocked: false as const, result };
    });
    if (r.blocked) {
      const blocks = r.reasons.filter((x) => x.outcome === 'block');
      throw new AppError(FieldErrors['field.blocked'], {
        summary: blocks.map((x) => `${x.ruleId} ${x.zh}`).join('；'),
        issues: blocks.map((x) => ({ path: x.ruleId, message: `${x.ruleId} ${x.zh}`, messageEn: `${x.ruleId} ${x.en}` })),
      });
    }
    return r.result;
  }

  async function openVisit(stopId: string) {
    const v = await visitOf(stopId);
    if (!v || v.status !== 'checked_in') throw new AppError(FieldErrors['field.not_checked_in']);
    return v;
  }

  /** The outcome, once per client id: the visit is done; the collector checks out on leaving (its length is then known). */
  async function outcome(p: Principal, stopId: string, req: FieldOutcome): Promise<FieldVisitOut> {
    const { c, u } = await myStop(p, stopId);
    return once<FieldVisitOut>(keyOf(u, 'outcome', stopId, req.clientId), async (remember) => {
      const v = await openVisit(stopId);
      return recordOutcome(p, { c, u, v }, stopId, req, remember);
    });
  }

  async function recordOutcome(p: Principal, { c, u, v }: { c: CaseDetail; u: UserPrincipal; v: FieldVisitTable }, stopId: string, req: FieldOutcome, remember: Remember<FieldVisitOut>) {
    const notes = req.notes?.trim() || null;
    if (notes && CASH.test(notes)) {
      throw new AppError(FieldErrors['field.cash_refused'], { issues: [{ path: 'notes', message: '外访不得收取现金：请引导债务人通过官方渠道还款', messageEn: 'Field collectors never collect cash: the debtor pays through the official channel' }] });
    }
    if (notes) {
      const packs = (await db.selectFrom('creditor').select('rule_pack_set').where('id', '=', c.creditorId).executeTakeFirstOrThrow()).rule_pack_set.split(/\s+/).filter(Boolean);
      const d = deps.compliance.contentCheck(packs, 'visit', notes);
      const blocks = d.reasons.filter((x) => x.outcome === 'block');
      if (blocks.length > 0) {
        const summary = blocks.map((x) => `${x.ruleId} ${x.message['zh-CN']}`).join('；');
        throw new AppError(FieldErrors['field.notes_refused'], { summary, issues: blocks.map((x) => ({ path: 'notes', message: `${x.ruleId} ${x.message['zh-CN']}`, messageEn: `${x.ruleId} ${x.message.en}` })) });
      }
    }
    if (req.code === 'promise' && !req.promise) throw new AppError(FieldErrors['field.promise_required'], { issues: [{ path: 'promise', message: '请填写承诺金额和日期', messageEn: 'Enter the promised amount and date' }] });
    const now = clock.now().toISOString();
    const today = calendarDate(clock.now());
    if (req.promise && req.promise.dueDate < today) {
      throw new AppError('common.validation', { summary: 'promise.dueDate', issues: [{ path: 'promise.dueDate', message: '承诺日期不能早于今天', messageEn: 'The promise date cannot be before today' }] });
    }
    return db.transaction().execute(async (trx) => {
      const promiseId = req.promise && req.code === 'promise'
        ? await recordPromiseIn(trx, audit, actorOf(p), {
          caseId: c.id, debtAccountId: null, amountMinor: req.promise.amountMinor, currency: c.accounts[0]?.currency ?? 'CNY', dueDate: req.promise.dueDate,
          madeOn: today, note: '上门承诺', createdBy: u.userId, at: now,
        })
        : null;
      const n = await trx.updateTable('field_visit').set({ status: 'done', outcome_code: req.code, notes, promise_id: promiseId, ended_at: now })
        .where('id', '=', v.id).where('status', '=', 'checked_in').executeTakeFirst();
      if (Number(n.numUpdatedRows) !== 1) throw new AppError(FieldErrors['field.not_checked_in']);
      await trx.updateTable('contact_attempt').set({ status: 'completed', result: RESULT[req.code], notes, completed_at: now }).where('id', '=', v.attempt_id).where('status', '=', 'allowed').execute();
      await audit.record(actorOf(p), { action: 'field.outcome', entityType: 'field_visit', entityId: v.id, after: { stopId, caseId: c.id, code: req.code, promiseId, clientId: req.clientId ?? null } }, trx);
      const result = visitOut(await visitOf(stopId, trx));
      await remember(trx, result);
      return result;
    });
  }

  /** Asked to leave: the visit ends at once (its check-out), recorded on the visit and as an incident for the supervisor. */
  async function leave(p: Principal, stopId: string, req: FieldLeave = {}): Promise<FieldVisitOut> {
    const { c, u } = await myStop(p, stopId);
    return once<FieldVisitOut>(keyOf(u, 'leave', stopId, req.clientId), async (remember) => {
      const v = await openVisit(stopId);
      const at = capturedInstant(req.capturedAt, clock.now(), v.checked_in_at);
      const now = at.toISOString();
      return db.transaction().execute(async (trx) => {
        const n = await trx.updateTable('field_visit').set({ status: 'left', outcome_code: 'asked_to_leave', ended_at: now, checked_out_at: now, duration_s: secondsBetween(v.checked_in_at, at) })
          .where('id', '=', v.id).where('status', '=', 'checked_in').executeTakeFirst();
        if (Number(n.numUpdatedRows) !== 1) throw new AppError(FieldErrors['field.not_checked_in']);
        await trx.updateTable('contact_attempt').set({ status: 'completed', result: 'visited_met', notes: '被要求离开，已立即离开 / asked to leave, left at once', completed_at: now })
          .where('id', '=', v.attempt_id).where('status', '=', 'allowed').execute();
        const incidentId = newId();
        await trx.insertInto('field_incident').values({
          id: incidentId, kind: 'asked_to_leave', user_id: u.userId, team_id: u.teamId, stop_id: stopId, case_id: c.id, latitude: v.latitude, longitude: v.longitude, created_at: now,
        }).execute();
        await audit.record(actorOf(p), { action: 'field.asked_to_leave', entityType: 'field_visit', entityId: v.id, after: { stopId, caseId: c.id, incidentId, clientId: req.clientId ?? null } }, trx);
        const result = visitOut(await visitOf(stopId, trx));
        await remember(trx, result);
        return result;
      });
    });
  }

  /**
   * Check-out (签退), once per client id: when and where the collector left, and the visit's length. The rule: the
   * outcome comes first (a visit never ends without a lawful record of what happened); after "asked to leave" the
   * visit has ended already.
   */
  async function checkOut(p: Principal, stopId: string, req: CheckOut): Promise<FieldVisitOut> {
    const { c, u } = await myStop(p, stopId);
    return once<FieldVisitOut>(keyOf(u, 'check_out', stopId, req.clientId), async (remember) => {
      const v = await visitOf(stopId);
      if (!v) throw new AppError(FieldErrors['field.not_checked_in']);
      if (v.status === 'checked_in') throw new AppError(FieldErrors['field.outcome_first']);
      if (v.checked_out_at !== null) throw new AppError(FieldErrors['field.already_ended']);
      const at = capturedInstant(req.capturedAt, clock.now(), v.checked_in_at);
      const position = { checkout_latitude: req.latitude ?? null, checkout_longitude: req.longitude ?? null, checkout_accuracy_m: req.accuracy ?? null };
      return db.transaction().execute(async (trx) => {
        const n = await trx.updateTable('field_visit').set({ checked_out_at: at.toISOString(), duration_s: secondsBetween(v.checked_in_at, at), ...position })
          .where('id', '=', v.id).where('checked_out_at', 'is', null).executeTakeFirst();
        if (Number(n.numUpdatedRows) !== 1) throw new AppError(FieldErrors['field.already_ended']);
        await audit.record(actorOf(p), { action: 'field.check_out', entityType: 'field_visit', entityId: v.id, after: { stopId, caseId: c.id, at: at.toISOString(), ...position, clientId: req.clientId ?? null } }, trx);
        const result = visitOut(await visitOf(stopId, trx));
        await remember(trx, result);
        return result;
      });
    });
  }

  /** SOS, once per client id (an SOS queued offline and replayed twice alerts once). */
  async function sos(p: Principal, req: { stopId?: string | undefined; latitude?: number | undefined; longitude?: number | undefined; clientId?: string | undefined }): Promise<IncidentOut> {
    requirePermission(p, 'contacts.attempt');
    const u = userOf(p);
    const caseId = req.stopId ? (await myStop(p, req.stopId)).c.id : null;
    const key = req.clientId ? { clientId: req.clientId, userId: u.userId, action: 'sos' as const, stopId: req.stopId ?? '' } : null;
    return once<IncidentOut>(key, async (remember) => {
      const row = {
        id: newId(), kind: 'sos' as const, user_id: u.userId, team_id: u.teamId, stop_id: req.stopId ?? null, case_id: caseId,
        latitude: req.latitude ?? null, longitude: req.longitude ?? null, created_at: clock.now().toISOString(),
      };
      const out: IncidentOut = { id: row.id, kind: row.kind, userId: u.userId, userName: u.displayName, stopId: row.stop_id, caseId, latitude: row.latitude, longitude: row.longitude, createdAt: row.created_at };
      await db.transaction().execute(async (trx) => {
        await trx.insertInto('field_incident').values(row).execute();
        await audit.record(actorOf(p), { action: 'field.sos', entityType: 'field_incident', entityId: row.id, after: { stopId: row.stop_id, caseId, latitude: row.latitude, longitude: row.longitude } }, trx);
        await remember(trx, out);
      });
      return out;
    });
  }

  /** Incidents for supervisors: their team's and those on routes they planned (all for roles that see every case), newest first. */
  async function incidents(p: Principal): Promise<{ items: IncidentOut[] }> {
    requirePermission(p, 'visits.plan');
    const scope = scopeOf(p);
    let q = db.selectFrom('field_incident as i').innerJoin('app_user as u', 'u.id', 'i.user_id').selectAll('i').select('u.display_name');
    if (scope.kind !== 'all') {
      if (scope.kind !== 'team') return { items: [] };
      const { teamId, userId } = scope;
      // The team's, and those at a stop of a plan this supervisor made (the route's supervisor).
      q = q.where((eb) => eb.or([
        ...(teamId === null ? [] : [eb('i.team_id', '=', teamId)]),
        eb('i.stop_id', 'in', eb.selectFrom('visit_plan_stop as s').innerJoin('visit_plan as p', 'p.id', 's.plan_id').select('s.id').where('p.created_by', '=', userId)),
      ]));
    }
    const rows = await q.orderBy('i.created_at', 'desc').orderBy('i.id', 'desc').limit(100).execute();
    return {
      items: rows.map((r) => ({
        id: r.id, kind: r.kind, userId: r.user_id, userName: r.display_name, stopId: r.stop_id, caseId: r.case_id, latitude: r.latitude, longitude: r.longitude, createdAt: r.created_at,
      })),
    };
  }

  return { today, checkIn, outcome, leave, checkOut, sos, incidents, stopOf: myStop, visitOut };
}

export type FieldService = ReturnType<typeof createFieldService>;
