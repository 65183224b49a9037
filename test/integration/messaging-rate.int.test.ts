// Per-provider rate limit (issue 6): with CONCORD_SMS_RATE=5 the worker never submits more than the token bucket
// allows by a given instant of the (fake) clock — at most 5 at once (one second's worth) and 5 more per second after —
// counted on the test SMSC, each submission stamped with the clock instant it arrived at. No wall-clock timing.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { enqueueMessage } from '../../src/server/modules/messaging/index.js';
import { createTestApp, type TestApp } from '../app.js';
import { testDatabases } from '../db.js';
import { make } from '../factories.js';
import { startSmsc, type Smsc } from '../smsc.js';

const RATE = 5;
const N = 23;

describe.each(testDatabases())('SMS rate limit on %s', (kind) => {
  let t: TestApp;
  const stamps: number[] = [];
  const smsc: Smsc = startSmsc({ onSubmit: () => stamps.push(t.clock.now().getTime()) });

  beforeAll(async () => {
    const url = await smsc.listen();
    t = await createTestApp(kind, { env: { CONCORD_SMPP_URL: url, CONCORD_SMS_RATE: String(RATE) } });
  });
  afterAll(async () => {
    await t?.rt.services.messaging.close();
    await t?.close();
    await smsc.close();
  });

  it('the worker sends at most RATE at once and RATE per second after; throttled messages stay queued and all go out', async () => {
    const t0 = new Date('2026-11-28T03:00:00Z').getTime();
    t.clock.set(new Date(t0));
    const creditor = await make.creditor(t.db.db, { rule_pack_set: 'concord-baseline#medium_opt_out' });
    const c = await make.debtorWithCase(t.db.db, t.rt.ctx.pii, t.clock, { creditorId: creditor.id, fullName: '王五', timeZone: 'Asia/Shanghai' });
    await t.rt.ctx.db.transaction().execute(async (trx) => {
      for (let i = 0; i < N; i++) {
        await enqueueMessage(trx, {
          caseId: c.caseId, debtorId: c.debtorId, channel: 'sms', contactPointId: c.phoneId, subject: null, body: `Concord rate test ${i}`, institution: 'Concord',
          templateVersionId: null, attemptId: null, createdBy: null, at: t.clock.now().toISOString(),
        });
      }
    });
    const svc = t.rt.services.messaging;
    const queued = async () => (await t.db.db.selectFrom('outbox_message').select('id').where('case_id', '=', c.caseId).where('status', '=', 'queued').execute()).length;

    // At t0 a full bucket: RATE go, the rest wait, still `queued` (not claimed, nothing `sending`).
    const first = await svc.deliverDue(100);
    expect(first.sent).toBe(RATE);
    expect(first.throttled).toBe(N - RATE);
    expect(await queued()).toBe(N - RATE);
    // The same instant again: the bucket is empty.
    expect((await svc.deliverDue(100)).sent).toBe(0);
    expect(stamps).toHaveLength(RATE);

    // 0.4 s later: two tokens.
    t.clock.set(new Date(t0 + 400));
    expect((await svc.deliverDue(100)).sent).toBe(2);

    // Then on in 250 ms steps until everything is sent; the bound holds at every instant.
    for (let ms = 650; (await queued()) > 0 && ms < 20_000; ms += 250) {
      t.clock.set(new Date(t0 + ms));
      await svc.deliverDue(100);
    }
    expect(await queued()).toBe(0);
    expect(smsc.received.filter((r) => r.to === c.plain.phone)).toHaveLength(N);
    for (const s of stamps) {
      const sentBy = stamps.filter((x) => x <= s).length;
      expect(sentBy).toBeLessThanOrEqual(RATE + Math.floor(((s - t0) / 1000) * RATE));
    }
    // Any one-second window: at most the burst plus one second's refill.
    for (const s of stamps) expect(stamps.filter((x) => x >= s && x < s + 1000).length).toBeLessThanOrEqual(2 * RATE);
    // And it does not stall: the last message left within a refill of the bound (N − RATE tokens at RATE/s).
    expect(Math.max(...stamps) - t0).toBeLessThanOrEqual(((N - RATE) / RATE) * 1000 + 250);
  });
});
