// Supervisor tools (issue 5, item 6): the team board for one agency day, and moving cases — reassign to a
// collector or to the team's pool, recall (status recalled, nobody's). Supervisors act within their team, admin
// anywhere; every case moved is audited with before/after in the same transaction as the change.
import type { Dashboard, DashboardQuery } from '../../../contracts/dashboard.js';
import type { AssignCases, BoardMeasures, CaseMoveResult, RecallCases, TeamBoard, TeamBoardQuery, TeamBoardRow } from '../../../contracts/supervision.js';
import type { AppContext } from '../../context.js';
import { actorOf, requirePermission, scopeOf, type Principal } from '../../platform/access.js';
import { calendarDate, dayStartIso } from '../../platform/clock.js';
import { AppError, defineErrors } from '../../platform/errors.js';
import { scopeFilter } from '../cases/index.js';
import { AGENCY_TIME_ZONE } from '../staff/index.js';
import { boardRepository } from './board.repository.js';
import { buildDashboard } from './dashboard.service.js';

export const SupervisionErrors = defineErrors({
  'supervision.no_team': { kind: 'validation', zh: '您不属于任何团队，无法查看团队看板', en: 'You belong to no team, so there is no team board to show' },
  'supervision.bad_date': { kind: 'validation', zh: '日期无效：{date}（应为 YYYY-MM-DD）', en: 'Invalid date: {date} (expected YYYY-MM-DD)' },
  'supervision.unknown_team': { kind: 'validation', zh: '团队不存在：{teamId}', en: 'No such team: {teamId}' },
  'supervision.other_team': { kind: 'forbidden', zh: '主管只能管理本团队（{field}）', en: 'A supervisor may only act within their own team ({field})' },
  'supervision.unknown_user': { kind: 'validation', zh: '用户不存在或已停用：{userId}', en: 'No active user {userId}' },
  'supervision.not_assignable': { kind: 'validation', zh: '不能把案件分配给角色为 {role} 的用户', en: 'Cases cannot be assigned to a user with the role {role}' },
  'supervision.case_not_found': { kind: 'not_found', zh: '未找到案件 {caseId}（不存在或不在您的范围内）', en: 'No case {caseId} (it does not exist or is outside your scope)' },
  'supervision.not_open': { kind: 'conflict', zh: '只能收回处理中的案件：{caseId} 的状态是 {status}', en: 'Only open cases can be recalled: case {caseId} is {status}' },
});

const emptyMeasures = (): BoardMeasures => ({
  openCases: 0, attempts: 0, calls: 0, conversations: 0, promisesMade: 0, promisesKept: 0, promisesDuePending: 0, blocked: 0, topBlockRules: [], lastActivityAt: null,
});

const later = (a: string | null, b: string | null | undefined): string | null => (!b ? a : !a || b > a ? b : a);

/** The rules that blocked most, ties by rule id, at most 3. */
const topRules = (counts: Map<string, number>) =>
  [...counts].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0])).slice(0, 3).map(([ruleId, count]) => ({ ruleId, count }));

function validDay(day: string): boolean {
  const d = new Date(`${day}T00:00:00Z`);
  return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === day;
}

export function createSupervisionService(ctx: AppContext) {
  const { db, clock, audit } = ctx;
  const repo = boardRepository(db);

  /** The team the caller may look at: a supervisor's own; admin any (default the first by name). */
  async function teamOf(p: Principal, teamId: string | undefined, field = 'teamId') {
    if (p.kind !== 'user') throw new AppError('auth.forbidden');
    if (p.role === 'supervisor') {
      if (!p.teamId) throw new AppError(SupervisionErrors['supervision.no_team']);
      if (teamId && teamId !== p.teamId) throw new AppError(SupervisionErrors['supervision.other_team'], { field, issues: [{ path: field, message: '主管只能管理本团队', messageEn: 'Your own team only' }] });
      const team = await repo.team(p.teamId);
      if (!team) throw new AppError(SupervisionErrors['supervision.no_team']);
      return { team, teams: [team] };
    }
    const teams = await repo.teams();
    const team = teamId ? teams.find((x) => x.id === teamId) : teams[0];
    if (!team) throw new AppError(SupervisionErrors['supervision.unknown_team'], { teamId: teamId ?? '—', issues: [{ path: field, message: `团队不存在：${teamId ?? '—'}`, messageEn: `No such team: ${teamId ?? '—'}` }] });
    return { team, teams };
  }

  async function board(p: Principal, q: TeamBoardQuery): Promise<TeamBoard> {
    requirePermission(p, 'cases.assign');
    const day = q.date ?? calendarDate(clock.now(), AGENCY_TIME_ZONE);
    if (!validDay(day)) throw new AppError(SupervisionErrors['supervision.bad_date'], { date: day, issues: [{ path: 'date', message: `日期无效：${day}`, messageEn: `Invalid date: ${day}` }] });
    const { team, teams } = await teamOf(p, q.teamId);
    const from = dayStartIso(AGENCY_TIME_ZONE, day, 0);
    const to = dayStartIso(AGENCY_TIME_ZONE, day, 1);
    const members = await repo.members(team.id);
    const ids = members.map((m) => m.id);
    const totals = emptyMeasures();
    if (ids.length === 0) return { date: day, from, to, team, teams, rows: [], totals };

    const [open, attempts, last, rules, made, kept, due] = await Promise.all([
      repo.openCases(ids), repo.attempts(ids, from, to), repo.lastDecided(ids), repo.blockRules(ids, from, to),
      repo.promisesMade(ids, day), repo.promisesKept(ids, day), repo.promisesDuePending(ids, day),
    ]);
    const rulesOf = new Map<string, Map<string, number>>();
    const allRules = new Map<string, number>();
    for (const r of rules) {
      const m = rulesOf.get(r.uid) ?? new Map<string, number>();
      m.set(r.ruleId, (m.get(r.ruleId) ?? 0) + r.n);
      rulesOf.set(r.uid, m);
      allRules.set(r.ruleId, (allRules.get(r.ruleId) ?? 0) + r.n);
    }
    const rows: TeamBoardRow[] = members.map((m) => {
      const a = attempts.get(m.id);
      const row: TeamBoardRow = {
        userId: m.id, username: m.username, displayName: m.display_name, role: m.role, status: m.status,
        openCases: open.get(m.id) ?? 0,
        attempts: a?.attempts ?? 0,
        calls: a?.calls ?? 0,
        conversations: a?.conversations ?? 0,
        promisesMade: made.get(m.id) ?? 0,
        promisesKept: kept.get(m.id) ?? 0,
        promisesDuePending: due.get(m.id) ?? 0,
        blocked: a?.blocked ?? 0,
        topBlockRules: topRules(rulesOf.get(m.id) ?? new Map()),
        lastActivityAt: later(last.get(m.id) ?? null, a?.lastCompleted ?? null),
      };
      for (const k of ['openCases', 'attempts', 'calls', 'conversations', 'promisesMade', 'promisesKept', 'promisesDuePending', 'blocked'] as const) totals[k] += row[k];
      totals.lastActivityAt = later(totals.lastActivityAt, row.lastActivityAt);
      return row;
    });
    totals.topBlockRules = topRules(allRules);
    return { date: day, from, to, team, teams, rows, totals };
  }

  /** Who the caller may give cases to: a team's active collectors and supervisors (admin without a team: everyone's). */
  async function assignees(p: Principal, teamId: string | undefined) {
    requirePermission(p, 'cases.assign');
    // Admin without a team: every team's people (admin moves cases anywhere).
    const team = p.kind === 'user' && p.role !== 'supervisor' && !teamId ? null : (await teamOf(p, teamId)).team;
    let q = db.selectFrom('app_user').select(['id', 'display_name', 'username', 'role', 'team_id']);
    if (team) q = q.where('team_id', '=', team.id);
    // A supervisor gives cases to the team's collectors or takes them personally.
    if (p.kind === 'user' && p.role === 'supervisor') q = q.where((eb) => eb.or([eb('role', 'in', ['collector', 'field_collector']), eb('id', '=', p.userId)]));
    const users = await q
      .where('status', '=', 'active')
      .where('role', 'in', ['collector', 'field_collector', 'supervisor'])
      .orderBy('role')
      .orderBy('display_name')
      .execute();
    return { items: users.map((u) => ({ id: u.id, displayName: u.display_name, username: u.username, role: u.role, teamId: u.team_id })) };
  }

  /** The cases, all within the caller's scope (404 naming the first that is not), locked for the change. */
  async function casesInScope(trx: typeof db, p: Principal, caseIds: string[]) {
    const rows = await trx
      .selectFrom('collection_case')
      .select(['id', 'status', 'assigned_user_id', 'assigned_team_id'])
      .where(scopeFilter(scopeOf(p)))
      .where('id', 'in', caseIds)
      .execute();
    const byId = new Map(rows.map((r) => [r.id, r]));
    const missing = caseIds.filter((id) => !byId.has(id));
    if (missing.length) {
      throw new AppError(SupervisionErrors['supervision.case_not_found'], {
        caseId: missing[0], missing: missing.slice(0, 20),
        issues: [{ path: `caseIds.${caseIds.indexOf(missing[0]!)}`, message: `未找到案件 ${missing[0]}`, messageEn: `No case ${missing[0]}` }],
      });
    }
    return caseIds.map((id) => byId.get(id)!);
  }

  async function assign(p: Principal, req: AssignCases): Promise<CaseMoveResult> {
    requirePermission(p, 'cases.assign');
    if (p.kind !== 'user') throw new AppError('auth.forbidden');
    let target: { userId: string | null; teamId: string | null };
    if (req.userId) {
      const u = await db.selectFrom('app_user').select(['id', 'role', 'team_id', 'status']).where('id', '=', req.userId).executeTakeFirst();
      if (!u || u.status !== 'active') {
        throw new AppError(SupervisionErrors['supervision.unknown_user'], { userId: req.userId, issues: [{ path: 'userId', message: `用户不存在或已停用：${req.userId}`, messageEn: `No active user ${req.userId}` }] });
      }
      const collector = u.role === 'collector' || u.role === 'field_collector';
      if (p.role === 'supervisor') {
        if (!p.teamId || (u.id !== p.userId && u.team_id !== p.teamId)) {
          throw new AppError(SupervisionErrors['supervision.other_team'], { field: 'userId', issues: [{ path: 'userId', message: '该用户不在您的团队', messageEn: 'This user is not in your team' }] });
        }
        if (!collector && u.id !== p.userId) {
          throw new AppError(SupervisionErrors['supervision.not_assignable'], { role: u.role, issues: [{ path: 'userId', message: `不能分配给角色 ${u.role}`, messageEn: `Not to role ${u.role}` }] });
        }
      } else if (!collector && u.role !== 'supervisor') {
        throw new AppError(SupervisionErrors['supervision.not_assignable'], { role: u.role, issues: [{ path: 'userId', message: `不能分配给角色 ${u.role}`, messageEn: `Not to role ${u.role}` }] });
      }
      target = { userId: u.id, teamId: u.team_id ?? (p.role === 'supervisor' ? p.teamId : null) };
    } else {
      const { team } = await teamOf(p, req.teamId);
      target = { userId: null, teamId: team.id };
    }

    const at = clock.now().toISOString();
    return db.transaction().execute(async (trx) => {
      const cases = await casesInScope(trx, p, req.caseIds);
      const out: CaseMoveResult['cases'] = [];
      let updated = 0;
      for (const c of cases) {
        const status = c.status === 'recalled' ? 'open' : c.status;
        const teamId = target.teamId ?? c.assigned_team_id;
        out.push({ id: c.id, status, assignedUserId: target.userId, assignedTeamId: teamId });
        if (c.assigned_user_id === target.userId && c.assigned_team_id === teamId && c.status === status) continue;
        await trx.updateTable('collection_case').set({ assigned_user_id: target.userId, assigned_team_id: teamId, status, updated_at: at }).where('id', '=', c.id).execute();
        await audit.record(actorOf(p), {
          action: 'case.assigned', entityType: 'collection_case', entityId: c.id,
          before: { status: c.status, assignedUserId: c.assigned_user_id, assignedTeamId: c.assigned_team_id },
          after: { status, assignedUserId: target.userId, assignedTeamId: teamId },
        }, trx);
        updated++;
      }
      return { updated, cases: out };
    });
  }

  async function recall(p: Principal, req: RecallCases): Promise<CaseMoveResult> {
    requirePermission(p, 'cases.assign');
    if (p.kind !== 'user') throw new AppError('auth.forbidden');
    const at = clock.now().toISOString();
    return db.transaction().execute(async (trx) => {
      const cases = await casesInScope(trx, p, req.caseIds);
      const notOpen = cases.find((c) => c.status !== 'open');
      if (notOpen) {
        throw new AppError(SupervisionErrors['supervision.not_open'], {
          caseId: notOpen.id, status: notOpen.status,
          issues: [{ path: `caseIds.${req.caseIds.indexOf(notOpen.id)}`, message: `案件 ${notOpen.id} 的状态是 ${notOpen.status}`, messageEn: `Case ${notOpen.id} is ${notOpen.status}` }],
        });
      }
      const out: CaseMoveResult['cases'] = [];
      for (const c of cases) {
        const teamId = c.assigned_team_id ?? p.teamId;
        // Recalled: nobody's; it stays in the team's pool so the supervisor can give it out again.
        await trx.updateTable('collection_case').set({ status: 'recalled', assigned_user_id: null, assigned_team_id: teamId, updated_at: at }).where('id', '=', c.id).where('status', '=', 'open').execute();
        await audit.record(actorOf(p), {
          action: 'case.recalled', entityType: 'collection_case', entityId: c.id, reason: req.reason,
          before: { status: c.status, assignedUserId: c.assigned_user_id, assignedTeamId: c.assigned_team_id },
          after: { status: 'recalled', assignedUserId: null, assignedTeamId: teamId },
        }, trx);
        out.push({ id: c.id, status: 'recalled', assignedUserId: null, assignedTeamId: teamId });
      }
      return { updated: out.length, cases: out };
    });
  }

  /** The dashboards: a supervisor's own team; an admin one team or, without teamId, the whole book. */
  async function dashboard(p: Principal, q: DashboardQuery): Promise<Dashboard> {
    requirePermission(p, 'cases.assign');
    const scope = p.kind === 'user' && p.role !== 'supervisor' && !q.teamId ? { team: null, teams: await repo.teams() } : await teamOf(p, q.teamId);
    return buildDashboard(db, clock.now(), scope.team, scope.teams, q);
  }

  return { board, assignees, assign, recall, dashboard };
}
export type SupervisionService = ReturnType<typeof createSupervisionService>;
