// Strategies (issue 9, part 3) on both databases: a supervisor creates a strategy, edits and validates a draft,
// simulates it (nothing written), activates it (audited, immutable), and the nightly run's DECIDE step uses it;
// champion/challenger split by the stable hash; retiring falls back to the built-in default; a collector is refused.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type Client, type TestApp } from '../app.js';
import { testDatabases } from '../db.js';
import { make } from '../factories.js';
import { armOf, type StrategyDefinition } from '../../src/core/strategy/index.js';
import { NOTICE_OF_VISIT_TEMPLATE } from '../../src/server/modules/visits/index.js';
import { approvedTemplate } from '../templates.js';

const name = (zh: string, en = zh) => ({ zh, en });
/** Everyone with a mobile gets an SMS with a template; the rest would be called (no phone: skip trace). The steps'
 * template ids are set in beforeAll, once the approved templates exist (activation checks them). */
const smsFirst: StrategyDefinition = {
  segments: [
    { id: 'mobile', name: name('有手机', 'Has a mobile'), when: { hasMobile: true }, treatmentId: 'sms' },
    { id: 'rest', name: name('其他', 'Others'), when: {}, treatmentId: 'call' },
  ],
  treatments: [
    { id: 'sms', name: name('短信提醒', 'SMS reminder'), steps: [{ from: 'dpd', day: 0, action: 'sms', template: 'set in beforeAll' }] },
    { id: 'call', name: name('电话', 'Call'), steps: [{ from: 'dpd', day: 0, action: 'call' }] },
  ],
};
const emailAll: StrategyDefinition = {
  segments: [{ id: 'all', name: name('全部', 'All'), when: {}, treatmentId: 'letter' }],
  treatments: [{ id: 'letter', name: name('信函', 'Letter'), steps: [{ from: 'dpd', day: 0, action: 'letter', template: 'set in beforeAll' }] }],
};

describe.each(testDatabases())('strategies on %s', (kind) => {
  let t: TestApp;
  let sup: Client & { id: string };
  let collector: Client & { id: string };
  const caseIds: string[] = [];
  let noPhoneCase = '';
  /** Approved templates: an SMS reminder and a letter; and an SMS template whose only version awaits approval. */
  let SMS = '';
  let LETTER = '';
  let PENDING = '';

  beforeAll(async () => {
    t = await createTestApp(kind);
    t.clock.set(new Date('2026-11-28T03:00:00Z'));
    const creditorId = (await make.creditor(t.db.db)).id;
    sup = await t.userWith('supervisor');
    collector = await t.userWith('collector');
    for (let i = 0; i < 8; i++) caseIds.push((await make.debtorWithCase(t.db.db, t.rt.ctx.pii, t.clock, { creditorId, dpd: 5 + i * 10 })).caseId);
    noPhoneCase = caseIds[7]!;
    const c = await t.db.db.selectFrom('collection_case').select('debtor_id').where('id', '=', noPhoneCase).executeTakeFirstOrThrow();
    await t.db.db.updateTable('phone').set({ status: 'invalid' }).where('debtor_id', '=', c.debtor_id).execute();
    const officer = await t.userWith('compliance_officer');
    SMS = await approvedTemplate(sup, officer, { channel: 'sms', locale: 'zh-CN', name: '还款提醒', body: '【{{agencyName}}】{{debtorName}}您好，您在{{creditorName}}的账户有{{amountDue}}待处理，请通过官方渠道还款。{{optOut}}' });
    LETTER = await approvedTemplate(sup, officer, NOTICE_OF_VISIT_TEMPLATE);
    const pending = await sup.post('/api/message-templates', { channel: 'sms', locale: 'zh-CN', name: '待审提醒', body: '【{{agencyName}}】{{debtorName}}您好，请通过官方渠道还款。{{optOut}}' });
    expect(pending.statusCode, pending.body).toBe(201);
    PENDING = pending.json<{ id: string }>().id;
    smsFirst.treatments[0]!.steps[0]!.template = SMS;
    emailAll.treatments[0]!.steps[0]!.template = LETTER;
  });
  afterAll(async () => {
    await t?.close();
  });

  /** Move the clock (a day on) and sign the supervisor in again: sessions are idle-limited. */
  const at = async (iso: string) => {
    t.clock.set(new Date(iso));
    sup = { ...(await t.login(sup.username)), id: sup.id };
  };
  const count = async (table: 'case_score' | 'audit_log' | 'strategy_version' | 'nightly_run') =>
    Number((await t.db.db.selectFrom(table).select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()).n);
  const scores = (asOf: string) => t.db.db.selectFrom('case_score').selectAll().where('as_of', '=', asOf).orderBy('case_id').execute();
  let strategyId = '';
  let v1 = '';

  it('a collector is refused everything', async () => {
    expect((await collector.get('/api/strategies')).statusCode).toBe(403);
    expect((await collector.post('/api/strategies', { name: 'x' })).statusCode).toBe(403);
    expect((await collector.post('/api/strategies/validate', { definition: smsFirst })).statusCode).toBe(403);
  });

  it('create → a draft v1 holding the built-in default; validate names bad fields; an invalid draft is refused', async () => {
    const res = await sup.post('/api/strategies', { name: '早期短信优先' });
    expect(res.statusCode, res.body).toBe(201);
    const body = res.json<{ id: string; version: { id: string; version: number; status: string; definition: StrategyDefinition } }>();
    strategyId = body.id;
    v1 = body.version.id;
    expect(body.version).toMatchObject({ version: 1, status: 'draft' });
    expect(body.version.definition.segments.map((s) => s.id)).toEqual(['legal', 'visit', 'sms', 'phone', 'email', 'trace']);

    const bad = { ...smsFirst, segments: [{ ...smsFirst.segments[0]!, when: { dpd: { min: 9, max: 3 } } }, smsFirst.segments[1]!] };
    const v = await sup.post('/api/strategies/validate', { definition: bad });
    expect(v.json()).toMatchObject({ valid: false, issues: [{ path: 'segments[0].when.dpd', zh: '最小值大于最大值' }] });
    expect((await sup.post('/api/strategies/validate', { definition: smsFirst })).json()).toEqual({ valid: true, issues: [] });

    const put = await sup.put(`/api/strategy-versions/${v1}`, { definition: bad });
    expect(put.statusCode).toBe(400);
    expect(put.json<{ error: { issues: Array<{ path: string }> } }>().error.issues[0]!.path).toBe('definition.segments[0].when.dpd');
    const ok = await sup.put(`/api/strategy-versions/${v1}`, { definition: smsFirst, note: '先发短信' });
    expect(ok.statusCode, ok.body).toBe(200);
    expect(ok.json()).toMatchObject({ status: 'draft', note: '先发短信', definition: smsFirst });
  });

  it('the templates a step names must exist, be of its channel and be approved: validate says so, activation refuses', async () => {
    const naming = (sms: string): StrategyDefinition => ({ ...smsFirst, treatments: [{ ...smsFirst.treatments[0]!, steps: [{ from: 'dpd', day: 0, action: 'sms', template: sms }] }, smsFirst.treatments[1]!] });
    const issue = async (template: string) => (await sup.post('/api/strategies/validate', { definition: naming(template) })).json<{ valid: boolean; issues: Array<{ path: string; zh: string; en: string }> }>();
    expect(await issue('REMIND_1')).toEqual({ valid: false, issues: [{ path: 'treatments[0].steps[0].template', zh: '消息模板不存在：REMIND_1', en: 'No such message template: REMIND_1' }] });
    expect((await issue(LETTER)).issues).toEqual([expect.objectContaining({ path: 'treatments[0].steps[0].template', zh: '模板「上门通知函（信函）」是信函模板，与本步骤的动作不符' })]);
    expect((await issue(PENDING)).issues).toEqual([expect.objectContaining({ path: 'treatments[0].steps[0].template', en: 'Template "待审提醒" has no approved version yet' })]);

    // A draft may hold it (work in progress); activating it is refused, naming the field, and changes nothing. (A
    // strategy of its own, so the versions of the one the later tests follow keep their numbers.)
    const other = (await sup.post('/api/strategies', { name: '模板检查' })).json<{ id: string; version: { id: string } }>();
    const v = other.version;
    expect((await sup.put(`/api/strategy-versions/${v.id}`, { definition: naming('REMIND_1') })).statusCode).toBe(200);
    const refused = await sup.post(`/api/strategy-versions/${v.id}/activate`, {});
    expect(refused.statusCode).toBe(400);
    expect(refused.json<{ error: { code: string; issues: Array<{ path: string }> } }>().error).toMatchObject({ code: 'strategy.invalid', issues: [{ path: 'definition.treatments[0].steps[0].template' }] });
    expect((await sup.get(`/api/strategy-versions/${v.id}`)).json()).toMatchObject({ status: 'draft' });
    expect(await t.db.db.selectFrom('audit_log').select('id').where('action', '=', 'strategy.activated').where('entity_id', '=', v.id).execute()).toHaveLength(0);
    // A challenger naming a template of the wrong channel is refused too, with its own prefix.
    const champ = (await sup.post(`/api/strategies/${other.id}/versions`, {})).json<{ id: string }>();
    expect((await sup.put(`/api/strategy-versions/${v.id}`, { definition: naming(LETTER) })).statusCode).toBe(200);
    expect((await sup.put(`/api/strategy-versions/${champ.id}`, { definition: smsFirst, challengerVersionId: v.id, challengerShare: 10 })).statusCode).toBe(200);
    const viaChallenger = await sup.post(`/api/strategy-versions/${champ.id}/activate`, {});
    expect(viaChallenger.statusCode).toBe(400);
    expect(viaChallenger.json<{ error: { issues: Array<{ path: string }> } }>().error.issues[0]!.path).toBe('challengerVersionId: definition.treatments[0].steps[0].template');
  });

  it('simulation counts per segment and action and writes nothing', async () => {
    const before = await Promise.all([count('case_score'), count('audit_log'), count('strategy_version'), count('nightly_run')]);
    const casesBefore = await t.db.db.selectFrom('collection_case').select(['id', 'updated_at', 'priority_score']).orderBy('id').execute();
    const res = await sup.post(`/api/strategy-versions/${v1}/simulate`, {});
    expect(res.statusCode, res.body).toBe(200);
    const sim = res.json<{ total: number; byAction: Record<string, number>; byArm: Record<string, number>; unscored: number; nextCursor: string | null; segments: Array<{ id: string; count: number; samples: Array<{ caseId: string; template: string | null }> }> }>();
    expect(sim).toMatchObject({ total: 8, byAction: { sms: 7, skip_trace: 1 }, byArm: { champion: 8, challenger: 0 }, unscored: 8, nextCursor: null });
    expect(sim.segments.find((s) => s.id === 'mobile')).toMatchObject({ count: 7 });
    expect(sim.segments.find((s) => s.id === 'rest')!.samples).toEqual([expect.objectContaining({ caseId: noPhoneCase, template: null })]);
    // Paging: 3 cases a page, the cursor continues.
    const p1 = (await sup.post(`/api/strategy-versions/${v1}/simulate`, { limit: 3 })).json<{ total: number; nextCursor: string }>();
    expect(p1.total).toBe(3);
    const p2 = (await sup.post(`/api/strategy-versions/${v1}/simulate`, { limit: 5, cursor: p1.nextCursor })).json<{ total: number; nextCursor: string | null }>();
    expect([p2.total, p2.nextCursor]).toEqual([5, null]);
    expect(await Promise.all([count('case_score'), count('audit_log'), count('strategy_version'), count('nightly_run')])).toEqual(before);
    expect(await t.db.db.selectFrom('collection_case').select(['id', 'updated_at', 'priority_score']).orderBy('id').execute()).toEqual(casesBefore);
    expect((await collector.post(`/api/strategy-versions/${v1}/simulate`, {})).statusCode).toBe(403);
  });

  it('before activation the nightly run keeps the built-in rules; after it, the active version decides', async () => {
    await t.rt.services.strategy.run('2026-11-28');
    const base = await scores('2026-11-28');
    expect(base).toHaveLength(8);
    expect(base.every((r) => r.strategy_version_id === null && r.arm === null)).toBe(true);
    expect(base.find((r) => r.case_id === noPhoneCase)).toMatchObject({ strategy_segment: 'trace', next_action_kind: 'skip_trace' });

    expect((await collector.post(`/api/strategy-versions/${v1}/activate`, {})).statusCode).toBe(403);
    const act = await sup.post(`/api/strategy-versions/${v1}/activate`, { reason: '试行' });
    expect(act.statusCode, act.body).toBe(200);
    expect(act.json()).toMatchObject({ status: 'active', role: 'champion', activatedBy: sup.id });
    const audit = await t.db.db.selectFrom('audit_log').selectAll().where('action', '=', 'strategy.activated').where('entity_id', '=', v1).execute();
    expect(audit).toHaveLength(1);
    expect(audit[0]).toMatchObject({ actor_id: sup.id, reason: '试行' });
    // Immutable once active.
    expect((await sup.put(`/api/strategy-versions/${v1}`, { definition: emailAll })).statusCode).toBe(409);
    expect((await sup.post(`/api/strategy-versions/${v1}/activate`, {})).statusCode).toBe(409);

    await at('2026-11-29T03:00:00Z');
    const run = await t.rt.services.strategy.run('2026-11-29');
    const rows = await scores('2026-11-29');
    expect(rows).toHaveLength(8);
    for (const r of rows) {
      expect(r).toMatchObject({ strategy_version_id: v1, arm: 'champion' });
      if (r.case_id === noPhoneCase) expect(r).toMatchObject({ strategy_segment: 'rest', treatment_id: 'call', next_action_kind: 'skip_trace', next_action_template: null });
      else expect(r).toMatchObject({ strategy_segment: 'mobile', treatment_id: 'sms', next_action_kind: 'sms', next_action_channel: 'sms', next_action_template: SMS, treatment_since: '2026-11-29' });
    }
    expect(run.report).toMatchObject({ byArm: { champion: 8 }, byArmSegment: { 'champion/mobile': 7, 'champion/rest': 1 } });
  });

  it('champion/challenger: the stable hash splits the cases; the treatment clock continues; retiring falls back to the default', async () => {
    // v2: the challenger (letters to all); v3: a copy of v1 as champion with v2 at 50 %.
    const v2 = (await sup.post(`/api/strategies/${strategyId}/versions`, {})).json<{ id: string; version: number }>();
    expect(v2.version).toBe(2);
    expect((await sup.put(`/api/strategy-versions/${v2.id}`, { definition: emailAll })).statusCode).toBe(200);
    const v3 = (await sup.post(`/api/strategies/${strategyId}/versions`, { fromVersionId: v1 })).json<{ id: string }>();
    const badShare = await sup.put(`/api/strategy-versions/${v3.id}`, { definition: smsFirst, challengerVersionId: v2.id, challengerShare: 60 });
    expect(badShare.statusCode).toBe(400);
    const self = await sup.put(`/api/strategy-versions/${v3.id}`, { definition: smsFirst, challengerVersionId: v3.id, challengerShare: 10 });
    expect(self.json<{ error: { issues: Array<{ path: string }> } }>().error.issues[0]!.path).toBe('challengerVersionId');
    expect((await sup.put(`/api/strategy-versions/${v3.id}`, { definition: smsFirst, challengerVersionId: v2.id, challengerShare: 50 })).statusCode).toBe(200);
    const sim = (await sup.post(`/api/strategy-versions/${v3.id}/simulate`, {})).json<{ byArm: Record<string, number>; byAction: Record<string, number> }>();
    const salt = (await t.db.db.selectFrom('strategy_version').select('experiment_salt').where('id', '=', v3.id).executeTakeFirstOrThrow()).experiment_salt;
    const challengers = caseIds.filter((id) => armOf(id, salt, 50) === 'challenger');
    expect(sim.byArm).toEqual({ champion: 8 - challengers.length, challenger: challengers.length });
    expect(sim.byAction.letter ?? 0).toBe(challengers.length);

    expect((await sup.post(`/api/strategy-versions/${v3.id}/activate`, {})).statusCode).toBe(200);
    const statuses = Object.fromEntries((await t.db.db.selectFrom('strategy_version').select(['id', 'status', 'role']).where('strategy_id', '=', strategyId).execute()).map((r) => [r.id, [r.status, r.role]]));
    expect(statuses).toEqual({ [v1]: ['retired', null], [v2.id]: ['active', 'challenger'], [v3.id]: ['active', 'champion'] });

    await at('2026-11-30T03:00:00Z');
    const run = await t.rt.services.strategy.run('2026-11-30');
    for (const r of await scores('2026-11-30')) {
      const arm = armOf(r.case_id, salt, 50);
      expect(r.arm).toBe(arm);
      expect(r.strategy_version_id).toBe(arm === 'challenger' ? v2.id : v3.id);
      if (arm === 'challenger') expect(r).toMatchObject({ next_action_kind: 'letter', next_action_template: LETTER, treatment_id: 'letter' });
    }
    expect(run.report?.byArm).toEqual({ ...(challengers.length ? { challenger: challengers.length } : {}), ...(challengers.length < 8 ? { champion: 8 - challengers.length } : {}) });

    // Retiring the champion retires its challenger; the next run is decided by the built-in default.
    expect((await sup.post(`/api/strategy-versions/${v3.id}/retire`, {})).json()).toMatchObject({ status: 'retired' });
    expect((await sup.post(`/api/strategy-versions/${v3.id}/retire`, {})).statusCode).toBe(409);
    expect((await t.db.db.selectFrom('strategy_version').select('status').where('id', '=', v2.id).executeTakeFirstOrThrow()).status).toBe('retired');
    await at('2026-12-01T03:00:00Z');
    await t.rt.services.strategy.run('2026-12-01');
    expect((await scores('2026-12-01')).every((r) => r.strategy_version_id === null && r.arm === null)).toBe(true);
    const list = (await sup.get('/api/strategies')).json<{ items: Array<{ id: string; versions: Array<{ version: number; status: string }> }> }>();
    expect(list.items.find((s) => s.id === strategyId)!.versions.map((v) => [v.version, v.status])).toEqual([[3, 'retired'], [2, 'retired'], [1, 'retired']]);
  });

  it('an entry-day step waits for the case to have been in the treatment long enough', async () => {
    const def: StrategyDefinition = {
      segments: [{ id: 'all', name: name('全部'), when: {}, treatmentId: 'seq' }],
      treatments: [{ id: 'seq', name: name('序列'), steps: [{ from: 'entry', day: 0, action: 'sms', template: SMS }, { from: 'entry', day: 2, action: 'call' }] }],
    };
    const v = (await sup.post(`/api/strategies/${strategyId}/versions`, {})).json<{ id: string }>();
    expect((await sup.put(`/api/strategy-versions/${v.id}`, { definition: def })).statusCode).toBe(200);
    expect((await sup.post(`/api/strategy-versions/${v.id}/activate`, {})).statusCode).toBe(200);
    const kinds = async (asOf: string) => {
      await at(`${asOf}T03:00:00Z`);
      await t.rt.services.strategy.run(asOf);
      return (await scores(asOf)).find((r) => r.case_id === caseIds[0])!;
    };
    expect(await kinds('2026-12-02')).toMatchObject({ next_action_kind: 'sms', treatment_since: '2026-12-02' });
    expect(await kinds('2026-12-03')).toMatchObject({ next_action_kind: 'sms', treatment_since: '2026-12-02' });
    expect(await kinds('2026-12-04')).toMatchObject({ next_action_kind: 'call', treatment_since: '2026-12-02' });
  });
});
