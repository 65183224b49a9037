// The durable job-table queue, on a temp-file SQLite database (and on PostgreSQL when
// TEST_DATABASE_URL is set: the driver's SQL is dialect-neutral).
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Insertable } from 'kysely';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createTestDb, testDatabases, type TestDbKind } from '../../../../test/db.js';
import { openDatabase, type DbHandle } from '../../db/database.js';
import { migrateToLatest } from '../../db/migrator.js';
import { fakeClock } from '../../platform/clock.js';
import { newId } from '../../platform/ids.js';
import type { QueueDriver } from '../job.js';
import type { JobTable } from '../queue.tables.js';
import { JobRegistry } from '../registry.js';
import { createSqliteQueue, type SqliteQueueDeps } from '../sqlite.driver.js';
import { INTERRUPTED } from '../sqlite.store.js';
import { debtorPayload, gate, numberPayload, scriptedJob, silentLogger as logger, versionedJob, waitFor } from './helpers.js';

async function freshDb(kind: TestDbKind): Promise<{ handle: DbHandle; drop(): Promise<void> }> {
  if (kind === 'postgres') {
    const t = await createTestDb('postgres');
    return { handle: t, drop: () => t.drop() };
  }
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'concord-queue-'));
  const handle = openDatabase({ url: `sqlite:${path.join(dir, 'queue.db')}` });
  await migrateToLatest(handle);
  return {
    handle,
    async drop() {
      await handle.close();
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}

const MIN = 60_000;

describe.each(testDatabases())('sqlite (job table) queue on %s', (kind) => {
  let h: { handle: DbHandle; drop(): Promise<void> };
  let drivers: QueueDriver[];
  let clock: ReturnType<typeof fakeClock>;
  let echo: ReturnType<typeof scriptedJob<{ n: number }>>;
  let flaky: ReturnType<typeof scriptedJob<{ n: number }>>;
  let upgraded: unknown[];
  let registry: JobRegistry;

  const db = () => h.handle.db;
  const rowOf = (id: string) => db().selectFrom('job').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
  const iso = (msAgo: number) => new Date(clock.now().getTime() - msAgo).toISOString();
  function make(over: Partial<SqliteQueueDeps> = {}): QueueDriver {
    const q = createSqliteQueue({ db: db(), registry, logger, clock, pollMs: 10, ...over });
    drivers.push(q);
    return q;
  }
  async function insertRow(over: Partial<Insertable<JobTable>>): Promise<string> {
    const t = clock.now().toISOString();
    const id = newId();
    await db()
      .insertInto('job')
      .values({
        id, task: 'test.echo', version: 1, payload_json: JSON.stringify({ n: 0 }), status: 'pending', attempts: 0, max_attempts: 5,
        run_at: t, job_key: null, locked_by: null, locked_at: null, last_error: null, created_at: t, updated_at: t, finished_at: null, ...over,
      })
      .execute();
    return id;
  }
  const statusIs = (id: string, status: string) => async () => {
    const r = await rowOf(id);
    return r.status === status && r;
  };

  // One database per suite, emptied between tests: creating and dropping a PostgreSQL schema per test
  // would race other suites' migrations (Kysely's introspection trips over concurrently dropped schemas).
  beforeAll(async () => {
    h = await freshDb(kind);
  });
  afterAll(() => h.drop());
  beforeEach(() => {
    drivers = [];
    clock = fakeClock();
    echo = scriptedJob('test.echo', numberPayload);
    flaky = scriptedJob('test.flaky', numberPayload, { maxAttempts: 3 });
    upgraded = [];
    const sms = scriptedJob('test.sms', debtorPayload);
    registry = new JobRegistry([echo.def, flaky.def, sms.def, versionedJob(upgraded)]);
  });
  afterEach(async () => {
    for (const d of drivers) await d.stop({ timeoutMs: 1000 });
    await db().deleteFrom('job').execute();
  });

  it('runs due jobs, never more at once than the concurrency', async () => {
    const q = make();
    const hold = gate();
    let active = 0;
    let peak = 0;
    echo.state.behaviour = async () => {
      peak = Math.max(peak, ++active);
      await hold.wait;
      active--;
    };
    const ids: string[] = [];
    for (let n = 0; n < 6; n++) ids.push(await q.enqueue('test.echo', { n }));
    await q.start({ concurrency: 3 });
    await waitFor('three jobs running', () => active === 3);
    expect(await q.listJobs({ status: 'running' })).toHaveLength(3);
    hold.open();
    await waitFor('all jobs done', async () => (await q.listJobs({ status: 'succeeded' })).length === 6);
    expect(peak).toBe(3);
    expect(echo.calls.map((c) => c.payload)).toEqual([0, 1, 2, 3, 4, 5].map((n) => ({ n })));
    expect(echo.calls.map((c) => [c.ctx.jobId, c.ctx.attempt])).toEqual(ids.map((id) => [id, 1]));
  });

  it('wakes at once on a local enqueue instead of waiting for the next poll', async () => {
    const q = make({ pollMs: 3_600_000 });
    await q.start({ concurrency: 1 });
    const id = await q.enqueue('test.echo', { n: 1 });
    await waitFor('the job to run without a poll', statusIs(id, 'succeeded'));
  });

  it('retries with backoff, then fails with the error visible; retry() runs it again', async () => {
    const q = make({ backoff: (n) => n * MIN });
    flaky.state.behaviour = async () => {
      throw new Error('smtp down');
    };
    const id = await q.enqueue('test.flaky', { n: 1 });
    await q.start({ concurrency: 1 });
    let row = await waitFor('first failure', async () => {
      const r = await rowOf(id);
      return r.attempts === 1 && r.status === 'pending' && r;
    });
    expect(row).toMatchObject({ run_at: iso(-1 * MIN), locked_by: null, locked_at: null });
    expect(row.last_error).toMatch(/^Error: smtp down\n\s+at /);
    clock.advance(MIN);
    row = await waitFor('second failure', async () => {
      const r = await rowOf(id);
      return r.attempts === 2 && r.status === 'pending' && r;
    });
    expect(row.run_at).toBe(iso(-2 * MIN));
    clock.advance(2 * MIN);
    row = await waitFor('final failure', statusIs(id, 'failed'));
    expect(row).toMatchObject({ attempts: 3, finished_at: clock.now().toISOString() });
    expect(flaky.calls.map((c) => c.ctx.attempt)).toEqual([1, 2, 3]);
    const [info] = await q.listJobs({ status: 'failed' });
    expect(info).toMatchObject({ id, name: 'test.flaky', attempts: 3, maxAttempts: 3, payload: { n: 1 } });
    expect(info!.lastError).toContain('smtp down');

    flaky.state.behaviour = async () => {};
    await q.retry(id);
    row = await waitFor('the retried job to succeed', statusIs(id, 'succeeded'));
    expect(row.attempts).toBe(1);
    await expect(q.retry(id)).rejects.toMatchObject({ code: 'queue.not_retryable' });
  });

  it('rejects a bad payload at enqueue with the field path and stores nothing', async () => {
    const q = make();
    await expect(q.enqueue('test.sms', { debtor: { phone: '1' }, amountMinor: 5 })).rejects.toMatchObject({
      code: 'queue.bad_payload',
      details: { summary: expect.stringContaining('debtor.phone') },
    });
    expect(await q.listJobs()).toEqual([]);
  });

  it('treats a duplicate jobKey as a no-op while the job is pending, and frees the key when it finishes', async () => {
    const q = make();
    const a = await q.enqueue('test.echo', { n: 1 }, { jobKey: 'case-1' });
    expect(await q.enqueue('test.echo', { n: 2 }, { jobKey: 'case-1' })).toBe(a);
    expect(await q.listJobs()).toMatchObject([{ id: a, payload: { n: 1 } }]);
    await q.start({ concurrency: 1 });
    await waitFor('first job done', statusIs(a, 'succeeded'));
    const b = await q.enqueue('test.echo', { n: 3 }, { jobKey: 'case-1' });
    expect(b).not.toBe(a);
    await waitFor('second job done', statusIs(b, 'succeeded'));
    expect(echo.calls.map((c) => c.payload)).toEqual([{ n: 1 }, { n: 3 }]);
  });

  it('gives a running job’s key to a new job, since the running one may have read stale state', async () => {
    const q = make();
    const hold = gate();
    echo.state.behaviour = async (p) => {
      if (p.n === 10) await hold.wait;
    };
    await q.start({ concurrency: 1 });
    const a = await q.enqueue('test.echo', { n: 10 }, { jobKey: 'k' });
    await waitFor('first job running', statusIs(a, 'running'));
    const b = await q.enqueue('test.echo', { n: 11 }, { jobKey: 'k' });
    expect(b).not.toBe(a);
    hold.open();
    await waitFor('both done', statusIs(b, 'succeeded'));
    expect((await rowOf(a)).status).toBe('succeeded');
  });

  it('enqueues inside the caller’s transaction: gone on rollback, run after commit', async () => {
    const q = make();
    await expect(
      db().transaction().execute(async (trx) => {
        await q.enqueue('test.echo', { n: 1 }, { trx });
        throw new Error('rollback');
      }),
    ).rejects.toThrow('rollback');
    expect(await q.listJobs()).toEqual([]);
    await q.start({ concurrency: 1 });
    const id = await db().transaction().execute((trx) => q.enqueue('test.echo', { n: 2 }, { trx }));
    await waitFor('committed job to run', statusIs(id, 'succeeded'));
    expect(echo.calls.map((c) => c.payload)).toEqual([{ n: 2 }]);
  });

  it('stop() releases a job still running at the timeout; its late finish changes nothing; another worker completes it', async () => {
    const a = make({ workerId: 'worker-a' });
    const hold = gate();
    let firstReturned = false;
    echo.state.behaviour = async () => {
      if (echo.calls.length > 1) return;
      await hold.wait; // ignores the abort signal
      firstReturned = true;
    };
    const id = await a.enqueue('test.echo', { n: 1 });
    await a.start({ concurrency: 1 });
    await waitFor('worker a running the job', async () => (await rowOf(id)).locked_by === 'worker-a');
    await a.stop({ timeoutMs: 20 });
    expect(echo.calls[0]!.ctx.signal.aborted).toBe(true);
    expect(await rowOf(id)).toMatchObject({ status: 'pending', attempts: 0, locked_by: null, locked_at: null, last_error: null });

    hold.open();
    await waitFor('the abandoned handler to return', () => firstReturned);
    await new Promise((r) => setTimeout(r, 20));
    expect((await rowOf(id)).status).toBe('pending');

    const b = make({ workerId: 'worker-b' });
    await b.start({ concurrency: 1 });
    await waitFor('worker b to complete it', statusIs(id, 'succeeded'));
    expect(echo.calls[1]!.ctx).toMatchObject({ jobId: id, attempt: 1 });
  });

  it('a handler that stops on the abort signal is released, not failed', async () => {
    const q = make();
    echo.state.behaviour = (_p, ctx) =>
      new Promise<void>((_resolve, reject) => ctx.signal.addEventListener('abort', () => reject(new Error('aborted at a safe point'))));
    const id = await q.enqueue('test.echo', { n: 1 });
    await q.start({ concurrency: 1 });
    await waitFor('job running', statusIs(id, 'running'));
    await q.stop({ timeoutMs: 5000 });
    expect(await rowOf(id)).toMatchObject({ status: 'pending', attempts: 0, last_error: null, locked_by: null });
  });

  it('returns abandoned running jobs to the queue at start and while running; live leases are left alone', async () => {
    const stale = await insertRow({ status: 'running', attempts: 1, max_attempts: 3, locked_by: 'dead', locked_at: iso(10 * MIN), payload_json: JSON.stringify({ n: 1 }) });
    const live = await insertRow({ status: 'running', attempts: 1, locked_by: 'alive', locked_at: iso(1 * MIN), payload_json: JSON.stringify({ n: 2 }) });
    const spent = await insertRow({ status: 'running', attempts: 3, max_attempts: 3, locked_by: 'dead', locked_at: iso(10 * MIN), job_key: 'spent' });
    const mine = await insertRow({ status: 'running', attempts: 1, locked_by: 'me', locked_at: iso(0), payload_json: JSON.stringify({ n: 3 }) });
    const q = make({ workerId: 'me' });
    await q.start({ concurrency: 2 });
    await waitFor('stale job re-run', statusIs(stale, 'succeeded'));
    await waitFor('own leftover job re-run', statusIs(mine, 'succeeded'));
    expect(await rowOf(spent)).toMatchObject({ status: 'failed', last_error: INTERRUPTED, job_key: null });
    expect(await rowOf(live)).toMatchObject({ status: 'running', locked_by: 'alive' });
    const runs = echo.calls.map((c) => `n=${(c.payload as { n: number }).n} attempt=${c.ctx.attempt}`).sort();
    expect(runs).toEqual(['n=1 attempt=2', 'n=3 attempt=2']);

    clock.advance(5 * MIN); // 'alive' never renews its lease: the running worker recovers it too
    await waitFor('expired lease recovered', statusIs(live, 'succeeded'));
  });

  it('renews the lease of its own running job so it is not recovered under it', async () => {
    const q = make();
    const hold = gate();
    echo.state.behaviour = () => hold.wait;
    const id = await q.enqueue('test.echo', { n: 1 });
    await q.start({ concurrency: 1 });
    await waitFor('job running', statusIs(id, 'running'));
    for (const step of [2 * MIN, 4 * MIN]) {
      clock.advance(step);
      await waitFor('lease renewed', async () => (await rowOf(id)).locked_at === clock.now().toISOString());
    }
    expect(await rowOf(id)).toMatchObject({ status: 'running', attempts: 1 });
    hold.open();
    await waitFor('job done', statusIs(id, 'succeeded'));
    expect(echo.calls).toHaveLength(1);
  });

  it('refuses to start while queued jobs have no handler; finished ones do not count', async () => {
    const ghost = await insertRow({ task: 'test.ghost' });
    const q = make();
    await expect(q.start({ concurrency: 1 })).rejects.toThrow('no handler for queued job(s): test.ghost');
    await db().updateTable('job').set({ status: 'failed' }).where('id', '=', ghost).execute();
    await q.start({ concurrency: 1 });
    const id = await q.enqueue('test.echo', { n: 1 });
    await waitFor('worker runs', statusIs(id, 'succeeded'));
  });

  it('upgrades a payload stored by an older job version; an unreadable one fails without retries', async () => {
    const old = await insertRow({ task: 'test.versioned', version: 1, payload_json: JSON.stringify({ amount: 12.34 }) });
    const bad = await insertRow({ task: 'test.versioned', version: 1, payload_json: JSON.stringify({ amount: 'n/a' }), max_attempts: 5 });
    const q = make();
    await q.start({ concurrency: 1 });
    await waitFor('old job run', statusIs(old, 'succeeded'));
    expect(upgraded).toEqual([{ amountMinor: 1234 }]);
    const row = await waitFor('bad job failed', statusIs(bad, 'failed'));
    expect(row.attempts).toBe(1);
    expect(row.last_error).toContain('queue.bad_payload');
  });

  it('lists newest first, by status, up to the limit', async () => {
    const q = make();
    const ids: string[] = [];
    for (let n = 0; n < 3; n++) {
      ids.push(await q.enqueue('test.echo', { n }));
      clock.advance(1000);
    }
    expect((await q.listJobs()).map((j) => j.id)).toEqual([...ids].reverse());
    expect((await q.listJobs({ limit: 2 })).map((j) => j.id)).toEqual([ids[2], ids[1]]);
    expect(await q.listJobs({ status: 'failed' })).toEqual([]);
    expect((await q.listJobs({ status: 'pending' }))[0]).toMatchObject({ name: 'test.echo', version: 1, attempts: 0, maxAttempts: 5, lastError: null });
    // By kind: the older kind is found even when the limit would cut it off.
    const other = await q.enqueue('test.flaky', { n: 9 });
    expect((await q.listJobs({ name: 'test.echo', limit: 2 })).map((j) => j.id)).toEqual([ids[2], ids[1]]);
    expect((await q.listJobs({ name: 'test.flaky', status: 'pending' })).map((j) => j.id)).toEqual([other]);
    expect(await q.listJobs({ name: 'test.sms' })).toEqual([]);
  });
});
