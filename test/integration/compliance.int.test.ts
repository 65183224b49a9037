// The compliance module over HTTP: the simulator, recorded attempts decided in their transaction, party events,
// the decision log and the per-case panel.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type Client, type TestApp } from '../app.js';
import { testDatabases } from '../db.js';
import { make } from '../factories.js';
import { issueExample } from '../compliance/helpers.js';

const example = issueExample;

describe.each(testDatabases())('compliance on %s', (kind) => {
  let t: TestApp;
  let officer: Client & { id: string };
  let collector: Client & { id: string };
  let other: Client & { id: string };
  let c: Awaited<ReturnType<typeof make.debtorWithCase>>;
  beforeAll(async () => {
    t = await createTestApp(kind);
    officer = await t.userWith('compliance_officer');
    collector = await t.userWith('collector');
    other = await t.userWith('collector');
    const cr = await make.creditor(t.db.db);
    c = await make.debtorWithCase(t.db.db, t.rt.ctx.pii, t.clock, { creditorId: cr.id, assignedUserId: collector.id });
  });
  afterAll(() => t.close());

  it('the simulator decides one scenario or an array, and names the field of a bad one', async () => {
    const one = await officer.post('/api/compliance/check', example);
    expect(one.statusCode).toBe(200);
    expect(one.json()).toEqual({ outcome: 'allow', reasons: [], nextAllowedAt: '2026-03-02T21:59:00+08:00' });
    const late = { ...example, at: '2026-03-02T23:30:00+08:00' };
    const many = await officer.post('/api/compliance/check', [example, late]);
    expect(many.statusCode).toBe(200);
    expect(many.json()[1]).toMatchObject({ outcome: 'block', nextAllowedAt: '2026-03-03T08:00:00+08:00', reasons: [{ ruleId: 'CN-G01', pack: 'cn-gbt-45251-2025', authority: 'national_standard' }] });
    const bad = await officer.post('/api/compliance/check', { ...example, at: '2026-03-02 21:59' });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error.issues[0].path).toBe('at');
    const badParty = await officer.post('/api/compliance/check', { ...example, action: { ...example.action, partyId: 'nobody' } });
    expect(badParty.statusCode).toBe(400);
    expect(badParty.json().error.issues.map((i: { path: string }) => i.path)).toContain('action.partyId');
    const unknownPack = await officer.post('/api/compliance/check', { ...example, packs: ['nope'] });
    expect(unknownPack.statusCode).toBe(400);
    expect(unknownPack.json().error.message).toContain('packs[0]');
    expect((await collector.post('/api/compliance/check', example)).statusCode).toBe(403);
  });

  it('rule packs are listed with versions, parameters and citations', async () => {
    const res = await officer.get('/api/compliance/packs');
    expect(res.statusCode).toBe(200);
    const gbt = res.json().packs.find((p: { id: string }) => p.id === 'cn-gbt-45251-2025');
    expect(gbt.version).toBe('2025.1');
    expect(gbt.rules.find((r: { id: string }) => r.id === 'CN-G02').params.limit).toBe(3);
    expect(res.json().sets.map((s: { id: string }) => s.id)).toContain('cn-default');
  });

  it('attempts are decided and recorded in one transaction; the fourth conversation of the day is blocked and never performed', async () => {
    t.clock.set('2026-03-02T02:00:00Z'); // 10:00 in Shanghai
    const attempt = () => collector.post(`/api/cases/${c.caseId}/attempts`, { channel: 'call', partyKind: 'debtor', partyId: c.debtorId, contactPointId: c.phoneId, recording: true });
    for (let i = 0; i < 3; i++) {
      const r = await attempt();
      expect(r.statusCode).toBe(201);
      expect(r.json().attempt.status).toBe('allowed');
      const done = await collector.post(`/api/attempts/${r.json().attempt.id}/complete`, { result: 'conversation', notes: '已沟通' });
      expect(done.statusCode).toBe(200);
      t.clock.advance(10 * 60_000);
    }
    const fourth = await attempt();
    expect(fourth.statusCode).toBe(201);
    expect(fourth.json().attempt).toMatchObject({ status: 'blocked', outcome: 'block', ruleIds: ['CN-G02'] });
    expect(fourth.json().decision.nextAllowedAt).toBe('2026-03-03T08:00:00+08:00');
    // A blocked attempt cannot be completed.
    expect((await collector.post(`/api/attempts/${fourth.json().attempt.id}/complete`, { result: 'conversation' })).statusCode).toBe(409);
    const rows = await t.db.db.selectFrom('contact_attempt').select(['status', 'decision_id']).where('case_id', '=', c.caseId).execute();
    expect(rows.map((r) => r.status).sort()).toEqual(['blocked', 'completed', 'completed', 'completed']);
    expect(rows.every((r) => r.decision_id)).toBe(true);
    const decision = await t.db.db.selectFrom('compliance_decision').selectAll().where('id', '=', fourth.json().attempt.decisionId).executeTakeFirstOrThrow();
    expect(decision.outcome).toBe('block');
    expect(decision.packs_json.map((p) => p.id)).toEqual(expect.arrayContaining(['cn-gbt-45251-2025', 'cn-cba-2026', 'cn-nifa-2018', 'concord-baseline']));
  });

  it('night hours block with the earliest lawful time; another collector cannot attempt on a case outside their scope', async () => {
    t.clock.set('2026-03-05T14:30:00Z'); // 22:30 in Shanghai
    const r = await collector.post(`/api/cases/${c.caseId}/attempts`, { channel: 'sms', partyKind: 'debtor', partyId: c.debtorId, contactPointId: c.phoneId, content: '【测试资产】您好，请尽快处理账单，回复TD退订。' });
    expect(r.json().attempt.status).toBe('blocked');
    expect(r.json().attempt.ruleIds).toEqual(expect.arrayContaining(['CN-G01', 'CN-B01']));
    expect(r.json().decision.nextAllowedAt).toBe('2026-03-06T08:00:00+08:00');
    expect((await other.post(`/api/cases/${c.caseId}/attempts`, { channel: 'call', partyKind: 'debtor', partyId: c.debtorId })).statusCode).toBe(404);
    const wrongPoint = await collector.post(`/api/cases/${c.caseId}/attempts`, { channel: 'call', partyKind: 'debtor', partyId: c.debtorId, contactPointId: c.addressId });
    expect(wrongPoint.statusCode).toBe(400);
    expect(wrongPoint.json().error.issues[0].path).toBe('contactPointId');
  });

  it('a recorded dispute is honoured by the next attempt and audited', async () => {
    t.clock.set('2026-03-09T02:00:00Z');
    const ev = await collector.post(`/api/cases/${c.caseId}/contact-events`, { type: 'dispute', partyKind: 'debtor', partyId: c.debtorId, note: '债务人称已结清' });
    expect(ev.statusCode).toBe(201);
    const r = await collector.post(`/api/cases/${c.caseId}/attempts`, { channel: 'call', partyKind: 'debtor', partyId: c.debtorId, contactPointId: c.phoneId, recording: true });
    expect(r.json().attempt.status).toBe('blocked');
    expect(r.json().attempt.ruleIds).toContain('CC-H01');
    expect(r.json().decision.nextAllowedAt).toBeNull();
    const audit = await t.db.db.selectFrom('audit_log').select('action').where('entity_id', '=', ev.json().id).execute();
    expect(audit.map((a) => a.action)).toEqual(['compliance.event_recorded']);
    const badConsent = await collector.post(`/api/cases/${c.caseId}/contact-events`, { type: 'consent', partyKind: 'debtor', partyId: c.debtorId, from: '2026-03-09T22:00:00+08:00' });
    expect(badConsent.statusCode).toBe(400);
    expect(badConsent.json().error.issues[0].path).toBe('until');
  });

  it('the decision log filters by rule and outcome and counts blocks per rule', async () => {
    const log = await officer.get('/api/compliance/decisions?outcome=block');
    expect(log.statusCode).toBe(200);
    expect(log.json().total).toBe(3);
    expect(log.json().blockedByRule.find((b: { ruleId: string }) => b.ruleId === 'CN-G02').count).toBe(1);
    const byRule = await officer.get('/api/compliance/decisions?ruleId=CN-G02');
    expect(byRule.json().items).toHaveLength(1);
    expect(byRule.json().items[0]).toMatchObject({ userId: collector.id, outcome: 'block', channel: 'call' });
    const day = await officer.get('/api/compliance/decisions?from=2026-03-05&to=2026-03-05');
    expect(day.json().items.map((i: { channel: string }) => i.channel)).toEqual(['sms']);
    // Days are the reader's: 2026-03-05T14:30Z is already 03-06 (04:30) in Kiritimati (UTC+14).
    const kiri = (d: string) => officer.get(`/api/compliance/decisions?from=${d}&to=${d}&timeZone=Pacific/Kiritimati`);
    expect((await kiri('2026-03-05')).json().items.map((i: { channel: string }) => i.channel)).not.toContain('sms');
    expect((await kiri('2026-03-06')).json().items.map((i: { channel: string }) => i.channel)).toContain('sms');
    expect((await officer.get('/api/compliance/decisions?timeZone=Mars/Olympus')).statusCode).toBe(400);
    expect((await collector.get('/api/compliance/decisions')).statusCode).toBe(403);
  });

  it('the per-case panel answers per channel and contact point', async () => {
    t.clock.set('2026-03-10T14:30:00Z'); // 22:30
    const res = await collector.get(`/api/cases/${c.caseId}/compliance`);
    expect(res.statusCode).toBe(200);
    const call = res.json().items.find((i: { channel: string }) => i.channel === 'call');
    expect(call).toMatchObject({ partyKind: 'debtor', contactPointId: c.phoneId, decision: { outcome: 'block' } });
    expect(call.decision.reasons.map((r: { ruleId: string }) => r.ruleId)).toEqual(expect.arrayContaining(['CN-G01', 'CC-H01']));
    expect(res.json().items.map((i: { channel: string }) => i.channel)).toEqual(expect.arrayContaining(['call', 'sms', 'visit', 'letter']));
  });
});

describe.each(testDatabases())('creditor rule packs on %s', (kind) => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp(kind);
  });
  afterAll(() => t.close());

  it('a creditor names its packs; unknown packs are refused naming the field; attempts follow the setting', async () => {
    const created = await t.admin.post('/api/admin/creditors', { code: 'US-1', name: 'US creditor', timeZone: 'America/New_York', currency: 'USD', rulePackSet: 'us-default' });
    expect(created.statusCode).toBe(201);
    expect(created.json().rulePackSet).toBe('us-default');
    const bad = await t.admin.patch(`/api/admin/creditors/${created.json().id}`, { rulePackSet: 'us-default no-such-pack' });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error.issues[0].path).toBe('rulePackSet');
    const collector = await t.userWith('collector');
    const c = await make.debtorWithCase(t.db.db, t.rt.ctx.pii, t.clock, { creditorId: created.json().id, assignedUserId: collector.id, timeZone: 'America/New_York' });
    t.clock.set('2026-04-02T01:30:00Z'); // 21:30 in New York: lawful in China's window, not under Reg F
    const r = await collector.post(`/api/cases/${c.caseId}/attempts`, { channel: 'call', partyKind: 'debtor', partyId: c.debtorId, contactPointId: c.phoneId, recording: true });
    expect(r.json().attempt).toMatchObject({ status: 'blocked', ruleIds: ['US-T01'] });
    expect(r.json().decision.nextAllowedAt).toBe('2026-04-02T08:00:00-04:00');
  });
});
