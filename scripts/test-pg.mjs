// `npm run test:pg`: the test suite on SQLite and PostgreSQL. Uses TEST_DATABASE_URL, or a local
// PostgreSQL (trust auth on 127.0.0.1) with a database `concord_test` created when missing.
import { spawnSync } from 'node:child_process';
import pg from 'pg';

const url = process.env.TEST_DATABASE_URL || 'postgres://postgres@127.0.0.1:5432/concord_test';
const target = new URL(url);
const admin = new pg.Client({ connectionString: Object.assign(new URL(url), { pathname: '/postgres' }).toString() });
await admin.connect();
const db = target.pathname.slice(1);
const exists = await admin.query('select 1 from pg_database where datname = $1', [db]);
if (exists.rowCount === 0) await admin.query(`create database "${db.replace(/"/g, '')}"`);
await admin.end();
const r = spawnSync('npx', ['vitest', 'run', ...process.argv.slice(2)], { stdio: 'inherit', env: { ...process.env, TEST_DATABASE_URL: url } });
process.exit(r.status ?? 1);
