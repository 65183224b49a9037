/** Codes: `invalid_input` (a field of the account, schedule, events or policy), `lpr_unavailable` (no LPR for the contract date). */
export type DelinquencyErrorCode = 'invalid_input' | 'lpr_unavailable';

/** Thrown for bad input; `path` names the field (e.g. `schedule[2].dueDate`, `events[0].amountMinor`). */
export class DelinquencyError extends Error {
  /** The reason alone, in English and (where a person edits the value, e.g. a creditor's policy) in Chinese. */
  readonly reason: { en: string; 'zh-CN': string };
  constructor(readonly code: DelinquencyErrorCode, readonly path: string, message: string, zh?: string) {
    super(`${path}: ${message}`);
    this.name = 'DelinquencyError';
    this.reason = { en: message, 'zh-CN': zh ?? message };
  }
}
