import { readFileSync } from 'node:fs';
import { performance } from 'node:perf_hooks';
import { Command, InvalidArgumentError } from 'commander';
import {
  checkRoutes, describeViolation, InstanceError, ParseError, parseSolomon, parseVrplib, solve, type Objective,
} from '../../core/routing/index.js';
import { fail, print } from './shared.js';

// `concord route solve FILE`: solve a standard VRPTW instance (Solomon or VRPLIB text) with the field-visit
// routing engine, for benchmarking (issue 8, part 3). Needs no database. Prints
// { "vehicles", "distance", "routes": [[customer ids in visit order]] } — customers numbered as in the instance
// (Solomon CUST NO.; VRPLIB node − 1, as in the .sol files); the depot is not listed.
// Exit 0 with a feasible solution; 1 when no feasible solution was found; 2 on unreadable input.

type SolveOpts = { format: 'solomon' | 'vrplib'; timeLimit: number; seed: number; objective: Objective; dimacs?: boolean; json?: boolean };

const positive = (name: string) => (v: string): number => {
  const n = Number(v);
  if (!(n > 0) || !Number.isFinite(n)) throw new InvalidArgumentError(`${name} must be a positive number`);
  return n;
};

export function routeCommand(): Command {
  const route = new Command('route').description('Vehicle routing for field visits / 上门路线规划');
  route
    .command('solve')
    .argument('<file>', 'instance file')
    .option('--format <format>', 'solomon | vrplib (default: from the extension, .vrp → vrplib)')
    .option('--time-limit <seconds>', 'wall-clock budget', positive('--time-limit'), 10)
    .option('--seed <n>', 'random seed', (v) => {
      const n = Number(v);
      if (!Number.isInteger(n)) throw new InvalidArgumentError('--seed must be an integer');
      return n;
    }, 1)
    .option('--objective <objective>', 'vehicles-then-distance | distance', 'vehicles-then-distance')
    .option('--dimacs', 'truncate every distance to one decimal (DIMACS VRPTW convention)')
    .option('--json', 'print only the JSON result')
    .description('Solve a VRPTW instance and print { vehicles, distance, routes } as JSON')
    .action((file: string, opts: Partial<SolveOpts>) => {
      const format = opts.format ?? (/\.vrp$/i.test(file) ? 'vrplib' : 'solomon');
      if (format !== 'solomon' && format !== 'vrplib') return fail(2, `--format must be solomon or vrplib, not ${String(format)}`);
      const objective = opts.objective ?? 'vehicles-then-distance';
      if (objective !== 'distance' && objective !== 'vehicles-then-distance') return fail(2, `--objective must be distance or vehicles-then-distance`);
      let text: string;
      try {
        text = readFileSync(file, 'utf8');
      } catch (e) {
        return fail(2, `cannot read ${file}: ${e instanceof Error ? e.message : String(e)}`);
      }
      let inst;
      try {
        const rounding = opts.dimacs ? 'dimacs' : 'none';
        inst = format === 'solomon' ? parseSolomon(text, { rounding }) : parseVrplib(text, { rounding });
      } catch (e) {
        if (e instanceof ParseError || e instanceof InstanceError) return fail(2, e.message);
        throw e;
      }
      const started = performance.now();
      const sol = solve(inst, { timeLimitMs: (opts.timeLimit ?? 10) * 1000, seed: opts.seed ?? 1, objective, now: () => performance.now() });
      const seconds = (performance.now() - started) / 1000;
      const report = checkRoutes(inst, sol.routes);
      const distance = Math.round(report.distance * 1e6) / 1e6;
      print(JSON.stringify({ vehicles: report.vehicles, distance, routes: sol.routes }));
      if (!opts.json) {
        process.stderr.write(`${inst.name}: ${report.vehicles} vehicles, distance ${distance}, ${sol.iterations} iterations, ${seconds.toFixed(1)} s\n`);
      }
      if (!report.feasible) fail(1, report.violations.map(describeViolation).join('\n'));
    });
  return route;
}
