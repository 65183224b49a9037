// PostgreSQL queue on graphile-worker 0.17 (STACK §4): many `concord worker` processes share jobs,
// woken by LISTEN/NOTIFY, with the local queue on for throughput.
//
// Differences from the sqlite driver, all from graphile's model:
// - Succeeded jobs are deleted by graphile, so `listJobs` never shows `succeeded`.
// - Retries use graphile's backoff (exp(min(attempts,10)) seconds), not `backoffMs`.
// - The abort signal fires when stop() begins. A handler that then throws counts as a failed attempt
//   (graphile has no "release"); jobs still running when stop() times out are failed by graphile's
//   forceful shutdown and retried later.
// - stop() also releases the connection pool used by enqueue; a later enqueue opens a new one.
// - graphile stops every worker on the server when *any* graphile schema runs a breaking migration
//   (its `worker:migrate` NOTIFY channel is global). The driver restarts its worker when its own
//   schema did not change, so tests and side-by-side deployments with other schemas keep running.
import { CompiledQuery } from 'kysely';
import { Logger as GraphileLogger, makeWorkerUtils, run, type Runner, type Task, type TaskList, type WorkerUtils } from 'graphile-worker';
import { AppError } from '../platform/errors.js';
import type { Clock } from '../platform/clock.js';
import type { Logger } from '../platform/logger.js';
import type { EnqueueOptions, JobDefinition, QueueDriver } from './job.js';
import { QueueErrors, type JobRegistry } from './registry.js';
import { formatError, jobLogger, listLimit, maxAttemptsFor, settleWithin } from './run.js';
import * as gsql from './graphile.sql.js';

export type GraphileQueueDeps = {
  connectionString: string;
  /** graphile-worker's schema (default `graphile_worker`); created and migrated on first use. */
  schema?: string;
  registry: JobRegistry;
  logger: Logger;
  /** Accepted for symmetry with the other drivers; graphile schedules by PostgreSQL's clock. */
  clock?: Clock;
  /** Poll interval for future/retried jobs; new jobs arrive by NOTIFY (default 2000 ms). */
  pollMs?: number;
  /** Jobs fetched and locked per batch (default max(concurrency + 1, 100)); STACK §4 measured 500 fastest. */
  localQueueSize?: number;
  /** Called when the worker stops by itself and cannot safely restart (e.g. a newer release migrated
   * graphile's schema); main should exit so the supervisor starts the new code. */
  onWorkerExit?: (reason: string) => void;
};

/** graphile logs go to our logger at debug; real errors (not a task failure we log ourselves) stay errors. */
function bridgeLogger(log: Logger): GraphileLogger {
  return new GraphileLogger((scope) => (level, message, meta) => {
    // Only the scope is passed on: graphile's meta holds whole jobs, i.e. payloads with personal data.
    const fields = { gw: { label: scope.label, workerId: scope.workerId, task: scope.taskIdentifier, jobId: scope.jobId } };
    if (String(level) === 'error' && !meta?.failure) log.error(fields, message);
    else log.debug(fields, message);
  });
}

/** The runners of one start: the main one (local queue on) and one per job with `perProcess` (fetching one at a time). */
type Runners = { promise: Promise<void>; stop(): Promise<void>; kill(): Promise<void> };
type Started = { runner: Runners; revision: number };

/** Several graphile runners as one: settles when the first ends (watch() then stops the others). */
function combine(rs: Runner[]): Runners {
  return {
    promise: Promise.race(rs.map((r) => r.promise)),
    async stop() {
      await Promise.all(rs.map((r) => Promise.allSettled([r.stop().catch(() => undefined), r.promise])));
    },
    async kill() {
      await Promise.all(rs.map((r) => r.kill().catch(() => undefined)));
    },
  };
}

const pgRunner = (u: WorkerUtils): gsql.RunSql => async <R>(text: string, values: unknown[]) =>
  u.withPgClient(async (c) => (await c.query(text, values)).rows as R[]);

export function createGraphileQueue(deps: GraphileQueueDeps): QueueDriver {
  const { connectionString, registry, logger } = deps;
  const schema = deps.schema ?? 'graphile_worker';
  const q = gsql.quoteSchema(schema);
  const gwLogger = bridgeLogger(logger);
  let utilsP: Promise<WorkerUtils> | null = null;
  let runner: Runners | null = null;
  let starting: Promise<Started> | null = null;
  /** Set by start(), cleared by stop(): whether a worker should be running at all. */
  let wanted: { concurrency: number } | null = null;
  let restarts: number[] = [];
  let controller = new AbortController();

  /** WorkerUtils, created (and graphile's schema migrated) on first use. */
  function utils(): Promise<WorkerUtils> {
    utilsP ??= (async () => {
      const u = await makeWorkerUtils({ connectionString, schema, logger: gwLogger });
      try {
        await u.migrate();
        return u;
      } catch (err) {
        await u.release();
        throw err;
      }
    })().catch((err: unknown) => {
      utilsP = null; // let the next call try again
      throw err;
    });
    return utilsP;
  }

  function taskFor(def: JobDefinition<unknown>): Task {
    return async (raw, helpers) => {
      const { job } = helpers;
      const log = jobLogger(logger, def.name, job.id, job.attempts);
      const env = gsql.unwrapEnvelope(raw);
      let payload: unknown;
      try {
        payload = registry.parse(def.name, env.p, env.v);
      } catch (err) {
        // Retrying cannot fix an unreadable payload: make this attempt the last one.
        const inJob: gsql.RunSql = async <R>(text: string, values: unknown[]) => (await helpers.query(text, values)).rows as R[];
        await gsql.exhaustAttempts(inJob, q, job.id);
        throw new Error(formatError(err), { cause: err });
      }
      const signal = AbortSignal.any([helpers.abortSignal, controller.signal]);
      try {
        await def.handler(payload, { jobId: job.id, attempt: job.attempts, logger: log, signal });
      } catch (err) {
        // graphile stores only err.message; give it our message-plus-stack text like the other drivers.
        const error = formatError(err);
        log.warn({ error, maxAttempts: job.max_attempts }, 'job attempt failed');
        throw new Error(error, { cause: err });
      }
    };
  }

  /** The main runner's tasks: every job without `perProcess` (those get runners of their own). */
  function taskList(): TaskList {
    const list: TaskList = {};
    for (const name of registry.names()) if (!registry.get(name).perProcess) list[name] = taskFor(registry.get(name));
    return list;
  }

  async function enqueue(name: string, payload: unknown, opts: EnqueueOptions = {}): Promise<string> {
    const def = registry.get(name);
    const args: gsql.AddJobArgs = {
      name, envelope: { v: def.version, p: registry.parse(name, payload) }, runAt: opts.runAt ?? null,
      maxAttempts: maxAttemptsFor(def, opts), jobKey: opts.jobKey ?? null,
    };
    const u = await utils(); // also makes sure graphile's schema exists before a trx refers to it
    if (!opts.trx) return gsql.addJob(pgRunner(u), q, args);
    // Transactional outbox: add_job runs on the caller's connection and commits or rolls back with it.
    // The trx must belong to the same PostgreSQL database as `connectionString`.
    const trx = opts.trx;
    const inTrx: gsql.RunSql = async <R>(text: string, values: unknown[]) => (await trx.executeQuery<R>(CompiledQuery.raw(text, values))).rows;
    return gsql.addJob(inTrx, q, args);
  }

  async function start(opts: { concurrency: number }): Promise<void> {
    if (runner || starting) throw new Error('job queue already started');
    if (!Number.isInteger(opts.concurrency) || opts.concurrency < 1) throw new Error('concurrency must be an integer ≥ 1');
    wanted = { concurrency: opts.concurrency };
    try {
      await launch(opts.concurrency);
    } catch (err) {
      wanted = null;
      throw err;
    }
    logger.info({ concurrency: opts.concurrency, schema }, 'job worker started');
  }

  async function launch(concurrency: number): Promise<void> {
    starting = startRunner(concurrency);
    let started: Started;
    try {
      started = await starting;
    } finally {
      starting = null;
    }
    runner = started.runner;
    void watch(started, concurrency);
  }

  /**
   * The runner ended without stop(). With graphile's schema unchanged (typically another schema's
   * migration notice, or a pool error) start a new one; if the schema moved on, a newer release owns
   * the queue and running this code against it is unsafe, so stay stopped and report.
   */
  async function watch({ runner: r, revision }: Started, concurrency: number): Promise<void> {
    const err = await r.promise.then(() => null, (e: unknown) => e);
    if (runner !== r) return; // stop() ended it
    runner = null;
    await r.stop().catch(() => undefined); // the other runners of that start
    // Only use a pool that exists: creating one here after stop() had released it would leak it.
    const now = utilsP ? await utilsP.then((u) => gsql.schemaRevision(pgRunner(u), q)).catch(() => null) : null;
    // Re-check after the await: stop() may have run meanwhile, and must not be followed by a restart.
    if (!wanted) return;
    if (now !== revision) return report(`graphile schema ${schema} moved from migration ${revision} to ${now ?? 'unknown'}`);
    const why = err ? formatError(err) : 'graphile shut its worker pool down';
    if (!restartBudget()) return report(`${why}; too many restarts in a minute`);
    logger.warn({ schema, why }, 'graphile worker stopped by itself with its schema unchanged; restarting it');
    // launch() sets `starting` synchronously, so a stop() from here on waits for it and stops it.
    await launch(concurrency).catch((e: unknown) => report(`restart failed: ${formatError(e)}`));
  }

  /** At most 30 automatic restarts a minute: enough for bursts of foreign notices, not a hot loop. */
  function restartBudget(): boolean {
    const t = Date.now();
    restarts = restarts.filter((x) => t - x < 60_000);
    if (restarts.length >= 30) return false;
    restarts.push(t);
    return true;
  }

  function report(reason: string): void {
    if (!wanted) return;
    logger.error({ schema, reason }, 'graphile worker stopped by itself; this process no longer runs jobs');
    deps.onWorkerExit?.(reason);
  }

  async function startRunner(concurrency: number): Promise<Started> {
    const u = await utils();
    registry.assertCovers(await gsql.queuedTasks(pgRunner(u), q)); // refuse to boot rather than leave jobs stranded
    const revision = await gsql.schemaRevision(pgRunner(u), q);
    controller = new AbortController();
    const runners: Runner[] = [];
    try {
      runners.push(await run({
        taskList: taskList(),
        noHandleSignals: true, // main owns SIGTERM/SIGINT and calls stop()
        parsedCronItems: [], // recurring jobs come from our own schedule (src/server/jobs.ts), not a crontab file
        preset: {
          worker: {
            connectionString, schema, logger: gwLogger, concurrentJobs: concurrency,
            maxPoolSize: Math.max(10, concurrency + 2), pollInterval: deps.pollMs ?? 2000,
            localQueue: { size: deps.localQueueSize ?? Math.max(concurrency + 1, 100) },
            completeJobBatchDelay: 0,
          },
        },
      }));
      // Long batch jobs: a runner each, without the local queue, so each fetch takes one job for a free slot.
      for (const name of registry.names()) {
        const def = registry.get(name);
        if (!def.perProcess) continue;
        runners.push(await run({
          taskList: { [name]: taskFor(def) }, noHandleSignals: true, parsedCronItems: [],
          preset: { worker: { connectionString, schema, logger: gwLogger, concurrentJobs: def.perProcess, maxPoolSize: def.perProcess + 2, pollInterval: deps.pollMs ?? 2000 } },
        }));
      }
    } catch (err) {
      await combine(runners).stop();
      throw err;
    }
    return { runner: combine(runners), revision };
  }

  async function stopRunner(r: Runners, timeoutMs: number): Promise<void> {
    controller.abort();
    // Each runner's promise settles once graphile has finished its jobs and released its pool; runner.stop() alone
    // rejects at once if graphile is already shutting down by itself (see watch()).
    if (await settleWithin(r.stop(), timeoutMs)) return;
    logger.warn({ timeoutMs }, 'stop timed out; graphile fails the unfinished jobs so they are retried');
    await r.kill().catch((err: unknown) => logger.error({ error: formatError(err) }, 'graphile forceful stop failed'));
  }

  return {
    kind: 'graphile',
    enqueue,
    start,
    async stop(opts = {}) {
      wanted = null;
      await starting?.catch(() => undefined); // a stop during start must stop what start is creating
      const r = runner;
      runner = null;
      if (r) await stopRunner(r, opts.timeoutMs ?? 30_000);
      const u = utilsP;
      utilsP = null;
      if (u) await (await u.catch(() => null))?.release();
    },
    async listJobs(filter = {}) {
      return gsql.listJobs(pgRunner(await utils()), q, filter.status ?? null, listLimit(filter.limit), filter.name ?? null);
    },
    async retry(jobId) {
      if (!(await gsql.retryJob(pgRunner(await utils()), q, jobId))) throw new AppError(QueueErrors['queue.not_retryable'], { id: jobId });
    },
  };
}
