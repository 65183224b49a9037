// The daily `strategy.nightly` job (src/server/jobs.ts schedule): the nightly run for the agency-local (Asia/Shanghai)
// *today* at the moment the job runs, so a run just after local midnight ages every case to the new day. The run is
// idempotent per date: a second slot on the same day recomputes the same rows; a killed one resumes after its cursor.
import { z } from 'zod';
import type { AppContext } from '../../context.js';
import { defineJob } from '../../queue/job.js';
import { AGENCY_TIME_ZONE } from '../staff/index.js';
import { createEngine, type Engine } from '../../../core/compliance/engine.js';
import { loadPacks } from '../compliance/index.js';
import { calendarDate } from '../../platform/clock.js';
import { runNightly } from './nightly.service.js';
import { pruneNightlyHistory } from './retention.service.js';
import { PARTITION_ATTEMPTS, PARTITION_JOB, processPartition, reclaimStale, startPartitionedRun, tryFinish } from './partition.service.js';

export const agencyToday = (now: Date): string => calendarDate(now, AGENCY_TIME_ZONE);

// The jobs are registered before the services exist, so the job builds its own engine from the same packs, once.
let cached: Engine | null = null;
const engine = () => {
  if (!cached) {
    const l = loadPacks();
    cached = createEngine(l.packs, l.sets);
  }
  return cached;
};

export function strategyJobs(ctx: AppContext) {
  return [
    defineJob({
      name: 'strategy.nightly',
      version: 1,
      payload: z.object({ asOf: z.string().regex(/^\d{4}-\d{2}-\d{2}$/).optional() }).strict(),
      maxAttempts: 3,
      handler: async (p, job) => {
        const asOf = p.asOf ?? agencyToday(ctx.clock.now());
        if (ctx.queue.kind === 'graphile') {
          // PostgreSQL workers: queue the partitions; the worker completing the last one finishes the run.
          const run = await startPartitionedRun(ctx, asOf, { enqueue: true });
          job.logger.info({ asOf, runId: run.id, partitions: run.partitions }, 'nightly run partitions queued');
          return;
        }
        const r = await runNightly(ctx, engine(), asOf);
        job.logger.info({ asOf, scored: r.report?.scored, psi: r.report?.psi }, 'nightly run completed');
      },
    }),
    defineJob({
      name: PARTITION_JOB,
      version: 1,
      payload: z.object({ runId: z.string().min(1), part: z.number().int().min(1), gen: z.number().int().min(1) }).strict(),
      maxAttempts: PARTITION_ATTEMPTS,
      perProcess: ctx.config.nightlyPartitionsPerWorker,
      handler: async (p, job) => {
        const worked = await processPartition(ctx, engine(), p, { signal: job.signal, attempt: job.attempt });
        const done = await tryFinish(ctx, engine(), p.runId);
        job.logger.info({ ...p, worked, finished: done !== null }, 'nightly partition');
      },
    }),
    defineJob({
      // Daily at 04:00 Shanghai: the per-case history older than CONCORD_NIGHTLY_KEEP_DAYS (retention.service.ts).
      name: 'strategy.prune',
      version: 1,
      payload: z.object({}).strict(),
      maxAttempts: 3,
      handler: async (_p, job) => {
        const r = await pruneNightlyHistory(ctx.db, agencyToday(ctx.clock.now()), ctx.config.nightlyKeepDays);
        if (r.dates.length) job.logger.info(r, 'nightly history pruned');
      },
    }),
    defineJob({
      // Every minute: partitions (or a finishing step) whose worker went silent are queued again; a run whose last
      // partition's worker died before finishing is finished here.
      name: 'strategy.nightly.sweep',
      version: 1,
      payload: z.object({}).strict(),
      maxAttempts: 1,
      handler: async (_p, job) => {
        const reclaimed = await reclaimStale(ctx, null);
        if (reclaimed.length) job.logger.warn({ reclaimed: reclaimed.map((r) => `${r.run_id}#${r.part_no}`) }, 'nightly partitions reclaimed');
        const running = await ctx.db.selectFrom('nightly_run').select('id').where('status', '=', 'running').where('partitions', '>', 0).execute();
        for (const r of running) await tryFinish(ctx, engine(), r.id);
      },
    }),
  ];
}
