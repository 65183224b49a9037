// The independent feasibility checker. It shares no code with the solver beyond the instance, so the bench and
// the tests can use it to catch a solver bug.
//
// Timing rule (Solomon 1987): a vehicle leaves the depot at its ready time; arriving at a customer before its
// ready time it waits; service must start no later than the customer's due time; the vehicle must be back at
// the depot no later than the depot's due time.
import type { RoutingInstance, Routes } from './types.js';

/** Slack for floating-point sums of fractional travel times. */
export const TIME_EPS = 1e-6;

export type Violation =
  | { kind: 'unknown-customer'; route: number; customer: number }
  | { kind: 'depot-in-route'; route: number; position: number }
  | { kind: 'duplicate'; customer: number; routes: number[] }
  | { kind: 'missing'; customer: number }
  | { kind: 'capacity'; route: number; load: number; capacity: number }
  | { kind: 'time-window'; route: number; customer: number; arrival: number; due: number }
  | { kind: 'depot-return'; route: number; arrival: number; due: number }
  | { kind: 'too-many-vehicles'; vehicles: number; maxVehicles: number };

export type FeasibilityReport = {
  readonly feasible: boolean;
  readonly violations: Violation[];
  /** Non-empty routes. */
  readonly vehicles: number;
  readonly distance: number;
  /** Optional customers not visited. */
  readonly dropped: number[];
};

export const at = (m: Float64Array, n1: number, i: number, j: number): number => m[i * n1 + j] as number;

/** Total distance of one route, depot → customers → depot (0 for an empty route). */
export function routeCost(inst: RoutingInstance, route: readonly number[]): number {
  if (route.length === 0) return 0;
  const n1 = inst.size + 1;
  let d = 0;
  let prev = 0;
  for (const c of route) {
    d += at(inst.distance, n1, prev, c);
    prev = c;
  }
  return d + at(inst.distance, n1, prev, 0);
}

export function routesCost(inst: RoutingInstance, routes: Routes): number {
  return routes.reduce((s, r) => s + routeCost(inst, r), 0);
}

/** Check a set of routes against every constraint of the instance; lists every violation found. */
export function checkRoutes(inst: RoutingInstance, routes: Routes): FeasibilityReport {
  const n1 = inst.size + 1;
  const violations: Violation[] = [];
  const seenIn = new Map<number, number[]>();
  routes.forEach((route, r) => {
    route.forEach((c, position) => {
      if (c === 0) violations.push({ kind: 'depot-in-route', route: r, position });
      else if (!Number.isInteger(c) || c < 0 || c > inst.size) violations.push({ kind: 'unknown-customer', route: r, customer: c });
      else seenIn.set(c, [...(seenIn.get(c) ?? []), r]);
    });
    if (route.some((c) => !Number.isInteger(c) || c <= 0 || c > inst.size)) return; // timing is meaningless
    checkRoute(inst, route, r, violations);
  });
  for (const [customer, rs] of seenIn) if (rs.length > 1) violations.push({ kind: 'duplicate', customer, routes: rs });
  const dropped: number[] = [];
  for (let c = 1; c < n1; c++) {
    if (seenIn.has(c)) continue;
    if (inst.optional?.[c]) dropped.push(c);
    else violations.push({ kind: 'missing', customer: c });
  }
  const vehicles = routes.filter((r) => r.length > 0).length;
  if (vehicles > inst.maxVehicles) violations.push({ kind: 'too-many-vehicles', vehicles, maxVehicles: inst.maxVehicles });
  return { feasible: violations.length === 0, violations, vehicles, distance: routesCost(inst, routes), dropped };
}

function checkRoute(inst: RoutingInstance, route: readonly number[], r: number, out: Violation[]): void {
  if (route.length === 0) return;
  const n1 = inst.size + 1;
  let load = 0;
  let prev = 0;
  let start = inst.ready[0] as number; // departure from the depot
  let leave = start;
  for (const c of route) {
    load += inst.demand[c] as number;
    const arrival = leave + at(inst.time, n1, prev, c);
    const due = inst.due[c] as number;
    if (arrival > due + TIME_EPS) out.push({ kind: 'time-window', route: r, customer: c, arrival, due });
    start = Math.max(arrival, inst.ready[c] as number);
    leave = start + (inst.service[c] as number);
    prev = c;
  }
  const back = leave + at(inst.time, n1, prev, 0);
  if (back > (inst.due[0] as number) + TIME_EPS) out.push({ kind: 'depot-return', route: r, arrival: back, due: inst.due[0] as number });
  if (load > inst.capacity + TIME_EPS) out.push({ kind: 'capacity', route: r, load, capacity: inst.capacity });
}

/** One line per violation, for CLIs and test messages. */
export function describeViolation(v: Violation): string {
  switch (v.kind) {
    case 'unknown-customer': return `route ${v.route}: ${v.customer} is not a customer of the instance`;
    case 'depot-in-route': return `route ${v.route}: the depot appears at position ${v.position}`;
    case 'duplicate': return `customer ${v.customer} is visited more than once (routes ${v.routes.join(', ')})`;
    case 'missing': return `customer ${v.customer} is not visited`;
    case 'capacity': return `route ${v.route}: load ${v.load} exceeds capacity ${v.capacity}`;
    case 'time-window': return `route ${v.route}: customer ${v.customer} reached at ${v.arrival}, after its due time ${v.due}`;
    case 'depot-return': return `route ${v.route}: back at the depot at ${v.arrival}, after its due time ${v.due}`;
    case 'too-many-vehicles': return `${v.vehicles} vehicles used, at most ${v.maxVehicles} available`;
  }
}
