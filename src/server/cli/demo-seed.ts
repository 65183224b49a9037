// The demo organisation around the synthetic portfolio: teams, one user per role, cases assigned to them.
import type { Role } from '../../contracts/identity.js';
import { generateDemoPortfolio, type DemoResult } from '../modules/demo/index.js';
import { generatePassword } from '../modules/identity/index.js';
import type { Runtime } from '../runtime.js';
import { seedDemoContacts } from './demo-contacts.js';
import { seedDemoFieldRoute, seedDemoVisitRequests } from './demo-field.js';
import { seedDemoTemplates } from './demo-templates.js';
import { newId } from '../platform/ids.js';

export const DEMO_TEAMS = [
  { name: '电催一组', kind: 'phone' as const },
  { name: '电催二组', kind: 'phone' as const },
  { name: '外访一组', kind: 'field' as const },
];

/** `partnerOnly`: a field partner with no cases of their own (the portfolio's assignment stays as it was). */
const DEMO_USERS: { username: string; displayName: string; role: Role; team?: string; creditorCode?: string; partnerOnly?: boolean }[] = [
  { username: 'supervisor1', displayName: '王主管', role: 'supervisor', team: '电催一组' },
  { username: 'collector1', displayName: '李晓明', role: 'collector', team: '电催一组' },
  { username: 'collector2', displayName: '陈静', role: 'collector', team: '电催一组' },
  { username: 'collector3', displayName: '赵磊', role: 'collector', team: '电催二组' },
  { username: 'field1', displayName: '刘建国', role: 'field_collector', team: '外访一组' },
  { username: 'field2', displayName: '孙伟', role: 'field_collector', team: '外访一组', partnerOnly: true },
  // Two more field pairs for planning tomorrow (issue 8: three field pairs); partners only, so the portfolio's assignment is unchanged.
  { username: 'field3', displayName: '周海涛', role: 'field_collector', team: '外访一组', partnerOnly: true },
  { username: 'field4', displayName: '吴磊', role: 'field_collector', team: '外访一组', partnerOnly: true },
  { username: 'field5', displayName: '郑晓燕', role: 'field_collector', team: '外访一组', partnerOnly: true },
  { username: 'field6', displayName: '冯志强', role: 'field_collector', team: '外访一组', partnerOnly: true },
  { username: 'qa1', displayName: '周质检', role: 'qa_reviewer' },
  { username: 'compliance1', displayName: '吴合规', role: 'compliance_officer' },
  { username: 'auditor1', displayName: '郑审计', role: 'auditor' },
  { username: 'viewer1', displayName: '委托方查看员', role: 'creditor_viewer', creditorCode: 'DEMO-A' },
];

export type DemoSeedResult = DemoResult & { usersCreated: string[]; demoPassword?: string; contacts: { attempts: number; blocked: number } };

/** Idempotent: teams and users that exist are kept; debtors already generated are not generated again. */
export async function seedDemo(rt: Runtime, opts: { debtors: number; seed: number; password?: string | undefined }): Promise<DemoSeedResult> {
  const { identity } = rt.services;
  const teamIds: Record<string, string> = {};
  for (const t of DEMO_TEAMS) teamIds[t.name] = (await identity.findTeamByName(t.name))?.id ?? (await identity.createTeam('system', t)).id;

  // Creditors first (the viewer belongs to one), with no debtors yet.
  await generateDemoPortfolio(rt.ctx, { debtors: 0, seed: opts.seed, creditors: 2 });
  const password = opts.password ?? generatePassword();
  const usersCreated: string[] = [];
  const userIds: Record<string, string> = {};
  for (const u of DEMO_USERS) {
    const existing = await identity.findUserByUsername(u.username);
    if (existing) {
      userIds[u.username] = existing.id;
      continue;
    }
    const creditor = u.creditorCode ? await identity.findCreditorByCode(u.creditorCode) : undefined;
    const created = await identity.createUser('system', {
      username: u.username,
      displayName: u.displayName,
      password,
      role: u.role,
      teamId: u.team ? (teamIds[u.team] ?? null) : null,
      creditorId: creditor?.id ?? null,
      locale: 'zh-CN',
    });
    userIds[u.username] = created.id;
    usersCreated.push(u.username);
  }
  const collectors = DEMO_USERS.filter((u) => (u.role === 'collector' || u.role === 'field_collector') && !u.partnerOnly);
  const result = await generateDemoPortfolio(rt.ctx, {
    debtors: opts.debtors,
    seed: opts.seed,
    creditors: 2,
    assign: { userIds: collectors.map((u) => userIds[u.username]!), teamIds: collectors.map((u) => teamIds[u.team!]!) },
  });
  await seedDemoQualifications(rt, usersCreated.map((n) => ({ username: n, id: userIds[n]!, role: DEMO_USERS.find((u) => u.username === n)!.role })));
  if (usersCreated.includes('supervisor1') && usersCreated.includes('compliance1')) {
    const who = (n: string) => ({ ...DEMO_USERS.find((u) => u.username === n)!, id: userIds[n]! });
    await seedDemoTemplates(rt, who('supervisor1'), who('compliance1'));
    await seedDemoAllocation(rt, userIds);
  }
  if (opts.debtors > 0 && usersCreated.includes('field1') && usersCreated.includes('field2')) {
    await seedDemoFieldRoute(rt, { field1: userIds.field1!, field2: userIds.field2!, supervisor: userIds.supervisor1! });
    await seedDemoVisitRequests(rt, { team: teamIds['电催一组']!, supervisor: userIds.supervisor1! });
  }
  const contacts = opts.debtors > 0 ? await seedDemoContacts(rt, { usernames: collectors.map((u) => u.username), seed: opts.seed }) : { attempts: 0, blocked: 0 };
  return { ...result, usersCreated, contacts, ...(usersCreated.length && !opts.password ? { demoPassword: password } : {}) };
}

/**
 * Certificates and training for the demo collectors created now, so the compliance panel shows real states:
 * field1 may visit (field-visit certificate, trained), phone collectors may not; collector3's certificate runs
 * out within the 30-day warning.
 */
async function seedDemoQualifications(rt: Runtime, users: Array<{ username: string; id: string; role: Role }>): Promise<void> {
  const now = rt.ctx.clock.now();
  const day = (offsetDays: number) => new Date(now.getTime() + offsetDays * 86_400_000 + 8 * 3_600_000).toISOString().slice(0, 10);
  const at = now.toISOString();
  const certs: Array<{ user_id: string; kind: string; until: number }> = [];
  const trainings: Array<{ user_id: string; on: number }> = [];
  for (const u of users) {
    if (u.role !== 'collector' && u.role !== 'field_collector') continue;
    certs.push({ user_id: u.id, kind: 'collector', until: u.username === 'collector3' ? 20 : 400 });
    if (u.role === 'field_collector') certs.push({ user_id: u.id, kind: 'field_visit', until: 300 });
    trainings.push({ user_id: u.id, on: -60 });
  }
  if (certs.length === 0) return;
  await rt.ctx.db.insertInto('staff_certificate').values(certs.map((c, i) => ({
    id: newId(), user_id: c.user_id, kind: c.kind, number: `DEMO-${c.kind === 'collector' ? 'CS' : 'WF'}-${String(i + 1).padStart(4, '0')}`,
    issuer: '演示培训中心（虚构）', valid_from: day(-365), valid_until: day(c.until), created_at: at, updated_at: at, created_by: 'system',
  }))).execute();
  await rt.ctx.db.insertInto('staff_training').values(trainings.map((t) => ({
    id: newId(), user_id: t.user_id, course: '催收合规与网络安全年度培训', completed_on: day(t.on), result: 'passed' as const, score: 92, hours: 8, created_at: at, created_by: 'system',
  }))).execute();
}

/**
 * Allocation profiles for the nightly run (languages/dialects, capacity, field base at the centre of the demo's located
 * addresses) and the first creditor's default SMS reminder, so `concord run` fills every queue and schedules reminders.
 */
async function seedDemoAllocation(rt: Runtime, userIds: Record<string, string>): Promise<void> {
  const { db, clock } = rt.ctx;
  const now = clock.now().toISOString();
  const centre = await db.selectFrom('address').select([(eb) => eb.fn.avg<number>('latitude').as('lat'), (eb) => eb.fn.avg<number>('longitude').as('lon')]).where('latitude', 'is not', null).executeTakeFirst();
  const base = centre?.lat != null && centre.lon != null ? { base_latitude: Number(centre.lat), base_longitude: Number(centre.lon) } : { base_latitude: null, base_longitude: null };
  const profiles: Array<[string, string[], number, boolean]> = [['collector1', ['zh-CN', 'yue'], 150, false], ['collector2', ['zh-CN', 'wuu'], 150, false], ['collector3', ['zh-CN', 'nan', 'en'], 100, false], ['field1', ['zh-CN'], 40, true]];
  for (const [name, languages, capacity, field] of profiles) {
    const id = userIds[name];
    if (!id) continue;
    await db.insertInto('collector_profile').values({
      user_id: id, languages_json: languages, regions_json: [], capacity, ...(field ? base : { base_latitude: null, base_longitude: null }), updated_by: null, updated_at: now,
    }).onConflict((oc) => oc.column('user_id').doNothing()).execute();
  }
  const sms = await db.selectFrom('message_template').select('id').where('name', '=', '逾期还款提醒（短信）').where('channel', '=', 'sms').executeTakeFirst();
  const creditor = await db.selectFrom('creditor').select('id').orderBy('code').executeTakeFirst();
  if (sms && creditor) {
    await db.insertInto('creditor_reminder_template').values({ creditor_id: creditor.id, channel: 'sms', template_id: sms.id, updated_by: null, updated_at: now })
      .onConflict((oc) => oc.columns(['creditor_id', 'channel']).doNothing()).execute();
  }
}
