import { describe, expect, it } from 'vitest';
import { DelinquencyError } from './errors.js';
import { DEFAULT_POLICY, resolvePolicy } from './policy.js';

describe('resolvePolicy', () => {
  it('fills every default', () => {
    expect(resolvePolicy()).toEqual(DEFAULT_POLICY);
    expect(resolvePolicy({})).toEqual(DEFAULT_POLICY);
  });

  it('overrides one field of a section and keeps the rest', () => {
    const p = resolvePolicy({ penalty: { rateBp: 3650 }, waterfall: { sweep: 'by_component' } });
    expect(p.penalty).toEqual({ ...DEFAULT_POLICY.penalty, rateBp: 3650 });
    expect(p.waterfall.components).toEqual(['fees', 'penalty', 'interest', 'principal']);
    expect(p.waterfall.sweep).toBe('by_component');
  });

  it('treats an undefined field as "use the default"', () => {
    expect(resolvePolicy({ penalty: { rateBp: undefined }, caps: { privateRateBp: undefined } })).toEqual(DEFAULT_POLICY);
  });

  it('the defaults cannot be changed by accident', () => {
    expect(Object.isFrozen(DEFAULT_POLICY.penalty)).toBe(true);
    expect(Object.isFrozen(DEFAULT_POLICY.waterfall.components)).toBe(true);
  });

  it.each([
    [{ waterfall: { components: ['fees', 'fees', 'interest', 'principal'] as const } }, 'policy.waterfall.components'],
    [{ waterfall: { installmentOrder: 'random' as never } }, 'policy.waterfall.installmentOrder'],
    [{ penalty: { rateBp: -1 } }, 'policy.penalty.rateBp'],
    [{ penalty: { graceDays: 1.5 } }, 'policy.penalty.graceDays'],
    [{ penalty: { rounding: 'banker' as never } }, 'policy.penalty.rounding'],
    [{ caps: { licensedRateBp: Number.NaN } }, 'policy.caps.licensedRateBp'],
    [{ caps: { privateRateBp: -5 } }, 'policy.caps.privateRateBp'],
    [{ dpd: { components: [] } }, 'policy.dpd.components'],
    [{ buckets: [{ bucket: 'M1', minDpd: 1 }] }, 'policy.buckets[0].minDpd'],
  ])('rejects %j at %s', (input, path) => {
    expect(() => resolvePolicy(input)).toThrow(DelinquencyError);
    expect(() => resolvePolicy(input)).toThrow(new RegExp(`^${path.replace(/[.[\]]/g, '\\$&')}:`));
  });
});
