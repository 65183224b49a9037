import { createWriteStream } from 'node:fs';
import { once } from 'node:events';
import { finished } from 'node:stream/promises';

/** Header of the column appended to the rejected-rows file. */
export const REASON_HEADER = '错误原因 / reason';

export interface RejectedRow {
  /** The row's cells as read (RowRecord.cells). */
  cells: readonly string[];
  /** RowRecord.raw: written back verbatim when it splits into exactly these cells with the delimiter. */
  raw?: string;
}

export interface RejectedCsvOptions {
  /** The source file's header (OpenedFile.header). */
  header: readonly string[];
  /** Output delimiter; pass the source's (OpenedFile.delimiter) so raw records can be written back as they were. Default ','. */
  delimiter?: ',' | ';' | '\t' | '|';
  reasonHeader?: string;
}

export interface RejectedCsvWriter {
  /** Appends a row and its reason; resolves once the destination has room (back-pressure). */
  write(row: RejectedRow, reason: string): Promise<void>;
  /** Flushes and closes the destination (a header-only file when nothing was written). */
  end(): Promise<void>;
  readonly rowsWritten: number;
}

/** One record split the way the reader split it (RFC 4180). */
function splitRecord(raw: string, delimiter: string): string[] {
  const fields: string[] = [];
  let i = 0;
  for (;;) {
    let value = '';
    if (raw[i] === '"') {
      i++;
      for (;;) {
        const q = raw.indexOf('"', i);
        if (q === -1) return fields; // unbalanced: not a record this writer can vouch for
        value += raw.slice(i, q);
        if (raw[q + 1] === '"') {
          value += '"';
          i = q + 2;
        } else {
          i = q + 1;
          break;
        }
      }
    }
    const d = raw.indexOf(delimiter, i);
    if (d === -1) {
      fields.push(value + raw.slice(i));
      return fields;
    }
    fields.push(value + raw.slice(i, d));
    i = d + delimiter.length;
  }
}

/**
 * Writes rejected rows for the lender to fix and send again: the original columns plus a reason
 * column, as UTF-8 with a BOM (Excel then opens it in Chinese) and CRLF line ends. Each row is
 * the original record text when there is one that matches its cells, else its cells re-quoted.
 */
export function writeRejectedCsv(destination: string | NodeJS.WritableStream, options: RejectedCsvOptions): RejectedCsvWriter {
  const delimiter = options.delimiter ?? ',';
  const width = options.header.length;
  const out: NodeJS.WritableStream = typeof destination === 'string' ? createWriteStream(destination) : destination;
  let failure: unknown;
  out.on('error', (error: unknown) => {
    failure ??= error;
  });
  const needsQuotes = new RegExp(`["\\r\\n${delimiter === '|' ? '\\|' : delimiter}]|^\\s|\\s$`);
  const quote = (value: string): string => (needsQuotes.test(value) ? `"${value.replace(/"/g, '""')}"` : value);
  const line = (cells: readonly string[], reason: string): string => `${cells.map(quote).join(delimiter)}${delimiter}${quote(reason)}\r\n`;

  let started = false;
  let rows = 0;
  const send = async (text: string): Promise<void> => {
    if (failure !== undefined) throw failure;
    if (!started) {
      started = true;
      out.write(`\uFEFF${line(options.header, options.reasonHeader ?? REASON_HEADER)}`);
    }
    if (text !== '' && !out.write(text)) {
      await Promise.race([once(out as NodeJS.EventEmitter, 'drain'), once(out as NodeJS.EventEmitter, 'error')]);
    }
    if (failure !== undefined) throw failure;
  };

  return {
    async write(row, reason) {
      let text: string | undefined;
      if (row.raw !== undefined && !/[\r\n]$/.test(row.raw)) {
        const fields = splitRecord(row.raw, delimiter);
        const n = Math.max(fields.length, row.cells.length);
        let same = fields.length > 0;
        for (let i = 0; same && i < n; i++) same = (fields[i] ?? '') === (row.cells[i] ?? '');
        if (same) text = `${row.raw}${delimiter.repeat(Math.max(0, width - fields.length))}${delimiter}${quote(reason)}\r\n`;
      }
      await send(text ?? line(row.cells, reason));
      rows++;
    },
    async end() {
      await send('');
      out.end();
      await finished(out);
      if (failure !== undefined) throw failure;
    },
    get rowsWritten() {
      return rows;
    },
  };
}
