// Letters (issue 6, item 5): from an approved letter template, for one of the debtor's own addresses. The engine
// decides the contact (channel letter, the address as the contact point: hours do not apply to a letter, holds,
// cease and opt-outs do) and the attempt is recorded; if allowed, the letter's PDF — with the full postal address,
// decrypted through the PII cipher — is stored on the case in the same transaction, and the decryption is audited
// as `letter.generate` (a reveal by another name: the address leaves the system on paper). Blocked: no document.
import type { CaseDetail } from '../../../contracts/cases.js';
import type { LetterRequest } from '../../../contracts/letters.js';
import { itemize, validationPeriod } from '../../../core/letters/validation-period.js';
import type { AppContext } from '../../context.js';
import { actorOf, requirePermission, type Principal } from '../../platform/access.js';
import { calendarDate } from '../../platform/clock.js';
import { AppError, defineErrors } from '../../platform/errors.js';
import type { CaseService } from '../cases/index.js';
import { visitNoticeWindow } from '../visits/index.js';
import type { ComplianceService } from '../compliance/index.js';
import { renderPdf, sha256Hex, storeDocumentIn } from '../documents/index.js';
import type { MessagingService, TemplateValues } from '../messaging/index.js';
import { render } from '../messaging/index.js';
import { itemizationText, letterSpec } from './letters.layout.js';
import { formatMinor } from '../../platform/money.js';

export const LetterErrors = defineErrors({
  'letters.not_letter_template': { kind: 'validation', zh: '所选模板不是信函模板', en: 'The template is not a letter template' },
  'letters.unknown_address': { kind: 'validation', zh: '债务人没有这个地址', en: 'The debtor has no such address' },
  'letters.visit_request_required': { kind: 'validation', zh: '上门通知函须从上门申请生成（缺少 visitRequestId）', en: 'A notice of visit is generated from a visit request (visitRequestId is missing)' },
});

export function createLetterService(ctx: AppContext, deps: { cases: CaseService; compliance: ComplianceService; messaging: MessagingService }) {
  const { db } = ctx;

  /** POST /api/cases/:id/letters — decide, record the attempt, and store the letter if allowed; one transaction. */
  async function generate(p: Principal, caseId: string, req: LetterRequest) {
    requirePermission(p, 'contacts.attempt');
    const c: CaseDetail = await deps.cases.get(p, caseId);
    const t = await deps.messaging.getTemplate(req.templateId);
    if (t.channel !== 'letter') throw new AppError(LetterErrors['letters.not_letter_template'], { issues: [{ path: 'templateId', message: '所选模板不是信函模板', messageEn: 'The template is not a letter template' }] });
    const v = t.versions.find((x) => x.id === t.approvedVersionId);
    if (!v) throw new AppError('messaging.no_approved_version', { issues: [{ path: 'templateId', message: '该模板没有已审批的版本', messageEn: 'This template has no approved version' }] });
    const addr = c.addresses.find((a) => a.id === req.addressId && a.contactPersonId === null);
    const row = addr && await db.selectFrom('address').select(['region_text', 'detail_enc']).where('id', '=', addr.id).where('debtor_id', '=', c.debtorId).executeTakeFirst();
    if (!addr || !row) throw new AppError(LetterErrors['letters.unknown_address'], { issues: [{ path: 'addressId', message: '债务人没有这个地址', messageEn: 'The debtor has no such address' }] });

    const [creditor, accounts, agencyName] = await Promise.all([
      db.selectFrom('creditor').select(['name', 'time_zone']).where('id', '=', c.creditorId).executeTakeFirstOrThrow(),
      db.selectFrom('debt_account').selectAll().where('case_id', '=', c.id).orderBy('external_loan_id').execute(),
      deps.messaging.agencyName(),
    ]);
    const rules = deps.messaging.letterRulesOf(t.rulePacks);
    const locale = t.locale;
    const zh = locale.startsWith('zh');
    const mailedOn = calendarDate(ctx.clock.now(), creditor.time_zone);
    const validation = rules.validationPeriodDays !== null ? validationPeriod(mailedOn, rules.validationPeriodDays) : null;
    const itemization = itemize(accounts.map((a) => ({
      reference: a.external_loan_id, originationDate: a.origination_date, principalMinor: Number(a.principal_minor), outstandingPrincipalMinor: Number(a.outstanding_principal_minor),
      outstandingInterestMinor: Number(a.outstanding_interest_minor), outstandingPenaltyMinor: Number(a.outstanding_penalty_minor), outstandingFeesMinor: Number(a.outstanding_fees_minor),
    })));
    const currency = accounts[0]?.currency ?? c.currency;
    const money = (minor: number) => formatMinor(minor, currency, zh ? 'zh-CN' : 'en');
    const fullAddress = `${row.region_text}${zh ? '' : ', '}${ctx.pii.decrypt('address', row.detail_enc)}`;
    const values = (address: string): TemplateValues => ({
      debtorName: c.debtor.fullName, amountDue: money(itemization.total.currentMinor), dueDate: mailedOn, agencyName, creditorName: creditor.name,
      paymentInstructions: zh ? '请通过委托方官方渠道还款，切勿转账至个人账户' : "Pay only through the creditor's official channels", optOut: '', planTerms: '',
      debtorAddress: address, itemization: itemizationText({ locale, currency, itemization }), validationEndDate: validation?.endDate ?? '', visitWindow,
    });
    // A notice of visit names the visit's window, from its request (planned: the stop's window; approved: the coming week).
    const usesVisitWindow = /\{\{\s*visitWindow\s*\}\}/.test(`${v.subject ?? ''}\n${v.body}`);
    if (usesVisitWindow && !req.visitRequestId) {
      throw new AppError(LetterErrors['letters.visit_request_required'], { issues: [{ path: 'visitRequestId', message: '上门通知函须从上门申请生成', messageEn: 'A notice of visit is generated from a visit request' }] });
    }
    const visitWindow = req.visitRequestId ? await visitNoticeWindow(db, c.id, req.visitRequestId, creditor.time_zone, ctx.clock.now(), locale) : '';
    const kind = rules.kind;
    const title = render(v.subject ?? t.name, values(fullAddress));
    const pdf = await renderPdf(letterSpec({
      kind, locale, title, body: v.body, values: values(fullAddress), agencyName, creditorName: creditor.name, debtorName: c.debtor.fullName, address: fullAddress,
      caseId: c.id, mailedOn, currency, itemization, validation,
    }), ctx.clock.now());
    // What the engine reads and the attempt keeps: the letter's text with the address masked (the record is no copy of the address).
    const masked = values(`${addr.region} ${addr.detailMasked}`);
    const content = [render(v.subject ?? t.name, masked), render(v.body, masked)].join('\n');
    const userId = p.kind === 'user' ? p.userId : null;

    return db.transaction().execute(async (trx) => {
      const r = await deps.compliance.attemptIn(trx, c, {
        channel: 'letter', partyKind: 'debtor', partyId: c.debtorId, contactPointId: addr.id, content, institution: agencyName, recording: false, agentIds: [],
      }, userId);
      if (r.decision.outcome === 'block') return { decision: r.decision, attempt: r.attempt, document: null };
      const fileName = `${usesVisitWindow ? (zh ? '上门通知函' : 'notice-of-visit') : zh ? (kind === 'validation_notice' ? '债务验证通知' : '催收通知函') : kind === 'validation_notice' ? 'validation-notice' : 'collection-notice'}-${mailedOn}.pdf`;
      const at = ctx.clock.now().toISOString();
      const documentId = await storeDocumentIn(trx, ctx.audit, actorOf(p), {
        caseId: c.id, kind, title, fileName, mimeType: 'application/pdf', locale, content: pdf, sourceType: 'contact_attempt', sourceId: r.attempt.id, createdBy: userId, at,
      });
      await ctx.audit.record(actorOf(p), {
        action: 'letter.generate', entityType: 'case', entityId: c.id,
        meta: { field: 'address', itemId: addr.id, documentId, attemptId: r.attempt.id, templateVersionId: v.id, kind, validationEndDate: validation?.endDate ?? null, visitRequestId: req.visitRequestId ?? null },
      }, trx);
      return {
        decision: r.decision, attempt: r.attempt,
        document: { id: documentId, kind, title, fileName, mimeType: 'application/pdf', locale, sizeBytes: pdf.length, sha256: sha256Hex(pdf), createdAt: at },
      };
    });
  }

  return { generate };
}

export type LetterService = ReturnType<typeof createLetterService>;
