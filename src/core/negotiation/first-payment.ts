// First payment (首期还款) of an installment plan: the policy's rules and the affordability verdict. The schedule itself
// is buildSchedule with `firstPaymentMinor` (schedule.ts: row seq 1 due on the start date, principal only; the rest
// over the term from one month later, interest on the remainder only).
//
// Policy (all errors `invalid_input` on the path `firstPaymentMinor`, with a zh-CN reason):
//   minInstallment ≤ first payment < balance;
//   the remainder's installments (all but its last, which carries the rounding residual — and that one too when the
//   remainder is a single installment) are each ≥ minInstallment. The term (≤ the bucket's maximum, ≤ 60 months for
//   cards, CN-C04) and the legal charge cap are checked by the caller as for any term (contracts/negotiation-terms.ts).
// Affordability: the first payment is judged against the money the debtor has now (affordability's lump sum
//   available) when it is known; when it was not asked, against one month's capacity (maxAffordableMinor) — what the
//   debtor could pay in any month anyway, so an unknown lump sum never makes a large first payment look affordable.
//   The monthly installments after it are judged against the monthly capacity as usual (planAffordability).
// Slider range: [minInstallment, min(balance − months × minInstallment, lump sum when known and ≥ minInstallment)];
//   balance − months × minInstallment keeps every installment of the remainder at least the minimum (each method's
//   regular installment is at least remainder / months); null when even the minimum first payment does not fit.

import type { Affordability } from './affordability.js';
import { NegotiationError } from './errors.js';
import type { ResolvedBucketPolicy } from './policy.js';
import type { ScheduleRow } from './schedule.js';
import { formatMoney, type Bilingual } from './text.js';

const PATH = 'firstPaymentMinor';

/** Throws unless minInstallment ≤ `first` < balance (an integer number of minor units). */
export function checkFirstPayment(first: unknown, balanceMinor: number, policy: Pick<ResolvedBucketPolicy, 'minInstallmentMinor'>, currency: string): number {
  const m = (v: number) => formatMoney(v, currency);
  if (typeof first !== 'number' || !Number.isSafeInteger(first)) {
    throw new NegotiationError('invalid_input', PATH, `must be a whole number of minor units, got ${JSON.stringify(first) ?? String(first)}`, '首期还款须为整数金额（单位：分）');
  }
  if (first < policy.minInstallmentMinor) {
    throw new NegotiationError('invalid_input', PATH, `${m(first)} is below the policy's minimum installment of ${m(policy.minInstallmentMinor)}`,
      `首期还款 ${m(first)} 低于政策最低月供 ${m(policy.minInstallmentMinor)}`);
  }
  if (first >= balanceMinor) {
    throw new NegotiationError('invalid_input', PATH, `${m(first)} is not less than the balance of ${m(balanceMinor)}; settle in full instead`,
      `首期还款 ${m(first)} 须小于欠款余额 ${m(balanceMinor)}，全额还款请选择一次性结清`);
  }
  return first;
}

/** Throws unless every installment after the first payment (but a multi-month remainder's last) is ≥ the minimum. */
export function checkRemainder(rows: readonly ScheduleRow[], first: number, months: number, policy: Pick<ResolvedBucketPolicy, 'minInstallmentMinor'>, currency: string): void {
  const rest = rows.slice(1);
  const regular = rest.length > 1 ? rest.slice(0, -1) : rest;
  const low = Math.min(...regular.map((r) => r.paymentMinor));
  if (low >= policy.minInstallmentMinor) return;
  const m = (v: number) => formatMoney(v, currency);
  const remainder = rows[0]!.balanceMinor;
  throw new NegotiationError('invalid_input', PATH,
    `after a first payment of ${m(first)}, the remaining ${m(remainder)} over ${months} months gives installments of ${m(low)}, below the policy's minimum of ${m(policy.minInstallmentMinor)}; lower the first payment or shorten the term`,
    `首期还款 ${m(first)} 后，剩余 ${m(remainder)} 分 ${months} 期每期仅 ${m(low)}，低于政策最低月供 ${m(policy.minInstallmentMinor)}；请降低首期还款或缩短期数`);
}

/** The slider's range for `months` monthly installments after the first payment; null when none fits. */
export function firstPaymentRange(balanceMinor: number, months: number, policy: Pick<ResolvedBucketPolicy, 'minInstallmentMinor'>, a: Pick<Affordability, 'lumpSumAvailableMinor'>): { minMinor: number; maxMinor: number } | null {
  const min = policy.minInstallmentMinor;
  let max = balanceMinor - months * min;
  if (a.lumpSumAvailableMinor !== null && a.lumpSumAvailableMinor >= min) max = Math.min(max, a.lumpSumAvailableMinor);
  return max >= min ? { minMinor: min, maxMinor: max } : null;
}

export type FirstPaymentFit = { affordable: boolean; basis: 'lump_sum' | 'monthly'; capacityMinor: number; verdict: Bilingual };

/** Whether the debtor can pay `first` now (see the header for the rule), with the reason in both languages. */
export function firstPaymentFit(a: Affordability, first: number): FirstPaymentFit {
  const m = (v: number) => formatMoney(v, a.currency);
  const lump = a.lumpSumAvailableMinor;
  const basis = lump === null ? 'monthly' : 'lump_sum';
  const capacity = lump ?? a.maxAffordableMinor;
  const affordable = first <= capacity;
  const verdict: Bilingual = basis === 'lump_sum'
    ? affordable
      ? { 'zh-CN': `首期还款 ${m(first)} 不超过债务人现可支付的 ${m(capacity)}。`, en: `The first payment, ${m(first)}, is within the ${m(capacity)} the debtor has available now.` }
      : { 'zh-CN': `首期还款 ${m(first)} 超过债务人现可支付的 ${m(capacity)}。`, en: `The first payment, ${m(first)}, exceeds the ${m(capacity)} the debtor has available now.` }
    : affordable
      ? { 'zh-CN': `尚未了解可一次性支付的金额；首期还款 ${m(first)} 不超过每月可还上限 ${m(capacity)}。`, en: `The money available now is not known; the first payment, ${m(first)}, is within the ${m(capacity)} a month the debtor can pay.` }
      : { 'zh-CN': `尚未了解可一次性支付的金额；首期还款 ${m(first)} 超过每月可还上限 ${m(capacity)}。`, en: `The money available now is not known; the first payment, ${m(first)}, exceeds the ${m(capacity)} a month the debtor can pay.` };
  return { affordable, basis, capacityMinor: capacity, verdict };
}
