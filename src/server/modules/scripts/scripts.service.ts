// The call script (话术, issue 5, item 2). The panel reads the script rendered for one case: the locale its debtor's
// preferred language picks, the collector's name, the agency, the creditor and the debtor filled in, and the
// situation the case's record points to (with the reason). Supervisors edit the sections per locale; a save runs the
// packs' content rules on every changed section (the third-party lines as a third party would hear them, so any
// mention of the debt is refused), refuses a section someone else saved in between, and audits each change with
// the text before and after.
import type { CaseDetail } from '../../../contracts/cases.js';
import type { CaseScript, ScriptItem, ScriptUpdate, ScriptUpdateResponse } from '../../../contracts/scripts.js';
import type { Decision, PartyRole } from '../../../core/compliance/types.js';
import {
  chooseSituation, openingRequiredVariables, renderScript, scriptLocaleFor, scriptSections, scriptSituations, thirdPartyForbiddenVariables,
  unknownScriptVariables, variablesIn, type ScriptLocale, type ScriptSection, type ScriptValues,
} from '../../../core/scripts/script.js';
import type { AppContext } from '../../context.js';
import { actorOf, requirePermission, type Principal } from '../../platform/access.js';
import { AppError, defineErrors, type FieldIssue } from '../../platform/errors.js';
import type { CaseService } from '../cases/index.js';
import type { ComplianceService } from '../compliance/index.js';
import { formatMinor } from '../../platform/money.js';

export const ScriptErrors = defineErrors({
  'scripts.invalid': { kind: 'validation', zh: '话术未通过检查：{detail}', en: 'The script failed its checks: {detail}' },
  'scripts.stale': { kind: 'conflict', zh: '话术“{section}”已被他人修改，请刷新后再保存', en: 'The script section "{section}" was changed by someone else; reload before saving' },
});

/** The sections' names in messages. */
export const sectionNames: Record<ScriptSection, { zh: string; en: string }> = {
  opening: { zh: '开场白', en: 'Opening' },
  purpose: { zh: '说明来意', en: 'Purpose' },
  unemployment: { zh: '失业', en: 'Unemployment' },
  illness: { zh: '疾病', en: 'Illness' },
  dispute: { zh: '异议', en: 'Dispute' },
  hardship: { zh: '经济困难', en: 'Hardship' },
  refusal: { zh: '拒绝还款', en: 'Refusal' },
  third_party: { zh: '第三方接听', en: 'Third party answers' },
  negotiation: { zh: '协商', en: 'Negotiation' },
  closing: { zh: '结束语', en: 'Closing' },
};

/** A script may be read to any creditor's debtor: it passes the content rules of every shipped default set. */
const SCRIPT_PACKS = ['cn-default', 'us-default', 'uk-default'];
/** The content rules that stand for call scripts (the `call` channel's variants of the identity rules). */
const CHANNEL = 'call' as const;

type Reason = Decision['reasons'][number];
const spanZh = (r: Reason) => (r.spans?.length ? `：${r.spans.map((s) => `「${s.text}」`).join('')}` : '');
const spanEn = (r: Reason) => (r.spans?.length ? `: ${r.spans.map((s) => `"${s.text}"`).join(', ')}` : '');

function sampleValues(locale: ScriptLocale, agencyName: string): ScriptValues {
  const zh = locale === 'zh-CN';
  return {
    collectorName: zh ? '王敏' : 'Sam Lee',
    agencyName,
    creditorName: zh ? '示例银行' : 'Example Bank',
    debtorName: zh ? '张三' : 'Alex Smith',
    amountDue: zh ? '¥1,234.56' : '$1,234.56',
  };
}

export function createScriptService(ctx: AppContext, deps: { cases: CaseService; compliance: ComplianceService }) {
  const { db, clock, audit } = ctx;

  async function agencyName(): Promise<string> {
    const a = await db.selectFrom('agency').select('name').orderBy('created_at').executeTakeFirst();
    return a?.name ?? 'Concord';
  }

  async function rows(locale?: ScriptLocale) {
    let q = db.selectFrom('call_script').leftJoin('app_user', 'app_user.id', 'call_script.updated_by')
      .select(['call_script.locale', 'call_script.section', 'call_script.body', 'call_script.tip', 'call_script.version', 'call_script.updated_by', 'call_script.updated_at', 'app_user.display_name']);
    if (locale) q = q.where('call_script.locale', '=', locale);
    const list = await q.execute();
    const order = (s: string) => scriptSections.indexOf(s as ScriptSection);
    return list
      .filter((r) => order(r.section) >= 0)
      .sort((a, b) => a.locale.localeCompare(b.locale) || order(a.section) - order(b.section))
      .map((r): ScriptItem => ({
        locale: r.locale as ScriptLocale, section: r.section as ScriptSection, body: r.body, tip: r.tip, version: Number(r.version),
        updatedBy: r.updated_by, updatedByName: r.display_name ?? null, updatedAt: r.updated_at,
      }));
  }

  // --- the panel

  function amountDue(c: CaseDetail, locale: ScriptLocale): string {
    const minor = c.accounts.reduce((s, a) => s + a.outstandingMinor, 0);
    const currency = c.accounts[0]?.currency ?? c.currency ?? 'CNY';
    return formatMinor(minor, currency, locale);
  }

  async function forCase(p: Principal, caseId: string): Promise<CaseScript> {
    requirePermission(p, 'cases.read');
    // Scope: 404 outside the caller's cases. Balances as the case page shows them (less later payments).
    const c = await deps.cases.get(p, caseId, { balances: true });
    const locale = scriptLocaleFor(c.debtor.preferredLanguage);
    const [items, agency, events, notes] = await Promise.all([
      rows(locale),
      agencyName(),
      db.selectFrom('contact_event').select(['type', 'at', 'until_at', 'case_id'])
        .where('debtor_id', '=', c.debtorId).where('type', 'in', ['dispute', 'hold_hardship', 'cease', 'unreachable'])
        .where((eb) => eb.or([eb('case_id', '=', c.id), eb('case_id', 'is', null)])).execute(),
      db.selectFrom('contact_attempt').select(['notes', 'created_at', 'completed_at'])
        .where('case_id', '=', c.id).where('notes', 'is not', null).orderBy('created_at', 'desc').limit(20).execute(),
    ]);
    const choice = chooseSituation({
      events: events.map((e) => ({ type: e.type, at: e.at, untilAt: e.until_at })),
      notes: notes.map((n) => ({ at: n.completed_at ?? n.created_at, text: n.notes ?? '' })),
      occupation: c.debtor.occupation,
      now: clock.now().toISOString(),
    });
    const values: ScriptValues = {
      collectorName: p.kind === 'user' ? p.displayName : '',
      agencyName: agency,
      creditorName: c.creditorName,
      debtorName: c.debtor.fullName,
      amountDue: amountDue(c, locale),
    };
    const bySection = new Map(items.map((i) => [i.section, i]));
    const line = (s: ScriptSection) => {
      const it = bySection.get(s);
      return { body: it ? renderScript(it.body, values) : '', tip: it?.tip ?? '' };
    };
    return {
      caseId: c.id, locale, preferredLanguage: c.debtor.preferredLanguage, situation: choice.situation, reason: choice.reason,
      opening: line('opening'), purpose: line('purpose'),
      situations: Object.fromEntries(scriptSituations.map((s) => [s, line(s)])) as CaseScript['situations'],
      negotiation: line('negotiation'), closing: line('closing'),
    };
  }

  // --- the editor

  async function list(p: Principal): Promise<{ items: ScriptItem[] }> {
    requirePermission(p, 'templates.manage');
    return { items: await rows() };
  }

  /** Variable rules and content rules of one section; issues name the section and field. */
  function checkSection(locale: ScriptLocale, section: ScriptSection, edit: { body: string; tip: string }, agency: string) {
    const issues: FieldIssue[] = [];
    const warnings: ScriptUpdateResponse['warnings'] = [];
    const name = sectionNames[section];
    const path = (f: 'body' | 'tip') => `sections.${section}.${f}`;
    const label = (f: 'body' | 'tip') => ({ zh: `「${name.zh}」${f === 'body' ? '台词' : '提示'}`, en: `${name.en} ${f === 'body' ? 'lines' : 'tip'}` });
    for (const f of ['body', 'tip'] as const) {
      const unknown = unknownScriptVariables(edit[f]);
      if (unknown.length) issues.push({ path: path(f), message: `${label(f).zh}：未知变量 ${unknown.join(', ')}`, messageEn: `${label(f).en}: unknown variables ${unknown.join(', ')}` });
    }
    const used = variablesIn(edit.body);
    if (section === 'opening') {
      const missing = openingRequiredVariables.filter((v) => !used.includes(v));
      if (missing.length) {
        const vars = missing.map((v) => `{{${v}}}`).join('、');
        issues.push({ path: path('body'), message: `${label('body').zh}：须表明催收员和机构身份，缺少 ${vars}`, messageEn: `${label('body').en}: must identify the collector and the institution; missing ${vars}` });
      }
    }
    if (section === 'third_party') {
      const bad = thirdPartyForbiddenVariables.filter((v) => used.includes(v));
      if (bad.length) {
        const vars = bad.map((v) => `{{${v}}}`).join('、');
        issues.push({ path: path('body'), message: `${label('body').zh}：不得向第三方提及委托方或金额（${vars}）`, messageEn: `${label('body').en}: never name the creditor or the amount to a third party (${vars})` });
      }
    }
    const sample = sampleValues(locale, agency);
    for (const f of ['body', 'tip'] as const) {
      if (!edit[f].trim()) continue;
      // The lines are heard by the party of the section; a tip is read by the collector only (checked as the debtor's).
      const role: PartyRole = section === 'third_party' && f === 'body' ? 'third_party' : 'debtor';
      const d = deps.compliance.contentCheck(SCRIPT_PACKS, CHANNEL, renderScript(edit[f], sample), agency, role);
      for (const r of d.reasons) {
        if (r.outcome === 'block') {
          issues.push({ path: path(f), message: `${label(f).zh}：${r.ruleId} ${r.message['zh-CN']}${spanZh(r)}`, messageEn: `${label(f).en}: ${r.ruleId} ${r.message.en}${spanEn(r)}` });
        } else if (r.spans?.length || (section === 'opening' && f === 'body')) {
          // Required-element warnings (identity, disclosure) speak to the opening; elsewhere only quoted spans matter.
          warnings.push({ section, field: f, reason: { ...r, outcome: 'warn' } });
        }
      }
    }
    return { issues, warnings };
  }

  async function update(p: Principal, req: ScriptUpdate): Promise<ScriptUpdateResponse> {
    requirePermission(p, 'templates.manage');
    const userId = p.kind === 'user' ? p.userId : null;
    const agency = await agencyName();
    const edits = scriptSections.flatMap((s) => (req.sections[s] ? [{ section: s, ...req.sections[s] }] : []));
    const issues: FieldIssue[] = [];
    const warnings: ScriptUpdateResponse['warnings'] = [];
    for (const e of edits) {
      const r = checkSection(req.locale, e.section, e, agency);
      issues.push(...r.issues);
      warnings.push(...r.warnings);
    }
    if (issues.length) {
      const detail = [...new Set(issues.map((i) => i.path.split('.')[1]!))].map((s) => sectionNames[s as ScriptSection].zh).join('、');
      throw new AppError(ScriptErrors['scripts.invalid'], { detail, issues });
    }
    const at = clock.now().toISOString();
    const changed: ScriptSection[] = [];
    await db.transaction().execute(async (trx) => {
      for (const e of edits) {
        const cur = await trx.selectFrom('call_script').selectAll().where('locale', '=', req.locale).where('section', '=', e.section).executeTakeFirst();
        if (!cur || Number(cur.version) !== e.version) throw new AppError(ScriptErrors['scripts.stale'], { section: sectionNames[e.section].zh });
        if (cur.body === e.body && cur.tip === e.tip) continue;
        const n = await trx.updateTable('call_script').set({ body: e.body, tip: e.tip, version: e.version + 1, updated_by: userId, updated_at: at })
          .where('id', '=', cur.id).where('version', '=', e.version).executeTakeFirst();
        if (Number(n.numUpdatedRows) !== 1) throw new AppError(ScriptErrors['scripts.stale'], { section: sectionNames[e.section].zh });
        await audit.record(actorOf(p), {
          action: 'scripts.updated', entityType: 'call_script', entityId: cur.id,
          before: { locale: cur.locale, section: cur.section, body: cur.body, tip: cur.tip, version: Number(cur.version) },
          after: { locale: req.locale, section: e.section, body: e.body, tip: e.tip, version: e.version + 1 },
        }, trx);
        changed.push(e.section);
      }
    });
    return { items: await rows(), changed, warnings };
  }

  return { forCase, list, update };
}
export type ScriptService = ReturnType<typeof createScriptService>;
