// Plan options within the creditor's policy (协商方案). For one debt, one affordability assessment and the policy of
// the debt's bucket, builds up to six options — settlement in full with a discount, equal installments with interest
// (等额本息) or without, equal principal (等额本金), step-up, hardship deferral — and ranks them.
//
// Per installment option: the term is the SHORTEST one (from the method's minimum up to the policy's maximum term,
// itself ≤ 60 months for cards, CN-C04) whose installments fit the debtor's capacity, among the terms whose regular
// installment is at least the policy's minimum; when none fits, the longest allowed term, marked not affordable.
// Charges: the plan rate is the policy's; if the schedule's interest would exceed `chargeCapMinor` (the ledger's
// legal-cap headroom, CN-I01/CN-I03) the rate is lowered to the highest whole bp that fits — never a charge above
// the cap. Settlement: the debtor pays what is available now, but never less than balance × (1 − max discount).
// Ranking: see rank() in ranking.ts.

import type { Affordability } from './affordability.js';
import { DEFAULT_AUTHORITY, requiredApprover, type AuthorityMatrix } from './authority.js';
import { addDays, dayOf, type IsoDate } from './calendar.js';
import { checkInt, NegotiationError } from './errors.js';
import { annualRate, monthInterest, monthlyRate } from './exact.js';
import { DEFAULT_PLAN_POLICY, resolveBucketPolicy, type PlanPolicy, type ProductType, type ResolvedBucketPolicy } from './policy.js';
import { describeOption, rankOptions, type Draft, type PlanOption } from './ranking.js';
import { buildSchedule, totalsOf, type Schedule, type ScheduleMethod, type ScheduleRequest } from './schedule.js';
import type { Bilingual } from './text.js';

export type DebtSnapshot = {
  currency: string;
  /** Everything owed now (principal, interest, penalty, fees), minor units, as the ledger states it. */
  balanceMinor: number;
  productType: ProductType;
  /** Delinquency bucket (M1 …), selects the policy. */
  bucket: string;
  /** Most the plan may add in new charges, minor units: the ledger's legal-cap headroom. 0 = no interest at all. */
  chargeCapMinor: number;
};

export type OptionsRequest = {
  debt: DebtSnapshot;
  affordability: Affordability;
  startDate: IsoDate;
  policy?: PlanPolicy;
  authority?: AuthorityMatrix;
  /** Temporary hardship: offer a deferral of up to `months`; `resumeAffordableMinor` = expected capacity afterwards. */
  hardship?: { months: number; resumeAffordableMinor?: number };
};

export type { OptionKind, PlanOption } from './ranking.js';

export type OptionsResult = {
  policy: ResolvedBucketPolicy;
  /** Best first (ranking.ts). */
  options: PlanOption[];
  /** Kinds not offered, and why. */
  excluded: { kind: Draft['kind']; reason: Bilingual }[];
};

export function generatePlanOptions(req: OptionsRequest): OptionsResult {
  const { debt, affordability: a } = req;
  const balance = checkInt(debt.balanceMinor, 'debt.balanceMinor', 1, 1e15);
  const cap = checkInt(debt.chargeCapMinor, 'debt.chargeCapMinor');
  if (a.currency !== debt.currency) throw new NegotiationError('invalid_input', 'affordability.currency', `is ${a.currency}, the debt is in ${debt.currency}`);
  const policy = resolveBucketPolicy(req.policy ?? DEFAULT_PLAN_POLICY, debt.bucket, debt.productType);
  const ctx: Ctx = { balance, cap, policy, start: req.startDate, capacity: a.maxAffordableMinor };
  dayOf(req.startDate, 'startDate');
  const drafts: Draft[] = [settlement(ctx, a)];
  const excluded: OptionsResult['excluded'] = [];
  const tryKind = (kind: Draft['kind'], make: () => Draft | Bilingual) => {
    const d = make();
    if ('kind' in d) drafts.push(d);
    else excluded.push({ kind, reason: d });
  };
  const noRate = { 'zh-CN': '该账龄段政策不收取分期利息，与免息分期相同', en: 'the policy charges no plan interest here, so this is the interest-free plan' };
  tryKind('interest-free', () => installments(ctx, 'interest-free', 0) ?? tooSmall);
  tryKind('annuity', () => (policy.planRateBp === 0 ? noRate : installments(ctx, 'annuity', policy.planRateBp) ?? tooSmall));
  tryKind('equal-principal', () => (policy.planRateBp === 0 ? noRate : installments(ctx, 'equal-principal', policy.planRateBp) ?? tooSmall));
  tryKind('step-up', () => (policy.stepUp ? installments(ctx, 'step-up', policy.planRateBp) ?? tooSmall : { 'zh-CN': '政策未开放递增还款', en: 'the policy offers no step-up plans' }));
  tryKind('deferral', () => deferralOption(ctx, req.hardship));
  const options = rankOptions(drafts, req.policy?.monthlyKeepBp ?? DEFAULT_PLAN_POLICY.monthlyKeepBp, (d) => ({
    approval: requiredApprover({ discountBp: d.discountBp, termMonths: d.months, waivedMinor: d.waivedMinor, currency: debt.currency }, req.authority ?? DEFAULT_AUTHORITY),
    summary: describeOption(d, a, policy),
  }));
  return { policy, options, excluded };
}

const tooSmall: Bilingual = { 'zh-CN': '欠款金额太小，无法按政策最低月供分期', en: 'the balance is too small to split into installments of at least the minimum' };

type Ctx = { balance: number; cap: number; policy: ResolvedBucketPolicy; start: IsoDate; capacity: number };

function settlement(ctx: Ctx, a: Affordability): Draft {
  const { balance, policy } = ctx;
  // Discount rounded down: never more than the policy's maximum.
  const floor = balance - Math.floor((balance * policy.maxDiscountBp) / 10_000);
  const available = a.lumpSumAvailableMinor;
  const amount = available === null ? floor : Math.min(balance, Math.max(floor, available));
  const affordable = available !== null && available >= amount;
  const dueDate = addDays(ctx.start, policy.settlementDueDays);
  const rows = [{ seq: 1, dueDate, paymentMinor: amount, principalMinor: amount, interestMinor: 0, balanceMinor: 0 }];
  return {
    kind: 'settlement', months: 1, annualRateBp: 0, rows, totals: totalsOf(rows), waivedMinor: balance - amount,
    discountBp: Math.ceil(((balance - amount) * 10_000) / balance), deferMonths: 0, rateReducedForCap: false, penaltyFrozen: policy.freezePenalty,
    affordable, fitCapacityMinor: available ?? 0, fitMeasureMinor: amount, dueMonths: policy.settlementDueDays / 30,
  };
}

/** The request for `kind` over `n` months at `rateBp` (step-up: the step is stepBp of an estimated first payment). */
function requestFor(ctx: Ctx, kind: ScheduleMethod, n: number, rateBp: number, defer?: { months: number; pay: number }): ScheduleRequest {
  const common = { principalMinor: ctx.balance, months: n, annualRateBp: rateBp, startDate: ctx.start };
  if (kind === 'step-up') {
    const s = ctx.policy.stepUp!;
    const v = 1 / (1 + rateBp / 120_000);
    let weight = 0;
    for (let k = 1; k <= n; k++) weight += (1 + (s.stepBp / 10_000) * Math.floor((k - 1) / s.everyMonths)) * v ** k;
    return { ...common, method: kind, stepEveryMonths: s.everyMonths, stepMinor: Math.round(((ctx.balance / weight) * s.stepBp) / 10_000) };
  }
  if (kind === 'deferral') return { ...common, method: kind, deferMonths: defer!.months, deferPaymentMinor: defer!.pay };
  return { ...common, method: kind };
}

function tryBuild(r: ScheduleRequest): Schedule | null {
  try {
    return buildSchedule(r);
  } catch (e) {
    if (e instanceof NegotiationError) return null;
    throw e;
  }
}

/** Smallest x in [lo, hi] with pred(x), assuming pred is monotone (false…true); null when pred(hi) is false. */
function firstTrue(lo: number, hi: number, pred: (x: number) => boolean): number | null {
  if (lo > hi || !pred(hi)) return null;
  while (lo < hi) {
    const mid = Math.floor((lo + hi) / 2);
    if (pred(mid)) hi = mid;
    else lo = mid + 1;
  }
  return lo;
}

/** The smallest payment of the rows that count as regular: not deferral rows, not the last (it carries the residual). */
const minRegular = (s: Schedule, skip: number) => Math.min(...s.rows.slice(skip, s.rows.length > skip + 1 ? -1 : undefined).map((r) => r.paymentMinor));

function installments(ctx: Ctx, kind: ScheduleMethod, rateBp: number, defer?: { months: number; pay: number; resumeCapacity: number }): Draft | null {
  const skip = defer?.months ?? 0;
  const lo = kind === 'step-up' ? ctx.policy.stepUp!.everyMonths + 1 : skip + 1;
  const build = (n: number, bp = rateBp) => tryBuild(requestFor(ctx, kind, n, bp, defer));
  // Longest term whose regular installment still reaches the policy minimum (a single payment always qualifies).
  const okMin = (n: number) => { const s = build(n); return s !== null && (n === 1 || minRegular(s, skip) >= ctx.policy.minInstallmentMinor); };
  const hiNot = firstTrue(lo, ctx.policy.maxTermMonths, (n) => !okMin(n));
  const maxN = hiNot === null ? ctx.policy.maxTermMonths : hiNot - 1;
  if (maxN < lo) return null;
  const capacity = defer ? defer.resumeCapacity : ctx.capacity;
  const measure = (s: Schedule) => (kind === 'step-up' ? s.rows[0]!.paymentMinor : Math.max(...s.rows.slice(skip).map((r) => r.paymentMinor)));
  const fitN = firstTrue(lo, maxN, (n) => { const s = build(n); return s !== null && measure(s) <= capacity; });
  const n = fitN ?? maxN;
  let bp = rateBp;
  let schedule = build(n)!;
  if (schedule.totals.interestMinor > ctx.cap) {
    // Highest whole-bp rate whose interest fits the legal-cap headroom (interest grows with the rate).
    const over = firstTrue(0, rateBp, (x) => (build(n, x)?.totals.interestMinor ?? Infinity) > ctx.cap);
    bp = over === null ? rateBp : over - 1;
    schedule = build(n, bp)!;
  }
  if (bp === 0 && (kind === 'annuity' || kind === 'equal-principal')) return null;
  return {
    kind, months: n, annualRateBp: bp, rows: schedule.rows, totals: schedule.totals, discountBp: 0,
    waivedMinor: defer ? waivedDeferralInterest(schedule, bp, skip) : 0, rateReducedForCap: bp !== rateBp, penaltyFrozen: ctx.policy.freezePenalty,
    affordable: fitN !== null && (!defer || defer.pay <= ctx.capacity), fitCapacityMinor: capacity, fitMeasureMinor: measure(schedule), dueMonths: 0,
    deferMonths: skip,
  };
}

/** Interest a deferral waives: in each deferral month, the month's interest minus what the payment covered. */
function waivedDeferralInterest(s: Schedule, bp: number, months: number): number {
  const r = monthlyRate(annualRate(bp));
  let balance = s.principalMinor;
  let waived = 0;
  for (const row of s.rows.slice(0, months)) {
    waived += monthInterest(balance, r) - row.interestMinor;
    balance = row.balanceMinor;
  }
  return waived;
}

function deferralOption(ctx: Ctx, hardship: OptionsRequest['hardship']): Draft | Bilingual {
  const maxD = Math.min(ctx.policy.maxDeferralMonths, ctx.policy.maxTermMonths - 1);
  if (maxD < 1) return { 'zh-CN': '政策未开放暂缓还款', en: 'the policy offers no deferral' };
  if (!hardship) return { 'zh-CN': '未记录暂时性困难，不提供暂缓还款', en: 'no temporary hardship recorded, so no deferral is offered' };
  const months = Math.min(maxD, checkInt(hardship.months, 'hardship.months', 1, 24));
  const resumeCapacity = hardship.resumeAffordableMinor === undefined ? ctx.capacity : checkInt(hardship.resumeAffordableMinor, 'hardship.resumeAffordableMinor');
  // During the deferral the debtor pays what they can now, but never more than an even share of the balance.
  const pay = Math.min(ctx.capacity, Math.floor(ctx.balance / ctx.policy.maxTermMonths));
  const d = installments(ctx, 'deferral', ctx.policy.planRateBp, { months, pay, resumeCapacity });
  return d ?? tooSmall;
}
