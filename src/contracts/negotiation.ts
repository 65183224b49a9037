// Negotiation (issue 7): promises to pay, payment plans and the approvals inbox. Money in integer minor units.
// GET /api/cases/:id/negotiation (what the browser's calculator needs), GET /api/cases/:id/plan-options,
// /api/cases/:id/promises, /api/cases/:id/plans, /api/plans/:id/approve|reject|activate, /api/approvals.
import { z } from 'zod';
import { idSchema } from './common.js';

const money = z.number().int();
const dateSchema = z.iso.date('msg.date');
const moneyIn = z.number().int().min(0).max(1e13);
const bilingual = z.object({ 'zh-CN': z.string(), en: z.string() });

export const optionKinds = ['settlement', 'interest-free', 'annuity', 'equal-principal', 'step-up', 'deferral'] as const;
export const promiseStatuses = ['pending', 'kept', 'partially_kept', 'broken'] as const;
export const planStatuses = ['proposed', 'approved', 'active', 'completed', 'broken', 'rejected', 'cancelled'] as const;
export type PlanStatusName = (typeof planStatuses)[number];

const affordabilityFields = {
  incomeVerification: z.enum(['stated', 'verified']).optional(),
  incomeSource: z.string().trim().max(100).optional(),
  region: z.enum(['CN', 'CN-urban', 'CN-rural']).optional(),
};
/** The affordability form as a query string (GET /plan-options). */
export const planOptionsQuerySchema = z.strictObject({
  incomeMinor: z.coerce.number().int().min(0).max(1e13),
  adults: z.coerce.number().int().min(1).max(50).optional(),
  children: z.coerce.number().int().min(0).max(50).optional(),
  essentialExpensesMinor: z.coerce.number().int().min(0).max(1e13).optional(),
  otherDebtPaymentsMinor: z.coerce.number().int().min(0).max(1e13).optional(),
  lumpSumMinor: z.coerce.number().int().min(0).max(1e13).optional(),
  hardshipMonths: z.coerce.number().int().min(1).max(24).optional(),
  ...affordabilityFields,
});
export type PlanOptionsQuery = z.infer<typeof planOptionsQuerySchema>;

export const affordabilityFormSchema = z.strictObject({
  incomeMinor: moneyIn,
  adults: z.number().int().min(1).max(50).optional(),
  children: z.number().int().min(0).max(50).optional(),
  essentialExpensesMinor: moneyIn.optional(),
  otherDebtPaymentsMinor: moneyIn.optional(),
  lumpSumMinor: moneyIn.optional(),
  ...affordabilityFields,
});

/** Propose a plan: the affordability form, the option kind and optionally the term and first payment chosen on the sliders. */
export const proposePlanSchema = z.strictObject({
  affordability: affordabilityFormSchema,
  kind: z.enum(optionKinds),
  months: z.number().int().min(1).max(600).optional(),
  /** 首期还款, minor units, paid on the start date as installment 1; the policy's rules are the engine's (optionVariant). */
  firstPaymentMinor: z.number().int().min(1).max(1e13).optional(),
  hardshipMonths: z.number().int().min(1).max(24).optional(),
});
export type ProposePlan = z.infer<typeof proposePlanSchema>;

export const createPromiseSchema = z.strictObject({
  amountMinor: z.number().int().min(1).max(1e13),
  dueDate: dateSchema,
  debtAccountId: idSchema.optional(),
  note: z.string().trim().max(200).optional(),
});
export type CreatePromise = z.infer<typeof createPromiseSchema>;

export const decisionSchema = z.strictObject({ reason: z.string().trim().min(2).max(500) });
/**
 * The debtor agreed: activate, store the agreement (PDF) and optionally send the confirmation now — an approved SMS
 * or email template that carries {{planTerms}}, to one of the debtor's contact points.
 */
export const activateSchema = z.strictObject({
  note: z.string().trim().max(200).optional(),
  confirm: z.strictObject({ channel: z.enum(['sms', 'email']), to: idSchema, templateId: idSchema }).optional(),
});
export type ActivatePlan = z.infer<typeof activateSchema>;

const rowSchema = z.object({ seq: z.number().int(), dueDate: z.string(), paymentMinor: money, principalMinor: money, interestMinor: money, balanceMinor: money });
const totalsSchema = z.object({ paymentMinor: money, principalMinor: money, interestMinor: money, installments: z.number().int(), maxPaymentMinor: money, minPaymentMinor: money });
const approvalSchema = z.object({
  approver: z.enum(['collector', 'supervisor', 'creditor']),
  reasons: z.array(z.object({ dimension: z.string(), value: z.number(), limit: z.number(), exceeds: z.string(), message: bilingual })),
  summary: bilingual,
});
export const affordabilitySchema = z.object({
  currency: z.string(),
  region: z.string(),
  householdSize: z.number(),
  verifiedIncomeMinor: money,
  statedIncomeMinor: money,
  incomeMinor: money,
  allowanceMinor: money,
  essentialExpensesMinor: money,
  expenseBasis: z.string(),
  otherDebtPaymentsMinor: money,
  disposableMinor: money,
  debtToIncomeBp: z.number().int().nullable(),
  maxAffordableMinor: money,
  affordableShareBp: z.number().int(),
  lumpSumAvailableMinor: money.nullable(),
  flags: z.array(z.string()),
  summary: bilingual,
});
const bucketPolicySchema = z.object({
  maxTermMonths: z.number().int(),
  minInstallmentMinor: money,
  maxDiscountBp: z.number().int(),
  planRateBp: z.number().int(),
  freezePenalty: z.boolean(),
  maxDeferralMonths: z.number().int(),
  stepUp: z.object({ everyMonths: z.number().int(), stepBp: z.number().int() }).nullable(),
  settlementDueDays: z.number().int(),
});
const resolvedPolicySchema = bucketPolicySchema.extend({ bucket: z.string(), legalMaxTermMonths: z.number().int().nullable() });
const limitsSchema = z.object({ maxDiscountBp: z.number().int(), maxTermMonths: z.number().int(), maxWaivedMinor: money });
export const authoritySchema = z.object({ collector: limitsSchema, supervisor: limitsSchema });
export const planOptionSchema = z.object({
  rank: z.number().int(),
  kind: z.enum(optionKinds),
  months: z.number().int(),
  annualRateBp: z.number(),
  rows: z.array(rowSchema),
  totals: totalsSchema,
  waivedMinor: money,
  discountBp: z.number().int(),
  deferMonths: z.number().int(),
  rateReducedForCap: z.boolean(),
  penaltyFrozen: z.boolean(),
  affordable: z.boolean(),
  firstPaymentMinor: money,
  maxPaymentMinor: money,
  totalPayableMinor: money,
  interestMinor: money,
  expectedRecoveryMinor: money,
  approval: approvalSchema,
  summary: bilingual,
});
export const debtSnapshotSchema = z.object({ currency: z.string(), balanceMinor: money, productType: z.enum(['card', 'loan', 'other']), bucket: z.string(), chargeCapMinor: money });

/** What the browser's calculator needs to run the engine itself. */
export const negotiationContextSchema = z.object({
  caseId: idSchema,
  asOf: z.string(),
  startDate: z.string(),
  debt: debtSnapshotSchema,
  planPolicy: z.object({
    default: bucketPolicySchema,
    buckets: z.record(z.string(), bucketPolicySchema.partial()),
    monthlyKeepBp: z.number().int(),
  }),
  policy: resolvedPolicySchema,
  authority: authoritySchema,
  graceDays: z.number().int(),
  /** The caller's own approval level (0 = none, 1 collector, 2 supervisor, 3 creditor/admin). */
  myAuthority: z.number().int(),
});
export type NegotiationContext = z.infer<typeof negotiationContextSchema>;

export const planOptionsSchema = z.object({
  caseId: idSchema,
  asOf: z.string(),
  debt: debtSnapshotSchema,
  affordability: affordabilitySchema,
  policy: resolvedPolicySchema,
  options: z.array(planOptionSchema),
  excluded: z.array(z.object({ kind: z.string(), reason: bilingual })),
});
export type PlanOptionsOut = z.infer<typeof planOptionsSchema>;

export const promiseSchema = z.object({
  id: idSchema,
  caseId: idSchema,
  debtAccountId: idSchema.nullable(),
  amountMinor: money,
  currency: z.string(),
  dueDate: z.string(),
  madeOn: z.string(),
  note: z.string().nullable(),
  status: z.enum(promiseStatuses),
  paidMinor: money,
  keptOn: z.string().nullable(),
  evaluatedAt: z.string().nullable(),
  createdBy: idSchema,
  createdByName: z.string().nullable(),
  createdAt: z.string(),
});
export type PromiseOut = z.infer<typeof promiseSchema>;
export const promiseListSchema = z.object({ items: z.array(promiseSchema) });

export const installmentSchema = z.object({
  seq: z.number().int(),
  dueDate: z.string(),
  amountMinor: money,
  principalMinor: money,
  interestMinor: money,
  paidMinor: money,
  status: z.string(),
});
export const planSchema = z.object({
  id: idSchema,
  caseId: idSchema,
  debtorName: z.string().nullable(),
  method: z.enum(optionKinds),
  status: z.enum(planStatuses),
  currency: z.string(),
  balanceMinor: money,
  discountBp: z.number().int(),
  waivedMinor: money,
  termMonths: z.number().int(),
  annualRateBp: z.number(),
  totalMinor: money,
  paidMinor: money,
  startDate: z.string(),
  penaltyFrozen: z.boolean(),
  requiredApprover: z.enum(['collector', 'supervisor', 'creditor']),
  approval: approvalSchema,
  affordabilityInput: z.record(z.string(), z.unknown()),
  affordability: affordabilitySchema,
  summary: bilingual,
  createdBy: idSchema,
  createdByName: z.string().nullable(),
  approvedBy: idSchema.nullable(),
  approvedByName: z.string().nullable(),
  approvedAt: z.string().nullable(),
  decisionReason: z.string().nullable(),
  activatedAt: z.string().nullable(),
  closedAt: z.string().nullable(),
  createdAt: z.string(),
  installments: z.array(installmentSchema),
  /** The signed agreement (PDF) stored at activation; null before. */
  agreementDocumentId: idSchema.nullable(),
});
export type PlanOut = z.infer<typeof planSchema>;
/** Activation's answer: the plan, and what became of the confirmation (the engine's verdict; the queued message). */
export const activateResponseSchema = planSchema.extend({
  confirmation: z.object({
    outcome: z.enum(['allow', 'warn', 'block']),
    reasons: z.array(z.object({ ruleId: z.string(), outcome: z.string(), message: bilingual })),
    nextAllowedAt: z.string().nullable(),
    messageId: idSchema.nullable(),
    status: z.string().nullable(),
    sendAt: z.string().nullable(),
  }).nullable(),
});
export type ActivateOut = z.infer<typeof activateResponseSchema>;
export const planListSchema = z.object({ items: z.array(planSchema) });

// ── a creditor's negotiation policy (PATCH /api/admin/creditors/:id `negotiationPolicy`; null = the defaults) ──────
// Every part is optional and fills the defaults (negotiation.policy.ts): a bucket's fields override the default
// bucket's, the authority roles' limits override the default matrix's. The engine checks what the schema cannot
// (supervisor limits at least the collector's, every bucket resolvable).
const bucketPolicyInputSchema = z.strictObject({
  maxTermMonths: z.number().int().min(1).max(600).optional(),
  minInstallmentMinor: z.number().int().min(1).max(1e13).optional(),
  maxDiscountBp: z.number().int().min(0).max(10_000).optional(),
  planRateBp: z.number().int().min(0).max(1_000_000).optional(),
  freezePenalty: z.boolean().optional(),
  maxDeferralMonths: z.number().int().min(0).max(24).optional(),
  stepUp: z.strictObject({ everyMonths: z.number().int().min(1).max(600), stepBp: z.number().int().min(1).max(10_000) }).nullable().optional(),
  settlementDueDays: z.number().int().min(0).max(365).optional(),
});
const authorityLimitsInputSchema = z.strictObject({
  maxDiscountBp: z.number().int().min(0).max(10_000).optional(),
  maxTermMonths: z.number().int().min(0).max(600).optional(),
  maxWaivedMinor: z.number().int().min(0).max(1e13).optional(),
});
export const negotiationPolicyInputSchema = z.strictObject({
  plan: z.strictObject({
    default: bucketPolicyInputSchema.optional(),
    buckets: z.record(z.string().regex(/^M\d\+?$/), bucketPolicyInputSchema).optional(),
    monthlyKeepBp: z.number().int().min(1).max(10_000).optional(),
  }).optional(),
  authority: z.strictObject({ collector: authorityLimitsInputSchema.optional(), supervisor: authorityLimitsInputSchema.optional() }).optional(),
  /** Days after a promise's or installment's due date before it counts as broken / missed. */
  graceDays: z.number().int().min(0).max(60).optional(),
});
export type NegotiationPolicyInput = z.infer<typeof negotiationPolicyInputSchema>;
