// graphile-worker driver against a real PostgreSQL (TEST_DATABASE_URL); each run uses its own
// graphile schema so parallel test files never share a queue.
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { testPgUrl } from '../../../../test/db.js';
import { openDatabase, type DbHandle } from '../../db/database.js';
import { createLogger } from '../../platform/logger.js';
import { createGraphileQueue, type GraphileQueueDeps } from '../graphile.driver.js';
import type { QueueDriver } from '../job.js';
import { JobRegistry } from '../registry.js';
import { debtorPayload, gate, numberPayload, scriptedJob, silentLogger as logger, versionedJob, waitFor } from './helpers.js';

const url = testPgUrl();

describe.skipIf(!url)('graphile-worker queue', () => {
  const schema = `gw_${randomBytes(5).toString('hex')}`;
  const echo = scriptedJob('test.echo', numberPayload);
  const flaky = scriptedJob('test.flaky', numberPayload);
  const sms = scriptedJob('test.sms', debtorPayload);
  const upgraded: unknown[] = [];
  const registry = new JobRegistry([echo.def, flaky.def, sms.def, versionedJob(upgraded)]);
  let admin: pg.Client;
  let app: DbHandle; // only for its Kysely transactions: no application tables needed
  let drivers: QueueDriver[] = [];

  const make = (reg = registry, over: Partial<GraphileQueueDeps> = {}): QueueDriver => {
    const q = createGraphileQueue({ connectionString: url!, schema, registry: reg, logger, pollMs: 100, ...over });
    drivers.push(q);
    return q;
  };
  const jobCount = async () => Number((await admin.query(`select count(*) as n from "${schema}".jobs`)).rows[0].n);

  beforeAll(async () => {
    admin = new pg.Client({ connectionString: url });
    await admin.connect();
    app = openDatabase({ url: url!, poolSize: 2 });
  });
  afterEach(async () => {
    for (const d of drivers) await d.stop({ timeoutMs: 5000 });
    drivers = [];
    for (const j of [echo, flaky, sms]) {
      j.calls.length = 0;
      j.state.behaviour = async () => {};
    }
    await admin.query(`delete from "${schema}"._private_jobs`).catch(() => undefined); // absent before first use
  });
  afterAll(async () => {
    await admin?.query(`drop schema if exists "${schema}" cascade`);
    await admin?.end();
    await app?.close();
  });

  it('perProcess jobs are fetched one per free slot, so a second worker process gets some (no local-queue hoarding)', async () => {
    const hold = gate();
    const bulk = [scriptedJob('test.bulk', numberPayload, { perProcess: 1 }), scriptedJob('test.bulk', numberPayload, { perProcess: 1 })];
    const active = [0, 0];
    const peak = [0, 0];
    bulk.forEach((b, i) => {
      b.state.behaviour = async () => {
        peak[i] = Math.max(peak[i]!, ++active[i]!);
        await hold.wait;
        active[i]!--;
      };
    });
    const [q1, q2] = bulk.map((b) => make(new JobRegistry([b.def])));
    for (let n = 0; n < 4; n++) await q1!.enqueue('test.bulk', { n });
    await q1!.start({ concurrency: 4 });
    await waitFor('the first process runs one', () => active[0] === 1);
    await q2!.start({ concurrency: 4 });
    await waitFor('the second process runs another', () => active[1] === 1);
    hold.open();
    await waitFor('all four run', () => bulk[0]!.calls.length + bulk[1]!.calls.length === 4);
    expect(peak).toEqual([1, 1]);
  });

  it('runs jobs two at a time with concurrency 2; succeeded jobs leave the table', async () => {
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
    for (let n = 0; n < 5; n++) ids.push(await q.enqueue('test.echo', { n }));
    await q.start({ concurrency: 2 });
    await waitFor('two jobs running', () => active === 2);
    expect((await q.listJobs({ status: 'running' })).length).toBeGreaterThanOrEqual(2);
    hold.open();
    await waitFor('all five run', () => echo.calls.length === 5);
    await waitFor('completed jobs deleted', async () => (await jobCount()) === 0);
    expect(peak).toBe(2);
    expect(echo.calls.map((c) => (c.payload as { n: number }).n).sort()).toEqual([0, 1, 2, 3, 4]);
    expect(echo.calls.map((c) => c.ctx.jobId).sort()).toEqual([...ids].sort());
    expect(echo.calls.every((c) => c.ctx.attempt === 1)).toBe(true);
  });

  it('shows a job that used its last attempt as failed with its error; retry() runs it again', async () => {
    const q = make();
    flaky.state.behaviour = async () => {
      throw new Error('bank API 503');
    };
    const id = await q.enqueue('test.flaky', { n: 1 }, { maxAttempts: 1 });
    await q.start({ concurrency: 2 });
    const [failed] = await waitFor('job failed', () => q.listJobs({ status: 'failed' }).then((l) => l.length > 0 && l));
    expect(failed).toMatchObject({ id, name: 'test.flaky', version: 1, status: 'failed', attempts: 1, maxAttempts: 1, payload: { n: 1 } });
    expect(failed!.lastError).toMatch(/^Error: bank API 503\n\s+at /);

    flaky.state.behaviour = async () => {};
    await q.retry(id);
    await waitFor('retried job completed', async () => flaky.calls.length === 2 && (await jobCount()) === 0);
    expect(flaky.calls[1]!.ctx.attempt).toBe(1);
    await expect(q.retry(id)).rejects.toMatchObject({ code: 'queue.not_retryable' });
  });

  it('rejects a bad payload at enqueue with the field path', async () => {
    const q = make();
    await expect(q.enqueue('test.sms', { debtor: { phone: 'nope' }, amountMinor: 1 })).rejects.toMatchObject({
      code: 'queue.bad_payload',
      details: { summary: expect.stringContaining('debtor.phone') },
    });
    expect(await q.listJobs()).toEqual([]);
  });

  it('enqueues inside the caller’s Kysely transaction: gone on rollback, kept and run after commit', async () => {
    const q = make();
    await expect(
      app.db.transaction().execute(async (trx) => {
        await q.enqueue('test.echo', { n: 1 }, { trx });
        throw new Error('rollback');
      }),
    ).rejects.toThrow('rollback');
    expect(await q.listJobs()).toEqual([]);
    const id = await app.db.transaction().execute((trx) => q.enqueue('test.echo', { n: 2 }, { trx, jobKey: 'tx-1' }));
    expect(await q.listJobs()).toMatchObject([{ id, status: 'pending', payload: { n: 2 } }]);
    await q.start({ concurrency: 1 });
    await waitFor('committed job run', () => echo.calls.length === 1);
    expect(echo.calls[0]!.payload).toEqual({ n: 2 });
  });

  it('treats a duplicate jobKey as a no-op while the job waits', async () => {
    const q = make();
    const a = await q.enqueue('test.echo', { n: 1 }, { jobKey: 'case-9' });
    expect(await q.enqueue('test.echo', { n: 2 }, { jobKey: 'case-9' })).toBe(a);
    expect(await q.listJobs()).toMatchObject([{ id: a, payload: { n: 1 } }]);
    // Listed by kind: only that kind's jobs.
    const b = await q.enqueue('test.flaky', { n: 3 });
    expect((await q.listJobs({ name: 'test.flaky', status: 'pending' })).map((j) => j.id)).toEqual([b]);
    expect((await q.listJobs({ name: 'test.echo' })).map((j) => j.id)).toEqual([a]);
    expect(await q.listJobs({ name: 'test.sms' })).toEqual([]);
  });

  it('stops gracefully: the signal fires, the running job finishes and is completed', async () => {
    const q = make();
    let finished = false;
    echo.state.behaviour = (_p, ctx) =>
      new Promise<void>((resolve) =>
        ctx.signal.addEventListener('abort', () => {
          finished = true; // reach a safe point, then return normally
          resolve();
        }),
      );
    await q.start({ concurrency: 1 });
    await q.enqueue('test.echo', { n: 1 });
    await waitFor('job running', () => echo.calls.length === 1);
    // Below graphile's own 5 s abort delay: only the driver's immediate abort lets this finish in time.
    await q.stop({ timeoutMs: 3000 });
    expect(finished).toBe(true);
    expect(await q.listJobs()).toEqual([]); // completed (deleted), not failed or pending
  });

  it('refuses to start while queued jobs have no handler in this process', async () => {
    const q = make();
    await q.enqueue('test.sms', { debtor: { phone: '13800138000' }, amountMinor: 1 });
    const narrow = make(new JobRegistry([echo.def]));
    await expect(narrow.start({ concurrency: 1 })).rejects.toThrow('no handler for queued job(s): test.sms');
  });

  it('upgrades a payload enqueued by an older job version', async () => {
    const q = make();
    await q.listJobs(); // creates the graphile schema
    await admin.query(`select "${schema}".add_job('test.versioned', $1::json)`, [JSON.stringify({ v: 1, p: { amount: 7.5 } })]);
    await q.start({ concurrency: 1 });
    await waitFor('old job run', () => upgraded.length === 1);
    expect(upgraded).toEqual([{ amountMinor: 750 }]);
  });

  describe('when graphile stops the worker for a breaking migration notice', () => {
    const breakingNotice = () => admin.query(`select pg_notify('worker:migrate', $1)`, [JSON.stringify({ migrationNumber: 999, breaking: true })]);
    function recordingLogger(lines: string[]) {
      return createLogger('debug', { write: (l: string) => void lines.push(JSON.parse(l).msg as string) });
    }

    it('restarts when its own schema was not migrated (the notice was for another schema)', async () => {
      const lines: string[] = [];
      const exits: string[] = [];
      const q = make(registry, { logger: recordingLogger(lines), onWorkerExit: (r) => exits.push(r) });
      await q.start({ concurrency: 1 });
      await waitFor('the worker to listen', () => lines.some((l) => l.startsWith('Worker connected')));
      // "Connected" is logged before graphile's LISTEN is in place; repeat the notice until it is heard.
      let lastNotice = 0;
      await waitFor('the worker to restart', async () => {
        if (lines.some((l) => l.includes('restarting'))) return true;
        if (Date.now() - lastNotice > 1000) {
          lastNotice = Date.now();
          await breakingNotice();
        }
        return false;
      }, 30_000);
      await q.enqueue('test.echo', { n: 42 });
      await waitFor('a job run by the restarted worker', () => echo.calls.length === 1);
      expect(exits).toEqual([]);
    });

    it('stays stopped and reports it when its own schema moved to a newer revision', async () => {
      const lines: string[] = [];
      const exits: string[] = [];
      const q = make(registry, { logger: recordingLogger(lines), onWorkerExit: (r) => exits.push(r) });
      await q.start({ concurrency: 1 });
      await waitFor('the worker to listen', () => lines.some((l) => l.startsWith('Worker connected')));
      await admin.query(`insert into "${schema}".migrations (id, breaking) values (999, true)`);
      try {
        let lastNotice = 0;
        await waitFor('the exit to be reported', async () => {
          if (exits.length === 1) return true;
          if (Date.now() - lastNotice > 1000) {
            lastNotice = Date.now();
            await breakingNotice();
          }
          return false;
        }, 30_000);
        expect(exits[0]).toMatch(/moved from migration \d+ to 999/);
      } finally {
        await admin.query(`delete from "${schema}".migrations where id = 999`);
      }
    });
  });
});
