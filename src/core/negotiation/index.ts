// Negotiation engine (issue 7 "Negotiation"). Pure: no I/O, no clock; runs in Node and in the browser (the case
// view's plan calculator). Money in integer minor units, rates in basis points. docs/negotiation.md has the formulas.
//
//   buildSchedule(req) → Schedule               annuity (等额本息) · equal-principal (等额本金) · interest-free ·
//                                                step-up · deferral; exact fractions, one rounding rule, residual last;
//                                                optional first payment (首期还款) on the start date
//   checkFirstPayment / firstPaymentFit / …      first-payment.ts: the policy's rules and the verdict for it
//   pmt(rate, nper, pv, fv?, type?) → number    spreadsheet PMT (Excel semantics, float)
//   assessAffordability(input, config?)         income − essentials − other debts → disposable, DTI, max payment,
//                                                with a zh-CN/en summary; planAffordability(a, installment) → verdict
//   generatePlanOptions(req) → OptionsResult     options within the bucket's policy, legal cap respected, ranked,
//                                                each with its approver and a zh-CN/en summary
//   requiredApprover(req, matrix?) → Approval    collector / supervisor / creditor, with reasons
//   evaluatePromises(…) / evaluatePlan(…)        promise and plan states from payments as of a date
export { buildSchedule, scheduleMethods, totalsOf, MAX_MONTHS, type FormulaFigures, type Schedule, type ScheduleMethod, type ScheduleRequest, type ScheduleRow, type ScheduleTotals } from './schedule.js';
export { pmt, roundTo } from './pmt.js';
export { addMonths, type IsoDate } from './calendar.js';
export { parseDecimal, type Ratio } from './exact.js';
export {
  assessAffordability, planAffordability, incomeKinds, DEFAULT_AFFORDABILITY_CONFIG, type Affordability, type AffordabilityConfig,
  type AffordabilityFlag, type AffordabilityInput, type IncomeItem, type IncomeKind, type PlanFit,
} from './affordability.js';
export { DEFAULT_ALLOWANCES, allowanceFromAnnual, type AllowanceRow, type AllowanceTable } from './allowances.js';
export {
  CARD_MAX_TERM_MONTHS, DEFAULT_BUCKET_POLICY, DEFAULT_PLAN_POLICY, resolveBucketPolicy, type BucketPolicy, type PlanPolicy, type ProductType,
  type ResolvedBucketPolicy,
} from './policy.js';
export { checkFirstPayment, checkRemainder, firstPaymentFit, firstPaymentRange, type FirstPaymentFit } from './first-payment.js';
export { generatePlanOptions, type DebtSnapshot, type OptionKind, type OptionsRequest, type OptionsResult, type PlanOption } from './options.js';
export { expectedRecovery } from './ranking.js';
export {
  DEFAULT_AUTHORITY, requiredApprover, validateAuthority, type Approval, type ApprovalRequest, type Approver, type AuthorityLimits,
  type AuthorityMatrix, type AuthorityReason,
} from './authority.js';
export {
  evaluatePlan, evaluatePromises, canTransition, PLAN_TRANSITIONS, type InstallmentStatus, type PaymentIn, type PlanInstallmentIn, type PlanState,
  type PlanStatus, type PlanWorkflowStatus, type PromiseIn, type PromiseState, type PromiseStatus,
} from './lifecycle.js';
export { NegotiationError, type NegotiationErrorCode } from './errors.js';
export { formatMoney, formatBp, type Bilingual } from './text.js';
