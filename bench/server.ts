// What the HTTP benches (bench:http, bench:desk) share: a fresh PostgreSQL database when asked for one, the
// server's environment, `concord serve` as its own process, and a signed-in user's cookie.
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import path from 'node:path';
import pg from 'pg';

/** The demo users' password on a bench server. */
export const PASSWORD = 'bench-password-123';
const root = path.resolve(import.meta.dirname, '..');

/** A database `name` made now on the PostgreSQL server at `serverUrl` (--pg=postgres://…); drop() removes it. */
export async function freshPgDatabase(serverUrl: string, name: string): Promise<{ url: string; drop: () => Promise<void> }> {
  const admin = async (q: string) => {
    const c = new pg.Client({ connectionString: Object.assign(new URL(serverUrl), { pathname: '/postgres' }).toString() });
    await c.connect();
    await c.query(q);
    await c.end();
  };
  await admin(`create database ${name}`);
  return {
    url: Object.assign(new URL(serverUrl), { pathname: `/${name}` }).toString(),
    drop: () => admin(`drop database if exists ${name} with (force)`),
  };
}

/**
 * The server's environment: this process's, with the data in `dataDir` (SQLite) or in `databaseUrl` (PostgreSQL,
 * with a fresh secret key), quiet logs, the bench password for the admin and a login rate that never limits.
 */
export function serverEnv(o: { dataDir: string; port: number; databaseUrl?: string | undefined; extra?: Record<string, string> }): NodeJS.ProcessEnv {
  const db: Record<string, string> = o.databaseUrl ? { DATABASE_URL: o.databaseUrl, CONCORD_SECRET_KEY: randomBytes(32).toString('hex') } : {};
  return {
    ...process.env,
    CONCORD_DATA_DIR: o.dataDir,
    PORT: String(o.port),
    LOG_LEVEL: 'warn',
    CONCORD_ADMIN_PASSWORD: PASSWORD,
    CONCORD_LOGIN_RATE_PER_MINUTE: '1000',
    ...db,
    ...o.extra,
  };
}

export async function waitFor(url: string, ms: number) {
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

/** `concord serve <args>` (no web app) as its own process; stop() ends it and waits for it to exit. */
export function spawnServer(args: string[], env: NodeJS.ProcessEnv): { stop: () => Promise<void> } {
  const child = spawn(process.execPath, [path.join(root, 'bin/concord.mjs'), 'serve', ...args, '--web-dir=/nonexistent'], { env, stdio: ['ignore', 'inherit', 'inherit'] });
  return {
    stop: async () => {
      if (child.exitCode !== null || child.signalCode !== null) return;
      const exited = new Promise((r) => child.once('exit', r));
      child.kill('SIGTERM');
      await exited;
    },
  };
}

/** Signs `username` in with the bench password; returns the session cookie. */
export async function login(base: string, username: string): Promise<string> {
  const res = await fetch(`${base}/api/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username, password: PASSWORD }) });
  if (!res.ok) throw new Error(`login failed: ${res.status} ${await res.text()}`);
  return res.headers.getSetCookie().map((c) => c.split(';')[0]).join('; ');
}
