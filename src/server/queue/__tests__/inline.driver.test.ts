import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'kysely';
import { createTestDb, type TestDb } from '../../../../test/db.js';
import { AppError } from '../../platform/errors.js';
import { createInlineQueue } from '../inline.driver.js';
import { JobRegistry } from '../registry.js';
import { debtorPayload, numberPayload, scriptedJob, silentLogger as logger, waitFor } from './helpers.js';

function setup() {
  const echo = scriptedJob('test.echo', numberPayload);
  const flaky = scriptedJob('test.flaky', numberPayload, { maxAttempts: 3 });
  const sms = scriptedJob('test.sms', debtorPayload);
  const registry = new JobRegistry([echo.def, flaky.def, sms.def]);
  return { echo, flaky, sms, queue: createInlineQueue({ registry, logger }) };
}

describe('inline queue', () => {
  let t: TestDb;
  beforeAll(async () => {
    t = await createTestDb('sqlite');
  });
  afterAll(() => t.drop());

  it('runs the handler on enqueue with the parsed payload and a first-attempt context', async () => {
    const { echo, queue } = setup();
    const id = await queue.enqueue('test.echo', { n: 7 });
    expect(echo.calls).toHaveLength(1);
    expect(echo.calls[0]!.payload).toEqual({ n: 7 });
    expect(echo.calls[0]!.ctx).toMatchObject({ jobId: id, attempt: 1 });
    expect(echo.calls[0]!.ctx.signal.aborted).toBe(false);
    expect(await queue.listJobs()).toMatchObject([{ id, name: 'test.echo', status: 'succeeded', attempts: 1, lastError: null }]);
  });

  it('retries at once up to maxAttempts, then records the job as failed with its error', async () => {
    const { flaky, queue } = setup();
    flaky.state.behaviour = async () => {
      throw new Error('gateway refused');
    };
    const id = await queue.enqueue('test.flaky', { n: 1 });
    expect(flaky.calls.map((c) => c.ctx.attempt)).toEqual([1, 2, 3]);
    const [job] = await queue.listJobs({ status: 'failed' });
    expect(job).toMatchObject({ id, status: 'failed', attempts: 3, maxAttempts: 3 });
    expect(job!.lastError).toMatch(/^Error: gateway refused\n\s+at /);
  });

  it('stops retrying once an attempt succeeds, and honours an enqueue-time maxAttempts', async () => {
    const { flaky, queue } = setup();
    flaky.state.behaviour = async (_p, ctx) => {
      if (ctx.attempt < 2) throw new Error('first try fails');
    };
    await queue.enqueue('test.flaky', { n: 1 });
    expect(flaky.calls).toHaveLength(2);
    flaky.calls.length = 0;
    flaky.state.behaviour = async () => {
      throw new Error('always');
    };
    await queue.enqueue('test.flaky', { n: 2 }, { maxAttempts: 1 });
    expect(flaky.calls).toHaveLength(1);
    expect((await queue.listJobs()).map((j) => j.status)).toEqual(['failed', 'succeeded']);
  });

  it('rejects a bad payload at enqueue with the field path and records nothing', async () => {
    const { sms, queue } = setup();
    const err = await queue.enqueue('test.sms', { debtor: { phone: 'x' }, amountMinor: 1 }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(AppError);
    expect((err as AppError).details.summary).toContain('debtor.phone');
    expect(sms.calls).toHaveLength(0);
    expect(await queue.listJobs()).toEqual([]);
  });

  it('with a trx, runs after the caller continues, so a handler using the database does not deadlock', async () => {
    const { echo, queue } = setup();
    echo.state.behaviour = async () => {
      await sql`select count(*) from job`.execute(t.db); // would wait forever inside the trx on SQLite
    };
    const id = await t.db.transaction().execute(async (trx) => {
      const jobId = await queue.enqueue('test.echo', { n: 1 }, { trx });
      expect(echo.calls).toHaveLength(0);
      return jobId;
    });
    await queue.drain();
    expect(echo.calls).toHaveLength(1);
    expect(await queue.listJobs()).toMatchObject([{ id, status: 'succeeded' }]);
  });

  it('with a trx, runs only once the transaction has committed — not while it is still working, never after a rollback', async () => {
    const { echo, queue } = setup();
    await t.db.transaction().execute(async (trx) => {
      await queue.enqueue('test.echo', { n: 1 }, { trx });
      // The transaction goes on for several macrotasks after the enqueue: the job must not start meanwhile.
      for (let i = 0; i < 5; i++) {
        await new Promise((r) => setTimeout(r, 5));
        await sql`select 1`.execute(trx);
      }
      expect(echo.calls).toHaveLength(0);
    });
    await queue.drain();
    expect(echo.calls.map((c) => c.payload)).toEqual([{ n: 1 }]);
    await expect(t.db.transaction().execute(async (trx) => {
      await queue.enqueue('test.echo', { n: 2 }, { trx });
      throw new Error('rollback');
    })).rejects.toThrow('rollback');
    await queue.drain();
    expect(echo.calls.map((c) => c.payload)).toEqual([{ n: 1 }]);
    expect((await queue.listJobs()).map((j) => j.payload)).toEqual([{ n: 1 }]);
  });

  it('returns the pending job for a duplicate jobKey, and takes the key again once it has run', async () => {
    const { echo, queue } = setup();
    const [a, b] = await t.db.transaction().execute(async (trx) => [
      await queue.enqueue('test.echo', { n: 1 }, { trx, jobKey: 'k1' }),
      await queue.enqueue('test.echo', { n: 2 }, { trx, jobKey: 'k1' }),
    ]);
    expect(b).toBe(a);
    await queue.drain();
    expect(echo.calls.map((c) => c.payload)).toEqual([{ n: 1 }]);
    const c = await queue.enqueue('test.echo', { n: 3 }, { jobKey: 'k1' });
    expect(c).not.toBe(a);
    expect(echo.calls).toHaveLength(2);
  });

  it('retry() runs a failed job again with fresh attempts; other jobs cannot be retried', async () => {
    const { flaky, queue } = setup();
    flaky.state.behaviour = async () => {
      throw new Error('down');
    };
    const id = await queue.enqueue('test.flaky', { n: 1 });
    flaky.state.behaviour = async () => {};
    await queue.retry(id);
    expect(await queue.listJobs()).toMatchObject([{ id, status: 'succeeded', attempts: 1 }]);
    await expect(queue.retry(id)).rejects.toMatchObject({ code: 'queue.not_retryable' });
    await expect(queue.retry('no-such-id')).rejects.toMatchObject({ code: 'queue.not_retryable' });
  });

  it('lists newest first, filtered by status and limited', async () => {
    const { flaky, queue } = setup();
    flaky.state.behaviour = async (p) => {
      if ((p as { n: number }).n % 2) throw new Error('odd');
    };
    const ids: string[] = [];
    for (let n = 0; n < 5; n++) ids.push(await queue.enqueue('test.flaky', { n }));
    expect((await queue.listJobs()).map((j) => j.id)).toEqual([...ids].reverse());
    expect((await queue.listJobs({ status: 'failed' })).map((j) => j.id)).toEqual([ids[3], ids[1]]);
    expect((await queue.listJobs({ limit: 2 })).map((j) => j.id)).toEqual([ids[4], ids[3]]);
    const echo = await queue.enqueue('test.echo', { n: 1 });
    expect((await queue.listJobs({ name: 'test.flaky', status: 'failed' })).map((j) => j.id)).toEqual([ids[3], ids[1]]);
    expect((await queue.listJobs({ name: 'test.echo' })).map((j) => j.id)).toEqual([echo]);
  });

  it('stop() aborts the signal of a running handler and waits for it', async () => {
    const { echo, queue } = setup();
    let sawAbort = false;
    echo.state.behaviour = (_p, ctx) =>
      new Promise<void>((resolve) => {
        ctx.signal.addEventListener('abort', () => {
          sawAbort = true;
          resolve();
        });
      });
    const running = t.db.transaction().execute((trx) => queue.enqueue('test.echo', { n: 1 }, { trx }));
    await running;
    await waitFor('the deferred run to start', () => echo.calls.length === 1);
    await queue.stop({ timeoutMs: 5000 });
    expect(sawAbort).toBe(true);
    expect(await queue.listJobs()).toMatchObject([{ status: 'succeeded' }]);
  });
});
