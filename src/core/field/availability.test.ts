import { describe, expect, it } from 'vitest';
import { availabilityIssues, describeAvailability, isoWeekday, windowsOn, type AvailabilityWindow } from './availability.js';

const weekdaysEvening: AvailabilityWindow[] = [1, 2, 3, 4, 5].map((d) => ({ dayOfWeek: d, from: '18:00', to: '21:00' }));

describe('availability windows', () => {
  it('accepts valid windows and names the row and field of each bad one', () => {
    expect(availabilityIssues(weekdaysEvening)).toEqual([]);
    const issues = availabilityIssues([
      { dayOfWeek: 0, from: '09:00', to: '10:00' },
      { dayOfWeek: 3, from: '9:00', to: '25:00' },
      { dayOfWeek: 6, from: '12:00', to: '12:00' },
    ]);
    expect(issues.map((i) => i.path)).toEqual(['windows.0.dayOfWeek', 'windows.1.from', 'windows.1.to', 'windows.2.to']);
    expect(issues[0]!.message).toContain('第1行');
    expect(issues[3]!.messageEn).toContain('Row 3');
  });

  it('knows the ISO day of week of a date and the windows that apply on it', () => {
    expect(isoWeekday('2026-11-30')).toBe(1); // a Monday
    expect(isoWeekday('2026-11-29')).toBe(7); // a Sunday
    expect(isoWeekday('2026-12-05')).toBe(6);
    const ws = [...weekdaysEvening, { dayOfWeek: 1, from: '12:00', to: '13:00' }, { dayOfWeek: 6, from: '10:00', to: '12:00' }];
    expect(windowsOn(ws, '2026-11-30')).toEqual([['12:00', '13:00'], ['18:00', '21:00']]);
    expect(windowsOn(ws, '2026-12-05')).toEqual([['10:00', '12:00']]);
    expect(windowsOn(ws, '2026-11-29')).toEqual([]);
  });

  it('describes windows briefly, grouping consecutive days with the same hours', () => {
    expect(describeAvailability(weekdaysEvening, 'zh-CN')).toBe('周一至周五 18:00–21:00');
    expect(describeAvailability(weekdaysEvening, 'en')).toBe('Mon–Fri 18:00–21:00');
    expect(describeAvailability([{ dayOfWeek: 6, from: '10:00', to: '12:00' }, { dayOfWeek: 7, from: '10:00', to: '12:00' }, { dayOfWeek: 2, from: '19:00', to: '20:00' }], 'zh-CN'))
      .toBe('周二 19:00–20:00；周六、周日 10:00–12:00');
    expect(describeAvailability([], 'zh-CN')).toBe('');
  });
});
