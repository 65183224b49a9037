// The partitioned nightly run's bookkeeping, in one process on both databases (the same code the PostgreSQL workers
// run): ranges cover every open case once; a partitioned run equals the single-process run and is idempotent per
// date; a silent partition is reclaimed with a new generation, its old owner cannot commit another batch, an old
// generation's job does nothing, and the new owner continues after the cursor; the finishing step runs once.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../app.js';
import { testDatabases } from '../db.js';
import { make } from '../factories.js';
import { processPartition, reclaimStale, splitRanges, startPartitionedRun, tryFinish } from '../../src/server/modules/strategy/partition.service.js';

const AS_OF = '2026-11-28';
const DPDS = [0, 3, 8, 15, 29, 31, 45, 60, 61, 89, 90, 91, 120, 200, 400];

describe.each(testDatabases())('partitioned nightly run on %s', (kind) => {
  let t: TestApp;
  const scores = async () =>
    (await t.db.db.selectFrom('case_score').selectAll().where('as_of', '=', AS_OF).orderBy('case_id').execute()).map(({ id: _i, run_id: _r, ...rest }) => ({ ...rest, score: Number(rest.score) }));
  const parts = (runId: string) => t.db.db.selectFrom('nightly_partition').selectAll().where('run_id', '=', runId).orderBy('part_no').execute();
  const engine = () => t.rt.services.compliance.engine;

  beforeAll(async () => {
    t = await createTestApp(kind);
    const creditor = await make.creditor(t.db.db);
    for (const dpd of DPDS) await make.debtorWithCase(t.db.db, t.rt.ctx.pii, t.clock, { creditorId: creditor.id, dpd });
    // A closed case is not in any range.
    await make.debtorWithCase(t.db.db, t.rt.ctx.pii, t.clock, { creditorId: creditor.id, dpd: 10, status: 'closed' });
  });
  afterAll(() => t.close());

  it('splits the open cases into contiguous ranges of about equal size that cover each once', async () => {
    const open = (await t.db.db.selectFrom('collection_case').select('id').where('status', '=', 'open').orderBy('id').execute()).map((r) => r.id);
    const ranges = await splitRanges(t.rt.ctx, null, 4);
    expect(ranges).toHaveLength(4);
    expect(ranges[0]!.from).toBeNull();
    expect(ranges[3]!.to).toBeNull();
    for (let i = 1; i < 4; i++) expect(ranges[i]!.from).toBe(ranges[i - 1]!.to);
    const sizes = ranges.map((r) => open.filter((id) => (r.from === null || id > r.from) && (r.to === null || id <= r.to)).length);
    expect(sizes.reduce((a, b) => a + b, 0)).toBe(open.length);
    expect(Math.max(...sizes) - Math.min(...sizes)).toBeLessThanOrEqual(4);
    // More partitions than cases: one per case at most.
    expect(await splitRanges(t.rt.ctx, null, 100)).toHaveLength(open.length);
  });

  it('a partitioned run equals the single-process run, and running the date again changes nothing', async () => {
    const single = await t.rt.services.strategy.run(AS_OF, { batchSize: 2 });
    const expected = await scores();
    expect(expected).toHaveLength(DPDS.length);
    const s = t.rt.services.strategy.partitioned;
    const started = await s.start(AS_OF, { partitions: 3, batchSize: 2, enqueue: false });
    expect(started).toMatchObject({ id: single.id, status: 'running', partitions: 3 });
    const first = await s.runHere(started.id);
    expect(first).toMatchObject({ status: 'completed', counts: { scored: DPDS.length } });
    expect(await scores()).toEqual(expected);
    const { seconds: _a, finishing: _af, ...r1 } = first.report!;
    const { seconds: _b, finishing: _bf, ...r0 } = single.report!;
    expect(r1).toEqual(r0);
    const again = await s.runHere((await s.start(AS_OF, { partitions: 4, batchSize: 2, enqueue: false })).id);
    expect(again).toMatchObject({ id: single.id, status: 'completed', counts: { scored: DPDS.length } });
    expect(await scores()).toEqual(expected);
    expect(await parts(single.id)).toHaveLength(4); // the recomputation split afresh
    expect(await t.db.db.selectFrom('nightly_run').select('id').where('as_of', '=', AS_OF).execute()).toHaveLength(1);
  });

  it('a silent partition is reclaimed: the old owner cannot commit, the old generation does nothing, the new one continues after the cursor; finishing runs once', async () => {
    const expected = await scores();
    const ctx = t.rt.ctx;
    const run = await startPartitionedRun(ctx, AS_OF, { partitions: 2, batchSize: 2, enqueue: false });
    const [p1] = await parts(run.id);
    let reclaimed = 0;
    // The first owner goes silent after its first batch (its heartbeat is made old) and is reclaimed before its next.
    const worked = await processPartition(ctx, engine(), { runId: run.id, part: 1, gen: 1 }, {
      hooks: {
        afterBatch: async (part, batchNo) => {
          if (part !== 1 || batchNo !== 1) return;
          await t.db.db.updateTable('nightly_partition').set({ heartbeat_at: '2000-01-01T00:00:00.000Z' }).where('id', '=', p1!.id).execute();
          reclaimed = (await reclaimStale(ctx, run.id, { enqueue: false })).length;
        },
      },
    });
    expect(reclaimed).toBe(1);
    expect(worked).toBe(false);
    const after = (await parts(run.id))[0]!;
    expect(after).toMatchObject({ status: 'queued', generation: 2, batches: 1, owner: null });
    expect(after.cursor_case_id).not.toBeNull();
    expect(await tryFinish(ctx, engine(), run.id)).toBeNull(); // not every partition is done
    // The job of the old generation (graphile runs it again after its lock expires) does nothing.
    expect(await processPartition(ctx, engine(), { runId: run.id, part: 1, gen: 1 })).toBe(false);
    expect(await processPartition(ctx, engine(), { runId: run.id, part: 1, gen: 2 })).toBe(true);
    const done = (await parts(run.id))[0]!;
    expect(done).toMatchObject({ status: 'done', generation: 2, attempts: 2 });
    expect(done.batches).toBe(Math.ceil(done.scored / 2)); // batch 1 was not redone
    expect(await processPartition(ctx, engine(), { runId: run.id, part: 2, gen: 1 })).toBe(true);
    // Two processes completing the last partitions together: one finishes.
    const results = await Promise.all([tryFinish(ctx, engine(), run.id), tryFinish(ctx, engine(), run.id)]);
    expect(results.filter((r) => r !== null)).toHaveLength(1);
    expect(results.find((r) => r !== null)).toMatchObject({ status: 'completed', counts: { scored: DPDS.length } });
    expect(await tryFinish(ctx, engine(), run.id)).toBeNull(); // completed: never again
    expect(await scores()).toEqual(expected);
  });
});
