// Issue 6, "Real components in tests": a real worker process (`concord worker`: the sqlite queue on SQLite, graphile on
// PostgreSQL — a database of its own, so graphile's schema is not shared with other suites) sends a 1,000-SMS batch to
// a real SMPP server (the `smpp` package's server mode) and is killed with SIGKILL in the middle of it; a second worker
// finishes the batch and the reconciler runs. Every message the server received arrived exactly once;
// every message ends `sent` (and the server has it) or `unknown` (awaiting reconciliation) — never sent twice.
// Also: a runtime that stops unbinds its SMPP session (clean shutdown), in process and for a SIGTERM'd worker.
import { execFile, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import { promisify } from 'node:util';
import pg from 'pg';
import { spawnWorker } from '../workers.js';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { loadConfig } from '../../src/server/config/index.js';
import { DELIVER_JOB_KEY, enqueueMessage } from '../../src/server/modules/messaging/index.js';
import type { InlineQueue } from '../../src/server/queue/inline.driver.js';
import { openRuntime, type Runtime } from '../../src/server/runtime.js';
import { testDatabases, testPgUrl } from '../db.js';
import { make, type DebtorWithCase } from '../factories.js';
import { startSmsc, type SmscOptions } from '../smsc.js';

const run = promisify(execFile);
const bin = path.resolve(import.meta.dirname, '../../bin/concord.mjs');
const N = 1000;
/** The server keeps the response to this submit and the test kills the worker when it arrives (in flight at the kill). */
const KILL_AT = 300;

/** A test SMSC (test/smsc.ts): records every submit_sm and every unbind. */
const smsc = (opts: SmscOptions = {}) => startSmsc(opts);

const SECRET = 'cd'.repeat(32);
const envFor = (dir: string, smppUrl: string, databaseUrl = '') => ({
  ...process.env, CONCORD_DATA_DIR: dir, DATABASE_URL: databaseUrl, LOG_LEVEL: 'silent', CONCORD_SECRET_KEY: SECRET, CONCORD_QUEUE: databaseUrl ? 'graphile' : 'sqlite',
  CONCORD_SMPP_URL: smppUrl, CONCORD_WORKER_CONCURRENCY: '4',
});

/** PostgreSQL: a fresh database (its own graphile_worker schema: a worker process must not take other suites' jobs). */
async function freshPgDatabase(): Promise<{ url: string; drop(): Promise<void> }> {
  const admin = testPgUrl()!;
  const name = `concord_smsfault_${randomBytes(4).toString('hex')}`;
  const run = async (q: string) => {
    const c = new pg.Client({ connectionString: admin });
    await c.connect();
    try {
      await c.query(q);
    } finally {
      await c.end();
    }
  };
  await run(`create database ${name}`);
  const u = new URL(admin);
  u.pathname = `/${name}`;
  return { url: u.toString(), drop: () => run(`drop database if exists ${name} with (force)`) };
}

/** One debtor whose creditor's pack set keeps only the opt-out rule: the send-time re-check passes whatever the hour. */
async function debtor(rt: Runtime): Promise<DebtorWithCase> {
  const creditor = await make.creditor(rt.ctx.db, { rule_pack_set: 'concord-baseline#medium_opt_out' });
  return make.debtorWithCase(rt.ctx.db, rt.ctx.pii, rt.ctx.clock, { creditorId: creditor.id, fullName: '王五', timeZone: 'Asia/Shanghai' });
}

async function queueSms(rt: Runtime, c: DebtorWithCase, bodies: string[]): Promise<string[]> {
  return rt.ctx.db.transaction().execute(async (trx) => {
    const ids: string[] = [];
    for (const body of bodies) {
      const id = await enqueueMessage(trx, {
        caseId: c.caseId, debtorId: c.debtorId, channel: 'sms', contactPointId: c.phoneId, subject: null, body, institution: 'Concord',
        templateVersionId: null, attemptId: null, createdBy: null, at: rt.ctx.clock.now().toISOString(),
      });
      await rt.ctx.queue.enqueue('messaging.deliver', { messageId: id }, { trx, jobKey: DELIVER_JOB_KEY }); // as queueIn does
      ids.push(id);
    }
    return ids;
  });
}

describe('messaging: a runtime that stops unbinds its SMPP session', () => {
  let root: string;
  const children: ChildProcess[] = [];
  const servers: Array<ReturnType<typeof smsc>> = [];

  beforeAll(() => {
    root = fs.mkdtempSync(path.join(os.tmpdir(), 'concord-smsfault-'));
  });
  afterAll(async () => {
    for (const ch of children) if (ch.exitCode === null && ch.signalCode === null) ch.kill('SIGKILL');
    for (const s of servers) await s.close();
    fs.rmSync(root, { recursive: true, force: true });
  });

  it('closing the runtime unbinds the SMPP session the jobs used', async () => {
    const s = smsc();
    servers.push(s);
    const url = await s.listen();
    const dir = path.join(root, 'close');
    fs.mkdirSync(dir);
    const rt = await openRuntime(loadConfig(envFor(dir, url)), { queue: 'inline' });
    try {
      const c = await debtor(rt);
      await queueSms(rt, c, ['Concord test message: closing']);
      await (rt.ctx.queue as InlineQueue).drain();
      expect(s.received.map((r) => r.text)).toEqual(['Concord test message: closing']);
      expect(s.unbinds()).toBe(0);
    } finally {
      await rt.close();
    }
    await vi.waitFor(() => expect(s.unbinds()).toBe(1), { timeout: 3000, interval: 20 });
  });
});

describe.each(testDatabases())('messaging: a worker killed mid-batch on %s', (kind) => {
  let root: string;
  const children: ChildProcess[] = [];
  const servers: Array<ReturnType<typeof smsc>> = [];
  const dropLater: Array<() => Promise<void>> = [];

  beforeAll(() => {
    root = fs.mkdtempSync(path.join(os.tmpdir(), `concord-smsfault-${kind}-`));
  });
  afterAll(async () => {
    for (const ch of children) if (ch.exitCode === null && ch.signalCode === null) ch.kill('SIGKILL');
    for (const s of servers) await s.close();
    for (const d of dropLater) await d();
    fs.rmSync(root, { recursive: true, force: true });
  });

  it('SIGKILL in the middle of 1,000 SMS, restart, reconcile: each received once, the rest `unknown`, never twice', async () => {
    let killed: ChildProcess | null = null;
    let killedAt = 0;
    const s = smsc({
      hold: (n) => n === KILL_AT,
      onSubmit: (n) => {
        if (n === KILL_AT && killed) {
          killed.kill('SIGKILL');
          killedAt = n;
        }
      },
    });
    servers.push(s);
    const url = await s.listen();
    const dir = path.join(root, 'fault');
    let pgDb: Awaited<ReturnType<typeof freshPgDatabase>> | null = null;
    if (kind === 'postgres') {
      pgDb = await freshPgDatabase();
      dropLater.push(pgDb.drop);
    }
    const env = envFor(dir, url, pgDb?.url);
    const queue = kind === 'postgres' ? 'graphile' as const : 'sqlite' as const;
    await run(process.execPath, [bin, 'migrate'], { env });

    const rt = await openRuntime(loadConfig(env), { queue }); // enqueues only: never started
    let ids: string[];
    try {
      const c = await debtor(rt);
      ids = await queueSms(rt, c, Array.from({ length: N }, (_, i) => `Concord fault test message ${String(i).padStart(4, '0')}`));
    } finally {
      await rt.close();
    }

    const worker = () => spawnWorker(env, children);

    const first = worker();
    killed = first.ch;
    await first.exited;
    expect(first.ch.signalCode, first.stderr()).toBe('SIGKILL');
    expect(killedAt).toBe(KILL_AT);
    const atKill = s.received.length;
    expect(atKill).toBeGreaterThanOrEqual(KILL_AT);
    expect(atKill).toBeLessThan(N);

    // The delivery job the killed worker held keeps its lease (sqlite: 5 minutes; graphile: its lock); the sweep
    // (scheduled every minute in production) reaches the still-queued messages, and `sending` ones are left for the
    // reconciler.
    const second = worker();
    const rt2 = await openRuntime(loadConfig(env), { queue, migrate: false });
    try {
      const count = async (status: string) =>
        Number((await rt2.ctx.db.selectFrom('outbox_message').select((eb) => eb.fn.countAll().as('n')).where('status', '=', status as 'queued').executeTakeFirstOrThrow()).n);
      await vi.waitFor(async () => {
        const queued = await count('queued');
        // One sweep waiting at a time (a key keeps a single pending job; the running one has given its key up).
        if (queued > 0) await rt2.ctx.queue.enqueue('messaging.sweep', {}, { jobKey: 'fault-sweep' });
        expect(queued).toBe(0);
      }, { timeout: 60_000, interval: 250 });

      second.ch.kill('SIGTERM');
      await second.exited;
      expect(second.ch.exitCode, second.stderr()).toBe(0);
      expect(s.unbinds()).toBe(1); // the second worker's clean stop unbound; the killed one never did

      // The reconciler, ten-plus minutes on: the `sending` rows the killed worker left become `unknown`.
      const later = await openRuntime(loadConfig(env), { queue: 'inline', migrate: false, clock: { now: () => new Date(Date.now() + 11 * 60_000) } });
      try {
        await later.services.messaging.reconcile();
      } finally {
        await later.close();
      }

      const rows = await rt2.ctx.db.selectFrom('outbox_message').select(['id', 'body', 'status', 'attempts']).execute();
      expect(rows).toHaveLength(N);
      expect(new Set(rows.map((r) => r.id))).toEqual(new Set(ids));
      const sent = rows.filter((r) => r.status === 'sent');
      const unknown = rows.filter((r) => r.status === 'unknown');
      expect(sent.length + unknown.length, JSON.stringify([...new Set(rows.map((r) => r.status))])).toBe(N);
      expect(rows.every((r) => r.attempts === 1)).toBe(true);

      const bodies = s.received.map((r) => r.text);
      const distinct = new Set(bodies);
      expect(distinct.size).toBe(bodies.length); // nothing received twice
      expect(new Set(s.received.map((r) => r.messageId)).size).toBe(bodies.length);
      for (const m of sent) expect(distinct.has(m.body)).toBe(true); // every `sent` message reached the server
      expect(unknown.length).toBeGreaterThanOrEqual(1); // at least the one whose response the server held
      expect(unknown.length).toBeLessThanOrEqual(200); // at most two claimed batches of 100 in flight per process
      expect(bodies.length).toBeLessThanOrEqual(N);
      // Received but not `sent`: the in-flight ones at the kill, all `unknown`.
      const sentBodies = new Set(sent.map((m) => m.body));
      const inFlight = bodies.filter((b) => !sentBodies.has(b));
      const unknownBodies = new Set(unknown.map((m) => m.body));
      expect(inFlight.every((b) => unknownBodies.has(b))).toBe(true);
      console.info(`[sms-fault ${kind}] received at kill ${atKill}; final: received ${bodies.length}, sent ${sent.length}, unknown ${unknown.length} (${inFlight.length} of them received), duplicates ${bodies.length - distinct.size}`);
    } finally {
      await rt2.close();
    }
  }, 90_000);
});
