// npm run bench:http — throughput of an authenticated, data-scoped list endpoint against a bare route
// on the same server in the same run (absolute numbers are noisy here; the ratio is the figure).
// The server runs as its own process (`concord serve`) on a fresh SQLite data dir with the demo portfolio.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import autocannon from 'autocannon';
import { freshPgDatabase, login, serverEnv, spawnServer, waitFor } from './server.js';

const PORT = Number(process.argv.find((a) => a.startsWith('--port='))?.slice(7) ?? 3199);
const SECONDS = Number(process.argv.find((a) => a.startsWith('--seconds='))?.slice(10) ?? 8);
const DEBTORS = Number(process.argv.find((a) => a.startsWith('--debtors='))?.slice(10) ?? 5000);
/** --pg=postgres://… runs the server on a fresh PostgreSQL database made (and dropped) on that server. */
const PG = process.argv.find((a) => a.startsWith('--pg='))?.slice(5);
const base = `http://127.0.0.1:${PORT}`;

function run(title: string, url: string, headers: Record<string, string>) {
  return new Promise<{ title: string; rps: number; p99: number; non2xx: number }>((resolve, reject) => {
    autocannon({ url, connections: 20, duration: SECONDS, headers }, (err, r) => {
      if (err) return reject(err);
      resolve({ title, rps: r.requests.average, p99: r.latency.p99, non2xx: r.non2xx });
    });
  });
}

const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'concord-bench-'));
const db = PG ? await freshPgDatabase(PG, `concord_bench_${process.pid}`) : undefined;
const server = spawnServer(
  [`--demo-debtors=${DEBTORS}`],
  serverEnv({ dataDir, port: PORT, databaseUrl: db?.url, extra: db ? { CONCORD_EMBEDDED_WORKER: 'false' } : {} }),
);
try {
  await waitFor(`${base}/healthz`, 180_000);
  const cookie = await login(base, 'collector1');
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
  await server.stop();
  fs.rmSync(dataDir, { recursive: true, force: true });
  await db?.drop();
}
