import fc from 'fast-check';
import { expect, it } from 'vitest';
import { parseInstant } from '../../src/core/compliance/engine.js';
it('parseInstant = Date.parse', () => {
  fc.assert(fc.property(fc.date({ min: new Date('1900-01-01'), max: new Date('2200-01-01'), noInvalidDate: true }), fc.integer({ min: -14 * 60, max: 14 * 60 }), fc.boolean(), (d, offMin, frac) => {
    const local = new Date(d.getTime() + offMin * 60000).toISOString().slice(0, frac ? 23 : 19);
    const sign = offMin < 0 ? '-' : '+';
    const a = Math.abs(offMin);
    const s = offMin === 0 && frac ? local + 'Z' : `${local}${sign}${String(Math.floor(a / 60)).padStart(2, '0')}:${String(a % 60).padStart(2, '0')}`;
    expect(parseInstant(s)).toBe(Date.parse(s));
  }), { numRuns: 20000 });
});
