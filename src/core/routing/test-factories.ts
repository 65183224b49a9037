// Test helpers: random small instances and an exhaustive optimum for ≤ 8 customers. Used by tests only.
import { euclideanInstance, type Rounding, type Site } from './instance.js';
import type { Rng } from './random.js';
import type { Objective, RoutingInstance } from './types.js';

/** A random instance on a 100×100 grid; every customer can be served alone unless `unservable` is set. */
export function randomInstance(rng: Rng, n: number, opts: { rounding?: Rounding; optionalShare?: number; maxVehicles?: number; unservable?: boolean } = {}): RoutingInstance {
  const horizon = 400 + rng.below(400);
  const depot: Site = { x: 50, y: 50, ready: 0, due: horizon };
  const customers: Site[] = [];
  for (let i = 0; i < n; i++) {
    const x = rng.below(101);
    const y = rng.below(101);
    const toDepot = Math.hypot(x - 50, y - 50);
    const service = rng.below(30);
    const latest = Math.max(0, horizon - service - toDepot - 1);
    const earliest = Math.ceil(toDepot);
    const tight = rng.next() < 0.6;
    const centre = earliest + rng.next() * Math.max(0, latest - earliest);
    const width = tight ? 20 + rng.below(80) : horizon;
    const optional = rng.next() < (opts.optionalShare ?? 0);
    customers.push({
      x, y, service,
      demand: 1 + rng.below(30),
      ready: Math.max(0, Math.floor(centre - width / 2)),
      due: opts.unservable && rng.next() < 0.1 ? Math.floor(toDepot / 2) : Math.max(earliest, Math.ceil(Math.min(latest, centre + width / 2))),
      ...(optional ? { optional: true, prize: rng.below(150) } : {}),
    });
  }
  return euclideanInstance({
    name: `random-${n}`, depot, customers, capacity: 40 + rng.below(80), maxVehicles: opts.maxVehicles ?? n,
    rounding: opts.rounding ?? 'none',
  });
}

/** Best distance of a single route over each subset of customers (bitmask), by enumerating every order. */
function bestRoutePerSubset(inst: RoutingInstance): Float64Array {
  const n = inst.size;
  const n1 = n + 1;
  const best = new Float64Array(1 << n).fill(Number.POSITIVE_INFINITY);
  const dfs = (last: number, leave: number, load: number, mask: number, dist: number): void => {
    if (mask !== 0 && leave + inst.time[last * n1]! <= inst.due[0]! + 1e-6) {
      const total = dist + inst.distance[last * n1]!;
      if (total < best[mask]!) best[mask] = total;
    }
    for (let c = 1; c <= n; c++) {
      const bit = 1 << (c - 1);
      if (mask & bit || load + inst.demand[c]! > inst.capacity + 1e-6) continue;
      const arrival = leave + inst.time[last * n1 + c]!;
      if (arrival > inst.due[c]! + 1e-6) continue;
      dfs(c, Math.max(arrival, inst.ready[c]!) + inst.service[c]!, load + inst.demand[c]!, mask | bit, dist + inst.distance[last * n1 + c]!);
    }
  };
  dfs(0, inst.ready[0]!, 0, 0, 0);
  return best;
}

/** The exact optimum (all customers mandatory): fewest vehicles then distance, or distance alone. */
export function exhaustiveOptimum(inst: RoutingInstance, objective: Objective): { vehicles: number; distance: number } | null {
  const n = inst.size;
  if (n > 10) throw new Error('exhaustive search is for tiny instances');
  const route = bestRoutePerSubset(inst);
  const full = (1 << n) - 1;
  // g[k][mask]: least distance covering mask with exactly k routes.
  let g = new Float64Array(1 << n).fill(Number.POSITIVE_INFINITY);
  g[0] = 0;
  let answer: { vehicles: number; distance: number } | null = n === 0 ? { vehicles: 0, distance: 0 } : null;
  for (let k = 1; k <= Math.min(n, inst.maxVehicles); k++) {
    const next = new Float64Array(1 << n).fill(Number.POSITIVE_INFINITY);
    for (let mask = 1; mask <= full; mask++) {
      const low = mask & -mask;
      for (let sub = mask; sub > 0; sub = (sub - 1) & mask) {
        if (!(sub & low)) continue;
        const v = g[mask ^ sub]! + route[sub]!;
        if (v < next[mask]!) next[mask] = v;
      }
    }
    g = next;
    const d = g[full]!;
    if (Number.isFinite(d)) {
      if (objective === 'vehicles-then-distance') return answer ?? { vehicles: k, distance: d };
      if (!answer || d < answer.distance - 1e-9) answer = { vehicles: k, distance: d };
    }
  }
  return answer;
}
