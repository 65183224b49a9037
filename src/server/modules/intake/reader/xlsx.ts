import { posix } from 'node:path';
import type { Readable } from 'node:stream';
import { SaxesParser } from 'saxes';
import yauzl from 'yauzl';
import type { Entry, ZipFile } from 'yauzl';
import { IntakeFileError } from './errors.js';
import { checkCellSizes, fitToHeader, isBlank, normalizeHeader, onePass } from './rows.js';
import { StringTable } from './string-table.js';
import type { OpenedFile, ReaderOptions, RowRecord } from './types.js';
import {
  builtinDateKind,
  classifyFormatCode,
  columnNumber,
  formatNumber,
  isoCellText,
  serialToText,
  unescapeOoxml,
  type DateKind,
} from './xlsx-format.js';

/** Excel's widest sheet (XFD). */
const MAX_COLUMNS = 16_384;
/** Parts read whole (rels, workbook, styles) are small; this only stops a hostile file. */
const MAX_PART_BYTES = 64 * 1024 * 1024;

type Handlers = {
  open?: (name: string, attributes: Record<string, string>) => void;
  text?: (text: string) => void;
  close?: (name: string) => void;
};

const localName = (name: string): string => {
  const colon = name.indexOf(':');
  return colon === -1 ? name : name.slice(colon + 1);
};

function xmlParser(handlers: Handlers): SaxesParser {
  const parser = new SaxesParser({ position: false });
  const { open, text, close } = handlers;
  if (open) parser.on('opentag', (tag) => open(localName(tag.name), tag.attributes as Record<string, string>));
  if (close) parser.on('closetag', (tag) => close(localName(tag.name)));
  if (text) {
    parser.on('text', text);
    parser.on('cdata', text);
  }
  return parser;
}

/** The attribute `local` whatever its prefix (r:id, x:id…); with `prefixed`, only a prefixed one. */
function attribute(attributes: Record<string, string>, local: string, prefixed = false): string | undefined {
  if (!prefixed && attributes[local] !== undefined) return attributes[local];
  for (const key of Object.keys(attributes)) if (key.endsWith(`:${local}`)) return attributes[key];
  return undefined;
}

function badXlsx(message: string, cause?: unknown, line?: number): IntakeFileError {
  return new IntakeFileError('bad_xlsx', message, { cause, ...(line === undefined ? {} : { line }) });
}

interface Zip {
  file: ZipFile;
  entries: Map<string, Entry>;
}

async function openZip(path: string): Promise<Zip> {
  let file: ZipFile;
  try {
    file = await yauzl.openPromise(path, { lazyEntries: true, autoClose: false, strictFileNames: false, validateEntrySizes: true });
  } catch (error) {
    throw badXlsx(`not a readable .xlsx (zip) file: ${(error as Error).message}`, error);
  }
  const entries = new Map<string, Entry>();
  try {
    for await (const entry of file.eachEntry()) entries.set(entry.fileName.toLowerCase(), entry);
  } catch (error) {
    file.close();
    throw badXlsx(`a damaged .xlsx (zip) file: ${(error as Error).message}`, error);
  }
  return { file, entries };
}

async function partStream(zip: Zip, entry: Entry): Promise<Readable> {
  if (entry.isEncrypted()) throw badXlsx(`${entry.fileName} is encrypted`);
  try {
    return await zip.file.openReadStreamPromise(entry);
  } catch (error) {
    throw badXlsx(`cannot read ${entry.fileName}: ${(error as Error).message}`, error);
  }
}

/** Feeds a part to an XML parser chunk by chunk (UTF-8 split across chunks kept whole). */
async function parsePart(zip: Zip, entry: Entry, handlers: Handlers, onChunk?: (bytes: number) => void): Promise<void> {
  if (entry.uncompressedSize > MAX_PART_BYTES && onChunk === undefined) throw badXlsx(`${entry.fileName} is too large`);
  const stream = await partStream(zip, entry);
  const decoder = new TextDecoder('utf-8', { fatal: true });
  const parser = xmlParser(handlers);
  try {
    for await (const chunk of stream as AsyncIterable<Buffer>) {
      onChunk?.(chunk.length);
      parser.write(decoder.decode(chunk, { stream: true }));
    }
    parser.write(decoder.decode());
    parser.close();
  } catch (error) {
    if (error instanceof IntakeFileError) throw error;
    throw badXlsx(`${entry.fileName}: ${(error as Error).message}`, error);
  } finally {
    stream.destroy();
  }
}

function findPart(zip: Zip, path: string): Entry | undefined {
  return zip.entries.get(path.replace(/^\/+/, '').toLowerCase());
}

/** A relationship target, resolved against the folder of the part that names it. */
function resolveTarget(fromPart: string, target: string): string {
  if (target.startsWith('/')) return target.slice(1);
  return posix.normalize(posix.join(posix.dirname(fromPart), target));
}

function relsPathOf(part: string): string {
  return posix.join(posix.dirname(part), '_rels', `${posix.basename(part)}.rels`);
}

async function readRels(zip: Zip, part: string): Promise<Map<string, { type: string; target: string }>> {
  const rels = new Map<string, { type: string; target: string }>();
  const entry = findPart(zip, relsPathOf(part));
  if (!entry) return rels;
  await parsePart(zip, entry, {
    open: (name, attrs) => {
      if (name !== 'Relationship' || attrs.Id === undefined || attrs.Target === undefined) return;
      if (attrs.TargetMode === 'External') return;
      rels.set(attrs.Id, { type: attrs.Type ?? '', target: resolveTarget(part, attrs.Target) });
    },
  });
  return rels;
}

interface SheetInfo {
  name: string;
  state: string;
  path: string | undefined;
}

interface Workbook {
  sheets: SheetInfo[];
  date1904: boolean;
  sharedStrings: string | undefined;
  styles: string | undefined;
}

async function readWorkbook(zip: Zip): Promise<Workbook> {
  const rootRels = await readRels(zip, '');
  let workbookPart = 'xl/workbook.xml';
  for (const rel of rootRels.values()) if (rel.type.endsWith('/officeDocument')) workbookPart = rel.target;
  const workbookEntry = findPart(zip, workbookPart);
  if (!workbookEntry) {
    const hint = findPart(zip, 'xl/workbook.bin') ? ' (an .xlsb binary workbook: save it as .xlsx)' : '';
    throw badXlsx(`no workbook in the file${hint}`);
  }
  const rels = await readRels(zip, workbookPart);
  const raw: { name: string; state: string; rid: string | undefined }[] = [];
  let date1904 = false;
  await parsePart(zip, workbookEntry, {
    open: (name, attrs) => {
      if (name === 'sheet') raw.push({ name: attrs.name ?? '', state: attrs.state ?? 'visible', rid: attribute(attrs, 'id', true) });
      else if (name === 'workbookPr') date1904 = attrs.date1904 === '1' || attrs.date1904 === 'true';
    },
  });
  let sharedStrings: string | undefined;
  let styles: string | undefined;
  for (const rel of rels.values()) {
    if (rel.type.endsWith('/sharedStrings')) sharedStrings = rel.target;
    else if (rel.type.endsWith('/styles')) styles = rel.target;
  }
  const dir = posix.dirname(workbookPart);
  sharedStrings ??= findPart(zip, posix.join(dir, 'sharedStrings.xml')) ? posix.join(dir, 'sharedStrings.xml') : undefined;
  styles ??= findPart(zip, posix.join(dir, 'styles.xml')) ? posix.join(dir, 'styles.xml') : undefined;
  const sheets = raw.map((s) => ({ name: s.name, state: s.state, path: s.rid === undefined ? undefined : rels.get(s.rid)?.target }));
  return { sheets, date1904, sharedStrings, styles };
}

function chooseSheet(sheets: SheetInfo[], wanted: ReaderOptions['sheet']): SheetInfo {
  const names = sheets.map((s) => JSON.stringify(s.name)).join(', ');
  let sheet: SheetInfo | undefined;
  if (typeof wanted === 'number') {
    sheet = sheets[wanted];
    if (!sheet) throw badXlsx(`no sheet at index ${wanted} (sheets: ${names})`);
  } else if (typeof wanted === 'string') {
    sheet = sheets.find((s) => s.name === wanted) ?? sheets.find((s) => s.name.trim().toLowerCase() === wanted.trim().toLowerCase());
    if (!sheet) throw badXlsx(`no sheet named ${JSON.stringify(wanted)} (sheets: ${names})`);
  } else {
    sheet = sheets.find((s) => s.state !== 'hidden' && s.state !== 'veryHidden') ?? sheets[0];
    if (!sheet) throw badXlsx('the workbook has no sheets');
  }
  return sheet;
}

/** Date kind of each cell style (index = the cell's s attribute). */
async function readStyles(zip: Zip, part: string | undefined): Promise<(DateKind | null)[]> {
  const entry = part === undefined ? undefined : findPart(zip, part);
  if (!entry) return [];
  const custom = new Map<number, string>();
  const xfFormats: number[] = [];
  let inCellXfs = false;
  await parsePart(zip, entry, {
    open: (name, attrs) => {
      if (name === 'numFmt') custom.set(Number(attrs.numFmtId), attrs.formatCode ?? '');
      else if (name === 'cellXfs') inCellXfs = true;
      else if (name === 'xf' && inCellXfs) xfFormats.push(Number(attrs.numFmtId ?? 0));
    },
    close: (name) => {
      if (name === 'cellXfs') inCellXfs = false;
    },
  });
  return xfFormats.map((id) => {
    const code = custom.get(id);
    return code === undefined ? builtinDateKind(id) : classifyFormatCode(code);
  });
}

/**
 * The shared string table, which every streaming XLSX reader keeps in memory: its size grows with
 * the distinct strings in the workbook, not with the rows read. Phonetic runs (rPh) are left out.
 */
async function readSharedStrings(zip: Zip, part: string | undefined, maxCellBytes: number): Promise<StringTable> {
  const table = new StringTable();
  const entry = part === undefined ? undefined : findPart(zip, part);
  if (!entry) return table;
  let current = '';
  let capture = false;
  let phonetic = 0;
  await parsePart(
    zip,
    entry,
    {
      open: (name) => {
        if (name === 'si') current = '';
        else if (name === 't') capture = phonetic === 0;
        else if (name === 'rPh') phonetic++;
      },
      text: (text) => {
        if (!capture) return;
        current += text;
        if (current.length > maxCellBytes) {
          throw new IntakeFileError('cell_too_large', `shared string ${table.size} is over ${maxCellBytes} bytes`);
        }
      },
      close: (name) => {
        if (name === 't') capture = false;
        else if (name === 'rPh') phonetic--;
        else if (name === 'si') table.push(unescapeOoxml(current));
      },
    },
    () => undefined, // streamed: its size is not capped by MAX_PART_BYTES
  );
  table.flush();
  return table;
}

interface SheetRow {
  line: number;
  cells: string[];
}

interface SheetContext {
  zip: Zip;
  entry: Entry;
  sharedStrings: StringTable;
  dateKinds: (DateKind | null)[];
  date1904: boolean;
  maxCellBytes: number;
  onInflated: (bytes: number) => void;
}

const enum Capture {
  None,
  Value,
  Inline,
}

/** Rows of a worksheet as they are inflated and parsed; at most one chunk's rows are held. */
async function* sheetRows(ctx: SheetContext): AsyncGenerator<SheetRow> {
  const { sharedStrings, dateKinds, date1904, maxCellBytes } = ctx;
  const ready: SheetRow[] = [];
  let rowNumber = 0;
  let cells: string[] = [];
  let column = 0;
  let type = 'n';
  let style = 0;
  let value = '';
  let inline = '';
  let capture = Capture.None;
  let inInline = false;
  let phonetic = 0;

  const cellText = (): string => {
    switch (type) {
      case 's': {
        const index = Number(value);
        return sharedStrings.get(index) ?? '';
      }
      case 'inlineStr':
        return unescapeOoxml(inline || value);
      case 'str':
        return unescapeOoxml(value);
      case 'b':
        return value === '' ? '' : value === '1' || value === 'true' ? 'TRUE' : 'FALSE';
      case 'e':
        return value;
      case 'd':
        return isoCellText(value);
      default: {
        const text = value.trim();
        if (text === '') return '';
        const n = Number(text);
        if (!Number.isFinite(n)) return text;
        const kind = dateKinds[style];
        if (kind) {
          const date = serialToText(n, kind, date1904);
          if (date !== null) return date;
        }
        return formatNumber(n);
      }
    }
  };

  const parser = xmlParser({
    open: (name, attrs) => {
      switch (name) {
        case 'row':
          rowNumber = attrs.r === undefined ? rowNumber + 1 : Number(attrs.r);
          cells = [];
          column = 0;
          break;
        case 'c': {
          const ref = attrs.r === undefined ? 0 : columnNumber(attrs.r);
          column = ref > 0 ? ref : column + 1;
          if (column > MAX_COLUMNS) throw badXlsx(`row ${rowNumber}: a cell past column XFD`, undefined, rowNumber);
          type = attrs.t ?? 'n';
          style = attrs.s === undefined ? 0 : Number(attrs.s);
          value = '';
          inline = '';
          break;
        }
        case 'v':
          capture = Capture.Value;
          break;
        case 'is':
          inInline = true;
          break;
        case 'rPh':
          phonetic++;
          break;
        case 't':
          if (inInline && phonetic === 0) capture = Capture.Inline;
          break;
      }
    },
    text: (text) => {
      if (capture === Capture.None) return;
      if (capture === Capture.Value) value += text;
      else inline += text;
      if (value.length + inline.length > maxCellBytes) {
        throw new IntakeFileError('cell_too_large', `row ${rowNumber}, column ${column}: a cell over ${maxCellBytes} bytes`, { line: rowNumber, column });
      }
    },
    close: (name) => {
      switch (name) {
        case 'v':
        case 't':
          capture = Capture.None;
          break;
        case 'rPh':
          phonetic--;
          break;
        case 'is':
          inInline = false;
          break;
        case 'c': {
          const text = cellText();
          if (text !== '') {
            for (let i = cells.length; i < column - 1; i++) cells.push('');
            cells[column - 1] = text;
          }
          break;
        }
        case 'row':
          for (let i = 0; i < cells.length; i++) if (cells[i] === undefined) cells[i] = '';
          ready.push({ line: rowNumber, cells });
          cells = [];
          break;
      }
    },
  });

  const stream = await partStream(ctx.zip, ctx.entry);
  const decoder = new TextDecoder('utf-8', { fatal: true });
  const feed = (text: string, end: boolean): void => {
    try {
      parser.write(text);
      if (end) parser.close();
    } catch (error) {
      if (error instanceof IntakeFileError) throw error;
      throw badXlsx(`sheet row ${rowNumber}: ${(error as Error).message}`, error, rowNumber);
    }
  };
  try {
    for await (const chunk of stream as AsyncIterable<Buffer>) {
      ctx.onInflated(chunk.length);
      feed(decoder.decode(chunk, { stream: true }), false);
      for (const row of ready) yield row;
      ready.length = 0;
    }
    feed(decoder.decode(), true);
    for (const row of ready) yield row;
  } finally {
    stream.destroy();
  }
}

export interface XlsxInput {
  path: string;
  totalBytes: number;
  options: ReaderOptions;
  maxCellBytes: number;
  /** Runs once the file is closed (removes a spooled copy). */
  onClose?: () => Promise<void>;
}

export async function openXlsx(input: XlsxInput): Promise<OpenedFile> {
  const { maxCellBytes } = input;
  let zip: Zip | undefined;
  let closed = false;
  const cleanup = async (): Promise<void> => {
    if (closed) return;
    closed = true;
    zip?.file.close();
    await input.onClose?.();
  };

  let rows: AsyncGenerator<SheetRow>;
  let header: string[];
  let progress = () => 0;
  try {
    zip = await openZip(input.path);
    const workbook = await readWorkbook(zip);
    const sheet = chooseSheet(workbook.sheets, input.options.sheet);
    const entry = sheet.path === undefined ? undefined : findPart(zip, sheet.path);
    if (!entry) throw badXlsx(`the part of sheet ${JSON.stringify(sheet.name)} is missing`);
    const dateKinds = await readStyles(zip, workbook.styles);
    const sharedStrings = await readSharedStrings(zip, workbook.sharedStrings, maxCellBytes);
    // Progress: everything but the sheet counts as read; the sheet in proportion to what is inflated.
    let inflated = 0;
    const before = Math.max(0, input.totalBytes - entry.compressedSize);
    progress = () => before + (entry.uncompressedSize > 0 ? Math.min(entry.compressedSize, Math.round((entry.compressedSize * inflated) / entry.uncompressedSize)) : 0);
    rows = sheetRows({ zip, entry, sharedStrings, dateKinds, date1904: workbook.date1904, maxCellBytes, onInflated: (n) => (inflated += n) });

    let first = await rows.next();
    while (!first.done && isBlank(first.value.cells)) first = await rows.next();
    if (first.done) throw new IntakeFileError('no_header', `sheet ${JSON.stringify(sheet.name)} has no rows`);
    checkCellSizes(first.value.cells, maxCellBytes, first.value.line);
    header = normalizeHeader(first.value.cells);
  } catch (error) {
    await cleanup();
    throw error;
  }
  const width = header.length;
  const sheet = rows;

  async function* records(): AsyncGenerator<RowRecord> {
    try {
      let rowNumber = 0;
      for await (const row of sheet) {
        if (isBlank(row.cells)) continue;
        checkCellSizes(row.cells, maxCellBytes, row.line);
        yield { rowNumber: ++rowNumber, line: row.line, cells: fitToHeader(row.cells, width) };
      }
    } finally {
      await sheet.return(undefined);
      await cleanup();
    }
  }
  const { rows: iterable, close } = onePass(records());
  return {
    format: 'xlsx',
    encoding: null,
    delimiter: null,
    header,
    rows: iterable,
    bytesRead: () => progress(),
    totalBytes: input.totalBytes,
    close: async () => {
      await close();
      await sheet.return(undefined);
      await cleanup();
    },
  };
}
