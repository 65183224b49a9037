// Demo message templates, made the way a real team makes them: written by the supervisor (maker) and approved by
// the compliance officer (checker), both audited — an SMS reminder, and the plan confirmations (SMS and email)
// that a plan's activation sends, and two letters: a Chinese collection notice with the CN-C03 elements and a US
// validation notice with the §1006.34(c) information; and the notice of visit (上门通知函) for field visits.
// Only when those two demo users are created now (a fresh demo).
import type { Role } from '../../contracts/identity.js';
import type { UserPrincipal } from '../platform/access.js';
import type { Runtime } from '../runtime.js';
import { NOTICE_OF_VISIT_TEMPLATE } from '../modules/visits/index.js';

const TEMPLATES = [
  {
    channel: 'sms' as const, locale: 'zh-CN', name: '逾期还款提醒（短信）', subject: null,
    body: '【{{agencyName}}】{{debtorName}}您好，受{{creditorName}}委托提醒您：您的欠款{{amountDue}}已逾期，{{paymentInstructions}}。如有困难可来电协商还款方案。{{optOut}}',
  },
  {
    channel: 'sms' as const, locale: 'zh-CN', name: '还款方案确认（短信）', subject: null,
    body: '【{{agencyName}}】{{debtorName}}您好，您与{{creditorName}}的还款方案已生效：{{planTerms}}。{{paymentInstructions}}。{{optOut}}',
  },
  {
    channel: 'email' as const, locale: 'zh-CN', name: '还款方案确认（邮件）', subject: '{{creditorName}}还款方案确认',
    body: '{{debtorName}}您好：\n\n我们是{{agencyName}}，受{{creditorName}}委托，与您确认已生效的还款方案：{{planTerms}}。\n\n首期应还{{amountDue}}，还款日{{dueDate}}。{{paymentInstructions}}。按约还款期间，我们将停止催收，仅发送还款提醒。\n\n{{optOut}}',
  },
  {
    channel: 'letter' as const, locale: 'zh-CN', name: '催收通知函（信函）', subject: '催收通知函',
    body: [
      '{{debtorName}}：',
      '您在{{creditorName}}的借款已逾期，截至{{dueDate}}尚欠{{amountDue}}。{{agencyName}}受{{creditorName}}委托，依据您与{{creditorName}}签订的借款合同及《中华人民共和国民法典》的相关规定，提醒您尽快还款。',
      '您的权利：您有权核对欠款金额和明细，有权要求我们出示委托证明；我们不会向您的亲友透露您的欠款信息。',
      '如对欠款有异议，请在收到本函后书面或致电向我们提出，我们将标注并核实，核实期间暂停催收。',
      '{{paymentInstructions}}。',
      '联系方式：{{agencyName}}，联系电话 400-800-1234（工作日 9:00–18:00）。',
    ].join('\n\n'),
  },
  {
    channel: 'letter' as const, locale: 'en', name: 'Validation notice (letter)', subject: 'Validation notice',
    body: [
      'Dear {{debtorName}},',
      '{{agencyName}} is a debt collector. We are trying to collect a debt that you owe to {{creditorName}}. We will use any information you give us to help collect the debt.',
      'Our mailing address: {{agencyName}}, PO Box 100, Springfield, IL 62701.',
      'Our information shows:',
      '{{itemization}}',
      'As of today, you owe {{amountDue}}.',
      'Call or write to us by {{validationEndDate}} to dispute all or part of the debt. If you do not, we will assume that our information is correct and the debt is valid. If you write to us by {{validationEndDate}}, we must stop collection on any amount you dispute until we send you information that shows you owe the debt. You may also ask for the name and address of the original creditor, if different from the current creditor.',
      'Go to www.cfpb.gov/debt-collection to learn more about your rights under federal law.',
    ].join('\n\n'),
  },
  NOTICE_OF_VISIT_TEMPLATE,
];

const principal = (u: { id: string; username: string; displayName: string; role: Role }): UserPrincipal => ({
  kind: 'user', userId: u.id, username: u.username, displayName: u.displayName, role: u.role, teamId: null, creditorId: null, sessionId: 'demo-seed', ip: null, requestId: null,
});

export async function seedDemoTemplates(rt: Runtime, maker: { id: string; username: string; displayName: string; role: Role }, checker: { id: string; username: string; displayName: string; role: Role }): Promise<number> {
  const { messaging } = rt.services;
  for (const tpl of TEMPLATES) {
    const made = await messaging.createTemplate(principal(maker), tpl);
    await messaging.approve(principal(checker), made.versions[0]!.id);
  }
  return TEMPLATES.length;
}
