// npm run bench:nightly -- --accounts N (default 1,000,000) — the nightly run on PostgreSQL workers (issue 9).
//
// 1. A fresh database: migrations, the demo portfolio seeded small (`concord demo --debtors T`, T = min(N, 200)) as the
//    template, copied by SQL to N accounts (test/portfolio.ts: one INSERT … SELECT … generate_series per table).
// 2. A warm-up `concord run --local` (today in Asia/Shanghai, the date the demo was aged to; not compared), then
//    `concord run --as-of` the next day with 1 `concord worker` process, and the day after with 2. Each timed run is a
//    real night: every open case is re-aged (its DPD moves), re-scored, allocated and given the day's actions.
// 3. Baseline, in the same run: `psql` COPYs the run's input tables out (to files) and its output tables in (the
//    date's case_score rows, and the allocation/scheduling rows when those tables exist, into fresh tables).
// Prints the times, the share of the machine's CPU busy during each run (PostgreSQL shares the cores), and the ratios 2-worker/baseline, 1-worker/baseline, 2-worker/1-worker. Goal from the issue: the
// 2-worker run within 3× the baseline, and faster than the 1-worker run.
// Options: --accounts N, --pg postgres://… (server; default TEST_DATABASE_URL or postgres://postgres@127.0.0.1:5432/postgres),
// --partitions P (default: concord's, one per 10,000 cases), --keep (leave the database).
import { execFile, spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import pg from 'pg';
import { replicatePortfolio } from '../test/portfolio.js';
import { freshPgDatabase } from './server.js';

const exec = promisify(execFile);
const argv = process.argv.slice(2);
const opt = (name: string): string | undefined => {
  const i = argv.findIndex((a) => a === `--${name}` || a.startsWith(`--${name}=`));
  if (i < 0) return undefined;
  const a = argv[i]!;
  return a.includes('=') ? a.slice(a.indexOf('=') + 1) : argv[i + 1];
};
const ACCOUNTS = Number(opt('accounts') ?? 1_000_000);
if (!Number.isInteger(ACCOUNTS) || ACCOUNTS < 1) throw new Error(`--accounts must be a whole number ≥ 1, got ${opt('accounts')}`);
const SERVER = opt('pg') ?? process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const PARTITIONS = opt('partitions');
const KEEP = argv.includes('--keep');
const TEMPLATE = Math.min(ACCOUNTS, 200);
const bin = path.resolve(import.meta.dirname, '../bin/concord.mjs');
const INPUTS = ['creditor', 'debtor', 'collection_case', 'debt_account', 'installment', 'payment', 'promise_to_pay', 'contact_attempt', 'contact_event', 'phone', 'email_address', 'address'];
const OUTPUTS = ['case_score', 'case_allocation', 'scheduled_action'];

const secs = (t0: number) => (performance.now() - t0) / 1000;
/** The machine's CPU ticks (all cores): busy and total, from /proc/stat (Linux); null elsewhere. */
const cpuTicks = (): { busy: number; total: number } | null => {
  try {
    const f = fs.readFileSync('/proc/stat', 'utf8').split('\n')[0]!.trim().split(/\s+/).slice(1).map(Number);
    const idle = f[3]! + (f[4] ?? 0);
    const total = f.reduce((a, b) => a + b, 0);
    return { busy: total - idle, total };
  } catch {
    return null;
  }
};
/** Share of the machine's CPU time busy between two readings (1.0 = every core all the time). */
const busyShare = (a: ReturnType<typeof cpuTicks>, b: ReturnType<typeof cpuTicks>) => (a && b && b.total > a.total ? (b.busy - a.busy) / (b.total - a.total) : NaN);

async function main() {
  const db = await freshPgDatabase(SERVER, `concord_bench_nightly_${process.pid}`);
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'concord-bench-nightly-'));
  const env = {
    ...process.env, DATABASE_URL: db.url, CONCORD_DATA_DIR: dir, CONCORD_SECRET_KEY: 'bc'.repeat(32), CONCORD_QUEUE: 'graphile', LOG_LEVEL: 'warn',
    CONCORD_ADMIN_PASSWORD: 'bench-admin-password',
  };
  const workers: ChildProcess[] = [];
  try {
    let t0 = performance.now();
    await exec(process.execPath, [bin, 'migrate'], { env });
    await exec(process.execPath, [bin, 'demo', '--debtors', String(TEMPLATE), '--password', 'bench-demo-password'], { env, maxBuffer: 1 << 26 });
    const seeded = secs(t0);
    const copies = Math.ceil(ACCOUNTS / TEMPLATE) - 1;
    const rep = copies > 0 ? await replicatePortfolio(db.url, copies) : { cases: TEMPLATE, seconds: 0 };
    console.log(`generated ${rep.cases} cases: template of ${TEMPLATE} (concord demo) in ${seeded.toFixed(1)} s, ${copies} SQL copies in ${rep.seconds.toFixed(1)} s`);

    const run = async (n: number, asOf: string) => {
      const ready: Promise<unknown>[] = [];
      const started = Array.from({ length: n }, () => {
        const w = spawn(process.execPath, [bin, 'worker'], { env, stdio: ['ignore', 'pipe', 'inherit'] });
        workers.push(w);
        // The worker prints its banner once it takes jobs (startup is not part of the run's time).
        ready.push(new Promise((r) => w.stdout!.on('data', (d: Buffer) => d.toString().includes('concord worker:') && r(null))));
        return w;
      });
      await Promise.all(ready);
      const t = performance.now();
      const cpu0 = cpuTicks();
      const { stdout } = await exec(process.execPath, [bin, 'run', '--json', '--as-of', asOf, ...(PARTITIONS ? ['--partitions', PARTITIONS] : [])], { env, maxBuffer: 1 << 26 });
      const seconds = secs(t);
      const cpu = busyShare(cpu0, cpuTicks());
      for (const w of started) w.kill('SIGTERM');
      await Promise.all(started.map((w) => new Promise((r) => (w.exitCode !== null ? r(null) : w.once('exit', r)))));
      const out = JSON.parse(stdout.slice(stdout.indexOf('{\n'))) as {
        asOf: string; counts: { scored: number }; report: { seconds: number; finishing?: { allocation: number; scheduling: number; report: number }; scheduling?: { scheduled: Record<string, number> } };
      };
      // Where the time went: the partitions (parallel) and the finishing step (allocation, scheduling, report: once).
      const c = new pg.Client({ connectionString: db.url });
      await c.connect();
      const ph = (await c.query<{ scoring: number; finishing: number }>(`select extract(epoch from max(p.finished_at) - min(p.started_at))::float8 as scoring,
        extract(epoch from r.finished_at - max(p.finished_at))::float8 as finishing from nightly_partition p join nightly_run r on r.id = p.run_id where r.as_of = $1 group by r.finished_at`, [asOf])).rows[0]!;
      await c.end();
      console.log(`concord run, ${n} worker${n > 1 ? 's' : ''}: ${out.counts.scored} cases in ${seconds.toFixed(1)} s (as of ${out.asOf}; partitions ${ph.scoring.toFixed(1)} s, finishing ${ph.finishing.toFixed(1)} s: ${JSON.stringify(out.report.finishing ?? {})}; scheduled ${JSON.stringify(out.report.scheduling?.scheduled ?? {})}; machine CPU busy ${(cpu * 100).toFixed(0)} % of ${os.cpus().length} cores)`);
      return { seconds, asOf: out.asOf };
    };
    // Warm-up (not timed): the first run also ages the copies for the first time.
    t0 = performance.now();
    const { stdout: warm } = await exec(process.execPath, [bin, 'run', '--local', '--json', ...(PARTITIONS ? ['--partitions', PARTITIONS] : [])], { env, maxBuffer: 1 << 26 });
    const day0 = (JSON.parse(warm.slice(warm.indexOf('{\n'))) as { asOf: string }).asOf;
    console.log(`warm-up run (--local, as of ${day0}, not compared) ${secs(t0).toFixed(1)} s`);
    const next = (d: string, n: number) => new Date(Date.parse(`${d}T00:00:00Z`) + n * 86_400_000).toISOString().slice(0, 10);
    const one = await run(1, next(day0, 1));
    const two = await run(2, next(day0, 2));

    // Baseline: COPY the inputs out and the outputs in, with psql.
    const c = new pg.Client({ connectionString: db.url });
    await c.connect();
    const existing = new Set((await c.query<{ t: string }>(`select table_name as t from information_schema.tables where table_schema = 'public'`)).rows.map((r) => r.t));
    const outputs = OUTPUTS.filter((t) => existing.has(t));
    for (const t of outputs) await c.query(`drop table if exists bench_${t}; create table bench_${t} (like ${t} including defaults)`);
    const files = path.join(dir, 'copy');
    fs.mkdirSync(files);
    // The output rows as files first (outside the timing): what the run writes, to be copied in.
    for (const t of outputs) await exec('psql', [db.url, '-qc', `\\copy (select * from ${t} where as_of = '${two.asOf}') to '${path.join(files, `${t}.out`)}'`]);
    await c.end();
    t0 = performance.now();
    for (const t of INPUTS) await exec('psql', [db.url, '-qc', `\\copy ${t} to '${path.join(files, `${t}.in`)}'`]);
    for (const t of outputs) await exec('psql', [db.url, '-qc', `\\copy bench_${t} from '${path.join(files, `${t}.out`)}'`]);
    const baseline = secs(t0);
    const bytes = fs.readdirSync(files).reduce((s, f) => s + fs.statSync(path.join(files, f)).size, 0);
    console.log(`baseline (psql COPY ${INPUTS.length} input tables out, ${outputs.join(', ')} in; ${(bytes / 1e6).toFixed(0)} MB): ${baseline.toFixed(1)} s`);
    console.log(`ratios: 2 workers / baseline ${(two.seconds / baseline).toFixed(2)} (goal ≤ 3), 1 worker / baseline ${(one.seconds / baseline).toFixed(2)}, 2 workers / 1 worker ${(two.seconds / one.seconds).toFixed(2)} (goal < 1)`);
  } finally {
    for (const w of workers) if (w.exitCode === null && w.signalCode === null) w.kill('SIGKILL');
    fs.rmSync(dir, { recursive: true, force: true });
    if (!KEEP) await db.drop();
    else console.log(`database kept: ${db.url}`);
  }
}

await main();
