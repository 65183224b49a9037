/** Cell text rules for XLSX: number formats that mean dates, Excel serial dates, number text. */

export type DateKind = 'date' | 'datetime' | 'time';

/**
 * Built-in number formats that show dates or times (ECMA-376 §18.8.30). 27–36 and 50–58 are the
 * East Asian locale formats (zh-CN: 27 yyyy"年"m"月", 31 yyyy"年"m"月"d"日", 32 h"时"mm"分", …).
 * 46 ([h]:mm:ss) is a duration and stays a number.
 */
const BUILTIN_DATE_FORMATS = new Map<number, DateKind>([
  [14, 'date'], [15, 'date'], [16, 'date'], [17, 'date'],
  [18, 'time'], [19, 'time'], [20, 'time'], [21, 'time'],
  [22, 'datetime'], [45, 'time'], [47, 'time'],
  [27, 'date'], [28, 'date'], [29, 'date'], [30, 'date'], [31, 'date'],
  [32, 'time'], [33, 'time'], [34, 'time'], [35, 'time'], [36, 'date'],
  [50, 'date'], [51, 'date'], [52, 'date'], [53, 'date'], [54, 'date'],
  [55, 'time'], [56, 'time'], [57, 'date'], [58, 'date'],
]);

export function builtinDateKind(numFmtId: number): DateKind | null {
  return BUILTIN_DATE_FORMATS.get(numFmtId) ?? null;
}

/** First section of a format code (sections are split by ';' outside quotes). */
function firstSection(code: string): string {
  let quoted = false;
  for (let i = 0; i < code.length; i++) {
    const c = code[i];
    if (c === '"') quoted = !quoted;
    else if (c === '\\') i++;
    else if (c === ';' && !quoted) return code.slice(0, i);
  }
  return code;
}

/** Whether a custom format code shows a date, a date and time, a time, or a number. */
export function classifyFormatCode(code: string): DateKind | null {
  let s = firstSection(code)
    .replace(/"[^"]*"/g, '') // literal text
    .replace(/\\./g, '') // escaped characters
    .replace(/[_*]./g, ''); // padding and fill
  if (/\[(h+|m+|s+)\]/i.test(s)) return null; // elapsed time: a duration, not a point in time
  s = s.replace(/\[[^\]]*\]/g, '').toLowerCase(); // colours, conditions, locales ([$-804], [DBNum1])
  s = s.replace(/general/g, '').replace(/e[+-]/g, ''); // scientific notation 0.00E+00
  let time = false;
  if (/am\/pm|a\/p|上午\/下午/.test(s)) {
    time = true;
    s = s.replace(/am\/pm|a\/p|上午\/下午/g, '');
  }
  const hasM = s.includes('m');
  if (/[hs]/.test(s)) time = true;
  const date = /[yde]/.test(s) || s.includes('aaa') || (hasM && !time);
  if (date && time) return 'datetime';
  if (date) return 'date';
  if (time) return 'time';
  return null;
}

const MS_PER_DAY = 86_400_000;
const DAY_1899_12_30 = Date.UTC(1899, 11, 30) / MS_PER_DAY;
const DAY_1899_12_31 = Date.UTC(1899, 11, 31) / MS_PER_DAY;
const DAY_1904_01_01 = Date.UTC(1904, 0, 1) / MS_PER_DAY;
/** Serial of 9999-12-31 + 1 in the 1900 system. */
const SERIAL_LIMIT = 2_958_466;

const two = (n: number): string => (n < 10 ? `0${n}` : String(n));

function dateText(days: number, date1904: boolean): string {
  if (!date1904) {
    // Excel's 1900 system keeps Lotus 1-2-3's bug: 1900 is a leap year (serial 60 is 1900-02-29),
    // and serial 0 shows as 1900-01-00.
    if (days === 0) return '1900-01-00';
    if (days === 60) return '1900-02-29';
  }
  const epochDay = date1904 ? DAY_1904_01_01 + days : days < 60 ? DAY_1899_12_31 + days : DAY_1899_12_30 + days;
  const d = new Date(epochDay * MS_PER_DAY);
  return `${String(d.getUTCFullYear()).padStart(4, '0')}-${two(d.getUTCMonth() + 1)}-${two(d.getUTCDate())}`;
}

/**
 * Excel serial → 'YYYY-MM-DD', 'YYYY-MM-DD HH:MM:SS' or 'HH:MM:SS'. The value is first rounded to
 * the millisecond as Excel does, the time of day then to the second. Null when out of Excel's range.
 */
export function serialToText(serial: number, kind: DateKind, date1904: boolean): string | null {
  if (!Number.isFinite(serial) || serial < 0 || serial >= SERIAL_LIMIT) return null;
  const ms = Math.round(serial * MS_PER_DAY);
  let days = Math.floor(ms / MS_PER_DAY);
  if (kind === 'date') return dateText(days, date1904);
  let seconds = Math.round((ms - days * MS_PER_DAY) / 1000);
  if (seconds >= 86_400) {
    seconds -= 86_400;
    days++;
  }
  const time = `${two(Math.floor(seconds / 3600))}:${two(Math.floor((seconds % 3600) / 60))}:${two(seconds % 60)}`;
  return kind === 'time' ? time : `${dateText(days, date1904)} ${time}`;
}

/** '1.5e-7' → '0.00000015', '1e+21' → '1000000000000000000000'. */
function plainDecimal(s: string): string {
  const e = s.indexOf('e');
  if (e === -1) return s;
  let mantissa = s.slice(0, e);
  const exponent = Number(s.slice(e + 1));
  const negative = mantissa.startsWith('-');
  if (negative) mantissa = mantissa.slice(1);
  const dot = mantissa.indexOf('.');
  const digits = mantissa.replace('.', '');
  const intLength = (dot === -1 ? mantissa.length : dot) + exponent;
  let out: string;
  if (intLength <= 0) out = `0.${'0'.repeat(-intLength)}${digits}`;
  else if (intLength >= digits.length) out = digits + '0'.repeat(intLength - digits.length);
  else out = `${digits.slice(0, intLength)}.${digits.slice(intLength)}`;
  return negative ? `-${out}` : out;
}

/**
 * Number text as Excel shows it at full width: exact for integers up to 2^53, otherwise Excel's 15
 * significant digits, shortest form, never in exponent notation. So 1234.5599999999999 (how Excel
 * writes 1234.56) gives '1234.56' and a formula's 0.30000000000000004 gives '0.3'.
 */
export function formatNumber(n: number): string {
  if (n === 0) return '0';
  if (Number.isSafeInteger(n)) return String(n);
  const shortest = String(n);
  // A non-integer of at most 16 characters has at most 15 digits: already what Excel shows.
  if (shortest.length <= 16 && !shortest.includes('e')) return shortest;
  return plainDecimal(String(Number(n.toPrecision(15))));
}

/** ISO text of a t="d" cell → 'YYYY-MM-DD' or 'YYYY-MM-DD HH:MM:SS'. */
export function isoCellText(value: string): string {
  const m = /^(\d{4}-\d{2}-\d{2})(?:T(\d{2}:\d{2}:\d{2}))?/.exec(value);
  if (!m) return value;
  if (m[2] === undefined || m[2] === '00:00:00') return m[1]!;
  return `${m[1]} ${m[2]}`;
}

/** OOXML escapes characters XML cannot hold as _xHHHH_ (and a literal "_x" as _x005F_x). */
export function unescapeOoxml(text: string): string {
  if (!text.includes('_x')) return text;
  return text.replace(/_x([0-9A-Fa-f]{4})_/g, (_m, hex: string) => String.fromCharCode(parseInt(hex, 16)));
}

/** 'AB12' → 28; 0 when the reference has no column letters. */
export function columnNumber(ref: string): number {
  let n = 0;
  for (let i = 0; i < ref.length; i++) {
    const c = ref.charCodeAt(i);
    if (c >= 65 && c <= 90) n = n * 26 + (c - 64);
    else if (c >= 97 && c <= 122) n = n * 26 + (c - 96);
    else break;
  }
  return n;
}
