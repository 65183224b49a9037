// Starting today's nightly run from the API (系统管理 → 夜间批处理 → 立即运行): admin only (nightly.run), the
// agency-local today, queued as the `strategy.nightly` job (the inline test queue runs it at once), audited, and
// refused while a partitioned run is in progress.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ADMIN_PASSWORD, createTestApp, type Client, type TestApp } from '../app.js';
import { testDatabases } from '../db.js';
import { make } from '../factories.js';
import { newId } from '../../src/server/platform/ids.js';
import type { InlineQueue } from '../../src/server/queue/index.js';

describe.each(testDatabases())('POST /api/runs on %s', (kind) => {
  let t: TestApp;
  let admin: Client;
  const cases: string[] = [];

  beforeAll(async () => {
    t = await createTestApp(kind);
    const creditorId = (await make.creditor(t.db.db)).id;
    for (const dpd of [5, 40, 95]) cases.push((await make.debtorWithCase(t.db.db, t.rt.ctx.pii, t.clock, { creditorId, dpd, principalMinor: 500_000 })).caseId);
  });
  afterAll(async () => {
    await t.close();
  });

  it('runs today (Asia/Shanghai) for an admin, scores every open case and records who asked', async () => {
    // 2026-11-28T17:30Z is 01:30 on the 29th in Shanghai: the agency-local today, not the UTC date.
    t.clock.set('2026-11-28T17:30:00.000Z');
    admin = await t.login('admin', ADMIN_PASSWORD);
    const res = await admin.post('/api/runs');
    expect(res.statusCode).toBe(202);
    expect(res.json()).toMatchObject({ asOf: '2026-11-29' });
    const run = await t.db.db.selectFrom('nightly_run').selectAll().where('as_of', '=', '2026-11-29').executeTakeFirstOrThrow();
    expect(run.status).toBe('completed');
    expect(run.counts_json).toMatchObject({ scored: 3 });
    const scored = await t.db.db.selectFrom('case_score').select('case_id').where('as_of', '=', '2026-11-29').orderBy('case_id').execute();
    expect(scored.map((r) => r.case_id)).toEqual([...cases].sort());
    const audit = await t.db.db.selectFrom('audit_log').selectAll().where('action', '=', 'nightly.requested').execute();
    expect(audit).toHaveLength(1);
    expect(audit[0]).toMatchObject({ entity_id: '2026-11-29' });
    // The list shows it to supervisors (cases.assign), who may not start one.
    const sup = await t.userWith('supervisor');
    expect((await sup.get('/api/runs')).json().items[0]).toMatchObject({ asOf: '2026-11-29', status: 'completed' });
    const refused = await sup.post('/api/runs');
    expect(refused.statusCode).toBe(403);
    expect(refused.json().error).toMatchObject({ code: 'auth.forbidden' });
    const col = await t.userWith('collector');
    expect((await col.post('/api/runs')).statusCode).toBe(403);
  });

  it('runs the same day again to the same rows (idempotent), and is refused while a partitioned run is in progress', async () => {
    const before = await t.db.db.selectFrom('case_score').select(['case_id', 'score', 'next_action_kind']).where('as_of', '=', '2026-11-29').orderBy('case_id').execute();
    expect((await admin.post('/api/runs')).statusCode).toBe(202);
    const after = await t.db.db.selectFrom('case_score').select(['case_id', 'score', 'next_action_kind']).where('as_of', '=', '2026-11-29').orderBy('case_id').execute();
    expect(after).toEqual(before);
    const run = await t.db.db.selectFrom('nightly_run').selectAll().where('as_of', '=', '2026-11-29').executeTakeFirstOrThrow();
    expect(run).toMatchObject({ status: 'completed', attempts: 2 });

    if (kind === 'postgres') {
      // While a strategy.nightly job waits (here one enqueued in a transaction not yet committed: the queue holds it
      // pending until the commit), starting one is refused. On SQLite the one connection is held by that transaction.
      await t.db.db.transaction().execute(async (trx) => {
        await t.rt.ctx.queue.enqueue('strategy.nightly', { asOf: '2026-11-29' }, { trx });
        const during = await admin.post('/api/runs');
        expect(during.statusCode).toBe(409);
        expect(during.json().error).toMatchObject({ code: 'nightly.busy' });
      });
      await (t.rt.ctx.queue as InlineQueue).drain();
      expect((await t.db.db.selectFrom('nightly_run').select('attempts').where('as_of', '=', '2026-11-29').executeTakeFirstOrThrow()).attempts).toBe(3);
    }

    // A partitioned run of another date still has partitions out with the workers: starting one now is refused.
    await t.db.db.insertInto('nightly_run').values({
      id: newId(), as_of: '2026-11-27', status: 'running', batch_size: 1000, cursor_case_id: null, attempts: 1, counts_json: { scored: 0, batches: 0, blockedActions: 0 },
      report_json: null, error: null, started_at: '2026-11-28T17:00:00.000Z', finished_at: null, partitions: 2, finisher: null, finishing_at: null, wall_started_at: '2026-11-28T17:00:00.000Z',
    }).execute();
    const busy = await admin.post('/api/runs');
    expect(busy.statusCode).toBe(409);
    expect(busy.json().error).toMatchObject({ code: 'nightly.busy' });
    expect(busy.json().error.message).toContain('2026-11-27');
    // Refused requests are not recorded as requested.
    expect(await t.db.db.selectFrom('audit_log').select('id').where('action', '=', 'nightly.requested').execute()).toHaveLength(2);
  });
});
