import { describe, expect, it } from 'vitest';
import { isOverrun, minutesBetween, stopState } from './board.js';

const M = 60_000;
const T0 = Date.parse('2026-11-30T01:00:00Z'); // 09:00 in Beijing
// Planned 10:00–10:30, window closes 12:00 (latest start 11:30).
const stop = { startAt: T0 + 60 * M, endAt: T0 + 90 * M, windowEndAt: T0 + 180 * M };

describe('board stop state', () => {
  it('is planned, then late after the planned start + grace, then overdue after the latest start of the window', () => {
    expect(stopState(stop, null, T0, 30)).toBe('planned');
    expect(stopState(stop, null, T0 + 90 * M, 30)).toBe('planned');
    expect(stopState(stop, null, T0 + 90 * M + 1, 30)).toBe('late');
    expect(stopState(stop, null, T0 + 150 * M, 30)).toBe('late');
    expect(stopState(stop, null, T0 + 150 * M + 1, 30)).toBe('overdue');
  });

  it('is checked in until the planned service time + grace have passed, then overrun; ended visits are done or left', () => {
    const visit = { status: 'checked_in', checkedInAt: T0 + 70 * M, endedAt: null };
    expect(stopState(stop, visit, T0 + 70 * M, 30)).toBe('checked_in');
    expect(stopState(stop, visit, T0 + 130 * M, 30)).toBe('checked_in');
    expect(stopState(stop, visit, T0 + 130 * M + 1, 30)).toBe('overrun');
    expect(stopState(stop, visit, T0 + 130 * M + 1, 45)).toBe('checked_in');
    // An open visit is never "overdue", however late it is.
    expect(stopState(stop, visit, T0 + 600 * M, 30)).toBe('overrun');
    expect(stopState(stop, { status: 'done', checkedInAt: T0 + 70 * M, endedAt: T0 + 200 * M }, T0 + 600 * M, 30)).toBe('done');
    expect(stopState(stop, { status: 'left', checkedInAt: T0 + 70 * M, endedAt: T0 + 75 * M }, T0 + 600 * M, 30)).toBe('left');
    // A status other than checked_in (e.g. a check-out) ends the visit even without an end time.
    expect(stopState(stop, { status: 'checked_out', checkedInAt: T0 + 70 * M, endedAt: null }, T0 + 600 * M, 30)).toBe('done');
  });

  it('measures overrun and durations in whole minutes', () => {
    expect(isOverrun(T0, 30 * M, 30, T0 + 60 * M)).toBe(false);
    expect(isOverrun(T0, 30 * M, 30, T0 + 60 * M + 1)).toBe(true);
    expect(isOverrun(T0, 30 * M, 0, T0 + 30 * M + 1)).toBe(true);
    expect(minutesBetween(T0, T0 + 59 * M + 59_999)).toBe(59);
    expect(minutesBetween(T0, null)).toBeNull();
    expect(minutesBetween(T0, T0 - M)).toBe(0);
  });
});
