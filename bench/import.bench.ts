// npm run bench:import -- --rows 1000000 [--pg=postgres://…] [--only sqlite|postgres]
// Generates a deterministic placements CSV (one loan per row, 24 columns, Chinese data), imports it with full
// validation into a fresh Concord database (`concord import`, a real process), and as the baseline loads the same
// file into a bare table with the database's own bulk loader (sqlite3 `.import`; psql `\copy`). Prints both
// times, rows/s, the importer's peak memory (VmHWM) and the ratio. Absolute times are noisy here: the ratio is
// the figure. Goal (issue 3): ratio ≤ 3, peak memory ≤ 512 MB.
import { spawn, spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { makeNationalId } from '../src/core/person/index.js';

const arg = (name: string, dflt: string) => {
  const i = process.argv.indexOf(`--${name}`);
  if (i >= 0 && process.argv[i + 1]) return process.argv[i + 1] as string;
  return process.argv.find((a) => a.startsWith(`--${name}=`))?.slice(name.length + 3) ?? dflt;
};
const ROWS = Number(arg('rows', '100000'));
const PG = arg('pg', '');
/** `--only postgres` (or sqlite): run one database. */
const ONLY = arg('only', '');
const root = path.resolve(import.meta.dirname, '..');
const bin = path.join(root, 'bin/concord.mjs');
const work = fs.mkdtempSync(path.join(os.tmpdir(), 'concord-bench-import-'));

// ---------- the file ----------
const HEADER = ['客户编号', '姓名', '身份证号', '手机号码', '住宅地址所在地区', '住宅地址', '单位地址', '联系人1姓名', '联系人1关系', '联系人1电话',
  '借款编号', '产品名称', '借款金额', '年化利率', '放款日期', '借款期数', '出借人类型', '剩余本金', '剩余利息', '剩余罚息', '剩余费用', '首期还款日', '逾期起始日', '工作单位'];
const SURNAMES = '王李张刘陈杨赵黄周吴徐孙胡朱高林何郭马罗';
const GIVEN = '伟芳娜秀英敏静丽强磊军洋勇艳杰娟涛明超秀兰霞平刚桂英';
const REGIONS = ['北京市朝阳区', '上海市浦东新区', '广东省深圳市南山区', '四川省成都市武侯区', '河南省郑州市金水区', '浙江省杭州市西湖区'];

function mulberry32(seed: number) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

async function writeCsv(file: string, rows: number): Promise<number> {
  const out = fs.createWriteStream(file);
  const rnd = mulberry32(20261128);
  const int = (lo: number, hi: number) => lo + Math.floor(rnd() * (hi - lo + 1));
  const pick = (s: string) => s[int(0, s.length - 1)] as string;
  const write = (line: string) => (out.write(line) ? Promise.resolve() : new Promise<void>((r) => out.once('drain', () => r())));
  await write(`${HEADER.join(',')}\n`);
  const money = (minor: number) => `${Math.floor(minor / 100)}.${String(minor % 100).padStart(2, '0')}`;
  let buf = '';
  for (let i = 0; i < rows; i++) {
    const debtor = Math.floor(i / 1.25); // ~1.25 loans per debtor
    const y = 1960 + (debtor % 40), m = 1 + (debtor % 12), d = 1 + (debtor % 28);
    const birth = `${y}-${String(m).padStart(2, '0')}-${String(d).padStart(2, '0')}`;
    const nid = makeNationalId('110105', birth, 100 + (debtor % 800));
    const principal = int(1000, 50000) * 100;
    const orig = `2025-${String(int(1, 12)).padStart(2, '0')}-${String(int(1, 28)).padStart(2, '0')}`;
    const overdue = `2026-${String(int(1, 10)).padStart(2, '0')}-${String(int(1, 28)).padStart(2, '0')}`;
    const region = REGIONS[debtor % REGIONS.length] as string;
    buf += [
      `D${String(debtor).padStart(8, '0')}`, pick(SURNAMES) + pick(GIVEN) + pick(GIVEN), nid, `13${String(100000000 + debtor).slice(-9)}`,
      region, `示例路${int(1, 999)}号${int(1, 30)}栋${int(101, 2808)}室`, `"${region}示例大厦${int(1, 40)}层, 某某公司"`,
      pick(SURNAMES) + pick(GIVEN), '配偶', `15${String(200000000 + debtor).slice(-9)}`,
      `L${String(i).padStart(9, '0')}`, '消费贷', money(principal), `${int(10, 24)}%`, orig, String(int(3, 36)), i % 7 === 0 ? '非持牌' : '持牌',
      money(Math.floor(principal * 0.6)), money(int(0, 200000)), money(int(0, 50000)), money(int(0, 10000)), '2026-01-15', overdue, '某某科技有限公司',
    ].join(',') + '\n';
    if (buf.length > 1 << 16) {
      await write(buf);
      buf = '';
    }
  }
  await write(buf);
  await new Promise<void>((r) => out.end(() => r()));
  return fs.statSync(file).size;
}

// ---------- measuring a process ----------
async function run(cmd: string, args: string[], env: NodeJS.ProcessEnv, input?: string): Promise<{ seconds: number; peakMb: number; out: string; code: number }> {
  const t0 = process.hrtime.bigint();
  const child = spawn(cmd, args, { env, stdio: [input ? 'pipe' : 'ignore', 'pipe', 'pipe'] });
  let out = '';
  child.stdout?.on('data', (d) => (out += d));
  child.stderr?.on('data', (d) => (out += d));
  if (input) child.stdin?.end(input);
  let peakKb = 0;
  const poll = setInterval(() => {
    try {
      const m = /VmHWM:\s+(\d+)/.exec(fs.readFileSync(`/proc/${child.pid}/status`, 'utf8'));
      if (m) peakKb = Math.max(peakKb, Number(m[1]));
    } catch {
      /* exited */
    }
  }, 100);
  const code = await new Promise<number>((r) => child.on('close', (c) => r(c ?? -1)));
  clearInterval(poll);
  return { seconds: Number(process.hrtime.bigint() - t0) / 1e9, peakMb: peakKb / 1024, out, code };
}

function ensureTool(tool: string, pkg: string) {
  if (spawnSync('which', [tool]).status === 0) return;
  console.log(`installing ${pkg} …`);
  spawnSync('apt-get', ['install', '-y', pkg], { stdio: 'inherit' });
}

async function main() {
  const only = arg('generate-only', '');
  if (only) {
    // --generate-only FILE: write the benchmark's file and stop (to inspect it or import it by hand).
    await writeCsv(only, ROWS);
    fs.rmSync(work, { recursive: true, force: true });
    return;
  }
  const csv = path.join(work, 'placements.csv');
  const bytes = await writeCsv(csv, ROWS);
  console.log(`cpu: ${os.cpus()[0]?.model ?? '?'} (${os.cpus().length} cores), node ${process.version}`);
  console.log(`file: ${ROWS.toLocaleString()} rows, ${(bytes / 1e6).toFixed(1)} MB, ${HEADER.length} columns (${csv})`);
  const results: Record<string, unknown> = { rows: ROWS, bytes };

  for (const db of (PG ? ['sqlite', 'postgres'] : ['sqlite']).filter((d) => !ONLY || d === ONLY)) {
    let env: NodeJS.ProcessEnv = { ...process.env, LOG_LEVEL: 'warn', CONCORD_ADMIN_PASSWORD: 'Bench-Admin-Password-1', CONCORD_DATA_DIR: path.join(work, `data-${db}`) };
    let baseline: { seconds: number };
    let dbName = '';
    if (db === 'sqlite') {
      ensureTool('sqlite3', 'sqlite3');
      env.DATABASE_URL = '';
      const bare = path.join(work, 'bare.db');
      baseline = await run('sqlite3', [bare], env, `.mode csv\n.import ${csv} bare\n`);
    } else {
      ensureTool('psql', 'postgresql-client');
      dbName = `concord_bench_${randomBytes(4).toString('hex')}`;
      const admin = new URL(PG);
      spawnSync('psql', [admin.toString(), '-c', `CREATE DATABASE ${dbName}`], { stdio: 'ignore' });
      const url = new URL(PG);
      url.pathname = `/${dbName}`;
      env = { ...env, DATABASE_URL: url.toString(), CONCORD_QUEUE: 'graphile', CONCORD_SECRET_KEY: randomBytes(32).toString('hex') };
      spawnSync('psql', [url.toString(), '-c', `CREATE TABLE bare (${HEADER.map((_, i) => `c${i} text`).join(', ')})`], { stdio: 'ignore' });
      baseline = await run('psql', [url.toString(), '-c', `\\copy bare FROM '${csv}' WITH (FORMAT csv, HEADER true)`], env);
    }
    const prep = spawnSync(process.execPath, [bin, 'demo', '--debtors', '0'], { env, encoding: 'utf8' });
    if (prep.status !== 0) throw new Error(`concord demo failed: ${prep.stderr}`);
    const imp = await run(process.execPath, [bin, 'import', csv, '--creditor', 'DEMO-A', '--kind', 'placements'], env);
    if (imp.code !== 0) throw new Error(`concord import failed (${imp.code}):\n${imp.out.slice(-2000)}`);
    const report = /total \d+ \/ accepted \d+ \/ rejected \d+[^\n]*/.exec(imp.out)?.[0] ?? '(no report line)';
    const ratio = imp.seconds / baseline.seconds;
    console.log(`\n[${db}] baseline (${db === 'sqlite' ? 'sqlite3 .import' : 'psql \\copy'}): ${baseline.seconds.toFixed(1)} s, ${Math.round(ROWS / baseline.seconds).toLocaleString()} rows/s`);
    console.log(`[${db}] concord import (validate + encrypt + upsert): ${imp.seconds.toFixed(1)} s, ${Math.round(ROWS / imp.seconds).toLocaleString()} rows/s, peak memory ${imp.peakMb.toFixed(0)} MB`);
    console.log(`[${db}] ratio ${ratio.toFixed(2)} (goal ≤ 3: ${ratio <= 3 ? 'met' : 'NOT met'}); peak ≤ 512 MB: ${imp.peakMb <= 512 ? 'met' : 'NOT met'}`);
    console.log(`[${db}] report: ${report}`);
    results[db] = { baselineSeconds: baseline.seconds, importSeconds: imp.seconds, rowsPerSec: ROWS / imp.seconds, peakMb: imp.peakMb, ratio };
    if (dbName) spawnSync('psql', [PG, '-c', `DROP DATABASE IF EXISTS ${dbName} WITH (FORCE)`], { stdio: 'ignore' });
  }
  console.log(JSON.stringify({ bench: 'import', ...results }));
  fs.rmSync(work, { recursive: true, force: true });
}

main().catch((e: unknown) => {
  console.error(e);
  fs.rmSync(work, { recursive: true, force: true });
  process.exit(1);
});
