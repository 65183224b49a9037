// Strategies (issue 9, part 3): a supervisor edits a draft version (segments → treatments, an optional challenger
// version and its share), validates and simulates it on today's open book without writing anything, and activates it
// as the champion (audited). An active version is immutable; activating another retires the previous champion and
// its challenger. The nightly run's DECIDE step reads the live champion/challenger (strategies.live.ts).
// Permission: cases.assign (supervisor, admin) — choosing how cases are worked is the supervisor's call.
import type { Kysely, Transaction } from 'kysely';
import type { StrategyDraftUpdate, StrategySimulateRequest } from '../../../contracts/strategies.js';
import { addDays } from '../../../core/delinquency/index.js';
import { ruleScore } from '../../../core/scoring/index.js';
import {
  createTally, DEFAULT_STRATEGY, MAX_CHALLENGER_SHARE, strategyIssues, type StrategyDefinition, type StrategyIssue,
} from '../../../core/strategy/index.js';
import type { AppContext } from '../../context.js';
import type { DB } from '../../db/schema.js';
import { actorOf, requirePermission, type Principal } from '../../platform/access.js';
import { AppError, defineErrors } from '../../platform/errors.js';
import { newId } from '../../platform/ids.js';
import { bandOf } from './nightly.service.js';
import type { StrategyVersionTable } from './strategies.tables.js';
import { decide, previousTreatments, promiseState, versionsAsLive } from './strategies.live.js';
import { agencyToday } from './strategy.jobs.js';
import { templateFacts } from '../messaging/index.js';

export const StrategyErrors = defineErrors({
  'strategy.invalid': { kind: 'validation', zh: '策略定义有误：{summary}', en: 'The strategy is invalid: {summary}' },
  'strategy.not_draft': { kind: 'conflict', zh: '只有草稿版本可以修改或启用（已启用的版本不可更改）', en: 'Only a draft version can be edited or activated (an active version cannot change)' },
  'strategy.not_active': { kind: 'conflict', zh: '只有已启用的版本可以停用', en: 'Only an active version can be retired' },
  'strategy.bad_challenger': { kind: 'validation', zh: '挑战者版本无效：{reason}', en: 'Invalid challenger version: {reason}' },
});

export const SIMULATION_PAGE = 1000;
const SIMULATION_CHUNK = 500;

const issuesOut = (issues: StrategyIssue[]) => issues.map((i) => ({ path: `definition.${i.path}`.replace(/\.$/, ''), message: i.zh, messageEn: i.en }));

const CHANNEL_ZH: Record<string, string> = { sms: '短信', email: '邮件', letter: '信函' };

/**
 * The message templates a (structurally valid) definition's steps name, checked against messaging: each must exist,
 * be of the step's channel (an sms step names an SMS template) and have an approved version — otherwise the nightly
 * scheduling would skip every case of that step. Paths as strategyIssues gives them (`treatments[0].steps[1].template`).
 */
export async function templateIssues(x: Kysely<DB>, def: StrategyDefinition): Promise<StrategyIssue[]> {
  const named = def.treatments.flatMap((t, i) => t.steps.flatMap((st, j) => (st.template ? [{ path: `treatments[${i}].steps[${j}].template`, action: st.action, id: st.template }] : [])));
  if (named.length === 0) return [];
  const facts = await templateFacts(x, named.map((n) => n.id));
  const issues: StrategyIssue[] = [];
  for (const n of named) {
    const f = facts.get(n.id);
    if (!f) issues.push({ path: n.path, zh: `消息模板不存在：${n.id}`, en: `No such message template: ${n.id}` });
    else if (f.channel !== n.action) issues.push({ path: n.path, zh: `模板「${f.name}」是${CHANNEL_ZH[f.channel] ?? f.channel}模板，与本步骤的动作不符`, en: `Template "${f.name}" is a ${f.channel} template; this step sends ${n.action}` });
    else if (!f.approved) issues.push({ path: n.path, zh: `模板「${f.name}」尚无已审批的版本`, en: `Template "${f.name}" has no approved version yet` });
  }
  return issues;
}

export function createStrategyDefService(ctx: AppContext) {
  const { db, clock } = ctx;
  const nowIso = () => clock.now().toISOString();
  const userOf = (p: Principal) => (p.kind === 'user' ? p.userId : null);

  const versionOut = (v: StrategyVersionTable) => ({
    id: v.id, strategyId: v.strategy_id, version: v.version, status: v.status, role: v.role, definition: v.definition_json,
    challengerVersionId: v.challenger_version_id, challengerShare: v.challenger_share, note: v.note,
    createdBy: v.created_by, createdAt: v.created_at, updatedBy: v.updated_by, updatedAt: v.updated_at,
    activatedBy: v.activated_by, activatedAt: v.activated_at, retiredBy: v.retired_by, retiredAt: v.retired_at,
  });

  async function getVersionRow(id: string, trx: Transaction<DB> | typeof db = db) {
    const v = await trx.selectFrom('strategy_version').selectAll().where('id', '=', id).executeTakeFirst();
    if (!v) throw new AppError('common.not_found', { entity: 'strategy_version' });
    return v;
  }

  /** strategy.invalid naming the issues' fields (`prefix`: whose definition, e.g. the challenger's). */
  const invalid = (issues: StrategyIssue[], prefix = '') => new AppError(StrategyErrors['strategy.invalid'], {
    summary: issues.slice(0, 3).map((i) => `${prefix}${i.path}: ${i.zh}`).join('；'),
    issues: issuesOut(issues).map((i) => ({ ...i, path: `${prefix}${i.path}` })),
  });

  function assertValid(def: unknown): StrategyDefinition {
    const issues = strategyIssues(def);
    if (issues.length) throw invalid(issues);
    return def as StrategyDefinition;
  }

  async function list(p: Principal) {
    requirePermission(p, 'cases.assign');
    const [strategies, versions, users] = await Promise.all([
      db.selectFrom('strategy').selectAll().orderBy('created_at').orderBy('id').execute(),
      db.selectFrom('strategy_version').select(['id', 'strategy_id', 'version', 'status', 'role', 'challenger_version_id', 'challenger_share', 'updated_at', 'updated_by', 'activated_at', 'activated_by', 'retired_at'])
        .orderBy('strategy_id').orderBy('version', 'desc').execute(),
      db.selectFrom('app_user').select(['id', 'display_name']).execute(),
    ]);
    const name = new Map(users.map((u) => [u.id, u.display_name]));
    return {
      items: strategies.map((s) => ({
        id: s.id, name: s.name, description: s.description, createdAt: s.created_at,
        versions: versions.filter((v) => v.strategy_id === s.id).map((v) => ({
          id: v.id, version: v.version, status: v.status, role: v.role, challengerVersionId: v.challenger_version_id, challengerShare: v.challenger_share,
          updatedAt: v.updated_at, updatedByName: name.get(v.updated_by) ?? null, activatedAt: v.activated_at, activatedByName: v.activated_by ? (name.get(v.activated_by) ?? null) : null, retiredAt: v.retired_at,
        })),
      })),
    };
  }

  async function getVersion(p: Principal, id: string) {
    requirePermission(p, 'cases.assign');
    return versionOut(await getVersionRow(id));
  }

  async function insertDraft(trx: Transaction<DB>, p: Principal, strategyId: string, definition: StrategyDefinition) {
    const last = await trx.selectFrom('strategy_version').select('version').where('strategy_id', '=', strategyId).orderBy('version', 'desc').executeTakeFirst();
    const at = nowIso();
    const row: StrategyVersionTable = {
      id: newId(), strategy_id: strategyId, version: (last?.version ?? 0) + 1, status: 'draft', role: null, definition_json: definition,
      challenger_version_id: null, challenger_share: 0, experiment_salt: newId(), note: null,
      created_by: userOf(p)!, created_at: at, updated_by: userOf(p)!, updated_at: at, activated_by: null, activated_at: null, retired_by: null, retired_at: null,
    };
    await trx.insertInto('strategy_version').values(row).execute();
    await ctx.audit.record(actorOf(p), { action: 'strategy.draft_created', entityType: 'strategy_version', entityId: row.id, after: { strategyId, version: row.version } }, trx);
    return row;
  }

  async function create(p: Principal, body: { name: string; description?: string; fromVersionId?: string }) {
    requirePermission(p, 'cases.assign');
    if (p.kind !== 'user') throw new AppError('auth.forbidden', { permission: 'cases.assign' });
    const def = body.fromVersionId ? (await getVersionRow(body.fromVersionId)).definition_json : DEFAULT_STRATEGY;
    return db.transaction().execute(async (trx) => {
      const s = { id: newId(), name: body.name, description: body.description ?? null, created_by: p.userId, created_at: nowIso() };
      await trx.insertInto('strategy').values(s).execute();
      await ctx.audit.record(actorOf(p), { action: 'strategy.created', entityType: 'strategy', entityId: s.id, after: { name: s.name } }, trx);
      const v = await insertDraft(trx, p, s.id, def);
      return { id: s.id, name: s.name, version: versionOut(v) };
    });
  }

  /** A new draft of a strategy: a copy of `fromVersionId`, else of its latest version. */
  async function createVersion(p: Principal, strategyId: string, body: { fromVersionId?: string }) {
    requirePermission(p, 'cases.assign');
    if (p.kind !== 'user') throw new AppError('auth.forbidden', { permission: 'cases.assign' });
    const s = await db.selectFrom('strategy').select('id').where('id', '=', strategyId).executeTakeFirst();
    if (!s) throw new AppError('common.not_found', { entity: 'strategy' });
    const from = body.fromVersionId
      ? await getVersionRow(body.fromVersionId)
      : await db.selectFrom('strategy_version').selectAll().where('strategy_id', '=', strategyId).orderBy('version', 'desc').executeTakeFirst();
    return db.transaction().execute(async (trx) => versionOut(await insertDraft(trx, p, strategyId, from?.definition_json ?? DEFAULT_STRATEGY)));
  }

  /** The challenger a version names, checked; returns its definition (null: none named). */
  async function checkChallenger(trx: Transaction<DB> | typeof db, selfId: string, challengerId: string | null, share: number): Promise<StrategyDefinition | null> {
    if (!challengerId) return null;
    if (challengerId === selfId) throw new AppError(StrategyErrors['strategy.bad_challenger'], { reason: '不能以自身为挑战者 / a version cannot challenge itself', issues: [{ path: 'challengerVersionId', message: '不能以自身为挑战者', messageEn: 'A version cannot challenge itself' }] });
    const c = await trx.selectFrom('strategy_version').select(['status', 'definition_json']).where('id', '=', challengerId).executeTakeFirst();
    if (!c || c.status === 'retired') throw new AppError(StrategyErrors['strategy.bad_challenger'], { reason: '版本不存在或已停用 / missing or retired', issues: [{ path: 'challengerVersionId', message: '挑战者版本不存在或已停用', messageEn: 'The challenger version does not exist or is retired' }] });
    if (share < 0 || share > MAX_CHALLENGER_SHARE) throw new AppError(StrategyErrors['strategy.bad_challenger'], { reason: `share 0–${MAX_CHALLENGER_SHARE}`, issues: [{ path: 'challengerShare', message: `比例须为 0–${MAX_CHALLENGER_SHARE}%`, messageEn: `The share must be 0–${MAX_CHALLENGER_SHARE} %` }] });
    const issues = strategyIssues(c.definition_json);
    if (issues.length) throw new AppError(StrategyErrors['strategy.bad_challenger'], { reason: '挑战者定义有误 / its definition is invalid', issues: issuesOut(issues).map((i) => ({ ...i, path: `challengerVersionId: ${i.path}` })) });
    return c.definition_json as StrategyDefinition;
  }

  async function updateDraft(p: Principal, id: string, body: StrategyDraftUpdate) {
    requirePermission(p, 'cases.assign');
    const def = assertValid(body.definition);
    return db.transaction().execute(async (trx) => {
      const v = await getVersionRow(id, trx);
      if (v.status !== 'draft') throw new AppError(StrategyErrors['strategy.not_draft']);
      const challenger = body.challengerVersionId === undefined ? v.challenger_version_id : body.challengerVersionId;
      const share = challenger ? (body.challengerShare ?? v.challenger_share) : 0;
      await checkChallenger(trx, id, challenger, share);
      const r = await trx.updateTable('strategy_version')
        .set({ definition_json: def, challenger_version_id: challenger, challenger_share: share, note: body.note === undefined ? v.note : body.note, updated_by: userOf(p) ?? v.updated_by, updated_at: nowIso() })
        .where('id', '=', id).where('status', '=', 'draft').executeTakeFirst();
      if (Number(r.numUpdatedRows) !== 1) throw new AppError(StrategyErrors['strategy.not_draft']);
      await ctx.audit.record(actorOf(p), { action: 'strategy.draft_updated', entityType: 'strategy_version', entityId: id, after: { segments: def.segments.length, treatments: def.treatments.length, challengerVersionId: challenger, challengerShare: share } }, trx);
      return versionOut(await getVersionRow(id, trx));
    });
  }

  async function validate(p: Principal, definition: unknown) {
    requirePermission(p, 'cases.assign');
    const structural = strategyIssues(definition);
    // The templates are checked once the shape is right (activation refuses both kinds).
    const issues = structural.length ? structural : await templateIssues(db, definition as StrategyDefinition);
    return { valid: issues.length === 0, issues: issues.map((i) => ({ path: i.path, zh: i.zh, en: i.en })) };
  }

  /** Activation's check of the templates the version (and its challenger) name. */
  async function assertTemplates(trx: Transaction<DB>, def: StrategyDefinition, prefix = '') {
    const issues = await templateIssues(trx, def);
    if (issues.length) throw invalid(issues, prefix);
  }

  /** Draft → active champion. The previous champion and its challenger are retired; a draft challenger is frozen. */
  async function activate(p: Principal, id: string, body: { reason?: string } = {}) {
    requirePermission(p, 'cases.assign');
    return db.transaction().execute(async (trx) => {
      const v = await getVersionRow(id, trx);
      if (v.status !== 'draft') throw new AppError(StrategyErrors['strategy.not_draft']);
      await assertTemplates(trx, assertValid(v.definition_json));
      const challenger = await checkChallenger(trx, id, v.challenger_version_id, v.challenger_share);
      if (challenger && v.challenger_share > 0) await assertTemplates(trx, challenger, 'challengerVersionId: ');
      const at = nowIso();
      const by = userOf(p);
      const live = await trx.selectFrom('strategy_version').select(['id', 'role']).where('status', '=', 'active').execute();
      const keep = new Set([id, v.challenger_version_id].filter((x): x is string => !!x));
      const retire = live.filter((l) => !keep.has(l.id)).map((l) => l.id);
      if (retire.length) await trx.updateTable('strategy_version').set({ status: 'retired', role: null, retired_by: by, retired_at: at }).where('id', 'in', retire).execute();
      const r = await trx.updateTable('strategy_version').set({ status: 'active', role: 'champion', activated_by: by, activated_at: at, updated_at: at }).where('id', '=', id).where('status', '=', 'draft').executeTakeFirst();
      if (Number(r.numUpdatedRows) !== 1) throw new AppError(StrategyErrors['strategy.not_draft']);
      if (v.challenger_version_id && v.challenger_share > 0) {
        await trx.updateTable('strategy_version').set((eb) => ({ status: 'active', role: 'challenger', activated_by: eb.fn.coalesce('activated_by', eb.val(by)), activated_at: eb.fn.coalesce('activated_at', eb.val(at)) }))
          .where('id', '=', v.challenger_version_id).execute();
      }
      await ctx.audit.record(actorOf(p), {
        action: 'strategy.activated', entityType: 'strategy_version', entityId: id, reason: body.reason ?? null,
        before: { live: live.map((l) => ({ id: l.id, role: l.role })) },
        after: { champion: id, challenger: v.challenger_share > 0 ? v.challenger_version_id : null, challengerShare: v.challenger_share, retired: retire },
      }, trx);
      return versionOut(await getVersionRow(id, trx));
    });
  }

  /** Active → retired. Retiring the champion retires its challenger: the built-in default decides until the next activation. */
  async function retire(p: Principal, id: string, body: { reason?: string } = {}) {
    requirePermission(p, 'cases.assign');
    return db.transaction().execute(async (trx) => {
      const v = await getVersionRow(id, trx);
      if (v.status !== 'active') throw new AppError(StrategyErrors['strategy.not_active']);
      const at = nowIso();
      const ids = [id];
      if (v.role === 'champion' && v.challenger_version_id) ids.push(v.challenger_version_id);
      await trx.updateTable('strategy_version').set({ status: 'retired', role: null, retired_by: userOf(p), retired_at: at }).where('id', 'in', ids).where('status', '=', 'active').execute();
      if (v.role === 'challenger') {
        // The champion keeps running alone.
        await trx.updateTable('strategy_version').set({ challenger_share: 0 }).where('challenger_version_id', '=', id).where('status', '=', 'active').execute();
      }
      await ctx.audit.record(actorOf(p), { action: 'strategy.retired', entityType: 'strategy_version', entityId: id, reason: body.reason ?? null, before: { status: 'active', role: v.role }, after: { retired: ids } }, trx);
      return versionOut(await getVersionRow(id, trx));
    });
  }

  /**
   * Decide a page of today's open book with a version (and its challenger) without writing anything: counts per
   * segment, action and arm, and sample cases per segment. Scores come from each case's latest nightly score (a
   * case never scored is scored from its DPD alone and counted as `unscored`); the other facts are read live.
   */
  async function simulate(p: Principal, id: string, req: StrategySimulateRequest = {}) {
    requirePermission(p, 'cases.assign');
    const v = await getVersionRow(id);
    assertValid(v.definition_json);
    const live = await versionsAsLive(db, req.championOnly ? { ...v, challenger_version_id: null } : v);
    const asOf = agencyToday(clock.now());
    const limit = req.limit ?? SIMULATION_PAGE;
    const page = await db.selectFrom('collection_case').innerJoin('debtor', 'debtor.id', 'collection_case.debtor_id')
      .select(['collection_case.id', 'collection_case.debtor_id', 'collection_case.creditor_id', 'collection_case.dpd', 'collection_case.bucket', 'debtor.preferred_language'])
      .where('collection_case.status', '=', 'open').where('collection_case.id', '>', req.cursor ?? '').orderBy('collection_case.id').limit(limit + 1).execute();
    const more = page.length > limit;
    const cases = more ? page.slice(0, limit) : page;
    const tally = createTally(5);
    let unscored = 0;
    for (let i = 0; i < cases.length; i += SIMULATION_CHUNK) {
      const chunk = cases.slice(i, i + SIMULATION_CHUNK);
      const ids = chunk.map((c) => c.id);
      const debtorIds = [...new Set(chunk.map((c) => c.debtor_id))];
      const [scores, accounts, promises, phones, emails, addresses, prev] = await Promise.all([
        db.selectFrom('case_score').select(['case_id', 'as_of', 'score']).where('case_id', 'in', ids).where('as_of', '<=', asOf).orderBy('as_of', 'desc').execute(),
        db.selectFrom('debt_account').select(['case_id', 'product', 'outstanding_principal_minor', 'outstanding_interest_minor', 'outstanding_penalty_minor', 'outstanding_fees_minor']).where('case_id', 'in', ids).execute(),
        db.selectFrom('promise_to_pay').select(['case_id', 'status', 'due_date']).where('case_id', 'in', ids)
          .where((eb) => eb.or([eb.and([eb('due_date', '>', addDays(asOf, -180)), eb('due_date', '<=', asOf)]), eb('status', '=', 'pending')])).execute(),
        db.selectFrom('phone').select(['debtor_id', 'kind']).where('debtor_id', 'in', debtorIds).where('contact_person_id', 'is', null).where('status', '!=', 'invalid').execute(),
        db.selectFrom('email_address').select(['debtor_id']).where('debtor_id', 'in', debtorIds).where('contact_person_id', 'is', null).where('status', '!=', 'invalid').execute(),
        db.selectFrom('address').select(['id', 'debtor_id', 'province_code', 'verification_status']).where('debtor_id', 'in', debtorIds).where('contact_person_id', 'is', null).where('verification_status', '!=', 'invalid').orderBy('id').execute(),
        previousTreatments(db, addDays(asOf, 1), ids),
      ]);
      const by = <T>(list: T[], key: (r: T) => string) => {
        const m = new Map<string, T[]>();
        for (const r of list) m.set(key(r), [...(m.get(key(r)) ?? []), r]);
        return (k: string): T[] => m.get(k) ?? [];
      };
      const accountsOf = by(accounts, (a) => a.case_id);
      const promisesOf = by(promises, (a) => a.case_id);
      const phonesOf = by(phones, (a) => a.debtor_id);
      const emailsOf = by(emails, (a) => a.debtor_id);
      const addressesOf = by(addresses, (a) => a.debtor_id);
      const scoreOf = new Map<string, number>();
      for (const s of scores) if (!scoreOf.has(s.case_id)) scoreOf.set(s.case_id, Number(s.score));
      for (const c of chunk) {
        let score = scoreOf.get(c.id);
        if (score === undefined) {
          unscored++;
          score = ruleScore({ daysPastDue: c.dpd, paymentsLast30Days: 0, paymentsLast90Days: 0, promisesKept: 0, promisesBroken: 0, contactAttempts: 0, rightPartyContacts: 0, addressVerified: false }).score;
        }
        const accs = accountsOf(c.id);
        const ph = phonesOf(c.debtor_id);
        const addr = addressesOf(c.debtor_id);
        const verified = addr.filter((a) => a.verification_status === 'verified');
        const d = decide(live, {
          caseId: c.id, dpd: c.dpd, bucket: c.bucket, band: bandOf(score), score, creditorId: c.creditor_id,
          balance: accs.reduce((t, a) => t + Number(a.outstanding_principal_minor) + Number(a.outstanding_interest_minor) + Number(a.outstanding_penalty_minor) + Number(a.outstanding_fees_minor), 0),
          products: [...new Set(accs.map((a) => a.product))], hasVerifiedAddress: verified.length > 0, hasPhone: ph.length > 0, hasMobile: ph.some((x) => x.kind === 'mobile'),
          hasEmail: emailsOf(c.debtor_id).length > 0, promise: promiseState(promisesOf(c.id)), language: c.preferred_language,
          province: (verified[0] ?? addr.find((a) => a.province_code))?.province_code ?? null,
        }, prev.get(c.id), asOf);
        tally.add(c.id, d.arm ?? 'champion', d.decision);
      }
    }
    return { asOf, versionId: id, challengerVersionId: live.challenger?.id ?? null, challengerShare: live.share, ...tally.result(), unscored, nextCursor: more ? cases[cases.length - 1]!.id : null };
  }

  return { list, getVersion, create, createVersion, updateDraft, validate, activate, retire, simulate };
}
export type StrategyDefService = ReturnType<typeof createStrategyDefService>;
