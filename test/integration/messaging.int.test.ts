// Messaging (issue 6, first slice) against a real SMTP server (smtp-server) on both databases: template maker–checker
// and content checks, the transactional outbox, delivery exactly once, the send-time compliance re-check, bounces,
// the stale-`sending` reconciler and the unsubscribe link → opt-out → the engine blocks the next email.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type Client, type TestApp } from '../app.js';
import { startSmtp, type TestSmtp } from '../smtp.js';
import { testDatabases } from '../db.js';
import { make } from '../factories.js';
import { enqueueMessage } from '../../src/server/modules/messaging/index.js';
import { newId } from '../../src/server/platform/ids.js';
import type { InlineQueue } from '../../src/server/queue/inline.driver.js';


function decodeWords(s: string): string {
  return s.replace(/=\?UTF-8\?([BQ])\?([^?]*)\?=\s*/gi, (_, enc: string, data: string) =>
    enc.toUpperCase() === 'B' ? Buffer.from(data, 'base64').toString('utf8')
      : Buffer.from(data.replace(/_/g, ' ').replace(/=([0-9A-F]{2})/gi, (_m, h: string) => String.fromCharCode(parseInt(h, 16))), 'latin1').toString('utf8'));
}
function header(raw: string, name: string): string | undefined {
  const head = raw.split(/\r?\n\r?\n/)[0]!.replace(/\r?\n[ \t]+/g, ' ');
  const line = head.split(/\r?\n/).find((l) => l.toLowerCase().startsWith(`${name.toLowerCase()}:`));
  return line?.slice(name.length + 1).trim();
}

describe.each(testDatabases())('messaging on %s', (kind) => {
  let t: TestApp;
  let smtp: TestSmtp;
  let maker: Client & { id: string };
  let officer: Client & { id: string };
  let creditorId: string;
  let teamId: string;
  let templateId: string;

  beforeAll(async () => {
    smtp = startSmtp({ refuse: (address) => address.startsWith('bounce') });
    const smtpUrl = await smtp.listen();
    t = await createTestApp(kind, { env: { CONCORD_SMTP_URL: smtpUrl, CONCORD_PUBLIC_URL: 'https://concord.example' } });
    const db = t.db.db;
    creditorId = (await make.creditor(db)).id;
    teamId = (await make.team(db)).id;
    maker = await t.userWith('supervisor', { teamId });
    officer = await t.userWith('compliance_officer');
  });
  afterAll(async () => {
    t.rt.services.messaging.close();
    await t?.close();
    await smtp.close();
  });

  const svc = () => t.rt.services.messaging;
  const drain = () => (t.rt.ctx.queue as InlineQueue).drain();
  async function caseWithEmail(address: string) {
    const d = await make.debtorWithCase(t.db.db, t.rt.ctx.pii, t.clock, { creditorId, assignedTeamId: teamId, fullName: '李四', timeZone: 'Asia/Shanghai' });
    const s = t.rt.ctx.pii.seal('email', address);
    const emailId = newId();
    await t.db.db.insertInto('email_address').values({
      id: emailId, debtor_id: d.debtorId, contact_person_id: null, address_enc: s.enc, address_hash: s.hash, address_masked: s.masked, status: 'valid', source: 'test', created_at: t.clock.now().toISOString(),
    }).execute();
    return { ...d, emailId };
  }
  const outbox = (id: string) => t.db.db.selectFrom('outbox_message').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
  const to = (addr: string) => smtp.to(addr);

  it('templates: unknown variables, threats (span named), Chinese SMS signature; a different user approves', async () => {
    const base = { channel: 'email', locale: 'zh-CN', name: '还款提醒', subject: '{{creditorName}}还款提醒' };
    const unknown = await maker.post('/api/message-templates', { ...base, body: '{{debtorName}}您好 {{foo}} {{bar}}' });
    expect(unknown.statusCode).toBe(400);
    expect(unknown.body).toContain('foo, bar');
    const threat = await maker.post('/api/message-templates', { ...base, body: '{{debtorName}}您好，我们是{{agencyName}}。不还就让你坐牢。{{optOut}}' });
    expect(threat.statusCode).toBe(400);
    expect(threat.body).toContain('坐牢');
    const sms = await maker.post('/api/message-templates', { channel: 'sms', locale: 'zh-CN', name: '短信', body: '{{debtorName}}您好，您在{{creditorName}}的欠款{{amountDue}}已逾期。{{optOut}}' });
    expect(sms.statusCode).toBe(400);
    expect(sms.body).toContain('【');
    const smsOk = await maker.post('/api/message-templates', { channel: 'sms', locale: 'zh-CN', name: '短信', body: '【{{agencyName}}】{{debtorName}}您好，您在{{creditorName}}的欠款{{amountDue}}请及时处理。{{optOut}}' });
    expect(smsOk.statusCode).toBe(201);

    const ok = await maker.post('/api/message-templates', { ...base, body: '{{debtorName}}您好：\n\n我们是{{agencyName}}，受{{creditorName}}委托提醒您，应还金额{{amountDue}}。{{paymentInstructions}}\n\n{{optOut}}' });
    expect(ok.statusCode, ok.body).toBe(201);
    const tpl = ok.json() as { id: string; versions: Array<{ id: string; status: string }> };
    templateId = tpl.id;
    const v1 = tpl.versions[0]!.id;
    expect((await maker.post(`/api/message-template-versions/${v1}/approve`)).statusCode).toBe(403);
    const approved = await officer.post(`/api/message-template-versions/${v1}/approve`);
    expect(approved.statusCode, approved.body).toBe(200);
    expect((approved.json() as { approvedVersionId: string }).approvedVersionId).toBe(v1);
    const audit = await t.db.db.selectFrom('audit_log').select('action').where('entity_id', '=', v1).execute();
    expect(audit.map((a) => a.action)).toContain('messaging.version_approved');
  });

  it('send: decided, recorded and queued in one transaction; delivered once over SMTP even if the job runs twice', async () => {
    t.clock.set(new Date('2026-11-28T03:00:00Z')); // 11:00 Shanghai
    maker = { ...(await t.login(maker.username)), id: maker.id };
    const c = await caseWithEmail('li.si@example.com');
    const res = await maker.post(`/api/cases/${c.caseId}/messages`, { templateId, channel: 'email', to: c.emailId });
    expect(res.statusCode, res.body).toBe(201);
    const body = res.json() as { decision: { outcome: string }; attempt: { id: string }; message: { id: string } };
    expect(body.decision.outcome).not.toBe('block');
    await drain();
    await svc().deliver(body.message.id);
    await svc().deliverDue();
    const got = to('li.si@example.com');
    expect(got).toHaveLength(1);
    const raw = got[0]!.raw;
    expect(decodeWords(header(raw, 'Subject')!)).toContain('还款提醒');
    expect(header(raw, 'List-Unsubscribe')).toMatch(/^<https:\/\/concord\.example\/u\/[^>]+>$/);
    expect(raw).toMatch(/Content-Type: text\/plain; charset=utf-8/i);
    expect(raw).toMatch(/Content-Type: text\/html; charset=utf-8/i);
    const m = await outbox(body.message.id);
    expect(m.status).toBe('sent');
    expect(m.attempts).toBe(1);
    expect(m.attempt_id).toBe(body.attempt.id);
  });

  it('the outbox row rolls back with the action that wrote it', async () => {
    const c = await caseWithEmail('rollback@example.com');
    const id = newId();
    await expect(t.rt.ctx.db.transaction().execute(async (trx) => {
      await enqueueMessage(trx, { id, caseId: c.caseId, debtorId: c.debtorId, channel: 'email', contactPointId: c.emailId, subject: 's', body: 'b', institution: 'Concord', templateVersionId: null, attemptId: null, createdBy: null, at: t.clock.now().toISOString() });
      throw new Error('the action failed');
    })).rejects.toThrow('the action failed');
    expect(await t.db.db.selectFrom('outbox_message').select('id').where('id', '=', id).executeTakeFirst()).toBeUndefined();
  });

  it('queued at 21:55 Shanghai, reaching the front at 22:01: rescheduled to 08:00 next day, not sent', async () => {
    const c = await caseWithEmail('late@example.com');
    t.clock.set(new Date('2026-11-28T13:55:00Z'));
    const id = await t.rt.ctx.db.transaction().execute((trx) => enqueueMessage(trx, {
      caseId: c.caseId, debtorId: c.debtorId, channel: 'email', contactPointId: c.emailId, subject: '提醒', body: '李四您好，我们是Concord，请及时还款。退订请回复TD', institution: 'Concord', templateVersionId: null, attemptId: null, createdBy: null, at: t.clock.now().toISOString(),
    }));
    t.clock.set(new Date('2026-11-28T14:01:00Z'));
    expect(await svc().deliver(id)).toBe('rescheduled');
    await drain();
    const m = await outbox(id);
    expect(m.status).toBe('queued');
    expect(new Date(m.next_attempt_at).toISOString()).toBe('2026-11-29T00:00:00.000Z');
    expect(to('late@example.com')).toHaveLength(0);
    t.clock.set(new Date('2026-11-29T00:00:30Z'));
    expect(await svc().deliver(id)).toBe('sent');
    expect(to('late@example.com')).toHaveLength(1);
  });

  it('SMTP 550 at submit: failed with the reason, not retried', async () => {
    t.clock.set(new Date('2026-11-29T03:00:00Z'));
    const c = await caseWithEmail('bounce@example.com');
    const id = await t.rt.ctx.db.transaction().execute((trx) => enqueueMessage(trx, {
      caseId: c.caseId, debtorId: c.debtorId, channel: 'email', contactPointId: c.emailId, subject: '提醒', body: '李四您好，我们是Concord，请及时还款。退订请回复TD', institution: 'Concord', templateVersionId: null, attemptId: null, createdBy: null, at: t.clock.now().toISOString(),
    }));
    expect(await svc().deliver(id)).toBe('failed');
    const m = await outbox(id);
    expect(m.status).toBe('failed');
    expect(m.last_error).toContain('550');
    const admin = await t.login('admin', 'admin-password-123');
    const dead = await admin.get('/api/messages?status=failed');
    expect((dead.json() as { items: Array<{ id: string; lastError: string }> }).items.find((x) => x.id === id)?.lastError).toContain('550');
  });

  it('a stale `sending` row becomes `unknown` through the reconciler and is never resent', async () => {
    const c = await caseWithEmail('crash@example.com');
    const id = await t.rt.ctx.db.transaction().execute((trx) => enqueueMessage(trx, {
      caseId: c.caseId, debtorId: c.debtorId, channel: 'email', contactPointId: c.emailId, subject: 's', body: 'b', institution: 'Concord', templateVersionId: null, attemptId: null, createdBy: null, at: t.clock.now().toISOString(),
    }));
    await t.db.db.updateTable('outbox_message').set({ status: 'sending', attempts: 1, sending_at: t.clock.now().toISOString() }).where('id', '=', id).execute();
    expect((await svc().reconcile()).unknown).toBe(0); // not stale yet
    t.clock.set(new Date(t.clock.now().getTime() + 11 * 60_000));
    expect((await svc().reconcile()).unknown).toBeGreaterThanOrEqual(1);
    expect((await outbox(id)).status).toBe('unknown');
    expect(await svc().deliver(id)).toBe('skipped');
    await svc().deliverDue();
    expect(to('crash@example.com')).toHaveLength(0);
  });

  it('the unsubscribe link records an opt-out; the next email to that address is blocked by the engine', async () => {
    t.clock.set(new Date('2026-11-29T04:00:00Z'));
    maker = { ...(await t.login(maker.username)), id: maker.id };
    const c = await caseWithEmail('optout@example.com');
    const first = await maker.post(`/api/cases/${c.caseId}/messages`, { templateId, channel: 'email', to: c.emailId });
    expect(first.statusCode, first.body).toBe(201);
    await drain();
    await svc().deliverDue(); // the inline queue may run the job before the commit is visible (PostgreSQL); the sweep gets it
    const raw = to('optout@example.com')[0]!.raw;
    const link = header(raw, 'List-Unsubscribe')!.slice(1, -1);
    const path = new URL(link).pathname;
    expect((await t.app.inject({ method: 'GET', url: path.replace(/.$/, 'x') })).statusCode).toBe(404);
    const u = await t.app.inject({ method: 'GET', url: path });
    expect(u.statusCode, u.body).toBe(200);
    const ev = await t.db.db.selectFrom('contact_event').selectAll().where('debtor_id', '=', c.debtorId).execute();
    expect(ev.map((e) => [e.type, e.channel, e.contact_point_id])).toEqual([['medium_opt_out', 'email', c.emailId]]);
    const second = await maker.post(`/api/cases/${c.caseId}/messages`, { templateId, channel: 'email', to: c.emailId });
    expect(second.statusCode).toBe(201);
    const s = second.json() as { decision: { outcome: string; reasons: Array<{ ruleId: string }> }; message: unknown };
    expect(s.decision.outcome).toBe('block');
    expect(s.message).toBeNull();
    await drain();
    expect(to('optout@example.com')).toHaveLength(1);
  });
});
