// Field visits (issue 8, parts 1–2) over HTTP: a collector requests visits; a supervisor other than the requester
// approves them; a supervisor plans a day for four field collectors (two pairs under the two-person rule of
// cn-default). Every stop starts within its window (pack hours ∩ the address kind's hours), work addresses within
// office hours, the route is re-checked with the engine's checker; an address without coordinates is reported, a
// third party's address is refused until the debtor is unreachable; a case outside the scope is a 404.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { checkRoutes, type RoutingInstance } from '../../src/core/routing/index.js';
import { newId } from '../../src/server/platform/ids.js';
import type { VisitPlanOut, VisitRequestOut } from '../../src/contracts/visits.js';
import { createTestApp, type Client, type TestApp } from '../app.js';
import { testDatabases } from '../db.js';
import { make } from '../factories.js';

const DATE = '2026-11-30';
const BEIJING = 8 * 3_600_000;
/** Minutes since local midnight (Asia/Shanghai) of an ISO instant. */
const localMinutes = (iso: string) => (((Date.parse(iso) + BEIJING) % 86_400_000) + 86_400_000) % 86_400_000 / 60_000;

describe.each(testDatabases())('field visits on %s', (kind) => {
  let t: TestApp;
  let collector: Client & { id: string };
  let supervisor: Client & { id: string };
  let supervisor2: Client & { id: string };
  let outsiderSupervisor: Client & { id: string };
  const field: Array<Client & { id: string }> = [];
  const cases: Array<{ caseId: string; debtorId: string; addressId: string }> = [];
  let workAddressId: string;
  let noCoordsAddressId: string;
  let thirdPartyAddressId: string;

  const address = async (debtorId: string, o: { kind: 'residence' | 'work'; lat: number | null; lon: number | null; contactPersonId?: string }) => {
    const id = newId();
    const sealed = t.rt.ctx.pii.seal('address', '测试路1号');
    await t.db.db.insertInto('address').values({
      id, debtor_id: debtorId, contact_person_id: o.contactPersonId ?? null, kind: o.kind, province_code: '11', city_code: '1101', district_code: '110105',
      region_text: '北京市朝阳区', detail_enc: sealed.enc, detail_masked: sealed.masked, latitude: o.lat, longitude: o.lon,
      verification_status: 'verified', verified_at: null, source: 'test', created_at: new Date().toISOString(),
    }).execute();
    return id;
  };

  beforeAll(async () => {
    t = await createTestApp(kind);
    const db = t.db.db;
    const creditorId = (await make.creditor(db)).id;
    const team = await make.team(db);
    const team2 = await make.team(db);
    collector = await t.userWith('collector', { teamId: team.id });
    supervisor = await t.userWith('supervisor', { teamId: team.id });
    supervisor2 = await t.userWith('supervisor', { teamId: team.id });
    outsiderSupervisor = await t.userWith('supervisor', { teamId: team2.id });
    for (let i = 0; i < 4; i++) field.push(await t.userWith('field_collector', { teamId: team.id }));
    // Seven cases around Beijing (within ~15 km of each other).
    for (let i = 0; i < 7; i++) {
      const c = await make.debtorWithCase(db, t.rt.ctx.pii, t.clock, { creditorId, assignedTeamId: team.id });
      await db.updateTable('address').set({ latitude: 39.9 + 0.02 * (i % 4), longitude: 116.35 + 0.03 * i }).where('id', '=', c.addressId).execute();
      cases.push(c);
    }
    workAddressId = await address(cases[0]!.debtorId, { kind: 'work', lat: 39.91, lon: 116.46 });
    noCoordsAddressId = await address(cases[1]!.debtorId, { kind: 'residence', lat: null, lon: null });
    const cpId = newId();
    await db.insertInto('contact_person').values({ id: cpId, debtor_id: cases[2]!.debtorId, full_name: '王某', relationship: '同事', party_role: 'third_party', created_at: new Date().toISOString() }).execute();
    thirdPartyAddressId = await address(cases[2]!.debtorId, { kind: 'work', lat: 39.95, lon: 116.4, contactPersonId: cpId });
  });

  afterAll(async () => {
    await t?.close();
  });

  const request = (caseId: string, addressId: string, priority = 2) =>
    collector.post(`/api/cases/${caseId}/visit-requests`, { addressId, reason: '电话多次未接通，核实居住情况', priority });

  it('requests and approves visits: maker–checker, scope, third parties only when the packs allow', async () => {
    const first = await request(cases[0]!.caseId, cases[0]!.addressId, 3);
    expect(first.statusCode, first.body).toBe(201);
    const r = first.json() as VisitRequestOut;
    expect(r).toMatchObject({ status: 'requested', address: { kind: 'residence', thirdParty: false, hasCoordinates: true } });

    // A third party's address: the debtor is not unreachable, so cn-default blocks it, with the rule named.
    const tp = await request(cases[2]!.caseId, thirdPartyAddressId);
    expect(tp.statusCode).toBe(400);
    expect(tp.json().error.code).toBe('visits.blocked');
    expect(tp.body).toContain('CN-');
    // Once the debtor is recorded unreachable, the visit may be requested (with the engine's warning).
    const ev = await collector.post(`/api/cases/${cases[2]!.caseId}/contact-events`, { type: 'unreachable', partyKind: 'debtor', partyId: cases[2]!.debtorId });
    expect(ev.statusCode, ev.body).toBe(201);
    const tp2 = await request(cases[2]!.caseId, thirdPartyAddressId);
    expect(tp2.statusCode, tp2.body).toBe(201);
    expect((tp2.json() as VisitRequestOut).address.thirdParty).toBe(true);

    // An address of another case is refused; a case outside the scope is a 404.
    expect((await request(cases[0]!.caseId, cases[3]!.addressId)).statusCode).toBe(400);
    expect((await outsiderSupervisor.post(`/api/cases/${cases[0]!.caseId}/visit-requests`, { addressId: cases[0]!.addressId, reason: 'x' })).statusCode).toBe(404);
    expect((await outsiderSupervisor.get(`/api/cases/${cases[0]!.caseId}/visit-requests`)).statusCode).toBe(404);
    expect((await outsiderSupervisor.post(`/api/visit-requests/${r.id}/approve`, {})).statusCode).toBe(404);
    expect((await outsiderSupervisor.get('/api/visit-requests?status=requested')).json().items).toHaveLength(0);

    // Maker–checker: a collector may not approve, a supervisor not their own request.
    expect((await collector.post(`/api/visit-requests/${r.id}/approve`, {})).statusCode).toBe(403);
    const own = await supervisor.post(`/api/cases/${cases[3]!.caseId}/visit-requests`, { addressId: cases[3]!.addressId, reason: '上门核实', priority: 2 });
    expect(own.statusCode).toBe(201);
    const self = await supervisor.post(`/api/visit-requests/${(own.json() as VisitRequestOut).id}/approve`, {});
    expect(self.statusCode).toBe(403);
    expect(self.json().error.code).toBe('visits.self_approval');

    // The rest of the portfolio: every case's residence, one work address, one address without coordinates.
    for (const c of cases.slice(1)) if (c !== cases[3]) expect((await request(c.caseId, c.addressId)).statusCode).toBe(201);
    expect((await request(cases[0]!.caseId, workAddressId, 3)).statusCode).toBe(201);
    expect((await request(cases[1]!.caseId, noCoordsAddressId)).statusCode).toBe(201);

    const pending = (await supervisor2.get('/api/visit-requests?status=requested')).json().items as VisitRequestOut[];
    expect(pending.length).toBe(10);
    for (const p of pending) {
      const res = await supervisor2.post(`/api/visit-requests/${p.id}/approve`, { reason: '同意' });
      expect(res.statusCode, res.body).toBe(200);
    }
    expect((await supervisor2.post(`/api/visit-requests/${r.id}/reject`, {})).statusCode).toBe(409);
    const list = (await collector.get(`/api/cases/${cases[0]!.caseId}/visit-requests`)).json().items as VisitRequestOut[];
    expect(list.map((x) => x.status)).toEqual(['approved', 'approved']);
    const audit = await t.db.db.selectFrom('audit_log').select('action').where('entity_id', '=', r.id).execute();
    expect(audit.map((a) => a.action).sort()).toEqual(['visit_request.approve', 'visit_request.create']);
  });

  it('plans the day for two pairs: windows kept, office hours at work addresses, no coordinates reported', async () => {
    expect((await collector.post('/api/visit-plans', { date: DATE, collectorIds: field.map((f) => f.id) })).statusCode).toBe(403);
    expect((await supervisor.post('/api/visit-plans', { date: DATE, collectorIds: [collector.id] })).statusCode).toBe(400);
    const res = await supervisor.post('/api/visit-plans', { date: DATE, collectorIds: field.map((f) => f.id), base: { latitude: 39.93, longitude: 116.45 } });
    expect(res.statusCode, res.body).toBe(201);
    const plan = res.json() as VisitPlanOut;
    expect(plan.routes).toHaveLength(2);
    expect(plan.routes.every((r) => r.collectors.length === 2)).toBe(true);
    expect(plan.unplanned).toEqual([expect.objectContaining({ reason: 'no_coordinates', region: expect.any(String), detailMasked: expect.stringContaining('*'), priority: expect.any(Number) })]);
    const stops = plan.routes.flatMap((r) => r.stops);
    expect(stops).toHaveLength(9);
    for (const s of stops) {
      expect(Date.parse(s.startAt)).toBeGreaterThanOrEqual(Date.parse(s.windowStartAt));
      expect(Date.parse(s.endAt)).toBeLessThanOrEqual(Date.parse(s.windowEndAt));
      expect(Date.parse(s.startAt)).toBeGreaterThanOrEqual(Date.parse(s.arrivalAt));
      expect(Date.parse(s.endAt) - Date.parse(s.startAt)).toBe(30 * 60_000);
      const start = localMinutes(s.startAt);
      const end = localMinutes(s.endAt);
      expect(start).toBeGreaterThanOrEqual(9 * 60);
      expect(end).toBeLessThanOrEqual(s.addressKind === 'work' ? 17.5 * 60 : 20 * 60);
    }
    expect(stops.filter((s) => s.addressKind === 'work')).toHaveLength(2);
    // Within each route the stops follow each other with the travel time between them; back at the base by 18:30.
    for (const r of plan.routes) {
      for (let i = 1; i < r.stops.length; i++) expect(Date.parse(r.stops[i]!.arrivalAt)).toBeGreaterThanOrEqual(Date.parse(r.stops[i - 1]!.endAt));
      if (r.endAt) expect(localMinutes(r.endAt)).toBeLessThanOrEqual(18.5 * 60);
    }
    // Re-check with the engine's independent checker on an instance rebuilt from the plan's windows (minutes since 08:30).
    const all = stops;
    const day0 = Date.parse(`${DATE}T00:30:00Z`);
    const m = (iso: string) => (Date.parse(iso) - day0) / 60_000;
    const n1 = all.length + 1;
    const time = new Float64Array(n1 * n1); // travel as planned: the minimum is 0, so the checker sees the windows and order
    const inst: RoutingInstance = {
      name: 'replay', size: all.length, capacity: 99, maxVehicles: 2, demand: new Array(n1).fill(0),
      ready: [0, ...all.map((s) => m(s.windowStartAt))], due: [600, ...all.map((s) => m(s.windowEndAt) - 30)], service: [0, ...all.map(() => 30)],
      distance: new Float64Array(n1 * n1), time,
    };
    const routes = plan.routes.map((r) => r.stops.map((s) => all.indexOf(s) + 1));
    expect(checkRoutes(inst, routes).feasible).toBe(true);

    const approvedLeft = (await supervisor.get('/api/visit-requests?status=approved')).json().items as VisitRequestOut[];
    expect(approvedLeft.map((x) => x.addressId)).toEqual([noCoordsAddressId]);
    const planned = (await supervisor.get('/api/visit-requests?status=planned')).json().items as VisitRequestOut[];
    expect(planned).toHaveLength(9);
    expect(planned.every((x) => x.plannedDate === DATE && x.planId === plan.id)).toBe(true);

    const again = await supervisor.get(`/api/visit-plans/${plan.id}`);
    expect(again.statusCode).toBe(200);
    expect(again.json()).toEqual(plan);
    expect((await outsiderSupervisor.get(`/api/visit-plans/${plan.id}`)).statusCode).toBe(404);
  });
});
