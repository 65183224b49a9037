// Job definitions carry a name, a version and a payload schema (DESIGN §6, documenso's model).
// A handler is a thin function that calls a module's service.
import type { Transaction } from 'kysely';
import type { z } from 'zod';
import type { DB } from '../db/schema.js';
import type { Logger } from '../platform/logger.js';

export type JobContext = {
  jobId: string;
  /** 1 on the first run. */
  attempt: number;
  logger: Logger;
  /** Aborted when the worker is shutting down and the job should stop at a safe point. */
  signal: AbortSignal;
};

export type JobDefinition<P = unknown> = {
  name: string;
  version: number;
  payload: z.ZodType<P>;
  /** Total runs before the job is marked failed (default 5). */
  maxAttempts?: number;
  /**
   * Long batch jobs (the nightly run's partitions): at most this many at once per worker process, fetched one at a time.
   * The graphile driver runs them on a runner of their own without the local queue, so the first worker to fetch does
   * not cache them all and they spread over every worker process. The sqlite and inline drivers ignore it.
   */
  perProcess?: number;
  /** Upgrade a payload enqueued by an older version of this job. */
  upgrade?: (payload: unknown, fromVersion: number) => unknown;
  handler: (payload: P, ctx: JobContext) => Promise<void>;
};

/** Any job, whatever its payload type: for lists of jobs (JobDefinition is invariant in P). */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type AnyJobDefinition = JobDefinition<any>;

export function defineJob<P>(def: JobDefinition<P>): JobDefinition<P> {
  return def;
}

export type EnqueueOptions = {
  /** Not before this instant. */
  runAt?: Date;
  /** Idempotency key: a second enqueue with the same key while the first is pending is a no-op. */
  jobKey?: string;
  maxAttempts?: number;
  /** Enqueue inside the caller's transaction (transactional outbox). Drivers that cannot honour it run after commit. */
  trx?: Transaction<DB>;
};

export type JobStatus = 'pending' | 'running' | 'succeeded' | 'failed';
export type JobInfo = {
  id: string;
  name: string;
  version: number;
  status: JobStatus;
  attempts: number;
  maxAttempts: number;
  runAt: string;
  lastError: string | null;
  createdAt: string;
  payload: unknown;
};

export type JobFilter = { status?: JobStatus; name?: string; limit?: number };

export type QueueDriver = {
  readonly kind: 'inline' | 'sqlite' | 'graphile';
  /** Validates the payload against the job's schema before it is stored; returns the job id. */
  enqueue(name: string, payload: unknown, opts?: EnqueueOptions): Promise<string>;
  /** Start taking jobs (a worker). A process that only enqueues never calls it. */
  start(opts: { concurrency: number }): Promise<void>;
  /** Stop taking jobs; wait up to timeoutMs for running ones, then release them for another worker. */
  stop(opts?: { timeoutMs?: number }): Promise<void>;
  /** Newest first; `name` keeps one job's kind (a check for one kind is not cut short by the limit). */
  listJobs(filter?: JobFilter): Promise<JobInfo[]>;
  /** Put a failed job back in the queue. */
  retry(jobId: string): Promise<void>;
};

/** Backoff before attempt n+1: 2^n seconds with ±20% jitter, capped at one hour. */
export function backoffMs(attempt: number, random: () => number = Math.random): number {
  const base = Math.min(3_600_000, 1000 * 2 ** attempt);
  return Math.round(base * (0.8 + 0.4 * random()));
}
