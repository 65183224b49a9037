// Campaigns (issue 6, item 6) on both databases against the test SMSC: the preview's counts (an SMS opt-out → never,
// no mobile → never, 22:05 Shanghai → later at 08:00) are what start then does; nothing is recorded by a preview; a
// campaign run twice messages each case once; a supervisor reaches only their team's cases; every step audited.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type Client, type TestApp } from '../app.js';
import { approvedTemplate } from '../templates.js';
import { testDatabases } from '../db.js';
import { make } from '../factories.js';
import { recordMediumOptOut } from '../../src/server/modules/compliance/index.js';
import { createCampaignService } from '../../src/server/modules/campaigns/index.js';
import { AppError } from '../../src/server/platform/errors.js';
import type { UserPrincipal } from '../../src/server/platform/access.js';
import type { InlineQueue } from '../../src/server/queue/inline.driver.js';
import { startSmsc, type Smsc } from '../smsc.js';
import { startSmtp } from '../smtp.js';
import { newId } from '../../src/server/platform/ids.js';

type Preview = {
  total: number; allowedNow: number; later: { count: number; earliest: string | null; latest: string | null };
  never: { count: number; byRule: Array<{ ruleId: string; count: number }> };
  sample: Array<{ caseId: string; outcome: string; ruleIds: string[]; nextAllowedAt: string | null }>;
};
type Campaign = {
  id: string; status: string; preview: { total: number; allowedNow: number; later: number; never: number };
  progress: { pending: number; queued: number; skipped: number; failed: number };
};

describe.each(testDatabases())('campaigns on %s', (kind) => {
  let t: TestApp;
  const smsc: Smsc = startSmsc({ credentials: { systemId: 'concord', password: 'secret' } });
  let supA: Client & { id: string };
  let supB: Client & { id: string };
  let creditorId: string;
  let teamA: string;
  let teamB: string;
  let templateId: string;

  beforeAll(async () => {
    const url = await smsc.listen();
    t = await createTestApp(kind, { env: { CONCORD_SMPP_URL: url } });
    creditorId = (await make.creditor(t.db.db)).id;
    teamA = (await make.team(t.db.db)).id;
    teamB = (await make.team(t.db.db)).id;
    supA = await t.userWith('supervisor', { teamId: teamA });
    supB = await t.userWith('supervisor', { teamId: teamB });
    const officer = await t.userWith('compliance_officer');
    templateId = await approvedTemplate(supA, officer, {
      channel: 'sms', locale: 'zh-CN', name: '还款提醒', body: '【{{agencyName}}】{{debtorName}}您好，您在{{creditorName}}的账户有{{amountDue}}待处理，请通过官方渠道还款。{{optOut}}',
    });
  });
  afterAll(async () => {
    await t?.rt.services.messaging.close();
    await t?.close();
    await smsc.close();
  });

  const drain = () => (t.rt.ctx.queue as InlineQueue).drain();
  const newCase = (teamId: string, dpd: number) => make.debtorWithCase(t.db.db, t.rt.ctx.pii, t.clock, { creditorId, assignedTeamId: teamId, fullName: '李四', timeZone: 'Asia/Shanghai', dpd });
  const count = async (table: 'contact_attempt' | 'compliance_decision' | 'outbox_message') =>
    Number((await t.db.db.selectFrom(table).select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()).n);
  const audit = (action: string, id: string) => t.db.db.selectFrom('audit_log').selectAll().where('action', '=', action).where('entity_id', '=', id).execute();
  const sentTo = (phone: string) => smsc.received.filter((r) => r.to === phone).length;
  const relogin = async (c: Client & { id: string }) => ({ ...(await t.login(c.username)), id: c.id });

  it('preview: allowed now, SMS opt-out → never, no mobile → never; nothing recorded; start does what the preview said, audited', async () => {
    t.clock.set(new Date('2026-11-28T03:00:00Z')); // 11:00 Shanghai
    supA = await relogin(supA);
    const ok1 = await newCase(teamA, 40);
    const ok2 = await newCase(teamA, 41);
    const optedOut = await newCase(teamA, 42);
    const noMobile = await newCase(teamA, 43);
    const otherTeam = await newCase(teamB, 44);
    await recordMediumOptOut(t.db.db, { caseId: optedOut.caseId, channel: 'sms', contactPointId: optedOut.phoneId, at: t.clock.now().toISOString(), note: '退订' });
    await t.db.db.updateTable('phone').set({ status: 'invalid' }).where('id', '=', noMobile.phoneId).execute();
    const filter = { creditorId, dpdMin: 40, dpdMax: 44 };

    const before = await Promise.all([count('contact_attempt'), count('compliance_decision'), count('outbox_message')]);
    const res = await supA.post('/api/campaigns/preview', { templateId, channel: 'sms', filter });
    expect(res.statusCode, res.body).toBe(200);
    const p = res.json() as Preview;
    expect(await Promise.all([count('contact_attempt'), count('compliance_decision'), count('outbox_message')])).toEqual(before);
    expect(p.total).toBe(4); // the other team's case is outside supervisor A's scope
    expect(p.allowedNow).toBe(2);
    expect(p.later.count).toBe(0);
    expect(p.never.count).toBe(2);
    const byCase = new Map(p.sample.map((s) => [s.caseId, s]));
    expect(byCase.has(otherTeam.caseId)).toBe(false);
    expect(byCase.get(ok1.caseId)!.outcome).toBe('allow');
    expect(byCase.get(noMobile.caseId)!.ruleIds).toEqual(['no_contact_point']);
    const optOutRule = byCase.get(optedOut.caseId)!;
    expect(optOutRule.outcome).toBe('never');
    expect(optOutRule.ruleIds.length).toBeGreaterThan(0);
    expect(p.never.byRule.map((r) => r.ruleId).sort()).toEqual([optOutRule.ruleIds[0], 'no_contact_point'].sort());

    const created = await supA.post('/api/campaigns', { name: '11月提醒', templateId, channel: 'sms', filter });
    expect(created.statusCode, created.body).toBe(201);
    const c = created.json() as Campaign;
    expect(c.status).toBe('draft');
    expect(c.preview).toEqual({ total: 4, allowedNow: 2, later: 0, never: 2 });
    expect(c.progress).toEqual({ pending: 2, queued: 0, skipped: 2, failed: 0 });
    expect(await audit('campaign.created', c.id)).toHaveLength(1);

    const started = await supA.post(`/api/campaigns/${c.id}/start`);
    expect(started.statusCode, started.body).toBe(200);
    await drain();
    const after = (await supA.get(`/api/campaigns/${c.id}`)).json() as Campaign & { targets: Array<{ caseId: string; status: string; outcome: string; messageId: string | null }> };
    expect(after.status).toBe('done');
    expect(after.progress).toEqual({ pending: 0, queued: 2, skipped: 2, failed: 0 });
    const targets = new Map(after.targets.map((x) => [x.caseId, x]));
    expect(targets.get(ok1.caseId)).toMatchObject({ status: 'queued', outcome: 'allow' });
    expect(targets.get(optedOut.caseId)).toMatchObject({ status: 'skipped', outcome: 'never', messageId: null });
    const m = await t.db.db.selectFrom('outbox_message').selectAll().where('id', '=', targets.get(ok2.caseId)!.messageId!).executeTakeFirstOrThrow();
    expect(m.attempt_id).not.toBeNull(); // the attempt recorded by the one messaging path
    expect(m.created_by).toBe(supA.id);
    expect(sentTo(ok1.plain.phone)).toBe(1);
    expect(sentTo(ok2.plain.phone)).toBe(1);
    expect(sentTo(optedOut.plain.phone)).toBe(0);
    expect(sentTo(otherTeam.plain.phone)).toBe(0);
    expect(await audit('campaign.started', c.id)).toHaveLength(1);
    expect(await audit('campaign.finished', c.id)).toHaveLength(1);

    // A second start is refused; the list shows the campaign to its creator.
    expect((await supA.post(`/api/campaigns/${c.id}/start`)).statusCode).toBe(409);
    expect(((await supA.get('/api/campaigns')).json() as { items: Campaign[] }).items.map((x) => x.id)).toContain(c.id);
  });

  it('after 22:00 Shanghai the preview says later (08:00) and start queues for then; a job run twice messages each case once', async () => {
    // The shipped packs allow 08:00–22:00 (CN-G01/CN-B01, end exclusive): at 21:55 the selection is allowed now.
    t.clock.set(new Date('2026-11-28T13:55:00Z')); // 21:55 Shanghai
    supA = await relogin(supA);
    const cases = await Promise.all([newCase(teamA, 70), newCase(teamA, 71), newCase(teamA, 72)]);
    const filter = { creditorId, dpdMin: 70, dpdMax: 72 };
    const at2155 = (await supA.post('/api/campaigns/preview', { templateId, channel: 'sms', filter })).json() as Preview;
    expect([at2155.total, at2155.allowedNow, at2155.later.count]).toEqual([3, 3, 0]);
    t.clock.set(new Date('2026-11-28T14:05:00Z')); // 22:05 Shanghai
    supA = await relogin(supA);
    const p = (await supA.post('/api/campaigns/preview', { templateId, channel: 'sms', filter })).json() as Preview;
    expect(p.total).toBe(3);
    expect(p.allowedNow).toBe(0);
    expect(p.later).toEqual({ count: 3, earliest: '2026-11-29T00:00:00.000Z', latest: '2026-11-29T00:00:00.000Z' });

    const c = (await supA.post('/api/campaigns', { name: '夜间', templateId, channel: 'sms', filter })).json() as Campaign;
    expect(c.preview).toEqual({ total: 3, allowedNow: 0, later: 3, never: 0 });
    // The job runs on start; two more runs race it.
    const svc = t.rt.services.campaigns;
    await supA.post(`/api/campaigns/${c.id}/start`);
    await Promise.all([svc.run(c.id), svc.run(c.id)]);
    await drain();
    const rows = await t.db.db.selectFrom('outbox_message').selectAll().where('case_id', 'in', cases.map((x) => x.caseId)).execute();
    expect(rows).toHaveLength(3);
    for (const r of rows) {
      expect(r.status).toBe('queued');
      expect(new Date(r.next_attempt_at).toISOString()).toBe('2026-11-29T00:00:00.000Z');
    }
    const targets = await t.db.db.selectFrom('campaign_target').selectAll().where('campaign_id', '=', c.id).execute();
    expect(targets.map((x) => [x.status, x.outcome])).toEqual([['queued', 'later'], ['queued', 'later'], ['queued', 'later']]);

    // At 08:00 the worker sends each once.
    t.clock.set(new Date('2026-11-29T00:00:30Z'));
    await t.rt.services.messaging.deliverDue();
    await t.rt.services.messaging.deliverDue();
    for (const x of cases) expect(sentTo(x.plain.phone)).toBe(1);
  });

  it('scope: another team\'s supervisor neither previews nor reads the campaign; a collector may not use campaigns; filters are validated', async () => {
    t.clock.set(new Date('2026-11-28T04:00:00Z'));
    supA = await relogin(supA);
    supB = await relogin(supB);
    await newCase(teamA, 90);
    const mine = await newCase(teamB, 91);
    const filter = { creditorId, dpdMin: 90, dpdMax: 91 };
    const pB = (await supB.post('/api/campaigns/preview', { templateId, channel: 'sms', filter })).json() as Preview;
    expect(pB.total).toBe(1);
    expect(pB.sample.map((s) => s.caseId)).toEqual([mine.caseId]);
    const none = (await supB.post('/api/campaigns/preview', { templateId, channel: 'sms', filter: { ...filter, teamId: teamA } })).json() as Preview;
    expect(none.total).toBe(0);

    const c = (await supA.post('/api/campaigns', { name: 'A', templateId, channel: 'sms', filter })).json() as Campaign;
    expect(c.preview.total).toBe(1);
    expect((await supB.get(`/api/campaigns/${c.id}`)).statusCode).toBe(404);
    expect((await supB.post(`/api/campaigns/${c.id}/start`)).statusCode).toBe(404);
    expect(((await supB.get('/api/campaigns')).json() as { items: Campaign[] }).items.map((x) => x.id)).not.toContain(c.id);
    // The admin sees all; cancelling is audited.
    expect((await t.admin.get(`/api/campaigns/${c.id}`)).statusCode).toBe(200);
    const cancelled = await supA.post(`/api/campaigns/${c.id}/cancel`);
    expect((cancelled.json() as Campaign).status).toBe('cancelled');
    expect(await audit('campaign.cancelled', c.id)).toHaveLength(1);
    expect((await supA.post(`/api/campaigns/${c.id}/start`)).statusCode).toBe(409);

    const collector = await t.userWith('collector', { teamId: teamA });
    expect((await collector.post('/api/campaigns/preview', { templateId, channel: 'sms', filter })).statusCode).toBe(403);
    const bad = await supA.post('/api/campaigns/preview', { templateId, channel: 'sms', filter: { dpdMin: 10, dpdMax: 5 } });
    expect(bad.statusCode).toBe(400);
    expect(JSON.stringify(bad.json())).toContain('dpdMax');
    const wrongChannel = await supA.post('/api/campaigns/preview', { templateId, channel: 'email', filter });
    expect(wrongChannel.statusCode).toBe(400);
  });

  it('cancelling withdraws the messages still waiting for 08:00; a finished campaign with nothing waiting cannot be cancelled', async () => {
    t.clock.set(new Date('2026-11-28T15:00:00Z')); // 23:00 Shanghai
    supA = await relogin(supA);
    const cases = await Promise.all([newCase(teamA, 120), newCase(teamA, 121)]);
    const filter = { creditorId, dpdMin: 120, dpdMax: 121 };
    const c = (await supA.post('/api/campaigns', { name: '撤回', templateId, channel: 'sms', filter })).json() as Campaign;
    await supA.post(`/api/campaigns/${c.id}/start`);
    await drain();
    expect(((await supA.get(`/api/campaigns/${c.id}`)).json() as Campaign).status).toBe('done');
    const res = await supA.post(`/api/campaigns/${c.id}/cancel`);
    expect(res.statusCode, res.body).toBe(200);
    const after = res.json() as Campaign;
    expect(after.status).toBe('cancelled');
    expect(after.progress).toEqual({ pending: 0, queued: 0, skipped: 2, failed: 0 });
    const rows = await t.db.db.selectFrom('outbox_message').select(['status', 'last_error']).where('case_id', 'in', cases.map((x) => x.caseId)).execute();
    expect(rows.map((r) => r.status)).toEqual(['failed', 'failed']);
    const entry = (await audit('campaign.cancelled', c.id))[0]!;
    expect(JSON.stringify(entry)).toContain('withdrawnMessages');
    // At 08:00 nothing leaves.
    t.clock.set(new Date('2026-11-29T00:01:00Z'));
    await t.rt.services.messaging.deliverDue();
    for (const x of cases) expect(sentTo(x.plain.phone)).toBe(0);
    expect((await supA.post(`/api/campaigns/${c.id}/cancel`)).statusCode).toBe(409);

    // A done campaign whose messages have all left: nothing to cancel.
    t.clock.set(new Date('2026-11-29T03:00:00Z'));
    supA = await relogin(supA);
    await newCase(teamA, 130);
    const d = (await supA.post('/api/campaigns', { name: '已发', templateId, channel: 'sms', filter: { creditorId, dpdMin: 130, dpdMax: 130 } })).json() as Campaign;
    await supA.post(`/api/campaigns/${d.id}/start`);
    await drain();
    await t.rt.services.messaging.deliverDue();
    expect((await supA.post(`/api/campaigns/${d.id}/cancel`)).statusCode).toBe(409);
  });

  it('a selection above the cap is refused with the count and the limit, before anything is decided', async () => {
    t.clock.set(new Date('2026-11-28T04:00:00Z'));
    await Promise.all([newCase(teamA, 140), newCase(teamA, 141), newCase(teamA, 142)]);
    const s = t.rt.services;
    const small = createCampaignService(t.rt.ctx, { cases: s.cases, compliance: s.compliance, messaging: s.messaging }, { maxTargets: 2 });
    const admin: UserPrincipal = { kind: 'user', userId: 'admin', username: 'admin', displayName: 'admin', role: 'admin', teamId: null, creditorId: null, sessionId: 's', ip: null, requestId: null };
    const before = await count('compliance_decision');
    const err = await small.preview(admin, { templateId, channel: 'sms', filter: { creditorId, dpdMin: 140, dpdMax: 142 } }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(AppError);
    expect((err as AppError).code).toBe('campaigns.too_many');
    expect((err as AppError).kind).toBe('validation');
    expect((err as AppError).details).toMatchObject({ count: 3, limit: 2 });
    const two = await small.preview(admin, { templateId, channel: 'sms', filter: { creditorId, dpdMin: 140, dpdMax: 141 } });
    expect(two.total).toBe(2);
    expect(await count('compliance_decision')).toBe(before);
  });
});

describe.each(testDatabases())('email campaigns on %s', (kind) => {
  let t: TestApp;
  const smtp = startSmtp();
  let sup: Client & { id: string };
  let creditorId: string;
  let teamId: string;

  beforeAll(async () => {
    t = await createTestApp(kind, { env: { CONCORD_SMTP_URL: await smtp.listen(), CONCORD_PUBLIC_URL: 'https://concord.example' } });
    creditorId = (await make.creditor(t.db.db)).id;
    teamId = (await make.team(t.db.db)).id;
    sup = await t.userWith('supervisor', { teamId });
  });
  afterAll(async () => {
    await t?.rt.services.messaging.close();
    await t?.close();
    await smtp.close();
  });

  async function caseWith(dpd: number, address: string | null) {
    const d = await make.debtorWithCase(t.db.db, t.rt.ctx.pii, t.clock, { creditorId, assignedTeamId: teamId, fullName: '赵六', timeZone: 'Asia/Shanghai', dpd });
    if (!address) return { ...d, emailId: null };
    const sealed = t.rt.ctx.pii.seal('email', address);
    const emailId = newId();
    await t.db.db.insertInto('email_address').values({
      id: emailId, debtor_id: d.debtorId, contact_person_id: null, address_enc: sealed.enc, address_hash: sealed.hash, address_masked: sealed.masked, status: 'valid', source: 'test', created_at: t.clock.now().toISOString(),
    }).execute();
    return { ...d, emailId };
  }

  it('email: the debtor\'s own valid address; none → never, unsubscribed → never; start sends one mail each with its own unsubscribe link; plan templates refused', async () => {
    t.clock.set(new Date('2026-11-28T03:00:00Z'));
    const officer = await t.userWith('compliance_officer');
    sup = { ...(await t.login(sup.username)), id: sup.id };
    const make1 = (name: string, body: string) => approvedTemplate(sup, officer, { channel: 'email', locale: 'zh-CN', name, subject: '{{creditorName}}还款提醒', body });
    const templateId = await make1('提醒', '{{debtorName}}您好：\n\n我们是{{agencyName}}，受{{creditorName}}委托提醒您，应还金额{{amountDue}}。{{paymentInstructions}}\n\n{{optOut}}');
    const a = await caseWith(10, 'zhao.a@example.com');
    const b = await caseWith(11, null);
    const c = await caseWith(12, 'zhao.c@example.com');
    await recordMediumOptOut(t.db.db, { caseId: c.caseId, channel: 'email', contactPointId: c.emailId!, at: t.clock.now().toISOString(), note: 'unsubscribe' });
    const filter = { creditorId, dpdMin: 10, dpdMax: 12 };
    const p = (await sup.post('/api/campaigns/preview', { templateId, channel: 'email', filter })).json() as Preview;
    expect([p.total, p.allowedNow, p.later.count, p.never.count]).toEqual([3, 1, 0, 2]);
    expect(p.never.byRule.some((r) => r.ruleId === 'no_contact_point' && r.count === 1)).toBe(true);
    expect(p.sample.find((x) => x.caseId === b.caseId)!.outcome).toBe('never');

    const created = (await sup.post('/api/campaigns', { name: '邮件', templateId, channel: 'email', filter })).json() as Campaign;
    await sup.post(`/api/campaigns/${created.id}/start`);
    await (t.rt.ctx.queue as InlineQueue).drain();
    await t.rt.services.messaging.deliverDue();
    expect(smtp.to('zhao.a@example.com')).toHaveLength(1);
    expect(smtp.to('zhao.c@example.com')).toHaveLength(0);
    const target = await t.db.db.selectFrom('campaign_target').selectAll().where('campaign_id', '=', created.id).where('case_id', '=', a.caseId).executeTakeFirstOrThrow();
    expect(smtp.to('zhao.a@example.com')[0]!.raw).toContain(`/u/${target.message_id}.`);

    const planTemplate = await make1('方案确认', '{{debtorName}}您好：\n\n我们是{{agencyName}}，您与{{creditorName}}的还款方案：{{planTerms}}。{{paymentInstructions}}\n\n{{optOut}}');
    const refused = await sup.post('/api/campaigns/preview', { templateId: planTemplate, channel: 'email', filter });
    expect(refused.statusCode).toBe(400);
    expect(refused.body).toContain('templateId');
  });
});
