// Demo message templates, made the way a real team makes them: written by the supervisor (maker) and approved by
// the compliance officer (checker), both audited — an SMS reminder, and the plan confirmations (SMS and email)
// that a plan's activation sends. Only when those two demo users are created now (a fresh demo).
import type { Role } from '../../contracts/identity.js';
import type { UserPrincipal } from '../platform/access.js';
import type { Runtime } from '../runtime.js';

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
