// An HTTP test harness: the real app on a fresh database (SQLite, or PostgreSQL when configured),
// a fake clock, the inline queue, and clients that log in like a browser (cookie + CSRF header).
import { randomBytes } from 'node:crypto';
import os from 'node:os';
import path from 'node:path';
import type { FastifyInstance, InjectOptions, LightMyRequestResponse } from 'fastify';
import type { Role } from '../src/contracts/identity.js';
import { loadConfig } from '../src/server/config/index.js';
import { buildApp } from '../src/server/http/app.js';
import { ensureBootstrap } from '../src/server/modules/identity/index.js';
import { fakeClock } from '../src/server/platform/clock.js';
import { createLogger, type Logger } from '../src/server/platform/logger.js';
import { openRuntime, type Runtime } from '../src/server/runtime.js';
import { createTestDb, type TestDbKind, type TestDb } from './db.js';

export const ADMIN_PASSWORD = 'admin-password-123';
export const USER_PASSWORD = 'user-password-123';

export type Client = {
  username: string;
  get(url: string, headers?: Record<string, string>): Promise<LightMyRequestResponse>;
  post(url: string, body?: unknown, headers?: Record<string, string>): Promise<LightMyRequestResponse>;
  patch(url: string, body?: unknown, headers?: Record<string, string>): Promise<LightMyRequestResponse>;
  put(url: string, body?: unknown, headers?: Record<string, string>): Promise<LightMyRequestResponse>;
  delete(url: string, headers?: Record<string, string>): Promise<LightMyRequestResponse>;
  raw(opts: InjectOptions): Promise<LightMyRequestResponse>;
};

export type TestApp = {
  app: FastifyInstance;
  rt: Runtime;
  db: TestDb;
  clock: ReturnType<typeof fakeClock>;
  admin: Client;
  login(username: string, password?: string, headers?: Record<string, string>): Promise<Client>;
  /** Create a user through the service and log them in. */
  userWith(role: Role, opts?: { teamId?: string | null; creditorId?: string | null; username?: string }): Promise<Client & { id: string }>;
  close(): Promise<void>;
};

let counter = 0;
let ipCounter = 0;
/** Each login comes from its own address, so the per-IP login rate limit never trips a test by accident. */
const nextIp = () => `10.${(++ipCounter >> 16) & 255}.${(ipCounter >> 8) & 255}.${ipCounter & 255}`;

export async function createTestApp(kind: TestDbKind, opts: { logger?: Logger; env?: Record<string, string> } = {}): Promise<TestApp> {
  const db = await createTestDb(kind);
  const config = loadConfig({
    CONCORD_DATA_DIR: path.join(os.tmpdir(), `concord-test-${randomBytes(4).toString('hex')}`),
    CONCORD_SECRET_KEY: randomBytes(32).toString('hex'),
    CONCORD_ADMIN_PASSWORD: ADMIN_PASSWORD,
    CONCORD_QUEUE: 'inline',
    DATABASE_URL: 'sqlite::memory:',
    LOG_LEVEL: 'silent',
    // Tests vary X-Forwarded-For to play different client addresses.
    CONCORD_TRUST_PROXY: 'true',
    ...opts.env,
  });
  const clock = fakeClock('2026-11-28T02:00:00.000Z');
  const rt = await openRuntime(config, { handle: db, clock, queue: 'inline', logger: opts.logger ?? createLogger('silent'), migrate: false });
  await ensureBootstrap(rt.ctx);
  const app = await buildApp(rt.ctx, rt.services);
  await app.ready();

  async function login(username: string, password = USER_PASSWORD, headers: Record<string, string> = {}): Promise<Client> {
    const res = await app.inject({ method: 'POST', url: '/api/auth/login', payload: { username, password }, headers: { 'x-forwarded-for': nextIp(), ...headers } });
    if (res.statusCode !== 200) throw new Error(`login ${username} failed: ${res.statusCode} ${res.body}`);
    const session = res.cookies.find((c) => c.name === 'concord_session')!.value;
    const csrf = (res.json() as { csrfToken: string }).csrfToken;
    const send = (method: InjectOptions['method'], url: string, payload?: unknown, extra: Record<string, string> = {}) =>
      app.inject({ method, url, cookies: { concord_session: session }, headers: { 'x-csrf-token': csrf, ...extra }, ...(payload !== undefined ? { payload: payload as object } : {}) });
    return {
      username,
      get: (url, h) => send('GET', url, undefined, h),
      post: (url, body, h) => send('POST', url, body ?? {}, h),
      patch: (url, body, h) => send('PATCH', url, body ?? {}, h),
      put: (url, body, h) => send('PUT', url, body ?? {}, h),
      delete: (url, h) => send('DELETE', url, undefined, h),
      raw: (o) => app.inject({ ...o, cookies: { concord_session: session, ...(o.cookies ?? {}) } }),
    };
  }

  const admin = await login('admin', ADMIN_PASSWORD);
  return {
    app,
    rt,
    db,
    clock,
    admin,
    login,
    async userWith(role, o = {}) {
      const username = o.username ?? `${role.replace('_', '')}${++counter}${randomBytes(2).toString('hex')}`;
      const u = await rt.services.identity.createUser('system', { username, displayName: `测试${role}`, password: USER_PASSWORD, role, teamId: o.teamId ?? null, creditorId: o.creditorId ?? null, locale: 'zh-CN' });
      return { ...(await login(username)), id: u.id };
    },
    async close() {
      await app.close();
      await rt.close();
      await db.drop();
    },
  };
}
