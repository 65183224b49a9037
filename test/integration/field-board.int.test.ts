// Field supervision (issue 8, items 2 and 6) on both databases: the debtor's stated availability (validated row by
// row, audited) is intersected with the allowed hours when a supervisor plans the day — a visit available only
// 12:00–13:00 is planned inside it, one available only on Saturdays is left out on a Monday; the live board shows
// each stop's state for the supervisor's teams only (planned → late → overdue; checked in → overrun after the planned
// service time + 30 minutes' grace; done with the visit report); the `visits.overrun` job writes one overrun incident
// per visit however often it runs; and the 上门通知函 renders through the letters path with the visit's window.
import { extractText, getDocumentProxy } from 'unpdf';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FieldBoardOut } from '../../src/contracts/field-board.js';
import type { IncidentOut } from '../../src/contracts/field.js';
import type { VisitPlanOut, VisitRequestOut } from '../../src/contracts/visits.js';
import { NOTICE_OF_VISIT_TEMPLATE } from '../../src/server/modules/visits/index.js';
import { newId } from '../../src/server/platform/ids.js';
import { createTestApp, type Client, type TestApp } from '../app.js';
import { testDatabases } from '../db.js';
import { make } from '../factories.js';
import { approvedTemplate } from '../templates.js';

const DAY = '2026-11-30'; // a Monday
/** 09:00 in Beijing. */
const START = '2026-11-30T01:00:00.000Z';
const local = (iso: string) => new Intl.DateTimeFormat('en-GB', { timeZone: 'Asia/Shanghai', hour: '2-digit', minute: '2-digit', hour12: false }).format(new Date(iso));

describe.each(testDatabases())('field board on %s', (kind) => {
  let t: TestApp;
  let collector: Client & { id: string };
  let supervisor: Client & { id: string };
  let approver: Client & { id: string };
  let outsider: Client & { id: string };
  let officer: Client & { id: string };
  const field: Array<Client & { id: string }> = [];
  const cases: Array<{ caseId: string; addressId: string; requestId: string }> = [];
  let plan: VisitPlanOut;

  beforeAll(async () => {
    t = await createTestApp(kind);
    t.clock.set(START);
    const db = t.db.db;
    const creditorId = (await make.creditor(db)).id;
    const team = await make.team(db);
    collector = await t.userWith('collector', { teamId: team.id });
    supervisor = await t.userWith('supervisor', { teamId: team.id });
    approver = await t.userWith('supervisor', { teamId: team.id });
    outsider = await t.userWith('supervisor', { teamId: (await make.team(db)).id });
    officer = await t.userWith('compliance_officer');
    for (let i = 0; i < 4; i++) {
      const f = await t.userWith('field_collector', { teamId: team.id });
      field.push(f);
      await db.insertInto('staff_certificate').values({
        id: newId(), user_id: f.id, kind: 'field_visit', number: `WF-B${i}`, issuer: '测试', valid_from: '2026-01-01', valid_until: '2027-06-30', created_at: START, updated_at: START, created_by: 'system',
      }).execute();
      await db.insertInto('staff_training').values({
        id: newId(), user_id: f.id, course: '年度培训', completed_on: '2026-10-01', result: 'passed', score: 90, hours: 8, created_at: START, created_by: 'system',
      }).execute();
    }
    for (let i = 0; i < 5; i++) {
      const c = await make.debtorWithCase(db, t.rt.ctx.pii, t.clock, { creditorId, assignedTeamId: team.id, fullName: `看板债务人${i}` });
      await db.updateTable('address').set({ latitude: 39.9 + 0.01 * i, longitude: 116.4 + 0.012 * i }).where('id', '=', c.addressId).execute();
      cases.push({ caseId: c.caseId, addressId: c.addressId, requestId: '' });
    }
  });

  afterAll(async () => {
    await t?.close();
  });

  const availability = (i: number) => `/api/cases/${cases[i]!.caseId}/addresses/${cases[i]!.addressId}/availability`;

  it('stores the stated availability per address, naming a bad row; audited; outside the scope is 404', async () => {
    const bad = await collector.put(availability(0), { windows: [{ dayOfWeek: 1, from: '12:00', to: '13:00' }, { dayOfWeek: 2, from: '13:00', to: '12:00' }] });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error.issues.map((x: { path: string }) => x.path)).toEqual(['windows.1.to']);
    const bad2 = await collector.put(availability(0), { windows: [{ dayOfWeek: 8, from: '12:00', to: '13:00' }] });
    expect(bad2.statusCode).toBe(400);

    const ok = await collector.put(availability(0), { windows: [{ dayOfWeek: 1, from: '12:00', to: '13:00' }, { dayOfWeek: 3, from: '12:00', to: '13:00' }] });
    expect(ok.statusCode, ok.body).toBe(200);
    expect(ok.json().summary).toEqual({ zh: '周一、周三 12:00–13:00', en: 'Mon, Wed 12:00–13:00' });
    const sat = await collector.put(availability(1), { windows: [{ dayOfWeek: 6, from: '10:00', to: '18:00' }] });
    expect(sat.statusCode, sat.body).toBe(200);
    expect((await supervisor.get(availability(0))).json().windows).toEqual([{ dayOfWeek: 1, from: '12:00', to: '13:00' }, { dayOfWeek: 3, from: '12:00', to: '13:00' }]);
    expect((await outsider.get(availability(0))).statusCode).toBe(404);
    expect((await outsider.put(availability(0), { windows: [] })).statusCode).toBe(404);
    const audit = await t.db.db.selectFrom('audit_log').select(['action', 'actor_id']).where('entity_id', '=', cases[0]!.addressId).execute();
    expect(audit).toEqual([{ action: 'address.availability_set', actor_id: collector.id }]);
  });

  it('plans the day inside the stated availability and leaves out a visit with none that day', async () => {
    for (const c of cases) {
      const req = await collector.post(`/api/cases/${c.caseId}/visit-requests`, { addressId: c.addressId, reason: '核实居住情况', priority: 2 });
      expect(req.statusCode, req.body).toBe(201);
      c.requestId = (req.json() as VisitRequestOut).id;
      expect((await approver.post(`/api/visit-requests/${c.requestId}/approve`, {})).statusCode).toBe(200);
    }
    const res = await supervisor.post('/api/visit-plans', { date: DAY, collectorIds: field.map((f) => f.id), base: { latitude: 39.92, longitude: 116.42 } });
    expect(res.statusCode, res.body).toBe(201);
    plan = res.json() as VisitPlanOut;
    expect(plan.routes).toHaveLength(2);
    expect(plan.settings.travelProvider).toBe('great-circle');
    const stops = plan.routes.flatMap((r) => r.stops);
    expect(stops).toHaveLength(4);
    const a = stops.find((s) => s.requestId === cases[0]!.requestId)!;
    expect(local(a.windowStartAt)).toBe('12:00');
    expect(local(a.windowEndAt)).toBe('13:00');
    expect(local(a.startAt) >= '12:00' && local(a.endAt) <= '13:00').toBe(true);
    expect(plan.unplanned.map((u) => [u.requestId, u.reason])).toEqual([[cases[1]!.requestId, 'availability']]);
  });

  const board = async (who: Client = supervisor) => {
    const res = await who.get(`/api/field/board?date=${DAY}`);
    expect(res.statusCode, res.body).toBe(200);
    return res.json() as FieldBoardOut;
  };
  const stateOf = (b: FieldBoardOut, requestId: string) => b.routes.flatMap((r) => r.stops).find((s) => s.requestId === requestId)!;

  it("shows the day's routes to the team's supervisors only, and follows check-in, overrun, overdue and done", async () => {
    let b = await board();
    expect(b.graceMinutes).toBe(30);
    // Both pairs are on the board, also one the solver gave no stops.
    expect(b.routes.map((r) => r.collectors.length)).toEqual([2, 2]);
    expect(b.routes.map((r) => r.stops.length)).toEqual(plan.routes.map((r) => r.stops.length));
    expect(b.routes.flatMap((r) => r.stops).every((s) => s.state === 'planned' && s.visit === null)).toBe(true);
    expect(b.routes[0]!.stops[0]!.detailMasked).toContain('*');
    expect((await board(outsider)).routes).toEqual([]);
    expect((await field[0]!.get(`/api/field/board?date=${DAY}`)).statusCode).toBe(403);
    expect((await supervisor.get('/api/field/board?date=30-11-2026')).statusCode).toBe(400);

    // Route 1's first stop: the pair checks in at its planned start.
    const route = plan.routes[0]!;
    const first = route.stops[0]!;
    const team = route.collectors.map((c) => field.find((f) => f.id === c.id)!);
    const stopId = b.routes[0]!.stops[0]!.stopId;
    t.clock.set(first.startAt);
    const point = await t.db.db.selectFrom('address').select(['latitude', 'longitude']).where('id', '=', b.routes[0]!.stops[0]!.addressId).executeTakeFirstOrThrow();
    const ci = await team[0]!.post(`/api/field/stops/${stopId}/check-in`, { latitude: point.latitude!, longitude: point.longitude!, accuracy: 20, partnerUserId: team[1]!.id });
    expect(ci.statusCode, ci.body).toBe(201);
    b = await board();
    expect(stateOf(b, first.requestId)).toMatchObject({ state: 'checked_in', visit: { distanceM: 0, evidenceCount: 0, durationMin: 0, outcomeCode: null } });

    // Planned service 30 minutes + 30 minutes' grace: at +60 min still checked in, a minute later overrun.
    const checkedIn = Date.parse(first.startAt);
    t.clock.set(new Date(checkedIn + 60 * 60_000));
    await t.rt.ctx.queue.enqueue('visits.overrun', {});
    expect(stateOf(await board(), first.requestId).state).toBe('checked_in');
    expect(await t.db.db.selectFrom('field_incident').select('id').where('kind', '=', 'overrun').execute()).toEqual([]);
    t.clock.set(new Date(checkedIn + 61 * 60_000));
    b = await board();
    expect(stateOf(b, first.requestId)).toMatchObject({ state: 'overrun', visit: { durationMin: 61 } });
    // The other pair's first stop, not checked in 30 minutes past its planned start, is late (its window is still open).
    const other = plan.routes[0]!.stops[1]!;
    expect(stateOf(b, other.requestId).state).toBe(Date.parse(other.startAt) + 30 * 60_000 < checkedIn + 61 * 60_000 ? 'late' : 'planned');

    // The job writes one overrun alert per visit, however often it runs.
    await t.rt.ctx.queue.enqueue('visits.overrun', {});
    await t.rt.ctx.queue.enqueue('visits.overrun', {});
    t.clock.set(new Date(checkedIn + 90 * 60_000));
    await t.rt.ctx.queue.enqueue('visits.overrun', {});
    const alerts = await t.db.db.selectFrom('field_incident').selectAll().where('kind', '=', 'overrun').execute();
    expect(alerts.map((x) => [x.stop_id, x.user_id])).toEqual([[stopId, team[0]!.id]]);
    const incidents = (await supervisor.get('/api/field/incidents')).json().items as IncidentOut[];
    expect(incidents.map((x) => [x.kind, x.stopId])).toEqual([['overrun', stopId]]);
    expect(stateOf(await board(), first.requestId).incidents.map((x) => x.kind)).toEqual(['overrun']);
    expect((await board(outsider)).routes).toEqual([]);
    const audit = await t.db.db.selectFrom('audit_log').select(['action', 'actor_type']).where('entity_id', '=', alerts[0]!.id).execute();
    expect(audit).toEqual([{ action: 'field.overrun_alert', actor_type: 'system' }]);

    // The outcome ends it: done, with the visit report.
    const out = await team[0]!.post(`/api/field/stops/${stopId}/outcome`, { code: 'not_home', notes: '敲门无人应答' });
    expect(out.statusCode, out.body).toBe(200);
    b = await board();
    expect(stateOf(b, first.requestId)).toMatchObject({ state: 'done', visit: { outcomeCode: 'not_home', durationMin: 90 } });

    // 19:45: every stop not checked in has passed its latest start (20:00 − 30 minutes): overdue.
    t.clock.set('2026-11-30T11:45:00.000Z');
    b = await board();
    const rest = b.routes.flatMap((r) => r.stops).filter((s) => s.requestId !== first.requestId);
    expect(rest.map((s) => s.state)).toEqual(rest.map(() => 'overdue'));
    expect(b.totals).toMatchObject({ done: 1, overdue: 3, planned: 0, overrun: 0 });
    t.clock.set(START);
  });

  it('renders the 上门通知函 through the letters path with the planned visit window; needs an approved or planned request', async () => {
    const templateId = await approvedTemplate(supervisor, officer, NOTICE_OF_VISIT_TEMPLATE);
    const a = cases[0]!;
    const res = await supervisor.post(`/api/cases/${a.caseId}/letters`, { templateId, addressId: a.addressId, visitRequestId: a.requestId });
    expect(res.statusCode, res.body).toBe(201);
    const out = res.json() as { decision: { outcome: string }; document: { id: string; fileName: string } };
    expect(out.decision.outcome).not.toBe('block');
    expect(out.document.fileName).toMatch(/^上门通知函-/);
    const file = await supervisor.get(`/api/documents/${out.document.id}/file`);
    const pdf = await getDocumentProxy(new Uint8Array(file.rawPayload));
    const text = (await extractText(pdf, { mergePages: true })).text.replace(/\s+/g, '');
    expect(text).toContain('上门通知函');
    expect(text).toContain('看板债务人0');
    expect(text).toContain('2026年11月30日12:00–13:00');
    expect(text).toContain('工作证');
    expect(text).toContain('投诉电话400-800-5678');
    expect(text).toContain('不收取现金');

    // No request: refused naming the field; a rejected request has no visit to announce.
    const bare = await supervisor.post(`/api/cases/${a.caseId}/letters`, { templateId, addressId: a.addressId });
    expect(bare.statusCode).toBe(400);
    expect(bare.json().error.issues[0].path).toBe('visitRequestId');
    const c = cases[2]!;
    const again = await collector.post(`/api/cases/${c.caseId}/visit-requests`, { addressId: c.addressId, reason: '再次核实', priority: 1 });
    await approver.post(`/api/visit-requests/${(again.json() as VisitRequestOut).id}/reject`, { reason: '不必要' });
    const rejected = await supervisor.post(`/api/cases/${c.caseId}/letters`, { templateId, addressId: c.addressId, visitRequestId: (again.json() as VisitRequestOut).id });
    expect(rejected.statusCode).toBe(409);
    // Another case's request is not this case's.
    expect((await supervisor.post(`/api/cases/${c.caseId}/letters`, { templateId, addressId: c.addressId, visitRequestId: a.requestId })).statusCode).toBe(404);
  });
});
