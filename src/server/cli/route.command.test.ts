import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { checkRoutes, parseSolomon } from '../../core/routing/index.js';
import { readFileSync } from 'node:fs';
import { runCommand } from './test-run.js';
import { routeCommand } from './route.command.js';

const FIXTURE = fileURLToPath(new URL('../../../test/fixtures/routing/C101.25.txt', import.meta.url));

const run = (args: string[]) => runCommand(routeCommand(), args);

describe('concord route solve', () => {
  afterEach(() => {
    process.exitCode = undefined;
  });

  it('prints { vehicles, distance, routes } for a Solomon file, without a database', async () => {
    const { out, code } = await run(['solve', FIXTURE, '--format', 'solomon', '--time-limit', '0.3', '--seed', '3', '--dimacs', '--json']);
    expect(code).toBeUndefined();
    const result = JSON.parse(out) as { vehicles: number; distance: number; routes: number[][] };
    expect(Object.keys(result)).toEqual(['vehicles', 'distance', 'routes']);
    const inst = parseSolomon(readFileSync(FIXTURE, 'utf8'), { rounding: 'dimacs' });
    const report = checkRoutes(inst, result.routes);
    expect(report.feasible).toBe(true);
    expect(result.vehicles).toBe(report.vehicles);
    expect(result.distance).toBeCloseTo(report.distance, 6);
  });

  it('exits 2 on unreadable input', async () => {
    const { err, code } = await run(['solve', '/nonexistent.txt', '--time-limit', '0.1']);
    expect(code).toBe(2);
    expect(err).toMatch(/cannot read/);
  });
});
