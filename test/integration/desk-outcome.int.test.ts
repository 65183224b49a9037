// Logging a contact (issue 5, part 3): the outcome of a decided attempt with its follow-ups, one transaction and an
// audit entry; callbacks checked by the engine and first in My queue; events the engine honours afterwards.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type Client, type TestApp } from '../app.js';
import { testDatabases } from '../db.js';
import { make, type DebtorWithCase } from '../factories.js';

describe.each(testDatabases())('desk: logging a contact on %s', (kind) => {
  let t: TestApp;
  let collector: Client & { id: string };
  let c: DebtorWithCase;
  let high: DebtorWithCase;
  beforeAll(async () => {
    t = await createTestApp(kind);
    const db = t.rt.ctx.db;
    collector = await t.userWith('collector', { teamId: null });
    const cr = await make.creditor(db);
    c = await make.debtorWithCase(db, t.rt.ctx.pii, t.clock, { creditorId: cr.id, assignedUserId: collector.id, fullName: '钱回电' });
    high = await make.debtorWithCase(db, t.rt.ctx.pii, t.clock, { creditorId: cr.id, assignedUserId: collector.id, fullName: '赵高分' });
    await db.updateTable('collection_case').set({ priority_score: 95 }).where('id', '=', high.caseId).execute();
    await db.updateTable('collection_case').set({ priority_score: 5 }).where('id', '=', c.caseId).execute();
  });
  afterAll(() => t.close());

  const decide = async (cs: DebtorWithCase) => {
    const r = await collector.post(`/api/cases/${cs.caseId}/attempts`, { channel: 'call', partyKind: 'debtor', partyId: cs.debtorId, contactPointId: cs.phoneId, recording: true });
    expect(r.statusCode).toBe(201);
    return r.json() as { attempt: { id: string; status: string; ruleIds: string[] } };
  };

  it('an outcome with a promise writes the promise row and an audit entry with the attempt', async () => {
    t.clock.set('2026-03-02T02:00:00Z'); // 10:00 Shanghai
    const a = await decide(c);
    expect(a.attempt.status).toBe('allowed');
    const r = await collector.post(`/api/attempts/${a.attempt.id}/outcome`, { resultCode: 'rpc_promise', rightParty: true, notes: '客户同意本周五还款', promise: { amountMinor: 50_000, dueDate: '2026-03-06' } });
    expect(r.statusCode).toBe(200);
    expect(r.json()).toMatchObject({ status: 'completed', result: 'conversation', resultCode: 'rpc_promise' });
    const pr = await t.db.db.selectFrom('promise_to_pay').selectAll().where('id', '=', r.json().promiseId).executeTakeFirstOrThrow();
    expect(pr).toMatchObject({ case_id: c.caseId, status: 'pending', due_date: '2026-03-06' });
    expect(Number(pr.amount_minor)).toBe(50_000);
    const att = await t.db.db.selectFrom('contact_attempt').select(['status', 'result', 'notes']).where('id', '=', a.attempt.id).executeTakeFirstOrThrow();
    expect(att).toEqual({ status: 'completed', result: 'conversation', notes: '客户同意本周五还款' });
    const audits = await t.db.db.selectFrom('audit_log').select(['action', 'entity_id']).where('entity_id', 'in', [a.attempt.id, pr.id]).execute();
    expect(audits.map((x) => x.action).sort()).toEqual(['desk.outcome_logged', 'promise.create']);
    // A completed attempt takes no second outcome.
    expect((await collector.post(`/api/attempts/${a.attempt.id}/outcome`, { resultCode: 'no_answer', rightParty: false })).statusCode).toBe(409);
  });

  it('notes with a threat are refused naming the span; neutral notes are saved', async () => {
    t.clock.set('2026-03-03T02:00:00Z');
    const a = await decide(c);
    const check = await collector.post(`/api/cases/${c.caseId}/notes/check`, { text: '不还钱就让你坐牢' });
    expect(check.statusCode).toBe(200);
    expect(check.json().outcome).toBe('block');
    const bad = await collector.post(`/api/attempts/${a.attempt.id}/outcome`, { resultCode: 'rpc_refused', rightParty: true, notes: '不还钱就让你坐牢' });
    expect(bad.statusCode).toBe(400);
    const issue = bad.json().error.issues[0];
    expect(issue.path).toBe('notes');
    expect(issue.message).toMatch(/坐牢/);
    expect(issue.message).toMatch(/^[A-Z]{2}-[A-Z0-9]+/);
    expect((await t.db.db.selectFrom('contact_attempt').select('status').where('id', '=', a.attempt.id).executeTakeFirstOrThrow()).status).toBe('allowed');
    const ok = await collector.post(`/api/attempts/${a.attempt.id}/outcome`, { resultCode: 'rpc_refused', rightParty: true, notes: '客户表示近期资金紧张，下周再联系' });
    expect(ok.statusCode).toBe(200);
  });

  it('a callback at 22:30 Shanghai is refused with the rule and the next allowed time; at 10:00 it is accepted and first in the queue', async () => {
    t.clock.set('2026-03-04T01:00:00Z'); // 09:00 Shanghai
    const a = await decide(c);
    const late = await collector.post(`/api/attempts/${a.attempt.id}/outcome`, { resultCode: 'rpc_other', rightParty: true, callbackAt: '2026-03-04T22:30:00+08:00' });
    expect(late.statusCode).toBe(400);
    expect(late.json().error.issues[0].path).toBe('callbackAt');
    expect(late.json().error.issues.map((i: { message: string }) => i.message).join(' ')).toMatch(/CN-G01/);
    expect(late.json().error.message).toContain('2026-03-05T08:00:00+08:00');
    const verdict = await collector.post(`/api/attempts/${a.attempt.id}/callback/check`, { at: '2026-03-04T22:30:00+08:00' });
    expect(verdict.json()).toMatchObject({ outcome: 'block', nextAllowedAt: '2026-03-05T08:00:00+08:00' });
    const before = await collector.get('/api/queue');
    expect(before.json().items[0].caseId).toBe(high.caseId);
    const ok = await collector.post(`/api/attempts/${a.attempt.id}/outcome`, { resultCode: 'rpc_other', rightParty: true, callbackAt: '2026-03-04T10:00:00+08:00' });
    expect(ok.statusCode).toBe(200);
    expect(ok.json().callbackId).toBeTruthy();
    const q = await collector.get('/api/queue');
    expect(q.json().items[0]).toMatchObject({ caseId: c.caseId, why: { kind: 'callback_due' } });
  });

  it('wrong number marks the phone invalid', async () => {
    t.clock.set('2026-03-05T02:00:00Z');
    const a = await decide(high);
    const r = await collector.post(`/api/attempts/${a.attempt.id}/outcome`, { resultCode: 'wrong_number', rightParty: false });
    expect(r.statusCode).toBe(200);
    expect(r.json()).toMatchObject({ result: 'not_in_service', phoneInvalidated: true });
    expect((await t.db.db.selectFrom('phone').select('status').where('id', '=', high.phoneId).executeTakeFirstOrThrow()).status).toBe('invalid');
  });

  it('a cease request becomes an event: the next call attempt is blocked by the engine', async () => {
    t.clock.set('2026-03-06T02:00:00Z');
    const a = await decide(c);
    expect(a.attempt.status).toBe('allowed');
    const r = await collector.post(`/api/attempts/${a.attempt.id}/outcome`, { resultCode: 'rpc_refused', rightParty: true, cease: true });
    expect(r.statusCode).toBe(200);
    expect(r.json().eventIds).toHaveLength(1);
    t.clock.advance(3600_000);
    const next = await decide(c);
    expect(next.attempt.status).toBe('blocked');
    expect(next.attempt.ruleIds).toContain('CC-H06');
  });
});
