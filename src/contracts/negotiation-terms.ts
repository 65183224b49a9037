// Negotiation figures shared by the server and the browser's plan calculator (no zod, no I/O): the affordability
// form → the engine's input, the authority level of a role, and an installment option re-built at the term and
// with the first payment (首期还款) the collector chose on the sliders (optionVariant). The server recomputes everything it stores with these same functions; figures
// sent by the browser are never trusted.
import {
  buildSchedule, checkFirstPayment, checkRemainder, firstPaymentFit, NegotiationError, planAffordability, requiredApprover, type Affordability, type AffordabilityInput, type Approval, type AuthorityMatrix,
  type Bilingual, type OptionKind, type PlanOption, type ResolvedBucketPolicy, type ScheduleRow, type ScheduleTotals,
} from '../core/negotiation/index.js';
import type { Role } from './constants.js';

/** The affordability form (one income line, the household, essentials, other debts), money in minor units. */
export type AffordabilityForm = {
  incomeMinor: number;
  incomeVerification?: 'stated' | 'verified' | undefined;
  incomeSource?: string | undefined;
  adults?: number | undefined;
  children?: number | undefined;
  region?: 'CN' | 'CN-urban' | 'CN-rural' | undefined;
  essentialExpensesMinor?: number | undefined;
  otherDebtPaymentsMinor?: number | undefined;
  lumpSumMinor?: number | undefined;
};

export const DEFAULT_REGION = 'CN';

export function affordabilityInputOf(f: AffordabilityForm, currency: string): AffordabilityInput {
  return {
    currency,
    incomes: f.incomeMinor > 0 ? [{ kind: 'salary', monthlyMinor: f.incomeMinor, verification: f.incomeVerification ?? 'stated', ...(f.incomeSource ? { source: f.incomeSource } : {}) }] : [],
    household: { adults: f.adults ?? 1, children: f.children ?? 0 },
    region: f.region ?? DEFAULT_REGION,
    ...(f.essentialExpensesMinor !== undefined ? { statedEssentialMinor: f.essentialExpensesMinor } : {}),
    otherDebtPaymentsMinor: f.otherDebtPaymentsMinor ?? 0,
    ...(f.lumpSumMinor !== undefined ? { lumpSumAvailableMinor: f.lumpSumMinor } : {}),
  };
}

/** Approval authority: collector < supervisor < creditor (the agency's admin acts for the creditor). */
export type AuthorityLevel = 0 | 1 | 2 | 3;
export const approverLevel = { collector: 1, supervisor: 2, creditor: 3 } as const satisfies Record<Approval['approver'], AuthorityLevel>;
export function roleAuthority(role: Role): AuthorityLevel {
  switch (role) {
    case 'collector':
    case 'field_collector':
      return 1;
    case 'supervisor':
      return 2;
    case 'admin':
      return 3;
    default:
      return 0;
  }
}

/** Kinds whose term the collector may choose on the slider (the others keep the engine's own term). */
export const termAdjustableKinds: readonly OptionKind[] = ['interest-free', 'annuity', 'equal-principal'];

export type TermContext = {
  balanceMinor: number;
  currency: string;
  chargeCapMinor: number;
  policy: ResolvedBucketPolicy;
  authority: AuthorityMatrix;
  affordability: Affordability;
  startDate: string;
};

export type TermVariant = {
  kind: OptionKind;
  /** Monthly installments (after the first payment, when there is one). */
  months: number;
  /** The first payment on the start date (row seq 1), or null. */
  firstPaymentMinor: number | null;
  annualRateBp: number;
  rows: ScheduleRow[];
  totals: ScheduleTotals;
  affordable: boolean;
  approval: Approval;
  summary: Bilingual;
};

/** Why a chosen term is refused (the slider bounds it, so the server sees this only from a hand-made request). */
export class TermError extends Error {
  constructor(readonly reason: Bilingual) {
    super(reason.en);
    this.name = 'TermError';
  }
}

/**
 * `option` (an installment option of `generatePlanOptions`) over `months` instead: same method and rate, within the
 * bucket's maximum term, each regular installment at least the policy's minimum, and no more interest than the
 * ledger's cap headroom. Throws TermError otherwise.
 */
export function optionAtTerm(option: Pick<PlanOption, 'kind' | 'annualRateBp' | 'months'>, months: number, ctx: TermContext): TermVariant {
  return optionVariant(option, { months }, ctx);
}

/**
 * `option` rebuilt with the collector's choices: `months` (default: the option's) and an optional first payment
 * (首期还款, core first-payment.ts: ≥ the policy minimum, < the balance, paid on the start date as installment 1, the
 * rest over `months` from one month later, interest on the remainder only). The browser's calculator and the server
 * call this same function, so both compute the identical plan. A bad term throws TermError; a bad first payment
 * throws NegotiationError on the path `firstPaymentMinor` (with a zh-CN reason).
 * Affordable = the monthly installments fit the monthly capacity and the first payment fits what the debtor has now.
 */
export function optionVariant(option: Pick<PlanOption, 'kind' | 'annualRateBp' | 'months'>, change: { months?: number | undefined; firstPaymentMinor?: number | undefined }, ctx: TermContext): TermVariant {
  const months = change.months ?? option.months;
  const first = change.firstPaymentMinor;
  if (!termAdjustableKinds.includes(option.kind)) {
    if (first !== undefined) {
      throw new NegotiationError('invalid_input', 'firstPaymentMinor', 'only interest-free, annuity and equal-principal plans can start with a first payment', '仅免息分期、等额本息和等额本金方案可设首期还款');
    }
    throw new TermError({ 'zh-CN': '该方案的期数不可调整', en: 'the term of this option cannot be changed' });
  }
  const max = ctx.policy.maxTermMonths;
  if (!Number.isInteger(months) || months < 1 || months > max) {
    throw new TermError({ 'zh-CN': `期数须在 1 至 ${max} 个月之间`, en: `the term must be 1 to ${max} months` });
  }
  if (first !== undefined) checkFirstPayment(first, ctx.balanceMinor, ctx.policy, ctx.currency);
  let schedule;
  try {
    schedule = buildSchedule({
      method: option.kind as 'interest-free' | 'annuity' | 'equal-principal', principalMinor: ctx.balanceMinor, months, annualRateBp: option.annualRateBp, startDate: ctx.startDate,
      ...(first !== undefined ? { firstPaymentMinor: first } : {}),
    });
  } catch (e) {
    if (e instanceof NegotiationError && first !== undefined) {
      throw new NegotiationError('invalid_input', 'firstPaymentMinor', `the remainder after it cannot be split into ${months} installments: ${e.message}`, `首期还款后的剩余欠款无法分 ${months} 期偿还，请降低首期还款或缩短期数`);
    }
    if (e instanceof NegotiationError) throw new TermError({ 'zh-CN': `无法按 ${months} 期生成还款计划`, en: `no schedule over ${months} months: ${e.message}` });
    throw e;
  }
  if (first !== undefined) {
    checkRemainder(schedule.rows, first, months, ctx.policy, ctx.currency);
  } else {
    const regular = schedule.rows.length > 1 ? schedule.rows.slice(0, -1) : schedule.rows;
    if (months > 1 && Math.min(...regular.map((r) => r.paymentMinor)) < ctx.policy.minInstallmentMinor) {
      throw new TermError({ 'zh-CN': '每期还款低于政策最低月供', en: 'an installment would be below the policy minimum' });
    }
  }
  if (schedule.totals.interestMinor > ctx.chargeCapMinor) {
    throw new TermError({ 'zh-CN': '利息将超过法定上限', en: 'the interest would exceed the legal cap' });
  }
  const monthly = first !== undefined ? schedule.rows.slice(1) : schedule.rows;
  const fit = planAffordability(ctx.affordability, Math.max(...monthly.map((r) => r.paymentMinor)));
  const firstFit = first !== undefined ? firstPaymentFit(ctx.affordability, first) : null;
  const summary: Bilingual = firstFit
    ? { 'zh-CN': `${fit.summary['zh-CN']}${firstFit.verdict['zh-CN']}`, en: `${fit.summary.en} ${firstFit.verdict.en}` }
    : fit.summary;
  const approval = requiredApprover({ discountBp: 0, termMonths: months, waivedMinor: 0, currency: ctx.currency }, ctx.authority);
  return {
    kind: option.kind, months, firstPaymentMinor: first ?? null, annualRateBp: option.annualRateBp, rows: schedule.rows, totals: schedule.totals,
    affordable: fit.affordable && (firstFit?.affordable ?? true), approval, summary,
  };
}
