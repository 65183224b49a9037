// A field route for today in the demo (issue 8, item 4): up to five of field1's overdue cases, residences with coordinates in
// the province where field1 has the most, requested by field1 and approved by supervisor1, planned for field1 and
// field2 (the two-person rule of cn-cba-2026) as one route in nearest-neighbour order, a stop an hour from 09:30.
import { calendarDate } from '../platform/clock.js';
import { newId } from '../platform/ids.js';
import type { Runtime } from '../runtime.js';

const ZONE = 'Asia/Shanghai';
const STOPS = 5;

/** Shanghai local time HH:mm on a date, as an ISO instant (UTC+8, no daylight saving). */
const local = (date: string, hh: number, mm = 0) => new Date(Date.parse(`${date}T00:00:00Z`) + (hh * 60 + mm - 8 * 60) * 60_000).toISOString();

export async function seedDemoFieldRoute(rt: Runtime, who: { field1: string; field2: string; supervisor: string }): Promise<number> {
  const { db, clock } = rt.ctx;
  const rows = await db.selectFrom('collection_case as c').innerJoin('address as a', 'a.debtor_id', 'c.debtor_id')
    .select(['c.id as case_id', 'a.id as address_id', 'a.province_code', 'a.latitude', 'a.longitude'])
    .where('c.assigned_user_id', '=', who.field1).where('c.status', '=', 'open').where('c.dpd', '>', 0).where('a.kind', '=', 'residence').where('a.contact_person_id', 'is', null)
    .where('a.latitude', 'is not', null).orderBy('c.id').limit(500).execute();
  const byProvince = new Map<string, typeof rows>();
  const seen = new Set<string>();
  for (const r of rows) {
    if (seen.has(r.case_id)) continue;
    seen.add(r.case_id);
    byProvince.set(r.province_code ?? '', [...(byProvince.get(r.province_code ?? '') ?? []), r]);
  }
  const pool = [...byProvince.values()].sort((a, b) => b.length - a.length)[0]?.slice(0, STOPS) ?? [];
  if (pool.length === 0) return 0;
  // Nearest neighbour from the first.
  const order = [pool.shift()!];
  while (pool.length > 0) {
    const last = order[order.length - 1]!;
    let best = 0;
    const d = (r: (typeof order)[number]) => (r.latitude! - last.latitude!) ** 2 + (r.longitude! - last.longitude!) ** 2;
    for (let i = 1; i < pool.length; i++) if (d(pool[i]!) < d(pool[best]!)) best = i;
    order.push(pool.splice(best, 1)[0]!);
  }
  const now = clock.now().toISOString();
  const date = calendarDate(clock.now(), ZONE);
  const planId = newId();
  const lat = order.reduce((s, r) => s + r.latitude!, 0) / order.length;
  const lon = order.reduce((s, r) => s + r.longitude!, 0) / order.length;
  await db.transaction().execute(async (trx) => {
    await trx.insertInto('visit_plan').values({
      id: planId, plan_date: date, time_zone: ZONE, base_latitude: lat, base_longitude: lon, base_source: 'densest',
      settings_json: { teamSize: 2, unpairedCollectorIds: [], demo: true },
      routes_json: [{ routeNo: 1, collectorIds: [who.field1, who.field2], distanceKm: 0, startAt: local(date, 9), endAt: local(date, 9 + order.length + 1) }],
      unplanned_json: [], created_by: who.supervisor, created_at: now,
    }).execute();
    for (const [i, r] of order.entries()) {
      const requestId = newId();
      await trx.insertInto('visit_request').values({
        id: requestId, case_id: r.case_id, address_id: r.address_id, requested_by: who.field1, reason: '电话多次未接通，上门核实居住情况', priority: 2, status: 'planned',
        approved_by: who.supervisor, approved_at: now, decision_reason: '同意', planned_date: date, plan_id: planId, created_at: now, updated_at: now,
      }).execute();
      await trx.insertInto('visit_plan_stop').values({
        id: newId(), plan_id: planId, route_no: 1, seq: i + 1, request_id: requestId, case_id: r.case_id,
        arrival_at: local(date, 9 + i, 20), start_at: local(date, 9 + i, 30), end_at: local(date, 10 + i),
        window_start_at: local(date, 9), window_end_at: local(date, 20), travel_km: 0, compliance_json: { outcome: 'allow', reasons: [] },
      }).execute();
    }
  });
  return order.length;
}

const REQUESTS = 24;
const KIND_ORDER = ['residence', 'work', 'household_registration'] as const;

/**
 * Approved visit requests waiting to be planned (issue 8: "a supervisor plans tomorrow for three field pairs from real
 * case addresses"): up to 24 open overdue cases of supervisor1's team in the province where it has the most, one debtor's
 * own address each (residence first, else work, else household registration), requested by the case's collector and
 * approved by supervisor1; every third one high priority, every fourth low.
 */
export async function seedDemoVisitRequests(rt: Runtime, who: { team: string; supervisor: string }): Promise<number> {
  const { db, clock } = rt.ctx;
  const rows = await db.selectFrom('collection_case as c').innerJoin('address as a', 'a.debtor_id', 'c.debtor_id')
    .select(['c.id as case_id', 'c.assigned_user_id', 'a.id as address_id', 'a.kind', 'a.province_code'])
    .where('c.assigned_team_id', '=', who.team).where('c.assigned_user_id', 'is not', null).where('c.status', '=', 'open').where('c.dpd', '>', 0)
    .where('a.contact_person_id', 'is', null).where('a.latitude', 'is not', null).where('a.kind', 'in', [...KIND_ORDER])
    .where('c.id', 'not in', db.selectFrom('visit_request').select('case_id'))
    .orderBy('c.id').limit(5000).execute();
  const byProvince = new Map<string, Map<string, (typeof rows)[number]>>();
  for (const r of rows) {
    const cases = byProvince.get(r.province_code ?? '') ?? new Map<string, (typeof rows)[number]>();
    const had = cases.get(r.case_id);
    if (!had || KIND_ORDER.indexOf(r.kind as (typeof KIND_ORDER)[number]) < KIND_ORDER.indexOf(had.kind as (typeof KIND_ORDER)[number])) cases.set(r.case_id, r);
    byProvince.set(r.province_code ?? '', cases);
  }
  const pick = [...byProvince.values()].sort((a, b) => b.size - a.size)[0];
  const chosen = pick ? [...pick.values()].slice(0, REQUESTS) : [];
  if (chosen.length === 0) return 0;
  const now = clock.now().toISOString();
  await db.insertInto('visit_request').values(chosen.map((r, i) => ({
    id: newId(), case_id: r.case_id, address_id: r.address_id, requested_by: r.assigned_user_id!, reason: r.kind === 'work' ? '电话失联，上门至单位核实联系方式' : '多次电话未接通，上门核实居住情况并沟通还款',
    priority: i % 3 === 0 ? 3 : i % 4 === 0 ? 1 : 2, status: 'approved' as const, approved_by: who.supervisor, approved_at: now, decision_reason: '同意上门',
    planned_date: null, plan_id: null, created_at: now, updated_at: now,
  }))).execute();
  return chosen.length;
}
