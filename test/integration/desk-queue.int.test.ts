// My queue (issue 5, part 1): order, scope, search (full phone via keyed hash only), filters and the day's counts.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { newId } from '../../src/server/platform/ids.js';
import { createTestApp, type TestApp } from '../app.js';
import { testDatabases } from '../db.js';
import { make, type DebtorWithCase } from '../factories.js';

describe.each(testDatabases())('my queue on %s', (kind) => {
  let t: TestApp;
  let collector: Awaited<ReturnType<TestApp['userWith']>>;
  let other: Awaited<ReturnType<TestApp['userWith']>>;
  let supervisor: Awaited<ReturnType<TestApp['userWith']>>;
  const c: Record<string, DebtorWithCase> = {};
  let creditorB = '';

  beforeAll(async () => {
    t = await createTestApp(kind);
    const db = t.rt.ctx.db;
    const pii = t.rt.ctx.pii;
    const credA = await make.creditor(db);
    const credB = await make.creditor(db);
    creditorB = credB.id;
    const team = await make.team(db);
    const otherTeam = await make.team(db);
    collector = await t.userWith('collector', { teamId: null });
    other = await t.userWith('collector', { teamId: team.id });
    supervisor = await t.userWith('supervisor', { teamId: team.id });
    const mk = (name: string, extra: Partial<Parameters<typeof make.debtorWithCase>[3]> = {}) =>
      make.debtorWithCase(db, pii, t.clock, { creditorId: credA.id, assignedUserId: collector.id, fullName: name, dpd: 20, ...extra });
    c.low = await mk('赵低分', { dpd: 40 });
    c.high = await mk('钱高分', { dpd: 5 });
    c.none = await mk('孙无分', { dpd: 90 });
    c.promise = await mk('李承诺', { dpd: 3 });
    c.lang = await mk('周英语', { creditorId: credB.id, preferredLanguage: 'en', dpd: 61 });
    c.others = await mk('吴别人', { assignedUserId: other.id, assignedTeamId: team.id });
    c.elsewhere = await mk('郑外组', { assignedUserId: null, assignedTeamId: otherTeam.id });
    const score = (id: string, s: number | null) => db.updateTable('collection_case').set({ priority_score: s }).where('id', '=', id).execute();
    await score(c.low!.caseId, 30);
    await score(c.high!.caseId, 82);
    await score(c.promise!.caseId, 10);
    await score(c.lang!.caseId, 50);
    await score(c.others!.caseId, 99);
    const now = t.clock.now().toISOString();
    await db
      .insertInto('promise_to_pay')
      .values({ id: newId(), case_id: c.promise!.caseId, debt_account_id: null, amount_minor: 10000, currency: 'CNY', due_date: '2026-11-28', made_on: '2026-11-20', note: null, status: 'pending', paid_minor: 0, kept_on: null, evaluated_at: null, created_by: collector.id, created_at: now, updated_at: now })
      .execute();
    // A kept promise does not lift a case.
    await db
      .insertInto('promise_to_pay')
      .values({ id: newId(), case_id: c.low!.caseId, debt_account_id: null, amount_minor: 10000, currency: 'CNY', due_date: '2026-11-28', made_on: '2026-11-20', note: null, status: 'kept', paid_minor: 10000, kept_on: '2026-11-28', evaluated_at: now, created_by: collector.id, created_at: now, updated_at: now })
      .execute();
    // Score history: the latest as-of gives the reason shown.
    for (const [asOf, reason] of [['2026-11-27', { code: 'old', points: 40, zh: '旧原因', en: 'Old reason' }], ['2026-11-28', { code: 'dpd', points: 25, zh: '逾期天数短', en: 'Few days past due' }]] as const) {
      const runId = newId();
      await db.insertInto('nightly_run').values({ id: runId, as_of: asOf, status: 'completed', batch_size: 1000, cursor_case_id: null, attempts: 1, counts_json: null, report_json: null, error: null, started_at: now, finished_at: now }).execute();
      await db
        .insertInto('case_score')
        .values({ id: newId(), run_id: runId, case_id: c.high!.caseId, as_of: asOf, dpd: 5, bucket: 'M1', score: 82, band: 'A', segment: 'M1-A', features_json: {}, reasons_json: [{ code: 'pay', points: -3, zh: '近期无还款', en: 'No recent payment' }, reason], next_action_kind: 'call', next_action_channel: 'call', next_action_at: now, next_action_note: null })
        .execute();
    }
    await db
      .insertInto('contact_attempt')
      .values({
        id: newId(), case_id: c.high!.caseId, debtor_id: c.high!.debtorId, creditor_id: credA.id, user_id: collector.id, channel: 'call', direction: 'outbound', party_kind: 'debtor', party_id: c.high!.debtorId,
        contact_point_id: null, debt_ids_json: [], planned_at: now, status: 'completed', result: 'conversation', decision_id: null, is_recorded: false, content: null, notes: null, created_at: now, completed_at: now,
      } as never)
      .execute();
  });
  afterAll(() => t.close());

  const ids = (body: { items: { caseId: string }[] }) => body.items.map((i) => i.caseId);

  it('puts promises due today first, then score desc with nulls last', async () => {
    const res = await collector.get('/api/queue');
    expect(res.statusCode).toBe(200);
    const body = res.json();
    expect(ids(body)).toEqual([c.promise!.caseId, c.high!.caseId, c.lang!.caseId, c.low!.caseId, c.none!.caseId]);
    expect(body.items[0].why).toEqual({ kind: 'promise_due', dueDate: '2026-11-28', overdue: false });
    expect(body.items[1].why).toEqual({ kind: 'score', score: 82 });
    expect(body.items[4].why).toEqual({ kind: 'dpd', dpd: 90 });
    expect(body.items[1].topReason).toEqual({ code: 'dpd', zh: '逾期天数短', en: 'Few days past due' });
    expect(body.items[1].nextAction.kind).toBe('call');
    expect(body.items[2].topReason).toBeNull();
    expect(body.items[1].phoneMasked).not.toContain(c.high!.plain.phone);
    expect(body.items[1].phoneMasked).toMatch(/\*/);
    expect(body.today).toBe('2026-11-28');
  });

  it('pages across the promise part and the rest without gaps', async () => {
    const seen: string[] = [];
    for (let page = 1; page <= 3; page++) seen.push(...ids((await collector.get(`/api/queue?page=${page}&pageSize=2`)).json()));
    expect(seen).toEqual([c.promise!.caseId, c.high!.caseId, c.lang!.caseId, c.low!.caseId, c.none!.caseId]);
  });

  it('counts the day', async () => {
    const { counts } = (await collector.get('/api/queue')).json();
    expect(counts).toEqual({ total: 5, dueToday: 1, promisesDueToday: 1, contactedToday: 1 });
  });

  it('keeps to the scope: never another collector’s case; the supervisor sees the team’s', async () => {
    const mine = ids((await collector.get('/api/queue?pageSize=200')).json());
    expect(mine).not.toContain(c.others!.caseId);
    expect(mine).not.toContain(c.elsewhere!.caseId);
    const theirs = (await other.get('/api/queue?pageSize=200')).json();
    expect(ids(theirs)).toEqual([c.others!.caseId]);
    const sup = ids((await supervisor.get('/api/queue?pageSize=200')).json());
    expect(sup).toEqual([c.others!.caseId]);
    expect((await other.get(`/api/queue?q=${c.high!.plain.phone}`)).json().items).toEqual([]);
  });

  it('finds a case by its full phone number and never by part of it', async () => {
    const full = (await collector.get(`/api/queue?q=${c.low!.plain.phone}`)).json();
    expect(ids(full)).toEqual([c.low!.caseId]);
    const part = (await collector.get(`/api/queue?q=${c.low!.plain.phone.slice(0, 7)}`)).json();
    expect(part.items).toEqual([]);
    const tail = (await collector.get(`/api/queue?q=${c.low!.plain.phone.slice(-4)}`)).json();
    expect(tail.items).toEqual([]);
  });

  it('searches by name prefix', async () => {
    const body = (await collector.get(`/api/queue?q=${encodeURIComponent('钱高')}`)).json();
    expect(ids(body)).toEqual([c.high!.caseId]);
  });

  it('filters by bucket, creditor, status and language', async () => {
    expect(ids((await collector.get('/api/queue?bucket=M3&pageSize=200')).json())).toEqual([c.lang!.caseId, c.none!.caseId]);
    expect(ids((await collector.get(`/api/queue?creditorId=${creditorB}`)).json())).toEqual([c.lang!.caseId]);
    expect(ids((await collector.get('/api/queue?language=en')).json())).toEqual([c.lang!.caseId]);
    expect((await collector.get('/api/queue?status=paid')).json().total).toBe(0);
    expect((await collector.get('/api/queue?bucket=M1')).json().counts.total).toBe(2);
  });

  it('requires a session', async () => {
    expect((await t.app.inject({ method: 'GET', url: '/api/queue' })).statusCode).toBe(401);
  });
});
