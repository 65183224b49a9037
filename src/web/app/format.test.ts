import { describe, expect, it } from 'vitest';
import { formatMoney } from './format.js';

describe('formatMoney', () => {
  it('formats fen as yuan', () => {
    expect(formatMoney(123456, 'CNY')).toBe('¥1,234.56');
    expect(formatMoney(0, 'CNY')).toBe('¥0.00');
    expect(formatMoney(-5, 'CNY')).toBe('-¥0.05');
  });
  it('shows a dash for missing amounts', () => {
    expect(formatMoney(null)).toBe('—');
  });
});
