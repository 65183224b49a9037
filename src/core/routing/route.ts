// A route with its schedule summary, for O(1) feasibility tests of insertions and route splices.
//
// Path position p runs over 0 … m+1 where 0 and m+1 are the depot. For each position:
//   est[p]  earliest start of service (forward: leave the depot at its ready time, wait when early);
//   lst[p]  latest start of service that still lets the rest of the route meet its due times (backward);
//   pre[p]  load of the customers at positions 1..p.
// A route is feasible iff est[p] ≤ lst[p] everywhere (checked at build time, stored as `feasible`). Inserting u
// between positions p and p+1 is feasible iff the start at u, max(ready_u, est[p]+s+t), is ≤ due_u and the
// arrival at the next node is ≤ lst[p+1]; joining a prefix ending at p with a suffix starting at q (2-opt*) is
// feasible iff est[p]+s+t(p→q) ≤ lst[q] and the loads fit.
import { TIME_EPS } from './check.js';
import type { RoutingInstance } from './types.js';

export type Route = {
  readonly nodes: readonly number[];
  readonly est: Float64Array;
  readonly lst: Float64Array;
  readonly pre: Float64Array;
  readonly load: number;
  readonly dist: number;
  readonly feasible: boolean;
};

/** Precomputed views of an instance used by the search (shared, read-only). */
export type Ctx = {
  readonly inst: RoutingInstance;
  readonly n1: number;
  readonly d: Float64Array;
  readonly t: Float64Array;
  readonly ready: Float64Array;
  readonly due: Float64Array;
  readonly svc: Float64Array;
  readonly dem: Float64Array;
};

export function makeCtx(inst: RoutingInstance): Ctx {
  return {
    inst,
    n1: inst.size + 1,
    d: inst.distance,
    t: inst.time,
    ready: Float64Array.from(inst.ready),
    due: Float64Array.from(inst.due),
    svc: Float64Array.from(inst.service),
    dem: Float64Array.from(inst.demand),
  };
}

export const nodeAt = (r: Route, p: number): number => (p === 0 || p === r.nodes.length + 1 ? 0 : (r.nodes[p - 1] as number));

export function buildRoute(ctx: Ctx, nodes: readonly number[]): Route {
  const { n1, d, t, ready, due, svc, dem } = ctx;
  const m = nodes.length;
  const est = new Float64Array(m + 2);
  const lst = new Float64Array(m + 2);
  const pre = new Float64Array(m + 2);
  let prev = 0;
  let dist = 0;
  let feasible = true;
  est[0] = ready[0]!;
  for (let p = 1; p <= m + 1; p++) {
    const c = p <= m ? nodes[p - 1]! : 0;
    const arr = est[p - 1]! + svc[prev]! + t[prev * n1 + c]!;
    if (arr > due[c]! + TIME_EPS) feasible = false;
    est[p] = arr > ready[c]! ? arr : ready[c]!;
    pre[p] = pre[p - 1]! + (p <= m ? dem[c]! : 0);
    dist += d[prev * n1 + c]!;
    prev = c;
  }
  lst[m + 1] = due[0]!;
  let next = 0;
  for (let p = m; p >= 0; p--) {
    const c = p >= 1 ? nodes[p - 1]! : 0;
    const l = lst[p + 1]! - svc[c]! - t[c * n1 + next]!;
    lst[p] = l < due[c]! ? l : due[c]!;
    next = c;
  }
  const load = pre[m + 1]!;
  if (load > ctx.inst.capacity + TIME_EPS) feasible = false;
  return { nodes, est, lst, pre, load, dist: m === 0 ? 0 : dist, feasible };
}

/**
 * Extra distance of inserting u after path position p, or +∞ when infeasible (time windows only; the caller
 * checks capacity once per route).
 */
export function insertionCost(ctx: Ctx, r: Route, u: number, p: number): number {
  const { n1, d, t, ready, due, svc } = ctx;
  const i = nodeAt(r, p);
  const j = nodeAt(r, p + 1);
  const arr = r.est[p]! + svc[i]! + t[i * n1 + u]!;
  if (arr > due[u]! + TIME_EPS) return Number.POSITIVE_INFINITY;
  const start = arr > ready[u]! ? arr : ready[u]!;
  if (start + svc[u]! + t[u * n1 + j]! > r.lst[p + 1]! + TIME_EPS) return Number.POSITIVE_INFINITY;
  return d[i * n1 + u]! + d[u * n1 + j]! - d[i * n1 + j]!;
}

export const insertAt = (nodes: readonly number[], u: number, p: number): number[] => [...nodes.slice(0, p), u, ...nodes.slice(p)];
