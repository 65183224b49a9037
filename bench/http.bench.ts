// npm run bench:http — throughput of an authenticated, data-scoped list endpoint against a bare route
// on the same server in the same run (absolute numbers are noisy here; the ratio is the figure).
// The server runs as its own process (`concord serve`) on a fresh SQLite data dir with the demo portfolio.
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import autocannon from 'autocannon';
import pg from 'pg';

const PORT = Number(process.argv.find((a) => a.startsWith('--port='))?.slice(7) ?? 3199);
const SECONDS = Number(process.argv.find((a) => a.startsWith('--seconds='))?.slice(10) ?? 8);
const DEBTORS = Number(process.argv.find((a) => a.startsWith('--debtors='))?.slice(10) ?? 5000);
/** --pg=postgres://… runs the server on a fresh PostgreSQL database made (and dropped) on that server. */
const PG = process.argv.find((a) => a.startsWith('--pg='))?.slice(5);
const PASSWORD = 'bench-password-123';
const base = `http://127.0.0.1:${PORT}`;
const root = path.resolve(import.meta.dirname, '..');

async function waitFor(url: string, ms: number) {
  const until = Date.now() + ms;
  while (Date.now() < until) {
    try {
      if ((await fetch(url)).ok) return;
    } catch {
      /* not up yet */
    }
    await new Promise((r) => setTimeout(r, 250));
  }
  throw new Error(`server did not come up at ${url}`);
}

function run(title: string, url: string, headers: Record<string, string>) {
  return new Promise<{ title: string; rps: number; p99: number; non2xx: number }>((resolve, reject) => {
    autocannon({ url, connections: 20, duration: SECONDS, headers }, (err, r) => {
      if (err) return reject(err);
      resolve({ title, rps: r.requests.average, p99: r.latency.p99, non2xx: r.non2xx });
    });
  });
}

const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'concord-bench-'));
const pgDb = `concord_bench_${process.pid}`;
const pgAdmin = async (q: string) => {
  const c = new pg.Client({ connectionString: Object.assign(new URL(PG!), { pathname: '/postgres' }).toString() });
  await c.connect();
  await c.query(q);
  await c.end();
};
const dbEnv: Record<string, string> = {};
if (PG) {
  await pgAdmin(`create database ${pgDb}`);
  dbEnv.DATABASE_URL = Object.assign(new URL(PG), { pathname: `/${pgDb}` }).toString();
  dbEnv.CONCORD_SECRET_KEY = randomBytes(32).toString('hex');
  dbEnv.CONCORD_EMBEDDED_WORKER = 'false';
}
const server = spawn(process.execPath, [path.join(root, 'bin/concord.mjs'), 'serve', `--demo-debtors=${DEBTORS}`, '--web-dir=/nonexistent'], {
  env: { ...process.env, CONCORD_DATA_DIR: dataDir, PORT: String(PORT), LOG_LEVEL: 'warn', CONCORD_ADMIN_PASSWORD: PASSWORD, CONCORD_LOGIN_RATE_PER_MINUTE: '1000', ...dbEnv },
  stdio: ['ignore', 'inherit', 'inherit'],
});
try {
  await waitFor(`${base}/healthz`, 180_000);
  const login = await fetch(`${base}/api/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username: 'collector1', password: PASSWORD }) });
  if (!login.ok) throw new Error(`login failed: ${login.status} ${await login.text()}`);
  const cookie = login.headers.getSetCookie().map((c) => c.split(';')[0]).join('; ');
  const scopedUrl = `${base}/api/cases?page=1&pageSize=20`;
  const total = ((await (await fetch(scopedUrl, { headers: { cookie } })).json()) as { total: number }).total;
  console.log(`server: ${PG ? 'PostgreSQL' : 'SQLite'}, ${DEBTORS} demo debtors; collector1 sees ${total} cases in scope; ${SECONDS}s per round, 20 connections`);
  await run('warm-up', scopedUrl, { cookie });
  const rounds: { title: string; rps: number; p99: number; non2xx: number }[] = [];
  // Alternate the two so drift in machine load affects both alike.
  for (let i = 0; i < 2; i++) {
    rounds.push(await run('bare GET /healthz', `${base}/healthz`, {}));
    rounds.push(await run('scoped GET /api/cases', scopedUrl, { cookie }));
  }
  const avg = (t: string, k: 'rps' | 'p99') => rounds.filter((r) => r.title === t).reduce((s, r) => s + r[k], 0) / 2;
  const bare = { rps: avg('bare GET /healthz', 'rps'), p99: avg('bare GET /healthz', 'p99') };
  const scoped = { rps: avg('scoped GET /api/cases', 'rps'), p99: avg('scoped GET /api/cases', 'p99') };
  if (rounds.some((r) => r.non2xx > 0)) throw new Error(`non-2xx responses: ${JSON.stringify(rounds)}`);
  console.log(`baseline  bare   /healthz   ${bare.rps.toFixed(0).padStart(7)} req/s   p99 ${bare.p99.toFixed(1)} ms`);
  console.log(`measured  scoped /api/cases ${scoped.rps.toFixed(0).padStart(7)} req/s   p99 ${scoped.p99.toFixed(1)} ms`);
  console.log(`ratio     scoped/bare throughput = ${((scoped.rps / bare.rps) * 100).toFixed(1)}%  (goal ≥ 40%)`);
} finally {
  server.kill('SIGTERM');
  await new Promise((r) => server.once('exit', r));
  fs.rmSync(dataDir, { recursive: true, force: true });
  if (PG) await pgAdmin(`drop database if exists ${pgDb} with (force)`);
}
