// My queue read from the (owner, order) indexes (0021): the full order with its ties (score desc, next action asc,
// both NULLs last, DPD desc, id), the two overlapping scope branches (mine, my team's), the due part read by
// walking the index or from the day's due set (both give the same page), a name search, and the day's figures.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { newId } from '../../src/server/platform/ids.js';
import { queueRepository } from '../../src/server/modules/desk/queue.repository.js';
import { createTestApp, type TestApp } from '../app.js';
import { testDatabases } from '../db.js';
import { make, type DebtorWithCase } from '../factories.js';

describe.each(testDatabases())('my queue order on %s', (kind) => {
  let t: TestApp;
  let collector: Awaited<ReturnType<TestApp['userWith']>>;
  let teamId = '';
  const c: Record<string, DebtorWithCase> = {};
  let expected: string[] = [];

  beforeAll(async () => {
    t = await createTestApp(kind);
    const db = t.rt.ctx.db;
    const pii = t.rt.ctx.pii;
    const cred = await make.creditor(db);
    const team = await make.team(db);
    const otherTeam = await make.team(db);
    teamId = team.id;
    collector = await t.userWith('collector', { teamId: team.id });
    const other = await t.userWith('collector', { teamId: team.id });
    const mk = async (key: string, o: { user?: string | null; team?: string | null; dpd: number; score: number | null; next: string | null; name?: string }) => {
      c[key] = await make.debtorWithCase(db, pii, t.clock, {
        creditorId: cred.id, assignedUserId: o.user === undefined ? collector.id : o.user, assignedTeamId: o.team === undefined ? team.id : o.team, dpd: o.dpd, fullName: o.name ?? `测试${key}`,
      });
      await db.updateTable('collection_case').set({ priority_score: o.score, next_action_at: o.next }).where('id', '=', c[key]!.caseId).execute();
    };
    // Mine, in my team.
    await mk('a', { dpd: 10, score: 50, next: '2026-11-29T01:00:00.000Z', name: '欧阳甲' });
    await mk('b', { dpd: 10, score: 50, next: '2026-11-28T05:00:00.000Z' });
    await mk('c', { dpd: 90, score: 50, next: null });
    await mk('d', { dpd: 5, score: null, next: '2026-11-30T00:00:00.000Z' });
    await mk('e', { dpd: 60, score: null, next: null });
    for (const k of ['f', 'g', 'h']) await mk(k, { dpd: 30, score: null, next: null });
    // My team's, not mine; mine outside the team; someone else's elsewhere.
    await mk('t1', { user: other.id, dpd: 20, score: 70, next: null, name: '欧阳乙' });
    await mk('t2', { user: null, dpd: 20, score: 40, next: null });
    await mk('m1', { team: null, dpd: 20, score: 60, next: null });
    await mk('x', { user: other.id, team: otherTeam.id, dpd: 20, score: 99, next: null, name: '欧阳丙' });

    const now = t.clock.now().toISOString();
    const promise = (caseId: string, due: string) =>
      db.insertInto('promise_to_pay').values({ id: newId(), case_id: caseId, debt_account_id: null, amount_minor: 10000, currency: 'CNY', due_date: due, made_on: '2026-11-20', note: null, status: 'pending', paid_minor: 0, kept_on: null, evaluated_at: null, created_by: collector.id, created_at: now, updated_at: now }).execute();
    await promise(c.b!.caseId, '2026-11-28');
    await promise(c.e!.caseId, '2026-11-27'); // overdue, still pending
    await promise(c.x!.caseId, '2026-11-28'); // not in scope
    await promise(c.c!.caseId, '2026-11-29'); // tomorrow: not due
    const attemptId = newId();
    await db
      .insertInto('contact_attempt')
      .values({
        id: attemptId, case_id: c.t2!.caseId, debtor_id: c.t2!.debtorId, creditor_id: cred.id, user_id: collector.id, channel: 'call', direction: 'outbound', party_kind: 'debtor', party_id: c.t2!.debtorId,
        contact_point_id: null, debt_ids_json: [], planned_at: '2026-11-27T02:00:00.000Z', status: 'completed', result: 'conversation', decision_id: null, is_recorded: false, content: null, notes: null, created_at: '2026-11-27T02:00:00.000Z', completed_at: '2026-11-27T02:00:00.000Z',
      } as never)
      .execute();
    // 15:59 UTC is 23:59 in Shanghai: still today.
    await db.insertInto('callback').values({ id: newId(), case_id: c.t2!.caseId, attempt_id: attemptId, party_kind: 'debtor', party_id: c.t2!.debtorId, contact_point_id: null, due_at: '2026-11-28T15:59:00.000Z', status: 'pending', created_by: collector.id, created_at: now }).execute();
    // Due first (b, t2, e by score), then the rest: score desc; equal scores by next action (NULLs last); no score
    // last, by next action then DPD desc then id.
    const ids = (...ks: string[]) => ks.map((k) => c[k]!.caseId);
    // f, g and h share every key but the id: the database orders the ids (its collation decides).
    const fgh = (await db.selectFrom('collection_case').select('id').where('id', 'in', ids('f', 'g', 'h')).orderBy('id').execute()).map((r) => r.id);
    expected = [...ids('b', 't2', 'e', 't1', 'm1', 'a', 'c', 'd'), ...fgh];
  });
  afterAll(() => t.close());

  const ids = (body: { items: { caseId: string }[] }) => body.items.map((i) => i.caseId);

  it('orders the whole scope: due first, then score, next action and DPD with NULLs last, then id', async () => {
    const body = (await collector.get('/api/queue?pageSize=200')).json();
    expect(ids(body)).toEqual(expected);
    expect(ids(body)).not.toContain(c.x!.caseId);
    expect(body.items.slice(0, 3).map((i: { why: { kind: string } }) => i.why.kind)).toEqual(['promise_due', 'callback_due', 'promise_due']);
  });

  it('pages through both branches and both parts without gaps or repeats', async () => {
    for (const size of [1, 2, 3, 4]) {
      const seen: string[] = [];
      for (let page = 1; page <= Math.ceil(expected.length / size) + 1; page++) seen.push(...ids((await collector.get(`/api/queue?page=${page}&pageSize=${size}`)).json()));
      expect(seen, `pageSize ${size}`).toEqual(expected);
    }
  });

  it('reads the same due cases by walking the index as from the day’s due set', async () => {
    const scope = { kind: 'assigned' as const, userId: collector.id, teamId };
    const filter = { status: 'open' as const };
    for (const n of [1, 2, 3, 5]) {
      // A hint of 3 due cases in 11 picks the walk; without one the day's due set is read.
      const walked = await queueRepository(t.rt.ctx.db, kind, { dueWalk: 1000 }).duePart(scope, filter, '2026-11-28', n, { total: 11, due: 3 });
      const fromDay = await queueRepository(t.rt.ctx.db, kind).duePart(scope, filter, '2026-11-28', n);
      expect(fromDay.keys.map((k) => k.id)).toEqual(walked.keys.map((k) => k.id));
      expect(fromDay.all).toBe(walked.all);
      expect(walked.keys.map((k) => k.id)).toEqual(expected.slice(0, Math.min(n, 3)));
      expect(walked.all).toBe(n > 3);
    }
  });

  it('filters by bucket in the same order', async () => {
    // M1 = DPD 1–30.
    const m1 = expected.filter((id) => ![c.e!.caseId, c.c!.caseId].includes(id));
    expect(ids((await collector.get('/api/queue?bucket=M1&pageSize=200')).json())).toEqual(m1);
    expect(ids((await collector.get('/api/queue?bucket=M1&page=2&pageSize=3')).json())).toEqual(m1.slice(3, 6));
  });

  it('searches a Chinese name prefix across both branches, never outside the scope', async () => {
    const body = (await collector.get(`/api/queue?q=${encodeURIComponent('欧阳')}`)).json();
    expect(ids(body)).toEqual([c.t1!.caseId, c.a!.caseId]);
    expect(body.total).toBe(2);
    expect(ids((await collector.get(`/api/queue?q=${encodeURIComponent('欧阳乙')}`)).json())).toEqual([c.t1!.caseId]);
  });

  it('counts the day: overlap of the branches counted once, due and next-action-today cases once', async () => {
    const { counts, total } = (await collector.get('/api/queue')).json();
    // 8 mine in the team + t1, t2 (team) + m1 (mine, no team) = 11; due today: b, t2, e; next action today: b.
    expect(counts).toEqual({ total: 11, dueToday: 3, promisesDueToday: 1, contactedToday: 0 });
    expect(total).toBe(11);
  });

  it('keeps the figures for ten seconds while the rows are always current', async () => {
    const before = (await collector.get('/api/queue?pageSize=200')).json();
    const added = await make.debtorWithCase(t.rt.ctx.db, t.rt.ctx.pii, t.clock, { creditorId: (await t.rt.ctx.db.selectFrom('collection_case').select('creditor_id').where('id', '=', c.a!.caseId).executeTakeFirstOrThrow()).creditor_id, assignedUserId: collector.id, assignedTeamId: teamId, dpd: 15 });
    await t.rt.ctx.db.updateTable('collection_case').set({ priority_score: 95 }).where('id', '=', added.caseId).execute();
    const soon = (await collector.get('/api/queue?pageSize=200')).json();
    expect(ids(soon)).toEqual([...expected.slice(0, 3), added.caseId, ...expected.slice(3)]);
    expect(soon.counts.total).toBe(before.counts.total);
    t.clock.set(new Date(t.clock.now().getTime() + 10_000).toISOString());
    expect((await collector.get('/api/queue')).json().counts.total).toBe(before.counts.total + 1);
  });
});
