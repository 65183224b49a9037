// Authority matrix (审批权限): who may approve a plan. A collector approves within the collector's limits, a
// supervisor within the supervisor's, and anything beyond goes to the creditor (maker–checker in the approvals
// inbox; the server audits it). Limits are inclusive: a 10 % discount is within a 10 % limit. The creditor's own
// policy and the law bound everything (options.ts never offers beyond them), so the creditor has no limit here.

import { checkInt, NegotiationError } from './errors.js';
import { formatBp, formatMoney, type Bilingual } from './text.js';

export type Approver = 'collector' | 'supervisor' | 'creditor';

export type AuthorityLimits = {
  /** Settlement discount as bp of the balance. */
  maxDiscountBp: number;
  /** Plan length in months (deferral months included). */
  maxTermMonths: number;
  /** Total waived: settlement discount plus any waived interest, penalty or fees, minor units. */
  maxWaivedMinor: number;
};

export type AuthorityMatrix = { collector: AuthorityLimits; supervisor: AuthorityLimits };

/** Defaults for a CNY portfolio; creditors set their own. Collector: 10 %, 12 months, ¥1,000; supervisor: 30 %, 36 months, ¥20,000. */
export const DEFAULT_AUTHORITY: AuthorityMatrix = Object.freeze({
  collector: Object.freeze({ maxDiscountBp: 1_000, maxTermMonths: 12, maxWaivedMinor: 100_000 }),
  supervisor: Object.freeze({ maxDiscountBp: 3_000, maxTermMonths: 36, maxWaivedMinor: 2_000_000 }),
});

export type ApprovalRequest = { discountBp: number; termMonths: number; waivedMinor: number; currency: string };

export type AuthorityReason = {
  dimension: 'discount' | 'term' | 'waived';
  value: number;
  /** The limit exceeded, and whose. */
  limit: number;
  exceeds: 'collector' | 'supervisor';
  message: Bilingual;
};

export type Approval = { approver: Approver; reasons: AuthorityReason[]; summary: Bilingual };

/** Throws `invalid_input` unless every limit is a non-negative integer and the supervisor's are ≥ the collector's. */
export function validateAuthority(m: AuthorityMatrix): void {
  for (const role of ['collector', 'supervisor'] as const) {
    checkInt(m[role]?.maxDiscountBp, `authority.${role}.maxDiscountBp`, 0, 10_000);
    checkInt(m[role].maxTermMonths, `authority.${role}.maxTermMonths`, 0, 600);
    checkInt(m[role].maxWaivedMinor, `authority.${role}.maxWaivedMinor`);
  }
  for (const k of ['maxDiscountBp', 'maxTermMonths', 'maxWaivedMinor'] as const) {
    if (m.supervisor[k] < m.collector[k]) throw new NegotiationError('invalid_input', `authority.supervisor.${k}`, "must be at least the collector's", '主管权限不得低于催收员权限');
  }
}

/** The lowest role whose limits cover the request, and every limit that pushed it up. */
export function requiredApprover(req: ApprovalRequest, matrix: AuthorityMatrix = DEFAULT_AUTHORITY): Approval {
  validateAuthority(matrix);
  checkInt(req.discountBp, 'discountBp', 0, 10_000);
  checkInt(req.termMonths, 'termMonths', 0, 600);
  checkInt(req.waivedMinor, 'waivedMinor');
  const money = (v: number) => formatMoney(v, req.currency);
  const dims = [
    { dimension: 'discount' as const, value: req.discountBp, key: 'maxDiscountBp' as const, zh: '减免比例', en: 'discount', fmt: formatBp },
    { dimension: 'term' as const, value: req.termMonths, key: 'maxTermMonths' as const, zh: '期数', en: 'term', fmt: String },
    { dimension: 'waived' as const, value: req.waivedMinor, key: 'maxWaivedMinor' as const, zh: '减免金额', en: 'waived amount', fmt: money },
  ];
  const reasons: AuthorityReason[] = [];
  let approver: Approver = 'collector';
  for (const d of dims) {
    const exceeds = d.value > matrix.supervisor[d.key] ? 'supervisor' : d.value > matrix.collector[d.key] ? 'collector' : null;
    if (!exceeds) continue;
    const limit = matrix[exceeds][d.key];
    const up: Approver = exceeds === 'supervisor' ? 'creditor' : 'supervisor';
    if (up === 'creditor' || approver === 'collector') approver = up;
    const [fv, fl] = [d.fmt(d.value), d.fmt(limit)];
    const unitZh = d.dimension === 'term' ? ' 期' : '';
    const unitEn = d.dimension === 'term' ? ' months' : '';
    reasons.push({
      dimension: d.dimension, value: d.value, limit, exceeds,
      message: {
        'zh-CN': `${d.zh} ${fv}${unitZh} 超过${exceeds === 'collector' ? '催收员' : '主管'}权限 ${fl}${unitZh}`,
        en: `${d.en} ${fv}${unitEn} exceeds the ${exceeds}'s limit of ${fl}${unitEn}`,
      },
    });
  }
  const who = { collector: ['催收员', 'the collector'], supervisor: ['主管', 'a supervisor'], creditor: ['委托方(债权人)', 'the creditor'] }[approver];
  const summary: Bilingual = reasons.length === 0
    ? { 'zh-CN': '在催收员权限内，可直接确认。', en: "Within the collector's authority; no further approval needed." }
    : { 'zh-CN': `需${who[0]}审批：${reasons.map((r) => r.message['zh-CN']).join('；')}。`, en: `Needs approval by ${who[1]}: ${reasons.map((r) => r.message.en).join('; ')}.` };
  return { approver, reasons, summary };
}
