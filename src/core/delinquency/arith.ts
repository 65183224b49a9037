// Exact arithmetic for accruals. Accrual numerators are BigInt (amount × rate-in-bp × days can pass 2^53);
// a value becomes money (a JS number of minor units) only through one of the two rounding rules below.

/** Rounding rules for turning an exact non-negative rational into minor units. */
export type Rounding = 'down' | 'half_up';

/** n / d rounded by `rule`; n ≥ 0, d > 0. `down` truncates, `half_up` rounds .5 up. */
export function divRound(n: bigint, d: bigint, rule: Rounding): bigint {
  return rule === 'down' ? n / d : (2n * n + d) / (2n * d);
}

/** A BigInt that must fit a JS safe integer (money stays exact). */
export function toSafeNumber(n: bigint, what: string): number {
  if (n > BigInt(Number.MAX_SAFE_INTEGER) || n < -BigInt(Number.MAX_SAFE_INTEGER)) {
    throw new RangeError(`${what} exceeds Number.MAX_SAFE_INTEGER minor units`);
  }
  return Number(n);
}

/** Basis points in one unit (100 % = 10,000 bp). */
export const BP = 10_000n;
