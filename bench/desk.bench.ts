// npm run bench:desk — My queue (issue 5) with 100,000 cases in one collector's scope: autocannon on the queue
// (default order, a bucket filter, a name search) and on the case page, against a bare route on the same server
// in the same run. Goal from the issue: p99 < 100 ms and ≥ 25 % of the bare route's throughput.
//
// Seeding (in this process, before the server starts): the demo portfolio (`seedDemo`, the same path as
// `concord demo`), then every case is assigned to collector1 (and its team), priority scores and next-action
// dates are spread over the cases, and pending promises due today / overdue and callbacks due today are added
// on some of them. Then `concord serve` runs as its own process on that data.
// Options: --cases=N (100000), --seconds=S (10 per endpoint), --connections=C (50), --port=P, --pg=postgres://…,
// --data-dir=DIR (SQLite: seed once into DIR and reuse it on later runs).
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import autocannon from 'autocannon';
import { sql } from 'kysely';
import { seedDemo } from '../src/server/cli/demo-seed.js';
import { loadConfig } from '../src/server/config/index.js';
import { calendarDate } from '../src/server/platform/clock.js';
import { newId } from '../src/server/platform/ids.js';
import { openRuntime } from '../src/server/runtime.js';
import { freshPgDatabase, login, PASSWORD, serverEnv, spawnServer, waitFor } from './server.js';

const arg = (name: string) => process.argv.find((a) => a.startsWith(`--${name}=`))?.slice(name.length + 3);
const PORT = Number(arg('port') ?? 3198);
const SECONDS = Number(arg('seconds') ?? 10);
const CASES = Number(arg('cases') ?? 100_000);
const CONNECTIONS = Number(arg('connections') ?? 50);
/** --pg=postgres://… runs on a fresh PostgreSQL database made (and dropped) on that server. */
const PG = arg('pg');
const base = `http://127.0.0.1:${PORT}`;
const GOAL_P99_MS = 100;
const GOAL_RATIO = 0.25;

/** Wait until the server answers the bare route quickly again (a slow endpoint leaves a backlog behind it). */
async function drained() {
  const until = Date.now() + 180_000;
  while (Date.now() < until) {
    const t0 = performance.now();
    await fetch(`${base}/healthz`);
    if (performance.now() - t0 < 50) return;
    await new Promise((r) => setTimeout(r, 500));
  }
}

type Round = { title: string; rps: number; p50: number; p99: number; non2xx: number; errors: number };

function run(title: string, paths: string[], headers: Record<string, string>) {
  let i = 0;
  return new Promise<Round>((resolve, reject) => {
    autocannon(
      {
        url: `${base}${paths[0]}`,
        connections: CONNECTIONS,
        duration: SECONDS,
        headers,
        // One path per request, in turn (the case page rotates over cases taken from the queue).
        requests: [{ setupRequest: (req) => ({ ...req, path: paths[i++ % paths.length]! }) }],
      },
      (err, r) => {
        if (err) return reject(err);
        resolve({ title, rps: r.requests.average, p50: r.latency.p50, p99: r.latency.p99, non2xx: r.non2xx, errors: r.errors });
      },
    );
  });
}

/** --data-dir=DIR (SQLite only): seed DIR once and keep it, so runs can be repeated on the same data. */
const KEEP = arg('data-dir');
const dataDir = KEEP ? (fs.mkdirSync(KEEP, { recursive: true }), KEEP) : fs.mkdtempSync(path.join(os.tmpdir(), 'concord-desk-bench-'));
const db = PG ? await freshPgDatabase(PG, `concord_desk_bench_${process.pid}`) : undefined;
// No in-process worker: the scheduler's jobs at start (the nightly scoring of every case, promise evaluation,
// the audit chain check) would compete with the measured requests for the two cores.
const env = serverEnv({ dataDir, port: PORT, databaseUrl: db?.url, extra: { CONCORD_EMBEDDED_WORKER: 'false' } });

/** The portfolio, all of it in collector1's scope, with the day's promises and callbacks. */
async function seed(): Promise<{ seconds: number; promisesToday: number; overdue: number; callbacks: number }> {
  const t0 = Date.now();
  const rt = await openRuntime(loadConfig({ ...env, DATABASE_URL: db?.url ?? '', LOG_LEVEL: 'silent' }), { queue: 'inline' });
  try {
    await seedDemo(rt, { debtors: CASES, seed: 42, password: PASSWORD });
    const db = rt.ctx.db;
    const me = await db.selectFrom('app_user').select(['id', 'team_id']).where('username', '=', 'collector1').executeTakeFirstOrThrow();
    await db.updateTable('collection_case').set({ assigned_user_id: me.id, assigned_team_id: me.team_id }).execute();
    // Scores as the nightly run leaves them: most cases scored (0–99.7), one in ten not; a third with a next action.
    await db.updateTable('collection_case').set({ priority_score: sql<number>`(total_due_minor % 997) / 10.0` }).where(sql<boolean>`total_due_minor % 10 <> 0`).execute();
    const now = new Date();
    const today = calendarDate(now, 'Asia/Shanghai');
    const at = (days: number, hour: number) => new Date(Date.parse(`${today}T00:00:00+08:00`) + days * 86_400_000 + hour * 3_600_000).toISOString();
    await db.updateTable('collection_case').set({ next_action_at: at(0, 15) }).where(sql<boolean>`total_due_minor % 3 = 0`).execute();
    await db.updateTable('collection_case').set({ next_action_at: at(2, 10) }).where(sql<boolean>`total_due_minor % 3 = 1`).execute();

    const cases = await db.selectFrom('collection_case').select(['id', 'debtor_id', 'creditor_id']).orderBy('id').execute();
    const nowIso = now.toISOString();
    const day = (days: number) => at(days, 12).slice(0, 10);
    const promises = cases.flatMap((c, i) =>
      i % 40 === 0 || i % 997 === 5
        ? [{ id: newId(), case_id: c.id, debt_account_id: null, amount_minor: 50_000, currency: 'CNY', due_date: i % 40 === 0 ? today : day(-3), made_on: day(-7), note: null, status: 'pending' as const, paid_minor: 0, kept_on: null, evaluated_at: null, created_by: me.id, created_at: nowIso, updated_at: nowIso }]
        : [],
    );
    const withCallback = cases.filter((_, i) => i % 60 === 7);
    const attempts = withCallback.map((c) => ({
      id: newId(), case_id: c.id, debtor_id: c.debtor_id, creditor_id: c.creditor_id, user_id: me.id, channel: 'call', direction: 'outbound', party_kind: 'debtor', party_id: c.debtor_id,
      contact_point_id: null, debt_ids_json: [], planned_at: at(-1, 10), status: 'completed', result: 'conversation', decision_id: null, is_recorded: false, content: null, notes: null, created_at: at(-1, 10), completed_at: at(-1, 10),
    }));
    const callbacks = attempts.map((a) => ({ id: newId(), case_id: a.case_id, attempt_id: a.id, party_kind: 'debtor' as const, party_id: a.party_id, contact_point_id: null, due_at: at(0, 16), status: 'pending' as const, created_by: me.id, created_at: at(-1, 10) }));
    const inChunks = async <R>(rows: R[], insert: (part: R[]) => Promise<unknown>) => {
      for (let i = 0; i < rows.length; i += 500) await insert(rows.slice(i, i + 500));
    };
    await inChunks(promises, (p) => db.insertInto('promise_to_pay').values(p).execute());
    await inChunks(attempts, (p) => db.insertInto('contact_attempt').values(p as never).execute());
    await inChunks(callbacks, (p) => db.insertInto('callback').values(p).execute());
    if (rt.ctx.dialect === 'postgres') await sql`analyze`.execute(db);
    return { seconds: (Date.now() - t0) / 1000, promisesToday: promises.filter((p) => p.due_date === today).length, overdue: promises.filter((p) => p.due_date !== today).length, callbacks: callbacks.length };
  } finally {
    await rt.close();
  }
}

let server: ReturnType<typeof spawnServer> | undefined;
try {
  const reuse = KEEP && !PG && fs.existsSync(path.join(dataDir, 'seeded'));
  const seeded = reuse ? undefined : await seed();
  if (KEEP && !PG) fs.writeFileSync(path.join(dataDir, 'seeded'), '');
  if (seeded) console.log(`seeded ${CASES} cases in ${seeded.seconds.toFixed(1)} s: ${seeded.promisesToday} promises due today, ${seeded.overdue} overdue, ${seeded.callbacks} callbacks due today`);
  server = spawnServer(['--no-demo'], env);
  await waitFor(`${base}/healthz`, 180_000);
  const cookie = await login(base, 'collector1');
  const get = async (p: string) => {
    const r = await fetch(`${base}${p}`, { headers: { cookie } });
    if (!r.ok) throw new Error(`GET ${p}: ${r.status} ${await r.text()}`);
    return r.json() as Promise<{ total: number; items: { caseId: string }[]; counts: Record<string, number> }>;
  };
  const first = await get('/api/queue');
  console.log(`server: ${PG ? 'PostgreSQL' : 'SQLite'}; collector1's queue: ${first.total} cases, counts ${JSON.stringify(first.counts)}; ${SECONDS} s per endpoint, ${CONNECTIONS} connections`);
  if (first.total < CASES * 0.9) throw new Error(`expected ≈ ${CASES} cases in scope, got ${first.total}`);
  const caseIds: string[] = [];
  for (let page = 1; page <= 5; page++) caseIds.push(...(await get(`/api/queue?page=${page}&pageSize=200`)).items.map((i) => i.caseId));

  const endpoints: { title: string; paths: string[]; auth: boolean }[] = [
    { title: 'bare GET /healthz', paths: ['/healthz'], auth: false },
    { title: 'GET /api/queue', paths: ['/api/queue'], auth: true },
    { title: 'GET /api/queue?bucket=M2', paths: ['/api/queue?bucket=M2'], auth: true },
    { title: 'GET /api/queue?q=王 (name)', paths: [`/api/queue?q=${encodeURIComponent('王')}`], auth: true },
    { title: 'GET /api/cases/:id', paths: caseIds.map((id) => `/api/cases/${id}`), auth: true },
  ];
  for (const e of endpoints) console.log(`  ${e.title}: first response ${e.auth ? JSON.stringify((await get(e.paths[0]!)).total ?? 'ok') : 'ok'}`);
  const rounds: Round[] = [];
  for (const e of endpoints) {
    // Warm-up, then the measured round, each starting on a server with no backlog.
    await drained();
    await run('warm-up', e.paths, e.auth ? { cookie } : {});
    await drained();
    rounds.push(await run(e.title, e.paths, e.auth ? { cookie } : {}));
  }
  const bare = rounds[0]!;
  console.log('');
  console.log(`${'endpoint'.padEnd(34)} ${'req/s'.padStart(8)} ${'p50 ms'.padStart(8)} ${'p99 ms'.padStart(8)} ${'ratio'.padStart(8)}  verdict`);
  let allMet = true;
  for (const r of rounds) {
    const ratio = r.rps / bare.rps;
    // Errors are mostly timeouts (autocannon gives up after 10 s): the endpoint missed the goal, say so.
    const failed = r.non2xx > 0 || r.errors > 0;
    const met = r === bare || (!failed && r.p99 < GOAL_P99_MS && ratio >= GOAL_RATIO);
    if (!met) allMet = false;
    console.log(`${r.title.padEnd(34)} ${r.rps.toFixed(0).padStart(8)} ${r.p50.toFixed(1).padStart(8)} ${r.p99.toFixed(1).padStart(8)} ${`${(ratio * 100).toFixed(1)} %`.padStart(8)}  ${failed ? `${r.errors} errors/timeouts, ${r.non2xx} non-2xx; ` : ''}${r === bare ? 'baseline' : met ? 'meets the goal' : `misses (${r.p99 >= GOAL_P99_MS ? `p99 ≥ ${GOAL_P99_MS} ms` : ''}${r.p99 >= GOAL_P99_MS && ratio < GOAL_RATIO ? ', ' : ''}${ratio < GOAL_RATIO ? `< ${GOAL_RATIO * 100} % of bare` : ''})`}`);
  }
  console.log('');
  console.log(`verdict: ${allMet ? 'goal met' : 'goal NOT met'} (p99 < ${GOAL_P99_MS} ms and ≥ ${GOAL_RATIO * 100} % of the bare route's throughput, ${CASES} cases, ${CONNECTIONS} connections, ${os.cpus().length} CPUs)`);
} finally {
  await server?.stop();
  if (!KEEP) fs.rmSync(dataDir, { recursive: true, force: true });
  await db?.drop();
}
