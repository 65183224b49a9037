// Calendar dates as YYYY-MM-DD and as day numbers (days since 1970-01-01, proleptic Gregorian). Pure integer
// arithmetic (H. Hinnant's days_from_civil / civil_from_days), so no Date, no time zone and no clock is involved.

import { DelinquencyError } from './errors.js';

export type IsoDate = string;

const ISO = /^(\d{4})-(\d{2})-(\d{2})$/;

function daysFromCivil(y: number, m: number, d: number): number {
  const yy = m <= 2 ? y - 1 : y;
  const era = Math.floor(yy / 400);
  const yoe = yy - era * 400;
  const doy = Math.floor((153 * (m + (m > 2 ? -3 : 9)) + 2) / 5) + d - 1;
  const doe = yoe * 365 + Math.floor(yoe / 4) - Math.floor(yoe / 100) + doy;
  return era * 146097 + doe - 719468;
}

/** The day number of a real YYYY-MM-DD date (years 1000–9999), or null. */
export function parseDay(s: string): number | null {
  const m = ISO.exec(s);
  if (!m) return null;
  const y = Number(m[1]);
  const mo = Number(m[2]);
  const d = Number(m[3]);
  if (y < 1000 || mo < 1 || mo > 12 || d < 1) return null;
  const n = daysFromCivil(y, mo, d);
  return formatDay(n) === s ? n : null;
}

/** Like parseDay, but throws a DelinquencyError naming the field. */
export function toDay(s: string, path: string): number {
  const n = typeof s === 'string' ? parseDay(s) : null;
  if (n === null) throw new DelinquencyError('invalid_input', path, `must be a real YYYY-MM-DD date, got ${JSON.stringify(s)}`);
  return n;
}

/** The YYYY-MM-DD date of a day number. */
export function formatDay(n: number): IsoDate {
  const z = n + 719468;
  const era = Math.floor(z / 146097);
  const doe = z - era * 146097;
  const yoe = Math.floor((doe - Math.floor(doe / 1460) + Math.floor(doe / 36524) - Math.floor(doe / 146096)) / 365);
  const doy = doe - (365 * yoe + Math.floor(yoe / 4) - Math.floor(yoe / 100));
  const mp = Math.floor((5 * doy + 2) / 153);
  const d = doy - Math.floor((153 * mp + 2) / 5) + 1;
  const m = mp < 10 ? mp + 3 : mp - 9;
  const y = yoe + era * 400 + (m <= 2 ? 1 : 0);
  return `${String(y).padStart(4, '0')}-${String(m).padStart(2, '0')}-${String(d).padStart(2, '0')}`;
}

/** `date` plus `n` calendar days. */
export function addDays(date: IsoDate, n: number): IsoDate {
  return formatDay(toDay(date, 'date') + n);
}

/** Calendar days from `a` to `b` (negative when b is earlier). */
export function daysBetween(a: IsoDate, b: IsoDate): number {
  return toDay(b, 'b') - toDay(a, 'a');
}
