// The plan agreement (还款计划协议): the document the debtor keeps, made when a plan is activated, and the short
// terms line that the confirmation SMS or email carries ({{planTerms}}). Chinese by default; English when the
// debtor's preferred language is English. Elements: the parties, the debt and what is waived, the plan's kind,
// rate and totals, the full schedule, how to pay (official channels only; no cash, no personal accounts), when the
// plan counts as broken (the creditor's grace), that collection stops while the plan is kept (CN-C04), how to
// dispute, the affordability assessment it rests on, and signature lines.
import type { CaseDetail } from '../../../contracts/cases.js';
import type { PlanOut } from '../../../contracts/negotiation.js';
import type { PdfBlock, PdfSpec } from '../documents/index.js';
import { formatMinor } from '../../platform/money.js';

export type AgreementParties = { creditorName: string; agencyName: string; graceDays: number };

const METHOD: Record<PlanOut['method'], { zh: string; en: string }> = {
  settlement: { zh: '一次性结清（含减免）', en: 'Settlement in full (with a discount)' },
  'interest-free': { zh: '免息分期', en: 'Interest-free installments' },
  annuity: { zh: '等额本息分期', en: 'Equal installments with interest' },
  'equal-principal': { zh: '等额本金分期', en: 'Equal principal installments' },
  'step-up': { zh: '阶梯式分期', en: 'Step-up installments' },
  deferral: { zh: '困难延期后分期', en: 'Hardship deferral, then installments' },
};

export const agreementLocale = (c: Pick<CaseDetail, 'debtor'>): 'zh-CN' | 'en' => (/^en/i.test(c.debtor.preferredLanguage) ? 'en' : 'zh-CN');

/** Locales here are 'zh-CN' or 'en'. */
const moneyOf = (locale: string, currency: string) => (minor: number) => formatMinor(minor, currency, locale);

/** The terms line of the confirmation message: installments, the first due date and amount, the total. */
export function planTermsText(plan: PlanOut, locale: string): string {
  const zh = locale !== 'en';
  const money = moneyOf(zh ? 'zh-CN' : 'en', plan.currency);
  const first = plan.installments[0];
  const n = plan.installments.length;
  const amounts = new Set(plan.installments.map((i) => i.amountMinor));
  if (zh) {
    if (n === 1) return `一次性还款${money(first?.amountMinor ?? plan.totalMinor)}，还款日${first?.dueDate ?? plan.startDate}`;
    const each = amounts.size === 1 ? `每期${money(first!.amountMinor)}` : `首期${money(first!.amountMinor)}`;
    return `分${n}期，${each}，首期还款日${first!.dueDate}，合计${money(plan.totalMinor)}`;
  }
  if (n === 1) return `one payment of ${money(first?.amountMinor ?? plan.totalMinor)} due ${first?.dueDate ?? plan.startDate}`;
  const each = amounts.size === 1 ? `of ${money(first!.amountMinor)}` : `starting with ${money(first!.amountMinor)}`;
  return `${n} installments ${each}, the first due ${first!.dueDate}, ${money(plan.totalMinor)} in all`;
}

export function agreementSpec(plan: PlanOut, c: CaseDetail, parties: AgreementParties, locale: 'zh-CN' | 'en', madeOn: string): PdfSpec {
  const zh = locale === 'zh-CN';
  const money = moneyOf(locale, plan.currency);
  const pct = (bp: number) => `${(bp / 100).toFixed(2).replace(/\.?0+$/, '')}%`;
  const L = (a: string, b: string) => (zh ? a : b);
  const totals = plan.installments.reduce((s, i) => ({ amount: s.amount + i.amountMinor, principal: s.principal + i.principalMinor, interest: s.interest + i.interestMinor }), { amount: 0, principal: 0, interest: 0 });
  const blocks: PdfBlock[] = [
    { kind: 'heading', text: L('一、当事人', '1. Parties') },
    {
      kind: 'fields',
      rows: [
        [L('债权人（委托方）', 'Creditor'), parties.creditorName],
        [L('受托催收机构', 'Collection agency'), parties.agencyName],
        [L('债务人', 'Debtor'), c.debtor.fullName],
        [L('证件号码', 'ID number'), c.debtor.nationalIdMasked ?? L('（未登记）', '(not on file)')],
        [L('案件编号', 'Case'), c.id],
      ],
    },
    { kind: 'heading', text: L('二、债务与方案', '2. The debt and the plan') },
    {
      kind: 'fields',
      rows: [
        [L('协议时欠款总额', 'Owed when agreed'), money(plan.balanceMinor)],
        [L('减免金额', 'Waived'), plan.waivedMinor > 0 ? `${money(plan.waivedMinor)}（${pct(plan.discountBp)}）` : L('无', 'none')],
        [L('方案类型', 'Plan'), zh ? METHOD[plan.method].zh : METHOD[plan.method].en],
        [L('期数', 'Installments'), String(plan.installments.length)],
        [L('年利率', 'Annual rate'), plan.annualRateBp > 0 ? pct(plan.annualRateBp) : L('免息', 'none')],
        [L('应还总额', 'Total payable'), money(plan.totalMinor)],
        [L('罚息', 'Penalty interest'), plan.penaltyFrozen ? L('按约履行期间暂停计收', 'frozen while the plan is kept') : L('按原合同约定', 'as in the original contract')],
        [L('生效日期', 'Effective'), madeOn],
      ],
    },
    { kind: 'paragraph', text: zh ? plan.summary['zh-CN'] : plan.summary.en, muted: true },
    { kind: 'heading', text: L('三、还款计划', '3. Schedule') },
    {
      kind: 'table',
      columns: [
        { title: L('期次', 'No.'), width: 1 },
        { title: L('还款日', 'Due'), width: 2.2 },
        { title: L('应还金额', 'Amount'), width: 2.4, align: 'right' },
        { title: L('本金', 'Principal'), width: 2.4, align: 'right' },
        { title: L('利息', 'Interest'), width: 2, align: 'right' },
      ],
      rows: plan.installments.map((i) => [String(i.seq), i.dueDate, money(i.amountMinor), money(i.principalMinor), money(i.interestMinor)]),
      footer: [L('合计', 'Total'), '', money(totals.amount), money(totals.principal), money(totals.interest)],
    },
    { kind: 'heading', text: L('四、还款方式', '4. How to pay') },
    {
      kind: 'paragraph',
      text: L(
        `请通过${parties.creditorName}的官方还款渠道按期足额还款。切勿向任何个人账户转账；催收人员不收取现金，也无权要求您通过其他渠道付款。`,
        `Pay each installment in full through ${parties.creditorName}'s official payment channels. Never pay into a personal account; collectors do not take cash and may not ask you to pay any other way.`,
      ),
    },
    { kind: 'heading', text: L('五、履约与违约', '5. Keeping the plan') },
    {
      kind: 'paragraph',
      text: L(
        `任何一期在还款日后${parties.graceDays}天内仍未足额还款的，视为违约：本方案终止，减免不再适用，债务按原合同处理。提前还款不收取额外费用。`,
        `If an installment is not paid in full within ${parties.graceDays} days after its due date, the plan is broken: it ends, the waiver no longer applies and the debt is handled under the original contract. Paying early costs nothing extra.`,
      ),
    },
    { kind: 'heading', text: L('六、停止催收', '6. Collection stops') },
    {
      kind: 'paragraph',
      text: L(
        '本协议生效后，在债务人按约还款期间，债权人及受托催收机构停止对上述债务的催收（参照《商业银行信用卡业务监督管理办法》第七十条），仅发送还款提醒与本协议相关的通知。',
        'Once this agreement is in force and while the debtor keeps to it, the creditor and the agency stop collecting this debt; only reminders and notices about this agreement are sent.',
      ),
    },
    { kind: 'heading', text: L('七、异议与投诉', '7. Disputes and complaints') },
    {
      kind: 'paragraph',
      text: L(
        `如对债务金额或本协议有异议，或对催收行为有投诉，可向${parties.agencyName}或${parties.creditorName}提出；异议核实期间暂停催收。`,
        `To dispute the amount or this agreement, or to complain about how you were contacted, write to ${parties.agencyName} or ${parties.creditorName}; collection pauses while a dispute is checked.`,
      ),
    },
    { kind: 'heading', text: L('八、还款能力评估', '8. Affordability') },
    { kind: 'paragraph', text: zh ? plan.affordability.summary['zh-CN'] : plan.affordability.summary.en },
    { kind: 'signatures', parties: [L('债务人（签字）', 'Debtor (signature)'), L('受托催收机构（盖章）', 'Agency (seal)')], dateLabel: L('日期', 'Date') },
  ];
  return {
    title: L('还款计划协议', 'Repayment plan agreement'),
    subtitle: L(`协议编号 ${plan.id} · ${madeOn}`, `Agreement ${plan.id} · ${madeOn}`),
    author: parties.agencyName,
    blocks,
    footer: L(`还款计划协议 ${plan.id}`, `Repayment plan agreement ${plan.id}`),
  };
}
