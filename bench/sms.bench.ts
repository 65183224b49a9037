// npm run bench:sms — issue 6, Benchmark: N SMS (default 10,000) through outbox → worker (sqlite queue, in process)
// → a local SMPP server (the `smpp` package's server mode), against a bare SMPP client submitting the same N to the
// same server with the same concurrency. Prints messages/s for both and the ratio (goal ≥ 50 %).
//
//   npm run bench:sms -- [--messages 10000] [--concurrency 4]
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { loadConfig } from '../src/server/config/index.js';
import { DELIVER_JOB_KEY, enqueueMessage } from '../src/server/modules/messaging/index.js';
import { createSmppClient, parseSmppUrl } from '../src/server/modules/messaging/messaging.smpp.js';
import { openRuntime } from '../src/server/runtime.js';
import { make } from '../test/factories.js';
import { startSmsc } from '../test/smsc.js';

const arg = (name: string) => {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? process.argv[i + 1] : process.argv.find((a) => a.startsWith(`--${name}=`))?.slice(name.length + 3);
};
const N = Number(arg('messages') ?? 10_000);
const CONCURRENCY = Number(arg('concurrency') ?? 4);

// Received counts from `base` on (the bare run's messages, then the outbox run's).
let base = 0;
let waiter: { n: number; resolve: () => void } | null = null;
const smsc = startSmsc({ onSubmit: (n) => { if (waiter && n - base >= waiter.n) waiter.resolve(); } });
const received = () => smsc.received.length - base;
const url = await smsc.listen('bench', 'bench');
const untilReceived = (n: number) => new Promise<void>((resolve) => {
  if (received() >= n) resolve();
  else waiter = { n, resolve };
});
const bodies = Array.from({ length: N }, (_, i) => `Concord bench message ${i}`);

// 1. bare client
const bare = createSmppClient(parseSmppUrl(url), { receipt: async () => undefined, inbound: async () => undefined, error: () => undefined });
let next = 0;
const t0 = performance.now();
await Promise.all(Array.from({ length: CONCURRENCY }, async () => {
  while (next < N) {
    const res = await bare.submit('13800138000', bodies[next++]!);
    if (!res.ok) throw new Error(res.reason);
  }
}));
const bareS = (performance.now() - t0) / 1000;
await bare.close();

// 2. outbox → worker
base = smsc.received.length;
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'concord-bench-sms-'));
const config = loadConfig({ ...process.env, CONCORD_DATA_DIR: dir, DATABASE_URL: '', LOG_LEVEL: 'silent', CONCORD_SECRET_KEY: 'ef'.repeat(32), CONCORD_SMPP_URL: url });
const rt = await openRuntime(config, { queue: 'sqlite' });
const creditor = await make.creditor(rt.ctx.db, { rule_pack_set: 'concord-baseline#medium_opt_out' });
const c = await make.debtorWithCase(rt.ctx.db, rt.ctx.pii, rt.ctx.clock, { creditorId: creditor.id, timeZone: 'Asia/Shanghai' });
const at = new Date().toISOString();
await rt.ctx.db.transaction().execute(async (trx) => {
  for (const body of bodies) {
    const id = await enqueueMessage(trx, {
      caseId: c.caseId, debtorId: c.debtorId, channel: 'sms', contactPointId: c.phoneId, subject: null, body, institution: 'Concord',
      templateVersionId: null, attemptId: null, createdBy: null, at,
    });
    await rt.ctx.queue.enqueue('messaging.deliver', { messageId: id }, { trx, jobKey: DELIVER_JOB_KEY }); // as queueIn does
  }
});
const t1 = performance.now();
await rt.ctx.queue.start({ concurrency: CONCURRENCY });
await untilReceived(N);
const outboxS = (performance.now() - t1) / 1000;
await rt.close();
fs.rmSync(dir, { recursive: true, force: true });
await smsc.close();

const bareRate = N / bareS;
const outboxRate = N / outboxS;
console.log(`messages: ${N}, concurrency ${CONCURRENCY}`);
console.log(`bare SMPP client:        ${bareRate.toFixed(0)} msg/s (${bareS.toFixed(2)} s)`);
console.log(`outbox → worker → SMPP:  ${outboxRate.toFixed(0)} msg/s (${outboxS.toFixed(2)} s)`);
console.log(`ratio: ${((outboxRate / bareRate) * 100).toFixed(1)} % (goal ≥ 50 %)`);
