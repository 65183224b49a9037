// The ledger's vocabulary (GLOSSARY: debt_account, schedule, installment, dpd, bucket; balance components).
// Money is always integer minor units (fen for CNY) held in JS numbers; rates are basis points (1 % = 100 bp).

import type { IsoDate } from './dates.js';

/** Balance components (GLOSSARY 本金 / 利息 / 罚息 / 费用). Late fees (滞纳金) are booked under `fees`. */
export const components = ['fees', 'penalty', 'interest', 'principal'] as const;
export type Component = (typeof components)[number];
export type Amounts = Record<Component, number>;

export const lenderTypes = ['licensed', 'private'] as const;
/** `licensed` = licensed financial institution (CN-I02: outside the SPC 4×LPR cap); `private` = 民间借贷 (CN-I01). */
export type LenderType = (typeof lenderTypes)[number];

export type Account = {
  id: string;
  /** ISO 4217, e.g. `CNY`. Every amount of the account is in its minor unit. */
  currency: string;
  /** Principal actually lent (SPC Art. 26: an amount deducted up front is not principal). */
  principalMinor: number;
  /** Contract annual interest rate in bp (3600 = 36 %). Informational: the schedule's interest is what is charged. */
  aprBp: number;
  /** Contract date (合同成立日), YYYY-MM-DD; selects the LPR for the private-lending cap. */
  originationDate: IsoDate;
  /** Informational (validated ≥ 1); the schedule alone drives the ledger. */
  termMonths: number;
  lenderType: LenderType;
  /** Total contract fees; must equal the sum of the schedule's `feesMinor` (a consistency check on imports). */
  contractFeesMinor: number;
};

/** One line of the repayment schedule (还款计划 / 期次). */
export type Installment = {
  seq: number;
  dueDate: IsoDate;
  principalMinor: number;
  interestMinor: number;
  feesMinor: number;
};

/** GLOSSARY payment channel `auto_debit` (代扣) plus the usual others. */
export const paymentChannels = ['auto_debit', 'bank_transfer', 'online', 'counter', 'cash', 'other'] as const;
export type PaymentChannel = (typeof paymentChannels)[number];

export type Payment = {
  kind: 'payment';
  /** The lender's external payment id; unique per account; also the tie-break between same-day payments. */
  id: string;
  amountMinor: number;
  /** Value date (起息日): the day the money counts from. */
  valueDate: IsoDate;
  channel: PaymentChannel;
};

/** Undoes one payment (a bounced debit, a chargeback). */
export type Reversal = {
  kind: 'reversal';
  id: string;
  paymentId: string;
  date: IsoDate;
};

export type LedgerEvent = Payment | Reversal;

/** One slice of a payment: how much went to which installment and component, and when. */
export type Allocation = {
  paymentId: string;
  /** Day the money was applied: the value date, or a later due date when it came from credit. */
  date: IsoDate;
  seq: number;
  component: Component;
  amountMinor: number;
  /** True when applied from the credit balance (an earlier overpayment) rather than on the value date. */
  fromCredit: boolean;
};

export type InstallmentStatus = 'not_due' | 'due' | 'past_due' | 'within_tolerance' | 'paid';

export type InstallmentLedger = {
  seq: number;
  dueDate: IsoDate;
  status: InstallmentStatus;
  /** Days past due of this installment (0 unless past due above the tolerance). */
  dpd: number;
  /** As scheduled (penalty 0). */
  scheduled: Amounts;
  /** What the ledger carries: scheduled amounts (limited to the cap when asked), late fee in `fees`, accrued penalty. */
  charged: Amounts;
  paid: Amounts;
  outstanding: Amounts;
  outstandingMinor: number;
  /** Last day the installment became fully paid; null while anything is owed. */
  paidOn: IsoDate | null;
};

export type PaymentApplication = {
  paymentId: string;
  valueDate: IsoDate;
  channel: PaymentChannel;
  amountMinor: number;
  allocatedMinor: number;
  /** Part of this payment still held as credit. allocatedMinor + creditMinor = amountMinor. */
  creditMinor: number;
  allocations: Allocation[];
};

/** One cap "track": contract interest + fees, or overdue charges (penalty + late fees). */
export type CapTrack = {
  rateBp: number;
  /** Legal maximum to date (formulas in caps.ts), rounded down. */
  capMinor: number;
  /** What the creditor's terms charge to date, before any limiting. */
  chargedMinor: number;
  excessMinor: number;
  exceeded: boolean;
  /** What the ledger actually carries (≤ capMinor when the policy limits charges to the cap). */
  bookedMinor: number;
};

export type CapSource = 'private_4x_lpr' | 'private_override' | 'licensed';

export type CapsResult = {
  rateBp: number;
  source: CapSource;
  /** The one-year LPR in force on the contract date (private lenders without an override), else null. */
  lprBp: number | null;
  /** Private contract formed before 2020-08-20: the SPC transitional article may apply another standard. */
  transitional: boolean;
  /** Contract APR above the cap rate (a pricing problem independent of timing). */
  aprExceedsCap: boolean;
  contract: CapTrack;
  overdue: CapTrack;
  /** Sums of the two tracks; excessMinor sums each track's excess (tracks are never netted). */
  capMinor: number;
  chargedMinor: number;
  excessMinor: number;
  exceeded: boolean;
};

export type LedgerTotals = {
  charged: Amounts;
  paid: Amounts;
  outstanding: Amounts;
  outstandingMinor: number;
  /** Outstanding on installments due on or before asOf (due today included). */
  dueMinor: number;
  /** Outstanding on installments due before asOf. */
  pastDueMinor: number;
  /** Outstanding on installments due after asOf (scheduled amounts not yet due). */
  notDueMinor: number;
};

export type Ledger = {
  accountId: string;
  currency: string;
  asOf: IsoDate;
  installments: InstallmentLedger[];
  totals: LedgerTotals;
  /** Unapplied overpayment held for amounts that fall due later. */
  creditMinor: number;
  /** Non-reversed payments with value date ≤ asOf, in replay order. */
  payments: PaymentApplication[];
  /** Every allocation, in replay order. */
  allocations: Allocation[];
  /** Reversals dated ≤ asOf; their payments are left out of the replay entirely. */
  reversals: { reversalId: string; paymentId: string; date: IsoDate }[];
  dpd: number;
  bucket: string;
  /** Seq of the installment that sets the DPD, or null. */
  oldestPastDueSeq: number | null;
  caps: CapsResult;
};

export type DpdPoint = { date: IsoDate; dpd: number; bucket: string };
