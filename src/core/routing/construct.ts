// Construction: Solomon's (1987) I1 sequential insertion heuristic, written from the paper's description.
// Open a route with the unrouted customer farthest from the depot; repeatedly insert the customer that is best
// to serve now rather than from a route of its own — the largest c2 = λ·d(0,u) − c1, where c1 is the cheapest
// feasible insertion cost α1·(d(i,u) + d(u,j) − μ·d(i,j)) + α2·(push-forward of the start at j) — until none fits.
import { buildRoute, insertAt, nodeAt, type Ctx, type Route } from './route.js';
import { TIME_EPS } from './check.js';

export type I1Params = { readonly alpha1: number; readonly mu: number; readonly lambda: number };
export const DEFAULT_I1: I1Params = { alpha1: 0.9, mu: 1, lambda: 2 };

/** Customers that can be served at all: alone on a route, within capacity and time windows. */
export function servableAlone(ctx: Ctx): boolean[] {
  const ok = [false];
  for (let u = 1; u < ctx.n1; u++) ok.push(buildRoute(ctx, [u]).feasible);
  return ok;
}

export function constructI1(ctx: Ctx, servable: readonly boolean[], params: I1Params = DEFAULT_I1): { routes: Route[]; unassigned: number[] } {
  const { n1, d, t, ready, due, svc, dem } = ctx;
  const cap = ctx.inst.capacity;
  const unrouted = new Set<number>();
  for (let u = 1; u < n1; u++) if (servable[u]) unrouted.add(u);
  const routes: Route[] = [];
  while (unrouted.size > 0 && routes.length < ctx.inst.maxVehicles) {
    let seed = -1;
    for (const u of unrouted) if (seed < 0 || d[u]! > d[seed]!) seed = u; // row 0: distance from the depot
    unrouted.delete(seed);
    let route = buildRoute(ctx, [seed]);
    for (;;) {
      let bestU = -1;
      let bestP = -1;
      let bestC2 = Number.NEGATIVE_INFINITY;
      for (const u of unrouted) {
        if (route.load + dem[u]! > cap + TIME_EPS) continue;
        let c1Best = Number.POSITIVE_INFINITY;
        let pBest = -1;
        for (let p = 0; p <= route.nodes.length; p++) {
          const i = nodeAt(route, p);
          const j = nodeAt(route, p + 1);
          const arr = route.est[p]! + svc[i]! + t[i * n1 + u]!;
          if (arr > due[u]! + TIME_EPS) break; // est only grows along the route
          const start = Math.max(arr, ready[u]!);
          const arrJ = start + svc[u]! + t[u * n1 + j]!;
          if (arrJ > route.lst[p + 1]! + TIME_EPS) continue;
          const push = Math.max(arrJ, ready[j]!) - route.est[p + 1]!;
          const c1 = params.alpha1 * (d[i * n1 + u]! + d[u * n1 + j]! - params.mu * d[i * n1 + j]!) + (1 - params.alpha1) * push;
          if (c1 < c1Best) {
            c1Best = c1;
            pBest = p;
          }
        }
        if (pBest < 0) continue;
        const c2 = params.lambda * d[u]! - c1Best;
        if (c2 > bestC2) {
          bestC2 = c2;
          bestU = u;
          bestP = pBest;
        }
      }
      if (bestU < 0) break;
      unrouted.delete(bestU);
      route = buildRoute(ctx, insertAt(route.nodes, bestU, bestP));
    }
    routes.push(route);
  }
  const unassigned = [...unrouted];
  for (let u = 1; u < n1; u++) if (!servable[u]) unassigned.push(u);
  return { routes, unassigned };
}
