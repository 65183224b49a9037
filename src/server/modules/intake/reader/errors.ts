export type IntakeFileErrorCode =
  | 'empty_file'
  | 'no_header'
  | 'bad_delimiter'
  | 'bad_encoding'
  | 'cell_too_large'
  | 'unclosed_quote'
  | 'bad_xlsx';

/**
 * A placement file that cannot be read as a whole. `line` is the physical line (CSV) or the sheet
 * row (XLSX) where the problem starts; `column` is 1-based. Row-level problems (a missing amount,
 * a bad phone number) are not errors here: the import job rejects those rows one by one.
 */
export class IntakeFileError extends Error {
  override readonly name = 'IntakeFileError';
  readonly code: IntakeFileErrorCode;
  readonly line?: number;
  readonly column?: number;

  constructor(code: IntakeFileErrorCode, message: string, where: { line?: number; column?: number; cause?: unknown } = {}) {
    super(message, where.cause === undefined ? undefined : { cause: where.cause });
    this.code = code;
    if (where.line !== undefined) this.line = where.line;
    if (where.column !== undefined) this.column = where.column;
  }
}
