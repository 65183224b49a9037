// Durable queue in the application's own database (the `job` table), for embedded SQLite mode.
// The SQL lives in sqlite.store.ts; this file is the worker: polling, concurrency, shutdown.
//
// Crash recovery (chosen design): lease + heartbeat. A running job's `locked_at` is renewed every
// leaseMs/3 while its worker lives; any worker returns `running` rows whose lease is older than
// leaseMs (default 5 min) to pending, at start and then periodically. This stays correct if two
// processes share the file (e.g. `serve` and `worker`). A worker started with a stable `workerId` also
// reclaims its own leftover rows immediately at start, since a restart proves their runner is dead.
// A recovered job keeps the attempt it used, so a job that crashes its worker every time ends failed.
import { randomBytes } from 'node:crypto';
import { hostname } from 'node:os';
import type { Db } from '../db/database.js';
import { AppError } from '../platform/errors.js';
import { systemClock, type Clock } from '../platform/clock.js';
import { newId } from '../platform/ids.js';
import type { Logger } from '../platform/logger.js';
import { backoffMs, type EnqueueOptions, type QueueDriver } from './job.js';
import { QueueErrors, type JobRegistry } from './registry.js';
import { formatError, jobLogger, maxAttemptsFor, settleWithin } from './run.js';
import { createJobStore, type JobRow } from './sqlite.store.js';

export type SqliteQueueDeps = {
  db: Db;
  registry: JobRegistry;
  logger: Logger;
  clock?: Clock;
  /** How often an idle worker looks for due jobs (default 250 ms). A local enqueue wakes it at once. */
  pollMs?: number;
  /** Identifies this worker in `locked_by`. Default: host, pid and a random suffix. */
  workerId?: string;
  /** A running job whose lease is older than this is considered abandoned (default 5 min). */
  leaseMs?: number;
  /** Delay before the next attempt after attempt n failed (default `backoffMs`). Tests inject a fixed one. */
  backoff?: (attempt: number) => number;
};

type Run = { row: JobRow; promise: Promise<void>; released: boolean };
type Session = {
  concurrency: number;
  timer: NodeJS.Timeout;
  controller: AbortController;
  runs: Map<string, Run>;
  pumping: Promise<void> | null;
  again: boolean;
  stopping: boolean;
  lastMaintenance: number;
};
type Outcome = { ok: true } | { ok: false; err: unknown; retryable: boolean };

export function createSqliteQueue(deps: SqliteQueueDeps): QueueDriver {
  const { db, registry, logger } = deps;
  const clock = deps.clock ?? systemClock;
  const pollMs = deps.pollMs ?? 250;
  const leaseMs = deps.leaseMs ?? 5 * 60_000;
  const backoff = deps.backoff ?? ((n: number) => backoffMs(n));
  const workerId = deps.workerId ?? `sqlite:${hostname()}:${process.pid}:${randomBytes(3).toString('hex')}`;
  const store = createJobStore(db, clock);
  let session: Session | null = null;
  let starting: Promise<Session> | null = null;

  /** Ask the session to look for work now; coalesces calls that arrive while it is already looking. */
  function nudge(s: Session): void {
    if (s.stopping) return;
    if (s.pumping) {
      s.again = true;
      return;
    }
    s.again = false;
    s.pumping = pump(s).finally(() => {
      s.pumping = null;
      if (s.again) nudge(s);
    });
  }

  async function pump(s: Session): Promise<void> {
    try {
      await maintain(s);
      while (!s.stopping && s.runs.size < s.concurrency) {
        const row = await store.claim(workerId, registry.names());
        if (!row) break;
        if (s.stopping) {
          await store.release([row.id], workerId); // claimed while stop() began: hand it straight back
          break;
        }
        launch(s, row);
      }
    } catch (err) {
      logger.error({ error: formatError(err), workerId }, 'job queue poll failed');
    }
  }

  /** Renew our leases, then recover other workers' expired ones. Runs inside pump, so never concurrently. */
  async function maintain(s: Session): Promise<void> {
    const t = clock.now().getTime();
    if (t - s.lastMaintenance < leaseMs / 3) return;
    s.lastMaintenance = t;
    await store.heartbeat([...s.runs.keys()], workerId);
    const recovered = await store.recover(leaseMs);
    if (recovered) logger.warn({ recovered, workerId }, 'returned jobs with an expired lease to the queue');
  }

  function launch(s: Session, row: JobRow): void {
    const run: Run = { row, released: false, promise: Promise.resolve() };
    s.runs.set(row.id, run);
    run.promise = execute(s, run).finally(() => {
      s.runs.delete(row.id);
      nudge(s);
    });
  }

  async function attempt(s: Session, row: JobRow, log: Logger): Promise<Outcome> {
    let payload: unknown;
    try {
      payload = registry.parse(row.task, row.payload_json, row.version);
    } catch (err) {
      return { ok: false, err, retryable: false }; // a payload this code cannot read will not improve with retries
    }
    try {
      await registry.get(row.task).handler(payload, { jobId: row.id, attempt: row.attempts, logger: log, signal: s.controller.signal });
      return { ok: true };
    } catch (err) {
      return { ok: false, err, retryable: true };
    }
  }

  async function execute(s: Session, run: Run): Promise<void> {
    const { row } = run;
    const log = jobLogger(logger, row.task, row.id, row.attempts);
    const outcome = await attempt(s, row, log);
    if (run.released) return; // stop() timed out and gave the job back; it is not ours to finish
    try {
      if (outcome.ok) await store.succeed(row.id, workerId);
      // An error after the shutdown signal is the handler stopping at a safe point, not a failure.
      else if (s.controller.signal.aborted) await store.release([row.id], workerId);
      else await recordFailure(row, outcome.err, outcome.retryable, log);
    } catch (err) {
      log.error({ error: formatError(err) }, 'could not record the job outcome');
    }
  }

  async function recordFailure(row: JobRow, err: unknown, retryable: boolean, log: Logger): Promise<void> {
    const error = formatError(err);
    const retryAt = retryable && row.attempts < row.max_attempts ? new Date(clock.now().getTime() + backoff(row.attempts)) : null;
    log.warn({ error, retryAt }, retryAt ? 'job attempt failed; will retry' : 'job failed');
    await store.fail(row.id, workerId, error, retryAt);
  }

  async function enqueue(name: string, payload: unknown, opts: EnqueueOptions = {}): Promise<string> {
    const def = registry.get(name);
    const parsed = registry.parse(name, payload);
    const id = await store.insert(opts.trx ?? db, {
      id: newId(), task: name, version: def.version, payload: parsed, maxAttempts: maxAttemptsFor(def, opts),
      runAt: opts.runAt ?? clock.now(), jobKey: opts.jobKey ?? null,
    });
    // With a trx on SQLite the claim waits for the single connection, i.e. for the commit; on
    // PostgreSQL it may run before the commit and miss the job, which the next poll then finds.
    if (session) nudge(session);
    return id;
  }

  async function start(opts: { concurrency: number }): Promise<void> {
    if (session || starting) throw new Error('job queue already started');
    if (!Number.isInteger(opts.concurrency) || opts.concurrency < 1) throw new Error('concurrency must be an integer ≥ 1');
    starting = openSession(opts.concurrency);
    try {
      session = await starting;
    } finally {
      starting = null;
    }
    logger.info({ workerId, concurrency: opts.concurrency }, 'job worker started');
    nudge(session);
  }

  async function openSession(concurrency: number): Promise<Session> {
    registry.assertCovers(await store.queuedTasks()); // refuse to boot rather than leave jobs stranded
    const recovered = await store.recover(leaseMs, workerId);
    if (recovered) logger.warn({ recovered, workerId }, 'returned jobs of a stopped worker to the queue');
    const s: Session = {
      concurrency, controller: new AbortController(), runs: new Map(), pumping: null, again: false,
      stopping: false, lastMaintenance: clock.now().getTime(), timer: setInterval(() => nudge(s), pollMs),
    };
    return s;
  }

  async function stop(opts: { timeoutMs?: number } = {}): Promise<void> {
    await starting?.catch(() => undefined); // a stop during start must stop the session start is opening
    const s = session;
    if (!s) return;
    session = null;
    s.stopping = true;
    clearInterval(s.timer);
    s.controller.abort();
    await s.pumping; // a claim in flight either launches its job (awaited below) or releases it
    const runs = [...s.runs.values()];
    if (await settleWithin(Promise.all(runs.map((r) => r.promise)), opts.timeoutMs ?? 30_000)) return;
    const left = runs.filter((r) => s.runs.has(r.row.id));
    for (const r of left) r.released = true;
    await store.release(left.map((r) => r.row.id), workerId);
    logger.warn({ jobs: left.map((r) => r.row.id), workerId }, 'stop timed out; released unfinished jobs to the queue');
  }

  return {
    kind: 'sqlite',
    enqueue,
    start,
    stop,
    listJobs: (filter) => store.list(filter),
    async retry(jobId) {
      if (!(await store.retry(jobId))) throw new AppError(QueueErrors['queue.not_retryable'], { id: jobId });
      if (session) nudge(session);
    },
  };
}
