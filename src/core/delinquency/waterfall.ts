// The payment waterfall: splits an amount over the amounts due on a day, in the creditor's component and
// installment order. Only installments due on or before the day take money; the rest is returned (the caller
// keeps it as credit).

import type { WaterfallPolicy } from './policy.js';
import type { Amounts, Component } from './types.js';

/** The part of an installment's state the waterfall reads and writes. */
export type Payable = { seq: number; dueDay: number; charged: Amounts; paid: Amounts; paidOnDay: number | null };

export type Slice = { seq: number; component: Component; amountMinor: number };

export const outstandingOf = (p: Payable, c: Component): number => p.charged[c] - p.paid[c];

export function totalOutstanding(p: Payable, list: readonly Component[] = ['fees', 'penalty', 'interest', 'principal']): number {
  let sum = 0;
  for (const c of list) sum += outstandingOf(p, c);
  return sum;
}

/** Installments due by `day`, in the policy's order. `items` must be sorted by due date, then seq. */
function dueInOrder<T extends Payable>(items: readonly T[], day: number, order: WaterfallPolicy['installmentOrder']): T[] {
  const due = items.filter((p) => p.dueDay <= day);
  return order === 'oldest_due_first' ? due : due.reverse();
}

function take(p: Payable, c: Component, left: number, day: number, out: Slice[]): number {
  const amount = Math.min(outstandingOf(p, c), left);
  if (amount <= 0) return 0;
  p.paid[c] += amount;
  out.push({ seq: p.seq, component: c, amountMinor: amount });
  if (totalOutstanding(p) === 0) p.paidOnDay = day;
  return amount;
}

/**
 * Applies `amount` on `day` through the waterfall, mutating `paid` of the items it pays.
 * `by_installment` settles each installment in component order before the next; `by_component` pays one
 * component across every due installment before the next component.
 */
export function allocate(items: readonly Payable[], day: number, amount: number, policy: WaterfallPolicy): { slices: Slice[]; remaining: number } {
  const slices: Slice[] = [];
  let left = amount;
  const due = dueInOrder(items, day, policy.installmentOrder);
  if (policy.sweep === 'by_installment') {
    for (const p of due) for (const c of policy.components) if (left > 0) left -= take(p, c, left, day, slices);
  } else {
    for (const c of policy.components) for (const p of due) if (left > 0) left -= take(p, c, left, day, slices);
  }
  return { slices, remaining: left };
}
