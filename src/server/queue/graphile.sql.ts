// The SQL the graphile driver runs itself, against graphile-worker 0.17's schema: `add_job` (so an
// enqueue can join the caller's transaction), the `jobs` view for listing, `reschedule_jobs` for retry.
// Every statement is plain text with $n parameters so it runs on a pg client or in a Kysely transaction.
import type { JobInfo, JobStatus } from './job.js';

export type RunSql = <R>(text: string, values: unknown[]) => Promise<R[]>;

/** The payload graphile stores: our job version next to the payload, so old jobs can be upgraded. */
export type Envelope = { v: number; p: unknown };

export function unwrapEnvelope(raw: unknown): Envelope {
  // Jobs added by other tools (e.g. graphile's CLI) carry a bare payload: treat it as version 1.
  if (raw && typeof raw === 'object' && 'v' in raw && 'p' in raw && Number.isInteger((raw as Envelope).v)) return raw as Envelope;
  return { v: 1, p: raw };
}

export function quoteSchema(schema: string): string {
  if (!/^[a-z_][a-z0-9_]{0,62}$/.test(schema)) throw new Error(`invalid graphile-worker schema name "${schema}"`);
  return `"${schema}"`;
}

export type AddJobArgs = { name: string; envelope: Envelope; runAt: Date | null; maxAttempts: number; jobKey: string | null };

/**
 * Add a job; with a key that an unstarted, unfailed job holds, return that job instead (the
 * `EnqueueOptions.jobKey` contract). graphile's own `replace` mode would overwrite the payload, so
 * the check comes first; two racing enqueues still end as one job (the later payload wins).
 */
export async function addJob(run: RunSql, q: string, a: AddJobArgs): Promise<string> {
  if (a.jobKey) {
    const existing = await run<{ id: string }>(
      `select id::text as id from ${q}.jobs where key = $1 and locked_at is null and attempts < max_attempts limit 1`,
      [a.jobKey],
    );
    if (existing[0]) return existing[0].id;
  }
  const rows = await run<{ id: string }>(
    `select id::text as id from ${q}.add_job(identifier => $1::text, payload => $2::json, run_at => $3::timestamptz, max_attempts => $4::int, job_key => $5::text)`,
    [a.name, JSON.stringify(a.envelope), a.runAt ? a.runAt.toISOString() : null, a.maxAttempts, a.jobKey],
  );
  if (!rows[0]) throw new Error(`graphile-worker add_job returned no row for ${a.name}`);
  return rows[0].id;
}

// graphile deletes a job when it succeeds, so only these three states exist in its table. A job
// locked into a worker's local queue counts as running even before its handler starts.
const STATUS = `case when j.locked_at is not null then 'running' when j.attempts >= j.max_attempts then 'failed' else 'pending' end`;

type ListRow = {
  id: string; name: string; payload: unknown; status: JobStatus; attempts: number; max_attempts: number;
  run_at: Date | string; last_error: string | null; created_at: Date | string;
};

const iso = (d: Date | string): string => new Date(d).toISOString();

export async function listJobs(run: RunSql, q: string, status: JobStatus | null, limit: number, name: string | null = null): Promise<JobInfo[]> {
  // The public `jobs` view has no payload column, so join the table behind it by id.
  const rows = await run<ListRow>(
    `select * from (
       select j.id::text as id, j.task_identifier as name, p.payload, ${STATUS} as status, j.attempts, j.max_attempts,
              j.run_at, j.last_error, j.created_at
       from ${q}.jobs j join ${q}._private_jobs p on p.id = j.id
     ) s where ($1::text is null or s.status = $1::text) and ($3::text is null or s.name = $3::text) order by s.id::bigint desc limit $2::int`,
    [status, limit, name],
  );
  return rows.map((r) => {
    const env = unwrapEnvelope(r.payload);
    return {
      id: r.id, name: r.name, version: env.v, status: r.status, attempts: r.attempts, maxAttempts: r.max_attempts,
      runAt: iso(r.run_at), lastError: r.last_error, createdAt: iso(r.created_at), payload: env.p,
    };
  });
}

/** Names of jobs that may still run, for the boot check. */
export async function queuedTasks(run: RunSql, q: string): Promise<string[]> {
  const rows = await run<{ name: string }>(`select distinct task_identifier as name from ${q}.jobs where attempts < max_attempts`, []);
  return rows.map((r) => r.name);
}

/**
 * Failed job → runnable now with attempts reset. `WorkerUtils.rescheduleJobs` cannot do it: it sends
 * `attempts || null`, so 0 is dropped. Returns false when the job is missing, locked or not failed.
 */
export async function retryJob(run: RunSql, q: string, id: string): Promise<boolean> {
  if (!/^\d+$/.test(id)) return false;
  const rows = await run<{ id: string }>(
    `select r.id::text as id from ${q}.reschedule_jobs(array(
       select j.id from ${q}.jobs j where j.id = $1::bigint and j.locked_at is null and j.attempts >= j.max_attempts
     ), run_at => now(), attempts => 0) r`,
    [id],
  );
  return rows.length > 0;
}

/** Make the current attempt the last, for errors that retrying cannot fix (unreadable payload). */
export async function exhaustAttempts(run: RunSql, q: string, id: string): Promise<void> {
  await run(`update ${q}._private_jobs set max_attempts = attempts where id = $1::bigint`, [id]);
}

/** The newest graphile migration applied to the schema: changes only when a graphile release migrates it. */
export async function schemaRevision(run: RunSql, q: string): Promise<number> {
  const rows = await run<{ id: number | string }>(`select max(id) as id from ${q}.migrations`, []);
  return Number(rows[0]?.id ?? 0);
}
