import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { checkRoutes, describeViolation } from './check.js';
import { makeRng } from './random.js';
import { solve } from './solve.js';
import { randomInstance } from './test-factories.js';
import type { Objective } from './types.js';

describe('property: every route the solver returns is feasible', () => {
  it('random instances, both objectives, optional and unservable customers, small fleets', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 2 ** 31 - 1 }),
        fc.integer({ min: 0, max: 25 }),
        fc.constantFrom<Objective>('distance', 'vehicles-then-distance'),
        fc.boolean(),
        fc.integer({ min: 1, max: 6 }),
        (seed, n, objective, dimacs, fleet) => {
          const inst = randomInstance(makeRng(seed), n, {
            rounding: dimacs ? 'dimacs' : 'none', optionalShare: 0.3, unservable: true, maxVehicles: fleet,
          });
          const sol = solve(inst, { seed, objective, maxIterations: 150 });
          const report = checkRoutes(inst, sol.routes);
          // Missing mandatory customers are reported by the solver as unserved; nothing else may be wrong.
          const wrong = report.violations.filter((v) => !(v.kind === 'missing' && sol.unserved.includes(v.customer)));
          expect(wrong.map(describeViolation)).toEqual([]);
          expect(report.vehicles).toBeLessThanOrEqual(fleet);
          expect(sol.vehicles).toBe(report.vehicles);
          expect(sol.distance).toBeCloseTo(report.distance, 6);
          const served = new Set(sol.routes.flat());
          for (const u of [...sol.dropped, ...sol.unserved]) expect(served.has(u)).toBe(false);
          expect(served.size + sol.dropped.length + sol.unserved.length).toBe(n);
        },
      ),
      { numRuns: 60, seed: 20260 },
    );
  });
});
