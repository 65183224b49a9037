// Exact rational arithmetic for schedules. A rate is held as a fraction of BigInts, so (1 + r)^n and the annuity
// factor are exact; a value becomes money (a JS number of minor units) only through `roundHalfUp`, once.

import { NegotiationError } from './errors.js';

/** A non-negative fraction num/den (den > 0). */
export type Ratio = { num: bigint; den: bigint };

/** 1 % = 100 bp; a monthly rate is annual / 12. */
const BP_PER_UNIT = 10_000n;

/**
 * An annual rate in basis points as an exact fraction. Fractional bp are allowed up to 6 decimals (487.5 bp =
 * 4.875 %), read from the number's decimal form so that 490 is exactly 490/10,000, never a binary approximation.
 */
export function annualRate(rateBp: number, path = 'annualRateBp'): Ratio {
  if (typeof rateBp !== 'number' || !Number.isFinite(rateBp) || rateBp < 0 || rateBp > 1_000_000) {
    throw new NegotiationError('invalid_input', path, `must be a rate in bp in [0, 1,000,000], got ${JSON.stringify(rateBp)}`);
  }
  const m = /^(\d+)(?:\.(\d{1,6}))?$/.exec(String(rateBp));
  if (!m) throw new NegotiationError('invalid_input', path, `at most 6 decimals of a bp, got ${rateBp}`);
  const frac = m[2] ?? '';
  const scale = 10n ** BigInt(frac.length);
  return { num: BigInt(m[1] + frac), den: BP_PER_UNIT * scale };
}

/** The monthly rate of an annual one (nominal annual rate / 12, the convention of 等额本息 / 等额本金 tables). */
export function monthlyRate(annual: Ratio): Ratio {
  return reduce({ num: annual.num, den: annual.den * 12n });
}

const gcd = (a: bigint, b: bigint): bigint => (b === 0n ? a : gcd(b, a % b));

/** The fraction in lowest terms (smaller numbers for (1+r)^n). */
export function reduce(r: Ratio): Ratio {
  const g = gcd(r.num, r.den);
  return g > 1n ? { num: r.num / g, den: r.den / g } : r;
}

/** n / d rounded half up (away from zero for .5 on non-negative values); d > 0. Works for negative n too (half away). */
export function roundHalfUp(n: bigint, d: bigint): bigint {
  if (n < 0n) return -roundHalfUp(-n, d);
  return (2n * n + d) / (2n * d);
}

/** A BigInt of minor units as a JS number, refusing anything beyond 2^53. */
export function toMinor(n: bigint, what: string): number {
  if (n > BigInt(Number.MAX_SAFE_INTEGER) || n < -BigInt(Number.MAX_SAFE_INTEGER)) {
    throw new NegotiationError('invalid_input', what, 'exceeds Number.MAX_SAFE_INTEGER minor units');
  }
  return Number(n);
}

/** Interest of one month on `balance` at monthly rate `r`, rounded half up to the minor unit. */
export function monthInterest(balance: number, r: Ratio): number {
  return Number(roundHalfUp(BigInt(balance) * r.num, r.den));
}

/**
 * The exact annuity payment P·r·(1+r)^n / ((1+r)^n − 1) as a fraction (P/n when r = 0). With r = a/b:
 * P·a·(a+b)^n / (b·((a+b)^n − b^n)).
 */
export function annuityExact(principal: number, r: Ratio, n: number): Ratio {
  const p = BigInt(principal);
  if (r.num === 0n) return { num: p, den: BigInt(n) };
  const up = (r.num + r.den) ** BigInt(n);
  const base = r.den ** BigInt(n);
  return { num: p * r.num * up, den: r.den * (up - base) };
}

/** Parse a non-negative decimal string ("4.9", "1000000", "12.34") into an exact fraction; null when malformed. */
export function parseDecimal(s: string): Ratio | null {
  const m = /^(\d+)(?:\.(\d+))?$/.exec(s.trim());
  if (!m) return null;
  const frac = m[2] ?? '';
  return { num: BigInt(m[1] + frac), den: 10n ** BigInt(frac.length) };
}
