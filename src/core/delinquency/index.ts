// Ledger and delinquency engine (issue "Portfolio intake, ledger and delinquency", part 5). Pure: no I/O, no clock;
// runs in Node and browsers. Money in integer minor units, rates in basis points.
//
//   ledgerAsOf(account, schedule, events, policy, asOf) → Ledger   balances by installment and component, credit,
//       allocations per payment, DPD, bucket, legal caps — by replaying payments and reversals dated ≤ asOf.
//   dpdHistory(account, schedule, events, policy, from, to) → DpdPoint[]   one point a day, each = ledgerAsOf(day).
//   snapshotLedger(snapshot, events, policy, asOf)   a loan known only by its balance on a date (no schedule):
//       payments since that date through the waterfall (snapshot.ts).
//
// Choices, documented where they live:
//   • waterfall (policy.ts): default fees → penalty → interest → principal, oldest due first, installment by
//     installment; payments meet only amounts due on or before their value date;
//   • credit (replay.ts): an overpayment is held as credit and applied, oldest payment first, to amounts as they
//     fall due;
//   • reversals (replay.ts): from its date on, a reversal removes its payment from the replay altogether;
//   • DPD (replay.ts, buckets.ts): days since the due date of the oldest installment owing more than the tolerance;
//     due today = 0; buckets per creditor, default M0 / M1 1–30 / … / M5 121–150 / M6+ 151+;
//   • penalty (penalty.ts): exact daily accrual, actual/365 by default, cumulative total rounded down;
//   • caps (caps.ts): 4 × one-year LPR on the contract date for private lenders (data/lpr.ts), 24 % for licensed
//     ones; two tracks (contract interest + fees; overdue penalty + late fees); optional limiting.
export { ledgerAsOf, dpdHistory } from './ledger.js';
export type { LedgerOptions } from './validate.js';
export { snapshotLedger, snapshotDpdHistory, type Snapshot, type SnapshotLedger, type SnapshotPayment } from './snapshot.js';
export { allocate, type Payable, type Slice } from './waterfall.js';
export { DEFAULT_BUCKETS, bucketForDpd, validateBuckets, type BucketBoundary } from './buckets.js';
export {
  DEFAULT_POLICY, resolvePolicy, type CapPolicy, type DelinquencyPolicy, type DpdPolicy, type PenaltyPolicy, type PolicyInput,
  type WaterfallPolicy,
} from './policy.js';
export { SPC_2020_FROM, capRate, lprOneYearBp, type CapRate } from './caps.js';
export { LPR_1Y, type LprRow } from './data/lpr.js';
export { addDays, daysBetween, formatDay, parseDay, type IsoDate } from './dates.js';
export { DelinquencyError, type DelinquencyErrorCode } from './errors.js';
export type { Rounding } from './arith.js';
export {
  components, lenderTypes, paymentChannels, type Account, type Allocation, type Amounts, type CapSource, type CapTrack,
  type CapsResult, type Component, type DpdPoint, type Installment, type InstallmentLedger, type InstallmentStatus, type Ledger,
  type LedgerEvent, type LedgerTotals, type LenderType, type Payment, type PaymentApplication, type PaymentChannel, type Reversal,
} from './types.js';
