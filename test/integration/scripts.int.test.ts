// The call script (issue 5, item 2): rendered for a case (situation from the recorded events, locale from the
// debtor's preferred language), and edited by supervisors under the packs' content rules, audited.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type Client, type TestApp } from '../app.js';
import { testDatabases } from '../db.js';
import { make, type DebtorWithCase } from '../factories.js';

type Item = { locale: string; section: string; body: string; tip: string; version: number; updatedBy: string | null };

describe.each(testDatabases())('call scripts on %s', (kind) => {
  let t: TestApp;
  let collector: Client & { id: string };
  let supervisor: Client & { id: string };
  let zhCase: DebtorWithCase;
  let enCase: DebtorWithCase;
  let creditorId: string;
  beforeAll(async () => {
    t = await createTestApp(kind);
    const db = t.rt.ctx.db;
    collector = await t.userWith('collector', { teamId: null });
    supervisor = await t.userWith('supervisor', { teamId: null });
    const cr = await make.creditor(db);
    creditorId = cr.id;
    zhCase = await make.debtorWithCase(db, t.rt.ctx.pii, t.clock, { creditorId: cr.id, assignedUserId: collector.id, fullName: '孙困难', preferredLanguage: 'yue' });
    enCase = await make.debtorWithCase(db, t.rt.ctx.pii, t.clock, { creditorId: cr.id, assignedUserId: collector.id, fullName: 'Jamie Doe', preferredLanguage: 'en' });
  });
  afterAll(() => t.close());

  const scripts = async (c: Client) => {
    const r = await c.get('/api/scripts');
    expect(r.statusCode).toBe(200);
    return r.json().items as Item[];
  };
  const item = (items: Item[], locale: string, section: string) => items.find((i) => i.locale === locale && i.section === section)!;

  it('the seeded script covers every section in both locales', async () => {
    const items = await scripts(supervisor);
    expect(items).toHaveLength(20);
    expect(item(items, 'zh-CN', 'opening').body).toContain('{{agencyName}}');
    expect(item(items, 'en', 'third_party').body).not.toMatch(/\bdebt\b|amount|\{\{creditorName\}\}/i);
  });

  it('without events the script has no situation; a hardship outcome picks hardship, with the event named', async () => {
    const before = await collector.get(`/api/cases/${zhCase.caseId}/script`);
    expect(before.statusCode).toBe(200);
    expect(before.json()).toMatchObject({ locale: 'zh-CN', preferredLanguage: 'yue', situation: null, reason: { source: 'none' } });
    // The names are filled in: the collector, the agency, the debtor.
    expect(before.json().opening.body).toContain('孙困难');
    expect(before.json().opening.body).toContain('测试collector');
    expect(before.json().opening.body).toContain('Concord');
    expect(before.json().opening.body).not.toContain('{{');

    t.clock.set('2026-11-28T02:00:00Z'); // 10:00 Shanghai
    const a = await collector.post(`/api/cases/${zhCase.caseId}/attempts`, { channel: 'call', partyKind: 'debtor', partyId: zhCase.debtorId, contactPointId: zhCase.phoneId, recording: true });
    expect(a.statusCode).toBe(201);
    const o = await collector.post(`/api/attempts/${a.json().attempt.id}/outcome`, { resultCode: 'rpc_other', rightParty: true, hardship: true, notes: '客户表示最近手头紧' });
    expect(o.statusCode).toBe(200);

    const after = await collector.get(`/api/cases/${zhCase.caseId}/script`);
    expect(after.json()).toMatchObject({ situation: 'hardship', reason: { source: 'event', eventType: 'hold_hardship', keyword: null } });
    expect(after.json().situations.hardship.body).toMatch(/手头/);
    // The purpose names the amount due as the case page shows it, in Chinese currency format.
    const detail = (await collector.get(`/api/cases/${zhCase.caseId}`)).json() as { accounts: { outstandingMinor: number }[] };
    const due = detail.accounts.reduce((n, a) => n + a.outstandingMinor, 0);
    expect(after.json().purpose.body).toContain(new Intl.NumberFormat('zh-CN', { style: 'currency', currency: 'CNY' }).format(due / 100));
  });

  it('a hardship whose note speaks of a hospital stay picks illness; a later dispute wins over it', async () => {
    const db = t.rt.ctx.db;
    const ill = await make.debtorWithCase(db, t.rt.ctx.pii, t.clock, { creditorId, assignedUserId: collector.id, fullName: '李住院' });
    t.clock.set('2026-11-28T03:00:00Z');
    const a = await collector.post(`/api/cases/${ill.caseId}/attempts`, { channel: 'call', partyKind: 'debtor', partyId: ill.debtorId, contactPointId: ill.phoneId, recording: true });
    const o = await collector.post(`/api/attempts/${a.json().attempt.id}/outcome`, { resultCode: 'rpc_other', rightParty: true, hardship: true, notes: '客户住院治疗中' });
    expect(o.statusCode).toBe(200);
    const r = await collector.get(`/api/cases/${ill.caseId}/script`);
    expect(r.json()).toMatchObject({ situation: 'illness', reason: { source: 'event', eventType: 'hold_hardship', keyword: '住院' } });

    // A dispute recorded on the case (the hardship hold blocks further calls, so it is written directly here).
    const at = '2026-11-28T03:30:00.000Z';
    await db.insertInto('contact_event').values({
      id: `ev-${ill.caseId}`, debtor_id: ill.debtorId, case_id: ill.caseId, type: 'dispute', party_kind: 'debtor', party_id: ill.debtorId, channel: null, contact_point_id: null,
      debt_ids_json: null, at, from_at: null, until_at: null, from_time: null, until_time: null, review_on: null, note: 'letter', created_by: null, created_at: at,
    }).execute();
    t.clock.set('2026-11-28T04:00:00Z');
    expect((await collector.get(`/api/cases/${ill.caseId}/script`)).json()).toMatchObject({ situation: 'dispute', reason: { source: 'event', eventType: 'dispute' } });
  });

  it('a debtor whose preferred language is English gets the English script', async () => {
    const r = await collector.get(`/api/cases/${enCase.caseId}/script`);
    expect(r.statusCode).toBe(200);
    expect(r.json()).toMatchObject({ locale: 'en', preferredLanguage: 'en', situation: null });
    expect(r.json().opening.body).toMatch(/^Hello, may I speak with Jamie Doe\?/);
    expect(r.json().purpose.body).toMatch(/CN¥|¥|CNY/);
  });

  it('a case outside the collector\'s scope is not found', async () => {
    const other = await t.userWith('collector', { teamId: null });
    expect((await other.get(`/api/cases/${zhCase.caseId}/script`)).statusCode).toBe(404);
  });

  it('a supervisor\'s threat is refused naming the section, the rule and the span (zh-CN); nothing is saved', async () => {
    const items = await scripts(supervisor);
    const refusal = item(items, 'zh-CN', 'refusal');
    const r = await supervisor.put('/api/scripts', { locale: 'zh-CN', sections: { refusal: { body: '不还钱就让你坐牢，我们会通知你的家人。', tip: refusal.tip, version: refusal.version } } });
    expect(r.statusCode).toBe(400);
    const issues = r.json().error.issues as { path: string; message: string }[];
    expect(issues.every((i) => i.path === 'sections.refusal.body')).toBe(true);
    expect(issues.map((i) => i.message).join(' ')).toMatch(/「拒绝还款」台词：CN-[A-Z0-9]+ .*「[^」]*坐牢[^」]*」/);
    expect(issues.map((i) => i.message).join(' ')).toMatch(/家人/);
    expect(r.json().error.message).toContain('拒绝还款');
    expect(item(await scripts(supervisor), 'zh-CN', 'refusal')).toEqual(refusal);
  });

  it('the third-party lines may not mention the debt; the opening must identify the collector and the agency', async () => {
    const items = await scripts(supervisor);
    const tp = item(items, 'zh-CN', 'third_party');
    const op = item(items, 'zh-CN', 'opening');
    const r = await supervisor.put('/api/scripts', {
      locale: 'zh-CN',
      sections: {
        third_party: { body: '您好，请转告{{debtorName}}尽快处理逾期欠款。', tip: tp.tip, version: tp.version },
        opening: { body: '您好，请问是{{debtorName}}吗？', tip: op.tip, version: op.version },
      },
    });
    expect(r.statusCode).toBe(400);
    const issues = r.json().error.issues as { path: string; message: string }[];
    expect(issues.find((i) => i.path === 'sections.third_party.body')?.message).toMatch(/「第三方接听」台词：CN-(P04|G03|B03) .*「(逾期|欠款)」/);
    expect(issues.find((i) => i.path === 'sections.opening.body')?.message).toMatch(/\{\{collectorName\}\}.*\{\{agencyName\}\}/);
  });

  it('a collector cannot read or edit the scripts (403)', async () => {
    expect((await collector.get('/api/scripts')).statusCode).toBe(403);
    const r = await collector.put('/api/scripts', { locale: 'zh-CN', sections: { closing: { body: '谢谢，再见。', tip: '', version: 1 } } });
    expect(r.statusCode).toBe(403);
  });

  it('a clean edit is saved, audited with the text before and after, and shown on the panel; a stale version is refused', async () => {
    const items = await scripts(supervisor);
    const hs = item(items, 'zh-CN', 'hardship');
    const body = '我明白您现在压力不小。我们可以按您每月的实际收入，商量一个您负担得起的金额，{{debtorName}}。';
    const r = await supervisor.put('/api/scripts', { locale: 'zh-CN', sections: { hardship: { body, tip: hs.tip, version: hs.version } } });
    expect(r.statusCode).toBe(200);
    expect(r.json().changed).toEqual(['hardship']);
    const saved = item(r.json().items, 'zh-CN', 'hardship');
    expect(saved).toMatchObject({ body, version: hs.version + 1, updatedBy: supervisor.id });

    const audits = await t.db.db.selectFrom('audit_log').select(['action', 'entity_type', 'before_json', 'after_json']).where('action', '=', 'scripts.updated').execute();
    expect(audits).toHaveLength(1);
    expect(audits[0]).toMatchObject({ entity_type: 'call_script', before_json: { section: 'hardship', body: hs.body, version: hs.version }, after_json: { section: 'hardship', body, version: hs.version + 1 } });

    const panel = await collector.get(`/api/cases/${zhCase.caseId}/script`);
    expect(panel.json().situations.hardship.body).toBe(body.replace('{{debtorName}}', '孙困难'));

    // Saving again from the old version is a conflict naming the section.
    const stale = await supervisor.put('/api/scripts', { locale: 'zh-CN', sections: { hardship: { body: `${body}谢谢。`, tip: hs.tip, version: hs.version } } });
    expect(stale.statusCode).toBe(409);
    expect(stale.json().error.message).toContain('经济困难');
  });

  it('the shipped defaults pass their own checks (saving them unchanged changes nothing)', async () => {
    for (const locale of ['zh-CN', 'en'] as const) {
      const items = (await scripts(supervisor)).filter((i) => i.locale === locale);
      const sections = Object.fromEntries(items.map((i) => [i.section, { body: i.body, tip: i.tip, version: i.version }]));
      const r = await supervisor.put('/api/scripts', { locale, sections });
      expect(r.statusCode, r.body).toBe(200);
      expect(r.json().changed).toEqual([]);
    }
  });
});
