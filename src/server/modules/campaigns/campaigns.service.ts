// Campaigns (issue 6, item 6): an approved SMS or email template sent to a selection of cases. The preview asks the
// compliance engine about each case of the selection without recording anything (allowed now, later — the hours
// forbid it now —, or never); creating a campaign fixes the selection (one target per case) with those verdicts; the
// `campaigns.run` job walks the pending targets in batches, each batch one transaction in which every target goes
// through messaging's one path for a templated message (`prepareMessage` + `queueIn(…, { deferIfLater })`: the engine
// decides again, the attempt is recorded, the outbox row is written). A target is claimed by a conditional update
// (pending → queued) in that transaction, so a job run twice sends each case one message.
//
// Permission: `cases.assign` (supervisor, admin). Choosing which cases get worked is the supervisor's call, as is
// giving them out; the compliance officer approves templates (`templates.manage`/`approve`) but does not mass-send.
import type { CampaignCreateRequest, CampaignFilterInput, CampaignPreview, CampaignPreviewRequest, TargetVerdict } from '../../../contracts/campaigns.js';
import type { CaseDetail } from '../../../contracts/cases.js';
import type { AppContext } from '../../context.js';
import { AccessErrors, actorOf, requirePermission, scopeOf, type Principal, type UserPrincipal } from '../../platform/access.js';
import { systemActor } from '../../platform/audit.js';
import { AppError, defineErrors } from '../../platform/errors.js';
import { newId } from '../../platform/ids.js';
import { scopeFilter, type CaseService } from '../cases/index.js';
import type { ComplianceService } from '../compliance/index.js';
import type { MessagingService } from '../messaging/index.js';
import type { CampaignFilter, CampaignTable, CampaignTargetTable, TargetOutcome } from './campaigns.tables.js';
import { isPlanConfirmation } from '../../../contracts/templates.js';

export const CAMPAIGN_MAX_TARGETS = 50_000;
export const CAMPAIGN_BATCH = 200;
const SAMPLE_SIZE = 20;
/** Cases decided at once while previewing (reads only; SQLite serialises them anyway). */
const PREVIEW_PARALLEL = 8;
export const NO_CONTACT_POINT = 'no_contact_point';

export const CampaignErrors = defineErrors({
  'campaigns.too_many': {
    kind: 'validation', zh: '所选案件共 {count} 件，超过群发上限 {limit} 件：请缩小筛选条件', en: 'The selection has {count} cases, more than the limit of {limit}: narrow the filter',
  },
  'campaigns.plan_template': {
    kind: 'validation', zh: '含{{planTerms}}的方案确认模板不能用于群发', en: 'A plan-confirmation template ({{planTerms}}) cannot be used in a campaign',
  },
  'campaigns.not_draft': { kind: 'conflict', zh: '只有草稿状态的群发活动可以启动', en: 'Only a draft campaign can be started' },
  'campaigns.not_cancellable': { kind: 'conflict', zh: '该群发活动已结束，无法取消', en: 'This campaign has finished and cannot be cancelled' },
});

type Verdict = TargetVerdict;
type Target = { caseId: string; debtorId: string; contactPointId: string | null };

export function createCampaignService(ctx: AppContext, deps: { cases: CaseService; compliance: ComplianceService; messaging: MessagingService }, opts: { maxTargets?: number } = {}) {
  const now = () => ctx.clock.now();
  const maxTargets = opts.maxTargets ?? CAMPAIGN_MAX_TARGETS;

  /** The campaign creator as a principal (their data scope today): the job reads each case with it. */
  async function creatorPrincipal(userId: string): Promise<UserPrincipal> {
    const u = await ctx.db.selectFrom('app_user').select(['id', 'username', 'display_name', 'role', 'team_id', 'creditor_id']).where('id', '=', userId).executeTakeFirstOrThrow();
    return { kind: 'user', userId: u.id, username: u.username, displayName: u.display_name, role: u.role, teamId: u.team_id, creditorId: u.creditor_id, sessionId: 'campaign', ip: null, requestId: null };
  }

  async function checkTemplate(templateId: string, channel: 'sms' | 'email') {
    const t = await deps.messaging.getTemplate(templateId);
    if (t.channel !== channel) throw new AppError('messaging.channel_mismatch', { issues: [{ path: 'templateId', message: '模板渠道与发送渠道不一致', messageEn: 'The template is for another channel' }] });
    const v = t.versions.find((x) => x.id === t.approvedVersionId);
    if (!v) throw new AppError('messaging.no_approved_version', { issues: [{ path: 'templateId', message: '该模板没有已审批的版本', messageEn: 'This template has no approved version' }] });
    if (isPlanConfirmation(v)) {
      throw new AppError(CampaignErrors['campaigns.plan_template'], { issues: [{ path: 'templateId', message: '方案确认模板不能用于群发', messageEn: 'A plan-confirmation template cannot be used in a campaign' }] });
    }
    return t;
  }

  /** The cases of the selection within the caller's scope, with the debtor's own valid mobile (sms) or email (email). */
  async function selection(p: Principal, f: CampaignFilter, channel: 'sms' | 'email'): Promise<Target[]> {
    let q = ctx.db.selectFrom('collection_case').select(['collection_case.id', 'collection_case.debtor_id']).where(scopeFilter(scopeOf(p)))
      .where('collection_case.status', '=', f.status ?? 'open');
    if (f.bucket) q = q.where('collection_case.bucket', '=', f.bucket as CaseDetail['bucket']);
    if (f.creditorId) q = q.where('collection_case.creditor_id', '=', f.creditorId);
    if (f.assignedUserId) q = q.where('collection_case.assigned_user_id', '=', f.assignedUserId);
    if (f.teamId) q = q.where('collection_case.assigned_team_id', '=', f.teamId);
    if (f.dpdMin !== undefined) q = q.where('collection_case.dpd', '>=', f.dpdMin);
    if (f.dpdMax !== undefined) q = q.where('collection_case.dpd', '<=', f.dpdMax);
    const rows = await q.orderBy('collection_case.id').limit(maxTargets + 1).execute();
    if (rows.length > maxTargets) {
      const count = await q.clearSelect().clearOrderBy().clearLimit().select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
      throw new AppError(CampaignErrors['campaigns.too_many'], {
        count: Number(count.n), limit: maxTargets,
        issues: [{ path: 'filter', message: `所选案件超过群发上限 ${maxTargets} 件，请缩小筛选条件`, messageEn: `The selection exceeds the limit of ${maxTargets} cases: narrow the filter` }],
      });
    }
    const point = new Map<string, string>();
    const debtorIds = [...new Set(rows.map((r) => r.debtor_id))];
    for (let i = 0; i < debtorIds.length; i += 500) {
      const ids = debtorIds.slice(i, i + 500);
      const found = channel === 'sms'
        ? await ctx.db.selectFrom('phone').select(['id', 'debtor_id']).where('debtor_id', 'in', ids).where('contact_person_id', 'is', null)
          .where('kind', '=', 'mobile').where('status', '=', 'valid').orderBy('created_at').orderBy('id').execute()
        : await ctx.db.selectFrom('email_address').select(['id', 'debtor_id']).where('debtor_id', 'in', ids).where('status', '=', 'valid')
          .orderBy('created_at').orderBy('id').execute();
      for (const r of found) if (!point.has(r.debtor_id)) point.set(r.debtor_id, r.id);
    }
    return rows.map((r) => ({ caseId: r.id, debtorId: r.debtor_id, contactPointId: point.get(r.debtor_id) ?? null }));
  }

  const blockingRules = (reasons: Array<{ outcome: string; ruleId: string }>) => [...new Set(reasons.filter((r) => r.outcome === 'block').map((r) => r.ruleId))];

  /** The engine's verdict for one target now, rendered exactly as the send would be; nothing is recorded. */
  async function verdict(p: Principal, req: { templateId: string; channel: 'sms' | 'email' }, t: Target): Promise<Verdict> {
    const c = await deps.cases.get(p, t.caseId);
    const base = { caseId: t.caseId, debtorName: c.debtor.fullName, contactPointId: t.contactPointId };
    if (!t.contactPointId) return { ...base, contactPointMasked: null, outcome: 'never', ruleIds: [NO_CONTACT_POINT], nextAllowedAt: null };
    const masked = (req.channel === 'sms' ? c.phones : c.emails).find((x) => x.id === t.contactPointId)?.masked ?? null;
    const m = await deps.messaging.prepareMessage(p, c, { ...req, to: t.contactPointId });
    const d = await deps.compliance.decideAt(c, {
      channel: req.channel, partyId: c.debtorId, contactPointId: t.contactPointId, agentIds: [], content: [m.subject, m.body].filter(Boolean).join('\n'),
      institution: m.institution, recording: false,
    }, now());
    const outcome: TargetOutcome = d.outcome !== 'block' ? 'allow' : d.nextAllowedAt ? 'later' : 'never';
    return { ...base, contactPointMasked: masked, outcome, ruleIds: blockingRules(d.reasons), nextAllowedAt: outcome === 'later' ? new Date(d.nextAllowedAt!).toISOString() : null };
  }

  async function verdicts(p: Principal, req: { templateId: string; channel: 'sms' | 'email' }, targets: Target[]): Promise<Verdict[]> {
    const out: Verdict[] = new Array(targets.length);
    let next = 0;
    const worker = async () => {
      while (next < targets.length) {
        const i = next++;
        out[i] = await verdict(p, req, targets[i]!);
      }
    };
    await Promise.all(Array.from({ length: Math.min(PREVIEW_PARALLEL, targets.length) }, worker));
    return out;
  }

  function summarise(vs: Verdict[]): CampaignPreview {
    const later = vs.filter((v) => v.outcome === 'later').map((v) => v.nextAllowedAt!).sort();
    const byRule = new Map<string, number>();
    for (const v of vs) if (v.outcome === 'never') byRule.set(v.ruleIds[0] ?? 'unknown', (byRule.get(v.ruleIds[0] ?? 'unknown') ?? 0) + 1);
    return {
      total: vs.length,
      allowedNow: vs.filter((v) => v.outcome === 'allow').length,
      later: { count: later.length, earliest: later[0] ?? null, latest: later.at(-1) ?? null },
      never: { count: vs.length - later.length - vs.filter((v) => v.outcome === 'allow').length, byRule: [...byRule].map(([ruleId, count]) => ({ ruleId, count })).sort((a, b) => b.count - a.count || a.ruleId.localeCompare(b.ruleId)) },
      sample: vs.slice(0, SAMPLE_SIZE),
    };
  }

  async function evaluate(p: Principal, req: CampaignPreviewRequest) {
    requirePermission(p, 'cases.assign');
    // A campaign belongs to a user (its messages are attributed to them): an API token cannot run one.
    if (p.kind !== 'user') throw new AppError(AccessErrors['auth.forbidden'], { permission: 'cases.assign' });
    await checkTemplate(req.templateId, req.channel);
    const targets = await selection(p, req.filter, req.channel);
    return verdicts(p, { templateId: req.templateId, channel: req.channel }, targets);
  }

  /** The dry run: what a campaign on this selection would do now. */
  async function preview(p: Principal, req: CampaignPreviewRequest): Promise<CampaignPreview> {
    return summarise(await evaluate(p, req));
  }

  /** A draft campaign: the selection fixed with its verdicts (a target without a contact point or never allowed is skipped). */
  async function create(p: Principal, req: CampaignCreateRequest) {
    const vs = await evaluate(p, req);
    const s = summarise(vs);
    const at = now().toISOString();
    const row: CampaignTable = {
      id: newId(), name: req.name, template_id: req.templateId, channel: req.channel, filter_json: req.filter, status: 'draft',
      total: s.total, allowed_now: s.allowedNow, later: s.later.count, never: s.never.count,
      created_by: (p as UserPrincipal).userId, created_at: at, started_at: null, finished_at: null,
    };
    await ctx.db.transaction().execute(async (trx) => {
      await trx.insertInto('campaign').values(row).execute();
      const targets: CampaignTargetTable[] = vs.map((v) => ({
        campaign_id: row.id, case_id: v.caseId, contact_point_id: v.contactPointId, outcome: v.outcome, reason: v.ruleIds.join(' ') || null,
        next_allowed_at: v.nextAllowedAt, message_id: null, status: v.outcome === 'never' ? 'skipped' : 'pending', updated_at: at,
      }));
      for (let i = 0; i < targets.length; i += 500) await trx.insertInto('campaign_target').values(targets.slice(i, i + 500)).execute();
      await ctx.audit.record(actorOf(p), {
        action: 'campaign.created', entityType: 'campaign', entityId: row.id,
        after: { name: row.name, templateId: row.template_id, channel: row.channel, filter: req.filter, total: s.total, allowedNow: s.allowedNow, later: s.later.count, never: s.never.count },
      }, trx);
    });
    return { ...(await get(p, row.id)), previewDetail: s };
  }

  /** A campaign the caller may see: their own, or any for a caller who sees all cases. */
  async function load(p: Principal, id: string) {
    requirePermission(p, 'cases.assign');
    let q = ctx.db.selectFrom('campaign').selectAll().where('id', '=', id);
    if (scopeOf(p).kind !== 'all') q = q.where('created_by', '=', (p as UserPrincipal).userId);
    const c = await q.executeTakeFirst();
    if (!c) throw new AppError('common.not_found', { entity: 'campaign' });
    return c;
  }

  async function out(c: CampaignTable) {
    const [counts, tpl] = await Promise.all([
      ctx.db.selectFrom('campaign_target').select(['status', (eb) => eb.fn.countAll<number>().as('n')]).where('campaign_id', '=', c.id).groupBy('status').execute(),
      ctx.db.selectFrom('message_template').select('name').where('id', '=', c.template_id).executeTakeFirst(),
    ]);
    const n = (s: string) => Number(counts.find((x) => x.status === s)?.n ?? 0);
    return {
      id: c.id, name: c.name, templateId: c.template_id, templateName: tpl?.name ?? null, channel: c.channel as 'sms' | 'email', filter: c.filter_json as CampaignFilterInput, status: c.status,
      preview: { total: c.total, allowedNow: c.allowed_now, later: c.later, never: c.never },
      progress: { pending: n('pending'), queued: n('queued'), skipped: n('skipped'), failed: n('failed') },
      createdBy: c.created_by, createdAt: c.created_at, startedAt: c.started_at, finishedAt: c.finished_at,
    };
  }

  async function get(p: Principal, id: string) {
    const c = await load(p, id);
    const targets = await ctx.db.selectFrom('campaign_target').selectAll().where('campaign_id', '=', id).orderBy('case_id').limit(SAMPLE_SIZE).execute();
    return { ...(await out(c)), targets: targets.map((t) => ({ caseId: t.case_id, contactPointId: t.contact_point_id, outcome: t.outcome, reason: t.reason, nextAllowedAt: t.next_allowed_at, messageId: t.message_id, status: t.status })) };
  }

  async function list(p: Principal) {
    requirePermission(p, 'cases.assign');
    let q = ctx.db.selectFrom('campaign').selectAll().orderBy('created_at', 'desc').limit(200);
    if (scopeOf(p).kind !== 'all') q = q.where('created_by', '=', (p as UserPrincipal).userId);
    const rows = await q.execute();
    return { items: await Promise.all(rows.map(out)) };
  }

  async function start(p: Principal, id: string) {
    const c = await load(p, id);
    if (c.status !== 'draft') throw new AppError(CampaignErrors['campaigns.not_draft']);
    const at = now().toISOString();
    await ctx.db.transaction().execute(async (trx) => {
      const r = await trx.updateTable('campaign').set({ status: 'running', started_at: at }).where('id', '=', id).where('status', '=', 'draft').executeTakeFirst();
      if (Number(r.numUpdatedRows) !== 1) throw new AppError(CampaignErrors['campaigns.not_draft']);
      await ctx.audit.record(actorOf(p), { action: 'campaign.started', entityType: 'campaign', entityId: id, before: { status: 'draft' }, after: { status: 'running' } }, trx);
      await ctx.queue.enqueue('campaigns.run', { campaignId: id }, { trx, jobKey: `campaign:${id}` });
    });
    return get(p, id);
  }

  /**
   * Cancel: targets not yet processed are skipped, and the campaign's messages still waiting in the outbox (e.g. those
   * deferred to 08:00) are withdrawn — marked failed, "withdrawn: campaign cancelled" — so the worker never sends
   * them. A finished campaign can be cancelled while some of its messages still wait. One transaction, audited with
   * the counts; the campaign row is locked first, so a batch of the job in flight finishes before (or sees) the cancel.
   */
  async function cancel(p: Principal, id: string) {
    const c = await load(p, id);
    if (c.status === 'cancelled') throw new AppError(CampaignErrors['campaigns.not_cancellable']);
    const at = now().toISOString();
    await ctx.db.transaction().execute(async (trx) => {
      let lock = trx.selectFrom('campaign').select('status').where('id', '=', id);
      if (ctx.dialect === 'postgres') lock = lock.forUpdate();
      const cur = await lock.executeTakeFirstOrThrow();
      const waiting = await trx.selectFrom('campaign_target').innerJoin('outbox_message', 'outbox_message.id', 'campaign_target.message_id')
        .select(['campaign_target.case_id', 'outbox_message.id']).where('campaign_target.campaign_id', '=', id).where('outbox_message.status', '=', 'queued').execute();
      if (cur.status === 'cancelled' || (cur.status === 'done' && waiting.length === 0)) throw new AppError(CampaignErrors['campaigns.not_cancellable']);
      for (let i = 0; i < waiting.length; i += 500) {
        const part = waiting.slice(i, i + 500);
        await trx.updateTable('outbox_message').set({ status: 'failed', last_error: 'withdrawn: campaign cancelled', updated_at: at })
          .where('id', 'in', part.map((w) => w.id)).where('status', '=', 'queued').execute();
        await trx.updateTable('campaign_target').set({ status: 'skipped', reason: 'campaign_cancelled', updated_at: at })
          .where('campaign_id', '=', id).where('case_id', 'in', part.map((w) => w.case_id)).execute();
      }
      const pending = await trx.updateTable('campaign_target').set({ status: 'skipped', reason: 'campaign_cancelled', updated_at: at })
        .where('campaign_id', '=', id).where('status', '=', 'pending').executeTakeFirst();
      await trx.updateTable('campaign').set({ status: 'cancelled', finished_at: at }).where('id', '=', id).execute();
      await ctx.audit.record(actorOf(p), {
        action: 'campaign.cancelled', entityType: 'campaign', entityId: id, before: { status: cur.status },
        after: { status: 'cancelled', withdrawnMessages: waiting.length, skippedTargets: Number(pending.numUpdatedRows) },
      }, trx);
    });
    return get(p, id);
  }

  /**
   * The job: the pending targets in batches of CAMPAIGN_BATCH, each batch one transaction (claim, decide, record,
   * queue per target). Stops when the campaign is no longer running (cancelled); marks it done when none is left.
   */
  async function run(campaignId: string, batch = CAMPAIGN_BATCH) {
    const first = await ctx.db.selectFrom('campaign').selectAll().where('id', '=', campaignId).executeTakeFirst();
    if (!first || first.status !== 'running') return { queued: 0, skipped: 0, failed: 0 };
    const reader = await creatorPrincipal(first.created_by);
    const req = { templateId: first.template_id, channel: first.channel as 'sms' | 'email' };
    const totals = { queued: 0, skipped: 0, failed: 0 };
    let after = '';
    for (;;) {
      const c = await ctx.db.selectFrom('campaign').select('status').where('id', '=', campaignId).executeTakeFirstOrThrow();
      if (c.status !== 'running') return totals;
      const rows = await ctx.db.selectFrom('campaign_target').select(['case_id', 'contact_point_id']).where('campaign_id', '=', campaignId)
        .where('status', '=', 'pending').where('case_id', '>', after).orderBy('case_id').limit(batch).execute();
      if (rows.length === 0) break;
      after = rows.at(-1)!.case_id;
      // Everything read before the transaction (on SQLite a read beside an open transaction would wait for it).
      const prepared = await Promise.all(rows.map(async (r) => {
        try {
          const kase = await deps.cases.get(reader, r.case_id);
          return { row: r, m: await deps.messaging.prepareMessage(reader, kase, { ...req, to: r.contact_point_id! }) };
        } catch (e) {
          return { row: r, error: e instanceof AppError ? e.code : e instanceof Error ? e.message : String(e) };
        }
      }));
      await ctx.db.transaction().execute(async (trx) => {
        // Cancel locks the campaign row too: a batch either finishes before a cancel or sees it and does nothing.
        let lock = trx.selectFrom('campaign').select('status').where('id', '=', campaignId);
        if (ctx.dialect === 'postgres') lock = lock.forUpdate();
        if ((await lock.executeTakeFirstOrThrow()).status !== 'running') return;
        for (const x of prepared) {
          const at = now().toISOString();
          const key = (q: ReturnType<typeof trx.updateTable<'campaign_target'>>) => q.where('campaign_id', '=', campaignId).where('case_id', '=', x.row.case_id);
          // The claim: a target another run already took is left alone.
          const claimed = await key(trx.updateTable('campaign_target').set({ status: 'queued', updated_at: at })).where('status', '=', 'pending').executeTakeFirst();
          if (Number(claimed.numUpdatedRows) !== 1) continue;
          if (!('m' in x) || !x.m) {
            await key(trx.updateTable('campaign_target').set({ status: 'failed', reason: x.error ?? null, updated_at: at })).execute();
            totals.failed += 1;
            continue;
          }
          const r = await deps.messaging.queueIn(trx, x.m, { deferIfLater: true });
          if (r.message) {
            const later = r.decision.outcome === 'block';
            await key(trx.updateTable('campaign_target').set({
              message_id: r.message.id, outcome: later ? 'later' : 'allow', reason: later ? blockingRules(r.decision.reasons).join(' ') : null,
              next_allowed_at: later ? r.message.nextAttemptAt : null, updated_at: at,
            })).execute();
            totals.queued += 1;
          } else {
            await key(trx.updateTable('campaign_target').set({ status: 'skipped', outcome: 'never', reason: blockingRules(r.decision.reasons).join(' ') || null, updated_at: at })).execute();
            totals.skipped += 1;
          }
        }
      });
    }
    await ctx.db.transaction().execute(async (trx) => {
      const r = await trx.updateTable('campaign').set({ status: 'done', finished_at: now().toISOString() }).where('id', '=', campaignId).where('status', '=', 'running').executeTakeFirst();
      if (Number(r.numUpdatedRows) === 1) {
        await ctx.audit.record(systemActor, { action: 'campaign.finished', entityType: 'campaign', entityId: campaignId, after: totals }, trx);
      }
    });
    return totals;
  }

  return { preview, create, list, get, start, cancel, run };
}
export type CampaignService = ReturnType<typeof createCampaignService>;
