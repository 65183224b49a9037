// Local search to a local optimum: inter-route relocate, swap and 2-opt* with O(1) time-window tests from each
// route's est/lst arrays (route.ts), and intra-route or-opt (segments of 1–3) checked by rebuilding the route.
// First improvement, repeated until no move improves. Only the distance (and vehicles, for emptied routes)
// changes; the set of customers served stays the same.
import { TIME_EPS } from './check.js';
import type { Search } from './lns.js';
import { buildRoute, insertionCost, nodeAt, type Ctx, type Route } from './route.js';

const IMPROVE = 1e-7;
const MAX_PASSES = 50;

export function localSearch(s: Search, input: readonly Route[]): Route[] {
  const routes = input.filter((r) => r.nodes.length > 0);
  for (let pass = 0; pass < MAX_PASSES; pass++) {
    let improved = false;
    for (let a = 0; a < routes.length; a++) {
      if (orOpt(s.ctx, routes, a)) improved = true;
      for (let b = 0; b < routes.length; b++) {
        if (a === b) continue;
        if (relocate(s, routes, a, b) || (a < b && (swap(s.ctx, routes, a, b) || twoOptStar(s, routes, a, b)))) improved = true;
      }
    }
    for (let i = routes.length - 1; i >= 0; i--) if (routes[i]!.nodes.length === 0) routes.splice(i, 1);
    if (!improved) break;
  }
  return routes;
}

/** Start of service at v when it replaces the node at path position p of r, or +∞. */
function startInstead(ctx: Ctx, r: Route, p: number, v: number): number {
  const { n1, t, ready, due, svc } = ctx;
  const i = nodeAt(r, p - 1);
  const arr = r.est[p - 1]! + svc[i]! + t[i * n1 + v]!;
  if (arr > due[v]! + TIME_EPS) return Number.POSITIVE_INFINITY;
  const start = arr > ready[v]! ? arr : ready[v]!;
  const j = nodeAt(r, p + 1);
  return start + svc[v]! + t[v * n1 + j]! > r.lst[p + 1]! + TIME_EPS ? Number.POSITIVE_INFINITY : start;
}

/** Move one customer of route a to its best position in route b. */
function relocate(s: Search, routes: Route[], a: number, b: number): boolean {
  const { ctx } = s;
  const { n1, d, t, svc, dem } = ctx;
  const A = routes[a]!;
  const B = routes[b]!;
  for (let p = 1; p <= A.nodes.length; p++) {
    const u = nodeAt(A, p);
    if (B.load + dem[u]! > ctx.inst.capacity + TIME_EPS) continue;
    const i = nodeAt(A, p - 1);
    const j = nodeAt(A, p + 1);
    if (A.est[p - 1]! + svc[i]! + t[i * n1 + j]! > A.lst[p + 1]! + TIME_EPS) continue; // A without u
    const emptied = A.nodes.length === 1 ? s.vehicleCost : 0;
    const gain = d[i * n1 + u]! + d[u * n1 + j]! - d[i * n1 + j]! + emptied;
    for (let q = 0; q <= B.nodes.length; q++) {
      const c = insertionCost(ctx, B, u, q);
      if (c < gain - IMPROVE) {
        routes[a] = buildRoute(ctx, A.nodes.filter((_, k) => k !== p - 1));
        routes[b] = buildRoute(ctx, [...B.nodes.slice(0, q), u, ...B.nodes.slice(q)]);
        return true;
      }
    }
  }
  return false;
}

/** Exchange one customer of route a with one of route b. */
function swap(ctx: Ctx, routes: Route[], a: number, b: number): boolean {
  const { n1, d, dem } = ctx;
  const A = routes[a]!;
  const B = routes[b]!;
  const cap = ctx.inst.capacity + TIME_EPS;
  for (let p = 1; p <= A.nodes.length; p++) {
    const u = nodeAt(A, p);
    const ai = nodeAt(A, p - 1);
    const aj = nodeAt(A, p + 1);
    for (let q = 1; q <= B.nodes.length; q++) {
      const v = nodeAt(B, q);
      if (A.load - dem[u]! + dem[v]! > cap || B.load - dem[v]! + dem[u]! > cap) continue;
      const bi = nodeAt(B, q - 1);
      const bj = nodeAt(B, q + 1);
      const delta =
        d[ai * n1 + v]! + d[v * n1 + aj]! - d[ai * n1 + u]! - d[u * n1 + aj]! +
        d[bi * n1 + u]! + d[u * n1 + bj]! - d[bi * n1 + v]! - d[v * n1 + bj]!;
      if (delta >= -IMPROVE) continue;
      if (startInstead(ctx, A, p, v) === Number.POSITIVE_INFINITY || startInstead(ctx, B, q, u) === Number.POSITIVE_INFINITY) continue;
      const an = [...A.nodes];
      const bn = [...B.nodes];
      an[p - 1] = v;
      bn[q - 1] = u;
      routes[a] = buildRoute(ctx, an);
      routes[b] = buildRoute(ctx, bn);
      return true;
    }
  }
  return false;
}

/** Exchange the tails of routes a and b: a[..i] + b[j+1..] and b[..j] + a[i+1..]. */
function twoOptStar(s: Search, routes: Route[], a: number, b: number): boolean {
  const { ctx } = s;
  const { n1, d, t, svc } = ctx;
  const A = routes[a]!;
  const B = routes[b]!;
  const ma = A.nodes.length;
  const mb = B.nodes.length;
  const cap = ctx.inst.capacity + TIME_EPS;
  for (let i = 0; i <= ma; i++) {
    const ai = nodeAt(A, i);
    const ai1 = nodeAt(A, i + 1);
    for (let j = 0; j <= mb; j++) {
      if ((i === 0 && j === 0) || (i === ma && j === mb)) continue;
      const bj = nodeAt(B, j);
      const bj1 = nodeAt(B, j + 1);
      const lenA = i + (mb - j);
      const lenB = j + (ma - i);
      const emptied = (lenA === 0 ? s.vehicleCost : 0) + (lenB === 0 ? s.vehicleCost : 0);
      const delta = d[ai * n1 + bj1]! + d[bj * n1 + ai1]! - d[ai * n1 + ai1]! - d[bj * n1 + bj1]! - emptied;
      if (delta >= -IMPROVE) continue;
      if (A.pre[i]! + B.load - B.pre[j]! > cap || B.pre[j]! + A.load - A.pre[i]! > cap) continue;
      if (A.est[i]! + svc[ai]! + t[ai * n1 + bj1]! > B.lst[j + 1]! + TIME_EPS) continue;
      if (B.est[j]! + svc[bj]! + t[bj * n1 + ai1]! > A.lst[i + 1]! + TIME_EPS) continue;
      routes[a] = buildRoute(ctx, [...A.nodes.slice(0, i), ...B.nodes.slice(j)]);
      routes[b] = buildRoute(ctx, [...B.nodes.slice(0, j), ...A.nodes.slice(i)]);
      return true;
    }
  }
  return false;
}

/** Move a segment of 1–3 customers elsewhere in the same route (feasibility by rebuilding). */
function orOpt(ctx: Ctx, routes: Route[], a: number): boolean {
  const { n1, d } = ctx;
  const A = routes[a]!;
  const m = A.nodes.length;
  for (let len = 1; len <= 3 && len < m; len++) {
    for (let p = 1; p + len - 1 <= m; p++) {
      const first = nodeAt(A, p);
      const last = nodeAt(A, p + len - 1);
      const i = nodeAt(A, p - 1);
      const j = nodeAt(A, p + len);
      const gain = d[i * n1 + first]! + d[last * n1 + j]! - d[i * n1 + j]!;
      const rest = [...A.nodes.slice(0, p - 1), ...A.nodes.slice(p - 1 + len)];
      const seg = A.nodes.slice(p - 1, p - 1 + len);
      for (let q = 0; q <= rest.length; q++) {
        if (q === p - 1) continue;
        const x = q === 0 ? 0 : rest[q - 1]!;
        const y = q === rest.length ? 0 : rest[q]!;
        const delta = d[x * n1 + first]! + d[last * n1 + y]! - d[x * n1 + y]! - gain;
        if (delta >= -IMPROVE) continue;
        const r = buildRoute(ctx, [...rest.slice(0, q), ...seg, ...rest.slice(q)]);
        if (!r.feasible) continue;
        routes[a] = r;
        return true;
      }
    }
  }
  return false;
}
