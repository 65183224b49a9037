// Click-to-call (issue 5, item 5): the dialer's webhook (token permission, idempotent by event id, refused for blocked
// or non-call attempts, events in any order, audited) and the tel: adapter (the number of the caller's own allowed,
// fresh call attempt only, audited; never logged).
import { Writable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLogger } from '../../src/server/platform/logger.js';
import { createTestApp, type Client, type TestApp } from '../app.js';
import { testDatabases } from '../db.js';
import { make, type DebtorWithCase } from '../factories.js';

describe.each(testDatabases())('telephony on %s', (kind) => {
  let t: TestApp;
  let collector: Client & { id: string };
  let other: Client & { id: string };
  let c: DebtorWithCase;
  let dialer = '';
  let plainToken = '';
  let otherDialer = '';
  const logLines: string[] = [];

  beforeAll(async () => {
    const sink = new Writable({
      write(chunk, _e, cb) {
        logLines.push(String(chunk));
        cb();
      },
    });
    t = await createTestApp(kind, { logger: createLogger('debug', sink) });
    const db = t.rt.ctx.db;
    collector = await t.userWith('collector', { teamId: null });
    other = await t.userWith('collector', { teamId: null });
    const cr = await make.creditor(db);
    const cr2 = await make.creditor(db);
    c = await make.debtorWithCase(db, t.rt.ctx.pii, t.clock, { creditorId: cr.id, assignedUserId: collector.id, fullName: '孙外呼' });
    await make.debtorWithCase(db, t.rt.ctx.pii, t.clock, { creditorId: cr.id, assignedUserId: other.id, fullName: '周其他' });
    const mk = async (creditorId: string, body: object) => {
      const r = await t.admin.post(`/api/admin/creditors/${creditorId}/tokens`, body);
      expect(r.statusCode).toBe(201);
      return r.json() as { token: { scopes: string[] }; secret: string };
    };
    const d = await mk(cr.id, { name: 'dialer', scopes: ['telephony.webhook'] });
    expect(d.token.scopes).toEqual(['telephony.webhook']);
    dialer = d.secret;
    const plain = await mk(cr.id, { name: 'lender-sync' });
    expect(plain.token.scopes).toEqual(['cases.read', 'intake.manage']);
    plainToken = plain.secret;
    otherDialer = (await mk(cr2.id, { name: 'dialer-2', scopes: ['telephony.webhook'] })).secret;
  });
  afterAll(() => t.close());

  const post = (secret: string | null, body: unknown) =>
    t.app.inject({ method: 'POST', url: '/api/telephony/events', payload: body as object, headers: secret ? { authorization: `Bearer ${secret}` } : {} });
  const decide = async (channel: 'call' | 'sms' = 'call', extra: object = {}) => {
    const r = await collector.post(`/api/cases/${c.caseId}/attempts`, { channel, partyKind: 'debtor', partyId: c.debtorId, contactPointId: c.phoneId, recording: true, ...extra });
    expect(r.statusCode).toBe(201);
    return (r.json() as { attempt: { id: string; status: string } }).attempt;
  };
  const auditOf = (attemptId: string, action: string) =>
    t.db.db.selectFrom('audit_log').select(['action', 'actor_type', 'actor_id', 'after_json', 'meta_json', 'reason']).where('entity_id', '=', attemptId).where('action', '=', action).orderBy('seq').execute();
  let seq = 0;
  const eid = () => `evt-${kind}-${++seq}`;

  it('the webhook needs an API token granted telephony.webhook: 401 without, 403 for a user or a token without it', async () => {
    t.clock.set('2026-03-02T02:00:00Z'); // 10:00 Shanghai
    const a = await decide();
    const body = { eventId: eid(), attemptId: a.id, type: 'started', at: '2026-03-02T02:00:05Z' };
    expect((await post(null, body)).statusCode).toBe(401);
    expect((await post('ck_not-a-real-token', body)).statusCode).toBe(401);
    expect((await post(plainToken, body)).statusCode).toBe(403);
    expect((await collector.post('/api/telephony/events', body)).statusCode).toBe(403);
    expect((await t.admin.post('/api/telephony/events', body)).statusCode).toBe(403);
    // A dialer's token does only that: it reads no cases.
    expect((await t.app.inject({ method: 'GET', url: '/api/cases', headers: { authorization: `Bearer ${dialer}` } })).statusCode).toBe(403);
    expect((await t.app.inject({ method: 'GET', url: '/api/cases', headers: { authorization: `Bearer ${plainToken}` } })).statusCode).toBe(200);
    // Nothing was stored by the refused calls.
    expect(await t.db.db.selectFrom('call_event').select('id').where('attempt_id', '=', a.id).execute()).toEqual([]);
    // A bad body, once authorised, is a 400 naming the field.
    const bad = await post(dialer, { ...body, result: 'maybe' });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error.issues[0].path).toBe('result');
  });

  it('idempotent by eventId: a replay is 200 with the stored event, a different body under the same id is 409', async () => {
    t.clock.set('2026-03-03T02:00:00Z');
    const a = await decide();
    expect(a.status).toBe('allowed');
    const body = { eventId: eid(), attemptId: a.id, type: 'started', at: '2026-03-03T02:00:03Z' };
    const first = await post(dialer, body);
    expect(first.statusCode).toBe(201);
    expect(first.json()).toMatchObject({ eventId: body.eventId, attemptId: a.id, type: 'started', at: '2026-03-03T02:00:03.000Z' });
    t.clock.advance(60_000);
    const again = await post(dialer, body);
    expect(again.statusCode).toBe(200);
    expect(again.json()).toEqual(first.json());
    const clash = await post(dialer, { ...body, at: '2026-03-03T02:00:09Z' });
    expect(clash.statusCode).toBe(409);
    expect(clash.json().error.issues[0].path).toBe('eventId');
    // Another creditor's dialer cannot read or reuse the event through its id.
    const foreign = await post(otherDialer, body);
    expect(foreign.statusCode).toBe(409);
    expect(foreign.json().error.message).not.toContain(a.id);
    expect((await t.db.db.selectFrom('call_event').select('id').where('event_id', '=', body.eventId).execute()).length).toBe(1);
    expect((await auditOf(a.id, 'telephony.call_event')).length).toBe(1);
    const att = await t.db.db.selectFrom('contact_attempt').select(['call_started_at', 'call_ended_at']).where('id', '=', a.id).executeTakeFirstOrThrow();
    expect(att.call_started_at).toBe('2026-03-03T02:00:03.000Z');
    expect(att.call_ended_at).toBeNull();
  });

  it('unknown attempt 404; another creditor\'s attempt 404', async () => {
    t.clock.set('2026-03-04T02:00:00Z');
    const a = await decide();
    const missing = await post(dialer, { eventId: eid(), attemptId: '01900000-0000-7000-8000-000000000000', type: 'started', at: '2026-03-04T02:00:01Z' });
    expect(missing.statusCode).toBe(404);
    const foreign = await post(otherDialer, { eventId: eid(), attemptId: a.id, type: 'started', at: '2026-03-04T02:00:01Z' });
    expect(foreign.statusCode).toBe(404);
    expect(await t.db.db.selectFrom('call_event').select('id').where('attempt_id', '=', a.id).execute()).toEqual([]);
  });

  it('an attempt the engine blocked, or one that is not a call, is refused with 409 and nothing is stored', async () => {
    t.clock.set('2026-03-05T14:30:00Z'); // 22:30 Shanghai: outside the calling hours
    const blocked = await decide();
    expect(blocked.status).toBe('blocked');
    const r = await post(dialer, { eventId: eid(), attemptId: blocked.id, type: 'started', at: '2026-03-05T14:30:01Z' });
    expect(r.statusCode).toBe(409);
    expect(r.json().error.code).toBe('telephony.attempt_blocked');
    expect(r.json().error.issues[0].path).toBe('attemptId');
    const ended = await post(dialer, { eventId: eid(), attemptId: blocked.id, type: 'ended', at: '2026-03-05T14:31:01Z', result: 'no_answer' });
    expect(ended.statusCode).toBe(409);

    t.clock.set('2026-03-06T02:00:00Z');
    const sms = await decide('sms', { content: '您好，您在本平台的账单已逾期，请及时处理。' });
    const s = await post(dialer, { eventId: eid(), attemptId: sms.id, type: 'started', at: '2026-03-06T02:00:01Z' });
    expect(s.statusCode).toBe(409);
    expect(s.json().error.code).toBe(sms.status === 'blocked' ? 'telephony.attempt_blocked' : 'telephony.not_a_call');
    expect(await t.db.db.selectFrom('call_event').select('id').where('attempt_id', 'in', [blocked.id, sms.id]).execute()).toEqual([]);
    expect((await auditOf(blocked.id, 'telephony.call_event')).length).toBe(0);
  });

  it('a call dated before the engine decided the attempt is refused, naming `at` (beyond two minutes of clock skew)', async () => {
    t.clock.set('2026-03-07T02:00:00Z');
    const a = await decide();
    const early = await post(dialer, { eventId: eid(), attemptId: a.id, type: 'started', at: '2026-03-07T01:57:00Z' });
    expect(early.statusCode).toBe(409);
    expect(early.json().error.code).toBe('telephony.before_decision');
    expect(early.json().error.issues[0].path).toBe('at');
    expect((await post(dialer, { eventId: eid(), attemptId: a.id, type: 'started', at: '2026-03-07T01:59:00Z' })).statusCode).toBe(201);
  });

  it('events out of order: ended before started; the call facts fill in as events arrive, each audited', async () => {
    t.clock.set('2026-03-09T02:00:00Z');
    const a = await decide();
    const facts = () => t.db.db.selectFrom('contact_attempt')
      .select(['call_started_at', 'call_answered_at', 'call_ended_at', 'call_duration_sec', 'call_result', 'recording_url', 'recording_sha256', 'status'])
      .where('id', '=', a.id).executeTakeFirstOrThrow();
    const sha = 'a1'.repeat(32);
    const rec = 'https://recordings.dialer.example/2026/03/09/call-77.wav?sig=abc';
    const e1 = await post(dialer, { eventId: eid(), attemptId: a.id, type: 'ended', at: '2026-03-09T10:03:00+08:00', result: 'rpc_promise', recordingUrl: rec, recordingSha256: sha });
    expect(e1.statusCode).toBe(201);
    let f = await facts();
    expect(f).toMatchObject({ call_started_at: null, call_answered_at: null, call_ended_at: '2026-03-09T02:03:00.000Z', call_result: 'rpc_promise', recording_url: rec, recording_sha256: sha });
    expect(f.call_duration_sec).toBeNull();
    expect((await post(dialer, { eventId: eid(), attemptId: a.id, type: 'started', at: '2026-03-09T02:00:10Z' })).statusCode).toBe(201);
    expect((await post(dialer, { eventId: eid(), attemptId: a.id, type: 'answered', at: '2026-03-09T02:00:30Z' })).statusCode).toBe(201);
    f = await facts();
    expect(f).toMatchObject({ call_started_at: '2026-03-09T02:00:10.000Z', call_answered_at: '2026-03-09T02:00:30.000Z', call_ended_at: '2026-03-09T02:03:00.000Z', call_result: 'rpc_promise', recording_url: rec });
    expect(Number(f.call_duration_sec)).toBe(150);
    // The attempt stays open for the collector's outcome: the dialer records facts, not the outcome.
    expect(f.status).toBe('allowed');

    // The web app reads the call (as the collector): events in call order, facts folded.
    const call = await collector.get(`/api/attempts/${a.id}/call`);
    expect(call.statusCode).toBe(200);
    expect(call.json().call).toMatchObject({ state: 'ended', startedAt: '2026-03-09T02:00:10.000Z', durationSec: 150, result: 'rpc_promise' });
    expect(call.json().events.map((e: { type: string }) => e.type)).toEqual(['started', 'answered', 'ended']);
    expect((await other.get(`/api/attempts/${a.id}/call`)).statusCode).toBe(404);

    // Each event audited once, by the token, with the recording's location but not its query string.
    const audits = await auditOf(a.id, 'telephony.call_event');
    expect(audits.map((x) => (x.after_json as { type: string }).type)).toEqual(['ended', 'started', 'answered']);
    expect(audits.every((x) => x.actor_type === 'api_token')).toBe(true);
    expect(audits[0]!.after_json).toMatchObject({ result: 'rpc_promise', recording: 'https://recordings.dialer.example/2026/03/09/call-77.wav', recordingSha256: sha });
    expect(JSON.stringify(audits)).not.toContain('sig=abc');

    // After the outcome is logged, a late event (e.g. the recording) is still accepted.
    expect((await collector.post(`/api/attempts/${a.id}/outcome`, { resultCode: 'rpc_promise', rightParty: true })).statusCode).toBe(200);
    expect((await post(dialer, { eventId: eid(), attemptId: a.id, type: 'ended', at: '2026-03-09T02:03:01Z', recordingUrl: 's3://dialer/other.wav' })).statusCode).toBe(201);
    expect((await facts()).recording_url).toBe('s3://dialer/other.wav');
  });

  it('tel mode: the caller\'s own allowed, fresh call attempt reveals its number as a tel: URI, audited', async () => {
    expect((await collector.get('/api/telephony/config')).json()).toEqual({ mode: 'tel' });
    t.clock.set('2026-03-10T02:00:00Z');
    const a = await decide();
    expect((await other.post(`/api/attempts/${a.id}/dial`)).statusCode).toBe(404); // not in the other collector's cases
    const r = await collector.post(`/api/attempts/${a.id}/dial`);
    expect(r.statusCode).toBe(200);
    expect(r.json()).toEqual({ attemptId: a.id, telUri: `tel:${c.plain.phone}` });
    const reveals = await t.db.db.selectFrom('audit_log').select(['reason', 'meta_json', 'actor_id']).where('action', '=', 'pii.reveal').where('entity_id', '=', c.caseId).execute();
    expect(reveals.length).toBe(1);
    expect(reveals[0]).toMatchObject({ actor_id: collector.id, meta_json: { field: 'phone', itemId: c.phoneId, attemptId: a.id } });

    // Fresh only: after 15 minutes the engine must decide again.
    t.clock.set('2026-03-10T02:16:00Z');
    const stale = await collector.post(`/api/attempts/${a.id}/dial`);
    expect(stale.statusCode).toBe(409);
    expect(stale.json().error.code).toBe('telephony.stale');

    // Never for a blocked attempt.
    t.clock.set('2026-03-10T14:30:00Z');
    const blocked = await decide();
    expect(blocked.status).toBe('blocked');
    expect((await collector.post(`/api/attempts/${blocked.id}/dial`)).json().error.code).toBe('telephony.attempt_blocked');
    expect((await t.db.db.selectFrom('audit_log').select('id').where('action', '=', 'pii.reveal').where('entity_id', '=', c.caseId).execute()).length).toBe(1);
  });

  it('webhook mode: the number is never revealed', async () => {
    const cfg = t.rt.ctx.config as { telephony: 'tel' | 'webhook' };
    cfg.telephony = 'webhook';
    try {
      expect((await collector.get('/api/telephony/config')).json()).toEqual({ mode: 'webhook' });
      t.clock.set('2026-03-11T02:00:00Z');
      const a = await decide();
      const r = await collector.post(`/api/attempts/${a.id}/dial`);
      expect(r.statusCode).toBe(409);
      expect(r.json().error.code).toBe('telephony.webhook_mode');
      expect(r.body).not.toContain(c.plain.phone);
    } finally {
      cfg.telephony = 'tel';
    }
  });

  it('no phone number reaches a log line', () => {
    expect(logLines.length).toBeGreaterThan(0);
    const all = logLines.join('\n');
    expect(all).toContain('/api/telephony/events');
    expect(all).not.toContain(c.plain.phone);
  });
});
