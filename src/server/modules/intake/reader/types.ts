export type DetectedEncoding = 'utf8' | 'utf8-bom' | 'gb18030';

export interface ReaderOptions {
  /** 'auto' (default): a UTF-8 BOM, else valid UTF-8 in the first non-ASCII 64 KiB, else GB18030. 'gbk' reads as GB18030 (a superset). */
  encoding?: 'auto' | 'utf8' | 'gbk' | 'gb18030';
  /** 'auto' (default): the candidate that splits the header line most often. */
  delimiter?: 'auto' | ',' | ';' | '\t' | '|';
  /** Largest cell, in UTF-8 bytes of the decoded text. Default 1 MiB. */
  maxCellBytes?: number;
  /** XLSX only: a sheet name, or a 0-based index in tab order. Default: the first visible sheet. */
  sheet?: string | number;
}

export interface RowRecord {
  /** 1-based data row; the header is row 0. Blank rows are skipped and not counted. */
  rowNumber: number;
  /** Physical line where the row starts (CSV) or the sheet row number (XLSX). */
  line: number;
  /** At least one cell per header column (padded with ''); extra non-empty cells are kept. */
  cells: string[];
  /** CSV only: the record's original text (without its line terminator), for the rejected-rows file. */
  raw?: string;
}

export interface OpenedFile {
  format: 'csv' | 'xlsx';
  /**
   * CSV: the detected encoding. When the first 64 KiB are plain ASCII the choice waits for the first
   * non-ASCII bytes: this reads 'utf8' until then and can become 'gb18030' while rows are read.
   * XLSX: null.
   */
  encoding: DetectedEncoding | null;
  delimiter: string | null;
  /** Header cells, trimmed; trailing empty header cells are dropped. */
  header: string[];
  /** One pass only. Breaking out of the loop closes the file. */
  rows: AsyncIterable<RowRecord>;
  /** Source bytes consumed so far (XLSX: the other parts count as read once the file is open). */
  bytesRead(): number;
  /** File size when known (a path, or a spooled XLSX stream), else null. */
  totalBytes: number | null;
  /** Releases the file (and an XLSX stream's temporary copy) without reading the rows. Idempotent. */
  close(): Promise<void>;
}

export const DEFAULT_MAX_CELL_BYTES = 1024 * 1024;
/** Bytes read before deciding the format, the encoding and the delimiter. */
export const SNIFF_BYTES = 64 * 1024;
