// The demo organisation around the synthetic portfolio: teams, one user per role, cases assigned to them.
import type { Role } from '../../contracts/identity.js';
import { generateDemoPortfolio, type DemoResult } from '../modules/demo/index.js';
import { generatePassword } from '../modules/identity/index.js';
import type { Runtime } from '../runtime.js';
import { seedDemoContacts } from './demo-contacts.js';

export const DEMO_TEAMS = [
  { name: '电催一组', kind: 'phone' as const },
  { name: '电催二组', kind: 'phone' as const },
  { name: '外访一组', kind: 'field' as const },
];

const DEMO_USERS: { username: string; displayName: string; role: Role; team?: string; creditorCode?: string }[] = [
  { username: 'supervisor1', displayName: '王主管', role: 'supervisor', team: '电催一组' },
  { username: 'collector1', displayName: '李晓明', role: 'collector', team: '电催一组' },
  { username: 'collector2', displayName: '陈静', role: 'collector', team: '电催一组' },
  { username: 'collector3', displayName: '赵磊', role: 'collector', team: '电催二组' },
  { username: 'field1', displayName: '刘建国', role: 'field_collector', team: '外访一组' },
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
  const collectors = DEMO_USERS.filter((u) => u.role === 'collector' || u.role === 'field_collector');
  const result = await generateDemoPortfolio(rt.ctx, {
    debtors: opts.debtors,
    seed: opts.seed,
    creditors: 2,
    assign: { userIds: collectors.map((u) => userIds[u.username]!), teamIds: collectors.map((u) => teamIds[u.team!]!) },
  });
  const contacts = opts.debtors > 0 ? await seedDemoContacts(rt, { usernames: collectors.map((u) => u.username), seed: opts.seed }) : { attempts: 0, blocked: 0 };
  return { ...result, usersCreated, contacts, ...(usersCreated.length && !opts.password ? { demoPassword: password } : {}) };
}
