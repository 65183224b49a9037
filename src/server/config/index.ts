// The only reader of process.env (DESIGN §2). Every variable is typed, defaulted, documented here
// and in the README's configuration table, and validated once at start-up.
import path from 'node:path';
import { z } from 'zod';

const levels = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;

export const configSchema = z.object({
  /** Directory for the embedded database, the generated key and uploaded files. */
  CONCORD_DATA_DIR: z.string().min(1).default('./data'),
  /** `sqlite:<file>` (default: `<data dir>/concord.db`) or `postgres://user:pass@host:5432/db`. */
  DATABASE_URL: z.string().min(1).optional(),
  /** HTTP port of `concord serve`. */
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  /** Interface to listen on. */
  HOST: z.string().default('0.0.0.0'),
  /** 32-byte key (64 hex chars or base64) for AES-256-GCM of personal data and the HMAC lookup hash.
   *  Required with PostgreSQL; generated into `<data dir>/secret.key` (mode 0600) in embedded mode. */
  CONCORD_SECRET_KEY: z.string().optional(),
  LOG_LEVEL: z.enum(levels).default('info'),
  /** Queue driver: `auto` (graphile on PostgreSQL, sqlite otherwise), `inline`, `sqlite`, `graphile`. */
  CONCORD_QUEUE: z.enum(['auto', 'inline', 'sqlite', 'graphile']).default('auto'),
  /** Jobs run concurrently per worker process. */
  CONCORD_WORKER_CONCURRENCY: z.coerce.number().int().min(1).max(100).default(4),
  /** Run an in-process worker inside `concord serve` (default: on for SQLite, off for PostgreSQL). */
  CONCORD_EMBEDDED_WORKER: z.enum(['auto', 'true', 'false']).default('auto'),
  /** Password for the first admin; when unset a random one is printed once. */
  CONCORD_ADMIN_PASSWORD: z.string().min(10).optional(),
  /** Session lifetime in hours. */
  CONCORD_SESSION_HOURS: z.coerce.number().positive().default(12),
  /** Set the Secure flag on cookies (enable behind HTTPS). */
  CONCORD_COOKIE_SECURE: z.enum(['true', 'false']).default('false'),
  /** Failed logins for one user before a temporary lockout, and the lockout length. */
  CONCORD_LOGIN_MAX_FAILURES: z.coerce.number().int().min(1).default(5),
  CONCORD_LOGIN_LOCK_MINUTES: z.coerce.number().positive().default(15),
  /** Login attempts allowed per client IP per minute. */
  CONCORD_LOGIN_RATE_PER_MINUTE: z.coerce.number().int().min(1).default(20),
  /** Whose X-Forwarded-For to believe: `false` (default: the client address is the socket's), `true` (any hop —
   *  only behind a proxy that strips the header), or a comma list of proxy addresses/CIDRs. Login rate limits
   *  and audit entries use the resulting address, so never trust a header a client can set. */
  CONCORD_TRUST_PROXY: z.string().default('false'),
  /** Largest accepted request body, bytes. */
  CONCORD_BODY_LIMIT: z.coerce.number().int().min(1024).default(1_048_576),
  /** SMTP server for the email channel, e.g. `smtp://user:pass@mail.example.com:587`; unset = email channel disabled. */
  CONCORD_SMTP_URL: z.string().url().optional(),
  /** Sender of outgoing email. */
  CONCORD_SMTP_FROM: z.string().default('Concord <no-reply@concord.invalid>'),
  /** SMPP 3.4 server for the SMS channel, e.g. `smpp://user:pass@smsc.example.com:2775` (`?source=` sets the sender);
   *  unset = SMS channel disabled. */
  CONCORD_SMPP_URL: z.string().url().refine((u) => u.startsWith('smpp://'), 'expected smpp://user:pass@host:port').optional(),
  /** Per-provider rate limits (messages per second, per worker process; each process has its own SMPP session, and a
   *  provider's throughput limit is per bind): unset or 0 = no limit. With n worker processes, set the provider's limit / n. */
  CONCORD_SMS_RATE: z.coerce.number().min(0).optional(),
  CONCORD_EMAIL_RATE: z.coerce.number().min(0).optional(),
  /** Public base URL of this server, for links in messages (unsubscribe). */
  CONCORD_PUBLIC_URL: z.string().url().default('http://localhost:3000'),
  /** Click-to-call: `tel` (default: after the engine allows a call, the browser opens a tel: link to the number) or
   *  `webhook` (a dialer places the call and posts its events to POST /api/telephony/events; the number is never shown). */
  CONCORD_TELEPHONY: z.enum(['tel', 'webhook']).default('tel'),
  /** Field check-in: a distance from the visit address (metres) beyond which the check-in is flagged. */
  CONCORD_FIELD_CHECKIN_WARN_METERS: z.coerce.number().int().min(10).max(100_000).default(300),
  /** Field view map tiles: a URL template with {z}/{x}/{y} (Web Mercator, 256 px), e.g. a licensed tile service; unset:
   *  the route is drawn as a sketch from the coordinates, with nothing fetched from elsewhere. */
  CONCORD_MAP_TILE_URL: z.string().regex(/^https?:\/\/\S*\{z\}\S*\{x\}\S*\{y\}/, 'a http(s) URL template containing {z}, {x} and {y}').optional(),
  /** Field supervision: minutes past a visit's planned service time after which a checked-in visit is an overrun (alert once). */
  CONCORD_FIELD_OVERRUN_GRACE_MINUTES: z.coerce.number().int().min(0).max(600).default(30),
  /** Route planning travel times: `great-circle` (default: great-circle × detour factor ÷ speed) or `osrm` (CONCORD_OSRM_URL's
   *  table service; great-circle again, with a logged warning, when it cannot be reached). */
  CONCORD_ROUTING_PROVIDER: z.enum(['great-circle', 'osrm']).default('great-circle'),
  /** Base URL of an OSRM server (e.g. http://127.0.0.1:5000), for CONCORD_ROUTING_PROVIDER=osrm. */
  CONCORD_OSRM_URL: z.string().url().optional(),
  /** Nightly run on PostgreSQL workers: a partition (or the finishing step) whose worker gave no sign of life for this many
   *  seconds is reclaimed and queued again (a killed worker's job would otherwise stay locked for graphile's 4 hours). */
  CONCORD_NIGHTLY_STALE_SECONDS: z.coerce.number().int().min(2).max(3600).default(120),
  /** Nightly partitions one worker process runs at once (fetched one at a time, so partitions spread over all workers). */
  CONCORD_NIGHTLY_PARTITIONS_PER_WORKER: z.coerce.number().int().min(1).max(16).default(2),
  /** Nightly allocation: a case whose debtor had no right-party contact for this many days is recalled from its collector. */
  CONCORD_RECALL_AFTER_DAYS: z.coerce.number().int().min(1).max(365).default(30),
  /** Days of nightly per-case history (scores, allocations, scheduled actions) kept; older dates are pruned daily. The
   *  default covers the longest model-training lookback (730 days). */
  CONCORD_NIGHTLY_KEEP_DAYS: z.coerce.number().int().min(31).max(3650).default(760),
  /** Nightly allocation: the most open cases a collector without a profile holds. */
  CONCORD_DEFAULT_CAPACITY: z.coerce.number().int().min(0).max(100000).default(200),
  /** A simulated clock for demonstrations and end-to-end tests: the server's time starts at this instant (ISO 8601 with
   *  an offset) and runs on from there; an admin may move it (POST /api/admin/clock). Never set in production. */
  CONCORD_CLOCK: z.iso.datetime({ offset: true }).optional(),
  /** PostgreSQL for integration tests (read only by the test helpers). */
  TEST_DATABASE_URL: z.string().optional(),
});

export type Config = {
  dataDir: string;
  databaseUrl: string;
  dialect: 'sqlite' | 'postgres';
  port: number;
  host: string;
  secretKey: string | undefined;
  logLevel: (typeof levels)[number];
  queue: 'inline' | 'sqlite' | 'graphile';
  workerConcurrency: number;
  embeddedWorker: boolean;
  adminPassword: string | undefined;
  sessionHours: number;
  cookieSecure: boolean;
  loginMaxFailures: number;
  loginLockMinutes: number;
  loginRatePerMinute: number;
  bodyLimit: number;
  trustProxy: boolean | string;
  testDatabaseUrl: string | undefined;
  smtpUrl: string | undefined;
  smtpFrom: string;
  smppUrl: string | undefined;
  /** Messages per second per worker process, per provider; null = no limit. */
  smsRate: number | null;
  emailRate: number | null;
  publicUrl: string;
  telephony: 'tel' | 'webhook';
  /** Field check-in distance (metres) beyond which a warning is recorded. */
  fieldCheckinWarnMeters: number;
  /** Map tile URL template for the field view; null: a sketch without tiles. */
  mapTileUrl: string | null;
  /** Minutes past the planned service time before a checked-in visit is an overrun. */
  fieldOverrunGraceMinutes: number;
  routingProvider: 'great-circle' | 'osrm';
  osrmUrl: string | undefined;
  /** Start of the simulated clock (CONCORD_CLOCK), or undefined for the real one. */
  clockStart: string | undefined;
  /** Nightly partitions: seconds without a heartbeat before reclaim; partitions per worker process at once. */
  nightlyStaleSeconds: number;
  nightlyPartitionsPerWorker: number;
  /** Days of nightly per-case history kept (strategy.prune). */
  nightlyKeepDays: number;
  /** Nightly allocation: recall after this many days without right-party contact; capacity of a collector without a profile. */
  recallAfterDays: number;
  defaultCapacity: number;
};

export class ConfigError extends Error {}

/** Parse an environment (default: process.env) into a Config; throws ConfigError naming each bad variable. */
export function loadConfig(env: Record<string, string | undefined> = process.env, overrides: Partial<Config> = {}): Config {
  // An empty variable counts as unset (`DATABASE_URL= concord serve` means the default).
  const given = Object.fromEntries(Object.entries(env).filter(([, v]) => v !== undefined && v !== ''));
  const parsed = configSchema.safeParse(given);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `  ${i.path.join('.')}: ${i.message}`);
    throw new ConfigError(`Invalid configuration:\n${lines.join('\n')}`);
  }
  const e = parsed.data;
  const dataDir = path.resolve(e.CONCORD_DATA_DIR);
  const databaseUrl = e.DATABASE_URL ?? `sqlite:${path.join(dataDir, 'concord.db')}`;
  const dialect = /^postgres(ql)?:\/\//.test(databaseUrl) ? 'postgres' : 'sqlite';
  if (dialect === 'sqlite' && !databaseUrl.startsWith('sqlite:')) {
    throw new ConfigError(`Invalid configuration:\n  DATABASE_URL: expected sqlite:<file> or postgres://…, got ${databaseUrl.split(':')[0]}:…`);
  }
  const queue = e.CONCORD_QUEUE === 'auto' ? (dialect === 'postgres' ? 'graphile' : 'sqlite') : e.CONCORD_QUEUE;
  if (queue === 'graphile' && dialect !== 'postgres') throw new ConfigError('Invalid configuration:\n  CONCORD_QUEUE: graphile needs a PostgreSQL DATABASE_URL');
  if (queue === 'sqlite' && dialect !== 'sqlite') throw new ConfigError('Invalid configuration:\n  CONCORD_QUEUE: sqlite needs a SQLite DATABASE_URL');
  return {
    dataDir,
    databaseUrl,
    dialect,
    port: e.PORT,
    host: e.HOST,
    secretKey: e.CONCORD_SECRET_KEY,
    logLevel: e.LOG_LEVEL,
    queue,
    workerConcurrency: e.CONCORD_WORKER_CONCURRENCY,
    embeddedWorker: e.CONCORD_EMBEDDED_WORKER === 'auto' ? dialect === 'sqlite' : e.CONCORD_EMBEDDED_WORKER === 'true',
    adminPassword: e.CONCORD_ADMIN_PASSWORD,
    sessionHours: e.CONCORD_SESSION_HOURS,
    cookieSecure: e.CONCORD_COOKIE_SECURE === 'true',
    loginMaxFailures: e.CONCORD_LOGIN_MAX_FAILURES,
    loginLockMinutes: e.CONCORD_LOGIN_LOCK_MINUTES,
    loginRatePerMinute: e.CONCORD_LOGIN_RATE_PER_MINUTE,
    bodyLimit: e.CONCORD_BODY_LIMIT,
    trustProxy: e.CONCORD_TRUST_PROXY === 'true' ? true : e.CONCORD_TRUST_PROXY === 'false' ? false : e.CONCORD_TRUST_PROXY,
    testDatabaseUrl: e.TEST_DATABASE_URL,
    smtpUrl: e.CONCORD_SMTP_URL,
    smtpFrom: e.CONCORD_SMTP_FROM,
    smppUrl: e.CONCORD_SMPP_URL,
    smsRate: e.CONCORD_SMS_RATE || null,
    emailRate: e.CONCORD_EMAIL_RATE || null,
    publicUrl: e.CONCORD_PUBLIC_URL.replace(/\/+$/, ''),
    telephony: e.CONCORD_TELEPHONY,
    fieldCheckinWarnMeters: e.CONCORD_FIELD_CHECKIN_WARN_METERS,
    mapTileUrl: e.CONCORD_MAP_TILE_URL ?? null,
    fieldOverrunGraceMinutes: e.CONCORD_FIELD_OVERRUN_GRACE_MINUTES,
    routingProvider: e.CONCORD_ROUTING_PROVIDER,
    osrmUrl: e.CONCORD_OSRM_URL?.replace(/\/+$/, ''),
    clockStart: e.CONCORD_CLOCK,
    nightlyStaleSeconds: e.CONCORD_NIGHTLY_STALE_SECONDS,
    nightlyPartitionsPerWorker: e.CONCORD_NIGHTLY_PARTITIONS_PER_WORKER,
    nightlyKeepDays: e.CONCORD_NIGHTLY_KEEP_DAYS,
    recallAfterDays: e.CONCORD_RECALL_AFTER_DAYS,
    defaultCapacity: e.CONCORD_DEFAULT_CAPACITY,
    ...overrides,
  };
}
