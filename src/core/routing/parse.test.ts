// eslint-disable-next-line no-restricted-imports -- a test reads its fixture; the engine itself does no I/O
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { truncate1 } from './instance.js';
import { ParseError, parseSolomon, parseVrplib } from './parse.js';

const SOLOMON = `TINY

VEHICLE
NUMBER     CAPACITY
   3          50

CUSTOMER
CUST NO.  XCOORD.   YCOORD.    DEMAND   READY TIME  DUE DATE   SERVICE   TIME

    0      0          0          0          0        200          0
    1      3          4         10         10         50         10
    2      1          1         20          0        100          5
`;

const VRPLIB = `NAME : TINY
TYPE : CVRPTW
DIMENSION : 3
VEHICLES : 3
CAPACITY : 50
SERVICE_TIME : 10
EDGE_WEIGHT_TYPE : EUC_2D
NODE_COORD_SECTION
1 0 0
2 3 4
3 1 1
DEMAND_SECTION
1 0
2 10
3 20
TIME_WINDOW_SECTION
1 0 200
2 10 50
3 0 100
SERVICE_TIME_SECTION
3 5
DEPOT_SECTION
1
-1
EOF
`;

describe('parsers', () => {
  it('read the same instance from Solomon and VRPLIB text', () => {
    const a = parseSolomon(SOLOMON);
    const b = parseVrplib(VRPLIB);
    for (const inst of [a, b]) {
      expect(inst).toMatchObject({ name: 'TINY', size: 2, capacity: 50, maxVehicles: 3 });
      expect(inst.demand).toEqual([0, 10, 20]);
      expect(inst.ready).toEqual([0, 10, 0]);
      expect(inst.due).toEqual([200, 50, 100]);
      expect(inst.service).toEqual([0, 10, 5]);
      expect(inst.distance[1]).toBe(5); // depot → customer 1
      expect(inst.distance[1 * 3 + 2]).toBeCloseTo(Math.hypot(2, 3), 12);
      expect(inst.time).toBe(inst.distance);
    }
  });

  it('truncates every edge to one decimal in the DIMACS convention', () => {
    const inst = parseSolomon(SOLOMON, { rounding: 'dimacs' });
    expect(inst.distance[0 * 3 + 2]).toBe(1.4); // √2 = 1.414…
    expect(inst.distance[1 * 3 + 2]).toBe(3.6); // √13 = 3.605…
    expect(truncate1(1.99999)).toBe(1.9);
    expect(truncate1(2)).toBe(2);
    expect(truncate1(0.3)).toBe(0.3);
  });

  it('reads the C101.25 fixture (Solomon format)', () => {
    const text = readFileSync(new URL('../../../test/fixtures/routing/C101.25.txt', import.meta.url), 'utf8');
    const inst = parseSolomon(text);
    expect(inst).toMatchObject({ name: 'C101.25', size: 25, capacity: 200, maxVehicles: 25 });
    expect([inst.ready[1], inst.due[1], inst.service[1], inst.demand[1]]).toEqual([912, 967, 90, 10]);
    expect(inst.due[0]).toBe(1236);
  });

  it('puts the VRPLIB depot first whatever its number', () => {
    const moved = VRPLIB.replace('DEPOT_SECTION\n1\n', 'DEPOT_SECTION\n3\n');
    const inst = parseVrplib(moved);
    expect(inst.coords?.[0]).toEqual([1, 1]);
    expect(inst.coords?.slice(1)).toEqual([[0, 0], [3, 4]]);
    expect(inst.service[0]).toBe(0);
  });

  it('names what is wrong', () => {
    expect(() => parseSolomon('X\n')).toThrow(ParseError);
    expect(() => parseSolomon(SOLOMON.replace('    2      1', '    5      1'))).toThrow(/row 2 has customer number 5/);
    expect(() => parseVrplib(VRPLIB.replace('DIMENSION : 3', 'DIMENSION : 4'))).toThrow(/node 4 has no coordinates/);
    expect(() => parseVrplib(VRPLIB.replace('EUC_2D', 'GEO'))).toThrow(/GEO is not supported/);
    expect(() => parseVrplib(VRPLIB.replace('2 10 50', '2 ten 50'))).toThrow(/line \d+: unexpected/);
  });
});
