// Negotiation figures shared by the server and the browser's plan calculator (no zod, no I/O): the affordability
// form → the engine's input, the authority level of a role, and an installment option re-built at a term the
// collector chose on the slider. The server recomputes everything it stores with these same functions; figures
// sent by the browser are never trusted.
import {
  buildSchedule, NegotiationError, planAffordability, requiredApprover, type Affordability, type AffordabilityInput, type Approval, type AuthorityMatrix,
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
  months: number;
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
  if (!termAdjustableKinds.includes(option.kind)) throw new TermError({ 'zh-CN': '该方案的期数不可调整', en: 'the term of this option cannot be changed' });
  const max = ctx.policy.maxTermMonths;
  if (!Number.isInteger(months) || months < 1 || months > max) {
    throw new TermError({ 'zh-CN': `期数须在 1 至 ${max} 个月之间`, en: `the term must be 1 to ${max} months` });
  }
  let schedule;
  try {
    schedule = buildSchedule({ method: option.kind as 'interest-free' | 'annuity' | 'equal-principal', principalMinor: ctx.balanceMinor, months, annualRateBp: option.annualRateBp, startDate: ctx.startDate });
  } catch (e) {
    if (e instanceof NegotiationError) throw new TermError({ 'zh-CN': `无法按 ${months} 期生成还款计划`, en: `no schedule over ${months} months: ${e.message}` });
    throw e;
  }
  const regular = schedule.rows.length > 1 ? schedule.rows.slice(0, -1) : schedule.rows;
  if (months > 1 && Math.min(...regular.map((r) => r.paymentMinor)) < ctx.policy.minInstallmentMinor) {
    throw new TermError({ 'zh-CN': '每期还款低于政策最低月供', en: 'an installment would be below the policy minimum' });
  }
  if (schedule.totals.interestMinor > ctx.chargeCapMinor) {
    throw new TermError({ 'zh-CN': '利息将超过法定上限', en: 'the interest would exceed the legal cap' });
  }
  const fit = planAffordability(ctx.affordability, schedule.totals.maxPaymentMinor);
  const approval = requiredApprover({ discountBp: 0, termMonths: months, waivedMinor: 0, currency: ctx.currency }, ctx.authority);
  return { kind: option.kind, months, annualRateBp: option.annualRateBp, rows: schedule.rows, totals: schedule.totals, affordable: fit.affordable, approval, summary: fit.summary };
}
