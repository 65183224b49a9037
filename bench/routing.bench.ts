// npm run bench:routing — the VRPTW engine on the Solomon instances in ../shared/data/vrptw/ (issue 8, Benchmark).
//
//   npm run bench:routing -- [--time-limit=30] [--seed=1] [--objective=distance|vehicles-then-distance|both]
//                            [--dir=PATH] [--only=C101,R101] [--json]
//
// Each instance is solved with a fixed wall-clock limit, then every route is re-checked independently with
// checkRoutes; an infeasible route is reported loudly and makes the exit code 1. The gap is measured against the
// best-known solution of the same convention, from bks.csv:
//   • distance objective: DIMACS convention (each edge truncated to one decimal), against the minimum-distance
//     best known (column mindist_cost_dimacs_trunc1dp_pyvrp, PyVRP);
//   • vehicles-then-distance: plain double Euclidean, against the SINTEF hierarchical best known (columns
//     sintef_hier_vehicles, sintef_hier_distance); the gap is in distance, vehicles are shown beside it.
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import { checkRoutes, describeViolation, parseSolomon, parseVrplib, solve, type Objective } from '../src/core/routing/index.js';

const arg = (name: string) => process.argv.find((a) => a.startsWith(`--${name}=`))?.slice(name.length + 3);
const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const DIR = path.resolve(ROOT, arg('dir') ?? '../shared/data/vrptw');
const LIMIT_S = Number(arg('time-limit') ?? 30);
const SEED = Number(arg('seed') ?? 1);
const OBJ = arg('objective') ?? 'both';
const ONLY = arg('only')?.split(',');
const JSON_ONLY = process.argv.includes('--json');
if (!(LIMIT_S > 0) || !Number.isInteger(SEED) || !['distance', 'vehicles-then-distance', 'both'].includes(OBJ)) {
  throw new Error('usage: --time-limit=SECONDS (> 0) --seed=N (integer) --objective=distance|vehicles-then-distance|both');
}
const log = (s: string) => { if (!JSON_ONLY) console.log(s); };

type Bks = { minRoutes: number; minDist: number; hierVehicles: number; hierDist: number };
function readBks(file: string): Map<string, Bks> {
  const [head, ...rows] = readFileSync(file, 'utf8').trim().split(/\r?\n/);
  const cols = (head ?? '').split(',');
  const col = (name: string) => {
    const i = cols.indexOf(name);
    if (i < 0) throw new Error(`${file}: no column ${name} (header: ${head})`);
    return i;
  };
  const [iName, iMinR, iMinD, iHv, iHd] = ['instance', 'mindist_routes_pyvrp', 'mindist_cost_dimacs_trunc1dp_pyvrp', 'sintef_hier_vehicles', 'sintef_hier_distance'].map(col);
  const out = new Map<string, Bks>();
  for (const r of rows) {
    const f = r.split(',');
    out.set(f[iName!]!, { minRoutes: Number(f[iMinR!]), minDist: Number(f[iMinD!]), hierVehicles: Number(f[iHv!]), hierDist: Number(f[iHd!]) });
  }
  return out;
}

type Row = { instance: string; objective: Objective; vehicles: number; distance: number; bksVehicles: number; bksDistance: number; gapPct: number; seconds: number; iterations: number; feasible: boolean };

function run(file: string, objective: Objective, bks: Bks | undefined): Row {
  const text = readFileSync(path.join(DIR, file), 'utf8');
  const rounding = objective === 'distance' ? 'dimacs' : 'none';
  const inst = /\.vrp$/i.test(file) ? parseVrplib(text, { rounding }) : parseSolomon(text, { rounding });
  const t0 = performance.now();
  const sol = solve(inst, { timeLimitMs: LIMIT_S * 1000, seed: SEED, objective, now: () => performance.now() });
  const seconds = (performance.now() - t0) / 1000;
  const report = checkRoutes(inst, sol.routes);
  if (!report.feasible) {
    console.error(`\n!!! INFEASIBLE SOLUTION for ${inst.name} (${objective}):`);
    for (const v of report.violations) console.error(`!!!   ${describeViolation(v)}`);
  }
  const bksVehicles = objective === 'distance' ? bks?.minRoutes ?? NaN : bks?.hierVehicles ?? NaN;
  const bksDistance = objective === 'distance' ? bks?.minDist ?? NaN : bks?.hierDist ?? NaN;
  return {
    instance: inst.name, objective, vehicles: report.vehicles, distance: report.distance, bksVehicles, bksDistance,
    // Two decimals, and no "-0.00" from floating-point noise at the best known.
    gapPct: Math.round((1e4 * (report.distance - bksDistance)) / bksDistance) / 100 || 0,
    seconds, iterations: sol.iterations, feasible: report.feasible,
  };
}

const pad = (s: string | number, n: number) => String(s).padStart(n);
function table(objective: Objective, rows: Row[]): void {
  const conv = objective === 'distance'
    ? 'distance only, DIMACS truncation; gap vs mindist_cost_dimacs_trunc1dp_pyvrp'
    : 'vehicles then distance, double Euclidean; gap vs sintef_hier_distance (vehicles vs sintef_hier_vehicles)';
  log(`\nobjective: ${objective} (${conv}); time limit ${LIMIT_S} s, seed ${SEED}`);
  log(`${'instance'.padEnd(9)}${pad('veh', 5)}${pad('bks', 5)}${pad('distance', 11)}${pad('bks', 11)}${pad('gap %', 8)}${pad('time s', 8)}${pad('iters', 9)}  feasible`);
  for (const r of rows) {
    log(`${r.instance.padEnd(9)}${pad(r.vehicles, 5)}${pad(r.bksVehicles, 5)}${pad(r.distance.toFixed(2), 11)}${pad(r.bksDistance.toFixed(2), 11)}${pad(r.gapPct.toFixed(2), 8)}${pad(r.seconds.toFixed(1), 8)}${pad(r.iterations, 9)}  ${r.feasible ? 'yes' : 'NO — INFEASIBLE'}`);
  }
  const mean = (f: (r: Row) => number) => rows.reduce((s, r) => s + f(r), 0) / rows.length;
  log(`${'mean'.padEnd(9)}${pad(mean((r) => r.vehicles).toFixed(1), 5)}${pad(mean((r) => r.bksVehicles).toFixed(1), 5)}${pad(mean((r) => r.distance).toFixed(2), 11)}${pad(mean((r) => r.bksDistance).toFixed(2), 11)}${pad(mean((r) => r.gapPct).toFixed(2), 8)}${pad(mean((r) => r.seconds).toFixed(1), 8)}`);
  if (objective === 'distance') log(`goal: mean distance gap ≤ 3 % in ≤ 30 s per instance — ${mean((r) => r.gapPct) <= 3 && LIMIT_S <= 30 ? 'met' : 'NOT met'}`);
}

const bks = readBks(path.join(DIR, 'bks.csv'));
const files = readdirSync(DIR).filter((f) => /\.(vrp|txt)$/i.test(f) && (!ONLY || ONLY.includes(f.replace(/\.\w+$/, '')))).sort();
const objectives: Objective[] = OBJ === 'both' ? ['distance', 'vehicles-then-distance'] : [OBJ as Objective];
const all: Row[] = [];
log(`bench:routing — ${files.length} instances from ${DIR}`);
for (const objective of objectives) {
  const rows = files.map((f) => run(f, objective, bks.get(f.replace(/\.\w+$/, ''))));
  table(objective, rows);
  all.push(...rows);
}
if (JSON_ONLY) console.log(JSON.stringify(all));
if (all.some((r) => !r.feasible)) {
  console.error('\n!!! at least one solution was INFEASIBLE (see above)');
  process.exitCode = 1;
}
