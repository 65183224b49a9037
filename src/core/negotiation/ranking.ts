// Ranking and wording of plan options.
//
// Ranking (best first):
//   1. affordable options before unaffordable ones (UK-02/UK-04: never press for what the debtor cannot pay);
//   2. higher expected recovery — Σ min(paymentₖ, capacity) × q^k, q = policy.monthlyKeepBp / 10,000 the chance a
//      plan survives a month, k the months until payment k (a settlement counts at settlementDueDays / 30 months);
//      a payment counts only up to the capacity it was measured against (monthly capacity; for a settlement, the money
//      available now, 0 when unknown), so unaffordable and rising installments weigh less;
//   3. shorter term; 4. lower total payable (cheaper for the debtor); 5. the order settlement, interest-free, annuity,
//      equal-principal, step-up, deferral.
// Expected recovery is a float estimate rounded to the minor unit — an ordering aid, never an amount charged.

import { planAffordability, type Affordability } from './affordability.js';
import type { Approval } from './authority.js';
import type { ResolvedBucketPolicy } from './policy.js';
import type { ScheduleMethod, ScheduleRow, ScheduleTotals } from './schedule.js';

const months = (k: number) => (k === 1 ? '1 month' : `${k} months`);
import { formatBp, formatMoney, type Bilingual } from './text.js';

export type OptionKind = 'settlement' | ScheduleMethod;
const KIND_ORDER: readonly OptionKind[] = ['settlement', 'interest-free', 'annuity', 'equal-principal', 'step-up', 'deferral'];

/** An option before ranking and wording (internal to options.ts, exported for its tests). */
export type Draft = {
  kind: OptionKind;
  months: number;
  /** The rate actually charged (the policy's, or lower to respect the legal cap). */
  annualRateBp: number;
  rows: ScheduleRow[];
  totals: ScheduleTotals;
  /** Settlement: the discount; deferral: interest waived in the deferral months. */
  waivedMinor: number;
  discountBp: number;
  deferMonths: number;
  rateReducedForCap: boolean;
  penaltyFrozen: boolean;
  affordable: boolean;
  /** The capacity the option was measured against, and the amount measured (max installment; step-up: the first). */
  fitCapacityMinor: number;
  fitMeasureMinor: number;
  /** Settlement only: months until the lump sum is due. */
  dueMonths: number;
};

export type PlanOption = Draft & {
  rank: number;
  firstPaymentMinor: number;
  maxPaymentMinor: number;
  totalPayableMinor: number;
  interestMinor: number;
  expectedRecoveryMinor: number;
  approval: Approval;
  /** What the option is and why it is (not) affordable, in both languages. */
  summary: Bilingual;
};

export function expectedRecovery(d: Draft, monthlyKeepBp: number): number {
  const q = monthlyKeepBp / 10_000;
  const cap = (v: number) => Math.min(v, d.fitCapacityMinor);
  const sum = d.kind === 'settlement' ? cap(d.totals.paymentMinor) * q ** d.dueMonths : d.rows.reduce((t, r) => t + cap(r.paymentMinor) * q ** r.seq, 0);
  return Math.round(sum);
}

export function rankOptions(drafts: readonly Draft[], monthlyKeepBp: number, extra: (d: Draft) => { approval: Approval; summary: Bilingual }): PlanOption[] {
  const scored = drafts.map((d) => ({ d, er: expectedRecovery(d, monthlyKeepBp) }));
  scored.sort((x, y) =>
    Number(y.d.affordable) - Number(x.d.affordable) || y.er - x.er || x.d.months - y.d.months ||
    x.d.totals.paymentMinor - y.d.totals.paymentMinor || KIND_ORDER.indexOf(x.d.kind) - KIND_ORDER.indexOf(y.d.kind));
  return scored.map(({ d, er }, i) => ({
    ...d, rank: i + 1, firstPaymentMinor: d.rows[0]?.paymentMinor ?? 0, maxPaymentMinor: d.totals.maxPaymentMinor,
    totalPayableMinor: d.totals.paymentMinor, interestMinor: d.totals.interestMinor, expectedRecoveryMinor: er, ...extra(d),
  }));
}

/** One paragraph per language: the terms, then why it is or is not affordable, then the policy notes. */
export function describeOption(d: Draft, a: Affordability, policy: ResolvedBucketPolicy): Bilingual {
  const m = (v: number) => formatMoney(v, a.currency);
  const n = d.months;
  const first = d.rows[0]?.paymentMinor ?? 0;
  const last = d.rows.at(-1)?.paymentMinor ?? 0;
  const resume = d.rows[d.deferMonths]?.paymentMinor ?? 0;
  const rate = formatBp(d.annualRateBp);
  const total = m(d.totals.paymentMinor);
  const terms: Record<OptionKind, Bilingual> = {
    settlement: { 'zh-CN': `一次性结清：于 ${d.rows[0]?.dueDate} 前支付 ${m(first)}，减免 ${m(d.waivedMinor)}（${formatBp(d.discountBp)}）。`, en: `Settle in full: pay ${m(first)} by ${d.rows[0]?.dueDate}; ${m(d.waivedMinor)} (${formatBp(d.discountBp)}) is waived.` },
    'interest-free': { 'zh-CN': `免息分期 ${n} 期，每月 ${m(first)}，合计 ${total}。`, en: `Interest-free installments: ${months(n)} of ${m(first)}, ${total} in total.` },
    annuity: { 'zh-CN': `等额本息 ${n} 期，年利率 ${rate}，每月 ${m(first)}，合计 ${total}。`, en: `Equal installments with interest (annuity): ${months(n)} of ${m(first)} at ${rate} a year, ${total} in total.` },
    'equal-principal': { 'zh-CN': `等额本金 ${n} 期，年利率 ${rate}，首月 ${m(first)}，逐月递减至 ${m(last)}，合计 ${total}。`, en: `Equal principal: ${months(n)} at ${rate} a year, from ${m(first)} falling to ${m(last)}, ${total} in total.` },
    'step-up': { 'zh-CN': `递增还款 ${n} 期，首月 ${m(first)}，每 ${policy.stepUp?.everyMonths} 个月递增，最高 ${m(d.totals.maxPaymentMinor)}，合计 ${total}。`, en: `Step-up: ${months(n)} starting at ${m(first)}, rising every ${policy.stepUp?.everyMonths} months to at most ${m(d.totals.maxPaymentMinor)}, ${total} in total.` },
    deferral: { 'zh-CN': `困难暂缓：前 ${d.deferMonths} 个月每月 ${m(first)}，之后 ${n - d.deferMonths} 期每月约 ${m(resume)}，合计 ${total}。`, en: `Hardship deferral: ${months(d.deferMonths)} of ${m(first)}, then ${months(n - d.deferMonths)} of about ${m(resume)}, ${total} in total.` },
  };
  const parts: Bilingual[] = [terms[d.kind], fitText(d, a, m)];
  if (d.kind === 'step-up' && d.totals.maxPaymentMinor > d.fitCapacityMinor) {
    parts.push({ 'zh-CN': '后期月供高于目前的还款能力，需以收入增长为前提。', en: 'Later installments exceed what the debtor can pay today; this relies on income rising.' });
  }
  if (d.rateReducedForCap) parts.push({ 'zh-CN': `为不超过法定收费上限，年利率降至 ${rate}。`, en: `The rate is lowered to ${rate} a year so that charges stay within the legal cap.` });
  if (d.penaltyFrozen) parts.push({ 'zh-CN': '按约履行期间停止计收罚息，违约后恢复。', en: 'No penalty interest accrues while the plan is kept; it resumes on breach.' });
  return { 'zh-CN': parts.map((p) => p['zh-CN']).join(''), en: parts.map((p) => p.en).join(' ') };
}

function fitText(d: Draft, a: Affordability, m: (v: number) => string): Bilingual {
  if (d.kind === 'settlement') {
    if (a.lumpSumAvailableMinor === null) return { 'zh-CN': '尚未了解可一次性支付的金额。', en: 'The money available for a lump sum is not known yet.' };
    return d.affordable
      ? { 'zh-CN': `可负担：债务人现可支付 ${m(a.lumpSumAvailableMinor)}。`, en: `Affordable: the debtor has ${m(a.lumpSumAvailableMinor)} available now.` }
      : { 'zh-CN': `难以负担：债务人现仅可支付 ${m(a.lumpSumAvailableMinor)}，低于政策允许的最低结清金额。`, en: `Not affordable: the debtor has only ${m(a.lumpSumAvailableMinor)} now, below the lowest settlement the policy allows.` };
  }
  if (d.kind === 'step-up') {
    return d.affordable
      ? { 'zh-CN': `目前可负担：首月 ${m(d.fitMeasureMinor)} 不超过每月可还上限 ${m(d.fitCapacityMinor)}。`, en: `Affordable now: the first installment, ${m(d.fitMeasureMinor)}, is within the ${m(d.fitCapacityMinor)} a month the debtor can pay.` }
      : { 'zh-CN': `难以负担：首月 ${m(d.fitMeasureMinor)} 已超过每月可还上限 ${m(d.fitCapacityMinor)}。`, en: `Not affordable: even the first installment, ${m(d.fitMeasureMinor)}, exceeds the ${m(d.fitCapacityMinor)} a month the debtor can pay.` };
  }
  return planAffordability({ ...a, maxAffordableMinor: d.fitCapacityMinor }, d.fitMeasureMinor).verdict;
}
