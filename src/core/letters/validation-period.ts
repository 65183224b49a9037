// The end of a US validation period (12 CFR 1006.34(b)(5)) and the itemization of a validation notice. Pure.
//
// §1006.34(b)(5): the validation period ends 30 days after the consumer receives, or is assumed to receive, the
// validation information; a collector may assume receipt on any date that is at least five days — excluding legal
// public holidays (5 U.S.C. 6103(a)), Saturdays and Sundays — after it provides the information. Concord assumes the
// letter is mailed on the day it is generated (the creditor's calendar day) and received on the fifth such business
// day after it; the period ends 30 calendar days after that.

const DAY = 86_400_000;
const toDate = (iso: string) => new Date(`${iso}T00:00:00Z`);
const toIso = (d: Date) => d.toISOString().slice(0, 10);
export const addDays = (iso: string, days: number) => toIso(new Date(toDate(iso).getTime() + days * DAY));

/** The n-th (1-based) given weekday of a month, or the last one when n = -1. Weekday: 0 = Sunday. */
function nthWeekday(year: number, month: number, weekday: number, n: number): string {
  if (n > 0) {
    const first = new Date(Date.UTC(year, month - 1, 1)).getUTCDay();
    return toIso(new Date(Date.UTC(year, month - 1, 1 + ((weekday - first + 7) % 7) + (n - 1) * 7)));
  }
  const lastDay = new Date(Date.UTC(year, month, 0));
  return toIso(new Date(lastDay.getTime() - ((lastDay.getUTCDay() - weekday + 7) % 7) * DAY));
}

/** A fixed-date holiday on a Saturday is observed the Friday before, on a Sunday the Monday after (5 U.S.C. 6103(b)). */
function observed(iso: string): string {
  const wd = toDate(iso).getUTCDay();
  return wd === 6 ? addDays(iso, -1) : wd === 0 ? addDays(iso, 1) : iso;
}

/** The legal public holidays of 5 U.S.C. 6103(a) observed in a year (federal: New Year's Day … Christmas Day). */
export function usFederalHolidays(year: number): Set<string> {
  const fixed = (m: number, d: number) => observed(`${year}-${String(m).padStart(2, '0')}-${String(d).padStart(2, '0')}`);
  return new Set([
    fixed(1, 1), nthWeekday(year, 1, 1, 3), nthWeekday(year, 2, 1, 3), nthWeekday(year, 5, 1, -1), fixed(6, 19), fixed(7, 4),
    nthWeekday(year, 9, 1, 1), nthWeekday(year, 10, 1, 2), fixed(11, 11), nthWeekday(year, 11, 4, 4), fixed(12, 25),
    // New Year's Day of the next year observed on 31 December when 1 January is a Saturday.
    ...(toDate(`${year + 1}-01-01`).getUTCDay() === 6 ? [`${year}-12-31`] : []),
  ]);
}

function isBusinessDay(iso: string): boolean {
  const wd = toDate(iso).getUTCDay();
  return wd !== 0 && wd !== 6 && !usFederalHolidays(Number(iso.slice(0, 4))).has(iso);
}

/** The assumed receipt (the fifth business day after mailing) and the end of the validation period. */
export function validationPeriod(mailedOn: string, periodDays = 30, receiptBusinessDays = 5): { mailedOn: string; assumedReceipt: string; endDate: string } {
  let d = mailedOn;
  for (let n = 0; n < receiptBusinessDays;) {
    d = addDays(d, 1);
    if (isBusinessDay(d)) n += 1;
  }
  return { mailedOn, assumedReceipt: d, endDate: addDays(d, periodDays) };
}

export interface ItemizationAccount {
  reference: string;
  /** The itemization date (§1006.34(b)(3)): here the transaction date — the day the loan was made. */
  originationDate: string;
  principalMinor: number;
  outstandingPrincipalMinor: number;
  outstandingInterestMinor: number;
  outstandingPenaltyMinor: number;
  outstandingFeesMinor: number;
}

export interface ItemizationRow {
  reference: string;
  itemizationDate: string;
  onItemizationDateMinor: number;
  interestMinor: number;
  feesMinor: number;
  paymentsCreditsMinor: number;
  currentMinor: number;
}

/**
 * §1006.34(c)(2)(vi)–(ix) per account: the amount on the itemization date (the principal lent), interest and fees
 * since (what is outstanding of them), payments and credits since (principal repaid), and the current amount —
 * the first plus the second and third minus the fourth.
 */
export function itemize(accounts: readonly ItemizationAccount[]): { rows: ItemizationRow[]; total: Omit<ItemizationRow, 'reference' | 'itemizationDate'> } {
  const rows = accounts.map((a) => {
    const fees = a.outstandingPenaltyMinor + a.outstandingFeesMinor;
    const lent = Math.max(a.principalMinor, a.outstandingPrincipalMinor);
    const payments = lent - a.outstandingPrincipalMinor;
    return {
      reference: a.reference, itemizationDate: a.originationDate, onItemizationDateMinor: lent, interestMinor: a.outstandingInterestMinor,
      feesMinor: fees, paymentsCreditsMinor: payments, currentMinor: lent + a.outstandingInterestMinor + fees - payments,
    };
  });
  const sum = (k: keyof Omit<ItemizationRow, 'reference' | 'itemizationDate'>) => rows.reduce((s, r) => s + r[k], 0);
  return {
    rows,
    total: { onItemizationDateMinor: sum('onItemizationDateMinor'), interestMinor: sum('interestMinor'), feesMinor: sum('feesMinor'), paymentsCreditsMinor: sum('paymentsCreditsMinor'), currentMinor: sum('currentMinor') },
  };
}
