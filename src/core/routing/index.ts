// Vehicle routing with time windows for field visits (issue 8, parts 2 and 3). Pure: no I/O, no clock.
//
//   solve(instance, { timeLimitMs, now, maxIterations, seed, objective }) → Solution
//       I1 construction, route elimination (vehicles-first), ruin & recreate under simulated annealing,
//       local search (relocate, swap, 2-opt*, or-opt) — see docs/routing.md.
//   checkRoutes(instance, routes) → FeasibilityReport   the independent checker (every violation, with reasons)
//   parseSolomon / parseVrplib (text → instance), euclideanInstance (sites → instance), DIMACS truncation.
export type { Objective, RoutingInstance, Routes, Solution, SolveOptions } from './types.js';
export { solve } from './solve.js';
export { checkRoutes, describeViolation, routeCost, routesCost, TIME_EPS, type FeasibilityReport, type Violation } from './check.js';
export { euclideanInstance, euclideanMatrix, InstanceError, truncate1, validateInstance, type Rounding, type Site } from './instance.js';
export { parseSolomon, parseVrplib, ParseError, type ParseOptions } from './parse.js';
export { makeRng, type Rng } from './random.js';
