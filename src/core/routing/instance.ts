// Building instances: Euclidean matrices (plain double, or the DIMACS convention), and validation.
import type { RoutingInstance } from './types.js';

export type Rounding = 'none' | 'dimacs';

export type Site = {
  readonly x: number;
  readonly y: number;
  readonly demand?: number;
  readonly ready?: number;
  readonly due?: number;
  readonly service?: number;
  readonly optional?: boolean;
  readonly prize?: number;
};

/** DIMACS 2021 VRPTW convention: every edge truncated to one decimal, floor(10·d)/10. */
export const truncate1 = (d: number): number => Math.floor(10 * d + 1e-9) / 10;

export function euclideanMatrix(points: readonly (readonly [number, number])[], rounding: Rounding = 'none'): Float64Array {
  const n = points.length;
  const m = new Float64Array(n * n);
  for (let i = 0; i < n; i++) {
    const [xi, yi] = points[i] as readonly [number, number];
    for (let j = 0; j < n; j++) {
      const [xj, yj] = points[j] as readonly [number, number];
      const d = Math.hypot(xi - xj, yi - yj);
      m[i * n + j] = rounding === 'dimacs' ? truncate1(d) : d;
    }
  }
  return m;
}

/** An instance from a depot and customers with planar coordinates; travel time = distance (Solomon). */
export function euclideanInstance(args: {
  name?: string;
  depot: Site;
  customers: readonly Site[];
  capacity: number;
  maxVehicles?: number;
  rounding?: Rounding;
}): RoutingInstance {
  const sites = [args.depot, ...args.customers];
  const coords = sites.map((s) => [s.x, s.y] as const);
  const distance = euclideanMatrix(coords, args.rounding);
  const anyOptional = args.customers.some((c) => c.optional);
  return validateInstance({
    name: args.name ?? 'instance',
    size: args.customers.length,
    capacity: args.capacity,
    maxVehicles: args.maxVehicles ?? Math.max(1, args.customers.length),
    demand: sites.map((s, i) => (i === 0 ? 0 : s.demand ?? 0)),
    ready: sites.map((s) => s.ready ?? 0),
    due: sites.map((s) => s.due ?? Number.POSITIVE_INFINITY),
    service: sites.map((s, i) => (i === 0 ? 0 : s.service ?? 0)),
    distance,
    time: distance,
    ...(anyOptional ? { optional: sites.map((s, i) => i > 0 && !!s.optional), prize: sites.map((s) => s.prize ?? 0) } : {}),
    coords,
  });
}

export class InstanceError extends Error {
  override readonly name = 'InstanceError';
}

/** Throws InstanceError naming the first inconsistency; returns the instance unchanged. */
export function validateInstance(inst: RoutingInstance): RoutingInstance {
  const n1 = inst.size + 1;
  const fail = (m: string): never => {
    throw new InstanceError(`${inst.name}: ${m}`);
  };
  if (!Number.isInteger(inst.size) || inst.size < 0) fail(`size must be a non-negative integer`);
  if (!(inst.capacity >= 0)) fail('capacity must be ≥ 0');
  if (!Number.isInteger(inst.maxVehicles) || inst.maxVehicles < 0) fail('maxVehicles must be a non-negative integer');
  for (const [key, arr] of [['demand', inst.demand], ['ready', inst.ready], ['due', inst.due], ['service', inst.service]] as const) {
    if (arr.length !== n1) fail(`${key} has ${arr.length} entries, expected ${n1}`);
    arr.forEach((v, i) => {
      if (Number.isNaN(v) || (key !== 'due' && !Number.isFinite(v))) fail(`${key}[${i}] is not a number`);
      if (v < 0 && key !== 'ready' && key !== 'due') fail(`${key}[${i}] is negative`);
    });
  }
  for (const [key, m] of [['distance', inst.distance], ['time', inst.time]] as const) {
    if (m.length !== n1 * n1) fail(`${key} matrix has ${m.length} entries, expected ${n1 * n1}`);
    for (let k = 0; k < m.length; k++) if (!(m[k]! >= 0) || !Number.isFinite(m[k]!)) fail(`${key}[${Math.floor(k / n1)}][${k % n1}] must be finite and ≥ 0`);
  }
  if (inst.optional && inst.optional.length !== n1) fail(`optional has ${inst.optional.length} entries, expected ${n1}`);
  if (inst.prize && inst.prize.length !== n1) fail(`prize has ${inst.prize.length} entries, expected ${n1}`);
  return inst;
}
