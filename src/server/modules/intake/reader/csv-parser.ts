import { IntakeFileError } from './errors.js';

export interface ParsedRecord {
  cells: string[];
  /** The record's text without its line terminator. */
  raw: string;
  /** Physical line (1-based) where the record starts. */
  line: number;
}

const enum State {
  /** At the start of a field. */
  FieldStart,
  /** In a field that did not start with a quote. */
  Unquoted,
  /** Inside quotes. */
  Quoted,
  /** Just read a quote inside quotes: a doubled quote or the closing one. */
  QuoteInQuoted,
  /** After the closing quote; anything before the delimiter is kept as it is (as Excel does). */
  AfterQuoted,
}

const LF = 10;
const CR = 13;
const QUOTE = 34;

/**
 * Incremental RFC 4180 parser over decoded text: quoted fields with delimiters, doubled quotes and
 * line breaks; CRLF, LF or CR line ends (also mixed); empty lines skipped. Text may be cut anywhere
 * between pushes. It keeps only the record being read, and stops with `cell_too_large` as soon as a
 * cell or a record outgrows its limit, so an unclosed quote cannot swallow the file into memory.
 *
 * Lenient like Excel: a quote inside an unquoted field is a plain character, and text between a
 * closing quote and the next delimiter is kept.
 */
export class CsvParser {
  private readonly delimiter: number;
  private state = State.FieldStart;
  private fields: string[] = [];
  private value = '';
  private rawCarry = '';
  private line = 1;
  private recordLine = 1;
  private quoteLine = 1;
  private lastWasCR = false;
  private skipLF = false;
  private readonly cheapCellChars: number;

  constructor(
    delimiter: string,
    private readonly maxCellBytes: number,
    private readonly maxRecordChars: number,
  ) {
    if (delimiter.length !== 1) throw new TypeError('the delimiter must be one character');
    this.delimiter = delimiter.charCodeAt(0);
    this.cheapCellChars = Math.floor(maxCellBytes / 3);
  }

  private tooLarge(column?: number): IntakeFileError {
    const where = column === undefined ? 'a record' : `column ${column}`;
    const hint = this.state === State.Quoted ? `; if the quote opened on line ${this.quoteLine} is never closed, the rest of the file reads as one cell` : '';
    return new IntakeFileError(
      'cell_too_large',
      `line ${this.recordLine}, ${where}: over the limit of ${this.maxCellBytes} bytes per cell${hint}`,
      column === undefined ? { line: this.recordLine } : { line: this.recordLine, column },
    );
  }

  private endField(value: string): void {
    if (value.length > this.cheapCellChars && Buffer.byteLength(value, 'utf8') > this.maxCellBytes) {
      throw this.tooLarge(this.fields.length + 1);
    }
    this.fields.push(value);
  }

  /** Parses `text`; complete records are appended to `out`. */
  push(text: string, out: ParsedRecord[]): void {
    const n = text.length;
    const delimiter = this.delimiter;
    let i = 0;
    if (n === 0) return;
    if (this.skipLF) {
      this.skipLF = false;
      if (text.charCodeAt(0) === LF) i = 1;
    }
    let rawStart = i;
    let segment = i; // start of the current field's text not yet added to this.value
    let state = this.state;

    for (; i < n; i++) {
      const c = text.charCodeAt(i);
      if (state === State.Quoted) {
        if (c === QUOTE) {
          this.value += text.slice(segment, i);
          state = State.QuoteInQuoted;
        } else if (c === CR) {
          this.line++;
          this.lastWasCR = true;
          continue;
        } else if (c === LF) {
          if (!this.lastWasCR) this.line++;
        }
        this.lastWasCR = false;
        continue;
      }
      if (state === State.QuoteInQuoted) {
        if (c === QUOTE) {
          this.value += '"';
          segment = i + 1;
          state = State.Quoted;
          continue;
        }
        if (c !== delimiter && c !== CR && c !== LF) {
          segment = i;
          state = State.AfterQuoted;
          continue;
        }
        segment = i; // an empty segment: the value is complete
      }
      if (c === delimiter) {
        this.endField(state === State.FieldStart ? '' : this.value + text.slice(segment, i));
        this.value = '';
        segment = i + 1;
        state = State.FieldStart;
      } else if (c === CR || c === LF) {
        if (state === State.FieldStart && this.fields.length === 0) {
          // An empty line.
        } else {
          this.endField(state === State.FieldStart ? '' : this.value + text.slice(segment, i));
          out.push({ cells: this.fields, raw: this.rawCarry + text.slice(rawStart, i), line: this.recordLine });
          this.fields = [];
        }
        this.value = '';
        this.rawCarry = '';
        this.line++;
        if (c === CR) {
          if (i + 1 < n) {
            if (text.charCodeAt(i + 1) === LF) i++;
          } else {
            this.skipLF = true;
          }
        }
        rawStart = segment = i + 1;
        this.recordLine = this.line;
        state = State.FieldStart;
      } else if (state === State.FieldStart) {
        if (c === QUOTE) {
          state = State.Quoted;
          this.quoteLine = this.line;
          this.lastWasCR = false;
          segment = i + 1;
        } else {
          state = State.Unquoted;
          segment = i;
        }
      }
    }

    // Carry the unfinished record into the next push.
    if (state === State.Unquoted || state === State.Quoted || state === State.AfterQuoted) {
      this.value += text.slice(segment);
      if (this.value.length > this.maxCellBytes) {
        this.state = state;
        throw this.tooLarge(this.fields.length + 1);
      }
    }
    if (rawStart < n) this.rawCarry += text.slice(rawStart);
    this.state = state;
    if (this.rawCarry.length > this.maxRecordChars) throw this.tooLarge();
  }

  /** Ends the input: the last record (without a line end) is appended to `out`. */
  end(out: ParsedRecord[]): void {
    const state = this.state;
    if (state === State.Quoted) {
      throw new IntakeFileError('unclosed_quote', `line ${this.quoteLine}: a quote opened in column ${this.fields.length + 1} is never closed`, {
        line: this.quoteLine,
        column: this.fields.length + 1,
      });
    }
    if (state === State.FieldStart && this.fields.length === 0) return;
    this.endField(state === State.FieldStart ? '' : this.value);
    out.push({ cells: this.fields, raw: this.rawCarry, line: this.recordLine });
    this.fields = [];
    this.value = '';
    this.rawCarry = '';
    this.state = State.FieldStart;
  }
}
