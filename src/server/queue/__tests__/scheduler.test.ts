import { describe, expect, it } from 'vitest';
import { agencyDailyAt, schedule } from '../../jobs.js';
import { slotOf } from '../scheduler.js';

const shanghai = (d: Date) => new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Shanghai', dateStyle: 'short', timeStyle: 'short', hourCycle: 'h23' }).format(d);

describe('scheduler slots', () => {
  it('without an offset: epoch-aligned slots, each job at its slot end', () => {
    const e = { name: 'x', everyMs: 60_000 };
    expect(slotOf(e, Date.parse('2026-11-29T07:14:42Z')).runAt.toISOString()).toBe('2026-11-29T07:15:00.000Z');
    expect(slotOf(e, Date.parse('2026-11-29T07:15:00Z')).runAt.toISOString()).toBe('2026-11-29T07:16:00.000Z');
  });

  it('the nightly run starts at 00:30 Shanghai time, after the promises are settled at 00:10, every day', () => {
    const nightly = schedule.find((e) => e.name === 'strategy.nightly')!;
    const promises = schedule.find((e) => e.name === 'negotiation.evaluate')!;
    expect(agencyDailyAt(0, 30)).toBe(16.5 * 3_600_000);
    expect(agencyDailyAt(9, 0)).toBe(3_600_000);
    // From 10:00 Shanghai on the 29th the next runs are just after the coming local midnight, promises first.
    const t = Date.parse('2026-11-29T02:00:00Z');
    expect(shanghai(slotOf(nightly, t).runAt)).toBe('2026-11-30, 00:30');
    expect(shanghai(slotOf(promises, t).runAt)).toBe('2026-11-30, 00:10');
    // Each instant belongs to exactly one slot a day: one key per day, however often the scheduler ticks.
    const keys = new Set<number>();
    for (let m = 0; m < 24 * 60; m += 7) keys.add(slotOf(nightly, t + m * 60_000).slot);
    expect(keys.size).toBe(2); // the day up to 00:30, and after
    // Just before and at 00:30 (16:30 UTC): the slot changes at the job's own time.
    const before = slotOf(nightly, Date.parse('2026-11-29T16:29:59Z'));
    const at = slotOf(nightly, Date.parse('2026-11-29T16:30:00Z'));
    expect(at.slot).toBe(before.slot + 1);
    expect(before.runAt.toISOString()).toBe('2026-11-29T16:30:00.000Z');
  });

  it('refuses an offset outside the period', () => {
    expect(() => slotOf({ name: 'bad', everyMs: 60_000, offsetMs: 60_000 }, 0)).toThrow(/offsetMs/);
  });
});
