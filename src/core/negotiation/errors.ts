/**
 * Codes: `invalid_input` (a field of the request, policy or table is out of range; `path` names it) and
 * `degenerate_schedule` (the principal is too small for the term: rounding each installment to the minor unit would
 * leave the last installment negative — e.g. ¥5 over 360 months).
 */
export type NegotiationErrorCode = 'invalid_input' | 'degenerate_schedule';

/** Thrown for bad input; `path` names the field (e.g. `principalMinor`, `policy.buckets.M3.maxTermMonths`). */
export class NegotiationError extends Error {
  /** The reason alone, in English and (where a person edits the value, e.g. a creditor's policy) in Chinese. */
  readonly reason: { en: string; 'zh-CN': string };
  constructor(readonly code: NegotiationErrorCode, readonly path: string, message: string, zh?: string) {
    super(`${path}: ${message}`);
    this.name = 'NegotiationError';
    this.reason = { en: message, 'zh-CN': zh ?? message };
  }
}

/** Throws `invalid_input` unless `v` is a safe integer in [min, max]. */
export function checkInt(v: unknown, path: string, min = 0, max = Number.MAX_SAFE_INTEGER): number {
  if (typeof v !== 'number' || !Number.isSafeInteger(v) || v < min || v > max) {
    const got = JSON.stringify(v) ?? String(v);
    throw new NegotiationError('invalid_input', path, `must be an integer in [${min}, ${max}], got ${got}`, `须为 ${min} 至 ${max} 之间的整数，当前为 ${got}`);
  }
  return v;
}
