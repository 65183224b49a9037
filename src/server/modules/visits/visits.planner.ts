// The planner's arithmetic, free of I/O: windows from wall-clock hours, travel from coordinates, the routing
// instance for a day and the schedule of the solver's routes. Times inside the instance are minutes since the
// base opens (the start of the working day); windows close on the latest *start* of service.
import type { AddressKind } from '../../../contracts/constants.js';
import { checkRoutes, solve, type RoutingInstance } from '../../../core/routing/index.js';
import { parseDay, parseTimeOfDay, zonedInstant } from '../../../core/compliance/zone.js';

export type PlanSettings = {
  serviceMinutes: number;
  detourFactor: number;
  speedKmh: number;
  /** The base's window: leave no earlier than, be back no later than (plan time zone). */
  dayStart: string;
  dayEnd: string;
  /** Sensible hours per address kind, in the creditor's time zone. */
  kindHours: Record<AddressKind, readonly [string, string]>;
  maxVisitsPerRoute: number;
  timeLimitMs: number;
  maxIterations: number;
  seed: number;
};

export const DEFAULT_PLAN_SETTINGS: PlanSettings = {
  serviceMinutes: 30,
  detourFactor: 1.3,
  speedKmh: 25,
  dayStart: '08:30',
  dayEnd: '18:30',
  kindHours: { work: ['09:00', '17:30'], residence: ['09:00', '20:00'], household_registration: ['09:00', '20:00'], other: ['09:00', '20:00'] },
  maxVisitsPerRoute: 12,
  timeLimitMs: 2_000,
  maxIterations: 4_000,
  seed: 1,
};

const MINUTE = 60_000;
const EARTH_KM = 6371.0088;

/** Great-circle distance in km (haversine). */
export function greatCircleKm(a: { latitude: number; longitude: number }, b: { latitude: number; longitude: number }): number {
  const rad = Math.PI / 180;
  const dLat = (b.latitude - a.latitude) * rad;
  const dLon = (b.longitude - a.longitude) * rad;
  const h = Math.sin(dLat / 2) ** 2 + Math.cos(a.latitude * rad) * Math.cos(b.latitude * rad) * Math.sin(dLon / 2) ** 2;
  return 2 * EARTH_KM * Math.asin(Math.min(1, Math.sqrt(h)));
}

/** [start, end) instants of HH:MM–HH:MM on the local day `date` in `zone`. */
export function localSpan(zone: string, date: string, start: string, end: string): [number, number] {
  const day = parseDay(date);
  return [zonedInstant(zone, day, parseTimeOfDay(start)), zonedInstant(zone, day, parseTimeOfDay(end))];
}

/** The intersection of spans, or null when empty. */
export function intersect(spans: Array<[number, number]>): [number, number] | null {
  let lo = -Infinity;
  let hi = Infinity;
  for (const [a, b] of spans) {
    lo = Math.max(lo, a);
    hi = Math.min(hi, b);
  }
  return lo < hi ? [lo, hi] : null;
}

export type PlanVisit = {
  latitude: number;
  longitude: number;
  /** The window in which the whole visit must take place (instants). */
  window: [number, number];
  priority: number;
};

export type PlannedStop = { visit: number; arrival: number; start: number; end: number; travelKm: number };
export type PlannedRoute = { team: number; stops: PlannedStop[]; distanceKm: number; start: number; end: number };

/** Prize of an optional visit (km): far above any detour, so only a full day drops one, and a high priority outweighs several lower ones. */
const prizeOf = (priority: number) => 1000 * 4 ** (priority - 1);

/** Road distance (km) and travel time (minutes) between points, row-major over [base, ...visits]. */
export type TravelMatrix = { km: Float64Array; minutes: Float64Array };

/** Great-circle × detour factor for distance, ÷ speed for time. */
export function greatCircleMatrix(points: Array<{ latitude: number; longitude: number }>, s: Pick<PlanSettings, 'detourFactor' | 'speedKmh'>): TravelMatrix {
  const n1 = points.length;
  const km = new Float64Array(n1 * n1);
  const minutes = new Float64Array(n1 * n1);
  for (let i = 0; i < n1; i++) {
    for (let j = 0; j < n1; j++) {
      if (i === j) continue;
      const d = greatCircleKm(points[i]!, points[j]!) * s.detourFactor;
      km[i * n1 + j] = d;
      minutes[i * n1 + j] = (d / s.speedKmh) * 60;
    }
  }
  return { km, minutes };
}

/**
 * The window of a visit on its day: the fixed spans (the packs' allowed hours, the address kind's hours) intersected
 * with the debtor's stated availability when there is any — of several availability windows the longest intersection
 * that still fits the service time (ties: the earliest). `null` availability means none stated (no constraint);
 * an empty list means none on that day.
 */
export function visitWindow(fixed: Array<[number, number]>, availability: Array<[number, number]> | null, serviceMinutes: number): { window: [number, number] } | { reason: 'no_window' | 'availability' } {
  const base = intersect(fixed);
  const fits = (w: [number, number] | null): w is [number, number] => w !== null && w[1] - w[0] >= serviceMinutes * MINUTE;
  if (!fits(base)) return { reason: 'no_window' };
  if (availability === null) return { window: base };
  let best: [number, number] | null = null;
  for (const a of availability) {
    const w = intersect([base, a]);
    if (fits(w) && (!best || w[1] - w[0] > best[1] - best[0])) best = w;
  }
  return best ? { window: best } : { reason: 'availability' };
}

export function buildInstance(visits: PlanVisit[], base: { latitude: number; longitude: number }, day: [number, number], teams: number, s: PlanSettings, travel?: TravelMatrix): RoutingInstance {
  const n = visits.length;
  const { km: distance, minutes: time } = travel ?? greatCircleMatrix([base, ...visits], s);
  const toMin = (ms: number) => (ms - day[0]) / MINUTE;
  return {
    name: 'visit-plan',
    size: n,
    capacity: s.maxVisitsPerRoute,
    maxVehicles: teams,
    demand: [0, ...visits.map(() => 1)],
    ready: [0, ...visits.map((v) => Math.max(0, toMin(v.window[0])))],
    due: [toMin(day[1]), ...visits.map((v) => toMin(v.window[1]) - s.serviceMinutes)],
    service: [0, ...visits.map(() => s.serviceMinutes)],
    distance,
    time,
    optional: [false, ...visits.map(() => true)],
    prize: [0, ...visits.map((v) => prizeOf(v.priority))],
  };
}

/** Solve a day and schedule each route (leave the base when it opens, wait at a visit until its window opens). */
export function planDay(visits: PlanVisit[], base: { latitude: number; longitude: number }, day: [number, number], teams: number, s: PlanSettings, now: () => number, travel?: TravelMatrix) {
  const inst = buildInstance(visits, base, day, teams, s, travel);
  if (visits.length === 0 || teams === 0) return { inst, routes: [] as PlannedRoute[], dropped: visits.map((_, i) => i), feasible: true };
  const sol = solve(inst, { timeLimitMs: s.timeLimitMs, maxIterations: s.maxIterations, seed: s.seed, objective: 'distance', now });
  const report = checkRoutes(inst, sol.routes);
  const n1 = inst.size + 1;
  const at = (m: Float64Array, i: number, j: number) => m[i * n1 + j] as number;
  const toMs = (min: number) => day[0] + Math.round(min * MINUTE);
  const routes: PlannedRoute[] = sol.routes.filter((r) => r.length > 0).map((r, team) => {
    let t = inst.ready[0]!;
    let prev = 0;
    let km = 0;
    const stops: PlannedStop[] = r.map((u) => {
      const arrival = t + at(inst.time, prev, u);
      const start = Math.max(arrival, inst.ready[u]!);
      const travelKm = at(inst.distance, prev, u);
      km += travelKm;
      t = start + inst.service[u]!;
      prev = u;
      return { visit: u - 1, arrival: toMs(arrival), start: toMs(start), end: toMs(t), travelKm };
    });
    km += at(inst.distance, prev, 0);
    const back = t + at(inst.time, prev, 0);
    return { team, stops, distanceKm: km, start: toMs(inst.ready[0]!), end: toMs(back) };
  });
  const served = new Set(sol.routes.flat());
  const dropped = visits.map((_, i) => i).filter((i) => !served.has(i + 1));
  return { inst, routes, dropped, feasible: report.feasible };
}

/** Visits that no route can serve, even alone: from the base when it opens, within the window, back before it closes. */
export function outOfReach(visits: PlanVisit[], base: { latitude: number; longitude: number }, day: [number, number], s: PlanSettings): number[] {
  const minutes = (km: number) => ((km * s.detourFactor) / s.speedKmh) * 60 * MINUTE;
  return visits.map((v, i) => ({ v, i })).filter(({ v }) => {
    const leg = minutes(greatCircleKm(base, v));
    const start = Math.max(day[0] + leg, v.window[0]);
    const end = start + s.serviceMinutes * MINUTE;
    return end > v.window[1] || end + leg > day[1];
  }).map(({ i }) => i);
}

/** The default base: the visit with the most others within `radiusKm` (the densest place; ties: the first). */
export function densestPoint(points: Array<{ latitude: number; longitude: number }>, radiusKm = 25): { latitude: number; longitude: number } | null {
  let best: { latitude: number; longitude: number } | null = null;
  let bestCount = -1;
  for (const p of points) {
    const count = points.reduce((n, q) => n + (greatCircleKm(p, q) <= radiusKm ? 1 : 0), 0);
    if (count > bestCount) {
      best = { latitude: p.latitude, longitude: p.longitude };
      bestCount = count;
    }
  }
  return best;
}
