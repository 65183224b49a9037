// Property test: random bodies, query strings and content types thrown at every mutation route
// must never produce a 5xx, and every error has the documented shape with a message.
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ADMIN_PASSWORD, createTestApp, type Client, type TestApp } from '../app.js';
import { testDatabases } from '../db.js';
import { make } from '../factories.js';

const MUTATING = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

describe.each(testDatabases())('bad input on %s', (kind) => {
  let t: TestApp;
  let routes: { method: string; url: string }[] = [];
  const ids: string[] = [];
  beforeAll(async () => {
    // A small body limit so the oversized case is cheap.
    t = await createTestApp(kind, { env: { CONCORD_BODY_LIMIT: '16384', CONCORD_LOGIN_RATE_PER_MINUTE: '100000' } });
    routes = t.app.routeTable.filter((r) => MUTATING.has(r.method) && r.url.startsWith('/api/'));
    const cred = await make.creditor(t.rt.ctx.db);
    const c = await make.debtorWithCase(t.rt.ctx.db, t.rt.ctx.pii, t.clock, { creditorId: cred.id });
    ids.push(cred.id, c.caseId, c.phoneId, '01900000-0000-7000-8000-000000000000');
  });
  afterAll(() => t.close());

  it('covers the mutation routes of the foundation', () => {
    const names = routes.map((r) => `${r.method} ${r.url}`);
    for (const must of ['POST /api/auth/login', 'POST /api/admin/users', 'PATCH /api/admin/users/:id', 'POST /api/admin/teams', 'POST /api/admin/creditors', 'POST /api/cases/:id/reveal', 'DELETE /api/admin/tokens/:id']) {
      expect(names).toContain(must);
    }
  });

  const fill = (url: string, id: string) => url.replace(/:(\w+)/g, () => encodeURIComponent(id));
  const idArb = fc.oneof(fc.constantFrom(...['x', '1', '../etc', '%00']), fc.string({ maxLength: 40 }), fc.uuid());
  const bodyArb = fc.oneof(
    fc.anything({ maxDepth: 3 }).map((v) => ({ kind: 'json' as const, v })),
    fc.json({ maxDepth: 3 }).map((v) => ({ kind: 'raw' as const, v })),
    fc.string({ maxLength: 200 }).map((v) => ({ kind: 'raw' as const, v })),
    fc.record({ username: fc.anything(), password: fc.anything(), role: fc.anything(), name: fc.anything(), code: fc.anything(), field: fc.anything(), reason: fc.anything(), teamId: fc.anything() }, { requiredKeys: [] }).map((v) => ({ kind: 'json' as const, v })),
  );
  const contentTypeArb = fc.constantFrom('application/json', 'text/plain', 'application/x-www-form-urlencoded', 'application/json; charset=gbk', 'multipart/form-data; boundary=x', '');

  it('no random request produces a 5xx, and errors are well-formed', async () => {
    await fc.assert(
      fc.asyncProperty(fc.nat({ max: 10_000 }), fc.oneof(idArb, fc.constantFrom(...ids)), bodyArb, contentTypeArb, fc.boolean(), async (ri, id, body, ctype, asAdmin) => {
        const route = routes[ri % routes.length]!;
        let payload: string;
        try {
          payload = body.kind === 'json' ? (JSON.stringify(body.v) ?? 'null') : body.v;
        } catch {
          payload = String(body.v);
        }
        const headers: Record<string, string> = {};
        if (ctype) headers['content-type'] = ctype;
        const req = { method: route.method as 'POST', url: fill(route.url, id), payload, headers };
        const res = asAdmin ? await t.admin.raw({ ...req, headers: { ...headers, 'x-csrf-token': 'ignored' } }) : await t.app.inject(req);
        expect(res.statusCode, `${route.method} ${route.url} ${payload.slice(0, 80)}`).toBeLessThan(500);
        if (res.statusCode >= 400) {
          const b = res.json() as { error: { code: string; message: string; requestId: string } };
          expect(b.error.code).toBeTruthy();
          expect(b.error.message).toBeTruthy();
        }
      }),
      { numRuns: 400, seed: 20261128 },
    );
  });

  it('valid sessions with random bodies: 400 with field paths, never 5xx', async () => {
    // Logging out would end the session under test; logout is covered by the auth suite.
    const live = routes.filter((r) => r.url !== '/api/auth/logout');
    const admin = await t.login('admin', ADMIN_PASSWORD);
    const token = (await admin.get('/api/auth/me')).json().csrfToken as string;
    await fc.assert(
      fc.asyncProperty(fc.nat({ max: 10_000 }), fc.constantFrom(...ids), bodyArb, async (ri, id, body) => {
        const route = live[ri % live.length]!;
        const payload = body.kind === 'json' ? (JSON.stringify(body.v) ?? 'null') : body.v;
        const res = await admin.raw({ method: route.method as 'POST', url: fill(route.url, id), payload, headers: { 'content-type': 'application/json', 'x-csrf-token': token } });
        expect(res.statusCode).not.toBe(401);
        expect(res.statusCode, `${route.method} ${route.url} ${payload.slice(0, 80)}`).toBeLessThan(500);
        if (res.statusCode === 400 && res.json().error.code === 'common.validation') {
          for (const issue of res.json().error.issues) expect(typeof issue.path).toBe('string');
        }
      }),
      { numRuns: 300, seed: 7 },
    );
  });

  let fresh: Client | undefined;
  let csrfToken = '';
  const admin = async () => {
    if (!fresh) {
      fresh = await t.login('admin', ADMIN_PASSWORD);
      csrfToken = (await fresh.get('/api/auth/me')).json().csrfToken as string;
    }
    return fresh;
  };
  const csrf = async () => {
    await admin();
    return csrfToken;
  };

  it('names the field, in zh-CN by default and in English on request', async () => {
    const zh = await (await admin()).post('/api/admin/users', { username: 'ab', displayName: '', password: 'short', role: 'boss', extra: 1 });
    expect(zh.statusCode).toBe(400);
    const paths = zh.json().error.issues.map((i: { path: string }) => i.path);
    expect(paths).toEqual(expect.arrayContaining(['username', 'displayName', 'password', 'role']));
    expect(zh.json().error.issues.find((i: { path: string }) => i.path === 'password').message).toBe('密码至少 10 个字符');
    const en = await (await admin()).post('/api/admin/users', { username: 'ab', displayName: 'x', password: 'long-enough-1', role: 'boss' }, { 'accept-language': 'en-US,en;q=0.9' });
    expect(en.json().error.message).toMatch(/^The request is invalid: /);
    expect(en.json().error.issues[0].path).toBe('username');
  });

  it('rejects unknown fields, malformed JSON, oversized bodies and unknown routes with clear errors', async () => {
    const unknown = await (await admin()).post('/api/admin/teams', { name: 'ok', color: 'red' });
    expect(unknown.statusCode).toBe(400);
    expect(unknown.json().error.message).toContain('color');
    expect(unknown.json().error.issues).toEqual([{ path: 'color', message: '未知字段 "color"' }]);
    const malformed = await (await admin()).raw({ method: 'POST', url: '/api/admin/teams', payload: '{"name":', headers: { 'content-type': 'application/json', 'x-csrf-token': await csrf() } });
    expect(malformed.statusCode).toBe(400);
    expect(malformed.json().error.code).toBe('common.bad_json');
    const big = await (await admin()).post('/api/admin/teams', { name: 'x'.repeat(20_000) });
    expect(big.statusCode).toBe(413);
    expect(big.json().error.code).toBe('common.payload_too_large');
    const nowhere = await t.app.inject({ method: 'GET', url: '/api/nowhere' });
    expect(nowhere.statusCode).toBe(404);
    expect(nowhere.json().error.code).toBe('common.route_not_found');
    const wrongType = await (await admin()).raw({ method: 'POST', url: '/api/admin/teams', payload: 'name=x', headers: { 'content-type': 'text/csv', 'x-csrf-token': await csrf() } });
    expect(wrongType.statusCode).toBe(400);
    expect(wrongType.json().error.code).toBe('common.unsupported_media');
  });
});
