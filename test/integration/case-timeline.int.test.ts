// The case timeline (issue 5, item 2; issue 6: SMS replies): one entry of each kind made through the services and
// APIs that make them in production, then order (newest first, ties by source and id), keyset pages that add up to the
// whole list with equal timestamps, the kind filter, reveals for oversight roles only, scope 404 and masked data.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type Client, type TestApp } from '../app.js';
import { testDatabases } from '../db.js';
import { make, type DebtorWithCase } from '../factories.js';
import { newId } from '../../src/server/platform/ids.js';
import { enqueueMessage } from '../../src/server/modules/messaging/index.js';
import type { TimelineEntry } from '../../src/contracts/timeline.js';

const form = { incomeMinor: 800_000, adults: 1, essentialExpensesMinor: 300_000, otherDebtPaymentsMinor: 100_000 };

describe.each(testDatabases())('case timeline on %s', (kind) => {
  let t: TestApp;
  let collector: Client & { id: string };
  let supervisor: Client & { id: string };
  let outsider: Client & { id: string };
  let c: DebtorWithCase;
  let attemptId: string;
  let smsAttemptId: string;

  const all = async (who: Client, q = '') => {
    const r = await who.get(`/api/cases/${c.caseId}/timeline?limit=200${q}`);
    expect(r.statusCode, r.body).toBe(200);
    return r.json() as { items: TimelineEntry[]; nextCursor: string | null; kinds: string[] };
  };
  const step = (s: number) => t.clock.advance(s * 1000);

  beforeAll(async () => {
    t = await createTestApp(kind);
    t.clock.set('2026-11-28T02:00:00Z'); // 10:00 Shanghai
    const db = t.db.db;
    const creditorId = (await make.creditor(db)).id;
    const teamId = (await make.team(db)).id;
    collector = await t.userWith('collector', { teamId });
    supervisor = await t.userWith('supervisor', { teamId });
    outsider = await t.userWith('collector', { teamId: (await make.team(db)).id });
    c = await make.debtorWithCase(db, t.rt.ctx.pii, t.clock, { creditorId, assignedUserId: collector.id, assignedTeamId: teamId, fullName: '孙时间' });

    // attempt + its outcome: a promise and a callback.
    const a = await collector.post(`/api/cases/${c.caseId}/attempts`, { channel: 'call', partyKind: 'debtor', partyId: c.debtorId, contactPointId: c.phoneId, recording: true });
    expect(a.statusCode, a.body).toBe(201);
    attemptId = a.json().attempt.id;
    step(60);
    const o = await collector.post(`/api/attempts/${attemptId}/outcome`, {
      resultCode: 'rpc_promise', rightParty: true, notes: '客户同意周五还款', promise: { amountMinor: 50_000, dueDate: '2026-12-04' }, callbackAt: '2026-11-30T10:00:00+08:00',
    });
    expect(o.statusCode, o.body).toBe(200);

    // visit: requested, approved.
    step(60);
    const v = await collector.post(`/api/cases/${c.caseId}/visit-requests`, { addressId: c.addressId, reason: '电话长期无法接通，需上门核实' });
    expect(v.statusCode, v.body).toBe(201);
    step(60);
    expect((await supervisor.post(`/api/visit-requests/${v.json().id}/approve`, { reason: '同意' })).statusCode).toBe(200);

    // plan: proposed + approved (same instant, within authority), then active with its agreement document and plan_signed event (same instant).
    step(60);
    const p = await collector.post(`/api/cases/${c.caseId}/plans`, { affordability: form, kind: 'interest-free' });
    expect(p.statusCode, p.body).toBe(201);
    step(60);
    expect((await collector.post(`/api/plans/${p.json().id}/activate`, {})).statusCode).toBe(200);

    // message (decided as an attempt, then queued in the outbox, as the send path does) and the debtor's replies to it.
    step(60);
    const sms = await collector.post(`/api/cases/${c.caseId}/attempts`, { channel: 'sms', partyKind: 'debtor', partyId: c.debtorId, contactPointId: c.phoneId, content: '【测试】您好，请尽快还款。' });
    expect(sms.statusCode, sms.body).toBe(201);
    smsAttemptId = sms.json().attempt.id;
    await t.rt.ctx.db.transaction().execute((trx) =>
      enqueueMessage(trx, {
        caseId: c.caseId, debtorId: c.debtorId, channel: 'sms', contactPointId: c.phoneId, subject: null, body: '【测试】您好，请尽快还款。', institution: '测试',
        templateVersionId: null, attemptId: smsAttemptId, createdBy: collector.id, at: t.clock.now().toISOString(),
      }),
    );
    step(60);
    await t.rt.services.messaging.smsInbound({ from: c.plain.phone, text: '我下周一还' });
    step(60);
    await t.rt.services.messaging.smsInbound({ from: c.plain.phone, text: 'TD' });

    // payments: as intake writes them, dated by the day paid (two on one day, one a week earlier, all imported now).
    step(60);
    for (const paidOn of ['2026-11-27', '2026-11-27', '2026-11-20']) {
      await db.insertInto('payment').values({
        id: newId(), debt_account_id: c.accountId, case_id: c.caseId, external_id: `P-${newId()}`, amount_minor: 12_345, currency: 'CNY', paid_on: paidOn,
        channel: 'bank_transfer', creditor_id: creditorId, reversal_of: null, import_job_id: null, created_at: t.clock.now().toISOString(),
      }).execute();
    }

    // reveal: audited with its reason.
    step(60);
    const r = await collector.post(`/api/cases/${c.caseId}/reveal`, { field: 'phone', itemId: c.phoneId, reason: '核实号码后回拨' });
    expect(r.statusCode, r.body).toBe(200);
  });
  afterAll(() => t.close());

  it('lists one entry of each kind, newest first, with actors and details', async () => {
    const { items, nextCursor, kinds } = await all(supervisor);
    expect(nextCursor).toBeNull();
    expect(kinds).toContain('reveal');
    expect(new Set(items.map((e) => e.kind))).toEqual(new Set(['attempt', 'message', 'inbound', 'visit', 'payment', 'promise', 'plan', 'callback', 'event', 'document', 'reveal']));
    expect(new Set(items.map((e) => e.id)).size).toBe(items.length);
    for (let i = 1; i < items.length; i++) expect(items[i - 1]!.at >= items[i]!.at, `${items[i - 1]!.id} before ${items[i]!.id}`).toBe(true);
    expect(items[0]).toMatchObject({ kind: 'reveal', actor: { type: 'user', name: '测试collector' }, detail: { field: 'phone', reason: '核实号码后回拨' } });
    // Payments sit at the start of the (Shanghai) day they were paid on, not at their import.
    expect(items.slice(-3).map((e) => [e.kind, e.at, e.detail.paidOn])).toEqual([
      ['payment', '2026-11-26T16:00:00.000Z', '2026-11-27'], ['payment', '2026-11-26T16:00:00.000Z', '2026-11-27'], ['payment', '2026-11-19T16:00:00.000Z', '2026-11-20'],
    ]);
    expect(items.at(-4)).toMatchObject({ kind: 'attempt', phase: 'attempt.completed' });

    const attempt = items.find((e) => e.kind === 'attempt')!;
    expect(attempt).toMatchObject({
      refs: { attemptId }, actor: { type: 'user', name: '测试collector' },
      detail: { channel: 'call', decision: 'allow', resultCode: 'rpc_promise', rightParty: true, notes: '客户同意周五还款', result: 'conversation' },
    });
    const promise = items.find((e) => e.kind === 'promise')!;
    expect(promise.detail).toMatchObject({ amountMinor: 50_000, dueDate: '2026-12-04', status: 'pending' });
    expect(items.find((e) => e.kind === 'callback')!.detail).toMatchObject({ dueAt: '2026-11-30T02:00:00.000Z', status: 'pending' });
    expect(items.filter((e) => e.kind === 'visit').map((e) => e.phase)).toEqual(['visit.approved', 'visit.requested']);
    expect(items.find((e) => e.phase === 'visit.approved')!.actor).toEqual({ type: 'user', name: '测试supervisor' });
    expect(items.filter((e) => e.kind === 'plan').map((e) => e.phase)).toEqual(['plan.active', 'plan.approved', 'plan.proposed']);
    expect(items.find((e) => e.kind === 'event')!.detail).toMatchObject({ type: 'plan_signed' });
    expect(items.find((e) => e.kind === 'document')!.detail.href).toMatch(/^\/api\/documents\/[0-9a-f-]{36}\/file$/);
    expect(items.find((e) => e.kind === 'message')!).toMatchObject({ actor: { name: '测试collector' }, detail: { channel: 'sms', status: 'queued' }, refs: { attemptId: smsAttemptId } });
    // The message's attempt is shown once, as the message.
    expect(items.filter((e) => e.kind === 'attempt').map((e) => e.refs.attemptId)).toEqual([attemptId]);
    expect(items.filter((e) => e.kind === 'inbound').map((e) => [e.detail.text, e.detail.optOut, e.actor.type])).toEqual([['TD', true, 'debtor'], ['我下周一还', false, 'debtor']]);
    // The medium opt-out the TD reply recorded is shown once, as the reply.
    expect(items.filter((e) => e.kind === 'event' && e.detail.type === 'medium_opt_out')).toEqual([]);
    expect(items.find((e) => e.kind === 'payment')!).toMatchObject({ actor: { type: 'system' }, detail: { amountMinor: 12_345, reversalOf: null, recordedAt: '2026-11-28T02:09:00.000Z' } });
  });

  it('personal data stays masked', async () => {
    const { items } = await all(supervisor);
    const text = JSON.stringify(items);
    expect(text).not.toContain(c.plain.phone);
    expect(text).not.toContain(c.plain.addressDetail);
    const masked = (await t.db.db.selectFrom('phone').select('number_masked').where('id', '=', c.phoneId).executeTakeFirstOrThrow()).number_masked;
    expect(items.find((e) => e.kind === 'attempt')!.detail.contactMasked).toBe(masked);
    expect(items.find((e) => e.kind === 'message')!.detail.contactMasked).toBe(masked);
  });

  it('pages by cursor add up to the whole list, ties on one instant included', async () => {
    const whole = (await all(supervisor)).items.map((e) => e.id);
    // plan.active, its document and its plan_signed event share one instant; plan proposed/approved share another.
    const full = (await all(supervisor)).items;
    expect(new Set(full.filter((e) => e.at === full.find((x) => x.phase === 'plan.active')!.at).map((e) => e.kind))).toEqual(new Set(['plan', 'document', 'event']));
    // … and two payments share the first instant of their day (the cursor lands on it exactly with limit 1).
    expect(full.filter((e) => e.at === '2026-11-26T16:00:00.000Z')).toHaveLength(2);
    for (const limit of [1, 2, 3, 5]) {
      const seen: string[] = [];
      let cursor: string | null = null;
      for (let guard = 0; guard < 50; guard++) {
        const r = await supervisor.get(`/api/cases/${c.caseId}/timeline?limit=${limit}${cursor ? `&before=${encodeURIComponent(cursor)}` : ''}`);
        expect(r.statusCode, r.body).toBe(200);
        const body = r.json() as { items: TimelineEntry[]; nextCursor: string | null };
        expect(body.items.length).toBeLessThanOrEqual(limit);
        seen.push(...body.items.map((e) => e.id));
        cursor = body.nextCursor;
        if (!cursor) break;
      }
      expect(seen, `limit ${limit}`).toEqual(whole);
    }
  });

  it('filters by kind', async () => {
    const { items } = await all(collector, '&kinds=attempt,inbound');
    expect(new Set(items.map((e) => e.kind))).toEqual(new Set(['attempt', 'inbound']));
    expect(items).toHaveLength(3);
    const bad = await collector.get(`/api/cases/${c.caseId}/timeline?kinds=attempt,calls`);
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error.issues[0].path).toBe('query.kinds');
    expect(bad.json().error.issues[0].message).toContain('未知的时间线类型');
    expect(bad.json().error.issues[0].message).toContain('attempt, message');
  });

  it('reveals are shown to supervisors, not to collectors', async () => {
    const mine = await all(collector);
    expect(mine.kinds).not.toContain('reveal');
    expect(mine.items.some((e) => e.kind === 'reveal')).toBe(false);
    expect((await all(collector, '&kinds=reveal')).items).toEqual([]);
    expect((await all(supervisor, '&kinds=reveal')).items).toHaveLength(1);
  });

  it('is a 404 outside the caller’s scope; a forged cursor is a 400 naming before', async () => {
    const r = await outsider.get(`/api/cases/${c.caseId}/timeline`);
    expect(r.statusCode).toBe(404);
    expect((await outsider.get(`/api/cases/${c.caseId}`)).statusCode).toBe(404);
    // The case page's header names the collector and team.
    const detail = (await collector.get(`/api/cases/${c.caseId}`)).json();
    expect(detail.assignedUserName).toBe('测试collector');
    expect(detail.assignedTeamName).toEqual(expect.any(String));
    const bad = await collector.get(`/api/cases/${c.caseId}/timeline?before=not-a-cursor`);
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error.issues[0].path).toBe('query.before');
  });
});
