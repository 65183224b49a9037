// Field visits (issue 8, parts 1–2). A collector or supervisor requests a visit to one of the case's addresses;
// a supervisor other than the requester approves it (audited); a supervisor plans a day for a set of field
// collectors with the routing engine. Compliance is asked through its public face: the engine's decision for a
// `visit` to the address — at request time on the party rules (third party, holds, opt-outs), at planning time
// also on the day (quiet days), and for each planned stop in full at its planned start with the route's team.
import type { CaseDetail } from '../../../contracts/cases.js';
import type { CreateVisitPlan, CreateVisitRequest, VisitPlanOut, VisitRequestOut, VisitRequestStatus } from '../../../contracts/visits.js';
import type { Decision, Scenario, ScenarioAgent } from '../../../core/compliance/types.js';
import { partyRoles, type PartyRole } from '../../../core/compliance/types.js';
import type { AppContext } from '../../context.js';
import { actorOf, requirePermission, scopeOf, type Principal, type UserPrincipal } from '../../platform/access.js';
import { AppError, defineErrors } from '../../platform/errors.js';
import { newId } from '../../platform/ids.js';
import { scopeFilter, type CaseService } from '../cases/index.js';
import type { ComplianceService } from '../compliance/index.js';
import type { StaffService } from '../staff/index.js';
import { windowsOn, type AvailabilityWindow } from '../../../core/field/availability.js';
import { travelProviderOf, type TravelProvider } from './travel.js';
import { DEFAULT_PLAN_SETTINGS, densestPoint, localSpan, outOfReach, planDay, visitWindow, type PlanSettings, type PlanVisit } from './visits.planner.js';
import type { VisitPlanStopTable, VisitPlanTable, VisitRequestTable, VisitUnplanned } from './visits.tables.js';

export const VisitErrors = defineErrors({
  'visits.unknown_address': { kind: 'validation', zh: '此案件没有该地址', en: 'This case has no such address' },
  'visits.blocked': { kind: 'validation', zh: '合规规则不允许上门：{summary}', en: 'The compliance rules do not allow this visit: {summary}' },
  'visits.self_approval': { kind: 'forbidden', zh: '不能审批自己提交的上门申请', en: 'You cannot approve your own visit request' },
  'visits.bad_status': { kind: 'conflict', zh: '该上门申请当前状态不允许此操作', en: 'The visit request is not in a state that allows this' },
  'visits.not_field_collector': { kind: 'validation', zh: '所选人员不是在职的外访催收员', en: 'A chosen person is not an active field collector' },
  'visits.not_enough_collectors': { kind: 'validation', zh: '外访须 {size} 人一组，所选人员不足', en: 'Field visits need teams of {size}; not enough collectors chosen' },
});

/** Every contact Concord makes is made by one agency (as in the compliance module). */
const AGENCY = 'concord';
/** Rule kinds about the party and the address, decided when a visit is requested (no time or team yet). */
const PARTY_KINDS = ['third_party', 'hold', 'medium_opt_out', 'vulnerable'];
/** At planning time the day is known as well. */
const DAY_KINDS = [...PARTY_KINDS, 'quiet_days'];

type Reasons = Array<{ ruleId: string; zh: string; en: string; outcome: string }>;
const reasonsOf = (d: Decision): Reasons =>
  d.reasons.map((r) => ({
    ruleId: r.ruleId, outcome: r.outcome,
    zh: r.detail ? `${r.message['zh-CN']}（${r.detail['zh-CN']}）` : r.message['zh-CN'],
    en: r.detail ? `${r.message.en} (${r.detail.en})` : r.message.en,
  }));

export function createVisitService(
  ctx: AppContext, deps: { cases: CaseService; compliance: ComplianceService; staff: StaffService }, settings: PlanSettings = DEFAULT_PLAN_SETTINGS,
  travel: TravelProvider = travelProviderOf(ctx.config, ctx.logger),
) {
  const { db, clock, audit } = ctx;
  const engine = deps.compliance.engine;

  function userOf(p: Principal): UserPrincipal {
    if (p.kind !== 'user') throw new AppError('auth.forbidden', { permission: 'user' });
    return p;
  }

  // ---------- compliance ----------

  async function packIdsOf(creditorId: string): Promise<string[]> {
    const row = await db.selectFrom('creditor').select('rule_pack_set').where('id', '=', creditorId).executeTakeFirstOrThrow();
    return row.rule_pack_set.split(/\s+/).filter(Boolean);
  }

  /** The creditor's packs narrowed to some rule kinds (`pack#kind,kind`), keeping any narrowing the set already had. */
  function narrowed(packIds: string[], kinds: string[]): string[] {
    const byPack = new Map<string, Set<string>>();
    for (const { pack, rule } of engine.resolve(packIds)) {
      if (rule.enabled === false || !kinds.includes(rule.kind)) continue;
      if (rule.channels && !rule.channels.includes('visit')) continue;
      byPack.set(pack.id, (byPack.get(pack.id) ?? new Set()).add(rule.kind));
    }
    return [...byPack].map(([id, ks]) => `${id}#${[...ks].join(',')}`);
  }

  /** Allowed hours for visits under the packs: the intersection of their time-window rules for `visit`. */
  function packHours(packIds: string[]): Array<[string, string]> {
    const out: Array<[string, string]> = [];
    for (const { rule } of engine.resolve(packIds)) {
      if (rule.kind !== 'time_window' || rule.enabled === false || (rule.channels && !rule.channels.includes('visit'))) continue;
      if (rule.params.start < rule.params.end) out.push([rule.params.start, rule.params.end]);
    }
    return out;
  }

  /** The most collectors a visit needs under the packs (two-person rule), at least 1. */
  function teamSize(packIds: string[]): number {
    let n = 1;
    for (const { rule } of engine.resolve(packIds)) {
      if (rule.kind === 'visit_team' && rule.enabled !== false) n = Math.max(n, rule.params.minAgents);
    }
    return n;
  }

  /** The engine's decision for a visit to an address of the case, with the case's contact history. */
  async function decideVisit(p: Principal, c: CaseDetail, addressId: string, at: Date, packs: string[], agents: ScenarioAgent[]): Promise<Decision> {
    if (packs.length === 0) return { outcome: 'allow', reasons: [], nextAllowedAt: null };
    const address = c.addresses.find((a) => a.id === addressId)!;
    const [attempts, events] = await Promise.all([deps.compliance.attempts(p, c.id), deps.compliance.events(p, c.id)]);
    const zone = [c.debtor.timeZone];
    const s: Scenario = {
      packs,
      at: at.toISOString(),
      action: {
        channel: 'visit', partyId: address.contactPersonId ?? c.debtorId, contactPoint: address.id, debtIds: c.accounts.map((d) => d.id),
        collectorId: AGENCY, agentIds: agents.map((g) => g.id), recording: true,
      },
      parties: [
        { id: c.debtorId, role: 'debtor', timeZones: zone },
        ...c.contacts.map((x) => ({ id: x.id, role: ((partyRoles as readonly string[]).includes(x.partyRole) ? x.partyRole : 'third_party') as PartyRole, timeZones: zone })),
      ],
      debts: c.accounts.map((d) => ({ id: d.id, accountNumber: d.externalLoanId, product: d.product })),
      agents,
      history: attempts.items.filter((a) => a.status !== 'blocked' && a.plannedAt <= at.toISOString()).reverse().map((a) => ({
        at: a.plannedAt, channel: a.channel, direction: 'outbound' as const, partyId: a.partyId, contactPoint: a.contactPointId ?? undefined,
        collectorId: AGENCY, result: a.result ?? undefined,
      })),
      events: events.items.filter((e) => e.at <= at.toISOString()).reverse().map((e) => ({
        at: e.at, type: e.type, partyId: e.partyId, channel: e.channel ?? undefined, contactPoint: e.contactPointId ?? undefined,
        debtIds: e.debtIds ?? undefined, from: e.from ?? undefined, until: e.until ?? undefined, reviewOn: e.reviewOn ?? undefined,
      })),
    };
    return engine.decide(s);
  }

  // ---------- requests ----------

  async function requestsOut(rows: VisitRequestTable[]): Promise<VisitRequestOut[]> {
    if (rows.length === 0) return [];
    const [addresses, users] = await Promise.all([
      db.selectFrom('address').selectAll().where('id', 'in', [...new Set(rows.map((r) => r.address_id))]).execute(),
      db.selectFrom('app_user').select(['id', 'display_name']).where('id', 'in', [...new Set(rows.map((r) => r.requested_by))]).execute(),
    ]);
    return rows.map((r) => {
      const a = addresses.find((x) => x.id === r.address_id)!;
      return {
        id: r.id, caseId: r.case_id, addressId: r.address_id,
        address: {
          kind: a.kind, region: a.region_text, detailMasked: a.detail_masked, verificationStatus: a.verification_status,
          thirdParty: a.contact_person_id !== null, hasCoordinates: a.latitude !== null && a.longitude !== null,
        },
        requestedBy: r.requested_by, requestedByName: users.find((u) => u.id === r.requested_by)?.display_name ?? null,
        reason: r.reason, priority: r.priority, status: r.status, approvedBy: r.approved_by, approvedAt: r.approved_at,
        decisionReason: r.decision_reason, plannedDate: r.planned_date, planId: r.plan_id, createdAt: r.created_at,
      };
    });
  }

  async function createRequest(p: Principal, caseId: string, req: CreateVisitRequest): Promise<VisitRequestOut> {
    requirePermission(p, 'contacts.attempt');
    const u = userOf(p);
    const c = await deps.cases.get(p, caseId);
    const address = c.addresses.find((a) => a.id === req.addressId);
    if (!address) throw new AppError(VisitErrors['visits.unknown_address'], { issues: [{ path: 'addressId', message: '此案件没有该地址', messageEn: 'This case has no such address' }] });
    const at = clock.now();
    const decision = await decideVisit(p, c, address.id, at, narrowed(await packIdsOf(c.creditorId), PARTY_KINDS), []);
    const reasons = reasonsOf(decision);
    if (decision.outcome === 'block') {
      const blocks = reasons.filter((r) => r.outcome === 'block');
      throw new AppError(VisitErrors['visits.blocked'], {
        summary: blocks.map((r) => `${r.ruleId} ${r.zh}`).join('；'),
        issues: blocks.map((r) => ({ path: 'addressId', message: `${r.ruleId} ${r.zh}`, messageEn: `${r.ruleId} ${r.en}` })),
      });
    }
    const now = at.toISOString();
    const row: VisitRequestTable = {
      id: newId(), case_id: c.id, address_id: address.id, requested_by: u.userId, reason: req.reason, priority: req.priority, status: 'requested',
      approved_by: null, approved_at: null, decision_reason: null, planned_date: null, plan_id: null, created_at: now, updated_at: now,
    };
    await db.transaction().execute(async (trx) => {
      await trx.insertInto('visit_request').values(row).execute();
      await audit.record(actorOf(p), { action: 'visit_request.create', entityType: 'visit_request', entityId: row.id, after: { caseId: c.id, addressId: address.id, priority: row.priority, thirdParty: address.contactPersonId !== null, compliance: decision.outcome } }, trx);
    });
    const [out] = await requestsOut([row]);
    return { ...out!, warnings: reasons.filter((r) => r.outcome === 'warn').map((r) => ({ ruleId: r.ruleId, zh: r.zh, en: r.en })) };
  }

  async function listForCase(p: Principal, caseId: string) {
    const c = await deps.cases.get(p, caseId);
    const rows = await db.selectFrom('visit_request').selectAll().where('case_id', '=', c.id).orderBy('created_at', 'desc').limit(200).execute();
    return { items: await requestsOut(rows) };
  }

  async function list(p: Principal, status: VisitRequestStatus | undefined) {
    requirePermission(p, 'cases.read');
    let q = db.selectFrom('visit_request').innerJoin('collection_case', 'collection_case.id', 'visit_request.case_id').where(scopeFilter(scopeOf(p)));
    if (status) q = q.where('visit_request.status', '=', status);
    const rows = await q.selectAll('visit_request').orderBy('visit_request.created_at').limit(500).execute();
    return { items: await requestsOut(rows) };
  }

  async function decide(p: Principal, id: string, to: 'approved' | 'rejected', reason: string | undefined): Promise<VisitRequestOut> {
    requirePermission(p, 'visits.plan');
    const u = userOf(p);
    const row = await db.selectFrom('visit_request').selectAll().where('id', '=', id).executeTakeFirst();
    if (!row) throw new AppError('common.not_found', { entity: 'visit request' });
    await deps.cases.get(p, row.case_id); // outside the scope: 404
    if (row.status !== 'requested') throw new AppError(VisitErrors['visits.bad_status']);
    if (row.requested_by === u.userId) throw new AppError(VisitErrors['visits.self_approval']);
    const now = clock.now().toISOString();
    await db.transaction().execute(async (trx) => {
      const res = await trx.updateTable('visit_request').set({ status: to, approved_by: u.userId, approved_at: now, decision_reason: reason ?? null, updated_at: now })
        .where('id', '=', id).where('status', '=', 'requested').executeTakeFirst();
      if (Number(res.numUpdatedRows) !== 1) throw new AppError(VisitErrors['visits.bad_status']);
      await audit.record(actorOf(p), { action: to === 'approved' ? 'visit_request.approve' : 'visit_request.reject', entityType: 'visit_request', entityId: id, reason: reason ?? null, before: { status: row.status }, after: { status: to } }, trx);
    });
    const fresh = await db.selectFrom('visit_request').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
    return (await requestsOut([fresh]))[0]!;
  }

  // ---------- plans ----------

  async function fieldCollectors(p: Principal) {
    requirePermission(p, 'visits.plan');
    const rows = await db.selectFrom('app_user').select(['id', 'display_name', 'team_id']).where('role', '=', 'field_collector').where('status', '=', 'active').orderBy('display_name').limit(500).execute();
    return { items: rows.map((r) => ({ id: r.id, name: r.display_name, teamId: r.team_id })) };
  }

  async function createPlan(p: Principal, req: CreateVisitPlan): Promise<VisitPlanOut> {
    requirePermission(p, 'visits.plan');
    const u = userOf(p);
    const collectorIds = [...new Set(req.collectorIds)];
    const collectors = await db.selectFrom('app_user').select(['id', 'display_name']).where('id', 'in', collectorIds).where('role', '=', 'field_collector').where('status', '=', 'active').execute();
    if (collectors.length !== collectorIds.length) throw new AppError(VisitErrors['visits.not_field_collector']);

    const rows = await db.selectFrom('visit_request')
      .innerJoin('collection_case', 'collection_case.id', 'visit_request.case_id')
      .innerJoin('address', 'address.id', 'visit_request.address_id')
      .innerJoin('creditor', 'creditor.id', 'collection_case.creditor_id')
      .where(scopeFilter(scopeOf(p)))
      .where('visit_request.status', '=', 'approved')
      .selectAll('visit_request')
      .select(['address.latitude', 'address.longitude', 'address.kind as address_kind', 'address.region_text', 'address.detail_masked', 'creditor.time_zone as creditor_zone', 'creditor.rule_pack_set', 'collection_case.creditor_id'])
      .orderBy('visit_request.priority', 'desc').orderBy('visit_request.created_at').limit(500).execute();

    const unplanned: VisitUnplanned[] = [];
    /** Which visit an unplanned entry is: the supervisor reads the address, not an id. */
    const whereOf = (r: (typeof rows)[number]) => ({
      requestId: r.id, caseId: r.case_id, addressKind: r.address_kind, region: r.region_text, detailMasked: r.detail_masked, priority: r.priority,
    });
    let candidates: Array<{ row: (typeof rows)[number]; visit: PlanVisit; c: CaseDetail; packs: string[] }> = [];
    const cases = new Map<string, CaseDetail>();
    let size = 1;
    // The debtor's stated availability per address (none stated: no constraint).
    const availability = new Map<string, AvailabilityWindow[]>();
    const addressIds = [...new Set(rows.map((r) => r.address_id))];
    for (let i = 0; i < addressIds.length; i += 500) {
      const part = await db.selectFrom('address_availability').select(['address_id', 'day_of_week', 'from_time', 'to_time']).where('address_id', 'in', addressIds.slice(i, i + 500)).execute();
      for (const a of part) availability.set(a.address_id, [...(availability.get(a.address_id) ?? []), { dayOfWeek: a.day_of_week, from: a.from_time, to: a.to_time }]);
    }
    for (const row of rows) {
      if (row.latitude === null || row.longitude === null) {
        unplanned.push({ ...whereOf(row), reason: 'no_coordinates', details: [{ zh: '地址没有坐标，无法规划', en: 'The address has no coordinates' }] });
        continue;
      }
      const packs = row.rule_pack_set.split(/\s+/).filter(Boolean);
      const zone = row.creditor_zone;
      const spans = [
        ...packHours(packs).map(([a, b]) => localSpan(zone, req.date, a, b)),
        localSpan(zone, req.date, ...settings.kindHours[row.address_kind]),
      ];
      const stated = availability.get(row.address_id);
      const w = visitWindow(spans, stated ? windowsOn(stated, req.date).map(([a, b]) => localSpan(zone, req.date, a, b)) : null, settings.serviceMinutes);
      if ('reason' in w) {
        unplanned.push({
          ...whereOf(row), reason: w.reason,
          details: [w.reason === 'availability'
            ? { zh: '债务人当天可接待的时段与允许上门的时段没有交集', en: "The debtor's stated availability that day does not meet the allowed hours" }
            : { zh: '当天没有允许上门的时段', en: 'No hours on that day in which a visit is allowed' }],
        });
        continue;
      }
      const window = w.window;
      let c = cases.get(row.case_id);
      if (!c) cases.set(row.case_id, (c = await deps.cases.get(p, row.case_id)));
      const decision = await decideVisit(p, c, row.address_id, new Date(window[0]), narrowed(packs, DAY_KINDS), []);
      if (decision.outcome === 'block') {
        unplanned.push({ ...whereOf(row), reason: 'compliance', details: reasonsOf(decision).filter((r) => r.outcome === 'block').map((r) => ({ ruleId: r.ruleId, zh: r.zh, en: r.en })) });
        continue;
      }
      size = Math.max(size, teamSize(packs));
      candidates.push({ row, c, packs, visit: { latitude: row.latitude, longitude: row.longitude, window, priority: row.priority } });
    }

    // Teams in the order chosen: pairs where the two-person rule applies.
    const teams: string[][] = [];
    for (let i = 0; i + size <= collectorIds.length; i += size) teams.push(collectorIds.slice(i, i + size));
    const unpaired = collectorIds.slice(teams.length * size);
    if (teams.length === 0 && candidates.length > 0) throw new AppError(VisitErrors['visits.not_enough_collectors'], { size });

    const timeZone = req.timeZone ?? rows[0]?.creditor_zone ?? 'Asia/Shanghai';
    const day = localSpan(timeZone, req.date, settings.dayStart, settings.dayEnd);
    const densest = densestPoint(candidates.map((x) => x.visit));
    const base = req.base ? { ...req.base, source: 'request' } : densest ? { ...densest, source: 'densest' } : { latitude: 0, longitude: 0, source: 'none' };
    // A visit no route could serve even alone (too far from the base for the day) is reported, not offered to the solver.
    const far = new Set(outOfReach(candidates.map((x) => x.visit), base, day, settings));
    for (const i of far) {
      const x = candidates[i]!;
      unplanned.push({ ...whereOf(x.row), reason: 'out_of_reach', details: [{ zh: '离出发点太远，当天往返无法完成', en: 'Too far from the base to go and return within the day' }] });
    }
    candidates = candidates.filter((_, i) => !far.has(i));
    const t0 = performance.now();
    const matrix = candidates.length > 0 && teams.length > 0 ? await travel.matrix([base, ...candidates.map((x) => x.visit)], settings) : undefined;
    const result = planDay(candidates.map((x) => x.visit), base, day, teams.length, settings, () => performance.now(), matrix);
    if (!result.feasible) throw new AppError('common.internal', { reason: 'the routing engine returned an infeasible plan' });
    for (const i of result.dropped) {
      const x = candidates[i]!;
      unplanned.push({ ...whereOf(x.row), reason: 'day_full', details: [{ zh: '当天路线已满（按优先级取舍）', en: 'The day is full (kept by priority)' }] });
    }

    const planId = newId();
    const stops: VisitPlanStopTable[] = [];
    for (const r of result.routes) {
      const agents = (await deps.staff.agentsFor(teams[r.team]!)).map((q) => ({ ...q, name: collectors.find((cl) => cl.id === q.id)?.display_name }));
      for (const [seq, st] of r.stops.entries()) {
        const x = candidates[st.visit]!;
        const d = await decideVisit(p, x.c, x.row.address_id, new Date(st.start), x.packs, agents);
        stops.push({
          id: newId(), plan_id: planId, route_no: r.team + 1, seq: seq + 1, request_id: x.row.id, case_id: x.row.case_id,
          arrival_at: new Date(st.arrival).toISOString(), start_at: new Date(st.start).toISOString(), end_at: new Date(st.end).toISOString(),
          window_start_at: new Date(x.visit.window[0]).toISOString(), window_end_at: new Date(x.visit.window[1]).toISOString(),
          travel_km: Math.round(st.travelKm * 100) / 100, compliance_json: { outcome: d.outcome, reasons: reasonsOf(d) },
        });
      }
    }
    const now = clock.now().toISOString();
    const plan: VisitPlanTable = {
      id: planId, plan_date: req.date, time_zone: timeZone, base_latitude: base.latitude, base_longitude: base.longitude, base_source: base.source,
      settings_json: { ...settings, teamSize: size, unpairedCollectorIds: unpaired, solveMs: Math.round(performance.now() - t0), travelProvider: matrix?.provider ?? travel.name, ...(matrix?.fallback ? { travelFallback: matrix.fallback } : {}) },
      routes_json: teams.map((team, i) => {
        const r = result.routes.find((x) => x.team === i);
        return { routeNo: i + 1, collectorIds: team, distanceKm: r ? Math.round(r.distanceKm * 100) / 100 : 0, startAt: r ? new Date(r.start).toISOString() : null, endAt: r ? new Date(r.end).toISOString() : null };
      }),
      unplanned_json: unplanned, created_by: u.userId, created_at: now,
    };
    await db.transaction().execute(async (trx) => {
      await trx.insertInto('visit_plan').values(plan).execute();
      for (const s of stops) {
        await trx.insertInto('visit_plan_stop').values(s).execute();
        const res = await trx.updateTable('visit_request').set({ status: 'planned', planned_date: req.date, plan_id: planId, updated_at: now })
          .where('id', '=', s.request_id).where('status', '=', 'approved').executeTakeFirst();
        if (Number(res.numUpdatedRows) !== 1) throw new AppError('common.conflict', { reason: 'visit request changed while planning' });
      }
      await audit.record(actorOf(p), { action: 'visit_plan.create', entityType: 'visit_plan', entityId: planId, after: { date: req.date, collectorIds, teams: teams.length, stops: stops.length, unplanned: unplanned.length } }, trx);
    });
    return getPlan(p, planId);
  }

  async function getPlan(p: Principal, id: string): Promise<VisitPlanOut> {
    requirePermission(p, 'visits.plan');
    const plan = await db.selectFrom('visit_plan').selectAll().where('id', '=', id).executeTakeFirst();
    if (!plan) throw new AppError('common.not_found', { entity: 'visit plan' });
    const stops = await db.selectFrom('visit_plan_stop as s').innerJoin('visit_request as r', 'r.id', 's.request_id').innerJoin('address as a', 'a.id', 'r.address_id')
      .selectAll('s').select(['a.kind', 'a.region_text', 'a.detail_masked', 'r.priority'])
      .where('s.plan_id', '=', id).orderBy('s.route_no').orderBy('s.seq').execute();
    // A plan with a stop outside the caller's case scope is not theirs to read.
    const caseIds = [...new Set(stops.map((s) => s.case_id))];
    if (caseIds.length > 0) {
      const seen = await db.selectFrom('collection_case').select('collection_case.id').where('collection_case.id', 'in', caseIds).where(scopeFilter(scopeOf(p))).execute();
      if (seen.length !== caseIds.length) throw new AppError('common.not_found', { entity: 'visit plan' });
    }
    const userIds = [...new Set(plan.routes_json.flatMap((r) => r.collectorIds))];
    const names = userIds.length ? await db.selectFrom('app_user').select(['id', 'display_name']).where('id', 'in', userIds).execute() : [];
    return {
      id: plan.id, date: plan.plan_date, timeZone: plan.time_zone,
      base: { latitude: plan.base_latitude, longitude: plan.base_longitude, source: plan.base_source },
      settings: plan.settings_json,
      routes: plan.routes_json.map((r) => ({
        routeNo: r.routeNo, collectors: r.collectorIds.map((cid) => ({ id: cid, name: names.find((n) => n.id === cid)?.display_name ?? cid })),
        distanceKm: r.distanceKm, startAt: r.startAt, endAt: r.endAt,
        stops: stops.filter((s) => s.route_no === r.routeNo).map((s) => ({
          seq: s.seq, requestId: s.request_id, caseId: s.case_id, addressKind: s.kind, region: s.region_text, detailMasked: s.detail_masked, priority: s.priority,
          arrivalAt: s.arrival_at, startAt: s.start_at, endAt: s.end_at, windowStartAt: s.window_start_at, windowEndAt: s.window_end_at,
          travelKm: s.travel_km, compliance: s.compliance_json,
        })),
      })),
      unplanned: plan.unplanned_json,
      unpairedCollectorIds: (plan.settings_json.unpairedCollectorIds as string[] | undefined) ?? [],
      createdBy: plan.created_by, createdAt: plan.created_at,
    };
  }

  return { createRequest, listForCase, list, decide, fieldCollectors, createPlan, getPlan };
}

export type VisitService = ReturnType<typeof createVisitService>;
