// Monthly due dates, end-of-month safe: installment k falls k months after the start on the start's day of month,
// clamped to the month's last day, always counted from the start (not chained), so 2024-01-31 → 02-29 → 03-31.

import { formatDay, parseDay, type IsoDate } from '../delinquency/index.js';
import { NegotiationError } from './errors.js';

export type { IsoDate };

/** The day number of a YYYY-MM-DD date; throws `invalid_input` naming `path`. */
export function dayOf(date: IsoDate, path: string): number {
  const n = typeof date === 'string' ? parseDay(date) : null;
  if (n === null) throw new NegotiationError('invalid_input', path, `must be a real YYYY-MM-DD date, got ${JSON.stringify(date)}`);
  return n;
}

export function addDays(date: IsoDate, days: number): IsoDate {
  return formatDay(dayOf(date, 'date') + days);
}

const daysInMonth = (y: number, m: number): number =>
  m === 2 ? ((y % 4 === 0 && y % 100 !== 0) || y % 400 === 0 ? 29 : 28) : [4, 6, 9, 11].includes(m) ? 30 : 31;

/** `start` plus `months` calendar months, the day clamped to the end of the target month. */
export function addMonths(start: IsoDate, months: number): IsoDate {
  dayOf(start, 'startDate');
  return monthsAfter(start, months);
}

/** addMonths for a start already validated (the schedule loop: no re-parsing per row). */
export function monthsAfter(start: IsoDate, months: number): IsoDate {
  const y = Number(start.slice(0, 4));
  const m = Number(start.slice(5, 7));
  const d = Number(start.slice(8, 10));
  const idx = y * 12 + (m - 1) + months;
  const ty = Math.floor(idx / 12);
  const tm = (idx % 12) + 1;
  const td = Math.min(d, daysInMonth(ty, tm));
  return `${String(ty).padStart(4, '0')}-${String(tm).padStart(2, '0')}-${String(td).padStart(2, '0')}`;
}
