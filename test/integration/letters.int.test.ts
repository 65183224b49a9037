// Letters (issue 6, item 5) on both databases: letter templates carry the elements their packs require (CN-C03 for a
// Chinese collection notice, 12 CFR 1006.34(c) for a US validation notice) or are refused naming the missing one;
// generating a letter asks the engine (channel letter: a late hour does not stop it, a cease does), records the
// attempt and stores the PDF on the case — read back with unpdf: the debtor's name and full address, the balance,
// the rights and dispute sections, the creditor, the seal; for the US notice the itemization and the end of the
// validation period (assumed receipt on the fifth business day after mailing, + 30 days). The address decryption is
// audited as letter.generate.
import { extractText, getDocumentProxy } from 'unpdf';
import { beforeAll, afterAll, describe, expect, it } from 'vitest';
import { createTestApp, type Client, type TestApp } from '../app.js';
import { approvedTemplate } from '../templates.js';
import { testDatabases } from '../db.js';
import { make } from '../factories.js';

async function pdfText(buf: Buffer): Promise<string> {
  const pdf = await getDocumentProxy(new Uint8Array(buf));
  return (await extractText(pdf, { mergePages: true })).text;
}

const CN_BODY = [
  '{{debtorName}}：',
  '您在{{creditorName}}的借款已逾期，截至{{dueDate}}尚欠{{amountDue}}。{{agencyName}}受{{creditorName}}委托，依据您与{{creditorName}}签订的借款合同及《中华人民共和国民法典》的相关规定，提醒您尽快还款。',
  '您的权利：您有权核对欠款金额和明细，有权要求我们出示委托证明。',
  '如对欠款有异议，请在收到本函后书面或致电向我们提出，异议核实期间暂停催收。',
  '{{paymentInstructions}}',
  '联系方式：{{agencyName}}，联系电话 400-800-1234。',
].join('\n\n');

const US_BODY = [
  '{{agencyName}} is a debt collector. We are trying to collect a debt that you owe to {{creditorName}}. We will use any information you give us to help collect the debt.',
  'Our mailing address: {{agencyName}}, PO Box 100, Springfield, IL 62701.',
  'To {{debtorName}}, {{debtorAddress}}:',
  '{{itemization}}',
  'You owe {{amountDue}}.',
  'Call or write to us by {{validationEndDate}} to dispute all or part of the debt. If you do not, we will assume that our information is correct and the debt is valid. You may also ask for the name and address of the original creditor, if different from the current creditor.',
  'Go to www.cfpb.gov/debt-collection to learn more about your rights under federal law.',
].join('\n\n');

describe.each(testDatabases())('letters on %s', (kind) => {
  let t: TestApp;
  let supervisor: Client & { id: string };
  let officer: Client & { id: string };
  let collector: Client & { id: string };
  let teamId: string;
  let cnCreditor: { id: string; name: string };
  let usCreditor: { id: string; name: string };
  let cnTemplateId: string;
  let usTemplateId: string;

  const approved = (body: Record<string, unknown>) => approvedTemplate(supervisor, officer, body);

  beforeAll(async () => {
    t = await createTestApp(kind);
    // Monday 30 November 2026, 10:00 in New York and 23:00 in Shanghai: no hour rule applies to a letter.
    t.clock.set(new Date('2026-11-30T15:00:00Z'));
    const db = t.db.db;
    cnCreditor = await make.creditor(db);
    usCreditor = await make.creditor(db, { time_zone: 'America/New_York', currency: 'USD', rule_pack_set: 'us-default', name: 'First Example Bank' });
    teamId = (await make.team(db)).id;
    supervisor = await t.userWith('supervisor', { teamId });
    officer = await t.userWith('compliance_officer');
    collector = await t.userWith('collector', { teamId });
    cnTemplateId = await approved({ channel: 'letter', locale: 'zh-CN', name: '催收通知函', subject: '催收通知函', body: CN_BODY });
    usTemplateId = await approved({ channel: 'letter', locale: 'en', name: 'Validation notice', subject: 'Validation notice', body: US_BODY });
  });
  afterAll(async () => {
    await t?.close();
  });

  const cnCase = (fullName: string, addressDetail: string) =>
    make.debtorWithCase(t.db.db, t.rt.ctx.pii, t.clock, { creditorId: cnCreditor.id, assignedTeamId: teamId, assignedUserId: collector.id, fullName, addressDetail, principalMinor: 1_234_500 });

  it('a letter template lacking an element its packs require is refused, naming the element', async () => {
    // CN-C03: no dispute section.
    const noDispute = await supervisor.post('/api/message-templates', {
      channel: 'letter', locale: 'zh-CN', name: '缺异议', subject: '催收通知函', body: CN_BODY.replace('如对欠款有异议，请在收到本函后书面或致电向我们提出，异议核实期间暂停催收。', ''),
    });
    expect(noDispute.statusCode).toBe(400);
    expect(noDispute.json().error.code).toBe('messaging.letter_elements_missing');
    expect(noDispute.json().error.issues).toEqual([expect.objectContaining({ path: 'body', message: expect.stringContaining('CN-C03 缺少要素「异议方式」') })]);
    // CN-C03: the balance is a variable, not a fixed figure.
    const noBalance = await supervisor.post('/api/message-templates', { channel: 'letter', locale: 'zh-CN', name: '缺余额', subject: '催收通知函', body: CN_BODY.replace('{{amountDue}}', '若干元') });
    expect(noBalance.statusCode).toBe(400);
    expect(noBalance.json().error.issues[0].message).toContain('{{amountDue}}');
    // §1006.34(c)(2): no itemization, and no end of the validation period.
    const usBad = await supervisor.post('/api/message-templates', {
      channel: 'letter', locale: 'en', name: 'No itemization', subject: 'Validation notice', body: US_BODY.replace('{{itemization}}', 'See your statement.').replaceAll('{{validationEndDate}}', 'soon'),
    }, { 'accept-language': 'en' });
    expect(usBad.statusCode).toBe(400);
    const messages = usBad.json().error.issues.map((i: { message: string }) => i.message);
    expect(messages).toEqual([expect.stringContaining('US-V01 missing element "the itemization"'), expect.stringContaining('the end of the validation period')]);
    // A letter needs a title; letter variables stay out of SMS and email.
    expect((await supervisor.post('/api/message-templates', { channel: 'letter', locale: 'zh-CN', name: '无标题', body: CN_BODY })).json().error.code).toBe('messaging.title_required');
    const sms = await supervisor.post('/api/message-templates', { channel: 'sms', locale: 'zh-CN', name: '地址短信', body: '【示例催收】{{debtorName}}，我们将寄信至{{debtorAddress}}' });
    expect(sms.statusCode).toBe(400);
    expect(sms.json().error.code).toBe('messaging.letter_only_variables');
  });

  it('a Chinese collection notice: the engine allows it at 23:00, the PDF carries every CN-C03 element and the full address (audited)', async () => {
    const c = await cnCase('李四', '朝阳路88号3栋502');
    const res = await collector.post(`/api/cases/${c.caseId}/letters`, { templateId: cnTemplateId, addressId: c.addressId });
    expect(res.statusCode, res.body).toBe(201);
    const out = res.json();
    expect(out.decision.outcome).not.toBe('block');
    expect(out.attempt).toMatchObject({ channel: 'letter', contactPointId: c.addressId, status: 'allowed' });
    expect(out.document).toMatchObject({ kind: 'collection_notice', locale: 'zh-CN', mimeType: 'application/pdf', title: '催收通知函' });

    const docs = (await collector.get(`/api/cases/${c.caseId}/documents`)).json().items;
    expect(docs).toHaveLength(1);
    expect(docs[0]).toMatchObject({ id: out.document.id, kind: 'collection_notice', sourceType: 'contact_attempt', sourceId: out.attempt.id, sha256: out.document.sha256 });
    const file = await collector.get(`/api/documents/${out.document.id}/file`);
    expect(file.statusCode).toBe(200);
    const text = (await pdfText(file.rawPayload)).replace(/\s+/g, '');
    for (const s of ['催收通知函', '李四', '北京市朝阳区朝阳路88号3栋502', '¥12,345.00', cnCreditor.name.replace(/\s+/g, ''), '您的权利', '异议核实期间暂停催收', '依据', '联系电话400-800-1234', '（盖章）']) {
      expect(text, s).toContain(s);
    }

    // The attempt keeps the letter's text with the address masked; the decryption is audited as letter.generate.
    const attempt = await t.db.db.selectFrom('contact_attempt').select(['content', 'channel']).where('id', '=', out.attempt.id).executeTakeFirstOrThrow();
    expect(attempt.content).toContain('依据');
    expect(attempt.content).not.toContain('朝阳路88号3栋502');
    const audit = await t.db.db.selectFrom('audit_log').select(['action', 'entity_id', 'meta_json']).where('entity_id', 'in', [c.caseId, out.document.id]).execute();
    const gen = audit.find((a) => a.action === 'letter.generate');
    expect(gen).toBeDefined();
    expect(gen!.entity_id).toBe(c.caseId);
    expect(gen!.meta_json).toMatchObject({ field: 'address', itemId: c.addressId, documentId: out.document.id, attemptId: out.attempt.id, kind: 'collection_notice' });
    expect(audit.map((a) => a.action)).toEqual(expect.arrayContaining(['document.create', 'document.download']));
  });

  it('a US validation notice: the itemization and the end of the validation period, 30 days after receipt assumed on the fifth business day', async () => {
    const c = await make.debtorWithCase(t.db.db, t.rt.ctx.pii, t.clock, {
      creditorId: usCreditor.id, assignedTeamId: teamId, assignedUserId: collector.id, fullName: 'Alex Smith', addressDetail: '1 Main Street, Springfield, IL 62701',
      regionText: 'Illinois', preferredLanguage: 'en', timeZone: 'America/Chicago', principalMinor: 100_000,
    });
    await t.db.db.updateTable('debt_account').set({
      currency: 'USD', external_loan_id: 'CARD-4411', outstanding_principal_minor: 80_000, outstanding_interest_minor: 3_000, outstanding_penalty_minor: 500, outstanding_fees_minor: 200,
    }).where('id', '=', c.accountId).execute();
    await t.db.db.updateTable('collection_case').set({ currency: 'USD' }).where('id', '=', c.caseId).execute();

    const res = await collector.post(`/api/cases/${c.caseId}/letters`, { templateId: usTemplateId, addressId: c.addressId });
    expect(res.statusCode, res.body).toBe(201);
    const out = res.json();
    expect(out.decision.outcome).not.toBe('block');
    expect(out.document).toMatchObject({ kind: 'validation_notice', locale: 'en' });
    const text = await pdfText((await collector.get(`/api/documents/${out.document.id}/file`)).rawPayload);
    const flat = text.replace(/\s+/g, ' ');
    // Mailed Monday 30 November 2026 (New York): Tue 1 … Fri 4, Mon 7 December is the fifth business day; + 30 days.
    expect(flat).toContain('Validation period ends 2027-01-06');
    expect(flat).toContain('Assumed received 2026-12-07');
    expect(flat).toContain('by 2027-01-06 to dispute');
    // §1006.34(c)(4): the consumer-response section.
    expect(flat).toContain('How do you want to respond?');
    expect(flat).toContain('I want you to send me the name and address of the original creditor');
    // Itemization: $1,000.00 lent on 2026-01-15 (the transaction date), + $30.00 interest, + $7.00 fees, − $200.00 paid = $837.00.
    for (const s of ['CARD-4411', '2026-01-15', '$1,000.00', '$30.00', '$7.00', '$200.00', '$837.00', 'You owe $837.00', 'Alex Smith', '1 Main Street, Springfield, IL 62701', 'First Example Bank', 'debt collector', 'www.cfpb.gov/debt-collection']) {
      expect(flat, s).toContain(s);
    }
  });

  it('a debtor who asked us to stop: the letter is blocked, nothing is stored, the reasons are returned', async () => {
    const c = await cnCase('王五', '人民路1号');
    const cease = await collector.post(`/api/cases/${c.caseId}/contact-events`, { type: 'cease', partyKind: 'debtor', partyId: c.debtorId, note: '债务人书面要求停止联系' });
    expect(cease.statusCode, cease.body).toBe(201);
    const res = await collector.post(`/api/cases/${c.caseId}/letters`, { templateId: cnTemplateId, addressId: c.addressId });
    expect(res.statusCode, res.body).toBe(201);
    const out = res.json();
    expect(out.decision.outcome).toBe('block');
    expect(out.decision.reasons.map((r: { ruleId: string }) => r.ruleId)).toContain('CC-H06');
    expect(out.document).toBeNull();
    expect(out.attempt).toMatchObject({ channel: 'letter', status: 'blocked' });
    expect((await collector.get(`/api/cases/${c.caseId}/documents`)).json().items).toHaveLength(0);
    const audit = await t.db.db.selectFrom('audit_log').select('action').where('entity_id', '=', c.caseId).where('action', '=', 'letter.generate').execute();
    expect(audit).toHaveLength(0);
  });

  it('refuses an address that is not the debtor’s own and a template of another channel, naming the field; checks permission and scope', async () => {
    const c = await cnCase('赵六', '建国路2号');
    const other = await cnCase('钱七', '建国路3号');
    const res = await collector.post(`/api/cases/${c.caseId}/letters`, { templateId: cnTemplateId, addressId: other.addressId });
    expect(res.statusCode).toBe(400);
    expect(res.json().error.issues[0].path).toBe('addressId');
    const email = await approved({ channel: 'email', locale: 'zh-CN', name: '提醒', subject: '{{creditorName}}还款提醒', body: '{{debtorName}}您好：我们是{{agencyName}}，应还金额{{amountDue}}。{{optOut}}' });
    const bad = await collector.post(`/api/cases/${c.caseId}/letters`, { templateId: email, addressId: c.addressId });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error.issues[0].path).toBe('templateId');
    expect((await collector.get(`/api/cases/${c.caseId}/documents`)).json().items).toHaveLength(0);
    // Without contacts.attempt: 403; a collector of another team: the case is not found.
    const auditor = await t.userWith('auditor');
    expect((await auditor.post(`/api/cases/${c.caseId}/letters`, { templateId: cnTemplateId, addressId: c.addressId })).statusCode).toBe(403);
    const outsider = await t.userWith('collector', { teamId: (await make.team(t.db.db)).id });
    expect((await outsider.post(`/api/cases/${c.caseId}/letters`, { templateId: cnTemplateId, addressId: c.addressId })).statusCode).toBe(404);
  });
});
