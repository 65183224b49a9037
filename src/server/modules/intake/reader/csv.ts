import { chooseEncoding, decodeChunks, hasUtf16Bom, hasUtf8Bom, sniffText } from './encoding.js';
import { IntakeFileError } from './errors.js';
import { CsvParser, type ParsedRecord } from './csv-parser.js';
import { fitToHeader, isBlank, normalizeHeader, onePass } from './rows.js';
import { chunksFrom, type ByteSource } from './source.js';
import type { OpenedFile, ReaderOptions, RowRecord } from './types.js';

const CANDIDATES = [',', '\t', ';', '|'] as const;
type Delimiter = (typeof CANDIDATES)[number];

export interface CsvInput {
  source: ByteSource;
  head: Buffer;
  eof: boolean;
  totalBytes: number | null;
  options: ReaderOptions;
  maxCellBytes: number;
}

/** Count of `ch` outside double quotes. */
function countOutsideQuotes(text: string, ch: string): number {
  let count = 0;
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (c === '"') quoted = !quoted;
    else if (c === ch && !quoted) count++;
  }
  return count;
}

/** The first non-blank record of the text (quote-aware), and the line it starts on. */
function firstRecord(text: string): { record: string; line: number } {
  let i = 0;
  let line = 1;
  for (;;) {
    let j = i;
    while (j < text.length && (text[j] === ' ' || text[j] === '\t')) j++;
    if (text[j] === '\r') {
      line++;
      i = text[j + 1] === '\n' ? j + 2 : j + 1;
    } else if (text[j] === '\n') {
      line++;
      i = j + 1;
    } else {
      break;
    }
  }
  let quoted = false;
  let end = i;
  for (; end < text.length; end++) {
    const c = text[end];
    if (c === '"') quoted = !quoted;
    else if (!quoted && (c === '\n' || c === '\r')) break;
  }
  return { record: text.slice(i, end), line };
}

const SEP_LINE = /^sep=(.)$/i;

function chooseDelimiter(text: string, option: ReaderOptions['delimiter']): { delimiter: Delimiter; sepLine: boolean } {
  const { record } = firstRecord(text);
  // Excel's own hint: a first line "sep=;".
  const sep = SEP_LINE.exec(record);
  if (sep && (CANDIDATES as readonly string[]).includes(sep[1]!) && (option === undefined || option === 'auto')) {
    return { delimiter: sep[1] as Delimiter, sepLine: true };
  }
  if (option !== undefined && option !== 'auto') return { delimiter: option, sepLine: sep !== null };
  let best: Delimiter = ',';
  let bestCount = 0;
  for (const candidate of CANDIDATES) {
    const count = countOutsideQuotes(record, candidate);
    if (count > bestCount) {
      best = candidate;
      bestCount = count;
    }
  }
  return { delimiter: best, sepLine: sep !== null };
}

function showDelimiter(d: string): string {
  return d === '\t' ? 'TAB' : `'${d}'`;
}

export async function openCsv(input: CsvInput): Promise<OpenedFile> {
  const { source, head, eof, options, maxCellBytes } = input;
  if (hasUtf16Bom(head)) {
    await source.close();
    throw new IntakeFileError('bad_encoding', 'UTF-16 text (Excel "Unicode Text") is not supported: save the file as CSV (UTF-8) or CSV', { line: 1 });
  }
  const bom = hasUtf8Bom(head);
  const body = bom ? head.subarray(3) : head;
  const state = chooseEncoding(body, eof, bom, options.encoding);
  const text = sniffText(body, state, eof);
  if (eof && text.trim() === '') {
    await source.close();
    throw new IntakeFileError('empty_file', 'the file is empty');
  }
  const { delimiter, sepLine } = chooseDelimiter(text, options.delimiter);
  const explicitDelimiter = options.delimiter !== undefined && options.delimiter !== 'auto';

  // A record may hold one full cell per column; past that (or 16 MiB) it is a runaway quote.
  const guessedColumns = countOutsideQuotes(firstRecord(text).record, delimiter) + 1;
  const maxRecordChars = Math.max(maxCellBytes + 65_536, Math.min(maxCellBytes * guessedColumns, 16 * 1024 * 1024));
  const parser = new CsvParser(delimiter, maxCellBytes, maxRecordChars);
  const texts = decodeChunks(chunksFrom(body, source), state);

  // Records parsed from the last text chunk and not yet handed out: one chunk's worth at most.
  let queue: ParsedRecord[] = [];
  let queued = 0;
  let ended = false;
  let closed = false;
  const cleanup = async (): Promise<void> => {
    if (closed) return;
    closed = true;
    queue = [];
    await texts.return(undefined); // closes the source too
  };
  const nextRecord = async (): Promise<ParsedRecord | null> => {
    for (;;) {
      while (queued < queue.length) {
        const record = queue[queued++]!;
        if (!isBlank(record.cells)) return record;
      }
      if (ended || closed) return null;
      queue = [];
      queued = 0;
      const step = await texts.next();
      if (step.done) {
        ended = true;
        parser.end(queue);
      } else {
        parser.push(step.value, queue);
      }
    }
  };

  let headerRecord: ParsedRecord | null;
  try {
    headerRecord = await nextRecord();
    if (headerRecord && sepLine && SEP_LINE.test(headerRecord.raw)) headerRecord = await nextRecord();
    if (headerRecord === null) throw new IntakeFileError('no_header', 'the file has no header line (only empty lines or empty cells)');
    if (headerRecord.cells.length === 1 && explicitDelimiter) {
      for (const other of CANDIDATES) {
        if (other !== delimiter && countOutsideQuotes(headerRecord.raw, other) > 0) {
          throw new IntakeFileError(
            'bad_delimiter',
            `line ${headerRecord.line}: the header is one column with delimiter ${showDelimiter(delimiter)} but splits on ${showDelimiter(other)}`,
            { line: headerRecord.line },
          );
        }
      }
    }
  } catch (error) {
    await cleanup();
    throw error;
  }
  const header = normalizeHeader(headerRecord.cells);
  const width = header.length;

  async function* rows(): AsyncGenerator<RowRecord> {
    try {
      let rowNumber = 0;
      for (let rec = await nextRecord(); rec !== null; rec = await nextRecord()) {
        yield { rowNumber: ++rowNumber, line: rec.line, cells: fitToHeader(rec.cells, width), raw: rec.raw };
      }
    } finally {
      await cleanup();
    }
  }
  const { rows: iterable, close } = onePass(rows());

  return {
    format: 'csv',
    get encoding() {
      return state.encoding;
    },
    delimiter,
    header,
    rows: iterable,
    bytesRead: () => source.bytes,
    totalBytes: input.totalBytes,
    close: async () => {
      await close();
      await cleanup();
    },
  };
}
