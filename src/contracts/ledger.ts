// Debtor 360 (issue "Portfolio intake, ledger and delinquency", part 6): each loan of a case as the ledger engine
// (src/core/delinquency) sees it today — schedule with its balance breakdown, payments and their allocations, legal
// caps and the DPD history. GET /api/cases/:id/ledger.
import { z } from 'zod';
import { idSchema } from './common.js';

const money = z.number().int();
/** Amounts by balance component (费用 / 罚息 / 利息 / 本金), integer minor units. */
export const amountsSchema = z.object({ fees: money, penalty: money, interest: money, principal: money });
export const ledgerComponents = ['fees', 'penalty', 'interest', 'principal'] as const;

/**
 * A creditor's delinquency policy as stored and edited (src/core/delinquency/policy.ts): every part optional, the
 * engine's defaults fill the rest. Bucket names are the platform's (M0 … M6+), so work lists and reports agree.
 */
const component = z.enum(ledgerComponents);
const bp = z.number().int().min(0).max(100_000);
export const delinquencyPolicySchema = z.strictObject({
  waterfall: z
    .strictObject({
      components: z.array(component).length(4).optional(),
      installmentOrder: z.enum(['oldest_due_first', 'newest_due_first']).optional(),
      sweep: z.enum(['by_installment', 'by_component']).optional(),
    })
    .optional(),
  penalty: z
    .strictObject({
      rateBp: bp.optional(),
      onInterest: z.boolean().optional(),
      graceDays: z.number().int().min(0).max(365).optional(),
      graceMode: z.enum(['defer', 'backdate']).optional(),
      dayBasis: z.union([z.literal(365), z.literal(360)]).optional(),
      rounding: z.enum(['down', 'half_up']).optional(),
      lateFeeMinor: z.number().int().min(0).optional(),
    })
    .optional(),
  caps: z
    .strictObject({
      licensedRateBp: bp.optional(),
      privateRateBp: bp.nullable().optional(),
      limitToCap: z.boolean().optional(),
      dayBasis: z.union([z.literal(365), z.literal(360)]).optional(),
    })
    .optional(),
  dpd: z.strictObject({ toleranceMinor: z.number().int().min(0).optional(), components: z.array(component).min(1).max(4).optional() }).optional(),
  buckets: z
    .array(z.strictObject({ bucket: z.enum(['M0', 'M1', 'M2', 'M3', 'M4', 'M5', 'M6+']), minDpd: z.number().int().min(0) }))
    .min(1)
    .max(7)
    .optional(),
});
export type DelinquencyPolicyInput = z.infer<typeof delinquencyPolicySchema>;

export const ledgerInstallmentStatuses = ['not_due', 'due', 'past_due', 'within_tolerance', 'paid'] as const;

export const ledgerAccountSchema = z.object({
  id: idSchema,
  externalLoanId: z.string(),
  product: z.string(),
  lenderType: z.enum(['licensed', 'private']),
  currency: z.string(),
  principalMinor: money,
  aprBp: z.number().int(),
  originationDate: z.string(),
  termMonths: z.number().int(),
  /**
   * `payments`: the engine replayed the loan's payment rows; `stored`: no payment rows (or rows the engine refused,
   * see `problem`), so the installments' stored paid amounts are shown; `account`: no schedule either, only the
   * loan's stored balances.
   */
  basis: z.enum(['payments', 'stored', 'account']),
  /** basis = account: the day the creditor's balance describes; payments dated from it on are applied to it. */
  balanceAsOf: z.string().nullable(),
  /** Why the payment rows could not be replayed (then basis = stored), else null. */
  problem: z.string().nullable(),
  dpd: z.number().int(),
  bucket: z.string(),
  totals: z.object({
    charged: amountsSchema,
    paid: amountsSchema,
    outstanding: amountsSchema,
    outstandingMinor: money,
    pastDueMinor: money,
    /** Overpayment held for amounts not yet due. */
    creditMinor: money,
  }),
  installments: z.array(
    z.object({
      seq: z.number().int(),
      dueDate: z.string(),
      status: z.enum(ledgerInstallmentStatuses),
      scheduled: amountsSchema,
      /** Scheduled amounts plus accrued penalty and late fees. */
      charged: amountsSchema,
      paid: amountsSchema,
      outstanding: amountsSchema,
      outstandingMinor: money,
      dpd: z.number().int(),
    }),
  ),
  payments: z.array(
    z.object({
      externalId: z.string(),
      paidOn: z.string(),
      amountMinor: money,
      /** As stored (intake codes such as bank_transfer, or the demo's 银行转账 / 支付宝 / 微信). */
      channel: z.string(),
      /** On a reversal row: the external id of the payment it undoes. */
      reversalOf: z.string().nullable(),
      /** A payment undone by a reversal dated on or before today: it pays nothing. */
      reversed: z.boolean(),
      /** basis = account: dated before the balance date, so already in the creditor's balance (applied: nothing). */
      inBalance: z.boolean(),
      /** Part of the payment still held as credit. */
      creditMinor: money,
      allocations: z.array(z.object({ seq: z.number().int(), component: z.enum(ledgerComponents), amountMinor: money, date: z.string(), fromCredit: z.boolean() })),
    }),
  ),
  caps: z
    .object({
      rateBp: z.number().int(),
      source: z.string(),
      capMinor: money,
      chargedMinor: money,
      excessMinor: money,
      exceeded: z.boolean(),
      aprExceedsCap: z.boolean(),
    })
    .nullable(),
  /** One point a day over the last 90 days (today included). */
  dpdHistory: z.array(z.object({ date: z.string(), dpd: z.number().int(), bucket: z.string() })),
});

export const caseLedgerSchema = z.object({
  caseId: idSchema,
  /** Today in the creditor's time zone. */
  asOf: z.string(),
  accounts: z.array(ledgerAccountSchema),
});
export type CaseLedger = z.infer<typeof caseLedgerSchema>;
export type LedgerAccount = z.infer<typeof ledgerAccountSchema>;
