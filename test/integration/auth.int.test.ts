import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ADMIN_PASSWORD, createTestApp, USER_PASSWORD, type TestApp } from '../app.js';
import { testDatabases } from '../db.js';

describe.each(testDatabases())('authentication on %s', (kind) => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp(kind, { env: { CONCORD_LOGIN_MAX_FAILURES: '3', CONCORD_LOGIN_LOCK_MINUTES: '15', CONCORD_LOGIN_RATE_PER_MINUTE: '5' } });
  });
  afterAll(() => t.close());

  const attempt = (username: string, password: string, ip: string, lang = 'zh-CN') =>
    t.app.inject({ method: 'POST', url: '/api/auth/login', payload: { username, password }, headers: { 'x-forwarded-for': ip, 'accept-language': lang } });

  it('sets an httpOnly SameSite session cookie and a readable CSRF cookie; the password hash is argon2id', async () => {
    const u = await t.userWith('collector');
    const res = await attempt(u.username, USER_PASSWORD, '10.1.0.1');
    expect(res.statusCode).toBe(200);
    const session = res.cookies.find((c) => c.name === 'concord_session')!;
    const csrf = res.cookies.find((c) => c.name === 'concord_csrf')!;
    expect(session.httpOnly).toBe(true);
    expect(session.sameSite).toBe('Lax');
    expect(csrf.httpOnly).toBeFalsy();
    expect(csrf.value).toBe(res.json().csrfToken);
    const row = await t.rt.ctx.db.selectFrom('app_user').select('password_hash').where('id', '=', u.id).executeTakeFirstOrThrow();
    expect(row.password_hash).toMatch(/^\$argon2id\$v=19\$m=19456,t=2,p=1\$/);
    // Only the hash of the session secret is stored.
    const stored = await t.rt.ctx.db.selectFrom('user_session').select('token_hash').where('user_id', '=', u.id).execute();
    expect(stored.map((s) => s.token_hash)).not.toContain(session.value);
  });

  it('rejects a mutation without the CSRF token, and with a wrong one', async () => {
    const res = await t.admin.raw({ method: 'POST', url: '/api/admin/teams', payload: { name: 'csrf-team' } });
    expect(res.statusCode).toBe(403);
    expect(res.json().error.code).toBe('auth.csrf');
    const wrong = await t.admin.post('/api/admin/teams', { name: 'csrf-team' }, { 'x-csrf-token': 'x'.repeat(43) });
    expect(wrong.statusCode).toBe(403);
    expect((await t.admin.post('/api/admin/teams', { name: 'csrf-team' })).statusCode).toBe(201);
  });

  it('locks the account after repeated failures, audits each, and answers in the requested language', async () => {
    const u = await t.userWith('collector');
    for (let i = 0; i < 2; i++) {
      const r = await attempt(u.username, 'wrong-password!', `10.2.0.${i}`, 'en');
      expect(r.statusCode).toBe(401);
      expect(r.json().error.message).toBe('Wrong username or password');
    }
    const locked = await attempt(u.username, 'wrong-password!', '10.2.0.9');
    expect(locked.statusCode).toBe(423);
    expect(locked.json().error.message).toContain('临时锁定');
    expect(locked.headers['retry-after']).toBe(String(15 * 60));
    // Even the right password is refused while locked …
    expect((await attempt(u.username, USER_PASSWORD, '10.2.0.10')).statusCode).toBe(423);
    // … and accepted once the lock has expired.
    t.clock.advance(16 * 60_000);
    expect((await attempt(u.username, USER_PASSWORD, '10.2.0.11')).statusCode).toBe(200);
    const actions = await t.rt.ctx.db
      .selectFrom('audit_log')
      .select('action')
      .where((eb) => eb.or([eb('entity_id', '=', u.id), eb('actor_id', '=', u.id)]))
      .orderBy('seq')
      .execute();
    expect(actions.map((a) => a.action)).toEqual(['user.create', 'auth.login', 'auth.login_failed', 'auth.login_failed', 'auth.locked', 'auth.login_failed', 'auth.login']);
  });

  it('does not reveal whether a username exists', async () => {
    const a = await attempt('no-such-user', 'whatever-password', '10.3.0.1');
    const u = await t.userWith('collector');
    const b = await attempt(u.username, 'whatever-password', '10.3.0.2');
    expect(a.statusCode).toBe(b.statusCode);
    expect(a.json().error.message).toBe(b.json().error.message);
  });

  it('rate-limits logins per client address', async () => {
    const codes: number[] = [];
    for (let i = 0; i < 7; i++) codes.push((await attempt('nobody', 'wrong-password', '10.4.0.1')).statusCode);
    expect(codes.slice(0, 5)).toEqual([401, 401, 401, 401, 401]);
    expect(codes.slice(5)).toEqual([429, 429]);
    // Another address is unaffected; the window passes.
    expect((await attempt('nobody', 'wrong-password', '10.4.0.2')).statusCode).toBe(401);
    t.clock.advance(61_000);
    expect((await attempt('nobody', 'wrong-password', '10.4.0.1')).statusCode).toBe(401);
  });

  it('ends a session at logout and at expiry', async () => {
    const u = await t.userWith('collector');
    expect((await u.get('/api/auth/me')).statusCode).toBe(200);
    expect((await u.post('/api/auth/logout')).statusCode).toBe(200);
    expect((await u.get('/api/auth/me')).statusCode).toBe(401);
    const v = await t.userWith('collector');
    t.clock.advance(13 * 3_600_000);
    const res = await v.get('/api/auth/me');
    expect(res.statusCode).toBe(401);
    expect(res.json().error.code).toBe('auth.unauthenticated');
  });

  // Earlier tests move the clock past the admin session's lifetime: sign in again where needed.
  const admin = () => t.login('admin', ADMIN_PASSWORD);

  it('a disabled user cannot sign in and loses open sessions', async () => {
    const u = await t.userWith('collector');
    expect((await (await admin()).patch(`/api/admin/users/${u.id}`, { status: 'disabled' })).statusCode).toBe(200);
    expect((await u.get('/api/auth/me')).statusCode).toBe(401);
    expect((await attempt(u.username, USER_PASSWORD, '10.5.0.1')).statusCode).toBe(401);
  });

  it('the last active admin cannot be demoted', async () => {
    const a = await admin();
    const me = (await a.get('/api/auth/me')).json().user;
    const res = await a.patch(`/api/admin/users/${me.id}`, { role: 'collector' });
    expect(res.statusCode).toBe(409);
    expect(res.json().error.code).toBe('identity.last_admin');
  });

  it('API tokens: only the hash is stored; revoked and expired tokens are refused', async () => {
    const a = await admin();
    const cred = (await a.post('/api/admin/creditors', { code: 'TOK-1', name: '令牌测试' })).json();
    const created = await a.post(`/api/admin/creditors/${cred.id}/tokens`, { name: 'sync', expiresInDays: 1 });
    const { secret, token } = created.json();
    expect(secret).toMatch(/^ck_/);
    const rows = await t.rt.ctx.db.selectFrom('api_token').selectAll().execute();
    expect(JSON.stringify(rows)).not.toContain(secret);
    const call = () => t.app.inject({ method: 'GET', url: '/api/cases', headers: { authorization: `Bearer ${secret}` } });
    expect((await call()).statusCode).toBe(200);
    t.clock.advance(2 * 86_400_000);
    expect((await call()).statusCode).toBe(401);
    const a2 = await admin();
    const second = (await a2.post(`/api/admin/creditors/${cred.id}/tokens`, { name: 'sync2' })).json();
    const call2 = () => t.app.inject({ method: 'GET', url: '/api/cases', headers: { authorization: `Bearer ${second.secret}` } });
    expect((await call2()).statusCode).toBe(200);
    expect((await a2.delete(`/api/admin/tokens/${second.token.id}`)).statusCode).toBe(200);
    expect((await call2()).statusCode).toBe(401);
    expect(token.prefix).toBe(secret.slice(0, 10));
  });
});

describe('client address', () => {
  it('a spoofed X-Forwarded-For does not escape the login rate limit when no proxy is trusted', async () => {
    const t = await createTestApp('sqlite', { env: { CONCORD_TRUST_PROXY: 'false', CONCORD_LOGIN_RATE_PER_MINUTE: '3' } });
    try {
      const codes: number[] = [];
      for (let i = 0; i < 5; i++) {
        const r = await t.app.inject({ method: 'POST', url: '/api/auth/login', payload: { username: 'nobody', password: 'wrong-password' }, headers: { 'x-forwarded-for': `203.0.113.${i}` } });
        codes.push(r.statusCode);
      }
      // The admin's own login in createTestApp already used one attempt from this address.
      expect(codes).toEqual([401, 401, 429, 429, 429]);
    } finally {
      await t.close();
    }
  });
});
