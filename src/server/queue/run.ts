// Helpers shared by the queue drivers: how a failure is recorded, how a run is logged, and which
// defaults apply. Keeping them here makes the three drivers record failures the same way.
import { AppError } from '../platform/errors.js';
import type { Logger } from '../platform/logger.js';
import type { EnqueueOptions, JobDefinition, JobFilter, JobInfo } from './job.js';

export const DEFAULT_MAX_ATTEMPTS = 5;
export const DEFAULT_LIST_LIMIT = 100;
const MAX_LIST_LIMIT = 1000;
const STACK_LINES = 6;
const MAX_ERROR_CHARS = 4000;

/** The total runs a job gets: the enqueue option, else the definition's, else 5. */
export function maxAttemptsFor(def: JobDefinition<unknown>, opts: EnqueueOptions = {}): number {
  const n = opts.maxAttempts ?? def.maxAttempts ?? DEFAULT_MAX_ATTEMPTS;
  if (!Number.isInteger(n) || n < 1) throw new Error(`job ${def.name}: maxAttempts must be an integer ≥ 1`);
  return n;
}

/**
 * `last_error` text: the message plus the first stack lines. An operator reads it in the job list,
 * so it must say what broke and where without storing a whole trace for every retry.
 */
export function formatError(err: unknown): string {
  if (!(err instanceof Error)) return String(err).slice(0, MAX_ERROR_CHARS);
  const head = err instanceof AppError ? `${err.code} ${JSON.stringify(err.details)}` : `${err.name}: ${err.message}`;
  const frames = (err.stack ?? '')
    .split('\n')
    .filter((l) => l.trimStart().startsWith('at '))
    .slice(0, STACK_LINES);
  return [head, ...frames].join('\n').slice(0, MAX_ERROR_CHARS);
}

/** The logger a handler receives: scoped to one run so its lines can be grepped by job id. */
export function jobLogger(logger: Logger, name: string, jobId: string, attempt: number): Logger {
  return logger.child({ job: name, jobId, attempt });
}

export function listLimit(limit: number | undefined): number {
  return Math.min(Math.max(1, limit ?? DEFAULT_LIST_LIMIT), MAX_LIST_LIMIT);
}

/** Filter and order (newest first) an in-memory list the way the SQL drivers do. */
export function filterJobs(jobs: Iterable<JobInfo>, filter: JobFilter = {}): JobInfo[] {
  const all = [...jobs].filter((j) => (!filter.status || j.status === filter.status) && (!filter.name || j.name === filter.name));
  return all.reverse().slice(0, listLimit(filter.limit));
}

/** Wait for `work`, or give up after `ms`. True when the work finished in time. */
export async function settleWithin(work: Promise<unknown>, ms: number): Promise<boolean> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<false>((resolve) => {
    timer = setTimeout(() => resolve(false), ms);
  });
  try {
    return await Promise.race([work.then(() => true, () => true), timeout]);
  } finally {
    clearTimeout(timer);
  }
}
