// Supervisor tools (issue 5, item 6): the team board counts what the collectors did on an agency day (a promise
// logged through the desk outcome shows on the board; a blocked attempt at 22:05 Shanghai with its rule), and
// reassigning / recalling cases — within the supervisor's team, audited, a recalled case leaves the queue.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type Client, type TestApp } from '../app.js';
import { testDatabases } from '../db.js';
import { make, type DebtorWithCase } from '../factories.js';

describe.each(testDatabases())('supervision: team board, reassign and recall on %s', (kind) => {
  let t: TestApp;
  let teamA: { id: string };
  let teamB: { id: string };
  let sup: Client & { id: string };
  let supB: Client & { id: string };
  let c1: Client & { id: string };
  let c2: Client & { id: string };
  let other: Client & { id: string };
  let k1: DebtorWithCase;
  let k2: DebtorWithCase;
  let kB: DebtorWithCase;

  beforeAll(async () => {
    t = await createTestApp(kind);
    const db = t.rt.ctx.db;
    teamA = await make.team(db, { name: '甲组' });
    teamB = await make.team(db, { name: '乙组' });
    sup = await t.userWith('supervisor', { teamId: teamA.id });
    supB = await t.userWith('supervisor', { teamId: teamB.id });
    c1 = await t.userWith('collector', { teamId: teamA.id });
    c2 = await t.userWith('collector', { teamId: teamA.id });
    other = await t.userWith('collector', { teamId: teamB.id });
    const cr = await make.creditor(db);
    k1 = await make.debtorWithCase(db, t.rt.ctx.pii, t.clock, { creditorId: cr.id, assignedUserId: c1.id, assignedTeamId: teamA.id, fullName: '孙承诺' });
    k2 = await make.debtorWithCase(db, t.rt.ctx.pii, t.clock, { creditorId: cr.id, assignedUserId: c1.id, assignedTeamId: teamA.id, fullName: '周晚间' });
    kB = await make.debtorWithCase(db, t.rt.ctx.pii, t.clock, { creditorId: cr.id, assignedUserId: other.id, assignedTeamId: teamB.id, fullName: '吴别组' });
  });
  afterAll(() => t.close());

  const decide = async (who: Client, cs: DebtorWithCase) => {
    const r = await who.post(`/api/cases/${cs.caseId}/attempts`, { channel: 'call', partyKind: 'debtor', partyId: cs.debtorId, contactPointId: cs.phoneId, recording: true });
    expect(r.statusCode).toBe(201);
    return r.json() as { attempt: { id: string; status: string; ruleIds: string[] } };
  };
  const rowOf = (board: { rows: Array<{ userId: string }> }, id: string) => board.rows.find((r) => r.userId === id) as Record<string, unknown> | undefined;

  it('a conversation with a promise and a blocked attempt at 22:05 Shanghai show on the supervisor’s board', async () => {
    t.clock.set('2026-03-02T02:00:00Z'); // 10:00 Shanghai
    const a = await decide(c1, k1);
    expect(a.attempt.status).toBe('allowed');
    const out = await c1.post(`/api/attempts/${a.attempt.id}/outcome`, { resultCode: 'rpc_promise', rightParty: true, promise: { amountMinor: 30_000, dueDate: '2026-03-02' } });
    expect(out.statusCode).toBe(200);

    t.clock.set('2026-03-02T14:05:00Z'); // 22:05 Shanghai
    const late = await decide(c1, k2);
    expect(late.attempt.status).toBe('blocked');

    const r = await sup.get('/api/team-board');
    expect(r.statusCode).toBe(200);
    const board = r.json();
    expect(board).toMatchObject({ date: '2026-03-02', from: '2026-03-01T16:00:00.000Z', to: '2026-03-02T16:00:00.000Z', team: { id: teamA.id, name: '甲组' } });
    expect(board.rows.map((x: { userId: string }) => x.userId).sort()).toEqual([c1.id, c2.id].sort());
    const row = rowOf(board, c1.id)!;
    expect(row).toMatchObject({ openCases: 2, attempts: 1, calls: 1, conversations: 1, promisesMade: 1, promisesKept: 0, promisesDuePending: 1, blocked: 1, lastActivityAt: '2026-03-02T14:05:00.000Z' });
    const blockedRule = (row.topBlockRules as Array<{ ruleId: string; count: number }>)[0]!;
    expect(late.attempt.ruleIds).toContain(blockedRule.ruleId);
    expect(blockedRule.count).toBe(1);
    expect(rowOf(board, c2.id)).toMatchObject({ openCases: 0, attempts: 0, promisesMade: 0, blocked: 0, topBlockRules: [], lastActivityAt: null });
    expect(board.totals).toMatchObject({ openCases: 2, attempts: 1, calls: 1, conversations: 1, promisesMade: 1, promisesDuePending: 1, blocked: 1 });

    // Another day counts nothing of that day (open cases are now).
    const before = (await sup.get('/api/team-board?date=2026-03-01')).json();
    expect(rowOf(before, c1.id)).toMatchObject({ openCases: 2, attempts: 0, promisesMade: 0, blocked: 0 });

    // The promise kept that day moves from "due, pending" to "kept".
    await t.db.db.updateTable('promise_to_pay').set({ status: 'kept', kept_on: '2026-03-02', paid_minor: 30_000 }).where('id', '=', out.json().promiseId).execute();
    const after = (await sup.get('/api/team-board?date=2026-03-02')).json();
    expect(rowOf(after, c1.id)).toMatchObject({ promisesMade: 1, promisesKept: 1, promisesDuePending: 0 });
  });

  it('collectors may not see the board; a supervisor sees only their team; admin any team; a bad date is named', async () => {
    expect((await c1.get('/api/team-board')).statusCode).toBe(403);
    const otherTeam = await sup.get(`/api/team-board?teamId=${teamB.id}`);
    expect(otherTeam.statusCode).toBe(403);
    const adminA = await t.admin.get(`/api/team-board?teamId=${teamA.id}&date=2026-03-02`);
    expect(adminA.statusCode).toBe(200);
    expect(rowOf(adminA.json(), c1.id)).toMatchObject({ promisesMade: 1, blocked: 1 });
    expect(adminA.json().teams.map((x: { id: string }) => x.id)).toEqual(expect.arrayContaining([teamA.id, teamB.id]));
    const adminB = (await t.admin.get(`/api/team-board?teamId=${teamB.id}`)).json();
    expect(adminB.rows.map((x: { userId: string }) => x.userId)).toEqual([other.id]);
    const bad = await sup.get('/api/team-board?date=2026-02-30');
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error.issues[0].path).toBe('date');
    const assignees = (await sup.get('/api/team-board/assignees')).json();
    expect(assignees.items.map((x: { id: string }) => x.id).sort()).toEqual([sup.id, c1.id, c2.id].sort());
  });

  it('reassign: within the team, audited with before/after; other teams’ cases are 404, other teams’ users 403, unknown users 400', async () => {
    t.clock.set('2026-03-03T02:00:00Z');
    expect((await c1.post('/api/cases/assign', { caseIds: [k1.caseId], userId: c2.id })).statusCode).toBe(403);

    const outside = await sup.post('/api/cases/assign', { caseIds: [k1.caseId, kB.caseId], userId: c2.id });
    expect(outside.statusCode).toBe(404);
    expect(outside.json().error.message).toContain(kB.caseId);
    // Nothing moved: one transaction.
    expect((await t.db.db.selectFrom('collection_case').select('assigned_user_id').where('id', '=', k1.caseId).executeTakeFirstOrThrow()).assigned_user_id).toBe(c1.id);

    const foreign = await sup.post('/api/cases/assign', { caseIds: [k1.caseId], userId: other.id });
    expect(foreign.statusCode).toBe(403);
    expect(foreign.json().error.issues[0].path).toBe('userId');
    const unknown = await sup.post('/api/cases/assign', { caseIds: [k1.caseId], userId: '00000000-0000-4000-8000-000000000000' });
    expect(unknown.statusCode).toBe(400);
    expect(unknown.json().error.issues[0].path).toBe('userId');
    expect((await sup.post('/api/cases/assign', { caseIds: [k1.caseId] })).statusCode).toBe(400);
    expect((await sup.post('/api/cases/assign', { caseIds: [k1.caseId], userId: supB.id })).statusCode).toBe(403);

    const ok = await sup.post('/api/cases/assign', { caseIds: [k1.caseId], userId: c2.id });
    expect(ok.statusCode).toBe(200);
    expect(ok.json()).toMatchObject({ updated: 1, cases: [{ id: k1.caseId, status: 'open', assignedUserId: c2.id, assignedTeamId: teamA.id }] });
    const entry = await t.db.db.selectFrom('audit_log').select(['action', 'actor_id', 'before_json', 'after_json']).where('entity_id', '=', k1.caseId).where('action', '=', 'case.assigned').executeTakeFirstOrThrow();
    expect(entry.actor_id).toBe(sup.id);
    expect(entry.before_json).toMatchObject({ assignedUserId: c1.id, status: 'open' });
    expect(entry.after_json).toMatchObject({ assignedUserId: c2.id, status: 'open' });

    // Admin moves a case across teams.
    const admin = await t.admin.post('/api/cases/assign', { caseIds: [kB.caseId], teamId: teamA.id });
    expect(admin.statusCode).toBe(200);
    expect(admin.json().cases[0]).toMatchObject({ assignedUserId: null, assignedTeamId: teamA.id });
  });

  it('recall: the case leaves the collector’s queue, and comes back (open) when reassigned', async () => {
    const inQueue = async (who: Client, caseId: string) => {
      const q = await who.get('/api/queue?pageSize=50');
      expect(q.statusCode, q.body).toBe(200);
      return (q.json().items as Array<{ caseId: string }>).some((x) => x.caseId === caseId);
    };
    expect(await inQueue(c2, k1.caseId)).toBe(true);
    expect((await sup.post('/api/cases/recall', { caseIds: [k1.caseId] })).statusCode).toBe(400);
    expect((await c2.post('/api/cases/recall', { caseIds: [k1.caseId], reason: '质检复核' })).statusCode).toBe(403);
    expect((await supB.post('/api/cases/recall', { caseIds: [k1.caseId], reason: '质检复核' })).statusCode).toBe(404);

    const r = await sup.post('/api/cases/recall', { caseIds: [k1.caseId], reason: '质检复核' });
    expect(r.statusCode).toBe(200);
    const row = await t.db.db.selectFrom('collection_case').select(['status', 'assigned_user_id', 'assigned_team_id']).where('id', '=', k1.caseId).executeTakeFirstOrThrow();
    expect(row).toEqual({ status: 'recalled', assigned_user_id: null, assigned_team_id: teamA.id });
    const entry = await t.db.db.selectFrom('audit_log').select(['reason', 'before_json', 'after_json']).where('entity_id', '=', k1.caseId).where('action', '=', 'case.recalled').executeTakeFirstOrThrow();
    expect(entry).toMatchObject({ reason: '质检复核', before_json: { status: 'open', assignedUserId: c2.id }, after_json: { status: 'recalled', assignedUserId: null } });
    expect(await inQueue(c2, k1.caseId)).toBe(false);
    expect(await inQueue(c1, k1.caseId)).toBe(false);
    // The board no longer counts it as anybody's open case.
    expect(rowOf((await sup.get('/api/team-board')).json(), c2.id)).toMatchObject({ openCases: 0 });
    // Recalling it again is a conflict naming the case.
    const again = await sup.post('/api/cases/recall', { caseIds: [k1.caseId], reason: '再次收回' });
    expect(again.statusCode).toBe(409);
    expect(again.json().error.message).toContain(k1.caseId);

    const back = await sup.post('/api/cases/assign', { caseIds: [k1.caseId], userId: c1.id });
    expect(back.statusCode).toBe(200);
    expect(back.json().cases[0]).toMatchObject({ status: 'open', assignedUserId: c1.id });
    expect(await inQueue(c1, k1.caseId)).toBe(true);
    // The board's link: the case list filtered to one collector's open cases.
    const list = await sup.get(`/api/cases?assignedUserId=${c1.id}&status=open`);
    expect(list.statusCode).toBe(200);
    expect(list.json().items.map((x: { id: string }) => x.id).sort()).toEqual([k1.caseId, k2.caseId].sort());
  });
});
