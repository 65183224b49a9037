// Local time in IANA zones from the platform's own time-zone database (Intl), fast enough for the engine's
// hot path: an offset is computed once per zone and quarter hour and then read from a map. Every zone's
// offset transitions fall on a quarter hour of UTC (the last exception ended in 1979), so the offset is
// constant within a quarter-hour bucket.

export const MINUTE = 60_000;
export const HOUR = 3_600_000;
export const DAY = 86_400_000;
const BUCKET = 15 * MINUTE;

const formatters = new Map<string, Intl.DateTimeFormat>();
interface ZoneCache { lastBucket: number; lastOffset: number; map: Map<number, number> }
const offsets = new Map<string, ZoneCache>();

function formatter(zone: string): Intl.DateTimeFormat {
  let f = formatters.get(zone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-US', {
      timeZone: zone, hourCycle: 'h23', year: 'numeric', month: 'numeric', day: 'numeric', hour: 'numeric', minute: 'numeric', second: 'numeric',
    });
    formatters.set(zone, f);
  }
  return f;
}

/** True when the platform knows the zone (e.g. `Asia/Shanghai`). */
export function isValidZone(zone: string): boolean {
  try {
    formatter(zone);
    return true;
  } catch {
    return false;
  }
}

function computeOffset(zone: string, ms: number): number {
  let y = 0, mo = 0, d = 0, h = 0, mi = 0, s = 0;
  for (const p of formatter(zone).formatToParts(ms)) {
    switch (p.type) {
      case 'year': y = Number(p.value); break;
      case 'month': mo = Number(p.value); break;
      case 'day': d = Number(p.value); break;
      case 'hour': h = Number(p.value); break;
      case 'minute': mi = Number(p.value); break;
      case 'second': s = Number(p.value); break;
    }
  }
  const local = Date.UTC(y, mo - 1, d, h, mi, s);
  return local - (ms - (((ms % 1000) + 1000) % 1000));
}

/** The zone's UTC offset in ms at an instant (local = utc + offset). */
export function offsetAt(zone: string, ms: number): number {
  let z = offsets.get(zone);
  if (!z) {
    z = { lastBucket: NaN, lastOffset: 0, map: new Map() };
    offsets.set(zone, z);
  }
  const b = Math.floor(ms / BUCKET);
  if (b === z.lastBucket) return z.lastOffset;
  let o = z.map.get(b);
  if (o === undefined) {
    if (z.map.size > 200_000) z.map.clear();
    o = computeOffset(zone, b * BUCKET);
    z.map.set(b, o);
  }
  z.lastBucket = b;
  z.lastOffset = o;
  return o;
}

/** The local calendar day of an instant as a day number (days since 1970-01-01 in local time). */
export function localDay(zone: string, ms: number): number {
  return Math.floor((ms + offsetAt(zone, ms)) / DAY);
}

/** Milliseconds since local midnight. */
export function localTimeOfDay(zone: string, ms: number): number {
  const l = ms + offsetAt(zone, ms);
  return l - Math.floor(l / DAY) * DAY;
}

/** Day of week of a local day number (0 = Sunday). */
export function weekday(day: number): number {
  return (((day + 4) % 7) + 7) % 7;
}

/**
 * The earliest instant whose local wall-clock time on local day `day` is at or after `timeOfDay`.
 * In a gap (spring forward) that is the end of the gap; in an overlap (fall back) the first occurrence.
 */
export function zonedInstant(zone: string, day: number, timeOfDay: number): number {
  const naive = day * DAY + timeOfDay;
  const before = offsetAt(zone, naive - 14 * HOUR);
  const after = offsetAt(zone, naive + 14 * HOUR);
  // No transition within ±14 h (offsets are within ±14 h and transitions months apart): the only candidate.
  if (before === after && offsetAt(zone, naive) === before) return naive - before;
  const a = naive - before;
  const b = naive - after;
  const aOk = offsetAt(zone, a) === before;
  const bOk = offsetAt(zone, b) === after;
  if (aOk && bOk) return Math.min(a, b);
  if (aOk) return a;
  if (bOk) return b;
  // The wall-clock time does not exist: find the transition between b and a (offsets differ there).
  let lo = Math.min(a, b);
  let hi = Math.max(a, b);
  const loOffset = offsetAt(zone, lo);
  while (hi - lo > 1000) {
    const mid = Math.floor((lo + hi) / 2 / 1000) * 1000;
    if (offsetAt(zone, mid) === loOffset) lo = mid; else hi = mid;
  }
  return hi;
}

/** YYYY-MM-DD → day number; NaN when malformed. */
export function parseDay(s: string): number {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(s)) return NaN;
  const ms = Date.UTC(Number(s.slice(0, 4)), Number(s.slice(5, 7)) - 1, Number(s.slice(8, 10)));
  return ms / DAY;
}

/** Day number → YYYY-MM-DD. */
export function formatDay(day: number): string {
  return new Date(day * DAY).toISOString().slice(0, 10);
}

/** HH:MM or HH:MM:SS → ms since midnight; 24:00 is allowed as the end of the day. NaN when malformed. */
export function parseTimeOfDay(s: string): number {
  const m = /^(\d{2}):(\d{2})(?::(\d{2}))?$/.exec(s);
  if (!m) return NaN;
  const h = Number(m[1]), mi = Number(m[2]), sec = Number(m[3] ?? 0);
  if (mi > 59 || sec > 59 || h > 24 || (h === 24 && (mi > 0 || sec > 0))) return NaN;
  return h * HOUR + mi * MINUTE + sec * 1000;
}

/** An instant as ISO 8601 with the zone's offset, e.g. 2026-03-02T22:00:00+08:00. */
export function formatInZone(zone: string, ms: number): string {
  const off = offsetAt(zone, ms);
  const local = new Date(ms + off).toISOString().slice(0, 19);
  const sign = off < 0 ? '-' : '+';
  const abs = Math.abs(off) / MINUTE;
  const hh = String(Math.floor(abs / 60)).padStart(2, '0');
  const mm = String(abs % 60).padStart(2, '0');
  return `${local}${sign}${hh}:${mm}`;
}

/** HH:MM of a local time of day. */
export function formatTimeOfDay(ms: number): string {
  const m = Math.floor(ms / MINUTE);
  return `${String(Math.floor(m / 60)).padStart(2, '0')}:${String(m % 60).padStart(2, '0')}`;
}

// A daily span of local wall-clock time [start, end) (bounds inclusive or exclusive as given); when end <= start
// the span runs over midnight into the next day.
export interface DailySpan {
  start: number;
  end: number;
  startInclusive: boolean;
  endInclusive: boolean;
}

// Occurrences of a span per zone and day, cached: the same rule's window is asked for every decision of a day.
const spanCache = new WeakMap<DailySpan, Map<string, Map<number, [number, number]>>>();

/** The span's occurrence that begins on local day `day`, as an instant interval [from, to). */
export function spanOn(zone: string, span: DailySpan, day: number): [number, number] {
  let byZone = spanCache.get(span);
  if (!byZone) {
    byZone = new Map();
    spanCache.set(span, byZone);
  }
  let byDay = byZone.get(zone);
  if (!byDay) {
    byDay = new Map();
    byZone.set(zone, byDay);
  }
  let iv = byDay.get(day);
  if (!iv) {
    if (byDay.size > 5000) byDay.clear();
    iv = computeSpanOn(zone, span, day);
    byDay.set(day, iv);
  }
  return iv;
}

function computeSpanOn(zone: string, span: DailySpan, day: number): [number, number] {
  const from = zonedInstant(zone, day, span.start) + (span.startInclusive ? 0 : 1);
  const endDay = span.end <= span.start ? day + 1 : day;
  const to = zonedInstant(zone, endDay, span.end) + (span.endInclusive ? 1 : 0);
  return [from, to];
}

/** The occurrence of the span containing the instant, or null. */
export function spanContaining(zone: string, span: DailySpan, ms: number): [number, number] | null {
  const d = localDay(zone, ms);
  for (const day of [d, d - 1]) {
    const iv = spanOn(zone, span, day);
    if (ms >= iv[0] && ms < iv[1]) return iv;
  }
  return null;
}

/** The first occurrence of the span that starts after the instant (searching `horizonDays` ahead). */
export function nextSpanStart(zone: string, span: DailySpan, ms: number, horizonDays = 3): number | null {
  const d = localDay(zone, ms);
  for (let day = d - 1; day <= d + horizonDays; day++) {
    const [from] = spanOn(zone, span, day);
    if (from > ms) return from;
  }
  return null;
}
