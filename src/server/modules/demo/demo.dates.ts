// Calendar-date arithmetic on YYYY-MM-DD strings (UTC-based, no clock).

const DAY_MS = 86_400_000;

const toUtc = (ymd: string): number => Date.UTC(Number(ymd.slice(0, 4)), Number(ymd.slice(5, 7)) - 1, Number(ymd.slice(8, 10)));
const fromUtc = (ms: number): string => new Date(ms).toISOString().slice(0, 10);

export const addDays = (ymd: string, n: number): string => fromUtc(toUtc(ymd) + n * DAY_MS);

/** Whole days from `from` to `to` (positive when `to` is later). */
export const daysBetween = (from: string, to: string): number => Math.round((toUtc(to) - toUtc(from)) / DAY_MS);

export const dayOfMonth = (ymd: string): number => Number(ymd.slice(8, 10));

/** Same day-of-month n months later (or earlier), clamped to the month's last day. */
export function addMonths(ymd: string, n: number): string {
  const y = Number(ymd.slice(0, 4));
  const m = Number(ymd.slice(5, 7)) - 1 + n;
  const d = Number(ymd.slice(8, 10));
  const last = new Date(Date.UTC(y, m + 1, 0)).getUTCDate();
  return fromUtc(Date.UTC(y, m, Math.min(d, last)));
}

// China has kept UTC+8 all year since 1991, so the local date is a fixed offset away.
const SHANGHAI_OFFSET_MS = 8 * 3_600_000;

/** The calendar date in Asia/Shanghai at an instant. */
export const shanghaiDate = (instant: Date): string => fromUtc(instant.getTime() + SHANGHAI_OFFSET_MS);

/** The UTC instant of a Shanghai wall-clock time on a date, as ISO text. */
export const shanghaiInstant = (ymd: string, hour: number, minute: number): string =>
  new Date(toUtc(ymd) + (hour * 60 + minute) * 60_000 - SHANGHAI_OFFSET_MS).toISOString();
