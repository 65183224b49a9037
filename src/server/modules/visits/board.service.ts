// Field supervision (issue 8, items 2 and 6). The supervisor's live board: the day's routes per collector or pair,
// each stop's state (planned, late, overdue, checked in, overrun, done, left — core/field/board.ts) with its visit
// report (outcome, duration, distance at check-in, evidence count) and incidents. The overrun sweep, run by the
// periodic job `visits.overrun`, writes one 'overrun' incident per visit checked in longer than its planned service
// time + the grace (CONCORD_FIELD_OVERRUN_GRACE_MINUTES): a unique index makes a second write a no-op. And the
// debtor's stated availability per address, which the planner intersects with the allowed hours.
import type { AvailabilityOut, AvailabilityPut, FieldBoardOut, FieldBoardStop, StopStateOut } from '../../../contracts/field-board.js';
import { stopStates } from '../../../contracts/field-board.js';
import { availabilityIssues, describeAvailability } from '../../../core/field/availability.js';
import { isOverrun, minutesBetween, stopState } from '../../../core/field/board.js';
import type { AppContext } from '../../context.js';
import { actorOf, requirePermission, scopeOf, type Principal } from '../../platform/access.js';
import { systemActor } from '../../platform/audit.js';
import { calendarDate } from '../staff/index.js';
import { AppError } from '../../platform/errors.js';
import { newId } from '../../platform/ids.js';
import { scopeFilter, type CaseService } from '../cases/index.js';

const ms = (iso: string) => Date.parse(iso);

export function createBoardService(ctx: AppContext, deps: { cases: CaseService }) {
  const { db, clock, audit, config } = ctx;
  const grace = config.fieldOverrunGraceMinutes;

  /** Write an 'overrun' incident for each open visit past its planned service time + grace; returns how many were new. */
  async function sweepOverruns(): Promise<number> {
    const now = clock.now();
    const open = await db.selectFrom('field_visit as v').innerJoin('visit_plan_stop as s', 's.id', 'v.stop_id').innerJoin('app_user as u', 'u.id', 'v.user_id')
      .select(['v.id', 'v.stop_id', 'v.case_id', 'v.user_id', 'v.checked_in_at', 'v.latitude', 'v.longitude', 's.start_at', 's.end_at', 'u.team_id'])
      .where('v.status', '=', 'checked_in').where('v.ended_at', 'is', null)
      .where('v.stop_id', 'not in', db.selectFrom('field_incident').select('stop_id').where('kind', '=', 'overrun').where('stop_id', 'is not', null).$castTo<string>())
      .limit(1000).execute();
    let created = 0;
    for (const v of open) {
      const service = ms(v.end_at) - ms(v.start_at);
      if (!isOverrun(ms(v.checked_in_at), service, grace, now.getTime())) continue;
      await db.transaction().execute(async (trx) => {
        const id = newId();
        const r = await trx.insertInto('field_incident').values({
          id, kind: 'overrun', user_id: v.user_id, team_id: v.team_id, stop_id: v.stop_id, case_id: v.case_id, latitude: v.latitude, longitude: v.longitude, created_at: now.toISOString(),
        }).onConflict((oc) => oc.doNothing()).executeTakeFirst();
        if (Number(r.numInsertedOrUpdatedRows ?? 0) !== 1) return;
        created++;
        await audit.record(systemActor, {
          action: 'field.overrun_alert', entityType: 'field_incident', entityId: id,
          after: { visitId: v.id, stopId: v.stop_id, caseId: v.case_id, checkedInAt: v.checked_in_at, serviceMinutes: Math.round(service / 60_000), graceMinutes: grace },
        }, trx);
      });
    }
    return created;
  }

  /** The plans of a date the caller supervises: all for roles that see every case, else those they made or with a collector of their team. */
  async function plansFor(p: Principal, date: string) {
    const scope = scopeOf(p);
    const plans = await db.selectFrom('visit_plan').selectAll().where('plan_date', '=', date).orderBy('created_at').limit(200).execute();
    if (scope.kind === 'all') return plans;
    if (scope.kind !== 'team') return [];
    const ids = [...new Set(plans.flatMap((pl) => pl.routes_json.flatMap((r) => r.collectorIds)))];
    const teamOf = new Map((ids.length ? await db.selectFrom('app_user').select(['id', 'team_id']).where('id', 'in', ids).execute() : []).map((u) => [u.id, u.team_id]));
    return plans.filter((pl) => pl.created_by === scope.userId || (scope.teamId !== null && pl.routes_json.some((r) => r.collectorIds.some((id) => teamOf.get(id) === scope.teamId))));
  }

  async function board(p: Principal, date?: string): Promise<FieldBoardOut> {
    requirePermission(p, 'visits.plan');
    const now = clock.now();
    const day = date ?? calendarDate(now);
    const plans = await plansFor(p, day);
    const planIds = plans.map((pl) => pl.id);
    const planned = planIds.length === 0 ? [] : await db.selectFrom('visit_plan_stop as s')
      .innerJoin('visit_request as r', 'r.id', 's.request_id').innerJoin('address as a', 'a.id', 'r.address_id')
      .selectAll('s').select(['r.address_id', 'a.kind', 'a.region_text', 'a.detail_masked', 'a.contact_person_id'])
      .where('s.plan_id', 'in', planIds).orderBy('s.route_no').orderBy('s.seq').execute();
    // A stop shows when its case is in the caller's scope, or on a plan the caller made (they chose its cases).
    const caseIds = [...new Set(planned.map((s) => s.case_id))];
    const seen = new Set<string>();
    for (let i = 0; i < caseIds.length; i += 500) {
      const part = await db.selectFrom('collection_case').select('collection_case.id').where('collection_case.id', 'in', caseIds.slice(i, i + 500)).where(scopeFilter(scopeOf(p))).execute();
      for (const c of part) seen.add(c.id);
    }
    const mine = new Set(plans.filter((pl) => p.kind === 'user' && pl.created_by === p.userId).map((pl) => pl.id));
    const stops = planned.filter((s) => seen.has(s.case_id) || mine.has(s.plan_id));
    const stopIds = stops.map((s) => s.id);
    const [visits, incidents] = stopIds.length === 0 ? [[], []] : await Promise.all([
      db.selectFrom('field_visit').selectAll().where('stop_id', 'in', stopIds).execute(),
      db.selectFrom('field_incident').select(['id', 'kind', 'stop_id', 'created_at']).where('stop_id', 'in', stopIds).orderBy('created_at').execute(),
    ]);
    const visitIds = visits.map((v) => v.id);
    const evidence = visitIds.length === 0 ? [] : await db.selectFrom('field_evidence').select(['visit_id', db.fn.countAll<number>().as('n')]).where('visit_id', 'in', visitIds).groupBy('visit_id').execute();
    const userIds = [...new Set(plans.flatMap((pl) => pl.routes_json.flatMap((r) => r.collectorIds)))];
    const names = userIds.length ? await db.selectFrom('app_user').select(['id', 'display_name']).where('id', 'in', userIds).execute() : [];
    const totals = Object.fromEntries(stopStates.map((s) => [s, 0])) as Record<StopStateOut, number>;
    const routes: FieldBoardOut['routes'] = [];
    for (const plan of plans) {
      for (const r of plan.routes_json) {
        const own = stops.filter((s) => s.plan_id === plan.id && s.route_no === r.routeNo);
        routes.push({
          planId: plan.id, routeNo: r.routeNo, timeZone: plan.time_zone, distanceKm: r.distanceKm, startAt: r.startAt, endAt: r.endAt,
          collectors: r.collectorIds.map((id) => ({ id, name: names.find((n) => n.id === id)?.display_name ?? id })),
          stops: own.map((s): FieldBoardStop => {
            const v = visits.find((x) => x.stop_id === s.id);
            const ended = v ? (v.ended_at ?? v.checked_out_at ?? null) : null;
            const state = stopState({ startAt: ms(s.start_at), endAt: ms(s.end_at), windowEndAt: ms(s.window_end_at) },
              v ? { status: v.status, checkedInAt: ms(v.checked_in_at), endedAt: ended ? ms(ended) : null } : null, now.getTime(), grace);
            totals[state]++;
            return {
              stopId: s.id, seq: s.seq, caseId: s.case_id, requestId: s.request_id, addressId: s.address_id, addressKind: s.kind, region: s.region_text, detailMasked: s.detail_masked,
              thirdParty: s.contact_person_id !== null, startAt: s.start_at, endAt: s.end_at, windowStartAt: s.window_start_at, windowEndAt: s.window_end_at, state,
              visit: v ? {
                checkedInAt: v.checked_in_at, endedAt: ended, outcomeCode: v.outcome_code, distanceM: v.distance_m === null ? null : Math.round(v.distance_m), distanceWarning: Boolean(v.is_distance_warning),
                durationMin: v.duration_s != null ? Math.floor(v.duration_s / 60) : minutesBetween(ms(v.checked_in_at), ended ? ms(ended) : now.getTime()),
                evidenceCount: Number(evidence.find((e) => e.visit_id === v.id)?.n ?? 0),
              } : null,
              incidents: incidents.filter((i) => i.stop_id === s.id).map((i) => ({ id: i.id, kind: i.kind, createdAt: i.created_at })),
            };
          }),
        });
      }
    }
    return { date: day, now: now.toISOString(), graceMinutes: grace, routes, totals };
  }

  // ---------- availability ----------

  async function addressOf(p: Principal, caseId: string, addressId: string) {
    const c = await deps.cases.get(p, caseId); // outside the scope: 404
    const a = c.addresses.find((x) => x.id === addressId);
    if (!a) throw new AppError('common.not_found', { entity: 'address' });
    return a;
  }

  async function availabilityOut(addressId: string): Promise<AvailabilityOut> {
    const rows = await db.selectFrom('address_availability').select(['day_of_week', 'from_time', 'to_time']).where('address_id', '=', addressId)
      .orderBy('day_of_week').orderBy('from_time').execute();
    const windows = rows.map((r) => ({ dayOfWeek: r.day_of_week, from: r.from_time, to: r.to_time }));
    return { addressId, windows, summary: { zh: describeAvailability(windows, 'zh-CN'), en: describeAvailability(windows, 'en') } };
  }

  async function getAvailability(p: Principal, caseId: string, addressId: string): Promise<AvailabilityOut> {
    requirePermission(p, 'cases.read');
    await addressOf(p, caseId, addressId);
    return availabilityOut(addressId);
  }

  /** Replace the address's windows (an empty list clears them); audited with before and after. */
  async function setAvailability(p: Principal, caseId: string, addressId: string, req: AvailabilityPut): Promise<AvailabilityOut> {
    requirePermission(p, 'contacts.attempt');
    await addressOf(p, caseId, addressId);
    const issues = availabilityIssues(req.windows);
    if (issues.length > 0) throw new AppError('common.validation', { summary: issues.map((i) => i.path).join(', '), issues });
    const key = (w: { dayOfWeek: number; from: string; to: string }) => `${w.dayOfWeek} ${w.from} ${w.to}`;
    const windows = [...new Map(req.windows.map((w) => [key(w), w])).values()];
    const before = await availabilityOut(addressId);
    const at = clock.now().toISOString();
    const userId = p.kind === 'user' ? p.userId : p.tokenId;
    await db.transaction().execute(async (trx) => {
      await trx.deleteFrom('address_availability').where('address_id', '=', addressId).execute();
      if (windows.length > 0) {
        await trx.insertInto('address_availability').values(windows.map((w) => ({
          id: newId(), address_id: addressId, day_of_week: w.dayOfWeek, from_time: w.from, to_time: w.to, created_by: userId, created_at: at,
        }))).execute();
      }
      await audit.record(actorOf(p), { action: 'address.availability_set', entityType: 'address', entityId: addressId, before: { windows: before.windows }, after: { caseId, windows } }, trx);
    });
    return availabilityOut(addressId);
  }

  return { sweepOverruns, board, getAvailability, setAvailability };
}

export type BoardService = ReturnType<typeof createBoardService>;
