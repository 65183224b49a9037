import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../app.js';
import { testDatabases } from '../db.js';

describe.each(testDatabases())('HTTP platform on %s', (kind) => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp(kind);
  });
  afterAll(() => t.close());

  it('health, readiness (checks the database) and Prometheus metrics need no login', async () => {
    expect((await t.app.inject('/healthz')).json()).toEqual({ status: 'ok' });
    expect((await t.app.inject('/readyz')).json()).toEqual({ status: 'ready', database: kind, queue: 'inline' });
    await t.admin.get('/api/cases');
    const m = await t.app.inject('/metrics');
    expect(m.headers['content-type']).toContain('text/plain');
    expect(m.body).toMatch(/concord_http_request_duration_seconds_count\{method="GET",route="\/api\/cases",status="200"\} \d+/);
  });

  it('readiness fails with 503 when the database is gone', async () => {
    const other = await createTestApp(kind);
    await other.rt.handle.close();
    const r = await other.app.inject('/readyz');
    expect(r.statusCode).toBe(503);
    expect(r.json().error.code).toBe('common.unavailable');
    await other.app.close();
    await other.db.drop().catch(() => undefined);
  });

  it('serves the OpenAPI document and its UI at /api/docs', async () => {
    const doc = (await t.app.inject('/api/docs/json')).json();
    expect(doc.openapi).toMatch(/^3\./);
    expect(Object.keys(doc.paths)).toEqual(expect.arrayContaining(['/api/auth/login', '/api/cases', '/api/cases/{id}', '/api/admin/users']));
    expect(doc.paths['/api/admin/users'].post.requestBody.content['application/json'].schema.required).toEqual(expect.arrayContaining(['username', 'password', 'role']));
    expect((await t.app.inject('/api/docs')).statusCode).toBeLessThan(400);
  });

  it('echoes a request id, or makes one', async () => {
    const given = await t.app.inject({ url: '/healthz', headers: { 'x-request-id': 'abc-123' } });
    expect(given.headers['x-request-id']).toBe('abc-123');
    const made = await t.app.inject({ url: '/api/nowhere' });
    expect(made.json().error.requestId).toBe(made.headers['x-request-id']);
  });

  it('chooses the message language from Accept-Language', async () => {
    const msg = async (lang?: string) => (await t.app.inject({ url: '/api/cases', headers: lang ? { 'accept-language': lang } : {} })).json().error.message;
    expect(await msg()).toBe('请先登录');
    expect(await msg('en-GB,en;q=0.8')).toBe('Please sign in');
    expect(await msg('fr-FR,en;q=0.5,zh-CN;q=0.9')).toBe('请先登录');
  });
});
