// Messaging (issue 6, first slice): templates whose versions pass the packs' content rules and a different approver
// (maker–checker, audited); a transactional outbox written with the action that caused it; a worker that claims a
// due message, asks the compliance engine again at send time, marks it `sending` before the provider call and
// `sent` after. A `sending` row left by a crash is turned into `unknown` by the reconciler — never resent blindly.
import { createHmac, timingSafeEqual } from 'node:crypto';
import { sql, type Kysely, type Selectable, type Transaction } from 'kysely';
import type { CaseDetail } from '../../../contracts/cases.js';
import type { ActionPurpose, Decision } from '../../../core/compliance/types.js';
import { describeMissing, letterRequirements, missingLetterElements } from '../../../core/letters/elements.js';
import type { AppContext } from '../../context.js';
import type { DB } from '../../db/schema.js';
import { actorOf, requirePermission, type Principal, type UserPrincipal } from '../../platform/access.js';
import { systemActor } from '../../platform/audit.js';
import { AppError, defineErrors } from '../../platform/errors.js';
import { newId } from '../../platform/ids.js';
import { backoffMs } from '../../queue/job.js';
import type { CaseService } from '../cases/index.js';
import { recordMediumOptOut, type ComplianceService } from '../compliance/index.js';
import { createSmppClient, isOptOutKeyword, parseSmppUrl, type Receipt, type SmppClient } from './messaging.smpp.js';
import { createSmtpSender, type EmailSender, type SendResult } from './messaging.smtp.js';
import { tokenBucket, type RateLimiter } from './messaging.rate.js';
import {
  hasChineseSignature, letterVariablesIn, optOutText, render, sampleValues, toHtml, unknownVariables, type TemplateValues,
} from './messaging.render.js';
import type { MessageChannel, MessageTemplateTable, MessageTemplateVersionTable, OutboxMessageTable, OutboxStatus } from './messaging.tables.js';
import { formatMinor } from '../../platform/money.js';
import { isPlanConfirmation } from '../../../contracts/templates.js';

export const MessagingErrors = defineErrors({
  'messaging.unknown_variables': { kind: 'validation', zh: '未知的模板变量：{detail}', en: 'Unknown template variables: {detail}' },
  'messaging.content_blocked': { kind: 'validation', zh: '模板内容未通过合规检查：{detail}', en: 'The template failed the content checks: {detail}' },
  'messaging.signature_missing': { kind: 'validation', zh: '中文短信须在开头或结尾带签名【机构名】', en: 'A Chinese SMS needs a signature 【name】 at its start or end' },
  'messaging.subject_required': { kind: 'validation', zh: '邮件模板须有主题', en: 'An email template needs a subject' },
  'messaging.same_approver': { kind: 'forbidden', zh: '模板版本须由另一位用户审批', en: 'A template version must be approved by a different user' },
  'messaging.not_pending': { kind: 'conflict', zh: '该模板版本不在待审批状态', en: 'This template version is not pending approval' },
  'messaging.no_approved_version': { kind: 'conflict', zh: '该模板没有已审批的版本', en: 'This template has no approved version' },
  'messaging.channel_mismatch': { kind: 'validation', zh: '模板渠道与发送渠道不一致', en: 'The template is for another channel' },
  'messaging.channel_unavailable': { kind: 'conflict', zh: '此渠道暂未开通：{detail}', en: 'This channel is not available: {detail}' },
  'messaging.unknown_contact_point': { kind: 'validation', zh: '债务人没有这个联系方式', en: 'The debtor has no such contact point' },
  'messaging.needs_plan': { kind: 'validation', zh: '该模板用于还款方案确认（含{{planTerms}}），只能在方案生效时发送', en: 'This template confirms a plan ({{planTerms}}): it is sent when a plan is activated' },
  'messaging.not_plan_template': { kind: 'validation', zh: '方案确认须使用包含{{planTerms}}的已审批模板', en: 'A plan confirmation needs an approved template that contains {{planTerms}}' },
  'messaging.bad_token': { kind: 'not_found', zh: '退订链接无效', en: 'This unsubscribe link is not valid' },
  'messaging.title_required': { kind: 'validation', zh: '信函模板须有标题', en: 'A letter template needs a title' },
  'messaging.letter_only_variables': { kind: 'validation', zh: '以下变量只能用于信函：{detail}', en: 'These variables are for letters only: {detail}' },
  'messaging.letter_elements_missing': { kind: 'validation', zh: '信函缺少必备要素：{detail}', en: 'The letter lacks required elements: {detail}' },
});

/** The key of the one pending `messaging.deliver` job that drains the due outbox (a key keeps a single pending job). */
export const DELIVER_JOB_KEY = 'messaging:deliver';
/** A `sending` row older than this has lost its worker: it becomes `unknown`. */
export const STALE_SENDING_MS = 10 * 60_000;
export const MAX_SEND_ATTEMPTS = 6;
const WORKER: UserPrincipal = {
  kind: 'user', userId: 'system', username: 'system', displayName: 'system', role: 'admin', teamId: null, creditorId: null, sessionId: 'system', ip: null, requestId: null,
};

export type EnqueueInput = {
  caseId: string; debtorId: string; channel: MessageChannel; contactPointId: string; subject: string | null; body: string; institution: string;
  templateVersionId: string | null; attemptId: string | null; createdBy: string | null; id?: string; at: string; purpose?: ActionPurpose | null;
  /** When the worker may first send it (default `at`). */
  sendAt?: string;
};

/** Writes the outbox row in the caller's transaction (the action that caused it commits or rolls back with it). */
export async function enqueueMessage(trx: Transaction<DB>, m: EnqueueInput): Promise<string> {
  return (await enqueueMessages(trx, [m]))[0]!;
}

/** Writes outbox rows in the caller's transaction, 200 per statement (a batch job's reminders); returns their ids. */
export async function enqueueMessages(trx: Transaction<DB>, ms: readonly EnqueueInput[]): Promise<string[]> {
  const rows = ms.map((m) => ({
    id: m.id ?? newId(), case_id: m.caseId, debtor_id: m.debtorId, template_version_id: m.templateVersionId, channel: m.channel, contact_point_id: m.contactPointId,
    subject: m.subject, body: m.body, institution: m.institution, status: 'queued' as const, attempts: 0, next_attempt_at: m.sendAt ?? m.at, last_error: null,
    provider_message_id: null, attempt_id: m.attemptId, purpose: m.purpose ?? null, created_by: m.createdBy, created_at: m.at, sending_at: null, sent_at: null, updated_at: m.at,
  }));
  for (let i = 0; i < rows.length; i += 200) await trx.insertInto('outbox_message').values(rows.slice(i, i + 200)).execute();
  return rows.map((r) => r.id);
}

type VersionInput = { subject?: string | null | undefined; body: string };

/** The SMPP session: one per process (per URL), shared by every messaging service of the process, closed by `close()`. */
let processSms: { url: string; client: SmppClient } | null = null;

/**
 * What other modules may know of templates by id (a strategy's steps name them): the channel, and whether a version
 * has been approved (only an approved version is ever sent). Ids not found are absent from the map.
 */
export async function templateFacts(x: Kysely<DB>, ids: readonly string[]): Promise<Map<string, { channel: MessageChannel; name: string; approved: boolean }>> {
  const out = new Map<string, { channel: MessageChannel; name: string; approved: boolean }>();
  const unique = [...new Set(ids)];
  for (let i = 0; i < unique.length; i += 500) {
    const chunk = unique.slice(i, i + 500);
    const rows = await x.selectFrom('message_template').select(['id', 'channel', 'name']).where('id', 'in', chunk).execute();
    const approved = new Set((await x.selectFrom('message_template_version').select('template_id').where('template_id', 'in', chunk).where('status', '=', 'approved').execute()).map((r) => r.template_id));
    for (const r of rows) out.set(r.id, { channel: r.channel, name: r.name, approved: approved.has(r.id) });
  }
  return out;
}

export function createMessagingService(ctx: AppContext, deps: { cases: CaseService; compliance: ComplianceService }) {
  const now = () => ctx.clock.now();
  let sender: EmailSender | null = null;
  const email = () => {
    if (!ctx.config.smtpUrl) throw new AppError('messaging.channel_unavailable', { detail: 'CONCORD_SMTP_URL is not set' });
    sender ??= createSmtpSender(ctx.config.smtpUrl);
    return sender;
  };

  const sms = () => {
    const url = ctx.config.smppUrl;
    if (!url) throw new AppError('messaging.channel_unavailable', { detail: 'CONCORD_SMPP_URL is not set' });
    if (processSms?.url !== url) {
      const old = processSms;
      processSms = {
        url,
        client: createSmppClient(parseSmppUrl(url), {
          receipt: smsReceipt, inbound: smsInbound, error: (msg, e) => ctx.logger.warn({ err: e }, msg),
        }),
      };
      void old?.client.close();
    }
    return processSms.client;
  };

  // --- unsubscribe tokens: message id + HMAC over it (key derived from the secret key through the PII cipher's keyed hash).
  const sign = (id: string) => createHmac('sha256', ctx.pii.lookupHash('email', 'unsubscribe@concord.invalid')).update(id).digest('base64url').slice(0, 32);
  const tokenFor = (id: string) => `${id}.${sign(id)}`;
  const unsubscribeUrl = (id: string) => `${ctx.config.publicUrl}/u/${tokenFor(id)}`;

  // --- templates
  async function checkVersion(t: { channel: MessageChannel; locale: string; rule_packs: string }, v: VersionInput) {
    const subject = v.subject ?? null;
    const unknown = unknownVariables(`${subject ?? ''}\n${v.body}`);
    if (unknown.length) {
      throw new AppError('messaging.unknown_variables', { detail: unknown.join(', '), issues: [{ path: 'body', message: `未知变量：${unknown.join(', ')}`, messageEn: `Unknown variables: ${unknown.join(', ')}` }] });
    }
    if (t.channel === 'email' && !subject?.trim()) throw new AppError('messaging.subject_required', { issues: [{ path: 'subject', message: '邮件模板须有主题', messageEn: 'An email template needs a subject' }] });
    if (t.channel === 'letter') checkLetter(t, subject, v.body);
    else {
      const letterOnly = letterVariablesIn(`${subject ?? ''}\n${v.body}`);
      if (letterOnly.length) {
        const detail = letterOnly.map((x) => `{{${x}}}`).join(', ');
        throw new AppError('messaging.letter_only_variables', { detail, issues: [{ path: 'body', message: `以下变量只能用于信函：${detail}`, messageEn: `These variables are for letters only: ${detail}` }] });
      }
    }
    if (t.channel === 'sms' && t.locale.startsWith('zh') && !hasChineseSignature(v.body)) {
      throw new AppError('messaging.signature_missing', { issues: [{ path: 'body', message: '中文短信须在开头或结尾带签名【机构名】', messageEn: 'A Chinese SMS needs a signature 【name】 at its start or end' }] });
    }
    const sample = sampleValues(t.channel, t.locale);
    const text = [subject ? render(subject, sample) : null, render(v.body, sample)].filter(Boolean).join('\n');
    const d = deps.compliance.contentCheck(t.rule_packs.split(/\s+/).filter(Boolean), t.channel, text, sample.agencyName);
    if (d.outcome === 'block') {
      const blocking = d.reasons.filter((r) => r.outcome === 'block');
      const detail = blocking.map((r) => `${r.ruleId} ${r.message.en}${r.spans?.length ? `: ${r.spans.map((s) => `"${s.text}"`).join(', ')}` : ''}`).join('; ');
      throw new AppError('messaging.content_blocked', {
        detail,
        issues: blocking.map((r) => ({
          path: 'body',
          message: `${r.ruleId} ${r.message['zh-CN']}${r.spans?.length ? `：${r.spans.map((s) => `「${s.text}」`).join('')}` : ''}`,
          messageEn: `${r.ruleId} ${r.message.en}${r.spans?.length ? `: ${r.spans.map((s) => `"${s.text}"`).join(', ')}` : ''}`,
        })),
        reasons: blocking,
      });
    }
    return { warnings: d.reasons };
  }

  /** The rules of a template's packs that say what a letter must carry (CN-C03 letterElements, US-V01 validation information). */
  function letterRulesOf(rulePacks: string) {
    // Obligations are not decision rules (the engine's resolve leaves them out): walk the sets and packs here.
    const { engine } = deps.compliance;
    const rules: Array<{ id: string; params: unknown }> = [];
    const walk = (ids: string[], depth: number) => {
      for (const raw of ids) {
        const [id = '', kinds] = raw.split('#');
        const set = engine.sets().find((x) => x.id === id);
        if (set && depth < 3) walk(set.packs, depth + 1);
        for (const r of engine.packs().find((x) => x.id === id)?.rules ?? []) {
          if (r.enabled !== false && (!kinds || kinds.split(',').includes(r.kind))) rules.push({ id: r.id, params: r.params });
        }
      }
    };
    walk(rulePacks.split(/\s+/).filter(Boolean), 0);
    return letterRequirements(rules);
  }

  /** A letter: a title, and every element its packs require (as variables or wording), each missing one named. */
  function checkLetter(t: { rule_packs: string }, subject: string | null, body: string) {
    if (!subject?.trim()) throw new AppError('messaging.title_required', { issues: [{ path: 'subject', message: '信函模板须有标题', messageEn: 'A letter template needs a title' }] });
    const missing = missingLetterElements(`${subject}\n${body}`, letterRulesOf(t.rule_packs).elements);
    if (missing.length) {
      const lines = missing.map(describeMissing);
      throw new AppError('messaging.letter_elements_missing', {
        detail: lines.map((l) => l.en).join('; '),
        issues: lines.map((l) => ({ path: 'body', message: l['zh-CN'], messageEn: l.en })),
        missing: missing.map((m) => m.element.id),
      });
    }
  }

  async function createTemplate(p: Principal, req: { channel: MessageChannel; locale: string; name: string; rulePacks?: string | undefined } & VersionInput) {
    requirePermission(p, 'templates.manage');
    const userId = (p as UserPrincipal).userId;
    // A Chinese letter is checked against the credit-card rules too (CN-C03: the elements of a collection letter).
    const rulePacks = req.rulePacks?.trim() || (req.locale.startsWith('zh') ? (req.channel === 'letter' ? 'cn-card' : 'cn-default') : 'us-default');
    const t = { id: newId(), channel: req.channel, locale: req.locale, name: req.name, rule_packs: rulePacks, created_by: userId, created_at: now().toISOString() };
    const { warnings } = await checkVersion(t, req);
    const versionId = newId();
    await ctx.db.transaction().execute(async (trx) => {
      await trx.insertInto('message_template').values(t).execute();
      await trx.insertInto('message_template_version').values({
        id: versionId, template_id: t.id, version: 1, subject: req.subject ?? null, body: req.body, status: 'pending', created_by: userId, created_at: t.created_at, approved_by: null, approved_at: null,
      }).execute();
      await ctx.audit.record(actorOf(p), { action: 'messaging.template_created', entityType: 'message_template', entityId: t.id, after: { name: t.name, channel: t.channel, locale: t.locale, versionId } }, trx);
    });
    return { ...(await getTemplate(t.id)), warnings };
  }

  async function addVersion(p: Principal, templateId: string, req: VersionInput) {
    requirePermission(p, 'templates.manage');
    const t = await ctx.db.selectFrom('message_template').selectAll().where('id', '=', templateId).executeTakeFirst();
    if (!t) throw new AppError('common.not_found', { entity: 'template' });
    const { warnings } = await checkVersion(t, req);
    const id = newId();
    await ctx.db.transaction().execute(async (trx) => {
      const last = await trx.selectFrom('message_template_version').select((eb) => eb.fn.max('version').as('v')).where('template_id', '=', templateId).executeTakeFirst();
      await trx.insertInto('message_template_version').values({
        id, template_id: templateId, version: Number(last?.v ?? 0) + 1, subject: req.subject ?? null, body: req.body, status: 'pending',
        created_by: (p as UserPrincipal).userId, created_at: now().toISOString(), approved_by: null, approved_at: null,
      }).execute();
      await ctx.audit.record(actorOf(p), { action: 'messaging.version_created', entityType: 'message_template_version', entityId: id, after: { templateId } }, trx);
    });
    return { ...(await getTemplate(templateId)), warnings };
  }

  async function approve(p: Principal, versionId: string) {
    requirePermission(p, 'templates.approve');
    const userId = (p as UserPrincipal).userId;
    const v = await ctx.db.selectFrom('message_template_version').selectAll().where('id', '=', versionId).executeTakeFirst();
    if (!v) throw new AppError('common.not_found', { entity: 'template version' });
    if (v.created_by === userId) throw new AppError('messaging.same_approver');
    if (v.status !== 'pending') throw new AppError('messaging.not_pending');
    const at = now().toISOString();
    await ctx.db.transaction().execute(async (trx) => {
      const r = await trx.updateTable('message_template_version').set({ status: 'approved', approved_by: userId, approved_at: at })
        .where('id', '=', versionId).where('status', '=', 'pending').executeTakeFirst();
      if (Number(r.numUpdatedRows) !== 1) throw new AppError('messaging.not_pending');
      await ctx.audit.record(actorOf(p), { action: 'messaging.version_approved', entityType: 'message_template_version', entityId: versionId, before: { status: 'pending', createdBy: v.created_by }, after: { status: 'approved' } }, trx);
    });
    return getTemplate(v.template_id);
  }

  function templateOut(t: Selectable<MessageTemplateTable>, versions: Selectable<MessageTemplateVersionTable>[]) {
    const approved = versions.find((v) => v.status === 'approved') ?? null;
    return {
      id: t.id, channel: t.channel, locale: t.locale, name: t.name, rulePacks: t.rule_packs, createdBy: t.created_by, createdAt: t.created_at,
      approvedVersionId: approved?.id ?? null,
      versions: versions.map((v) => ({
        id: v.id, version: v.version, subject: v.subject, body: v.body, status: v.status, createdBy: v.created_by, createdAt: v.created_at, approvedBy: v.approved_by, approvedAt: v.approved_at,
      })),
    };
  }

  async function getTemplate(id: string) {
    const t = await ctx.db.selectFrom('message_template').selectAll().where('id', '=', id).executeTakeFirst();
    if (!t) throw new AppError('common.not_found', { entity: 'template' });
    const versions = await ctx.db.selectFrom('message_template_version').selectAll().where('template_id', '=', id).orderBy('version', 'desc').execute();
    return templateOut(t, versions);
  }

  async function listTemplates(p: Principal, q: { approvedOnly?: boolean | undefined } = {}) {
    requirePermission(p, 'cases.read');
    const rows = await ctx.db.selectFrom('message_template').selectAll().orderBy('created_at', 'desc').limit(500).execute();
    // Every listed template's versions in one read, not two reads per template.
    const versions = rows.length === 0 ? [] : await ctx.db.selectFrom('message_template_version').selectAll()
      .where('template_id', 'in', rows.map((r) => r.id)).orderBy('version', 'desc').execute();
    const byTemplate = new Map<string, typeof versions>();
    for (const v of versions) {
      const list = byTemplate.get(v.template_id);
      if (list) list.push(v);
      else byTemplate.set(v.template_id, [v]);
    }
    const items = rows.map((t) => templateOut(t, byTemplate.get(t.id) ?? []));
    return { items: q.approvedOnly ? items.filter((x) => x.approvedVersionId) : items };
  }

  // --- sending
  function valuesFor(c: CaseDetail, channel: MessageChannel, locale: string, messageId: string, institution: string): TemplateValues {
    const zh = locale.startsWith('zh');
    const minor = c.accounts.reduce((s, a) => s + a.outstandingMinor, 0);
    const currency = c.accounts[0]?.currency ?? 'CNY';
    const amount = formatMinor(minor, currency, locale);
    return {
      debtorName: c.debtor.fullName, amountDue: amount, dueDate: now().toISOString().slice(0, 10), agencyName: institution, creditorName: c.creditorName,
      paymentInstructions: zh ? '请通过委托方官方渠道还款，切勿转账至个人账户' : "Pay only through the creditor's official channels",
      optOut: optOutText(channel, locale, channel === 'email' ? unsubscribeUrl(messageId) : null),
      planTerms: '', debtorAddress: '', itemization: '', validationEndDate: '', visitWindow: '',
    };
  }

  async function agencyName(): Promise<string> {
    const a = await ctx.db.selectFrom('agency').select('name').orderBy('created_at').executeTakeFirst();
    return a?.name ?? 'Concord';
  }

  type SendRequest = { templateId: string; channel: MessageChannel; to: string };
  /** What a caller adds to a templated message: its purpose for the engine and values the case does not have (a plan's terms). */
  type SendExtras = { purpose?: ActionPurpose; values?: (templateLocale: string) => Partial<TemplateValues> };
  type PreparedMessage = ReturnType<typeof prepareWith>;

  /**
   * Everything read before the transaction that sends: the template's approved version rendered for the case, the
   * contact point checked, the channel available. (A caller with its own transaction — plan activation — prepares
   * first and then queues inside it: on SQLite a read outside an open transaction would wait for it.)
   * The caller's entry point has checked its permission (a send: contacts.attempt; a campaign: cases.assign); `p` is
   * whom the message is attributed to.
   */
  async function prepareMessage(p: Principal, c: CaseDetail, req: SendRequest, extras: SendExtras = {}) {
    return prepareWith(await getTemplate(req.templateId), await agencyName(), p, c, req, extras);
  }

  /**
   * Many messages for a batch job (the nightly run's reminders): each template and the agency's name are read once,
   * and each item is prepared as `prepareMessage` would; an item that cannot be sent gets its error in its place.
   */
  async function prepareMessages(p: Principal, items: ReadonlyArray<{ c: CaseDetail; req: SendRequest }>): Promise<Array<PreparedMessage | AppError>> {
    const templates = new Map<string, Awaited<ReturnType<typeof getTemplate>> | AppError>();
    for (const id of new Set(items.map((i) => i.req.templateId))) {
      try {
        templates.set(id, await getTemplate(id));
      } catch (e) {
        if (!(e instanceof AppError)) throw e;
        templates.set(id, e);
      }
    }
    const institution = await agencyName();
    return items.map(({ c, req }) => {
      const t = templates.get(req.templateId)!;
      if (t instanceof AppError) return t;
      try {
        return prepareWith(t, institution, p, c, req, {});
      } catch (e) {
        if (e instanceof AppError) return e;
        throw e;
      }
    });
  }

  function prepareWith(t: Awaited<ReturnType<typeof getTemplate>>, institution: string, p: Principal, c: CaseDetail, req: SendRequest, extras: SendExtras) {
    if (t.channel !== req.channel) throw new AppError('messaging.channel_mismatch');
    if (req.channel === 'email') email();
    else if (req.channel === 'sms') sms();
    else throw new AppError('messaging.channel_unavailable', { detail: req.channel });
    const points = req.channel === 'sms' ? c.phones : c.emails;
    if (!points.some((e) => e.id === req.to)) {
      throw new AppError('messaging.unknown_contact_point', { issues: [{ path: 'to', message: '债务人没有这个联系方式', messageEn: 'The debtor has no such contact point' }] });
    }
    const v = t.versions.find((x) => x.id === t.approvedVersionId);
    if (!v) throw new AppError('messaging.no_approved_version');
    const extra = extras.values?.(t.locale) ?? {};
    const planTemplate = isPlanConfirmation(v);
    if (planTemplate && !extra.planTerms) throw new AppError('messaging.needs_plan', { issues: [{ path: 'templateId', message: '该模板用于还款方案确认，只能在方案生效时发送', messageEn: 'This template confirms a plan: it is sent when a plan is activated' }] });
    if (extras.purpose === 'plan_confirmation' && !planTemplate) {
      throw new AppError('messaging.not_plan_template', { issues: [{ path: 'confirm.templateId', message: '确认模板须包含{{planTerms}}（方案条款）', messageEn: 'A confirmation template must contain {{planTerms}}' }] });
    }
    const messageId = newId();
    const values = { ...valuesFor(c, req.channel, t.locale, messageId, institution), ...extra };
    const subject = v.subject ? render(v.subject, values) : null;
    const body = render(v.body, values);
    return { c, req, versionId: v.id, institution, messageId, subject, body, purpose: extras.purpose ?? null, userId: p.kind === 'user' ? p.userId : null };
  }

  /**
   * Decide with the engine, record the attempt and its decision, and write the outbox row — in the caller's
   * transaction. Blocked: nothing is queued, unless `deferIfLater` and the engine names a later allowed instant (the
   * hour forbids it now: a plan's confirmation agreed at 21:50 leaves at 08:00); the worker asks again then.
   */
  async function queueIn(trx: Transaction<DB>, m: PreparedMessage, opts: { deferIfLater?: boolean } = {}) {
    const { c, req } = m;
    const r = await deps.compliance.attemptIn(trx, c, {
      channel: req.channel, partyKind: 'debtor', partyId: c.debtorId, contactPointId: req.to, content: [m.subject, m.body].filter(Boolean).join('\n'),
      institution: m.institution, recording: false, agentIds: [], ...(m.purpose ? { purpose: m.purpose } : {}),
    }, m.userId);
    let message: ReturnType<typeof messageOut> | null = null;
    const later = r.decision.outcome === 'block' && opts.deferIfLater && r.decision.nextAllowedAt ? new Date(r.decision.nextAllowedAt) : null;
    if (r.decision.outcome !== 'block' || later) {
      const at = now().toISOString();
      await enqueueMessage(trx, {
        ...(later ? { sendAt: later.toISOString() } : {}),
        id: m.messageId, caseId: c.id, debtorId: c.debtorId, channel: req.channel, contactPointId: req.to, subject: m.subject, body: m.body, institution: m.institution,
        templateVersionId: m.versionId, attemptId: r.attempt.id, createdBy: m.userId, at, purpose: m.purpose,
      });
      // Due now: the one pending delivery job (its key keeps it single) drains every due message in batches; deferred:
      // a job of its own at the allowed instant.
      await ctx.queue.enqueue('messaging.deliver', { messageId: m.messageId }, { trx, ...(later ? { runAt: later, jobKey: `message:${m.messageId}` } : { jobKey: DELIVER_JOB_KEY }) });
      message = messageOut(await trx.selectFrom('outbox_message').selectAll().where('id', '=', m.messageId).executeTakeFirstOrThrow());
    }
    return { decision: r.decision, attempt: r.attempt, message };
  }

  /** Decide with the engine, record the attempt and its decision, and write the outbox row — one transaction. */
  async function send(p: Principal, caseId: string, req: SendRequest) {
    requirePermission(p, 'contacts.attempt');
    const prepared = await prepareMessage(p, await deps.cases.get(p, caseId), req);
    return ctx.db.transaction().execute((trx) => queueIn(trx, prepared));
  }

  function messageOut(m: OutboxMessageTable) {
    return {
      id: m.id, caseId: m.case_id, channel: m.channel, contactPointId: m.contact_point_id, subject: m.subject, status: m.status, attempts: m.attempts,
      nextAttemptAt: m.next_attempt_at, lastError: m.last_error, providerMessageId: m.provider_message_id, createdAt: m.created_at, sentAt: m.sent_at,
    };
  }

  async function listMessages(p: Principal, q: { status?: OutboxStatus | undefined; caseId?: string | undefined }) {
    requirePermission(p, 'compliance.read');
    let sel = ctx.db.selectFrom('outbox_message').selectAll().orderBy('created_at', 'desc').limit(500);
    if (q.status) sel = sel.where('status', '=', q.status);
    if (q.caseId) sel = sel.where('case_id', '=', q.caseId);
    return { items: (await sel.execute()).map(messageOut) };
  }

  // --- the worker
  type Outcome = 'sent' | 'rescheduled' | 'failed' | 'retry' | 'skipped' | 'throttled';
  /** Messages claimed by one batch, and how many submit_sm (emails) may be outstanding at once on the session. */
  const BATCH = 100;
  const WINDOW: Record<MessageChannel, number> = { sms: 32, email: 4, letter: 1 };
  const limiters: Partial<Record<MessageChannel, RateLimiter>> = {
    ...(ctx.config.smsRate ? { sms: tokenBucket(ctx.config.smsRate) } : {}),
    ...(ctx.config.emailRate ? { email: tokenBucket(ctx.config.emailRate) } : {}),
  };
  /** One claim at a time per process (the claims of concurrent jobs would read the same due rows); sends overlap. */
  let claiming: Promise<unknown> = Promise.resolve();
  /**
   * Claimed batches not yet written back, at most MAX_IN_FLIGHT per process: a crash leaves at most
   * MAX_IN_FLIGHT × BATCH rows `sending` (→ `unknown`), including claimed ones that never reached the provider.
   */
  const MAX_IN_FLIGHT = 2;
  const RETRY_UNDECIDED_MS = 5 * 60_000;
  let inFlight = 0;
  const slotWaiters: Array<() => void> = [];

  type Batch = { outcomes: Map<string, Outcome>; claimed: number; throttled: number; waitMs: number };

  /**
   * Claim due queued messages (these `ids`, or the `limit` oldest due), within the per-provider rate: one read, the
   * cases read once each, then one transaction that re-reads the rows (FOR UPDATE SKIP LOCKED on PostgreSQL), asks
   * the engine about each message and marks the allowed ones `sending` with one conditional UPDATE … RETURNING (a
   * row another worker took in between is not returned, so not sent). Then the provider calls, a window of them
   * outstanding on the one SMPP session, and one transaction writing every result: `sent` only after the response.
   * A crash between leaves `sending` rows: the reconciler makes them `unknown`, never resent.
   */
  async function deliverBatch(ids: string[] | null, limit: number): Promise<Batch> {
    const outcomes = new Map<string, Outcome>();
    let claimedRows: Array<OutboxMessageTable & { c: CaseDetail }> = [];
    let throttled = 0;
    let waitMs = 0;
    const rescheduled: Array<{ id: string; until: string }> = [];
    const claim = claiming.then(async () => {
      while (inFlight >= MAX_IN_FLIGHT) await new Promise<void>((resolve) => slotWaiters.push(resolve));
      const start = now();
      let q = ctx.db.selectFrom('outbox_message').selectAll().where('status', '=', 'queued').where('next_attempt_at', '<=', start.toISOString());
      q = ids ? q.where('id', 'in', ids) : q.orderBy('next_attempt_at').limit(limit);
      const rows = ids && ids.length === 0 ? [] : await q.execute();
      const picked: OutboxMessageTable[] = [];
      const taken: OutboxMessageTable[] = [];
      for (const m of rows) {
        const limiter = limiters[m.channel];
        if (!limiter) picked.push(m);
        else if (limiter.take(start.getTime())) {
          picked.push(m);
          taken.push(m);
        } else {
          throttled += 1;
          outcomes.set(m.id, 'throttled');
          waitMs = Math.max(waitMs, limiter.waitMs(start.getTime()));
        }
      }
      if (picked.length === 0) return;
      const cases = new Map<string, CaseDetail>();
      // A case that cannot be read or decided must not hold up the rest of the outbox: its messages wait RETRY_UNDECIDED_MS.
      const undecided = new Map<string, string>();
      const failure = (caseId: string, e: unknown) => {
        const detail = e instanceof AppError && typeof e.details.detail === 'string' ? ` ${e.details.detail}` : '';
        undecided.set(caseId, `${e instanceof Error ? e.message : String(e)}${detail}`);
        ctx.logger.warn({ err: e, caseId }, 'messages of a case could not be decided; deferred');
      };
      for (const caseId of new Set(picked.map((m) => m.case_id))) {
        try {
          cases.set(caseId, await deps.cases.get(WORKER, caseId));
        } catch (e) {
          failure(caseId, e);
        }
      }
      const sending = await ctx.db.transaction().execute(async (trx) => {
        let live = trx.selectFrom('outbox_message').select('id').where('id', 'in', picked.map((m) => m.id)).where('status', '=', 'queued')
          .where('next_attempt_at', '<=', now().toISOString());
        if (ctx.dialect === 'postgres') live = live.forUpdate().skipLocked();
        const liveIds = new Set((await live.execute()).map((r) => r.id));
        const allowed: OutboxMessageTable[] = [];
        let iso = now().toISOString();
        // The engine decides each message on its own; the facts are read once per case of the batch.
        const decided = new Map<string, { at: Date; decision: Decision }>();
        for (const [caseId, c] of cases) {
          const ms = picked.filter((m) => m.case_id === caseId && liveIds.has(m.id));
          try {
            const ds = await deps.compliance.decideManyIn(trx, c, ms.map((m) => ({
              channel: m.channel, partyKind: 'debtor' as const, partyId: m.debtor_id, contactPointId: m.contact_point_id,
              content: [m.subject, m.body].filter(Boolean).join('\n'), institution: m.institution, recording: false, agentIds: [], ...(m.purpose ? { purpose: m.purpose } : {}),
            })), null);
            ms.forEach((m, i) => decided.set(m.id, ds[i]!));
          } catch (e) {
            failure(caseId, e);
          }
        }
        for (const m of picked) {
          const reason = undecided.get(m.case_id);
          if (reason === undefined || !liveIds.has(m.id)) continue;
          const t = now();
          const until = new Date(t.getTime() + RETRY_UNDECIDED_MS).toISOString();
          await trx.updateTable('outbox_message').set({ next_attempt_at: until, last_error: `not decided: ${reason}`.slice(0, 500), updated_at: t.toISOString() }).where('id', '=', m.id).execute();
          outcomes.set(m.id, 'rescheduled');
          rescheduled.push({ id: m.id, until });
        }
        for (const m of picked) {
          const d = decided.get(m.id);
          if (!d) continue;
          const { at, decision } = d;
          iso = at.toISOString();
          if (decision.outcome !== 'block') {
            allowed.push(m);
            continue;
          }
          const rules = blockingRules(decision);
          if (decision.nextAllowedAt) {
            const until = new Date(decision.nextAllowedAt).toISOString();
            await trx.updateTable('outbox_message').set({ next_attempt_at: until, last_error: `deferred by ${rules}`, updated_at: iso }).where('id', '=', m.id).execute();
            outcomes.set(m.id, 'rescheduled');
            rescheduled.push({ id: m.id, until: decision.nextAllowedAt });
          } else {
            await trx.updateTable('outbox_message').set({ status: 'failed', last_error: `blocked by ${rules}`, updated_at: iso }).where('id', '=', m.id).execute();
            outcomes.set(m.id, 'failed');
          }
        }
        if (allowed.length === 0) return [];
        return trx.updateTable('outbox_message').set({ status: 'sending', attempts: sql<number>`attempts + 1`, sending_at: iso, updated_at: iso })
          .where('id', 'in', allowed.map((m) => m.id)).where('status', '=', 'queued').returning(['id', 'attempts']).execute();
      });
      const attempts = new Map(sending.map((r) => [r.id, Number(r.attempts)]));
      claimedRows = picked.filter((m) => attempts.has(m.id)).map((m) => ({ ...m, attempts: attempts.get(m.id)!, c: cases.get(m.case_id)! }));
      if (claimedRows.length > 0) inFlight += 1;
      for (const m of taken) if (!attempts.has(m.id)) limiters[m.channel]?.refund();
    });
    claiming = claim.catch(() => undefined);
    await claim;
    const later = async (retries: Array<{ id: string; next: string }>) => {
      for (const r of [...rescheduled.map((x) => ({ id: x.id, next: x.until })), ...retries]) {
        await ctx.queue.enqueue('messaging.deliver', { messageId: r.id }, { runAt: new Date(r.next), jobKey: `message:${r.id}:${r.next}` });
      }
    };
    if (claimedRows.length === 0) {
      await later([]);
      return { outcomes, claimed: 0, throttled, waitMs };
    }
    const retries = await sendClaimed(claimedRows, outcomes).finally(() => {
      inFlight -= 1;
      slotWaiters.shift()?.();
    });
    await later(retries);
    return { outcomes, claimed: claimedRows.length, throttled, waitMs };
  }

  /** The provider calls of a claimed batch and their results, written in one transaction; returns the retries to schedule. */
  async function sendClaimed(claimedRows: Array<OutboxMessageTable & { c: CaseDetail }>, outcomes: Map<string, Outcome>) {

    // The provider calls: SMS numbers read in one query; a window of submissions outstanding per channel.
    const phones = await phonesOf(claimedRows.filter((m) => m.channel === 'sms'));
    const results = new Map<string, SendResult & { partIds?: string[] }>();
    for (const channel of ['sms', 'email', 'letter'] as const) {
      const list = claimedRows.filter((m) => m.channel === channel);
      let next = 0;
      await Promise.all(Array.from({ length: Math.min(WINDOW[channel], list.length) }, async () => {
        while (next < list.length) {
          const m = list[next++]!;
          try {
            results.set(m.id, m.channel === 'sms' ? await provideSms(m, phones.get(m.contact_point_id) ?? null, m.c) : await provide(m, m.c));
          } catch (e) {
            // No answer (lost link, timeout): the outcome is unknown — the row stays `sending` for the reconciler.
            ctx.logger.warn({ err: e, messageId: m.id }, 'no result from the provider; left `sending` for the reconciler');
          }
        }
      }));
    }

    // Every result in one transaction.
    const retries: Array<{ id: string; next: string }> = [];
    const iso = now().toISOString();
    await ctx.db.transaction().execute(async (trx) => {
      const parts = claimedRows.flatMap((m) => {
        const res = results.get(m.id);
        if (!res?.ok || m.channel !== 'sms') return [];
        return (res.partIds ?? [res.providerMessageId]).map((id, i) => ({ provider_message_id: id, message_id: m.id, part: i + 1, stat: null, receipt_at: null }));
      });
      for (let i = 0; i < parts.length; i += 200) {
        await trx.insertInto('sms_part').values(parts.slice(i, i + 200)).onConflict((oc) => oc.column('provider_message_id').doNothing()).execute();
      }
      // The sent ones in one statement per 200 (each its provider id through a CASE); failures one by one (rare).
      const sent = claimedRows.flatMap((m) => {
        const res = results.get(m.id);
        return res?.ok ? [[m.id, res.providerMessageId] as const] : [];
      });
      for (let i = 0; i < sent.length; i += 200) {
        const chunk = sent.slice(i, i + 200);
        const providerId = sql<string>`case id ${sql.join(chunk.map(([id, pid]) => sql`when ${id} then ${pid}`), sql` `)} end`;
        await trx.updateTable('outbox_message').set({ status: 'sent', provider_message_id: providerId, sent_at: iso, last_error: null, updated_at: iso })
          .where('id', 'in', chunk.map(([id]) => id)).where('status', '=', 'sending').execute();
        for (const [id] of chunk) outcomes.set(id, 'sent');
      }
      for (const m of claimedRows) {
        const res = results.get(m.id);
        if (!res || res.ok) continue;
        const upd = trx.updateTable('outbox_message').where('id', '=', m.id).where('status', '=', 'sending');
        if (res.permanent || m.attempts >= MAX_SEND_ATTEMPTS) {
          await upd.set({ status: 'failed', last_error: res.reason, updated_at: iso }).execute();
          outcomes.set(m.id, 'failed');
        } else {
          const next = new Date(now().getTime() + backoffMs(m.attempts)).toISOString();
          await upd.set({ status: 'queued', next_attempt_at: next, last_error: res.reason, updated_at: iso }).execute();
          outcomes.set(m.id, 'retry');
          retries.push({ id: m.id, next });
        }
      }
    });
    return retries;
  }

  /** Deliver one message if it is queued and due; safe to run twice (the claim is a conditional update). */
  async function deliver(messageId: string): Promise<Outcome> {
    return (await deliverBatch([messageId], 1)).outcomes.get(messageId) ?? 'skipped';
  }

  /**
   * The `messaging.deliver` job: drains every due message in batches of BATCH (oldest first), two batches in flight
   * (one claims while the other is on the wire; claims are serialized per process), an empty rate bucket waiting for
   * its next token; then its own message if still due. Messages queued meanwhile get a new job (the running one has
   * given its key up), so nothing waits for the minute sweep.
   */
  async function deliverJob(messageId: string, signal?: AbortSignal): Promise<void> {
    const loop = async () => {
      while (!signal?.aborted) {
        const b = await deliverBatch(null, BATCH);
        if (b.claimed > 0) continue;
        if (b.throttled === 0) return;
        await new Promise((resolve) => setTimeout(resolve, Math.min(1000, Math.max(10, b.waitMs))));
      }
    };
    await Promise.all([loop(), loop()]);
    if (!signal?.aborted) await deliver(messageId);
  }

  function blockingRules(d: Decision): string {
    return [...new Set(d.reasons.filter((r) => r.outcome === 'block').map((r) => r.ruleId))].join(' ');
  }

  async function provide(m: OutboxMessageTable, c: CaseDetail): Promise<SendResult> {
    if (m.channel !== 'email') return { ok: false as const, permanent: true, reason: `channel ${m.channel} is not available` };
    const row = await ctx.db.selectFrom('email_address').select('address_enc').where('id', '=', m.contact_point_id).where('debtor_id', '=', c.debtorId).executeTakeFirst();
    if (!row) return { ok: false as const, permanent: true, reason: 'the email address no longer exists' };
    let s: EmailSender;
    try {
      s = email();
    } catch (e) {
      return { ok: false as const, permanent: false, reason: e instanceof Error ? e.message : String(e) };
    }
    const link = unsubscribeUrl(m.id);
    return s.send({
      messageId: `<${m.id}@concord>`, from: ctx.config.smtpFrom, to: ctx.pii.decrypt('email', row.address_enc), subject: m.subject ?? '',
      text: m.body, html: toHtml(m.body, link), unsubscribeUrl: link,
    });
  }

  /** The numbers of a batch's SMS, one read, each decrypted once. */
  async function phonesOf(ms: OutboxMessageTable[]): Promise<Map<string, { debtorId: string; number: string }>> {
    const ids = [...new Set(ms.map((m) => m.contact_point_id))];
    const out = new Map<string, { debtorId: string; number: string }>();
    for (let i = 0; i < ids.length; i += 500) {
      const rows = await ctx.db.selectFrom('phone').select(['id', 'debtor_id', 'number_enc']).where('id', 'in', ids.slice(i, i + 500)).execute();
      for (const r of rows) out.set(r.id, { debtorId: r.debtor_id, number: ctx.pii.decrypt('phone', r.number_enc) });
    }
    return out;
  }

  async function provideSms(m: OutboxMessageTable, phone: { debtorId: string; number: string } | null, c: CaseDetail): Promise<SendResult & { partIds?: string[] }> {
    if (!phone || phone.debtorId !== c.debtorId) return { ok: false, permanent: true, reason: 'the phone number no longer exists' };
    let client: SmppClient;
    try {
      client = sms();
    } catch (e) {
      return { ok: false, permanent: false, reason: e instanceof Error ? e.message : String(e) };
    }
    return client.submit(phone.number, m.body);
  }

  /** A final delivery receipt for one part: all parts DELIVRD → `delivered`; any part failed → `failed` with its stat. */
  async function smsReceipt(r: Receipt, tries = 0): Promise<void> {
    if (!r.final) return;
    const part = await ctx.db.selectFrom('sms_part').selectAll().where('provider_message_id', '=', r.providerMessageId).executeTakeFirst();
    if (!part) {
      // The receipt can overtake the write of the part ids (the SMSC answered and reported at once): look again shortly.
      if (tries < 3) {
        await new Promise((resolve) => setTimeout(resolve, 500 * (tries + 1)).unref());
        return smsReceipt(r, tries + 1);
      }
      ctx.logger.warn({ providerMessageId: r.providerMessageId }, 'delivery receipt for an unknown SMS');
      return;
    }
    const at = now().toISOString();
    await ctx.db.transaction().execute(async (trx) => {
      // Receipts for the parts of one message may be handled at once: lock the message so the last one sees every part.
      let lock = trx.selectFrom('outbox_message').select('id').where('id', '=', part.message_id);
      if (ctx.dialect === 'postgres') lock = lock.forUpdate();
      await lock.executeTakeFirst();
      await trx.updateTable('sms_part').set({ stat: r.stat, receipt_at: at }).where('provider_message_id', '=', r.providerMessageId).execute();
      const parts = await trx.selectFrom('sms_part').select('stat').where('message_id', '=', part.message_id).execute();
      const failed = parts.find((p) => p.stat !== null && p.stat !== 'DELIVRD');
      const open = ['sending', 'sent', 'unknown'] as const;
      if (failed) {
        await trx.updateTable('outbox_message').set({ status: failed.stat === 'EXPIRED' ? 'expired' : 'failed', last_error: `delivery receipt stat:${failed.stat}`, updated_at: at })
          .where('id', '=', part.message_id).where('status', 'in', [...open, 'delivered']).execute();
      } else if (parts.every((p) => p.stat === 'DELIVRD')) {
        await trx.updateTable('outbox_message').set({ status: 'delivered', updated_at: at }).where('id', '=', part.message_id).where('status', 'in', [...open]).execute();
      }
    });
  }

  /**
   * A medium opt-out from the debtor (an SMS reply 退订/TD, an email's unsubscribe link), in the caller's transaction:
   * nothing if that contact point is already opted out for the channel, else the event and its audit entry.
   * Returns the new event's id, or null when it was already recorded.
   */
  async function optOutOnce(trx: Transaction<DB>, o: {
    debtorId: string; caseId: string; channel: 'sms' | 'email'; contactPointId: string; at: string; note: string;
    audit: { action: 'messaging.sms_opt_out' | 'messaging.unsubscribed'; after: Record<string, unknown> };
  }): Promise<string | null> {
    const prior = await trx.selectFrom('contact_event').select('id').where('debtor_id', '=', o.debtorId).where('type', '=', 'medium_opt_out')
      .where('channel', '=', o.channel).where('contact_point_id', '=', o.contactPointId).executeTakeFirst();
    if (prior) return null;
    const eventId = await recordMediumOptOut(trx, { caseId: o.caseId, channel: o.channel, contactPointId: o.contactPointId, at: o.at, note: o.note });
    await ctx.audit.record(systemActor, { action: o.audit.action, entityType: 'contact_event', entityId: eventId, after: o.audit.after }, trx);
    return eventId;
  }

  /** A mobile-originated SMS: an opt-out keyword records a medium opt-out for the number; anything else lands on the case. */
  async function smsInbound(mo: { from: string; text: string }): Promise<void> {
    const phones = await ctx.db.selectFrom('phone').select(['id', 'debtor_id']).where('number_hash', '=', ctx.pii.lookupHash('phone', mo.from)).execute();
    if (phones.length === 0) {
      ctx.logger.info('SMS reply from a number no debtor has');
      return;
    }
    const at = now().toISOString();
    const optOut = isOptOutKeyword(mo.text);
    for (const ph of phones) {
      const sent = await ctx.db.selectFrom('outbox_message').select('case_id').where('contact_point_id', '=', ph.id).where('channel', '=', 'sms')
        .orderBy('created_at', 'desc').limit(1).executeTakeFirst();
      const kase = sent ?? await ctx.db.selectFrom('collection_case').select('id as case_id').where('debtor_id', '=', ph.debtor_id).orderBy('created_at', 'desc').limit(1).executeTakeFirst();
      if (!kase) continue;
      await ctx.db.transaction().execute(async (trx) => {
        if (optOut) {
          await optOutOnce(trx, {
            debtorId: ph.debtor_id, caseId: kase.case_id, channel: 'sms', contactPointId: ph.id, at, note: `SMS reply "${mo.text.trim().slice(0, 50)}"`,
            audit: { action: 'messaging.sms_opt_out', after: { caseId: kase.case_id } },
          });
          return;
        }
        await trx.insertInto('inbound_message').values({
          id: newId(), case_id: kase.case_id, debtor_id: ph.debtor_id, channel: 'sms', contact_point_id: ph.id, body: mo.text, received_at: at,
        }).execute();
      });
    }
  }

  /** Every queued message that is due, oldest first, up to `limit` (the recurring sweep; per-message jobs normally get there first). */
  async function deliverDue(limit = BATCH) {
    const b = await deliverBatch(null, limit);
    const counts: Record<Outcome, number> = { sent: 0, rescheduled: 0, failed: 0, retry: 0, skipped: 0, throttled: 0 };
    for (const o of b.outcomes.values()) counts[o] += 1;
    return counts;
  }

  /** `sending` rows whose worker vanished: the provider may or may not have them, so they become `unknown`, not resent. */
  async function reconcile() {
    const at = now();
    const cutoff = new Date(at.getTime() - STALE_SENDING_MS).toISOString();
    const rows = await ctx.db.selectFrom('outbox_message').select('id').where('status', '=', 'sending').where('sending_at', '<', cutoff).execute();
    if (rows.length === 0) return { unknown: 0 };
    await ctx.db.transaction().execute(async (trx) => {
      await trx.updateTable('outbox_message').set({ status: 'unknown', last_error: 'no result from the provider after the send started; reconcile before resending', updated_at: at.toISOString() })
        .where('id', 'in', rows.map((r) => r.id)).where('status', '=', 'sending').execute();
      await ctx.audit.record(systemActor, { action: 'messaging.reconciled_unknown', entityType: 'outbox_message', entityId: null, after: { ids: rows.map((r) => r.id) } }, trx);
    });
    return { unknown: rows.length };
  }

  /** The unsubscribe link: a medium opt-out for the email address the message went to. Idempotent. */
  async function unsubscribe(token: string) {
    const [id = '', mac = ''] = token.split('.');
    const want = Buffer.from(sign(id));
    const got = Buffer.from(mac);
    if (!id || want.length !== got.length || !timingSafeEqual(want, got)) throw new AppError('messaging.bad_token');
    const m = await ctx.db.selectFrom('outbox_message').selectAll().where('id', '=', id).executeTakeFirst();
    if (!m || m.channel !== 'email') throw new AppError('messaging.bad_token');
    const at = now().toISOString();
    await ctx.db.transaction().execute((trx) => optOutOnce(trx, {
      debtorId: m.debtor_id, caseId: m.case_id, channel: 'email', contactPointId: m.contact_point_id, at, note: `unsubscribe link of message ${m.id}`,
      audit: { action: 'messaging.unsubscribed', after: { messageId: m.id, caseId: m.case_id } },
    }));
    return { ok: true };
  }

  /** Closes the SMTP transport and the process's SMPP session (unbind, then the socket). */
  async function close() {
    sender?.close();
    sender = null;
    const s = processSms;
    processSms = null;
    await s?.client.close();
  }

  return { createTemplate, addVersion, approve, getTemplate, listTemplates, letterRulesOf, agencyName, send, prepareMessage, prepareMessages, queueIn, listMessages, deliver, deliverJob, deliverDue, reconcile, unsubscribe, tokenFor, close, smsReceipt, smsInbound };
}
export type MessagingService = ReturnType<typeof createMessagingService>;
