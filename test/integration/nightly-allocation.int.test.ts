// Allocation and scheduling in the nightly run (issue 9, parts 4 and 5): the phases on a controlled set of next
// actions (certificates, skills, capacity, continuity, recall, proximity; messages, callbacks, visit requests,
// flags), run twice for the same date with identical results and no duplicates; then full runs twice, whose scheduled
// items sit at the engine's lawful times.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ADMIN_PASSWORD, createTestApp, type TestApp } from '../app.js';
import { testDatabases } from '../db.js';
import { make } from '../factories.js';
import { startSmtp } from '../smtp.js';
import { approvedTemplate } from '../templates.js';
import { newId } from '../../src/server/platform/ids.js';
import { allocateRun } from '../../src/server/modules/strategy/allocation.service.js';
import { scheduleRun } from '../../src/server/modules/strategy/schedule.service.js';

const asOf = '2026-11-28';
const lawful = '2026-11-28T01:00:00.000Z'; // 09:00 in Shanghai

describe.each(testDatabases())('nightly allocation and scheduling on %s', (kind) => {
  let t: TestApp;
  const smtp = startSmtp();
  let creditorId: string;
  let teamId: string;
  const u: Record<string, string> = {};
  const c: Record<string, { caseId: string; debtorId: string }> = {};

  beforeAll(async () => {
    t = await createTestApp(kind, { env: { CONCORD_SMTP_URL: await smtp.listen(), CONCORD_PUBLIC_URL: 'https://concord.example', CONCORD_RECALL_AFTER_DAYS: '30' } });
    const db = t.db.db;
    creditorId = (await make.creditor(db)).id;
    teamId = (await make.team(db)).id;
    const sup = await t.userWith('supervisor', { teamId });
    const officer = await t.userWith('compliance_officer');
    for (const [name, role] of [['p1', 'collector'], ['p2', 'collector'], ['expired', 'collector'], ['f1', 'field_collector'], ['f2', 'field_collector']] as const) {
      u[name] = (await t.userWith(role, { teamId })).id;
    }
    const now = t.clock.now().toISOString();
    const profile = (userId: string, o: { languages?: string[]; regions?: string[]; capacity: number; base?: [number, number] }) =>
      db.insertInto('collector_profile').values({
        user_id: userId, languages_json: o.languages ?? [], regions_json: o.regions ?? [], capacity: o.capacity, base_latitude: o.base?.[0] ?? null, base_longitude: o.base?.[1] ?? null,
        updated_by: null, updated_at: now,
      }).execute();
    await profile(u.p1!, { languages: ['zh-CN', 'yue'], capacity: 3 });
    await profile(u.p2!, { capacity: 3 });
    await profile(u.expired!, { capacity: 50 });
    await profile(u.f1!, { regions: ['11'], capacity: 5, base: [39.95, 116.45] }); // ~3.6 km from the debtors' address
    await profile(u.f2!, { regions: ['11'], capacity: 5, base: [40.3, 116.9] });
    const cert = (userId: string, kindOf: string, until: string) => db.insertInto('staff_certificate').values({
      id: newId(), user_id: userId, kind: kindOf, number: `N-${userId.slice(-6)}`, issuer: '协会', valid_from: '2025-01-01', valid_until: until, created_at: now, updated_at: now, created_by: u.p1!,
    }).execute();
    await cert(u.expired!, 'collector', '2026-11-01');
    for (const f of [u.f1!, u.f2!]) {
      await cert(f, 'field_visit', '2027-12-31');
      await db.insertInto('staff_training').values({ id: newId(), user_id: f, course: '催收合规', completed_on: '2026-06-01', result: 'passed', score: 90, hours: 8, created_at: now, created_by: f }).execute();
    }
    const templateId = await approvedTemplate(sup, officer, { channel: 'email', locale: 'zh-CN', name: '提醒', subject: '{{creditorName}}还款提醒', body: '{{debtorName}}您好：我们是{{agencyName}}，受{{creditorName}}委托提醒您，应还金额{{amountDue}}。{{paymentInstructions}}\n\n{{optOut}}' });
    await db.insertInto('creditor_reminder_template').values({ creditor_id: creditorId, channel: 'email', template_id: templateId, updated_by: null, updated_at: now }).execute();

    const add = async (name: string, o: { language?: string; assigned?: string; dpd?: number } = {}) => {
      const d = await make.debtorWithCase(db, t.rt.ctx.pii, t.clock, { creditorId, assignedTeamId: teamId, assignedUserId: o.assigned ?? null, dpd: o.dpd ?? 20, ...(o.language ? { preferredLanguage: o.language } : {}) });
      c[name] = { caseId: d.caseId, debtorId: d.debtorId };
    };
    await add('kept', { assigned: u.p2 });
    await add('yue', { language: 'yue' });
    await add('expiredHolder', { assigned: u.expired });
    await add('stale', { assigned: u.p2 });
    await add('email');
    await add('sms');
    await add('visit', { dpd: 45 });
    await add('legal', { dpd: 120 });
    await add('nan', { language: 'nan' });
    const sealed = t.rt.ctx.pii.seal('email', 'debtor.email@example.com');
    await db.insertInto('email_address').values({ id: newId(), debtor_id: c.email!.debtorId, contact_person_id: null, address_enc: sealed.enc, address_hash: sealed.hash, address_masked: sealed.masked, status: 'valid', source: 'test', created_at: now }).execute();
    await db.updateTable('address').set({ verification_status: 'verified', verified_at: now }).where('debtor_id', '=', c.visit!.debtorId).execute();
    // 'stale' has been p2's for 60 days with no right-party contact; the others are new.
    await db.updateTable('collection_case').set({ created_at: '2026-09-29T00:00:00.000Z' }).where('id', '=', c.stale!.caseId).execute();
  });
  afterAll(async () => {
    await t?.rt.services.messaging.close();
    await t?.close();
    await smtp.close();
  });

  /** The phases' own deps: the app's case and messaging services. */
  const phases = async (runId: string) => {
    const a = await allocateRun(t.rt.ctx, t.rt.services.compliance.engine, runId, asOf);
    const s = await scheduleRun(t.rt.ctx, runId, asOf, { cases: t.rt.services.cases, messaging: t.rt.services.messaging });
    return { a, s };
  };
  const snapshot = async () => {
    const db = t.db.db;
    const ids = Object.values(c).map((x) => x.caseId);
    return {
      allocations: (await db.selectFrom('case_allocation').select(['case_id', 'outcome', 'reason', 'user_id', 'team_id', 'previous_user_id', 'distance_km', 'explanation_json']).where('as_of', '=', asOf).orderBy('case_id').execute())
        .map((r) => ({ ...r, distance_km: r.distance_km === null ? null : Number(r.distance_km) })),
      owners: await db.selectFrom('collection_case').select(['id', 'assigned_user_id', 'assigned_team_id']).where('id', 'in', ids).orderBy('id').execute(),
      ledger: await db.selectFrom('scheduled_action').select(['case_id', 'kind', 'status', 'reason', 'ref_type', 'ref_id', 'user_id', 'due_at']).where('as_of', '=', asOf).orderBy('case_id').execute(),
      // The message's own status is the messaging worker's (it may be sending by now): only which messages exist.
      messages: await db.selectFrom('outbox_message').select(['id', 'case_id', 'created_at', 'attempt_id']).orderBy('id').execute(),
      callbacks: await db.selectFrom('callback').select(['id', 'case_id', 'due_at', 'status', 'attempt_id']).orderBy('id').execute(),
      visits: await db.selectFrom('visit_request').select(['id', 'case_id', 'requested_by', 'status', 'priority']).orderBy('id').execute(),
      audits: Number((await db.selectFrom('audit_log').select((eb) => eb.fn.countAll<number>().as('n')).where('action', '=', 'case.assigned').executeTakeFirstOrThrow()).n),
    };
  };

  it('allocates by certificates, skills, capacity, continuity, recall and proximity, schedules each kind, and a re-run changes nothing', async () => {
    const db = t.db.db;
    const first = await t.rt.services.strategy.run(asOf);
    expect(first.status).toBe('completed');
    expect(first.report?.allocation).toBeDefined();
    // Control the next actions (the strategy's choice is tested elsewhere) and start the phases afresh.
    const plan: Record<string, [string, string | null, number]> = {
      kept: ['call', 'call', 90], yue: ['call', 'call', 85], expiredHolder: ['call', 'call', 80], stale: ['call', 'call', 75], email: ['email', 'email', 60],
      sms: ['sms', 'sms', 55], visit: ['visit_request', 'visit', 70], legal: ['legal_review', null, 20], nan: ['call', 'call', 10],
    };
    // The contact point goes with the action, as the scoring batch chooses it: a mobile first, the email, the verified address.
    const contactOf = async (debtorId: string, kind: string): Promise<string | null> => {
      if (kind === 'email') return (await db.selectFrom('email_address').select('id').where('debtor_id', '=', debtorId).where('contact_person_id', 'is', null).orderBy('id').executeTakeFirst())?.id ?? null;
      if (kind === 'visit_request') {
        return (await db.selectFrom('address').select('id').where('debtor_id', '=', debtorId).where('contact_person_id', 'is', null).where('verification_status', '=', 'verified').orderBy('id').executeTakeFirst())?.id ?? null;
      }
      if (kind !== 'call' && kind !== 'sms') return null;
      const phones = await db.selectFrom('phone').select(['id', 'kind']).where('debtor_id', '=', debtorId).where('contact_person_id', 'is', null).where('status', '!=', 'invalid').orderBy('id').execute();
      return (phones.find((p) => p.kind === 'mobile') ?? (kind === 'call' ? phones[0] : undefined))?.id ?? null;
    };
    for (const [name, [k, ch, score]] of Object.entries(plan)) {
      await db.updateTable('case_score').set({
        next_action_kind: k, next_action_channel: ch, next_action_at: lawful, next_action_template: null, score, band: score >= 70 ? 'A' : score >= 40 ? 'B' : 'C',
        next_action_contact_id: await contactOf(c[name]!.debtorId, k),
      })
        .where('as_of', '=', asOf).where('case_id', '=', c[name]!.caseId).execute();
    }
    const ids = Object.values(c).map((x) => x.caseId);
    for (const table of ['scheduled_action', 'case_allocation', 'callback', 'outbox_message', 'visit_request'] as const) await db.deleteFrom(table).where('case_id', 'in', ids).execute();
    for (const [name, holder] of [['kept', u.p2!], ['expiredHolder', u.expired!], ['stale', u.p2!]] as const) {
      await db.updateTable('collection_case').set({ assigned_user_id: holder }).where('id', '=', c[name]!.caseId).execute();
    }
    await db.updateTable('collection_case').set({ assigned_user_id: null }).where('id', 'in', ['yue', 'email', 'sms', 'visit', 'legal', 'nan'].map((n) => c[n]!.caseId)).execute();

    const { a, s } = await phases(first.id);
    const snap = await snapshot();
    const alloc = (name: string) => snap.allocations.find((r) => r.case_id === c[name]!.caseId)!;
    // Continuity: p2 keeps its case.
    expect(alloc('kept')).toMatchObject({ outcome: 'kept', user_id: u.p2, previous_user_id: u.p2 });
    expect(alloc('kept').explanation_json[0]).toEqual({ code: 'continuity', zh: '延续原催收员', en: 'Kept with the current collector' });
    // Dialect: the Cantonese debtor goes to the only Cantonese speaker.
    expect(alloc('yue')).toMatchObject({ outcome: 'assigned', user_id: u.p1 });
    expect(alloc('yue').explanation_json).toContainEqual({ code: 'language', zh: '语言匹配: 粤语', en: 'Language match: Cantonese' });
    // An expired collector certificate: the holder loses the case and never gets one.
    expect(alloc('expiredHolder')).toMatchObject({ outcome: 'assigned', previous_user_id: u.expired });
    expect(snap.allocations.some((r) => r.user_id === u.expired)).toBe(false);
    // Recall: 60 days with p2 without a right-party contact → another collector.
    expect(alloc('stale')).toMatchObject({ outcome: 'recalled', previous_user_id: u.p2 });
    expect(alloc('stale').user_id).not.toBe(u.p2);
    expect(alloc('stale').explanation_json[0]!.code).toBe('recall');
    // Proximity: the visit goes to the nearer certified, trained field collector, with the distance.
    expect(alloc('visit')).toMatchObject({ outcome: 'assigned', user_id: u.f1 });
    expect(alloc('visit').distance_km!).toBeGreaterThan(2);
    expect(alloc('visit').distance_km!).toBeLessThan(6);
    expect(alloc('visit').explanation_json.some((e) => /^距离 \d+\.\d km$/.test(e.zh))).toBe(true);
    // Capacity: p1 and p2 hold 3 each, so of the seven Mandarin/Cantonese phone cases the lowest score waits in the pool;
    // nobody speaks Min Nan.
    expect(alloc('legal')).toMatchObject({ outcome: 'unallocated', reason: 'full', user_id: null, team_id: teamId });
    expect(alloc('nan')).toMatchObject({ outcome: 'unallocated', reason: 'no_language', user_id: null, team_id: teamId });
    for (const p of [u.p1!, u.p2!]) expect(snap.owners.filter((o) => o.assigned_user_id === p)).toHaveLength(3);
    expect(a).toEqual({ allocated: 7, kept: 1, assigned: 5, recalled: 1, unallocated: 2, pooled: 2, pooledBy: { no_language: 1, full: 1 } });
    // Moves are audited as the run.
    const audit = await db.selectFrom('audit_log').select(['actor_type', 'actor_label', 'meta_json']).where('entity_id', '=', c.stale!.caseId).where('action', '=', 'case.assigned').orderBy('seq', 'desc').executeTakeFirstOrThrow();
    expect(audit).toMatchObject({ actor_type: 'system', actor_label: `nightly ${asOf}` });

    // Scheduling: one item per kind, at the engine's time.
    const led = (name: string) => snap.ledger.find((r) => r.case_id === c[name]!.caseId)!;
    expect(led('email')).toMatchObject({ status: 'scheduled', ref_type: 'outbox_message', due_at: lawful });
    const msg = await db.selectFrom('outbox_message').select(['case_id', 'next_attempt_at', 'attempt_id', 'created_by']).where('id', '=', led('email').ref_id!).executeTakeFirstOrThrow();
    expect(msg).toMatchObject({ case_id: c.email!.caseId, next_attempt_at: lawful, attempt_id: null, created_by: null });
    expect(led('sms')).toMatchObject({ status: 'skipped', reason: 'no_template' });
    expect(led('kept')).toMatchObject({ status: 'scheduled', ref_type: 'callback', user_id: u.p2 });
    expect(snap.callbacks.find((x) => x.id === led('kept').ref_id)).toMatchObject({ status: 'pending', due_at: lawful, attempt_id: null });
    expect(led('nan')).toMatchObject({ status: 'skipped', reason: 'unallocated' });
    expect(led('visit')).toMatchObject({ status: 'scheduled', ref_type: 'visit_request', user_id: u.f1 });
    expect(snap.visits.find((v) => v.id === led('visit').ref_id)).toMatchObject({ status: 'requested', requested_by: u.f1, priority: 3 });
    expect(led('legal')).toMatchObject({ status: 'flagged', ref_type: null });
    expect(s).toEqual({ scheduled: { call: 4, email: 1, visit_request: 1 }, flagged: { legal_review: 1 }, skipped: { no_template: 1, unallocated: 1 } });

    // The same date again: identical allocations, owners and ledger; nothing scheduled or audited twice.
    const again = await phases(first.id);
    expect(again).toEqual({ a, s });
    expect(await snapshot()).toEqual(snap);

    // The desk queue of the allocated collector shows the case with the allocation's explanation.
    const p2 = await t.login((await db.selectFrom('app_user').select('username').where('id', '=', u.p2!).executeTakeFirstOrThrow()).username);
    const score = (await p2.get(`/api/cases/${c.kept!.caseId}/score`)).json() as { score: { allocation: { outcome: string; explanation: Array<{ zh: string }> } | null } };
    expect(score.score.allocation).toMatchObject({ outcome: 'kept' });
    expect(score.score.allocation!.explanation[0]!.zh).toBe('延续原催收员');
  });

  it('full runs for the same date: the same assignments, no duplicate messages, callbacks or visit requests, and lawful times', async () => {
    const db = t.db.db;
    const asOf2 = '2026-11-29';
    t.clock.set('2026-11-29T02:00:00.000Z');
    const r1 = await t.rt.services.strategy.run(asOf2);
    const snap = async () => ({
      alloc: await db.selectFrom('case_allocation').select(['case_id', 'user_id', 'team_id', 'outcome', 'reason']).where('as_of', '=', asOf2).orderBy('case_id').execute(),
      ledger: await db.selectFrom('scheduled_action').select(['case_id', 'kind', 'status', 'reason', 'ref_id', 'due_at']).where('as_of', '=', asOf2).orderBy('case_id').execute(),
      counts: await Promise.all((['outbox_message', 'callback', 'visit_request'] as const).map(async (tb) => Number((await db.selectFrom(tb).select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()).n))),
    });
    const one = await snap();
    expect(one.alloc).toHaveLength(Object.keys(c).length);
    expect(one.ledger.length).toBeGreaterThan(0);
    const r2 = await t.rt.services.strategy.run(asOf2);
    expect(await snap()).toEqual(one);
    expect(r2.report?.allocation).toEqual(r1.report?.allocation);
    expect(r2.report?.scheduling).toEqual(r1.report?.scheduling);
    // How long the holder has had the case is carried forward: given to p1 on the first date, kept on the second.
    const yue = await db.selectFrom('case_allocation').select(['as_of', 'outcome', 'user_id', 'holder_since']).where('case_id', '=', c.yue!.caseId).orderBy('as_of').execute();
    expect(yue).toEqual([
      { as_of: asOf, outcome: 'assigned', user_id: u.p1, holder_since: asOf },
      { as_of: asOf2, outcome: 'kept', user_id: u.p1, holder_since: asOf },
    ]);
    // Every scheduled item sits at its case's engine time, inside the day's lawful window (08:00–21:00 Shanghai).
    const scored = new Map((await db.selectFrom('case_score').select(['case_id', 'next_action_at']).where('as_of', '=', asOf2).execute()).map((r) => [r.case_id, r.next_action_at]));
    for (const l of one.ledger.filter((x) => x.status === 'scheduled')) {
      expect(l.due_at).toBe(scored.get(l.case_id));
      const hour = Number(new Intl.DateTimeFormat('en-GB', { timeZone: 'Asia/Shanghai', hour: '2-digit', hourCycle: 'h23' }).format(new Date(l.due_at!)));
      expect(hour).toBeGreaterThanOrEqual(8);
      expect(hour).toBeLessThan(21);
    }
  });

  it('collector profiles: a supervisor edits their own team, bad input names the field, the change is audited; reminder templates are admin\'s', async () => {
    const db = t.db.db;
    const sup = await t.userWith('supervisor', { teamId });
    const otherSup = await t.userWith('supervisor', { teamId: (await make.team(db)).id });
    const collector = await t.userWith('collector', { teamId });
    const body = { languages: ['zh-CN', 'yue'], regions: ['44', '4401'], capacity: 60, baseLatitude: null, baseLongitude: null };
    expect((await sup.get(`/api/users/${collector.id}/collector-profile`)).json()).toMatchObject({ isDefault: true, profile: { capacity: 200, languages: ['zh-CN'] } });
    expect((await otherSup.put(`/api/users/${collector.id}/collector-profile`, body)).statusCode).toBe(403);
    expect((await collector.put(`/api/users/${collector.id}/collector-profile`, body)).statusCode).toBe(403);
    const bad = await sup.put(`/api/users/${collector.id}/collector-profile`, { ...body, regions: ['Guangdong'] });
    expect(bad.statusCode).toBe(400);
    expect(bad.body).toContain('regions');
    expect((await sup.put(`/api/users/${collector.id}/collector-profile`, { ...body, baseLatitude: 23.1 })).statusCode).toBe(400);
    const ok = await sup.put(`/api/users/${collector.id}/collector-profile`, body);
    expect(ok.statusCode, ok.body).toBe(200);
    expect(ok.json()).toMatchObject({ isDefault: false, profile: body });
    const a = await db.selectFrom('audit_log').select(['actor_id', 'after_json']).where('action', '=', 'collector_profile.update').where('entity_id', '=', collector.id).executeTakeFirstOrThrow();
    expect(a.actor_id).toBe(sup.id);
    expect((await sup.put(`/api/creditors/${creditorId}/reminder-templates`, { sms: null, email: null })).statusCode).toBe(403);
    const admin = await t.login('admin', ADMIN_PASSWORD);
    const wrong = await admin.put(`/api/creditors/${creditorId}/reminder-templates`, { sms: (await db.selectFrom('creditor_reminder_template').select('template_id').executeTakeFirstOrThrow()).template_id, email: null });
    expect(wrong.statusCode).toBe(400);
    expect(wrong.body).toContain('sms');
  });
});
