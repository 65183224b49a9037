// The OSRM adapter against a tiny fake OSRM server: the table request's path and annotations, metres → km and
// seconds → minutes, a null cell filled from great-circle; an unreachable server or an error answer falls back to
// great-circle with a warning naming the cause.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { greatCircleProvider, osrmProvider, travelProviderOf } from './travel.js';
import { DEFAULT_PLAN_SETTINGS, greatCircleMatrix } from './visits.planner.js';

const points = [{ latitude: 39.9, longitude: 116.4 }, { latitude: 39.95, longitude: 116.45 }, { latitude: 39.88, longitude: 116.3 }];

describe('OSRM travel provider', () => {
  let server: Server;
  let url: string;
  const requests: string[] = [];
  let answer: { status: number; body: unknown } = { status: 200, body: {} };

  beforeAll(async () => {
    server = createServer((req, res) => {
      requests.push(req.url ?? '');
      res.writeHead(answer.status, { 'content-type': 'application/json' });
      res.end(JSON.stringify(answer.body));
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

  const logger = () => {
    const lines: Array<{ obj: Record<string, unknown>; msg: string }> = [];
    return { lines, warn: (obj: Record<string, unknown>, msg: string) => void lines.push({ obj, msg }) };
  };

  it('asks the table service once for the whole matrix and converts it; a null cell gets the great-circle value', async () => {
    answer = {
      status: 200,
      body: {
        code: 'Ok',
        durations: [[0, 600, 900], [660, 0, null], [840, 1200, 0]],
        distances: [[0, 7000, 11000], [7100, 0, null], [10900, 16000, 0]],
      },
    };
    const log = logger();
    const m = await osrmProvider({ url, logger: log }).matrix(points, DEFAULT_PLAN_SETTINGS);
    expect(requests.at(-1)).toBe('/table/v1/driving/116.400000,39.900000;116.450000,39.950000;116.300000,39.880000?annotations=duration,distance');
    expect(m.provider).toBe('osrm');
    expect(m.km[1]).toBe(7);
    expect(m.minutes[1]).toBe(10);
    expect(m.km[3]).toBeCloseTo(7.1, 9);
    expect(m.minutes[7]).toBe(20);
    const gc = greatCircleMatrix(points, DEFAULT_PLAN_SETTINGS);
    expect(m.km[5]).toBe(gc.km[5]);
    expect(m.minutes[5]).toBe(gc.minutes[5]);
    expect(log.lines).toEqual([]);
  });

  it('falls back to great-circle with a warning when the server answers an error or a partial table', async () => {
    answer = { status: 400, body: { code: 'InvalidQuery', message: 'Query string malformed' } };
    const log = logger();
    const gc = greatCircleMatrix(points, DEFAULT_PLAN_SETTINGS);
    const m = await osrmProvider({ url, logger: log }).matrix(points, DEFAULT_PLAN_SETTINGS);
    expect(m.provider).toBe('great-circle');
    expect(m.fallback).toBe('HTTP 400 InvalidQuery: Query string malformed');
    expect([...m.km]).toEqual([...gc.km]);
    expect(log.lines[0]!.msg).toContain('OSRM unavailable');
    answer = { status: 200, body: { code: 'Ok', durations: [[0, 1]], distances: [[0, 1]] } };
    expect((await osrmProvider({ url, logger: log }).matrix(points, DEFAULT_PLAN_SETTINGS)).provider).toBe('great-circle');
    expect(log.lines).toHaveLength(2);
  });

  it('falls back when the server cannot be reached', async () => {
    const closed = createServer();
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
    const port = (closed.address() as AddressInfo).port;
    await new Promise<void>((resolve) => closed.close(() => resolve()));
    const log = logger();
    const m = await osrmProvider({ url: `http://127.0.0.1:${port}`, logger: log }).matrix(points, DEFAULT_PLAN_SETTINGS);
    expect(m.provider).toBe('great-circle');
    expect(m.fallback).toBeTruthy();
    expect(log.lines).toHaveLength(1);
    expect(log.lines[0]!.obj.url).toBe(`http://127.0.0.1:${port}`);
  });

  it('is chosen by the configuration; osrm without a URL is great-circle with a warning', () => {
    const log = logger();
    expect(travelProviderOf({ routingProvider: 'great-circle', osrmUrl: url }, log)).toBe(greatCircleProvider);
    expect(travelProviderOf({ routingProvider: 'osrm', osrmUrl: url }, log).name).toBe('osrm');
    expect(travelProviderOf({ routingProvider: 'osrm', osrmUrl: undefined }, log)).toBe(greatCircleProvider);
    expect(log.lines).toHaveLength(1);
  });
});
