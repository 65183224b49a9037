// The simulated clock (CONCORD_CLOCK) for demonstrations and end-to-end tests: without it the admin clock routes do
// not exist; with it an admin reads and moves the server's time (audited), and the engine decides at that time.
import { afterAll, describe, expect, it } from 'vitest';
import { ADMIN_PASSWORD, createTestApp, type TestApp } from '../app.js';
import { make } from '../factories.js';
import { simulatedClock } from '../../src/server/platform/clock.js';

describe('simulated clock', () => {
  const apps: TestApp[] = [];
  afterAll(async () => {
    for (const a of apps) await a.close();
  });

  it('runs on from its start and moves when set', async () => {
    const c = simulatedClock('2026-11-28T14:05:00+08:00');
    const a = c.now().getTime();
    expect(Math.abs(a - Date.parse('2026-11-28T06:05:00Z'))).toBeLessThan(1_000);
    await new Promise((r) => setTimeout(r, 30));
    expect(c.now().getTime()).toBeGreaterThanOrEqual(a + 25);
    c.set('2026-11-29T10:00:00+08:00');
    expect(Math.abs(c.now().getTime() - Date.parse('2026-11-29T02:00:00Z'))).toBeLessThan(1_000);
  });

  it('without CONCORD_CLOCK the routes are 404', async () => {
    const t = await createTestApp('sqlite');
    apps.push(t);
    expect((await t.admin.get('/api/admin/clock')).statusCode).toBe(404);
    expect((await t.admin.post('/api/admin/clock', { now: '2026-11-28T22:05:00+08:00' })).statusCode).toBe(404);
  });

  it('with it an admin moves the time (audited) and the services read it; a collector may not', async () => {
    const t = await createTestApp('sqlite', { env: { CONCORD_CLOCK: '2026-11-28T10:00:00+08:00' } });
    apps.push(t);
    const team = await make.team(t.db.db);
    const collector = await t.userWith('collector', { teamId: team.id });
    expect((await collector.post('/api/admin/clock', { now: '2026-11-28T22:05:00+08:00' })).statusCode).toBe(403);
    expect((await t.admin.post('/api/admin/clock', { now: 'tonight' })).statusCode).toBe(400);
    const moved = await t.admin.post('/api/admin/clock', { now: '2026-11-28T22:05:00+08:00' });
    expect(moved.statusCode, moved.body).toBe(200);
    expect(moved.json()).toMatchObject({ now: '2026-11-28T14:05:00.000Z', simulated: true });
    // 12 hours later every session has expired (12-hour sessions): sign in again.
    const admin = await t.login('admin', ADMIN_PASSWORD);
    expect((await admin.get('/api/admin/clock')).json().now).toBe('2026-11-28T14:05:00.000Z');
    const audit = await t.db.db.selectFrom('audit_log').select(['action', 'after_json']).where('action', '=', 'clock.set').execute();
    expect(audit).toHaveLength(1);
    expect(t.rt.ctx.clock.now().toISOString()).toBe('2026-11-28T14:05:00.000Z');
  });
});
