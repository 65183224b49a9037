// Issue 9, part 5: the nightly run on PostgreSQL workers survives a killed worker. Two real `concord worker` processes
// on a database of their own (2,000 generated cases: the demo portfolio copied by SQL), `concord run` waiting for the
// run; when a partition has committed a batch, its worker is killed with SIGKILL. The silent partition is reclaimed
// (a 3-second stale time for the test) and finished by the other worker after its cursor; the run completes once,
// and its rows equal a clean single-process run of the same date: one row per open case, nothing doubled.
import { execFile, spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import pg from 'pg';
import { spawnWorker } from '../workers.js';
import { afterAll, describe, expect, it } from 'vitest';
import { freshPgDatabase } from '../../bench/server.js';
import { testPgUrl } from '../db.js';
import { replicatePortfolio } from '../portfolio.js';

const run = promisify(execFile);
const bin = path.resolve(import.meta.dirname, '../../bin/concord.mjs');
const AS_OF = '2026-11-28';
const url = testPgUrl();

describe.skipIf(!url)('nightly run on two PostgreSQL workers, one killed', () => {
  const children: ChildProcess[] = [];
  let drop: (() => Promise<void>) | null = null;
  let dir = '';
  afterAll(async () => {
    for (const ch of children) if (ch.exitCode === null && ch.signalCode === null) ch.kill('SIGKILL');
    await drop?.();
    if (dir) fs.rmSync(dir, { recursive: true, force: true });
  });

  it('a partition whose worker is SIGKILLed is reclaimed and finished; the run equals a clean single-process run', async () => {
    const db = await freshPgDatabase(url!, `concord_nwork_${process.pid}_${Date.now() % 100000}`);
    drop = db.drop;
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'concord-nwork-'));
    const env = {
      ...process.env, CONCORD_DATA_DIR: dir, DATABASE_URL: db.url, LOG_LEVEL: 'warn', CONCORD_SECRET_KEY: 'ef'.repeat(32), CONCORD_QUEUE: 'graphile',
      CONCORD_ADMIN_PASSWORD: 'nightly-admin-password', CONCORD_NIGHTLY_STALE_SECONDS: '3', CONCORD_NIGHTLY_PARTITIONS_PER_WORKER: '1',
    };
    await run(process.execPath, [bin, 'migrate'], { env });
    await run(process.execPath, [bin, 'demo', '--debtors', '100', '--password', 'nightly-demo-password'], { env, maxBuffer: 1 << 24 });
    const { cases } = await replicatePortfolio(db.url, 19);
    expect(cases).toBe(2000);

    const client = new pg.Client({ connectionString: db.url });
    await client.connect();
    try {
      const worker = () => spawnWorker(env, children);
      const w1 = worker();
      const w2 = worker();
      const coord = spawn(process.execPath, [bin, 'run', '--as-of', AS_OF, '--partitions', '6', '--batch', '100', '--json'], { env, stdio: ['ignore', 'pipe', 'pipe'] });
      children.push(coord);
      let out = '';
      let err = '';
      coord.stdout!.on('data', (d: Buffer) => (out += d.toString()));
      coord.stderr!.on('data', (d: Buffer) => (err += d.toString()));
      const coordDone = new Promise<number | null>((resolve) => coord.once('exit', (code) => resolve(code)));

      // Kill the worker of the first partition that has committed a batch and is still running.
      let victim: { part: number; pid: number } | null = null;
      for (let i = 0; i < 1200 && !victim; i++) {
        const r = await client.query<{ part_no: number; worker: string }>(`select part_no, worker from nightly_partition where status = 'running' and batches >= 1 order by part_no limit 1`);
        const row = r.rows[0];
        if (row) victim = { part: row.part_no, pid: Number(row.worker.split(':').pop()) };
        else await new Promise((res) => setTimeout(res, 100));
      }
      expect(victim, 'no partition committed a batch').not.toBeNull();
      const killed = [w1, w2].find((w) => w.ch.pid === victim!.pid)!;
      const survivor = [w1, w2].find((w) => w !== killed)!;
      expect(killed, `partition ${victim!.part} runs in pid ${victim!.pid}, not one of the workers`).toBeDefined();
      killed.ch.kill('SIGKILL');
      await killed.exited;
      const atKill = (await client.query<{ cursor_case_id: string | null; batches: number }>(`select cursor_case_id, batches from nightly_partition where part_no = $1`, [victim!.part])).rows[0]!;
      expect(atKill.batches).toBeGreaterThanOrEqual(1);

      expect(await coordDone, err).toBe(0);
      const result = JSON.parse(out.slice(out.indexOf('{\n'))) as { status: string; counts: { scored: number }; report: { scored: number } };
      expect(result).toMatchObject({ status: 'completed', counts: { scored: 2000 }, report: { scored: 2000 } });
      // The killed worker's partition was taken over (a new generation, another worker), after its cursor.
      const part = (await client.query<{ generation: number; status: string; worker: string; batches: number; scored: number }>(
        `select generation, status, worker, batches, scored from nightly_partition where part_no = $1`, [victim!.part])).rows[0]!;
      expect(part.status).toBe('done');
      expect(part.generation).toBeGreaterThanOrEqual(2);
      expect(part.worker).toBe(`${os.hostname()}:${survivor.ch.pid}`);
      expect(part.batches).toBe(Math.ceil(part.scored / 100)); // committed batches were not redone
      const runs = (await client.query<{ status: string; finisher: string | null }>(`select status, finisher from nightly_run where as_of = $1`, [AS_OF])).rows;
      expect(runs).toHaveLength(1);
      expect(runs[0]!.status).toBe('completed');

      const rows = async () => (await client.query(`select * from case_score where as_of = $1 order by case_id`, [AS_OF])).rows.map(({ id: _i, run_id: _r, ...rest }) => rest);
      const afterKill = await rows();
      expect(afterKill).toHaveLength(2000);
      expect(new Set(afterKill.map((r) => r.case_id)).size).toBe(2000);

      survivor.ch.kill('SIGTERM');
      await survivor.exited;
      // A clean single-process run of the same date recomputes every case: the same rows.
      await run(process.execPath, [bin, 'run', '--as-of', AS_OF, '--in-process'], { env, maxBuffer: 1 << 24 });
      expect(await rows()).toEqual(afterKill);
    } finally {
      await client.end();
    }
  }, 600_000);
});
