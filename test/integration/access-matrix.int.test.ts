// Role × resource × action. Data scope is enforced in queries: a case outside the caller's scope is
// "not found" (404, no data), a permission the role lacks is 403.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Role } from '../../src/contracts/identity.js';
import { createTestApp, type Client, type TestApp } from '../app.js';
import { testDatabases } from '../db.js';
import { make } from '../factories.js';

type Who = Role | 'token_b';
const everyone: Who[] = ['admin', 'supervisor', 'collector', 'field_collector', 'qa_reviewer', 'compliance_officer', 'auditor', 'creditor_viewer', 'token_b'];

describe.each(testDatabases())('access matrix on %s', (kind) => {
  let t: TestApp;
  const clients = {} as Record<Who, Client>;
  const cases: Record<string, string> = {};
  const phones: Record<string, string> = {};
  let tokenSecret = '';
  // Which cases each principal sees.
  const sees: Record<Who, string[]> = {
    admin: ['c1', 'c2', 'c3', 'c4', 'c5'],
    qa_reviewer: ['c1', 'c2', 'c3', 'c4', 'c5'],
    compliance_officer: ['c1', 'c2', 'c3', 'c4', 'c5'],
    supervisor: ['c1', 'c2'], // team 1
    collector: ['c1', 'c2'], // assigned c1, team 1 holds c2
    field_collector: ['c3', 'c4'], // team 2
    creditor_viewer: ['c1', 'c2', 'c3', 'c5'], // creditor A
    token_b: ['c4'], // creditor B's API token
    auditor: [],
  };

  beforeAll(async () => {
    t = await createTestApp(kind);
    const db = t.rt.ctx.db;
    const { pii } = t.rt.ctx;
    const credA = await make.creditor(db);
    const credB = await make.creditor(db);
    const team1 = await make.team(db);
    const team2 = await make.team(db);
    const collector = await t.userWith('collector', { teamId: team1.id });
    const other = await t.userWith('collector', { teamId: team2.id });
    clients.collector = collector;
    clients.admin = t.admin;
    clients.supervisor = await t.userWith('supervisor', { teamId: team1.id });
    clients.field_collector = await t.userWith('field_collector', { teamId: team2.id });
    clients.qa_reviewer = await t.userWith('qa_reviewer');
    clients.compliance_officer = await t.userWith('compliance_officer');
    clients.auditor = await t.userWith('auditor');
    clients.creditor_viewer = await t.userWith('creditor_viewer', { creditorId: credA.id });
    const mk = async (key: string, creditorId: string, assignedUserId: string | null, assignedTeamId: string | null) => {
      const c = await make.debtorWithCase(db, pii, t.clock, { creditorId, assignedUserId, assignedTeamId, fullName: `债务人${key}` });
      cases[key] = c.caseId;
      phones[key] = c.phoneId;
    };
    await mk('c1', credA.id, collector.id, team1.id);
    await mk('c2', credA.id, null, team1.id);
    await mk('c3', credA.id, other.id, team2.id);
    await mk('c4', credB.id, null, team2.id);
    await mk('c5', credA.id, null, null);
    const created = await t.admin.post(`/api/admin/creditors/${credB.id}/tokens`, { name: 'lender-b' });
    expect(created.statusCode).toBe(201);
    tokenSecret = created.json().secret;
    const bearer = (method: 'GET' | 'POST' | 'PATCH' | 'PUT' | 'DELETE', url: string, payload?: unknown) =>
      t.app.inject({ method, url, headers: { authorization: `Bearer ${tokenSecret}` }, ...(payload !== undefined ? { payload: payload as object } : {}) });
    clients.token_b = {
      username: 'token_b',
      get: (url) => bearer('GET', url),
      post: (url, body) => bearer('POST', url, body ?? {}),
      patch: (url, body) => bearer('PATCH', url, body ?? {}),
      put: (url, body) => bearer('PUT', url, body ?? {}),
      delete: (url) => bearer('DELETE', url),
      raw: (o) => t.app.inject(o),
    };
  });
  afterAll(() => t.close());

  const keyOf = (id: string) => Object.entries(cases).find(([, v]) => v === id)?.[0];

  it.each(everyone)('%s lists exactly the cases in its scope', async (who) => {
    const res = await clients[who].get('/api/cases?pageSize=200');
    if (who === 'auditor') {
      expect(res.statusCode).toBe(403);
      expect(res.json().error.code).toBe('auth.forbidden');
      return;
    }
    expect(res.statusCode).toBe(200);
    const body = res.json() as { items: { id: string }[]; total: number };
    expect(body.items.map((i) => keyOf(i.id)).sort()).toEqual(sees[who]);
    expect(body.total).toBe(sees[who].length);
  });

  it.each(everyone)('%s reads a case in scope and gets 404 with no data outside it', async (who) => {
    for (const key of Object.keys(cases)) {
      const res = await clients[who].get(`/api/cases/${cases[key]}`);
      if (who === 'auditor') {
        expect(res.statusCode).toBe(403);
        continue;
      }
      if (sees[who].includes(key)) {
        expect(res.statusCode, `${who} ${key}`).toBe(200);
        expect(res.json().debtor.fullName).toBe(`债务人${key}`);
      } else {
        expect(res.statusCode, `${who} ${key}`).toBe(404);
        expect(res.body).not.toContain(`债务人${key}`);
        expect(res.json().error.code).toBe('common.not_found');
      }
    }
  });

  it('a guessed, well-formed id that does not exist is also a plain 404', async () => {
    const res = await clients.collector.get('/api/cases/01900000-0000-7000-8000-000000000000');
    expect(res.statusCode).toBe(404);
  });

  const revealers: Who[] = ['admin', 'supervisor', 'collector', 'field_collector', 'compliance_officer'];
  it.each(everyone)('%s may reveal a phone only with pii.reveal and only in scope; each reveal is audited', async (who) => {
    for (const key of ['c1', 'c4']) {
      const before = await t.rt.ctx.db.selectFrom('audit_log').select('seq').where('action', '=', 'pii.reveal').execute();
      const res = await clients[who].post(`/api/cases/${cases[key]}/reveal`, { field: 'phone', itemId: phones[key], reason: '核实还款意愿需要拨打' });
      const after = await t.rt.ctx.db.selectFrom('audit_log').select('seq').where('action', '=', 'pii.reveal').execute();
      if (!revealers.includes(who)) {
        expect(res.statusCode, `${who} ${key}`).toBe(403);
        expect(after.length).toBe(before.length);
      } else if (!sees[who].includes(key)) {
        expect(res.statusCode, `${who} ${key}`).toBe(404);
        expect(after.length).toBe(before.length);
      } else {
        expect(res.statusCode, `${who} ${key}`).toBe(200);
        expect(res.json().value).toMatch(/^1[3-9]\d{9}$/);
        expect(after.length).toBe(before.length + 1);
      }
    }
  });

  type Action = { name: string; run: (c: Client) => Promise<{ statusCode: number }>; allowed: Who[]; ok: number };
  const actions: Action[] = [
    { name: 'list users', run: (c) => c.get('/api/admin/users'), allowed: ['admin'], ok: 200 },
    {
      name: 'create user',
      run: (c) => c.post('/api/admin/users', { username: `u${Math.random().toString(36).slice(2, 10)}`, displayName: '新人', password: 'long-enough-pw', role: 'collector' }),
      allowed: ['admin'],
      ok: 201,
    },
    { name: 'create team', run: (c) => c.post('/api/admin/teams', { name: `组${Math.random().toString(36).slice(2, 8)}` }), allowed: ['admin'], ok: 201 },
    { name: 'create creditor', run: (c) => c.post('/api/admin/creditors', { code: `C${Math.random().toString(36).slice(2, 8)}`, name: '委托方' }), allowed: ['admin'], ok: 201 },
    { name: 'read audit log', run: (c) => c.get('/api/audit'), allowed: ['admin', 'compliance_officer', 'auditor'], ok: 200 },
    { name: 'list jobs', run: (c) => c.get('/api/admin/jobs'), allowed: ['admin'], ok: 200 },
  ];
  describe.each(actions)('$name', (action) => {
    it.each(everyone)('%s', async (who) => {
      const res = await action.run(clients[who]);
      expect(res.statusCode).toBe(action.allowed.includes(who) ? action.ok : 403);
    });
  });

  it('a permission change ends the user’s sessions at once', async () => {
    const team = await make.team(t.rt.ctx.db);
    const c = await t.userWith('collector', { teamId: team.id });
    expect((await c.get('/api/cases')).statusCode).toBe(200);
    const patched = await t.admin.patch(`/api/admin/users/${c.id}`, { role: 'auditor' });
    expect(patched.statusCode).toBe(200);
    expect((await c.get('/api/cases')).statusCode).toBe(401);
    const entry = await t.rt.ctx.db.selectFrom('audit_log').selectAll().where('action', '=', 'user.permission_change').where('entity_id', '=', c.id).executeTakeFirstOrThrow();
    expect(entry.before_json).toMatchObject({ role: 'collector' });
    expect(entry.after_json).toMatchObject({ role: 'auditor' });
  });

  it('an API token cannot use the admin API even for its own creditor', async () => {
    expect((await clients.token_b.get('/api/admin/creditors')).statusCode).toBe(200);
    expect((await clients.token_b.get('/api/admin/users')).statusCode).toBe(403);
    expect((await clients.token_b.post('/api/admin/teams', { name: 'x-team' })).statusCode).toBe(403);
  });
});
