// The planner's arithmetic: great-circle travel, windows from wall-clock hours, and a full day dropping the
// lowest-priority visits first; every planned route passes the engine's independent checker.
import { describe, expect, it } from 'vitest';
import { checkRoutes } from '../../../core/routing/index.js';
import { buildInstance, DEFAULT_PLAN_SETTINGS, densestPoint, greatCircleKm, greatCircleMatrix, intersect, localSpan, outOfReach, planDay, visitWindow, type PlanVisit } from './visits.planner.js';

const settings = { ...DEFAULT_PLAN_SETTINGS, timeLimitMs: 10_000 };
const day = localSpan('Asia/Shanghai', '2026-11-30', '08:30', '18:30');
const base = { latitude: 39.9, longitude: 116.4 };

describe('visit planner', () => {
  it('measures great-circle distance and local spans', () => {
    expect(greatCircleKm({ latitude: 39.9, longitude: 116.4 }, { latitude: 31.23, longitude: 121.47 })).toBeCloseTo(1067, -1);
    expect(new Date(day[0]).toISOString()).toBe('2026-11-30T00:30:00.000Z');
    const work = localSpan('Asia/Shanghai', '2026-11-30', '09:00', '17:30');
    const pack = localSpan('Asia/Shanghai', '2026-11-30', '08:00', '22:00');
    expect(intersect([work, pack])).toEqual(work);
    expect(intersect([localSpan('Asia/Shanghai', '2026-11-30', '09:00', '10:00'), localSpan('Asia/Shanghai', '2026-11-30', '11:00', '12:00')])).toBeNull();
  });

  it('fills a day, drops low priorities first when it is full, and is deterministic', () => {
    // 24 visits about 5–10 km out: one team cannot do them all in ten hours of 30-minute visits.
    const visits: PlanVisit[] = Array.from({ length: 24 }, (_, i) => ({
      latitude: 39.9 + 0.05 * Math.cos(i), longitude: 116.4 + 0.07 * Math.sin(i),
      window: localSpan('Asia/Shanghai', '2026-11-30', '09:00', i % 3 === 0 ? '17:30' : '20:00'),
      priority: i < 6 ? 3 : 1,
    }));
    const a = planDay(visits, base, day, 1, settings, () => 0);
    const b = planDay(visits, base, day, 1, settings, () => 0);
    expect(a.routes).toEqual(b.routes);
    expect(a.feasible).toBe(true);
    expect(a.dropped.length).toBeGreaterThan(0);
    // Every high-priority visit is kept.
    expect(a.dropped.every((i) => visits[i]!.priority === 1)).toBe(true);
    const inst = buildInstance(visits, base, day, 1, settings);
    expect(checkRoutes(inst, a.routes.map((r) => r.stops.map((s) => s.visit + 1))).feasible).toBe(true);
    for (const s of a.routes.flatMap((r) => r.stops)) {
      expect(s.start).toBeGreaterThanOrEqual(visits[s.visit]!.window[0]);
      expect(s.end).toBeLessThanOrEqual(visits[s.visit]!.window[1]);
    }
  });

  it("intersects the pack's hours and the address kind's hours with the debtor's availability: 19:00–20:00 is planned inside it, or left out", () => {
    const on = (a: string, b: string) => localSpan('Asia/Shanghai', '2026-11-30', a, b);
    const fixed = [on('08:00', '21:00'), on('09:00', '20:00')];
    expect(visitWindow(fixed, null, 30)).toEqual({ window: on('09:00', '20:00') });
    expect(visitWindow(fixed, [on('19:00', '20:00')], 30)).toEqual({ window: on('19:00', '20:00') });
    // Of two windows the longer intersection; one that leaves less than the service time does not count.
    expect(visitWindow(fixed, [on('07:00', '09:40'), on('19:30', '22:00')], 30)).toEqual({ window: on('09:00', '09:40') });
    expect(visitWindow(fixed, [on('19:45', '22:00')], 30)).toEqual({ reason: 'availability' });
    expect(visitWindow(fixed, [], 30)).toEqual({ reason: 'availability' });
    expect(visitWindow([on('09:00', '17:30'), on('18:00', '20:00')], null, 30)).toEqual({ reason: 'no_window' });

    // A working day to 21:00: the evening visit is planned inside its window, the others around it.
    const evening = { ...settings, dayEnd: '21:00' };
    const longDay = localSpan('Asia/Shanghai', '2026-11-30', '08:30', '21:00');
    const w = visitWindow(fixed, [on('19:00', '20:00')], 30) as { window: [number, number] };
    const visits: PlanVisit[] = [
      { latitude: 39.91, longitude: 116.41, window: w.window, priority: 2 },
      { latitude: 39.93, longitude: 116.43, window: on('09:00', '20:00'), priority: 2 },
      { latitude: 39.89, longitude: 116.39, window: on('09:00', '20:00'), priority: 2 },
    ];
    const plan = planDay(visits, base, longDay, 1, evening, () => 0);
    expect(plan.dropped).toEqual([]);
    const stop = plan.routes[0]!.stops.find((x) => x.visit === 0)!;
    expect(stop.start).toBeGreaterThanOrEqual(on('19:00', '20:00')[0]);
    expect(stop.end).toBeLessThanOrEqual(on('19:00', '20:00')[1]);
    // With the default day (back at the base by 18:30) it cannot be served: reported, not planned.
    expect(outOfReach(visits, base, day, settings)).toEqual([0]);
    // Given matrices (a road-distance provider's) are used as they are.
    const m = greatCircleMatrix([base, ...visits], settings);
    m.minutes.fill(5);
    expect([...buildInstance(visits, base, longDay, 1, evening, m).time]).toEqual([...m.minutes]);
  });

  it('reports what is out of reach of the base and defaults the base to the densest place', () => {
    const w = localSpan('Asia/Shanghai', '2026-11-30', '09:00', '20:00');
    const beijing = [{ latitude: 39.9, longitude: 116.4 }, { latitude: 39.95, longitude: 116.45 }, { latitude: 39.88, longitude: 116.3 }];
    const shanghai = { latitude: 31.23, longitude: 121.47 };
    expect(densestPoint([shanghai, ...beijing])).toEqual(beijing[0]);
    const visits = [...beijing, shanghai].map((p) => ({ ...p, window: w, priority: 2 }));
    expect(outOfReach(visits, beijing[0]!, day, settings)).toEqual([3]);
  });
});
