// The visit window a notice of visit (上门通知函) names, from its visit request: the planned stop's window on its date
// when planned, or the coming week when approved and not yet planned. Any other state has no visit to announce.
import type { Db } from '../../db/database.js';
import { AppError, defineErrors } from '../../platform/errors.js';
import { calendarDate } from '../../platform/clock.js';

export const NoticeErrors = defineErrors({
  'visits.notice_not_ready': { kind: 'conflict', zh: '该上门申请尚未批准或已结束，不能发送上门通知函', en: 'The visit request is not approved or planned: no notice of visit can be sent' },
});

const hm = (iso: string, zone: string) => new Intl.DateTimeFormat('en-GB', { timeZone: zone, hour: '2-digit', minute: '2-digit', hour12: false }).format(new Date(iso));
const zhDate = (d: string) => `${Number(d.slice(0, 4))}年${Number(d.slice(5, 7))}月${Number(d.slice(8, 10))}日`;
const addDays = (d: string, n: number) => new Date(Date.parse(`${d}T00:00:00Z`) + n * 86_400_000).toISOString().slice(0, 10);

export async function visitNoticeWindow(db: Db, caseId: string, requestId: string, zone: string, now: Date, locale: string): Promise<string> {
  const r = await db.selectFrom('visit_request').select(['id', 'status', 'plan_id']).where('id', '=', requestId).where('case_id', '=', caseId).executeTakeFirst();
  if (!r) throw new AppError('common.not_found', { entity: 'visit request', issues: [{ path: 'visitRequestId', message: '此案件没有该上门申请', messageEn: 'This case has no such visit request' }] });
  const zh = locale.startsWith('zh');
  if (r.status === 'planned' && r.plan_id) {
    const stop = await db.selectFrom('visit_plan_stop as s').innerJoin('visit_plan as p', 'p.id', 's.plan_id').select(['p.plan_date', 'p.time_zone', 's.window_start_at', 's.window_end_at'])
      .where('s.request_id', '=', r.id).where('s.plan_id', '=', r.plan_id).executeTakeFirst();
    if (stop) {
      const hours = `${hm(stop.window_start_at, stop.time_zone)}–${hm(stop.window_end_at, stop.time_zone)}`;
      return zh ? `${zhDate(stop.plan_date)} ${hours}` : `${stop.plan_date}, ${hours}`;
    }
  }
  if (r.status === 'approved' || r.status === 'planned') {
    const today = calendarDate(now, zone);
    const from = addDays(today, 1);
    const to = addDays(today, 7);
    return zh ? `${zhDate(from)}至${zhDate(to)}期间` : `between ${from} and ${to}`;
  }
  throw new AppError(NoticeErrors['visits.notice_not_ready'], { issues: [{ path: 'visitRequestId', message: '该上门申请尚未批准或已结束', messageEn: 'The visit request is not approved or planned' }] });
}

/**
 * The 上门通知函 letter template (seeded in the demo): addressed to the debtor only (the letters path refuses a third
 * party's address), naming the agency, the creditor, the visit window, the official repayment channel, the collectors'
 * badges, and a complaint line; with the CN-C03 elements (name, balance, basis, rights, dispute, contact details).
 */
export const NOTICE_OF_VISIT_TEMPLATE = {
  channel: 'letter' as const,
  locale: 'zh-CN',
  name: '上门通知函（信函）',
  subject: '上门通知函',
  body: [
    '{{debtorName}}：',
    '您好。{{agencyName}}受{{creditorName}}委托，依据您与{{creditorName}}签订的借款合同及相关法律规定，就您尚欠的{{amountDue}}与您沟通还款事宜。为当面了解您的情况、协商可行的还款安排，我司外访人员拟于{{visitWindow}}前往您的地址拜访。',
    '外访人员两人同行，均佩戴工作证，可出示催收人员资格证书和委托证明，请您当面核验；拜访全程录音。外访人员不收取现金，也不会要求您向任何个人账户转账：{{paymentInstructions}}。',
    '您的权利：如上述时间不便，您可致电另约时间或改为电话沟通；您有权核对欠款金额和明细，有权要求出示委托证明。本函仅寄送您本人，我们不会向任何第三人透露您的欠款信息。',
    '如对欠款有异议，请在收到本函后书面或致电向我们提出，异议核实期间暂停催收。',
    '联系方式：{{agencyName}}，联系电话 400-800-1234（工作日 9:00–18:00）。',
    '投诉渠道：如对外访人员的言行有任何不满，请拨打投诉电话 400-800-5678，或向{{creditorName}}客服投诉。',
  ].join('\n\n'),
};
