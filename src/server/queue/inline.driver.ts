// In-memory queue for tests: no storage, no timers. A job runs as soon as it is enqueued and is
// retried back to back (no backoff sleeps) until it succeeds or uses up maxAttempts.
//
// Deliberate differences from the durable drivers, so tests stay simple:
// - `enqueue` without `trx` awaits the whole run (all attempts) before it resolves; a handler's
//   failure is recorded on the job (see listJobs), never thrown at the caller.
// - `enqueue` with `trx` returns at once (awaiting the handler inside the caller's transaction would
//   deadlock on SQLite: one connection) and starts the run once the transaction has committed — it
//   probes the transaction until Kysely reports it committed or rolled back; after a rollback the job
//   does not run, as with the durable drivers. Call `drain()` to wait for such runs.
// - `runAt` is recorded but ignored: jobs run immediately.
import { sql } from 'kysely';
import { AppError } from '../platform/errors.js';
import { systemClock, type Clock } from '../platform/clock.js';
import { newId } from '../platform/ids.js';
import type { Logger } from '../platform/logger.js';
import type { EnqueueOptions, JobDefinition, JobInfo, QueueDriver } from './job.js';
import { QueueErrors, type JobRegistry } from './registry.js';
import { filterJobs, formatError, jobLogger, maxAttemptsFor, settleWithin } from './run.js';

export type InlineQueueDeps = { registry: JobRegistry; logger: Logger; clock?: Clock };
export type InlineQueue = QueueDriver & {
  readonly kind: 'inline';
  /** Resolves when no run is in flight, including runs started by handlers while draining. */
  drain(): Promise<void>;
};

type Entry = { info: JobInfo; key: string | null; def: JobDefinition<unknown> };

export function createInlineQueue(deps: InlineQueueDeps): InlineQueue {
  const { registry, logger } = deps;
  const clock = deps.clock ?? systemClock;
  const jobs = new Map<string, Entry>(); // insertion order = creation order
  const inflight = new Set<Promise<void>>();
  let controller = new AbortController();

  async function execute(entry: Entry): Promise<void> {
    const { info, def } = entry;
    while (info.attempts < info.maxAttempts) {
      info.attempts += 1;
      info.status = 'running';
      const log = jobLogger(logger, info.name, info.id, info.attempts);
      try {
        await def.handler(info.payload, { jobId: info.id, attempt: info.attempts, logger: log, signal: controller.signal });
        info.status = 'succeeded';
        entry.key = null;
        return;
      } catch (err) {
        info.lastError = formatError(err);
        log.warn({ error: info.lastError }, 'job attempt failed');
      }
    }
    info.status = 'failed';
    entry.key = null;
  }

  function track(run: Promise<void>): Promise<void> {
    inflight.add(run);
    void run.finally(() => inflight.delete(run));
    return run;
  }

  function pendingWithKey(key: string): Entry | undefined {
    for (const e of jobs.values()) if (e.key === key && e.info.status === 'pending') return e;
    return undefined;
  }

  async function enqueue(name: string, payload: unknown, opts: EnqueueOptions = {}): Promise<string> {
    const def = registry.get(name);
    const parsed = registry.parse(name, payload);
    const dup = opts.jobKey ? pendingWithKey(opts.jobKey) : undefined;
    if (dup) return dup.info.id;
    const now = clock.now().toISOString();
    const info: JobInfo = {
      id: newId(), name, version: def.version, status: 'pending', attempts: 0, maxAttempts: maxAttemptsFor(def, opts),
      runAt: (opts.runAt ?? clock.now()).toISOString(), lastError: null, createdAt: now, payload: parsed,
    };
    const entry: Entry = { info, key: opts.jobKey ?? null, def };
    jobs.set(info.id, entry);
    if (opts.trx) {
      const trx = opts.trx;
      track(afterCommit(trx).then(async (committed) => {
        if (committed) await execute(entry);
        else jobs.delete(info.id);
      }));
    } else {
      await track(execute(entry));
    }
    return info.id;
  }

  /** Resolves true once `trx` has committed, false once it rolled back (Kysely refuses queries on a finished transaction). */
  async function afterCommit(trx: NonNullable<EnqueueOptions['trx']>): Promise<boolean> {
    for (let wait = 0; ; wait = Math.min(20, wait + 1)) {
      await new Promise<void>((resolve) => (wait === 0 ? setImmediate(resolve) : setTimeout(resolve, wait)));
      try {
        await sql`select 1`.execute(trx);
      } catch (e) {
        const m = String((e as Error).message);
        if (m.includes('already committed')) return true;
        if (m.includes('already rolled back')) return false;
        throw e;
      }
    }
  }

  async function drain(): Promise<void> {
    // Handlers may enqueue more deferred runs, so loop until nothing is left.
    while (inflight.size > 0) await Promise.allSettled([...inflight]);
  }

  return {
    kind: 'inline',
    enqueue,
    drain,
    async start() {
      // Jobs already run on enqueue; a fresh signal lets a stopped queue be reused.
      if (controller.signal.aborted) controller = new AbortController();
    },
    async stop(opts = {}) {
      controller.abort();
      await settleWithin(drain(), opts.timeoutMs ?? 30_000);
    },
    async listJobs(filter = {}) {
      return filterJobs([...jobs.values()].map((e) => ({ ...e.info })), filter);
    },
    async retry(jobId) {
      const entry = jobs.get(jobId);
      if (!entry || entry.info.status !== 'failed') throw new AppError(QueueErrors['queue.not_retryable'], { id: jobId });
      entry.info.attempts = 0;
      entry.info.status = 'pending';
      await track(execute(entry));
    },
  };
}
