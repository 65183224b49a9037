// The field collector's day (issue 8, item 4) over HTTP: a pair of certified field collectors gets today's route
// (planned by a supervisor from approved requests) with the dossier of each stop; check-in is decided by the engine
// at that instant under cn-default — allowed with the partner in hours (distance and accuracy recorded, a warning
// beyond 300 m), refused at 22:10 (CN-B01) and for a single collector (CN-B05, the two-person rule of cn-cba-2026)
// with nothing checked in; "not home", a note about cash refused, asked to leave and SOS as incidents the team's
// supervisor sees; another collector's stop is a 404.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FieldStopOut, FieldTodayOut, IncidentOut } from '../../src/contracts/field.js';
import type { VisitPlanOut, VisitRequestOut } from '../../src/contracts/visits.js';
import { createTestApp, type Client, type TestApp } from '../app.js';
import { testDatabases } from '../db.js';
import { certifyFieldCollector } from '../field-day.js';
import { make } from '../factories.js';

const TODAY = '2026-11-28';
/** 14:00 in Beijing: sessions made now still live at 22:10. */
const START = '2026-11-28T06:00:00.000Z';

describe.each(testDatabases())('field view on %s', (kind) => {
  let t: TestApp;
  let collector: Client & { id: string };
  let supervisor: Client & { id: string };
  let supervisor2: Client & { id: string };
  let outsiderSupervisor: Client & { id: string };
  const field: Array<Client & { id: string }> = [];
  const coords: Record<string, { latitude: number; longitude: number }> = {};
  let stops: FieldStopOut[] = [];

  beforeAll(async () => {
    t = await createTestApp(kind);
    t.clock.set(START);
    const db = t.db.db;
    const creditorId = (await make.creditor(db)).id; // cn-default: cn-gbt-45251-2025 + cn-cba-2026
    const team = await make.team(db);
    const team2 = await make.team(db);
    collector = await t.userWith('collector', { teamId: team.id });
    supervisor = await t.userWith('supervisor', { teamId: team.id });
    supervisor2 = await t.userWith('supervisor', { teamId: team.id });
    outsiderSupervisor = await t.userWith('supervisor', { teamId: team2.id });
    for (let i = 0; i < 3; i++) {
      const f = await t.userWith('field_collector', { teamId: team.id });
      field.push(f);
      await certifyFieldCollector(t, f.id, i);
    }
    for (let i = 0; i < 4; i++) {
      const c = await make.debtorWithCase(db, t.rt.ctx.pii, t.clock, { creditorId, assignedTeamId: team.id, fullName: `外访债务人${i}` });
      const point = { latitude: 39.9 + 0.01 * i, longitude: 116.4 + 0.01 * i };
      await db.updateTable('address').set(point).where('id', '=', c.addressId).execute();
      coords[c.addressId] = point;
      const req = await collector.post(`/api/cases/${c.caseId}/visit-requests`, { addressId: c.addressId, reason: '电话多次未接通，上门核实', priority: 2 });
      expect(req.statusCode, req.body).toBe(201);
      expect((await supervisor2.post(`/api/visit-requests/${(req.json() as VisitRequestOut).id}/approve`, {})).statusCode).toBe(200);
    }
    const plan = await supervisor.post('/api/visit-plans', { date: TODAY, collectorIds: [field[0]!.id, field[1]!.id], base: { latitude: 39.91, longitude: 116.41 } });
    expect(plan.statusCode, plan.body).toBe(201);
    expect((plan.json() as VisitPlanOut).routes[0]!.stops).toHaveLength(4);
  });

  afterAll(async () => {
    await t?.close();
  });

  const at = (stop: FieldStopOut, metresNorth = 0) => ({
    latitude: stop.dossier.address.latitude! + metresNorth / 111_195, longitude: stop.dossier.address.longitude!, accuracy: 25,
  });

  it("lists today's route in order with each stop's dossier; another collector has none", async () => {
    const res = await field[0]!.get('/api/field/today');
    expect(res.statusCode, res.body).toBe(200);
    const day = res.json() as FieldTodayOut;
    expect(day.date).toBe(TODAY);
    expect(day.checkinWarnMeters).toBe(300);
    stops = day.stops;
    expect(stops).toHaveLength(4);
    expect(stops.map((s) => s.seq)).toEqual([1, 2, 3, 4]);
    for (let i = 1; i < stops.length; i++) expect(stops[i]!.startAt >= stops[i - 1]!.endAt).toBe(true);
    const s = stops[0]!;
    expect(s.partners).toEqual([{ id: field[1]!.id, name: expect.any(String) }]);
    expect(s.visit.status).toBe('planned');
    expect(s.dossier.debtorName).toMatch(/^外访债务人/);
    expect(s.dossier.phones[0]!.masked).toContain('*');
    expect(s.dossier.address).toMatchObject({ kind: 'residence', region: '北京市朝阳区', detailMasked: expect.stringContaining('*') });
    expect(s.dossier.address.latitude).toBeCloseTo(coords[s.dossier.address.id]!.latitude, 5);
    expect(s.dossier.address.longitude).toBeCloseTo(coords[s.dossier.address.id]!.longitude, 5);
    expect(s.dossier.accounts[0]).toMatchObject({ principalMinor: 1_000_000, outstandingMinor: expect.any(Number) });
    expect(s.dossier.dpd).toBe(35);
    // The partner sees the same route; a field collector not on it sees nothing and gets 404 on its stops.
    expect(((await field[1]!.get('/api/field/today')).json() as FieldTodayOut).stops.map((x) => x.id)).toEqual(stops.map((x) => x.id));
    expect(((await field[2]!.get('/api/field/today')).json() as FieldTodayOut).stops).toEqual([]);
    expect((await field[2]!.post(`/api/field/stops/${s.id}/check-in`, { ...at(s), partnerUserId: field[0]!.id })).statusCode).toBe(404);
    expect((await field[2]!.post('/api/field/sos', { stopId: s.id })).statusCode).toBe(404);
    expect((await supervisor.get('/api/field/incidents')).json().items).toEqual([]);
  });

  it('checks in with the partner in hours: distance and accuracy recorded, a warning beyond 300 m', async () => {
    const [s1, s2] = stops;
    const ok = await field[0]!.post(`/api/field/stops/${s1!.id}/check-in`, { ...at(s1!, 40), partnerUserId: field[1]!.id });
    expect(ok.statusCode, ok.body).toBe(201);
    expect(ok.json()).toMatchObject({ status: 'checked_in', distanceWarning: false, accuracyM: 25, partnerUserId: field[1]!.id });
    expect(ok.json().distanceM).toBeGreaterThanOrEqual(39);
    expect(ok.json().distanceM).toBeLessThanOrEqual(41);
    expect((await field[1]!.post(`/api/field/stops/${s1!.id}/check-in`, { ...at(s1!), partnerUserId: field[0]!.id })).statusCode).toBe(409);

    const far = await field[0]!.post(`/api/field/stops/${s2!.id}/check-in`, { ...at(s2!, 800), partnerUserId: field[1]!.id });
    expect(far.statusCode, far.body).toBe(201);
    expect(far.json().distanceWarning).toBe(true);
    expect(far.json().distanceM).toBeGreaterThan(790);
    const row = await t.db.db.selectFrom('field_visit').selectAll().where('stop_id', '=', s2!.id).executeTakeFirstOrThrow();
    expect(row).toMatchObject({ is_distance_warning: true, accuracy_m: 25, user_id: field[0]!.id, partner_user_id: field[1]!.id });
    const attempt = await t.db.db.selectFrom('contact_attempt').selectAll().where('id', '=', row.attempt_id).executeTakeFirstOrThrow();
    expect(attempt).toMatchObject({ channel: 'visit', status: 'allowed', contact_point_id: s2!.dossier.address.id, user_id: field[0]!.id });
    const audit = await t.db.db.selectFrom('audit_log').select('action').where('entity_id', '=', row.id).execute();
    expect(audit.map((a) => a.action)).toEqual(['field.check_in']);
  });

  it('a stop whose case was reassigned after planning stays on the route: the route is the access', async () => {
    const s4 = stops[3]!;
    const before = (await field[0]!.get('/api/field/today')).json() as FieldTodayOut;
    expect(before.stops.map((s) => s.id)).toContain(s4.id);
    const other = await t.db.db.selectFrom('app_user').select('team_id').where('id', '=', outsiderSupervisor.id).executeTakeFirstOrThrow();
    await t.db.db.updateTable('collection_case').set({ assigned_user_id: null, assigned_team_id: other.team_id }).where('id', '=', s4.caseId).execute(); // to another team
    expect((await field[0]!.get(`/api/cases/${s4.caseId}`)).statusCode).toBe(404); // no longer in field1's own scope
    const after = (await field[0]!.get('/api/field/today')).json() as FieldTodayOut;
    expect(after.stops.find((s) => s.id === s4.id)?.dossier.debtorName).toBe(s4.dossier.debtorName);
  });

  it('refuses check-in for a single collector (CN-B05) and at 22:10 (CN-B01): nothing checked in, the blocked attempt recorded', async () => {
    const s3 = stops[2]!;
    const alone = await field[0]!.post(`/api/field/stops/${s3.id}/check-in`, at(s3));
    expect(alone.statusCode, alone.body).toBe(409);
    expect(alone.json().error.code).toBe('field.blocked');
    expect(alone.json().error.issues.map((i: { path: string }) => i.path)).toContain('CN-B05');
    expect(await t.db.db.selectFrom('field_visit').select('id').where('stop_id', '=', s3.id).executeTakeFirst()).toBeUndefined();
    const blocked = await t.db.db.selectFrom('contact_attempt').select(['status', 'channel']).where('case_id', '=', s3.caseId).where('channel', '=', 'visit').execute();
    expect(blocked).toEqual([{ status: 'blocked', channel: 'visit' }]);

    t.clock.set('2026-11-28T14:10:00.000Z'); // 22:10 in Beijing
    try {
      const late = await field[0]!.post(`/api/field/stops/${s3.id}/check-in`, { ...at(s3), partnerUserId: field[1]!.id });
      expect(late.statusCode, late.body).toBe(409);
      expect(late.json().error.issues.map((i: { path: string }) => i.path)).toContain('CN-B01');
      expect(late.json().error.issues.map((i: { path: string }) => i.path)).not.toContain('CN-B05');
    } finally {
      t.clock.set('2026-11-28T07:00:00.000Z');
    }
    expect(await t.db.db.selectFrom('field_visit').select('id').where('stop_id', '=', s3.id).executeTakeFirst()).toBeUndefined();
    // With the partner in hours the same stop checks in.
    const ok = await field[0]!.post(`/api/field/stops/${s3.id}/check-in`, { ...at(s3), partnerUserId: field[1]!.id });
    expect(ok.statusCode, ok.body).toBe(201);
  });

  it('records "not home" on the attempt; a note about cash is refused; an outcome before check-in is 409', async () => {
    const [s1, , , s4] = stops;
    expect((await field[0]!.post(`/api/field/stops/${s4!.id}/outcome`, { code: 'not_home' })).statusCode).toBe(409);
    const cash = await field[0]!.post(`/api/field/stops/${s1!.id}/outcome`, { code: 'met_debtor', notes: '债务人当场交了现金500元' });
    expect(cash.statusCode).toBe(400);
    expect(cash.json().error.code).toBe('field.cash_refused');
    expect(cash.json().error.issues[0].path).toBe('notes');
    expect((await field[0]!.post(`/api/field/stops/${s1!.id}/outcome`, { code: 'cash_collected' })).statusCode).toBe(400);
    const res = await field[0]!.post(`/api/field/stops/${s1!.id}/outcome`, { code: 'not_home', notes: '敲门无人应答，邻居称白天上班' });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toMatchObject({ status: 'done', outcomeCode: 'not_home' });
    const v = await t.db.db.selectFrom('field_visit').selectAll().where('stop_id', '=', s1!.id).executeTakeFirstOrThrow();
    const attempt = await t.db.db.selectFrom('contact_attempt').selectAll().where('id', '=', v.attempt_id).executeTakeFirstOrThrow();
    expect(attempt).toMatchObject({ status: 'completed', result: 'visited_not_home' });
    expect((await field[0]!.post(`/api/field/stops/${s1!.id}/outcome`, { code: 'met_debtor' })).statusCode).toBe(409);
    const today = (await field[1]!.get('/api/field/today')).json() as FieldTodayOut;
    expect(today.stops[0]!.visit).toMatchObject({ status: 'done', outcomeCode: 'not_home' });

    // A promise outcome needs the amount and date, and records a promise to pay on the case.
    const s3 = stops[2]!;
    const bare = await field[0]!.post(`/api/field/stops/${s3.id}/outcome`, { code: 'promise' });
    expect(bare.statusCode).toBe(400);
    expect(bare.json().error.code).toBe('field.promise_required');
    const promised = await field[0]!.post(`/api/field/stops/${s3.id}/outcome`, { code: 'promise', promise: { amountMinor: 50_000, dueDate: '2026-12-05' } });
    expect(promised.statusCode, promised.body).toBe(200);
    const ptp = await t.db.db.selectFrom('promise_to_pay').select(['amount_minor', 'due_date', 'created_by']).where('case_id', '=', s3.caseId).execute();
    expect(ptp.map((x) => [Number(x.amount_minor), String(x.due_date), x.created_by])).toEqual([[50_000, '2026-12-05', field[0]!.id]]);
  });

  it('asked to leave ends the visit at once; SOS writes an incident the team supervisor sees, another team does not', async () => {
    const s2 = stops[1]!;
    const left = await field[0]!.post(`/api/field/stops/${s2.id}/leave`, {});
    expect(left.statusCode, left.body).toBe(200);
    expect(left.json()).toMatchObject({ status: 'left', outcomeCode: 'asked_to_leave', endedAt: expect.any(String) });
    expect((await field[0]!.post(`/api/field/stops/${s2.id}/outcome`, { code: 'met_debtor' })).statusCode).toBe(409);

    const sos = await field[1]!.post('/api/field/sos', { stopId: stops[2]!.id, latitude: 39.92, longitude: 116.42 });
    expect(sos.statusCode, sos.body).toBe(201);
    const incidents = (await supervisor.get('/api/field/incidents')).json().items as IncidentOut[];
    expect(incidents.map((i) => [i.kind, i.userId, i.stopId])).toEqual([
      ['sos', field[1]!.id, stops[2]!.id],
      ['asked_to_leave', field[0]!.id, s2.id],
    ]);
    expect(incidents[0]).toMatchObject({ caseId: stops[2]!.caseId, latitude: 39.92, longitude: 116.42 });
    expect((await outsiderSupervisor.get('/api/field/incidents')).json().items).toEqual([]);
    // The supervisor who planned the route sees its incidents even from another team; not an SOS away from any stop.
    await t.db.db.updateTable('visit_plan').set({ created_by: outsiderSupervisor.id }).where('id', '=', stops[0]!.planId).execute();
    expect((await field[1]!.post('/api/field/sos', {})).statusCode).toBe(201);
    expect(((await outsiderSupervisor.get('/api/field/incidents')).json().items as IncidentOut[]).map((i) => i.kind)).toEqual(['sos', 'asked_to_leave']);
    expect(((await supervisor.get('/api/field/incidents')).json().items as IncidentOut[]).map((i) => i.kind)).toEqual(['sos', 'sos', 'asked_to_leave']);
    expect((await field[0]!.get('/api/field/incidents')).statusCode).toBe(403);
    const audit = await t.db.db.selectFrom('audit_log').select('action').where('entity_id', '=', sos.json().id).execute();
    expect(audit.map((a) => a.action)).toEqual(['field.sos']);
  });
});
