// The nightly run on PostgreSQL workers (issue 9, part 5; docs/nightly.md "Scale-out"). A run is split into partitions
// (case-id ranges of about equal size); one `strategy.partition` job per partition processes its range in batches with
// the same scoreBatch as the in-process run, moving the partition's cursor in each batch's transaction. Whoever
// completes the last partition claims the finishing step (a conditional update of the run) and runs finishRun once.
//
// Kill safety: a handler run owns its partition through a random token and a heartbeat (real wall-clock time, every
// stale/4 and at each batch). A partition whose owner is silent for CONCORD_NIGHTLY_STALE_SECONDS is reclaimed (by the
// waiting `concord run`, by the `strategy.nightly.sweep` job, or by a resumed run): its generation is bumped and a job
// with a new key (run, partition, generation) is queued; it continues after the cursor. A batch commits only while its
// owner still holds the partition (the cursor update names the token), so a late or revived old owner cannot write
// after a reclaim; and scoreBatch replaces a date's rows, so a batch done twice is never doubled. The job a dead worker
// held stays locked in graphile until its 4-hour expiry; it then runs, sees an older generation and does nothing.
import os from 'node:os';
import { randomBytes } from 'node:crypto';
import { sql } from 'kysely';
import type { Engine } from '../../../core/compliance/engine.js';
import type { NightlyCounts, NightlyRunOut } from '../../../contracts/strategy.js';
import type { AppContext } from '../../context.js';
import { newId } from '../../platform/ids.js';
import { finishRun, NIGHTLY_BATCH, nightlyBatch, runOut } from './nightly.service.js';
import type { NightlyPartitionTable } from './partition.tables.js';
import type { NightlyRunTable } from './strategy.tables.js';

export const PARTITION_JOB = 'strategy.partition';
/** Job runs a partition gets before the partition (and its run) is marked failed. */
export const PARTITION_ATTEMPTS = 5;
/** Default partitions: one per this many open cases, at least 1, at most MAX_PARTITIONS. */
export const CASES_PER_PARTITION = 10_000;
export const MAX_PARTITIONS = 256;

export type PartitionPayload = { runId: string; part: number; gen: number };
export const partitionJobKey = (p: PartitionPayload) => `nightly:${p.runId}:${p.part}:${p.gen}`;

const wallNow = () => new Date().toISOString();
const token = () => randomBytes(9).toString('base64url');
const workerName = () => `${os.hostname()}:${process.pid}`;
const staleMs = (ctx: AppContext) => ctx.config.nightlyStaleSeconds * 1000;
const cutoff = (ctx: AppContext) => new Date(Date.now() - staleMs(ctx)).toISOString();

/** The batch loop's test hook: called after each committed batch of a partition (throw to simulate a crash). */
export type PartitionHooks = { afterBatch?: (part: number, batchNo: number, lastCaseId: string) => void | Promise<void> };

export type StartOptions = {
  /** Partitions for a new (or recomputed) run; default by size (CASES_PER_PARTITION). */
  partitions?: number;
  batchSize?: number;
  /** Queue one job per partition (false: the caller processes them itself, `concord run --local`). */
  enqueue: boolean;
};

/**
 * Boundaries splitting the open cases after `after` into `n` ranges of about equal count: the ids closing ranges
 * 1..n-1 (a range runs from the previous boundary, exclusive, to its own, inclusive; the last range is open).
 */
export async function splitRanges(ctx: AppContext, after: string | null, n: number): Promise<Array<{ from: string | null; to: string | null }>> {
  const { db } = ctx;
  const total = Number((await db.selectFrom('collection_case').select((eb) => eb.fn.countAll().as('n')).where('status', '=', 'open').where('id', '>', after ?? '').executeTakeFirstOrThrow()).n);
  const parts = Math.max(1, Math.min(n, total));
  const step = Math.ceil(total / parts);
  const bounds: string[] = [];
  if (parts > 1) {
    const rows = await sql<{ id: string }>`select id from (select id, row_number() over (order by id) as rn from collection_case where status = 'open' and id > ${after ?? ''}) t
      where rn % ${step} = 0 order by id`.execute(db);
    for (const r of rows.rows) if (bounds.length < parts - 1) bounds.push(r.id);
  }
  const out: Array<{ from: string | null; to: string | null }> = [];
  let from = after;
  for (const b of bounds) {
    out.push({ from, to: b });
    from = b;
  }
  out.push({ from, to: null });
  return out;
}

export function defaultPartitions(openCases: number): number {
  return Math.max(1, Math.min(MAX_PARTITIONS, Math.ceil(openCases / CASES_PER_PARTITION)));
}

async function enqueuePartition(ctx: AppContext, p: NightlyPartitionTable): Promise<void> {
  const payload: PartitionPayload = { runId: p.run_id, part: p.part_no, gen: p.generation };
  await ctx.queue.enqueue(PARTITION_JOB, payload, { jobKey: partitionJobKey(payload), maxAttempts: PARTITION_ATTEMPTS });
}

/**
 * Creates (or resumes) the partitioned run for `asOf`. A new date, or a completed one run again, is split afresh
 * (recomputed from the first case); a run left running or failed keeps its partitions: failed ones and ones whose
 * worker is silent get a new generation, and every unfinished partition's job is queued (a key per run, partition and
 * generation: queueing again while the job waits adds nothing).
 */
export async function startPartitionedRun(ctx: AppContext, asOf: string, opts: StartOptions): Promise<NightlyRunTable> {
  const { db, clock } = ctx;
  const batch = opts.batchSize ?? NIGHTLY_BATCH;
  if (opts.partitions !== undefined && (!Number.isInteger(opts.partitions) || opts.partitions < 1 || opts.partitions > MAX_PARTITIONS)) {
    throw new Error(`partitions: expected an integer 1–${MAX_PARTITIONS}, got ${opts.partitions}`);
  }
  const zero: NightlyCounts = { scored: 0, batches: 0, blockedActions: 0 };
  const existing = await db.selectFrom('nightly_run').selectAll().where('as_of', '=', asOf).executeTakeFirst();
  let runId: string;
  let fresh: boolean;
  if (!existing) {
    runId = newId();
    fresh = true;
    await db.insertInto('nightly_run').values({
      id: runId, as_of: asOf, status: 'running', batch_size: batch, cursor_case_id: null, attempts: 1, counts_json: zero, report_json: null, error: null,
      started_at: clock.now().toISOString(), finished_at: null, partitions: 0, finisher: null, finishing_at: null, wall_started_at: wallNow(),
    }).execute();
  } else {
    runId = existing.id;
    // A completed run, or one that ran in process, is recomputed from the first case.
    fresh = existing.status === 'completed' || existing.partitions === null;
    await db.updateTable('nightly_run').set({
      status: 'running', attempts: existing.attempts + 1, error: null, finished_at: null, report_json: null, finisher: null, finishing_at: null,
      ...(fresh ? { batch_size: batch, cursor_case_id: null, counts_json: zero, partitions: 0, started_at: clock.now().toISOString(), wall_started_at: wallNow() } : {}),
    }).where('id', '=', runId).execute();
  }
  if (fresh || existing?.partitions === 0) {
    await db.deleteFrom('nightly_partition').where('run_id', '=', runId).execute();
    const total = Number((await db.selectFrom('collection_case').select((eb) => eb.fn.countAll().as('n')).where('status', '=', 'open').executeTakeFirstOrThrow()).n);
    const ranges = await splitRanges(ctx, null, opts.partitions ?? defaultPartitions(total));
    const now = clock.now().toISOString();
    const rows: NightlyPartitionTable[] = ranges.map((r, i) => ({
      id: newId(), run_id: runId, part_no: i + 1, from_case_id: r.from, to_case_id: r.to, status: 'queued', generation: 1, cursor_case_id: null, attempts: 0,
      owner: null, worker: null, heartbeat_at: null, scored: 0, batches: 0, blocked: 0, error: null, enqueued_at: now, started_at: null, finished_at: null,
    }));
    for (let i = 0; i < rows.length; i += 100) await db.insertInto('nightly_partition').values(rows.slice(i, i + 100)).execute();
    await db.updateTable('nightly_run').set({ partitions: rows.length }).where('id', '=', runId).execute();
  } else {
    // Resumed: failed partitions start a new generation after their cursor; silent owners are reclaimed.
    await db.updateTable('nightly_partition').set((eb) => ({ status: 'queued', generation: eb('generation', '+', 1), owner: null, attempts: 0, error: null }))
      .where('run_id', '=', runId).where('status', '=', 'failed').execute();
    await reclaimStale(ctx, runId, { enqueue: false });
  }
  if (opts.enqueue) {
    for (const p of await db.selectFrom('nightly_partition').selectAll().where('run_id', '=', runId).where('status', '=', 'queued').orderBy('part_no').execute()) await enqueuePartition(ctx, p);
  }
  return db.selectFrom('nightly_run').selectAll().where('id', '=', runId).executeTakeFirstOrThrow();
}

/**
 * Partitions whose owner gave no heartbeat for the stale time go back to `queued` with a new generation (and, with
 * `enqueue`, a job under the new key). `runId` null: every running partitioned run. Returns the reclaimed partitions.
 */
export async function reclaimStale(ctx: AppContext, runId: string | null, opts: { enqueue: boolean } = { enqueue: true }): Promise<NightlyPartitionTable[]> {
  const { db } = ctx;
  let q = db.selectFrom('nightly_partition').innerJoin('nightly_run', 'nightly_run.id', 'nightly_partition.run_id').selectAll('nightly_partition')
    .where('nightly_run.status', '=', 'running').where('nightly_partition.status', '=', 'running').where('nightly_partition.heartbeat_at', '<', cutoff(ctx));
  if (runId) q = q.where('nightly_partition.run_id', '=', runId);
  const out: NightlyPartitionTable[] = [];
  for (const p of await q.execute()) {
    // Conditional on the same owner and heartbeat: a partition that spoke up meanwhile, or that another process
    // reclaimed first, is left alone.
    const r = await db.updateTable('nightly_partition').set({ status: 'queued', generation: p.generation + 1, owner: null, error: `reclaimed from ${p.worker ?? '?'} (no heartbeat since ${p.heartbeat_at})` })
      .where('id', '=', p.id).where('owner', '=', p.owner).where('heartbeat_at', '=', p.heartbeat_at).where('status', '=', 'running').executeTakeFirst();
    if (Number(r.numUpdatedRows) !== 1) continue;
    const again = { ...p, status: 'queued' as const, generation: p.generation + 1, owner: null };
    ctx.logger.warn({ runId: p.run_id, part: p.part_no, worker: p.worker, heartbeatAt: p.heartbeat_at }, 'nightly partition reclaimed from a silent worker');
    if (opts.enqueue) await enqueuePartition(ctx, again);
    out.push(again);
  }
  return out;
}

class LostPartition extends Error {}

/**
 * Processes one partition (the `strategy.partition` job, or `concord run --local`): claim it for this generation,
 * score its range after the cursor in batches, mark it done. Returns false when there was nothing to do (another
 * generation owns it, or it is done). Stops at a batch boundary when `signal` aborts, giving the partition back.
 */
export async function processPartition(ctx: AppContext, engine: Engine, p: PartitionPayload, opts: { signal?: AbortSignal; attempt?: number; hooks?: PartitionHooks } = {}): Promise<boolean> {
  const { db, clock } = ctx;
  const me = token();
  const run = await db.selectFrom('nightly_run').selectAll().where('id', '=', p.runId).executeTakeFirst();
  if (!run || run.status !== 'running') return false;
  const claimed = await db.updateTable('nightly_partition')
    .set((eb) => ({ status: 'running', owner: me, worker: workerName(), heartbeat_at: wallNow(), attempts: eb('attempts', '+', 1), started_at: eb.fn.coalesce('started_at', eb.val(clock.now().toISOString())) }))
    .where('run_id', '=', p.runId).where('part_no', '=', p.part).where('generation', '=', p.gen).where('status', '=', 'queued')
    .returningAll().executeTakeFirst();
  if (!claimed) return false;
  const beat = setInterval(() => {
    db.updateTable('nightly_partition').set({ heartbeat_at: wallNow() }).where('id', '=', claimed.id).where('owner', '=', me).execute()
      .catch((e: unknown) => ctx.logger.warn({ error: String(e) }, 'nightly partition heartbeat failed'));
  }, Math.max(500, staleMs(ctx) / 4));
  beat.unref();
  let after = claimed.cursor_case_id ?? claimed.from_case_id ?? '';
  let batches = claimed.batches;
  try {
    for (;;) {
      if (opts.signal?.aborted) throw new Error('worker stopping');
      let q = db.selectFrom('collection_case').select('id').where('status', '=', 'open').where('id', '>', after).orderBy('id').limit(run.batch_size);
      if (claimed.to_case_id !== null) q = q.where('id', '<=', claimed.to_case_id);
      const ids = (await q.execute()).map((r) => r.id);
      if (ids.length === 0) break;
      const last = ids[ids.length - 1]!;
      await db.transaction().execute(async (trx) => {
        const r = await nightlyBatch(trx, engine, run.id, run.as_of, ids, clock.now().toISOString());
        const u = await trx.updateTable('nightly_partition')
          .set((eb) => ({ cursor_case_id: last, heartbeat_at: wallNow(), scored: eb('scored', '+', r.rows.length), batches: eb('batches', '+', 1), blocked: eb('blocked', '+', r.blocked) }))
          .where('id', '=', claimed.id).where('owner', '=', me).executeTakeFirst();
        // Reclaimed meanwhile (this process was taken for dead): roll the batch back; the new owner does it.
        if (Number(u.numUpdatedRows) !== 1) throw new LostPartition(`partition ${p.part} of run ${p.runId} was reclaimed by another worker`);
      });
      after = last;
      batches++;
      await opts.hooks?.afterBatch?.(p.part, batches, last);
      if (ids.length < run.batch_size) break;
    }
    await db.updateTable('nightly_partition').set({ status: 'done', owner: null, error: null, heartbeat_at: wallNow(), finished_at: clock.now().toISOString() })
      .where('id', '=', claimed.id).where('owner', '=', me).execute();
    return true;
  } catch (e) {
    if (e instanceof LostPartition) {
      ctx.logger.warn({ runId: p.runId, part: p.part }, e.message);
      return false;
    }
    const error = e instanceof Error ? e.message : String(e);
    // Give the partition back for graphile's retry (same generation); on the last attempt fail it and the run.
    const last = (opts.attempt ?? 1) >= PARTITION_ATTEMPTS;
    await db.updateTable('nightly_partition').set({ status: last ? 'failed' : 'queued', owner: null, error }).where('id', '=', claimed.id).where('owner', '=', me).execute();
    if (last) {
      await db.updateTable('nightly_run').set({ status: 'failed', error: `partition ${p.part}: ${error}`, finished_at: clock.now().toISOString() }).where('id', '=', p.runId).execute();
    }
    throw e;
  } finally {
    clearInterval(beat);
  }
}

/**
 * The finishing step, once: when every partition of a running run is done, claim it (a conditional update: two
 * processes completing the last partitions together cannot both win; a claim whose owner went silent can be taken
 * over) and run finishRun. Returns the completed run, or null when it is not this process's to finish.
 */
export async function tryFinish(ctx: AppContext, engine: Engine, runId: string): Promise<NightlyRunOut | null> {
  const { db } = ctx;
  const open = await db.selectFrom('nightly_partition').select('id').where('run_id', '=', runId).where('status', '!=', 'done').limit(1).execute();
  if (open.length) return null;
  const me = token();
  const claim = await db.updateTable('nightly_run').set({ finisher: me, finishing_at: wallNow() })
    .where('id', '=', runId).where('status', '=', 'running').where('partitions', '>', 0)
    .where((eb) => eb.or([eb('finisher', 'is', null), eb('finishing_at', '<', cutoff(ctx))]))
    .executeTakeFirst();
  if (Number(claim.numUpdatedRows) !== 1) return null;
  const beat = setInterval(() => {
    db.updateTable('nightly_run').set({ finishing_at: wallNow() }).where('id', '=', runId).where('finisher', '=', me).execute()
      .catch((e: unknown) => ctx.logger.warn({ error: String(e) }, 'nightly finishing heartbeat failed'));
  }, Math.max(500, staleMs(ctx) / 4));
  beat.unref();
  try {
    const sums = await db.selectFrom('nightly_partition').select((eb) => [eb.fn.sum<number>('scored').as('scored'), eb.fn.sum<number>('batches').as('batches'), eb.fn.sum<number>('blocked').as('blocked')])
      .where('run_id', '=', runId).executeTakeFirstOrThrow();
    const counts: NightlyCounts = { scored: Number(sums.scored ?? 0), batches: Number(sums.batches ?? 0), blockedActions: Number(sums.blocked ?? 0) };
    const run = await db.updateTable('nightly_run').set({ counts_json: counts }).where('id', '=', runId).returningAll().executeTakeFirstOrThrow();
    const startedMs = Date.parse(run.wall_started_at ?? run.started_at);
    return await finishRun(ctx, engine, { id: runId, asOf: run.as_of, startedMs });
  } finally {
    clearInterval(beat);
  }
}

export type Progress = { partitions: number; done: number; running: number; scored: number };

/**
 * Waits for a partitioned run (the `concord run` coordinator): polls its partitions, reclaims silent ones, and
 * finishes the run itself when every partition is done and nobody else is finishing it.
 */
export async function awaitRun(ctx: AppContext, engine: Engine, runId: string, opts: { pollMs?: number; onProgress?: (p: Progress) => void; signal?: AbortSignal } = {}): Promise<NightlyRunOut> {
  const { db } = ctx;
  for (;;) {
    const run = await db.selectFrom('nightly_run').selectAll().where('id', '=', runId).executeTakeFirstOrThrow();
    if (run.status === 'completed') return runOut(run);
    if (run.status === 'failed') throw new Error(`nightly run ${run.as_of} failed: ${run.error ?? 'unknown error'}`);
    const parts = await db.selectFrom('nightly_partition').select(['status', 'scored']).where('run_id', '=', runId).execute();
    opts.onProgress?.({
      partitions: parts.length, done: parts.filter((x) => x.status === 'done').length, running: parts.filter((x) => x.status === 'running').length,
      scored: parts.reduce((s, x) => s + Number(x.scored), 0),
    });
    await reclaimStale(ctx, runId);
    const finished = await tryFinish(ctx, engine, runId);
    if (finished) return finished;
    if (opts.signal?.aborted) throw new Error('stopped waiting; the run goes on in the workers');
    await new Promise((r) => setTimeout(r, opts.pollMs ?? 500));
  }
}

/** `concord run --local`: this process works through the run's queued partitions itself, then finishes the run. */
export async function runPartitionsHere(ctx: AppContext, engine: Engine, runId: string, hooks?: PartitionHooks): Promise<NightlyRunOut> {
  const parts = await ctx.db.selectFrom('nightly_partition').select(['part_no', 'generation']).where('run_id', '=', runId).where('status', '=', 'queued').orderBy('part_no').execute();
  for (const p of parts) await processPartition(ctx, engine, { runId, part: p.part_no, gen: p.generation }, hooks ? { hooks } : {});
  return awaitRun(ctx, engine, runId);
}
