// The field phone's offline sync and evidence (issue 8, items 4–5) over HTTP: mutations carry the phone's client id
// and a replay returns the first result without doing it twice (check-in, outcome, check-out, SOS); an offline
// check-in is decided at its captured time (allowed at 21:40 though synced at 22:20; refused when captured at 22:05),
// within bounds, with both times recorded; check-out needs the outcome first and stores the visit's length; photo
// evidence is refused when its SHA-256 does not match, stored once per evidence id, listed for the route and the
// team's supervisor (not another team's) and audited on download; the supervisor's visit reports show it all.
import { createHash, randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { EvidenceOut, FieldReportOut, FieldStopOut } from '../../src/contracts/field.js';
import { createTestApp, type TestApp } from '../app.js';
import { testDatabases } from '../db.js';
import { atStop, planFieldDay, type FieldDay } from '../field-day.js';

const TODAY = '2026-11-28';
const START = '2026-11-28T06:00:00.000Z'; // 14:00 in Beijing
/** A 1×1 PNG, and another one with a different pixel. */
const PNG = Buffer.from('89504e470d0a1a0a0000000d4948445200000001000000010806000000' + '1f15c4890000000d49444154789c6360f8cfc0f01f0005000201' + 'a5e7d2b20000000049454e44ae426082', 'hex');
const PNG2 = Buffer.concat([PNG, Buffer.from([0])]);
const sha = (b: Buffer) => createHash('sha256').update(b).digest('hex');

describe.each(testDatabases())('field sync and evidence on %s', (kind) => {
  let t: TestApp;
  let d: FieldDay;
  let s: FieldStopOut[];
  const partner = () => ({ partnerUserId: d.field[1]!.id });

  beforeAll(async () => {
    t = await createTestApp(kind);
    t.clock.set(START);
    d = await planFieldDay(t, { date: TODAY, stops: 4 });
    s = d.stops;
  });
  afterAll(async () => {
    await t?.close();
  });

  const count = async (table: 'field_visit' | 'contact_attempt' | 'field_evidence' | 'field_incident' | 'promise_to_pay', col: string, value: string) =>
    Number((await t.db.db.selectFrom(table).select((eb) => eb.fn.countAll().as('n')).where(col as never, '=', value as never).executeTakeFirstOrThrow()).n);
  const actions = async (entityId: string) => (await t.db.db.selectFrom('audit_log').select('action').where('entity_id', '=', entityId).orderBy('id').execute()).map((a) => a.action);

  it('replays a check-in by its client id: the same answer, one visit, one attempt, one audit entry', async () => {
    const clientId = randomUUID();
    const body = { ...atStop(s[0]!), ...partner(), clientId };
    const first = await d.field[0]!.post(`/api/field/stops/${s[0]!.id}/check-in`, body);
    expect(first.statusCode, first.body).toBe(201);
    const again = await d.field[0]!.post(`/api/field/stops/${s[0]!.id}/check-in`, body);
    expect(again.statusCode, again.body).toBe(201);
    expect(again.json()).toEqual(first.json());
    expect(await count('field_visit', 'stop_id', s[0]!.id)).toBe(1);
    const visits = await t.db.db.selectFrom('contact_attempt').select('id').where('case_id', '=', s[0]!.caseId).where('channel', '=', 'visit').execute();
    expect(visits).toHaveLength(1);
    const visit = await t.db.db.selectFrom('field_visit').select('id').where('stop_id', '=', s[0]!.id).executeTakeFirstOrThrow();
    expect(await actions(visit.id)).toEqual(['field.check_in']);
    // Without a client id a second check-in is refused as before; the id used for another action is refused.
    expect((await d.field[0]!.post(`/api/field/stops/${s[0]!.id}/check-in`, { ...atStop(s[0]!), ...partner() })).statusCode).toBe(409);
    const reused = await d.field[0]!.post(`/api/field/stops/${s[0]!.id}/outcome`, { code: 'not_home', clientId });
    expect(reused.statusCode).toBe(409);
    expect(reused.json().error).toMatchObject({ code: 'field.client_id_reused', issues: [{ path: 'clientId' }] });
  });

  it('decides an offline check-in at its captured time and records when it arrived; refuses times out of bounds', async () => {
    t.clock.set('2026-11-28T14:20:00.000Z'); // 22:20 in Beijing: the sync happens after hours
    try {
      const late = await d.field[0]!.post(`/api/field/stops/${s[1]!.id}/check-in`, { ...atStop(s[1]!), ...partner(), clientId: randomUUID(), capturedAt: '2026-11-28T22:05:00+08:00' });
      expect(late.statusCode, late.body).toBe(409);
      expect(late.json().error.issues.map((i: { path: string }) => i.path)).toContain('CN-B01');
      for (const [capturedAt, word] of [['2026-11-28T01:00:00Z', '12'], ['2026-11-28T14:30:00Z', '服务器']] as const) {
        const bad = await d.field[0]!.post(`/api/field/stops/${s[1]!.id}/check-in`, { ...atStop(s[1]!), ...partner(), capturedAt });
        expect(bad.statusCode, bad.body).toBe(400);
        expect(bad.json().error).toMatchObject({ code: 'field.captured_at_invalid', issues: [{ path: 'capturedAt', message: expect.stringContaining(word) }] });
      }
      const ok = await d.field[0]!.post(`/api/field/stops/${s[1]!.id}/check-in`, { ...atStop(s[1]!), ...partner(), clientId: randomUUID(), capturedAt: '2026-11-28T21:40:00+08:00' });
      expect(ok.statusCode, ok.body).toBe(201);
      expect(ok.json()).toMatchObject({ status: 'checked_in', checkedInAt: '2026-11-28T13:40:00.000Z', receivedAt: '2026-11-28T14:20:00.000Z' });
      const v = await t.db.db.selectFrom('field_visit').select('attempt_id').where('stop_id', '=', s[1]!.id).executeTakeFirstOrThrow();
      const attempt = await t.db.db.selectFrom('contact_attempt').select(['planned_at', 'decision_id']).where('id', '=', v.attempt_id).executeTakeFirstOrThrow();
      expect(new Date(attempt.planned_at).toISOString()).toBe('2026-11-28T13:40:00.000Z');
      const decision = await t.db.db.selectFrom('compliance_decision').select('planned_at').where('id', '=', attempt.decision_id).executeTakeFirstOrThrow();
      expect(new Date(decision.planned_at).toISOString()).toBe('2026-11-28T13:40:00.000Z');
    } finally {
      t.clock.set('2026-11-28T07:00:00.000Z');
    }
  });

  it('replays an outcome once (one promise); check-out needs the outcome first, stores the length, and ends the visit once', async () => {
    const stop = s[0]!;
    expect((await d.field[0]!.post(`/api/field/stops/${stop.id}/check-out`, { clientId: randomUUID() })).json().error.code).toBe('field.outcome_first');
    const clientId = randomUUID();
    const body = { code: 'promise', promise: { amountMinor: 30_000, dueDate: '2026-12-10' }, clientId };
    const first = await d.field[0]!.post(`/api/field/stops/${stop.id}/outcome`, body);
    expect(first.statusCode, first.body).toBe(200);
    const again = await d.field[0]!.post(`/api/field/stops/${stop.id}/outcome`, body);
    expect(again.statusCode, again.body).toBe(200);
    expect(again.json()).toEqual(first.json());
    expect(await count('promise_to_pay', 'case_id', stop.caseId)).toBe(1);

    const checkedIn = (await t.db.db.selectFrom('field_visit').select(['id', 'checked_in_at']).where('stop_id', '=', stop.id).executeTakeFirstOrThrow());
    t.clock.set(new Date(new Date(checkedIn.checked_in_at).getTime() + 25 * 60_000));
    const out = { latitude: 39.9, longitude: 116.4, accuracy: 15, clientId: randomUUID() };
    const done = await d.field[0]!.post(`/api/field/stops/${stop.id}/check-out`, out);
    expect(done.statusCode, done.body).toBe(200);
    expect(done.json()).toMatchObject({ status: 'done', outcomeCode: 'promise', durationS: 1500, checkedOutAt: t.clock.now().toISOString() });
    t.clock.advance(60_000);
    expect((await d.field[0]!.post(`/api/field/stops/${stop.id}/check-out`, out)).json()).toEqual(done.json());
    const twice = await d.field[0]!.post(`/api/field/stops/${stop.id}/check-out`, { clientId: randomUUID() });
    expect(twice.statusCode).toBe(409);
    expect(twice.json().error.code).toBe('field.already_ended');
    const row = await t.db.db.selectFrom('field_visit').selectAll().where('id', '=', checkedIn.id).executeTakeFirstOrThrow();
    expect(row).toMatchObject({ checkout_latitude: 39.9, checkout_accuracy_m: 15, duration_s: 1500 });
    expect(await actions(checkedIn.id)).toEqual(['field.check_in', 'field.outcome', 'field.check_out']);
  });

  it('asked to leave is the check-out; an SOS replayed from the outbox alerts once', async () => {
    const stop = s[1]!;
    const left = await d.field[0]!.post(`/api/field/stops/${stop.id}/leave`, { clientId: randomUUID() });
    expect(left.statusCode, left.body).toBe(200);
    expect(left.json()).toMatchObject({ status: 'left', checkedOutAt: expect.any(String), durationS: expect.any(Number) });
    expect((await d.field[0]!.post(`/api/field/stops/${stop.id}/check-out`, {})).json().error.code).toBe('field.already_ended');
    const sos = { stopId: stop.id, clientId: randomUUID() };
    const a = await d.field[0]!.post('/api/field/sos', sos);
    const b = await d.field[0]!.post('/api/field/sos', sos);
    expect([a.statusCode, b.statusCode]).toEqual([201, 201]);
    expect(b.json().id).toBe(a.json().id);
    expect(await count('field_incident', 'stop_id', stop.id)).toBe(2); // asked to leave + one SOS
  });

  it('stores photo evidence once when its SHA-256 matches; lists it for the route and the supervisor; downloads are audited', async () => {
    const stop = s[0]!;
    const url = (id: string, q: Record<string, string> = {}) => `/api/field/stops/${stop.id}/evidence/${id}?${new URLSearchParams({ sha256: sha(PNG), capturedAt: '2026-11-28T15:01:00+08:00', latitude: '39.9', longitude: '116.4', ...q })}`;
    const png = { 'content-type': 'image/png' };
    const id = randomUUID();
    const bad = await d.field[0]!.put(url(id, { sha256: sha(PNG2) }), PNG, png);
    expect(bad.statusCode, bad.body).toBe(400);
    expect(bad.json().error).toMatchObject({ code: 'field.evidence_hash_mismatch', issues: [{ path: 'sha256' }] });
    const first = await d.field[0]!.put(url(id), PNG, png);
    expect(first.statusCode, first.body).toBe(201);
    expect(first.json()).toMatchObject({ id, kind: 'photo', mimeType: 'image/png', sizeBytes: PNG.length, sha256: sha(PNG), capturedAt: '2026-11-28T07:01:00.000Z', latitude: 39.9, uploadedBy: d.field[0]!.id });
    const resend = await d.field[0]!.put(url(id), PNG, png);
    expect(resend.statusCode, resend.body).toBe(200);
    expect(resend.json()).toEqual(first.json());
    expect(await count('field_evidence', 'stop_id', stop.id)).toBe(1);
    const other = await d.field[0]!.put(url(id, { sha256: sha(PNG2) }), PNG2, png);
    expect(other.statusCode).toBe(409);
    expect((await d.field[0]!.put(url(randomUUID()), Buffer.from('hello'), { 'content-type': 'text/plain' })).json().error.code).toBe('field.evidence_type');
    const big = Buffer.alloc(12 * 1024 * 1024 + 1, 1);
    const tooBig = await d.field[0]!.put(url(randomUUID(), { sha256: sha(big) }), big, png);
    expect(tooBig.statusCode).toBe(400);
    expect(tooBig.json().error).toMatchObject({ code: 'field.evidence_too_large', message: expect.stringContaining('12 MB') });
    const unvisited = await d.field[0]!.put(`/api/field/stops/${s[3]!.id}/evidence/${randomUUID()}?sha256=${sha(PNG)}&capturedAt=2026-11-28T07:00:00Z`, PNG, png);
    expect(unvisited.statusCode).toBe(409);
    expect((await d.field[2]!.put(url(randomUUID()), PNG, png)).statusCode).toBe(404);

    for (const who of [d.field[0]!, d.field[1]!, d.supervisor]) {
      const list = await who.get(`/api/field/stops/${stop.id}/evidence`);
      expect(list.statusCode, list.body).toBe(200);
      expect((list.json().items as EvidenceOut[]).map((e) => e.id)).toEqual([id]);
    }
    expect((await d.field[2]!.get(`/api/field/stops/${stop.id}/evidence`)).statusCode).toBe(404);
    expect((await d.outsider.get(`/api/field/stops/${stop.id}/evidence`)).statusCode).toBe(404);
    expect((await d.outsider.get(`/api/field/evidence/${id}/file`)).statusCode).toBe(404);
    const file = await d.supervisor.get(`/api/field/evidence/${id}/file`);
    expect(file.statusCode).toBe(200);
    expect(file.headers['content-type']).toBe('image/png');
    expect(file.headers['x-content-sha256']).toBe(sha(PNG));
    expect(Buffer.compare(file.rawPayload, PNG)).toBe(0);
    const audit = await t.db.db.selectFrom('audit_log').select(['action', 'actor_id']).where('entity_id', '=', id).orderBy('id').execute();
    expect(audit).toEqual([{ action: 'field.evidence', actor_id: d.field[0]!.id }, { action: 'field.evidence_download', actor_id: d.supervisor.id }]);
  });

  it("gives the supervisor the day's visit reports with outcome, times, length and evidence; another team sees none", async () => {
    const res = await d.supervisor.get(`/api/field/reports?date=${TODAY}`);
    expect(res.statusCode, res.body).toBe(200);
    const items = res.json().items as FieldReportOut[];
    expect(items.map((r) => r.stopId).sort()).toEqual([s[0]!.id, s[1]!.id].sort());
    const r0 = items.find((r) => r.stopId === s[0]!.id)!;
    expect(r0).toMatchObject({ userId: d.field[0]!.id, region: '北京市朝阳区', visit: { status: 'done', outcomeCode: 'promise', durationS: 1500 } });
    expect(r0.evidence.map((e) => e.kind)).toEqual(['photo']);
    expect((await d.outsider.get(`/api/field/reports?date=${TODAY}`)).json().items).toEqual([]);
    // The route's planner sees its visits and evidence even from another team.
    await t.db.db.updateTable('visit_plan').set({ created_by: d.outsider.id }).where('id', '=', s[0]!.planId).execute();
    expect(((await d.outsider.get(`/api/field/reports?date=${TODAY}`)).json().items as FieldReportOut[]).map((r) => r.stopId).sort()).toEqual([s[0]!.id, s[1]!.id].sort());
    expect((await d.outsider.get(`/api/field/evidence/${r0.evidence[0]!.id}/file`)).statusCode).toBe(200);
    expect((await d.field[0]!.get('/api/field/reports')).statusCode).toBe(403);
    expect((await d.supervisor.get('/api/field/reports?date=28-11-2026')).json().error.issues[0].path).toContain('date');
  });
});
