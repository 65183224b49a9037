// Retention of the nightly per-case history (strategy.prune, retention.service.ts) on both databases: dates older than
// the kept days go from case_score, case_allocation and scheduled_action, in chunks; the latest completed run's date
// stays however old; newer dates and the runs' own rows are untouched.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../app.js';
import { testDatabases } from '../db.js';
import { make } from '../factories.js';
import { newId } from '../../src/server/platform/ids.js';
import { HISTORY_TABLES, pruneNightlyHistory } from '../../src/server/modules/strategy/retention.service.js';

describe.each(testDatabases())('nightly history retention on %s', (kind) => {
  let t: TestApp;

  beforeAll(async () => {
    t = await createTestApp(kind);
    const creditorId = (await make.creditor(t.db.db)).id;
    for (const dpd of [3, 33, 63, 93]) await make.debtorWithCase(t.db.db, t.rt.ctx.pii, t.clock, { creditorId, dpd });
    // Real runs on two dates, then their rows copied back to older dates (as a long history would leave them).
    await t.rt.services.strategy.run('2026-11-27');
    await t.rt.services.strategy.run('2026-11-28');
    const db = t.db.db;
    for (const asOf of ['2024-01-10', '2024-06-30', '2025-09-01']) {
      await db.insertInto('case_score').values((await db.selectFrom('case_score').selectAll().where('as_of', '=', '2026-11-28').execute()).map((r) => ({ ...r, id: newId(), as_of: asOf }))).execute();
      await db.insertInto('case_allocation').values((await db.selectFrom('case_allocation').selectAll().where('as_of', '=', '2026-11-28').execute()).map((r) => ({ ...r, id: newId(), as_of: asOf }))).execute();
      const acts = await db.selectFrom('scheduled_action').selectAll().where('as_of', '=', '2026-11-28').execute();
      if (acts.length) await db.insertInto('scheduled_action').values(acts.map((r) => ({ ...r, id: newId(), as_of: asOf }))).execute();
    }
  });
  afterAll(async () => {
    await t.close();
  });

  const dates = async (table: (typeof HISTORY_TABLES)[number]) =>
    [...new Set((await t.db.db.selectFrom(table).select('as_of').execute()).map((r) => r.as_of))].sort();
  const count = async (table: (typeof HISTORY_TABLES)[number], asOf: string) =>
    Number((await t.db.db.selectFrom(table).select((eb) => eb.fn.countAll<number>().as('n')).where('as_of', '=', asOf).executeTakeFirstOrThrow()).n);

  it('deletes the dates before the cutoff from the three tables and keeps the rest', async () => {
    expect(await count('case_score', '2024-01-10')).toBe(4);
    expect(await count('case_allocation', '2024-01-10')).toBe(4);
    const actsPerDate = await count('scheduled_action', '2026-11-28');
    expect(actsPerDate).toBeGreaterThan(0);
    // Kept 400 days from 2026-11-29: the cutoff is 2025-10-25.
    const r = await pruneNightlyHistory(t.db.db, '2026-11-29', 400);
    expect(r).toMatchObject({ cutoff: '2025-10-25', kept: '2026-11-28', dates: ['2024-01-10', '2024-06-30', '2025-09-01'] });
    expect(r.deleted).toEqual({ case_score: 12, case_allocation: 12, scheduled_action: 3 * actsPerDate });
    for (const table of HISTORY_TABLES) expect(await dates(table)).toEqual(['2026-11-27', '2026-11-28']);
    expect(await t.db.db.selectFrom('nightly_run').select('as_of').orderBy('as_of').execute()).toEqual([{ as_of: '2026-11-27' }, { as_of: '2026-11-28' }]);
    // Nothing more to do the next time.
    expect((await pruneNightlyHistory(t.db.db, '2026-11-29', 400)).dates).toEqual([]);
  });

  it('never deletes the latest completed run\'s date, however old; a run still going does not count as latest', async () => {
    // Two years on, with a 31-day window: 11-27 goes, 11-28 (the latest completed run) stays.
    await t.db.db.insertInto('nightly_run').values({
      id: newId(), as_of: '2028-12-01', status: 'running', batch_size: 1000, cursor_case_id: null, attempts: 1, counts_json: { scored: 0, batches: 0, blockedActions: 0 },
      report_json: null, error: null, started_at: '2028-11-30T16:30:00.000Z', finished_at: null, partitions: null, finisher: null, finishing_at: null, wall_started_at: '2028-11-30T16:30:00.000Z',
    }).execute();
    const r = await pruneNightlyHistory(t.db.db, '2028-12-01', 31);
    expect(r).toMatchObject({ kept: '2026-11-28', dates: ['2026-11-27'] });
    for (const table of HISTORY_TABLES) expect(await dates(table)).toEqual(['2026-11-28']);
    expect(await count('case_score', '2026-11-28')).toBe(4);
  });

  it('runs as the daily strategy.prune job with CONCORD_NIGHTLY_KEEP_DAYS', async () => {
    const u = await createTestApp(kind, { env: { CONCORD_NIGHTLY_KEEP_DAYS: '31' } });
    try {
      expect(u.rt.ctx.config.nightlyKeepDays).toBe(31);
      const creditorId = (await make.creditor(u.db.db)).id;
      await make.debtorWithCase(u.db.db, u.rt.ctx.pii, u.clock, { creditorId, dpd: 10 });
      await u.rt.services.strategy.run('2026-09-01');
      await u.rt.services.strategy.run('2026-11-28');
      await u.rt.ctx.queue.enqueue('strategy.prune', {});
      expect((await u.rt.ctx.queue.listJobs({ status: 'failed' })).filter((j) => j.name === 'strategy.prune')).toEqual([]);
      expect([...new Set((await u.db.db.selectFrom('case_score').select('as_of').execute()).map((r) => r.as_of))]).toEqual(['2026-11-28']);
    } finally {
      await u.close();
    }
  });
});
