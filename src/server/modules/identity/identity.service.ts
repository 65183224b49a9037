// Users, teams, creditors and API tokens: the admin use cases. Every change is audited with before/after;
// a change of role, team or creditor is recorded as a permission change.
import type { z } from 'zod';
import type {
  CreateUser,
  Creditor,
  Team,
  TokenScope,
  UpdateUser,
  User,
  createCreditorSchema,
  createTeamSchema,
  updateCreditorSchema,
  updateTeamSchema,
} from '../../../contracts/identity.js';
import { defaultTokenScopes } from '../../../contracts/identity.js';
import { DelinquencyError, resolvePolicy } from '../../../core/delinquency/index.js';
import type { DelinquencyPolicyInput } from '../../../contracts/ledger.js';
import type { NegotiationPolicyInput } from '../../../contracts/negotiation.js';
import { NegotiationError } from '../../../core/negotiation/index.js';
import { resolveNegotiationPolicy } from '../negotiation/index.js';
import type { AppContext } from '../../context.js';
import { actorOf, requirePermission, type Principal } from '../../platform/access.js';
import { systemActor } from '../../platform/audit.js';
import { AppError, defineErrors } from '../../platform/errors.js';
import { newId } from '../../platform/ids.js';
import type { AppUserTable, ApiTokenTable, CreditorTable } from './identity.tables.js';
import { identityRepository } from './identity.repository.js';
import { hashPassword } from './passwords.js';
import { newSecret, sha256 } from './tokens.js';
import { userOut } from './user.mappers.js';

export const IdentityErrors = defineErrors({
  'identity.username_taken': { kind: 'conflict', zh: '用户名 {username} 已被使用', en: 'Username {username} is already taken' },
  'identity.team_name_taken': { kind: 'conflict', zh: '团队名称 {name} 已存在', en: 'A team named {name} already exists' },
  'identity.creditor_code_taken': { kind: 'conflict', zh: '委托方编码 {code} 已存在', en: 'Creditor code {code} already exists' },
  'identity.unknown_rule_pack': { kind: 'validation', zh: '未知的合规规则包：{pack}', en: 'Unknown compliance rule pack: {pack}' },
  'identity.bad_delinquency_policy': { kind: 'validation', zh: '逾期政策无效：{reasonZh}', en: 'Invalid delinquency policy: {reason}' },
  'identity.bad_negotiation_policy': { kind: 'validation', zh: '协商政策无效：{reasonZh}', en: 'Invalid negotiation policy: {reason}' },
  'identity.invalid_assignment': { kind: 'validation', zh: '用户的团队或委托方设置无效', en: 'Invalid team or creditor for this user' },
  'identity.last_admin': { kind: 'conflict', zh: '不能停用或降级最后一个系统管理员', en: 'The last active admin cannot be disabled or demoted' },
});

/** What the audit log keeps of a user: never the password hash. */
const userAudit = (u: AppUserTable) => ({ username: u.username, displayName: u.display_name, role: u.role, teamId: u.team_id, creditorId: u.creditor_id, status: u.status, locale: u.locale });
const creditorOut = (c: CreditorTable): Creditor => ({ id: c.id, code: c.code, name: c.name, timeZone: c.time_zone, currency: c.currency, status: c.status, rulePackSet: c.rule_pack_set, delinquencyPolicy: c.delinquency_policy_json ?? null, negotiationPolicy: c.negotiation_policy_json ?? null, createdAt: c.created_at });

/** The engine validates what the schema cannot (a permutation of components, ascending buckets from M0 at 0 …). */
function checkPolicy(policy: DelinquencyPolicyInput | null | undefined) {
  if (!policy) return;
  try {
    resolvePolicy(policy);
  } catch (e) {
    if (!(e instanceof DelinquencyError)) throw e;
    const path = `delinquencyPolicy.${e.path.replace(/^policy\./, '')}`;
    throw new AppError('identity.bad_delinquency_policy', { reason: e.reason.en, reasonZh: e.reason['zh-CN'], issues: [{ path, message: `逾期政策无效：${e.reason['zh-CN']}`, messageEn: `Invalid delinquency policy: ${e.reason.en}` }] });
  }
}
/** The negotiation engine checks what the schema cannot (supervisor limits ≥ the collector's, every bucket resolvable). */
function checkNegotiationPolicy(policy: NegotiationPolicyInput | null | undefined) {
  if (!policy) return;
  try {
    resolveNegotiationPolicy(policy);
  } catch (e) {
    if (!(e instanceof NegotiationError)) throw e;
    const path = `negotiationPolicy.${e.path.replace(/^policy\./, 'plan.')}`;
    throw new AppError('identity.bad_negotiation_policy', {
      path, reason: e.message, reasonZh: `${e.path}：${e.reason['zh-CN']}`,
      issues: [{ path, message: `协商政策无效：${e.reason['zh-CN']}`, messageEn: `Invalid negotiation policy: ${e.reason.en}` }],
    });
  }
}
const tokenOut = (t: ApiTokenTable) => ({ id: t.id, creditorId: t.creditor_id, name: t.name, prefix: t.token_prefix, createdAt: t.created_at, expiresAt: t.expires_at, lastUsedAt: t.last_used_at, revokedAt: t.revoked_at, scopes: t.scopes_json ?? [...defaultTokenScopes] });

/** 'system' is the operator at the machine (CLI, first start): audited as the system actor. */
const actorFor = (p: Principal | 'system') => (p === 'system' ? systemActor : actorOf(p));

const fieldError = (code: string, path: string, zh: string, en: string, details: Record<string, unknown> = {}) =>
  new AppError(code, { ...details, issues: [{ path, message: zh, messageEn: en }] });

/** The compliance module names the rule packs a creditor may use (injected: identity does not depend on it). */
export type RulePackCheck = (ids: string[]) => string | null;

export function createIdentityService(ctx: AppContext, deps: { unknownRulePack?: RulePackCheck } = {}) {
  function checkPacks(value: string | undefined) {
    if (value === undefined || !deps.unknownRulePack) return;
    const bad = deps.unknownRulePack(value.split(/\s+/).filter(Boolean));
    if (bad) throw new AppError('identity.unknown_rule_pack', { pack: bad, issues: [{ path: 'rulePackSet', message: `未知的合规规则包：${bad}`, messageEn: `Unknown compliance rule pack: ${bad}` }] });
  }

  const repo = identityRepository(ctx.db);
  const { db, clock, audit } = ctx;
  const now = () => clock.now().toISOString();

  async function checkAssignment(role: User['role'], teamId: string | null, creditorId: string | null) {
    if (teamId && !(await repo.findTeam(teamId))) throw fieldError(IdentityErrors['identity.invalid_assignment'], 'teamId', '团队不存在', 'no such team');
    if (creditorId && !(await repo.findCreditor(creditorId))) throw fieldError(IdentityErrors['identity.invalid_assignment'], 'creditorId', '委托方不存在', 'no such creditor');
    if (role === 'creditor_viewer' && !creditorId) throw fieldError(IdentityErrors['identity.invalid_assignment'], 'creditorId', '委托方查看角色必须指定委托方', 'a creditor viewer needs a creditor');
    if (role !== 'creditor_viewer' && creditorId) throw fieldError(IdentityErrors['identity.invalid_assignment'], 'creditorId', '只有委托方查看角色可以关联委托方', 'only creditor viewers belong to a creditor');
  }

  async function createUser(p: Principal | 'system', input: CreateUser): Promise<User> {
    if (p !== 'system') requirePermission(p, 'users.manage');
    const teamId = input.teamId ?? null;
    const creditorId = input.creditorId ?? null;
    await checkAssignment(input.role, teamId, creditorId);
    if (await repo.findUserByUsername(input.username)) {
      throw fieldError(IdentityErrors['identity.username_taken'], 'username', '用户名已被使用', 'already taken', { username: input.username });
    }
    const t = now();
    const row: AppUserTable = {
      id: newId(),
      username: input.username,
      display_name: input.displayName,
      password_hash: await hashPassword(input.password),
      role: input.role,
      team_id: teamId,
      creditor_id: creditorId,
      locale: input.locale ?? 'zh-CN',
      status: 'active',
      failed_logins: 0,
      locked_until: null,
      last_login_at: null,
      created_at: t,
      updated_at: t,
    };
    const actor = actorFor(p);
    await db.transaction().execute(async (trx) => {
      await repo.insertUser(trx, row);
      await audit.record(actor, { action: 'user.create', entityType: 'user', entityId: row.id, after: userAudit(row) }, trx);
    });
    return userOut(row);
  }

  async function updateUser(p: Principal | 'system', id: string, patch: UpdateUser): Promise<User> {
    if (p !== 'system') requirePermission(p, 'users.manage');
    const before = await repo.findUserById(id);
    if (!before) throw new AppError('common.not_found', { entity: 'user' });
    const next: AppUserTable = {
      ...before,
      display_name: patch.displayName ?? before.display_name,
      role: patch.role ?? before.role,
      team_id: patch.teamId !== undefined ? patch.teamId : before.team_id,
      creditor_id: patch.creditorId !== undefined ? patch.creditorId : before.creditor_id,
      locale: patch.locale ?? before.locale,
      status: patch.status ?? before.status,
      updated_at: now(),
    };
    await checkAssignment(next.role, next.team_id, next.creditor_id);
    const losesAdmin = before.role === 'admin' && before.status === 'active' && (next.role !== 'admin' || next.status !== 'active');
    if (losesAdmin && (await repo.countAdmins()).n <= 1) throw new AppError(IdentityErrors['identity.last_admin']);
    if (patch.password) {
      next.password_hash = await hashPassword(patch.password);
      next.failed_logins = 0;
      next.locked_until = null;
    }
    const permissionChange = before.role !== next.role || before.team_id !== next.team_id || before.creditor_id !== next.creditor_id || before.status !== next.status;
    await db.transaction().execute(async (trx) => {
      const { id: _id, created_at: _c, ...set } = next;
      await repo.updateUser(trx, id, set);
      // A disabled user, or one whose rights changed, must sign in again.
      if (permissionChange || patch.password) await repo.revokeUserSessions(trx, id, next.updated_at);
      await audit.record(
        actorFor(p),
        {
          action: permissionChange ? 'user.permission_change' : 'user.update',
          entityType: 'user',
          entityId: id,
          before: userAudit(before),
          after: userAudit(next),
          meta: patch.password ? { passwordReset: true } : null,
        },
        trx,
      );
    });
    return userOut(next);
  }

  async function listUsers(p: Principal, page: number, pageSize: number) {
    requirePermission(p, 'users.manage');
    const [rows, total] = await Promise.all([repo.listUsers((page - 1) * pageSize, pageSize), repo.countUsers()]);
    return { items: rows.map(userOut), total: Number(total.n), page, pageSize };
  }

  async function getUser(id: string): Promise<User | undefined> {
    const u = await repo.findUserById(id);
    return u && userOut(u);
  }

  async function findUserByUsername(username: string): Promise<User | undefined> {
    const u = await repo.findUserByUsername(username);
    return u && userOut(u);
  }

  /** Every user, by username (the operator's CLI; the API pages through listUsers). */
  async function allUsers(): Promise<User[]> {
    const total = Number((await repo.countUsers()).n);
    return (await repo.listUsers(0, total)).map(userOut).sort((a, b) => a.username.localeCompare(b.username));
  }

  async function createTeam(p: Principal | 'system', input: z.infer<typeof createTeamSchema>): Promise<Team> {
    if (p !== 'system') requirePermission(p, 'teams.manage');
    if (await repo.findTeamByName(input.name)) throw fieldError(IdentityErrors['identity.team_name_taken'], 'name', '团队名称已存在', 'already exists', { name: input.name });
    const t = now();
    const row = { id: newId(), name: input.name, kind: input.kind ?? 'phone', created_at: t, updated_at: t };
    const actor = actorFor(p);
    await db.transaction().execute(async (trx) => {
      await repo.insertTeam(trx, row);
      await audit.record(actor, { action: 'team.create', entityType: 'team', entityId: row.id, after: { name: row.name, kind: row.kind } }, trx);
    });
    return { id: row.id, name: row.name, kind: row.kind, memberCount: 0, createdAt: t };
  }

  async function updateTeam(p: Principal, id: string, patch: z.infer<typeof updateTeamSchema>): Promise<Team> {
    requirePermission(p, 'teams.manage');
    const before = await repo.findTeam(id);
    if (!before) throw new AppError('common.not_found', { entity: 'team' });
    if (patch.name && patch.name !== before.name && (await repo.findTeamByName(patch.name))) {
      throw fieldError(IdentityErrors['identity.team_name_taken'], 'name', '团队名称已存在', 'already exists', { name: patch.name });
    }
    const next = { ...before, name: patch.name ?? before.name, kind: patch.kind ?? before.kind, updated_at: now() };
    await db.transaction().execute(async (trx) => {
      await repo.updateTeam(trx, id, { name: next.name, kind: next.kind, updated_at: next.updated_at });
      await audit.record(actorOf(p), { action: 'team.update', entityType: 'team', entityId: id, before: { name: before.name, kind: before.kind }, after: { name: next.name, kind: next.kind } }, trx);
    });
    const listed = (await repo.listTeams()).find((t) => t.id === id);
    return { id, name: next.name, kind: next.kind, memberCount: Number(listed?.member_count ?? 0), createdAt: before.created_at };
  }

  async function listTeams(p: Principal): Promise<Team[]> {
    // Every signed-in user may see team names (assignment pickers, labels); membership details need teams.manage.
    void p;
    return (await repo.listTeams()).map((t) => ({ id: t.id, name: t.name, kind: t.kind, memberCount: Number(t.member_count), createdAt: t.created_at }));
  }

  async function createCreditor(p: Principal | 'system', input: z.infer<typeof createCreditorSchema>): Promise<Creditor> {
    if (p !== 'system') requirePermission(p, 'creditors.manage');
    checkPacks(input.rulePackSet);
    checkPolicy(input.delinquencyPolicy);
    checkNegotiationPolicy(input.negotiationPolicy);
    if (await repo.findCreditorByCode(input.code)) throw fieldError(IdentityErrors['identity.creditor_code_taken'], 'code', '委托方编码已存在', 'already exists', { code: input.code });
    const t = now();
    const row: CreditorTable = { id: newId(), code: input.code, name: input.name, time_zone: input.timeZone ?? 'Asia/Shanghai', currency: input.currency ?? 'CNY', status: 'active', rule_pack_set: input.rulePackSet ?? 'cn-default', delinquency_policy_json: input.delinquencyPolicy ?? null, negotiation_policy_json: input.negotiationPolicy ?? null, created_at: t, updated_at: t };
    const actor = actorFor(p);
    await db.transaction().execute(async (trx) => {
      await repo.insertCreditor(trx, row);
      await audit.record(actor, { action: 'creditor.create', entityType: 'creditor', entityId: row.id, after: creditorOut(row) }, trx);
    });
    return creditorOut(row);
  }

  async function updateCreditor(p: Principal, id: string, patch: z.infer<typeof updateCreditorSchema>): Promise<Creditor> {
    requirePermission(p, 'creditors.manage');
    checkPacks(patch.rulePackSet);
    checkPolicy(patch.delinquencyPolicy);
    checkNegotiationPolicy(patch.negotiationPolicy);
    const before = await repo.findCreditor(id);
    if (!before) throw new AppError('common.not_found', { entity: 'creditor' });
    const next: CreditorTable = { ...before, name: patch.name ?? before.name, time_zone: patch.timeZone ?? before.time_zone, status: patch.status ?? before.status, rule_pack_set: patch.rulePackSet ?? before.rule_pack_set,
      delinquency_policy_json: patch.delinquencyPolicy === undefined ? before.delinquency_policy_json : patch.delinquencyPolicy,
      negotiation_policy_json: patch.negotiationPolicy === undefined ? before.negotiation_policy_json : patch.negotiationPolicy, updated_at: now() };
    await db.transaction().execute(async (trx) => {
      await repo.updateCreditor(trx, id, {
        name: next.name, time_zone: next.time_zone, status: next.status, rule_pack_set: next.rule_pack_set, delinquency_policy_json: next.delinquency_policy_json, negotiation_policy_json: next.negotiation_policy_json, updated_at: next.updated_at,
      });
      await audit.record(actorOf(p), { action: 'creditor.update', entityType: 'creditor', entityId: id, before: creditorOut(before), after: creditorOut(next) }, trx);
    });
    return creditorOut(next);
  }

  async function listCreditors(p: Principal): Promise<Creditor[]> {
    const rows = await repo.listCreditors();
    // A creditor viewer or API token sees only its own creditor.
    const own = p.kind === 'api_token' ? p.creditorId : p.role === 'creditor_viewer' ? p.creditorId : undefined;
    return rows.filter((c) => own === undefined || c.id === own).map(creditorOut);
  }

  async function createApiToken(p: Principal, creditorId: string, input: { name: string; expiresInDays?: number | undefined; scopes?: TokenScope[] | undefined }) {
    requirePermission(p, 'tokens.manage');
    if (!(await repo.findCreditor(creditorId))) throw new AppError('common.not_found', { entity: 'creditor' });
    const secret = newSecret('ck');
    const t = clock.now();
    const row: ApiTokenTable = {
      id: newId(),
      creditor_id: creditorId,
      name: input.name,
      token_prefix: secret.slice(0, 10),
      token_hash: sha256(secret),
      created_by: p.kind === 'user' ? p.userId : p.tokenId,
      created_at: t.toISOString(),
      expires_at: input.expiresInDays ? new Date(t.getTime() + input.expiresInDays * 86_400_000).toISOString() : null,
      last_used_at: null,
      revoked_at: null,
      scopes_json: input.scopes ? [...new Set(input.scopes)] : null,
    };
    await db.transaction().execute(async (trx) => {
      await repo.insertApiToken(trx, row);
      await audit.record(actorOf(p), { action: 'api_token.create', entityType: 'api_token', entityId: row.id, after: { ...tokenOut(row) } }, trx);
    });
    return { token: tokenOut(row), secret };
  }

  async function listApiTokens(p: Principal, creditorId: string) {
    requirePermission(p, 'tokens.manage');
    return (await repo.listApiTokens(creditorId)).map(tokenOut);
  }

  async function revokeApiToken(p: Principal, id: string) {
    requirePermission(p, 'tokens.manage');
    const before = await repo.findApiToken(id);
    if (!before) throw new AppError('common.not_found', { entity: 'api_token' });
    if (before.revoked_at) return tokenOut(before);
    const t = now();
    await db.transaction().execute(async (trx) => {
      await repo.revokeApiToken(trx, id, t);
      await audit.record(actorOf(p), { action: 'api_token.revoke', entityType: 'api_token', entityId: id }, trx);
    });
    return tokenOut({ ...before, revoked_at: t });
  }

  return { createUser, updateUser, listUsers, getUser, findUserByUsername, allUsers, createTeam, updateTeam, listTeams, createCreditor, updateCreditor, listCreditors, createApiToken, listApiTokens, revokeApiToken, findTeamByName: repo.findTeamByName, findCreditorByCode: repo.findCreditorByCode, countUsers: repo.countUsers, getAgency: repo.getAgency, insertAgency: repo.insertAgency };
}

export type IdentityService = ReturnType<typeof createIdentityService>;
