// Time comes from an injected Clock (DESIGN §4) so tests and as-of runs are deterministic.
import { parseDay, zonedInstant } from '../../core/compliance/zone.js';

export type Clock = { now(): Date };

export const systemClock: Clock = { now: () => new Date() };

/** A clock tests move by hand. */
export function fakeClock(start: string | Date = '2026-01-05T02:00:00.000Z'): Clock & { set(t: string | Date): void; advance(ms: number): void } {
  let t = new Date(start).getTime();
  return {
    now: () => new Date(t),
    set: (v) => {
      t = new Date(v).getTime();
    },
    advance: (ms) => {
      t += ms;
    },
  };
}

/**
 * A clock that starts at `start` and runs at real speed from there (CONCORD_CLOCK: demonstrations and end-to-end
 * tests at a chosen hour); `set` moves it, and it runs on from the new instant.
 */
export function simulatedClock(start: string | Date): Clock & { set(t: string | Date): void } {
  let offset = new Date(start).getTime() - Date.now();
  return {
    now: () => new Date(Date.now() + offset),
    set: (v) => {
      offset = new Date(v).getTime() - Date.now();
    },
  };
}

export const isoNow = (clock: Clock): string => clock.now().toISOString();

const dayFormats = new Map<string, Intl.DateTimeFormat>();
/** The calendar date (YYYY-MM-DD) at `instant` in `timeZone` — "today" for a creditor, a debtor or the agency. */
export function calendarDate(instant: Date, timeZone: string): string {
  let f = dayFormats.get(timeZone);
  if (!f) {
    // en-CA formats as YYYY-MM-DD.
    f = new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' });
    dayFormats.set(timeZone, f);
  }
  return f.format(instant);
}

/** The first instant (ISO, UTC) of calendar day `day` + `plus` days in `timeZone`: midnight there, DST-safe. */
export function dayStartIso(timeZone: string, day: string, plus = 0): string {
  return new Date(zonedInstant(timeZone, parseDay(day) + plus, 0)).toISOString();
}
