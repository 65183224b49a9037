// Factories for the delinquency tests (fresh objects each call; no shared mutable fixtures).

import type { Account, Installment, Payment, PaymentChannel, Reversal } from './types.js';

/**
 * A licensed 3-month loan of 3,000.00 yuan (300,000 fen) made 2024-01-15; three installments due on the 15th of
 * Feb, Mar and Apr 2024, each 100,000 principal + 3,000 interest + 500 fees = 103,500 fen.
 */
export function makeAccount(over: Partial<Account> = {}): Account {
  return {
    id: 'A-1', currency: 'CNY', principalMinor: 300_000, aprBp: 1200, originationDate: '2024-01-15', termMonths: 3,
    lenderType: 'licensed', contractFeesMinor: 1_500, ...over,
  };
}

export function makeSchedule(): Installment[] {
  return [
    { seq: 1, dueDate: '2024-02-15', principalMinor: 100_000, interestMinor: 3_000, feesMinor: 500 },
    { seq: 2, dueDate: '2024-03-15', principalMinor: 100_000, interestMinor: 3_000, feesMinor: 500 },
    { seq: 3, dueDate: '2024-04-15', principalMinor: 100_000, interestMinor: 3_000, feesMinor: 500 },
  ];
}

/** A one-installment loan: `principal` fen due `dueDate`, no interest or fees, made 30 days earlier by default. */
export function makeBullet(principal: number, dueDate: string, originationDate = '2024-01-01'): { account: Account; schedule: Installment[] } {
  return {
    account: makeAccount({ principalMinor: principal, contractFeesMinor: 0, originationDate, termMonths: 1 }),
    schedule: [{ seq: 1, dueDate, principalMinor: principal, interestMinor: 0, feesMinor: 0 }],
  };
}

export function pay(id: string, amountMinor: number, valueDate: string, channel: PaymentChannel = 'bank_transfer'): Payment {
  return { kind: 'payment', id, amountMinor, valueDate, channel };
}

export function reverse(id: string, paymentId: string, date: string): Reversal {
  return { kind: 'reversal', id, paymentId, date };
}
