import { createReadStream, createWriteStream } from 'node:fs';
import { mkdtemp, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { extname, join } from 'node:path';
import { pipeline } from 'node:stream/promises';
import { openCsv } from './csv.js';
import { IntakeFileError } from './errors.js';
import { ByteSource, chunksFrom, readHead, type ByteInput } from './source.js';
import { DEFAULT_MAX_CELL_BYTES, SNIFF_BYTES, type OpenedFile, type ReaderOptions } from './types.js';
import { openXlsx } from './xlsx.js';

export { IntakeFileError, type IntakeFileErrorCode } from './errors.js';
export { writeRejectedCsv, REASON_HEADER, type RejectedCsvOptions, type RejectedCsvWriter, type RejectedRow } from './rejected.js';
export type { DetectedEncoding, OpenedFile, ReaderOptions, RowRecord } from './types.js';

const ENCODINGS = new Set(['auto', 'utf8', 'gbk', 'gb18030']);
const DELIMITERS = new Set(['auto', ',', ';', '\t', '|']);

function checkOptions(options: ReaderOptions): number {
  if (options.encoding !== undefined && !ENCODINGS.has(options.encoding)) throw new TypeError(`unknown encoding option ${JSON.stringify(options.encoding)}`);
  if (options.delimiter !== undefined && !DELIMITERS.has(options.delimiter)) throw new TypeError(`unknown delimiter option ${JSON.stringify(options.delimiter)}`);
  const max = options.maxCellBytes ?? DEFAULT_MAX_CELL_BYTES;
  if (!Number.isSafeInteger(max) || max < 1) throw new TypeError(`maxCellBytes must be a positive integer, got ${String(options.maxCellBytes)}`);
  return max;
}

const ZIP = [0x50, 0x4b, 0x03, 0x04];
const EMPTY_ZIP = [0x50, 0x4b, 0x05, 0x06];
const OLE2 = [0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1];
const startsWith = (head: Uint8Array, magic: number[]): boolean => magic.every((b, i) => head[i] === b);

/** 'xlsx' or 'csv' from the magic bytes first, then the name. */
function detectFormat(name: string, head: Uint8Array): 'csv' | 'xlsx' {
  if (startsWith(head, ZIP) || startsWith(head, EMPTY_ZIP)) return 'xlsx';
  if (startsWith(head, OLE2)) {
    throw new IntakeFileError('bad_xlsx', 'a legacy Excel 97–2003 (.xls) or password-protected workbook: save it as .xlsx or CSV without a password');
  }
  const ext = extname(name).toLowerCase();
  if (ext === '.xlsx' || ext === '.xlsm' || ext === '.xls') {
    if (head.length === 0) throw new IntakeFileError('empty_file', 'the file is empty');
    throw new IntakeFileError('bad_xlsx', `${ext} file that is not a workbook (no zip signature)`);
  }
  return 'csv';
}

/**
 * Opens a placement file (CSV or XLSX) and reads its header. The rows are then read as they are
 * consumed, and the file is closed when the loop over `rows` ends, breaks or throws (or by `close`).
 */
export async function openRowFile(path: string, options: ReaderOptions = {}): Promise<OpenedFile> {
  const maxCellBytes = checkOptions(options);
  const { size } = await stat(path);
  const source = new ByteSource(createReadStream(path, { highWaterMark: SNIFF_BYTES }));
  let head: Buffer;
  let eof: boolean;
  let format: 'csv' | 'xlsx';
  try {
    ({ head, eof } = await readHead(source, SNIFF_BYTES));
    format = detectFormat(path, head);
  } catch (error) {
    await source.close();
    throw error;
  }
  if (format === 'xlsx') {
    await source.close();
    return openXlsx({ path, totalBytes: size, options, maxCellBytes });
  }
  return openCsv({ source, head, eof, totalBytes: size, options, maxCellBytes });
}

/**
 * Same as openRowFile for a stream; `name` gives the extension. An XLSX stream is first copied
 * to a temporary file (a zip is read from its end), removed when the file is closed.
 */
export async function openRowStream(stream: ByteInput, name: string, options: ReaderOptions = {}): Promise<OpenedFile> {
  const maxCellBytes = checkOptions(options);
  const source = new ByteSource(stream);
  let head: Buffer;
  let eof: boolean;
  let format: 'csv' | 'xlsx';
  try {
    ({ head, eof } = await readHead(source, SNIFF_BYTES));
    format = detectFormat(name, head);
  } catch (error) {
    await source.close();
    throw error;
  }
  if (format === 'csv') return openCsv({ source, head, eof, totalBytes: null, options, maxCellBytes });

  const dir = await mkdtemp(join(tmpdir(), 'concord-intake-'));
  const path = join(dir, 'upload.xlsx');
  const removeCopy = () => rm(dir, { recursive: true, force: true });
  try {
    await pipeline(chunksFrom(head, source), createWriteStream(path));
  } catch (error) {
    await source.close();
    await removeCopy();
    throw error;
  }
  return openXlsx({ path, totalBytes: source.bytes, options, maxCellBytes, onClose: removeCopy });
}
