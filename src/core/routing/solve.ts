// The solver: I1 construction → (vehicles-first only) route elimination → ruin & recreate under simulated
// annealing, with local search polishing new best solutions. Deterministic for a seed when bounded by
// `maxIterations`; bounded in wall-clock time by `timeLimitMs` when a clock (`now`) is injected.
import { constructI1, servableAlone } from './construct.js';
import { localSearch } from './local-search.js';
import { makeState, neighbourLists, recreate, ruin, stateCost, type Search, type State } from './lns.js';
import { makeRng } from './random.js';
import { buildRoute, makeCtx, type Route } from './route.js';
import type { RoutingInstance, Solution, SolveOptions } from './types.js';

const DEFAULT_ITERATIONS = 20_000;
/** Share of the budget the vehicles-first objective may spend on eliminating routes. */
const FLEET_SHARE = 0.5;

/** Fraction of the whole budget used after `iter` iterations: the larger of iterations and elapsed time. */
type Clock = (iter: number) => number;

function makeClock(opts: SolveOptions): Clock {
  const maxIter = opts.maxIterations ?? (opts.now && opts.timeLimitMs !== undefined ? Number.POSITIVE_INFINITY : DEFAULT_ITERATIONS);
  const { now, timeLimitMs: limit } = opts;
  const t0 = now ? now() : 0;
  return (iter) => Math.max(iter / maxIter, now && limit !== undefined ? (now() - t0) / Math.max(1e-9, limit) : 0);
}

/** A phase runs from where the clock stands now until the clock reads `end`; reports its own progress 0 → 1. */
type Budget = { readonly progress: (phaseIter: number) => number };

function phase(clock: Clock, doneIter: number, end: number): Budget {
  const start = Math.min(clock(doneIter), end);
  return { progress: (i) => (end - start <= 0 ? 1 : (clock(doneIter + i) - start) / (end - start)) };
}

export function solve(inst: RoutingInstance, opts: SolveOptions = {}): Solution {
  const ctx = makeCtx(inst);
  const rng = makeRng(opts.seed ?? 1);
  const objective = opts.objective ?? 'vehicles-then-distance';
  const clock = makeClock(opts);
  const servable = servableAlone(ctx);
  // Any solution's distance is at most the sum of round trips (triangle inequality): a vehicle costs more than
  // all the distance there is, and leaving a mandatory customer out costs more than any number of vehicles.
  let roundTrips = 1;
  for (let u = 1; u < ctx.n1; u++) roundTrips += ctx.d[u]! + ctx.d[u * ctx.n1]!;
  const vehicleCost = objective === 'distance' ? 0 : roundTrips;
  const penalty = new Float64Array(ctx.n1);
  for (let u = 1; u < ctx.n1; u++) penalty[u] = inst.optional?.[u] ? (inst.prize?.[u] ?? 0) : roundTrips * (ctx.n1 + 2);
  const search: Search = {
    ctx, rng, adj: neighbourLists(ctx), penalty, servable, vehicleCost, maxRoutes: inst.maxVehicles,
  };
  const built = constructI1(ctx, servable);
  let state = makeState(search, built.routes, built.unassigned);
  state = makeState(search, localSearch(search, state.routes), state.unassigned);
  let iterations = 0;
  if (objective === 'vehicles-then-distance' && state.unassigned.every((u) => inst.optional?.[u] || !servable[u])) {
    const fleet = eliminateRoutes(search, state, phase(clock, iterations, FLEET_SHARE));
    state = fleet.state;
    iterations += fleet.iterations;
  }
  const sa = anneal(search, state, phase(clock, iterations, 1));
  iterations += sa.iterations;
  return toSolution(inst, sa.best, iterations);
}

function toSolution(inst: RoutingInstance, st: State, iterations: number): Solution {
  const routes = st.routes.filter((r) => r.nodes.length > 0).map((r) => [...r.nodes]);
  const distance = st.routes.reduce((s, r) => s + r.dist, 0);
  const dropped = st.unassigned.filter((u) => inst.optional?.[u]).sort((a, b) => a - b);
  const unserved = st.unassigned.filter((u) => !inst.optional?.[u]).sort((a, b) => a - b);
  return { routes, vehicles: routes.length, distance, dropped, unserved, iterations };
}

/** Average distance from the depot: the temperature scale (SISR's T0 = 100, Tf = 1 on Solomon-sized data). */
function scale(search: Search): number {
  let s = 0;
  for (let u = 1; u < search.ctx.n1; u++) s += search.ctx.d[u]!;
  return Math.max(1e-9, s / Math.max(1, search.ctx.n1 - 1));
}

function anneal(search: Search, start: State, budget: Budget): { best: State; iterations: number } {
  const { rng } = search;
  const t0 = 3 * scale(search);
  const tf = 0.03 * scale(search);
  let cur = start;
  let best = start;
  let iter = 0;
  for (;;) {
    const frac = budget.progress(iter);
    if (frac >= 1) break;
    iter++;
    const temp = t0 * Math.pow(tf / t0, frac);
    const { routes, removed } = ruin(search, cur);
    removed.push(...cur.unassigned);
    const unassigned = recreate(search, routes, removed);
    const cost = stateCost(search, routes, unassigned);
    if (cost < cur.cost - temp * Math.log(rng.next())) {
      cur = makeState(search, routes, unassigned);
      if (cur.cost < best.cost - 1e-9) {
        const polished = localSearch(search, cur.routes);
        cur = makeState(search, polished, cur.unassigned);
        best = cur;
      }
    }
  }
  return { best, iterations: iter };
}

/**
 * Route elimination for the vehicles-first objective (the "fleet minimisation" of SISR): take a route out, put
 * its customers in a pool, and ruin & recreate with no more routes than remain; accept a solution with fewer
 * customers left out, or whose left-out customers have been left out less often (absence counters), until the
 * pool is empty — then take out another route.
 */
function eliminateRoutes(search: Search, start: State, budget: Budget): { state: State; iterations: number } {
  const { ctx, rng } = search;
  const optional = ctx.inst.optional;
  let totalDemand = 0;
  for (let u = 1; u < ctx.n1; u++) if (!optional?.[u]) totalDemand += ctx.dem[u]!;
  const lower = Math.max(1, Math.ceil(totalDemand / Math.max(1e-9, ctx.inst.capacity) - 1e-9));
  const absence = new Float64Array(ctx.n1);
  // Customers no route can serve stay out; optional ones may stay out — only the mandatory ones must be placed.
  const never = start.unassigned.filter((u) => !search.servable[u]);
  const mandatoryLeft = (xs: readonly number[]) => xs.reduce((k, u) => k + (optional?.[u] ? 0 : 1), 0);
  const sumAbs = (xs: readonly number[]) => xs.reduce((s, u) => s + absence[u]!, 0);
  const saved = { maxRoutes: search.maxRoutes, penalty: search.penalty };
  // While eliminating, every customer is worth placing if it fits anywhere.
  search.penalty = new Float64Array(ctx.n1).fill(saved.penalty.reduce((m, x) => Math.max(m, x), 1));
  let best: State = { ...start, unassigned: start.unassigned.filter((u) => search.servable[u]) };
  let iter = 0;
  outer: while (best.routes.length > lower) {
    // Take out the route with the fewest customers (ties: at random).
    const sizes = best.routes.map((r) => r.nodes.length);
    const min = Math.min(...sizes);
    const choices = sizes.flatMap((n, i) => (n === min ? [i] : []));
    const drop = choices[rng.below(choices.length)]!;
    const routes: Route[] = best.routes.filter((_, i) => i !== drop);
    search.maxRoutes = routes.length;
    const pool = [...best.routes[drop]!.nodes, ...best.unassigned.filter((u) => search.servable[u])];
    let cur: State = { routes, unassigned: pool, cost: 0 };
    while (mandatoryLeft(cur.unassigned) > 0) {
      if (budget.progress(iter) >= 1) break outer;
      iter++;
      const { routes: rs, removed } = ruin(search, cur);
      removed.push(...cur.unassigned);
      const left = recreate(search, rs, removed, 'absence', absence);
      const [a, b] = [mandatoryLeft(left), mandatoryLeft(cur.unassigned)];
      if (a < b || (a === b && sumAbs(left) < sumAbs(cur.unassigned))) {
        cur = { routes: rs.filter((r) => r.nodes.length > 0), unassigned: left, cost: 0 };
      }
      for (const u of cur.unassigned) absence[u]!++;
    }
    best = cur;
  }
  search.maxRoutes = saved.maxRoutes;
  search.penalty = saved.penalty;
  return { state: makeState(search, best.routes.map((r) => buildRoute(ctx, r.nodes)), [...best.unassigned, ...never]), iterations: iter };
}
