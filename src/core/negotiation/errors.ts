/**
 * Codes: `invalid_input` (a field of the request, policy or table is out of range; `path` names it) and
 * `degenerate_schedule` (the principal is too small for the term: rounding each installment to the minor unit would
 * leave the last installment negative — e.g. ¥5 over 360 months).
 */
export type NegotiationErrorCode = 'invalid_input' | 'degenerate_schedule';

/** Thrown for bad input; `path` names the field (e.g. `principalMinor`, `policy.buckets.M3.maxTermMonths`). */
export class NegotiationError extends Error {
  constructor(readonly code: NegotiationErrorCode, readonly path: string, message: string) {
    super(`${path}: ${message}`);
    this.name = 'NegotiationError';
  }
}

/** Throws `invalid_input` unless `v` is a safe integer in [min, max]. */
export function checkInt(v: unknown, path: string, min = 0, max = Number.MAX_SAFE_INTEGER): number {
  if (typeof v !== 'number' || !Number.isSafeInteger(v) || v < min || v > max) {
    throw new NegotiationError('invalid_input', path, `must be an integer in [${min}, ${max}], got ${JSON.stringify(v)}`);
  }
  return v;
}
