// Legal caps on charges (REGULATIONS CN-I01, CN-I02, CN-I03).
//
// Rate. Private lending (民间借贷): 4 × the one-year LPR in force on the contract date — SPC 民间借贷规定
// (法释〔2020〕17号, 2020-12-29) Art. 25 (contract interest), Art. 28 (overdue interest), Art. 29 (overdue interest
// plus penalty plus other fees together). Licensed lenders are outside that rule (Art. 1 ¶2, CN-I02); courts may cut
// interest, penalties and fees above 24 % p.a. (法发〔2017〕22号, CN-I03), so they get a configurable cap, default 24 %.
//
// Two tracks, each compared separately and never netted:
//  • contract: scheduled interest + scheduled fees of the installments due on or before asOf, against
//      cap = ⌊ Σₖ Bₖ × rate × daysₖ / (10,000 × basis) ⌋
//    where Bₖ is the contractual principal outstanding during period k (principal − scheduled principal of earlier
//    installments) and daysₖ the days from the previous due date (the contract date for the first) to due date k.
//    The cap covers exactly the periods whose interest has been charged, so the flag does not flicker mid-period.
//  • overdue: penalty + late fees to date, against
//      cap = ⌊ Σ_days overdue principal × rate / (10,000 × basis) ⌋
//    accrued daily (in the replay) from the day after each due date, on the principal of past-due installments still
//    unpaid at the start of that day. The base is principal only, even when the penalty also runs on overdue
//    interest: the narrower reading, so nobody demands a charge a court may cut.
// Fees count in the contract track: the comprehensive-cost reading of 金规〔2025〕9号 (CN-R01/CN-I03) and the SPC's
// treatment of charges disguised as interest. Both caps round down: never a fen above the legal maximum.
//
// Limiting (policy.caps.limitToCap): contract charges are booked in due-date order against the cumulative cap
// (interest first, then fees; what does not fit is dropped, never carried to a later installment); overdue charges
// are booked per installment against that installment's own overdue cap (late fee first, then penalty).

import { BP, toSafeNumber } from './arith.js';
import { LPR_1Y, type LprRow } from './data/lpr.js';
import type { IsoDate } from './dates.js';
import { DelinquencyError } from './errors.js';
import type { CapPolicy } from './policy.js';
import type { Account, CapSource, CapTrack } from './types.js';

/** First day of the post-reform standard for private lending (SPC provisions as amended in 2020, Art. 31). */
export const SPC_2020_FROM: IsoDate = '2020-08-20';

/** The one-year LPR (bp) in force on `date`; throws `lpr_unavailable` before the first published figure. */
export function lprOneYearBp(date: IsoDate, table: readonly LprRow[] = LPR_1Y): number {
  let rate: number | undefined;
  for (const row of table) {
    if (row.effectiveFrom > date) break;
    rate = row.rateBp;
  }
  if (rate === undefined) {
    throw new DelinquencyError(
      'lpr_unavailable',
      'account.originationDate',
      `no one-year LPR before ${table[0]?.effectiveFrom ?? '(empty table)'} (SPC 民间借贷规定 Art. 25 ¶2: the LPR published ` +
        `since 2019-08-20); contract date ${date}. For earlier contracts the SPC transitional article (Art. 31) decides ` +
        'the standard; set policy.caps.privateRateBp to the rate counsel confirms.',
    );
  }
  return rate;
}

export type CapRate = { rateBp: number; source: CapSource; lprBp: number | null; transitional: boolean };

/**
 * The account's annual cap rate. `transitional` flags private contracts formed before 2020-08-20: under Art. 31 of
 * the amended provisions (recalled, [U] — check the wording) interest up to 2020-08-19 may follow the 2015 rules at
 * the lender's request, and interest from 2020-08-20 follows the standard in force when suit is filed. The figure
 * here (4 × LPR on the contract date) is then only a first estimate for counsel to confirm.
 */
export function capRate(account: Account, caps: CapPolicy): CapRate {
  if (account.lenderType === 'licensed') return { rateBp: caps.licensedRateBp, source: 'licensed', lprBp: null, transitional: false };
  if (caps.privateRateBp !== null) return { rateBp: caps.privateRateBp, source: 'private_override', lprBp: null, transitional: false };
  const lprBp = lprOneYearBp(account.originationDate);
  return { rateBp: 4 * lprBp, source: 'private_4x_lpr', lprBp, transitional: account.originationDate < SPC_2020_FROM };
}

export type ScheduledLine = { seq: number; dueDay: number; principalMinor: number; interestMinor: number; feesMinor: number };
export type ContractLine = { capNumCum: bigint; bookedInterest: number; bookedFees: number };

/** Per installment (in due order): the cumulative contract-cap numerator and the interest/fees the ledger books. */
export function contractCapPlan(
  lines: readonly ScheduledLine[], originationDay: number, principalMinor: number, rateBp: number, limit: boolean, basis: number,
): ContractLine[] {
  const denom = BP * BigInt(basis);
  let balance = principalMinor;
  let prevDay = originationDay;
  let capNumCum = 0n;
  let bookedCum = 0;
  return lines.map((l) => {
    capNumCum += BigInt(balance) * BigInt(rateBp) * BigInt(l.dueDay - prevDay);
    balance -= l.principalMinor;
    prevDay = l.dueDay;
    const charge = l.interestMinor + l.feesMinor;
    const allowed = limit ? Math.max(0, Math.min(charge, toSafeNumber(capNumCum / denom, 'contract cap') - bookedCum)) : charge;
    bookedCum += allowed;
    const bookedInterest = Math.min(l.interestMinor, allowed);
    return { capNumCum, bookedInterest, bookedFees: allowed - bookedInterest };
  });
}

export function capTrack(rateBp: number, capMinor: number, chargedMinor: number, bookedMinor: number): CapTrack {
  const excessMinor = Math.max(0, chargedMinor - capMinor);
  return { rateBp, capMinor, chargedMinor, excessMinor, exceeded: excessMinor > 0, bookedMinor };
}
