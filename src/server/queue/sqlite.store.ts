// SQL for the durable queue in the `job` table. Written with plain Kysely (no dialect branches) so the
// same statements run on SQLite (the embedded mode this is for) and on PostgreSQL (tests).
//
// Row life cycle: pending → running (claim: attempts + 1, locked_by/locked_at set) → succeeded | failed,
// or back to pending on a retryable error (run_at moved by the backoff), on a release at shutdown
// (attempt given back) or on crash recovery (attempt kept, so a job that kills its worker ends failed).
// job_key is only held by pending/running rows: a finished job gives its key up so it can be reused.
import type { Kysely, Selectable, Transaction } from 'kysely';
import type { Db } from '../db/database.js';
import type { DB } from '../db/schema.js';
import { isoNow, type Clock } from '../platform/clock.js';
import type { JobFilter, JobInfo } from './job.js';
import type { JobTable } from './queue.tables.js';
import { listLimit } from './run.js';

export type JobRow = Selectable<JobTable>;
type Exec = Kysely<DB> | Transaction<DB>;

export type NewJob = { id: string; task: string; version: number; payload: unknown; maxAttempts: number; runAt: Date; jobKey: string | null };

export const INTERRUPTED = 'interrupted: the worker running this job stopped without finishing it (lease expired)';

export function toJobInfo(r: JobRow): JobInfo {
  return {
    id: r.id, name: r.task, version: r.version, status: r.status, attempts: r.attempts, maxAttempts: r.max_attempts,
    runAt: r.run_at, lastError: r.last_error, createdAt: r.created_at, payload: r.payload_json,
  };
}

export type JobStore = ReturnType<typeof createJobStore>;

export function createJobStore(db: Db, clock: Clock) {
  const now = () => isoNow(clock);
  /** Only the worker that claimed a row may finish it, and only while it still holds it. */
  const held = (id: string, workerId: string) =>
    db.updateTable('job').where('id', '=', id).where('locked_by', '=', workerId).where('status', '=', 'running');

  return {
    /** Insert a pending job; with a key that a pending job already holds, return that job's id instead. */
    async insert(exec: Exec, job: NewJob): Promise<string> {
      const t = now();
      if (job.jobKey) {
        // A running job with this key started before the caller's new information: let it finish,
        // but give its key to a fresh job so the new state is acted on (graphile-worker does the same).
        await exec.updateTable('job').set({ job_key: null, updated_at: t }).where('job_key', '=', job.jobKey).where('status', '=', 'running').execute();
      }
      const res = await exec
        .insertInto('job')
        .values({
          id: job.id, task: job.task, version: job.version, payload_json: JSON.stringify(job.payload ?? null), status: 'pending',
          attempts: 0, max_attempts: job.maxAttempts, run_at: job.runAt.toISOString(), job_key: job.jobKey, locked_by: null,
          locked_at: null, last_error: null, created_at: t, updated_at: t, finished_at: null,
        })
        .onConflict((oc) => oc.column('job_key').doNothing())
        .executeTakeFirst();
      if (Number(res.numInsertedOrUpdatedRows ?? 0) > 0 || !job.jobKey) return job.id;
      const existing = await exec.selectFrom('job').select('id').where('job_key', '=', job.jobKey).executeTakeFirstOrThrow();
      return existing.id;
    },

    /**
     * Atomically take the oldest due job this worker can run. The outer `status = 'pending'` makes a
     * lost race (another worker updated the row first) return nothing instead of a double claim.
     */
    async claim(workerId: string, tasks: string[]): Promise<JobRow | undefined> {
      if (tasks.length === 0) return undefined;
      const t = now();
      return db
        .updateTable('job')
        .set((eb) => ({ status: 'running', locked_by: workerId, locked_at: t, updated_at: t, attempts: eb('attempts', '+', 1) }))
        .where('status', '=', 'pending')
        .where('id', '=', (eb) =>
          eb.selectFrom('job').select('id').where('status', '=', 'pending').where('run_at', '<=', t).where('task', 'in', tasks).orderBy('run_at').orderBy('id').limit(1),
        )
        .returningAll()
        .executeTakeFirst();
    },

    async succeed(id: string, workerId: string): Promise<void> {
      const t = now();
      await held(id, workerId).set({ status: 'succeeded', job_key: null, locked_by: null, locked_at: null, finished_at: t, updated_at: t }).execute();
    },

    /** Record a failed attempt: back to pending at `retryAt`, or failed for good when it is null. */
    async fail(id: string, workerId: string, error: string, retryAt: Date | null): Promise<void> {
      const t = now();
      const common = { last_error: error, locked_by: null, locked_at: null, updated_at: t };
      const set = retryAt
        ? { ...common, status: 'pending' as const, run_at: retryAt.toISOString() }
        : { ...common, status: 'failed' as const, job_key: null, finished_at: t };
      await held(id, workerId).set(set).execute();
    },

    /** Give unfinished jobs back at shutdown. The attempt is returned: the job did not fail. */
    async release(ids: string[], workerId: string): Promise<void> {
      if (ids.length === 0) return;
      await db
        .updateTable('job')
        .set((eb) => ({ status: 'pending', attempts: eb('attempts', '-', 1), locked_by: null, locked_at: null, updated_at: now() }))
        .where('id', 'in', ids)
        .where('locked_by', '=', workerId)
        .where('status', '=', 'running')
        .execute();
    },

    /** Renew the lease on jobs this worker is still running, so no other worker recovers them. */
    async heartbeat(ids: string[], workerId: string): Promise<void> {
      if (ids.length === 0) return;
      await db.updateTable('job').set({ locked_at: now() }).where('id', 'in', ids).where('locked_by', '=', workerId).where('status', '=', 'running').execute();
    },

    /**
     * Return `running` rows whose worker is gone: lease older than `leaseMs`, or (at boot only,
     * `ownId`) locked under this worker's own id, which a restart with a stable workerId proves dead.
     * The attempt stays counted; a job that has none left is failed instead. Returns rows touched.
     */
    async recover(leaseMs: number, ownId?: string): Promise<number> {
      const t = now();
      const cutoff = new Date(clock.now().getTime() - leaseMs).toISOString();
      const stale = db
        .updateTable('job')
        .where('status', '=', 'running')
        .where((eb) => (ownId ? eb.or([eb('locked_at', '<', cutoff), eb('locked_by', '=', ownId)]) : eb('locked_at', '<', cutoff)));
      const common = { last_error: INTERRUPTED, locked_by: null, locked_at: null, updated_at: t };
      const failed = await stale
        .set({ ...common, status: 'failed', job_key: null, finished_at: t })
        .where((eb) => eb('attempts', '>=', eb.ref('max_attempts')))
        .executeTakeFirst();
      const retried = await stale.set({ ...common, status: 'pending', run_at: t }).executeTakeFirst();
      return Number(failed.numUpdatedRows) + Number(retried.numUpdatedRows);
    },

    /** Names of jobs still to run, for the boot check that this process has a handler for each. */
    async queuedTasks(): Promise<string[]> {
      const rows = await db.selectFrom('job').select('task').distinct().where('status', 'in', ['pending', 'running']).execute();
      return rows.map((r) => r.task);
    },

    async list(filter: JobFilter = {}): Promise<JobInfo[]> {
      let q = db.selectFrom('job').selectAll().orderBy('created_at', 'desc').orderBy('id', 'desc').limit(listLimit(filter.limit));
      if (filter.status) q = q.where('status', '=', filter.status);
      if (filter.name) q = q.where('task', '=', filter.name);
      return (await q.execute()).map(toJobInfo);
    },

    /** Failed → pending with a fresh set of attempts. False when the job is missing or not failed. */
    async retry(id: string): Promise<boolean> {
      const t = now();
      const res = await db
        .updateTable('job')
        .set({ status: 'pending', attempts: 0, run_at: t, finished_at: null, updated_at: t })
        .where('id', '=', id)
        .where('status', '=', 'failed')
        .executeTakeFirst();
      return Number(res.numUpdatedRows) > 0;
    },
  };
}
