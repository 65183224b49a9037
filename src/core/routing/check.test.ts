import { describe, expect, it } from 'vitest';
import { checkRoutes, describeViolation, routeCost } from './check.js';
import { euclideanInstance } from './instance.js';

// Depot at 0; customers on a line at x = 10, 20, 30 (travel time = distance), service 5, capacity 10.
const inst = euclideanInstance({
  name: 'line',
  depot: { x: 0, y: 0, ready: 0, due: 100 },
  customers: [
    { x: 10, y: 0, demand: 4, ready: 0, due: 50, service: 5 },
    { x: 20, y: 0, demand: 4, ready: 40, due: 60, service: 5 }, // arriving at 25 waits until 40
    { x: 30, y: 0, demand: 4, ready: 0, due: 40, service: 5, optional: true, prize: 10 },
  ],
  capacity: 10,
  maxVehicles: 2,
});

describe('checkRoutes', () => {
  it('accepts a feasible plan, waiting for a window to open, and reports distance and vehicles', () => {
    const r = checkRoutes(inst, [[1, 2], [3]]);
    expect(r.violations).toEqual([]);
    expect(r).toMatchObject({ feasible: true, vehicles: 2, distance: 40 + 60, dropped: [] });
  });

  it('lets an optional customer be dropped but not a mandatory one', () => {
    expect(checkRoutes(inst, [[1, 2]])).toMatchObject({ feasible: true, dropped: [3] });
    expect(checkRoutes(inst, [[1]]).violations).toEqual([{ kind: 'missing', customer: 2 }]);
  });

  it('names a late arrival with its time and due time', () => {
    // 0 → 2 arrives 20, waits to 40, leaves 45; → 1 arrives 55 > due 50.
    expect(checkRoutes(inst, [[2, 1], [3]]).violations).toEqual([{ kind: 'time-window', route: 0, customer: 1, arrival: 55, due: 50 }]);
  });

  it('flags capacity, duplicates, unknown customers, the depot inside a route and too many vehicles', () => {
    expect(checkRoutes(inst, [[1, 2, 3]]).violations).toContainEqual({ kind: 'capacity', route: 0, load: 12, capacity: 10 });
    expect(checkRoutes(inst, [[1, 2], [1, 3]]).violations).toContainEqual({ kind: 'duplicate', customer: 1, routes: [0, 1] });
    expect(checkRoutes(inst, [[1, 2], [3, 7]]).violations).toContainEqual({ kind: 'unknown-customer', route: 1, customer: 7 });
    expect(checkRoutes(inst, [[1, 0, 2], [3]]).violations).toContainEqual({ kind: 'depot-in-route', route: 0, position: 1 });
    expect(checkRoutes(inst, [[1], [2], [3]]).violations).toContainEqual({ kind: 'too-many-vehicles', vehicles: 3, maxVehicles: 2 });
  });

  it('flags a late return to the depot', () => {
    const short = { ...inst, due: [55, 50, 60, 40] };
    // 0 → 1 → 2: leave 2 at 45, back at 65 > 55.
    const v = checkRoutes(short, [[1, 2], [3]]).violations;
    expect(v).toContainEqual({ kind: 'depot-return', route: 0, arrival: 65, due: 55 });
    expect(v.map(describeViolation).join('\n')).toMatch(/back at the depot at 65, after its due time 55/);
  });

  it('counts empty routes as no vehicle', () => {
    expect(checkRoutes(inst, [[], [1, 2], [], [3]])).toMatchObject({ feasible: true, vehicles: 2 });
  });

  it('routeCost is depot → customers → depot, 0 when empty', () => {
    expect(routeCost(inst, [])).toBe(0);
    expect(routeCost(inst, [3, 1])).toBe(30 + 20 + 10);
  });

  it('tolerates floating-point sums at the exact due time', () => {
    const tight = euclideanInstance({
      depot: { x: 0, y: 0, due: 0.1 + 0.2 + 0.3 },
      customers: [{ x: 0.1, y: 0, due: 0.1 }, { x: 0.3, y: 0, due: 0.1 + 0.2 }],
      capacity: 1,
    });
    expect(checkRoutes(tight, [[1, 2]]).feasible).toBe(true);
  });
});
