// SMS over SMPP (issue 6, part 3) against a real SMPP server (the `smpp` package's server mode) on both databases:
// UCS-2 concatenated parts, delivery receipts → `delivered`, an MO 退订 → opt-out → the engine blocks the next SMS,
// other replies on the case, exactly-once delivery and the stale-`sending` reconciler.
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { createTestApp, type Client, type TestApp } from '../app.js';
import { approvedTemplate } from '../templates.js';
import { testDatabases } from '../db.js';
import { make } from '../factories.js';
import { enqueueMessage } from '../../src/server/modules/messaging/index.js';
import type { InlineQueue } from '../../src/server/queue/inline.driver.js';
import { startSmsc, type Smsc } from '../smsc.js';

describe.each(testDatabases())('SMS over SMPP on %s', (kind) => {
  let t: TestApp;
  const smsc: Smsc = startSmsc({ credentials: { systemId: 'concord', password: 'secret' } });
  const received = smsc.received;
  let maker: Client & { id: string };
  let creditorId: string;
  let teamId: string;
  let templateId: string;

  beforeAll(async () => {
    const url = await smsc.listen();
    t = await createTestApp(kind, { env: { CONCORD_SMPP_URL: url } });
    creditorId = (await make.creditor(t.db.db)).id;
    teamId = (await make.team(t.db.db)).id;
    maker = await t.userWith('supervisor', { teamId });
    const officer = await t.userWith('compliance_officer');
    templateId = await approvedTemplate(maker, officer, {
      channel: 'sms', locale: 'zh-CN', name: '长短信',
      body: '【{{agencyName}}】{{debtorName}}您好，您在{{creditorName}}的账户有一笔{{amountDue}}的款项已到期，请通过官方渠道及时处理。如您已经还款，请忽略本短信；如有疑问，请在工作时间联系我们的客服人员。{{optOut}}',
    });
  });
  afterAll(async () => {
    await t?.rt.services.messaging.close();
    await t?.close();
    await smsc.close();
  });

  const svc = () => t.rt.services.messaging;
  const drain = () => (t.rt.ctx.queue as InlineQueue).drain();
  const outbox = (id: string) => t.db.db.selectFrom('outbox_message').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
  const newCase = () => make.debtorWithCase(t.db.db, t.rt.ctx.pii, t.clock, { creditorId, assignedTeamId: teamId, fullName: '王五', timeZone: 'Asia/Shanghai' });
  const mo = (from: string, text: string) => smsc.session()!.deliver_sm({ source_addr: from, destination_addr: '10690000', esm_class: 0, data_coding: 8, short_message: text });

  async function sendTo(caseId: string, phoneId: string) {
    const res = await maker.post(`/api/cases/${caseId}/messages`, { templateId, channel: 'sms', to: phoneId });
    expect(res.statusCode, res.body).toBe(201);
    return res.json() as { decision: { outcome: string }; message: { id: string } | null };
  }

  it('a long Chinese SMS: UCS-2 parts with UDH concatenation, sent once though the job runs twice; a receipt → delivered', async () => {
    t.clock.set(new Date('2026-11-28T03:00:00Z')); // 11:00 Shanghai
    maker = { ...(await t.login(maker.username)), id: maker.id };
    const c = await newCase();
    const body = await sendTo(c.caseId, c.phoneId);
    expect(body.decision.outcome).not.toBe('block');
    const id = body.message!.id;
    await drain();
    await svc().deliver(id);
    await svc().deliverDue();
    const m = await outbox(id);
    expect(m.status).toBe('sent');
    expect(m.attempts).toBe(1);
    expect(m.body.length).toBeGreaterThan(70);
    const parts = received.filter((r) => r.to === c.plain.phone);
    expect(parts).toHaveLength(Math.ceil(m.body.length / 67));
    expect(smsc.binds()).toBe(1);
    parts.forEach((p, i) => {
      expect(p.dataCoding).toBe(8);
      expect(p.esmClass & 0x40).toBe(0x40);
      const ie = p.udh[0]!;
      expect([ie[0], ie[1], ie[3], ie[4]]).toEqual([0x00, 0x03, parts.length, i + 1]);
      expect(ie[2]).toBe(parts[0]!.udh[0]![2]); // one reference for the whole message
    });
    expect(parts.map((p) => p.text).join('')).toBe(m.body);
    expect(m.provider_message_id).toBe(parts.map((p) => p.messageId).join(' '));

    for (const p of parts) {
      smsc.session()!.deliver_sm({
        source_addr: c.plain.phone, destination_addr: '10690000', esm_class: 0x04,
        short_message: `id:${p.messageId} sub:001 dlvrd:001 submit date:2611281100 done date:2611281101 stat:DELIVRD err:000 text:`,
      });
    }
    await vi.waitFor(async () => expect((await outbox(id)).status).toBe('delivered'), { timeout: 3000, interval: 25 });
    // The receipt on the case's timeline: the message's entry reads `delivered`.
    const timeline = await maker.get(`/api/cases/${c.caseId}/timeline?kinds=message`);
    expect(timeline.statusCode, timeline.body).toBe(200);
    const entry = (timeline.json() as { items: Array<{ kind: string; refs: Record<string, string>; detail: Record<string, unknown> }> }).items.find((x) => x.refs.messageId === id);
    expect(entry).toMatchObject({ kind: 'message', detail: { channel: 'sms', status: 'delivered' } });
  });

  it('a failed receipt: `failed` with the stat', async () => {
    const c = await newCase();
    const { message } = await sendTo(c.caseId, c.phoneId);
    await drain();
    await svc().deliverDue();
    const first = received.find((r) => r.to === c.plain.phone)!;
    smsc.session()!.deliver_sm({ source_addr: c.plain.phone, destination_addr: '10690000', esm_class: 0x04, short_message: `id:${first.messageId} sub:001 dlvrd:000 submit date:2611281100 done date:2611281101 stat:UNDELIV err:001 text:` });
    await vi.waitFor(async () => expect((await outbox(message!.id)).status).toBe('failed'), { timeout: 3000, interval: 25 });
    expect((await outbox(message!.id)).last_error).toContain('UNDELIV');
  });

  it('an MO 退订 records an opt-out for that number; the next SMS is blocked by the engine; other replies land on the case', async () => {
    const c = await newCase();
    await sendTo(c.caseId, c.phoneId);
    await drain();
    await svc().deliverDue();
    expect(received.filter((r) => r.to === c.plain.phone).length).toBeGreaterThan(0);

    mo(c.plain.phone, '请问还款账号是多少？');
    await vi.waitFor(async () => {
      const rows = await t.db.db.selectFrom('inbound_message').selectAll().where('case_id', '=', c.caseId).execute();
      expect(rows.map((r) => [r.channel, r.contact_point_id, r.body])).toEqual([['sms', c.phoneId, '请问还款账号是多少？']]);
    }, { timeout: 3000, interval: 25 });
    expect(await t.db.db.selectFrom('contact_event').select('id').where('debtor_id', '=', c.debtorId).where('type', '=', 'medium_opt_out').execute()).toHaveLength(0);

    mo(`+86${c.plain.phone}`, ' 退订 ');
    await vi.waitFor(async () => {
      const ev = await t.db.db.selectFrom('contact_event').selectAll().where('debtor_id', '=', c.debtorId).where('type', '=', 'medium_opt_out').execute();
      expect(ev.map((e) => [e.channel, e.contact_point_id])).toEqual([['sms', c.phoneId]]);
    }, { timeout: 3000, interval: 25 });

    const before = received.length;
    const second = await sendTo(c.caseId, c.phoneId);
    expect(second.decision.outcome).toBe('block');
    expect(second.message).toBeNull();
    // A message queued before the opt-out is stopped by the send-time re-check.
    const queued = await t.rt.ctx.db.transaction().execute((trx) => enqueueMessage(trx, {
      caseId: c.caseId, debtorId: c.debtorId, channel: 'sms', contactPointId: c.phoneId, subject: null, body: '【Concord】王五您好，请及时处理。回复TD退订', institution: 'Concord', templateVersionId: null, attemptId: null, createdBy: null, at: t.clock.now().toISOString(),
    }));
    expect(await svc().deliver(queued)).toBe('failed');
    await drain();
    expect(received.length).toBe(before);
  });

  it('a message whose case cannot be decided (unknown pack set) waits 5 minutes with the reason; the rest of the batch goes out', async () => {
    const broken = await make.creditor(t.db.db, { rule_pack_set: 'no-such-pack' });
    const bad = await make.debtorWithCase(t.db.db, t.rt.ctx.pii, t.clock, { creditorId: broken.id, fullName: '赵六', timeZone: 'Asia/Shanghai' });
    const good = await newCase();
    const body = '【Concord】王五您好，请及时处理。回复TD退订';
    const enqueue = (c: typeof good) => t.rt.ctx.db.transaction().execute((trx) => enqueueMessage(trx, {
      caseId: c.caseId, debtorId: c.debtorId, channel: 'sms', contactPointId: c.phoneId, subject: null, body, institution: 'Concord', templateVersionId: null, attemptId: null, createdBy: null, at: t.clock.now().toISOString(),
    }));
    const badId = await enqueue(bad); // the older one: first in the batch
    const goodId = await enqueue(good);
    const counts = await svc().deliverDue();
    expect(counts.sent).toBeGreaterThanOrEqual(1);
    expect((await outbox(goodId)).status).toBe('sent');
    expect(received.filter((r) => r.to === good.plain.phone)).toHaveLength(1);
    const m = await outbox(badId);
    expect(m.status).toBe('queued');
    expect(m.attempts).toBe(0);
    expect(m.last_error).toMatch(/^not decided: .*no-such-pack/);
    expect(new Date(m.next_attempt_at).getTime()).toBe(t.clock.now().getTime() + 5 * 60_000);
    expect(received.filter((r) => r.to === bad.plain.phone)).toHaveLength(0);
  });

  it('a stale `sending` SMS becomes `unknown` and is not resent', async () => {
    const c = await newCase();
    const id = await t.rt.ctx.db.transaction().execute((trx) => enqueueMessage(trx, {
      caseId: c.caseId, debtorId: c.debtorId, channel: 'sms', contactPointId: c.phoneId, subject: null, body: '【Concord】王五您好，请及时处理。回复TD退订', institution: 'Concord', templateVersionId: null, attemptId: null, createdBy: null, at: t.clock.now().toISOString(),
    }));
    await t.db.db.updateTable('outbox_message').set({ status: 'sending', attempts: 1, sending_at: t.clock.now().toISOString() }).where('id', '=', id).execute();
    t.clock.set(new Date(t.clock.now().getTime() + 11 * 60_000));
    expect((await svc().reconcile()).unknown).toBeGreaterThanOrEqual(1);
    expect((await outbox(id)).status).toBe('unknown');
    expect(await svc().deliver(id)).toBe('skipped');
    await svc().deliverDue();
    expect(received.filter((r) => r.to === c.plain.phone)).toHaveLength(0);
  });
});
