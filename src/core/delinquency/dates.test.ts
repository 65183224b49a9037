import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { addDays, daysBetween, formatDay, parseDay, toDay } from './dates.js';
import { DelinquencyError } from './errors.js';

describe('parseDay / formatDay', () => {
  it.each([
    ['1970-01-01', 0],
    ['1970-01-02', 1],
    ['1969-12-31', -1],
    ['2000-03-01', 11017],
    ['2024-02-29', 19782],
    ['2024-03-01', 19783],
  ])('%s → %i', (s, n) => {
    expect(parseDay(s)).toBe(n);
    expect(formatDay(n)).toBe(s);
  });

  it.each(['2023-02-29', '2024-13-01', '2024-00-10', '2024-04-31', '2024-1-01', '20240101', '', '0999-12-31', '2024-02-30'])(
    'rejects %j',
    (s) => expect(parseDay(s)).toBeNull(),
  );

  it('round-trips every day of 1900–2199', () => {
    fc.assert(fc.property(fc.integer({ min: parseDay('1900-01-01') ?? 0, max: parseDay('2199-12-31') ?? 0 }), (n) => parseDay(formatDay(n)) === n));
  });

  it('toDay names the field', () => {
    expect(() => toDay('2024-02-30', 'schedule[0].dueDate')).toThrow(DelinquencyError);
    expect(() => toDay('2024-02-30', 'schedule[0].dueDate')).toThrow(/^schedule\[0\]\.dueDate: /);
  });
});

describe('addDays / daysBetween', () => {
  it.each([
    ['2024-02-15', 29, '2024-03-15'], // 2024 is a leap year
    ['2023-02-15', 28, '2023-03-15'],
    ['2024-12-31', 1, '2025-01-01'],
    ['2024-03-01', -1, '2024-02-29'],
  ])('%s + %i = %s', (a, n, b) => {
    expect(addDays(a, n)).toBe(b);
    expect(daysBetween(a, b)).toBe(n);
  });
});
