// Plan agreement and confirmation (issue 7, item 4) on both databases, against a real SMTP server: activating a plan
// stores its agreement as a PDF document on the case (its text read back with unpdf; the SHA-256 checked on
// download; each download audited), and sends the confirmation email through the outbox — decided by the engine as
// a `plan_confirmation`, which the CN-C04 hold placed in the same transaction lets through while ordinary collection
// email is held. At 22:30 the confirmation waits for 08:00. A plan template cannot be sent without a plan.
import { createHash } from 'node:crypto';
import { extractText, getDocumentProxy } from 'unpdf';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type Client, type TestApp } from '../app.js';
import { approvedTemplate } from '../templates.js';
import { startSmtp, type TestSmtp } from '../smtp.js';
import { testDatabases } from '../db.js';
import { make } from '../factories.js';
import { newId } from '../../src/server/platform/ids.js';
import type { InlineQueue } from '../../src/server/queue/inline.driver.js';

const form = { incomeMinor: 800_000, adults: 1, essentialExpensesMinor: 300_000, otherDebtPaymentsMinor: 100_000 };

async function pdfText(buf: Buffer): Promise<string> {
  const pdf = await getDocumentProxy(new Uint8Array(buf));
  return (await extractText(pdf, { mergePages: true })).text;
}
function decodeBody(raw: string): string {
  // nodemailer sends UTF-8 text as quoted-printable or base64; decode every part we can find.
  const out: string[] = [];
  for (const part of raw.split(/\r?\n--/)) {
    const [head, ...rest] = part.split(/\r?\n\r?\n/);
    const body = rest.join('\n\n');
    if (/content-transfer-encoding:\s*base64/i.test(head ?? '')) out.push(Buffer.from(body.replace(/\s+/g, ''), 'base64').toString('utf8'));
    else if (/content-transfer-encoding:\s*quoted-printable/i.test(head ?? '')) {
      out.push(Buffer.from(body.replace(/=\r?\n/g, '').replace(/=([0-9A-F]{2})/gi, (_m, h: string) => String.fromCharCode(parseInt(h, 16))), 'latin1').toString('utf8'));
    } else out.push(body);
  }
  return out.join('\n');
}

describe.each(testDatabases())('plan agreement and confirmation on %s', (kind) => {
  let t: TestApp;
  let smtp: TestSmtp;
  let collector: Client & { id: string };
  let outsider: Client & { id: string };
  let templateId: string;
  let collectionTemplateId: string;
  let creditorId: string;
  let teamId: string;

  beforeAll(async () => {
    smtp = startSmtp();
    const smtpUrl = await smtp.listen();
    t = await createTestApp(kind, { env: { CONCORD_SMTP_URL: smtpUrl, CONCORD_PUBLIC_URL: 'https://concord.example' } });
    t.clock.set(new Date('2026-11-28T03:00:00Z')); // 11:00 Shanghai
    const db = t.db.db;
    creditorId = (await make.creditor(db)).id;
    teamId = (await make.team(db)).id;
    collector = await t.userWith('collector', { teamId });
    outsider = await t.userWith('collector', { teamId: (await make.team(db)).id });
    const supervisor = await t.userWith('supervisor', { teamId });
    const officer = await t.userWith('compliance_officer');
    templateId = await approvedTemplate(supervisor, officer, {
      channel: 'email', locale: 'zh-CN', name: '还款方案确认', subject: '{{creditorName}}还款方案确认',
      body: '{{debtorName}}您好：\n\n我们是{{agencyName}}，受{{creditorName}}委托，与您确认已生效的还款方案：{{planTerms}}。首期应还{{amountDue}}，还款日{{dueDate}}。{{paymentInstructions}}\n\n{{optOut}}',
    });
    collectionTemplateId = await approvedTemplate(supervisor, officer, {
      channel: 'email', locale: 'zh-CN', name: '还款提醒', subject: '{{creditorName}}还款提醒',
      body: '{{debtorName}}您好：\n\n我们是{{agencyName}}，受{{creditorName}}委托提醒您，应还金额{{amountDue}}。{{paymentInstructions}}\n\n{{optOut}}',
    });
    collector = { ...(await t.login(collector.username)), id: collector.id };
  });
  afterAll(async () => {
    t.rt.services.messaging.close();
    await t?.close();
    await smtp.close();
  });

  const drain = () => (t.rt.ctx.queue as InlineQueue).drain();
  async function caseWithEmail(address: string, fullName: string) {
    const d = await make.debtorWithCase(t.db.db, t.rt.ctx.pii, t.clock, { creditorId, assignedTeamId: teamId, assignedUserId: collector.id, fullName, principalMinor: 1_200_000 });
    const s = t.rt.ctx.pii.seal('email', address);
    const emailId = newId();
    await t.db.db.insertInto('email_address').values({
      id: emailId, debtor_id: d.debtorId, contact_person_id: null, address_enc: s.enc, address_hash: s.hash, address_masked: s.masked, status: 'valid', source: 'test', created_at: t.clock.now().toISOString(),
    }).execute();
    return { ...d, emailId };
  }
  async function approvedPlan(caseId: string) {
    const res = await collector.post(`/api/cases/${caseId}/plans`, { affordability: form, kind: 'interest-free' });
    expect(res.statusCode, res.body).toBe(201);
    const plan = res.json();
    expect(plan.status).toBe('approved');
    return plan as { id: string; installments: { amountMinor: number; dueDate: string }[]; agreementDocumentId: string | null };
  }
  const inboxOf = (addr: string) => smtp.to(addr);

  it('a template with {{planTerms}} cannot be sent outside a plan activation; a confirmation needs such a template', async () => {
    const c = await caseWithEmail('wang.wu@example.com', '王五');
    const res = await collector.post(`/api/cases/${c.caseId}/messages`, { templateId, channel: 'email', to: c.emailId });
    expect(res.statusCode).toBe(400);
    expect(res.json().error.code).toBe('messaging.needs_plan');
    const plan = await approvedPlan(c.caseId);
    const bad = await collector.post(`/api/plans/${plan.id}/activate`, { confirm: { channel: 'email', to: c.emailId, templateId: collectionTemplateId } });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error.code).toBe('messaging.not_plan_template');
    // Nothing happened: the plan is still approved, no document, no message.
    expect((await collector.get(`/api/cases/${c.caseId}/plans`)).json().items[0]).toMatchObject({ status: 'approved', agreementDocumentId: null });
    expect((await collector.get(`/api/cases/${c.caseId}/documents`)).json().items).toHaveLength(0);
    expect(inboxOf('wang.wu@example.com')).toHaveLength(0);
  });

  it('activation stores the agreement PDF and the debtor receives the confirmation email, which the plan hold lets through', async () => {
    const c = await caseWithEmail('zhao.liu@example.com', '赵六');
    const plan = await approvedPlan(c.caseId);
    const n = plan.installments.length;
    expect(n).toBeGreaterThan(1);

    // The preview of the agreement, before the debtor agrees: a PDF with the schedule (audited).
    const preview = await collector.get(`/api/plans/${plan.id}/agreement`);
    expect(preview.statusCode).toBe(200);
    expect(preview.headers['content-type']).toContain('application/pdf');
    const previewText = await pdfText(preview.rawPayload);
    expect(previewText).toContain('还款计划协议');
    expect(previewText).toContain('赵六');

    const res = await collector.post(`/api/plans/${plan.id}/activate`, { confirm: { channel: 'email', to: c.emailId, templateId } });
    expect(res.statusCode, res.body).toBe(200);
    const out = res.json();
    expect(out.status).toBe('active');
    expect(out.confirmation).toMatchObject({ outcome: 'allow', status: 'queued' });
    expect(out.agreementDocumentId).toEqual(expect.any(String));

    // Delivered by the worker after the transaction, when the CN-C04/CC hold is already in force.
    await drain();
    const mails = inboxOf('zhao.liu@example.com');
    expect(mails).toHaveLength(1);
    const text = decodeBody(mails[0]!.raw);
    const each = new Intl.NumberFormat('zh-CN', { style: 'currency', currency: 'CNY' }).format(plan.installments[0]!.amountMinor / 100);
    expect(text).toContain(`分${n}期，每期${each}，首期还款日${plan.installments[0]!.dueDate}`);
    expect(text).toContain(`首期应还${each}，还款日${plan.installments[0]!.dueDate}`);
    const row = await t.db.db.selectFrom('outbox_message').selectAll().where('id', '=', out.confirmation.messageId).executeTakeFirstOrThrow();
    expect(row).toMatchObject({ status: 'sent', purpose: 'plan_confirmation' });

    // Ordinary collection email is now held.
    const held = await collector.post(`/api/cases/${c.caseId}/messages`, { templateId: collectionTemplateId, channel: 'email', to: c.emailId });
    expect(held.statusCode, held.body).toBe(201);
    expect(held.json().decision.outcome).toBe('block');
    expect(held.json().message).toBeNull();

    // The document: listed on the case, its bytes hash to the recorded SHA-256, the text carries the terms.
    const docs = (await collector.get(`/api/cases/${c.caseId}/documents`)).json().items;
    expect(docs).toHaveLength(1);
    expect(docs[0]).toMatchObject({ id: out.agreementDocumentId, kind: 'plan_agreement', mimeType: 'application/pdf', locale: 'zh-CN', sourceType: 'payment_plan', sourceId: plan.id });
    const file = await collector.get(`/api/documents/${docs[0].id}/file?download=1`);
    expect(file.statusCode).toBe(200);
    expect(file.headers['content-disposition']).toMatch(/^attachment; .*filename\*=UTF-8''/);
    expect(createHash('sha256').update(file.rawPayload).digest('hex')).toBe(docs[0].sha256);
    expect(file.rawPayload.length).toBe(docs[0].sizeBytes);
    const pdf = await pdfText(file.rawPayload);
    for (const s of ['还款计划协议', '赵六', '免息分期', '停止催收', '官方还款渠道', '债务人（签字）', each]) expect(pdf).toContain(s);
    expect(pdf).toContain(plan.installments[n - 1]!.dueDate);
    const audit = await t.db.db.selectFrom('audit_log').select(['action', 'entity_id']).where('entity_id', 'in', [docs[0].id, plan.id]).execute();
    expect(audit.map((a) => a.action)).toEqual(expect.arrayContaining(['document.create', 'document.download', 'plan.activate', 'plan.agreement_preview']));

    // Outside the case's scope: 404 for the list, the file and the preview.
    expect((await outsider.get(`/api/cases/${c.caseId}/documents`)).statusCode).toBe(404);
    expect((await outsider.get(`/api/documents/${docs[0].id}/file`)).statusCode).toBe(404);
    expect((await outsider.get(`/api/plans/${plan.id}/agreement`)).statusCode).toBe(404);
  });

  it('activated at 22:30: the confirmation waits for 08:00 and is sent then, once', async () => {
    const c = await caseWithEmail('late.plan@example.com', '钱七');
    const plan = await approvedPlan(c.caseId);
    t.clock.set(new Date('2026-11-28T14:30:00Z')); // 22:30 Shanghai
    collector = { ...(await t.login(collector.username)), id: collector.id };
    const res = await collector.post(`/api/plans/${plan.id}/activate`, { confirm: { channel: 'email', to: c.emailId, templateId } });
    expect(res.statusCode, res.body).toBe(200);
    const out = res.json();
    expect(out.status).toBe('active');
    expect(out.confirmation).toMatchObject({ outcome: 'block', status: 'queued', sendAt: '2026-11-29T00:00:00.000Z' });
    expect(new Date(out.confirmation.nextAllowedAt).toISOString()).toBe('2026-11-29T00:00:00.000Z'); // 08:00 Shanghai
    await drain();
    expect(inboxOf('late.plan@example.com')).toHaveLength(0);
    t.clock.set(new Date('2026-11-29T00:00:30Z'));
    expect(await t.rt.services.messaging.deliver(out.confirmation.messageId)).toBe('sent');
    expect(await t.rt.services.messaging.deliver(out.confirmation.messageId)).toBe('skipped');
    expect(inboxOf('late.plan@example.com')).toHaveLength(1);
  });
});
