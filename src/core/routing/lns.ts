// Large-neighbourhood search by ruin & recreate, after the SISR scheme of Christiaens & Vanden Berghe (2020,
// "Slack induction by string removals for vehicle routing problems"), written from the paper's description:
//   ruin     remove a few strings (consecutive customers) — or split strings, which keep a block in the middle —
//            from routes near a random seed customer, so that removals are spatially related;
//   recreate insert the removed customers one by one (random / demand / far / close / narrow-window order) at
//            their cheapest feasible position, skipping each position with a small probability ("blinks").
// The objective folds in a cost per vehicle (lexicographic vehicles-first when large) and a penalty per customer
// left out (an optional visit's prize; a mandatory one's is larger than any solution).
import { TIME_EPS } from './check.js';
import type { Rng } from './random.js';
import { buildRoute, insertAt, insertionCost, type Ctx, type Route } from './route.js';

export type State = { readonly routes: Route[]; readonly unassigned: number[]; readonly cost: number };

export type Search = {
  readonly ctx: Ctx;
  readonly rng: Rng;
  /** Neighbours of each customer, nearest first (the customer itself first). */
  readonly adj: readonly Int32Array[];
  /** Cost of leaving each customer out. */
  penalty: Float64Array;
  readonly servable: readonly boolean[];
  /** Added to the objective per non-empty route. */
  vehicleCost: number;
  /** Routes the recreate step may open. */
  maxRoutes: number;
};

const AVG_REMOVED = 10; // SISR c̄
const MAX_STRING = 10; // SISR L_max
const BLINK = 0.01; // SISR β

export function neighbourLists(ctx: Ctx, limit = 100): Int32Array[] {
  const out: Int32Array[] = [new Int32Array(0)];
  const all = Array.from({ length: ctx.n1 - 1 }, (_, i) => i + 1);
  for (let c = 1; c < ctx.n1; c++) {
    const row = c * ctx.n1;
    const sorted = [...all].sort((a, b) => (a === c ? -1 : b === c ? 1 : ctx.d[row + a]! - ctx.d[row + b]! || a - b));
    out.push(Int32Array.from(sorted.slice(0, limit)));
  }
  return out;
}

export function stateCost(s: Search, routes: readonly Route[], unassigned: readonly number[]): number {
  let c = 0;
  for (const r of routes) if (r.nodes.length > 0) c += r.dist + s.vehicleCost;
  for (const u of unassigned) c += s.penalty[u]!;
  return c;
}

export function makeState(s: Search, routes: Route[], unassigned: number[]): State {
  const kept = routes.filter((r) => r.nodes.length > 0);
  return { routes: kept, unassigned, cost: stateCost(s, kept, unassigned) };
}

/** Remove strings of customers near a random seed; returns the new routes (copies) and the removed customers. */
export function ruin(s: Search, st: State, avgRemoved = AVG_REMOVED): { routes: Route[]; removed: number[] } {
  const { ctx, rng } = s;
  const routes = st.routes.slice();
  const removed: number[] = [];
  const where = new Int32Array(ctx.n1).fill(-1);
  let served = 0;
  routes.forEach((r, i) => {
    for (const c of r.nodes) where[c] = i;
    served += r.nodes.length;
  });
  if (served === 0) return { routes, removed };
  const lsMax = Math.min(MAX_STRING, served / routes.length);
  const ksMax = (4 * avgRemoved) / (1 + lsMax) - 1;
  const ks = Math.floor(rng.next() * ksMax) + 1;
  const seedRoute = routes[rng.below(routes.length)]!;
  const seed = seedRoute.nodes[rng.below(seedRoute.nodes.length)]!;
  const ruined = new Set<number>();
  for (const c of s.adj[seed]!) {
    if (ruined.size >= ks) break;
    const ri = where[c]!;
    if (ri < 0 || ruined.has(ri)) continue;
    ruined.add(ri);
    const nodes = routes[ri]!.nodes;
    const pos = nodes.indexOf(c);
    const lt = Math.floor(rng.next() * Math.min(nodes.length, lsMax)) + 1;
    let kept: number[];
    if (rng.next() < 0.5 || lt >= nodes.length) {
      const from = windowStart(rng, pos, lt, nodes.length);
      removed.push(...nodes.slice(from, from + lt));
      kept = [...nodes.slice(0, from), ...nodes.slice(from + lt)];
    } else {
      // Split string: a window of lt + m customers around c loses lt of them and keeps a block of m inside.
      let m = 1;
      while (lt + m < nodes.length && rng.next() < 0.5) m++;
      const len = lt + m;
      const from = windowStart(rng, pos, len, nodes.length);
      const keepAt = from + rng.below(len - m + 1);
      kept = [...nodes.slice(0, from), ...nodes.slice(keepAt, keepAt + m), ...nodes.slice(from + len)];
      for (let p = from; p < from + len; p++) if (p < keepAt || p >= keepAt + m) removed.push(nodes[p]!);
    }
    routes[ri] = buildRoute(ctx, kept);
  }
  return { routes, removed };
}

/** A start index of a window of `len` positions within [0, n) that covers `pos`. */
function windowStart(rng: Rng, pos: number, len: number, n: number): number {
  const lo = Math.max(0, pos - len + 1);
  const hi = Math.min(pos, n - len);
  return lo + rng.below(hi - lo + 1);
}

/** Insert `removed` one by one at the cheapest feasible position (with blinks); returns those left out. */
export function recreate(s: Search, routes: Route[], removed: number[], order?: 'absence', absence?: Float64Array): number[] {
  const { ctx, rng } = s;
  const { n1, d, due, dem } = ctx;
  sortForInsertion(s, removed, order, absence);
  const cap = ctx.inst.capacity;
  const out: number[] = [];
  for (const u of removed) {
    let best = s.penalty[u]!;
    let bestR = -1;
    let bestP = -1;
    for (let ri = 0; ri < routes.length; ri++) {
      const r = routes[ri]!;
      if (r.load + dem[u]! > cap + TIME_EPS) continue;
      const extra = r.nodes.length === 0 ? s.vehicleCost : 0;
      for (let p = 0; p <= r.nodes.length; p++) {
        if (r.est[p]! > due[u]! + TIME_EPS) break;
        if (rng.next() < BLINK) continue;
        const c = insertionCost(ctx, r, u, p) + extra;
        if (c < best) {
          best = c;
          bestR = ri;
          bestP = p;
        }
      }
    }
    let open = false;
    if (routes.length < s.maxRoutes && s.servable[u]) {
      const c = d[u]! + d[u * n1]! + s.vehicleCost;
      if (c < best) open = true;
    }
    if (open) routes.push(buildRoute(ctx, [u]));
    else if (bestR >= 0) routes[bestR] = buildRoute(ctx, insertAt(routes[bestR]!.nodes, u, bestP));
    else out.push(u);
  }
  return out;
}

function sortForInsertion(s: Search, xs: number[], order?: 'absence', absence?: Float64Array): void {
  const { ctx, rng } = s;
  const { d, dem, ready, due } = ctx;
  for (let i = xs.length - 1; i > 0; i--) {
    const j = rng.below(i + 1);
    [xs[i], xs[j]] = [xs[j]!, xs[i]!];
  }
  if (order === 'absence' && absence && rng.next() < 0.5) {
    xs.sort((a, b) => absence[b]! - absence[a]!);
    return;
  }
  const w = rng.next() * 13;
  if (w < 4) return; // random
  if (w < 8) xs.sort((a, b) => dem[b]! - dem[a]!);
  else if (w < 10) xs.sort((a, b) => d[b]! - d[a]!); // far from the depot first
  else if (w < 11) xs.sort((a, b) => d[a]! - d[b]!); // close first
  else xs.sort((a, b) => due[a]! - ready[a]! - (due[b]! - ready[b]!)); // narrow windows first
}
