// My queue: each row's details (phone shown, the due promise or callback that lifts it) as read with the page in
// one statement — the first own mobile, the earliest pending promise or callback, never a settled one.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { newId } from '../../src/server/platform/ids.js';
import { createTestApp, type TestApp } from '../app.js';
import { testDatabases } from '../db.js';
import { make, type DebtorWithCase } from '../factories.js';
import { COUNTS_TTL_MS } from '../../src/server/modules/desk/desk.service.js';
import type { UserPrincipal } from '../../src/server/platform/access.js';

describe.each(testDatabases())('my queue row details on %s', (kind) => {
  let t: TestApp;
  let collector: Awaited<ReturnType<TestApp['userWith']>>;
  const c: Record<string, DebtorWithCase> = {};

  beforeAll(async () => {
    t = await createTestApp(kind);
    const db = t.rt.ctx.db;
    const pii = t.rt.ctx.pii;
    const cred = await make.creditor(db);
    collector = await t.userWith('collector', { teamId: null });
    const mk = (name: string, dpd: number) => make.debtorWithCase(db, pii, t.clock, { creditorId: cred.id, assignedUserId: collector.id, fullName: name, dpd });
    c.phones = await mk('王电话', 10);
    c.landline = await mk('王座机', 9);
    c.promises = await mk('王承诺', 8);
    c.callbacks = await mk('王回拨', 7);
    const now = t.clock.now().toISOString();
    const phone = (debtorId: string, kind: 'mobile' | 'home', masked: string, createdAt: string) =>
      db.insertInto('phone').values({ id: newId(), debtor_id: debtorId, contact_person_id: null, kind, number_enc: 'x', number_hash: newId(), number_masked: masked, status: 'valid', source: 'test', created_at: createdAt }).execute();
    // An older home phone does not displace the mobile; an older mobile comes before the factory's.
    await phone(c.phones!.debtorId, 'home', '010****0001', '2026-11-01T00:00:00.000Z');
    await phone(c.phones!.debtorId, 'mobile', '139****0002', '2026-11-02T00:00:00.000Z');
    // Only home phones left once the factory's mobile is gone: the oldest.
    await db.deleteFrom('phone').where('debtor_id', '=', c.landline!.debtorId).execute();
    await phone(c.landline!.debtorId, 'home', '021****0004', '2026-11-05T00:00:00.000Z');
    await phone(c.landline!.debtorId, 'home', '021****0003', '2026-11-04T00:00:00.000Z');

    const promise = (due: string, status: 'pending' | 'kept' | 'broken' | 'partially_kept') =>
      db.insertInto('promise_to_pay').values({ id: newId(), case_id: c.promises!.caseId, debt_account_id: null, amount_minor: 10000, currency: 'CNY', due_date: due, made_on: '2026-11-20', note: null, status, paid_minor: 0, kept_on: null, evaluated_at: null, created_by: collector.id, created_at: now, updated_at: now }).execute();
    await promise('2026-11-22', 'broken');
    await promise('2026-11-23', 'partially_kept');
    await promise('2026-11-28', 'pending');
    await promise('2026-11-26', 'pending');
    await promise('2026-11-24', 'kept');

    const attemptId = newId();
    await db
      .insertInto('contact_attempt')
      .values({
        id: attemptId, case_id: c.callbacks!.caseId, debtor_id: c.callbacks!.debtorId, creditor_id: cred.id, user_id: collector.id, channel: 'call', direction: 'outbound', party_kind: 'debtor', party_id: c.callbacks!.debtorId,
        contact_point_id: null, debt_ids_json: [], planned_at: '2026-11-27T02:00:00.000Z', status: 'completed', result: 'conversation', decision_id: null, is_recorded: false, content: null, notes: null, created_at: '2026-11-27T02:00:00.000Z', completed_at: '2026-11-27T02:00:00.000Z',
      } as never)
      .execute();
    const callback = (dueAt: string, status: 'pending' | 'done' | 'cancelled') =>
      db.insertInto('callback').values({ id: newId(), case_id: c.callbacks!.caseId, attempt_id: attemptId, party_kind: 'debtor', party_id: c.callbacks!.debtorId, contact_point_id: null, due_at: dueAt, status, created_by: collector.id, created_at: now }).execute();
    await callback('2026-11-28T01:00:00.000Z', 'done');
    await callback('2026-11-28T03:00:00.000Z', 'cancelled');
    await callback('2026-11-28T09:00:00.000Z', 'pending');
    await callback('2026-11-28T06:00:00.000Z', 'pending');
    // 16:00 UTC is tomorrow in Shanghai: not due today.
    await callback('2026-11-28T16:00:00.000Z', 'pending');
  });
  afterAll(() => t.close());

  it('shows the first own mobile, else the oldest phone; the earliest pending promise or callback', async () => {
    const body = (await collector.get('/api/queue')).json();
    const of = (k: string) => body.items.find((i: { caseId: string }) => i.caseId === c[k]!.caseId);
    expect(of('phones').phoneMasked).toBe('139****0002');
    expect(of('landline').phoneMasked).toBe('021****0003');
    expect(of('promises').why).toEqual({ kind: 'promise_due', dueDate: '2026-11-26', overdue: true });
    expect(of('callbacks').why).toEqual({ kind: 'callback_due', at: '2026-11-28T06:00:00.000Z' });
    expect(body.items.map((i: { caseId: string }) => i.caseId).slice(0, 2).sort()).toEqual([c.promises!.caseId, c.callbacks!.caseId].sort());
  });

  it('drops the lift once the promise is kept and the callbacks are done', async () => {
    const db = t.rt.ctx.db;
    await db.updateTable('promise_to_pay').set({ status: 'kept' }).where('case_id', '=', c.promises!.caseId).where('status', '=', 'pending').execute();
    await db.updateTable('callback').set({ status: 'done' }).where('case_id', '=', c.callbacks!.caseId).where('status', '=', 'pending').execute();
    const body = (await collector.get('/api/queue')).json();
    expect(body.items.map((i: { why: { kind: string } }) => i.why.kind)).toEqual(['dpd', 'dpd', 'dpd', 'dpd']);
    expect(body.items.map((i: { dpd: number }) => i.dpd)).toEqual([10, 9, 8, 7]);
  });

  it('while an expired count runs, the request that started it waits for it and the others show the last figures', async () => {
    const p: UserPrincipal = { kind: 'user', userId: collector.id, username: 'c', displayName: 'c', role: 'collector', teamId: null, creditorId: null, sessionId: 's', ip: null, requestId: null };
    const desk = t.rt.services.desk;
    const query = { page: 1, pageSize: 20 } as Parameters<typeof desk.queue>[1];
    const before = await desk.queue(p, query);
    await make.debtorWithCase(t.rt.ctx.db, t.rt.ctx.pii, t.clock, { creditorId: (await t.rt.ctx.db.selectFrom('creditor').select('id').executeTakeFirstOrThrow()).id, assignedUserId: collector.id, fullName: '王新增', dpd: 1 });
    t.clock.set(new Date(t.clock.now().getTime() + COUNTS_TTL_MS).toISOString());
    const [first, second] = await Promise.all([desk.queue(p, query), desk.queue(p, query)]);
    expect(first.counts.total).toBe(before.counts.total + 1);
    expect(second.counts.total).toBe(before.counts.total);
    // Both pages are current.
    expect(first.total).toBe(before.total + 1);
    expect(second.items.map((i) => i.caseId)).toEqual(first.items.map((i) => i.caseId));
    // Once counted, everyone has the new figures.
    expect((await desk.queue(p, query)).counts.total).toBe(before.counts.total + 1);
  });
});
