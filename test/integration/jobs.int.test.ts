// The foundation's own jobs, run through the queue as a worker would.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../app.js';
import { testDatabases } from '../db.js';

describe.each(testDatabases())('foundation jobs on %s', (kind) => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp(kind);
  });
  afterAll(() => t.close());

  it('identity.sessions.purge deletes sessions expired over a day ago and stale rate-limit windows, not live ones', async () => {
    const stale = await t.userWith('collector');
    await stale.post('/api/auth/logout');
    t.clock.advance(2 * 86_400_000);
    const live = await t.userWith('collector');
    await t.rt.ctx.queue.enqueue('identity.sessions.purge', {});
    const sessions = await t.rt.ctx.db.selectFrom('user_session').select(['user_id']).execute();
    expect(sessions.map((s) => s.user_id)).toContain(live.id);
    expect(sessions.map((s) => s.user_id)).not.toContain(stale.id);
    expect((await live.get('/api/auth/me')).statusCode).toBe(200);
    const windows = await t.rt.ctx.db.selectFrom('rate_limit').select('window_start').execute();
    expect(windows.every((w) => w.window_start > new Date(t.clock.now().getTime() - 86_400_000).toISOString())).toBe(true);
  });

  it('audit.verify succeeds on an intact chain and fails visibly on a tampered one', async () => {
    await t.rt.ctx.queue.enqueue('audit.verify', {});
    let jobs = await t.rt.ctx.queue.listJobs({ status: 'failed' });
    expect(jobs.filter((j) => j.name === 'audit.verify')).toHaveLength(0);
    await t.rt.ctx.db.updateTable('audit_log').set({ action: 'nothing.happened' }).where('seq', '=', 1).execute();
    await t.rt.ctx.queue.enqueue('audit.verify', {});
    jobs = await t.rt.ctx.queue.listJobs({ status: 'failed' });
    const failed = jobs.find((j) => j.name === 'audit.verify');
    expect(failed?.lastError).toContain('audit chain broken at row 1');
    const listed = await (await t.login('admin', 'admin-password-123')).get('/api/admin/jobs?status=failed');
    expect(listed.json().items.map((j: { name: string }) => j.name)).toContain('audit.verify');
  });
});
