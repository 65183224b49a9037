// eslint-disable-next-line no-restricted-imports -- a test reads its fixture; the engine itself does no I/O
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { checkRoutes } from './check.js';
import { euclideanInstance } from './instance.js';
import { parseSolomon } from './parse.js';
import { makeRng } from './random.js';
import { solve } from './solve.js';
import { exhaustiveOptimum, randomInstance } from './test-factories.js';
import type { Objective } from './types.js';

describe('solve: optimal on tiny instances (exhaustive search, ≤ 8 customers)', () => {
  const cases = Array.from({ length: 12 }, (_, k) => ({ seed: 100 + k, n: 5 + (k % 4) }));
  for (const objective of ['distance', 'vehicles-then-distance'] as Objective[]) {
    it.each(cases)(`${objective}: random instance seed $seed with $n customers`, ({ seed, n }) => {
      const inst = randomInstance(makeRng(seed), n, { rounding: seed % 2 ? 'dimacs' : 'none' });
      const opt = exhaustiveOptimum(inst, objective);
      const sol = solve(inst, { seed: 1, objective, maxIterations: 1500 });
      const report = checkRoutes(inst, sol.routes);
      expect(report.violations).toEqual([]);
      expect(opt).not.toBeNull();
      if (objective === 'vehicles-then-distance') expect(sol.vehicles).toBe(opt!.vehicles);
      expect(sol.distance).toBeCloseTo(opt!.distance, 6);
      expect(report.distance).toBeCloseTo(sol.distance, 6);
    });
  }
});

describe('solve', () => {
  const fixture = parseSolomon(
    readFileSync(new URL('../../../test/fixtures/routing/C101.25.txt', import.meta.url), 'utf8'),
    { rounding: 'dimacs' },
  );

  it('finds the best known C101.25 (3 vehicles, 191.3 with DIMACS truncation)', () => {
    const sol = solve(fixture, { seed: 7, maxIterations: 3000 });
    expect(checkRoutes(fixture, sol.routes).feasible).toBe(true);
    expect(sol.vehicles).toBe(3);
    expect(sol.distance).toBeCloseTo(191.3, 6);
  });

  it('is deterministic for a seed under an iteration budget', () => {
    const inst = randomInstance(makeRng(5), 30);
    const a = solve(inst, { seed: 42, maxIterations: 400 });
    const b = solve(inst, { seed: 42, maxIterations: 400 });
    expect(b).toEqual(a);
  });

  it('stops on the injected clock', () => {
    let t = 0;
    const sol = solve(fixture, { seed: 1, timeLimitMs: 1000, now: () => (t += 10) });
    expect(sol.iterations).toBeLessThan(120);
    expect(checkRoutes(fixture, sol.routes).feasible).toBe(true);
  });

  it('drops only optional visits when the day is full, keeping the most valuable', () => {
    // One collector, a day of 100; five visits of 30 minutes at the depot's doorstep: three fit.
    const visit = (prize: number, optional = true) => ({ x: 1, y: 0, service: 30, ...(optional ? { optional, prize } : {}) });
    const inst = euclideanInstance({
      depot: { x: 0, y: 0, ready: 0, due: 100 },
      customers: [visit(5), visit(0, false), visit(50), visit(500), visit(40)],
      capacity: 10,
      maxVehicles: 1,
    });
    const sol = solve(inst, { seed: 3, maxIterations: 300, objective: 'distance' });
    expect(checkRoutes(inst, sol.routes).feasible).toBe(true);
    expect(sol.routes.flat().sort()).toEqual([2, 3, 4]);
    expect(sol.dropped).toEqual([1, 5]);
    expect(sol.unserved).toEqual([]);
  });

  it('reports a mandatory customer it cannot serve instead of returning an infeasible route', () => {
    const inst = euclideanInstance({
      depot: { x: 0, y: 0, due: 50 },
      customers: [{ x: 10, y: 0 }, { x: 40, y: 0 }], // customer 2: 80 there and back, after the depot closes
      capacity: 1,
    });
    const sol = solve(inst, { maxIterations: 50 });
    expect(sol.routes).toEqual([[1]]);
    expect(sol.unserved).toEqual([2]);
  });

  it('handles an instance with no customers', () => {
    const inst = euclideanInstance({ depot: { x: 0, y: 0 }, customers: [], capacity: 1 });
    expect(solve(inst, { maxIterations: 10 })).toMatchObject({ routes: [], vehicles: 0, distance: 0 });
  });
});
