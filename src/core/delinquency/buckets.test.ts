import { describe, expect, it } from 'vitest';
import { DEFAULT_BUCKETS, bucketForDpd, validateBuckets, type BucketBoundary } from './buckets.js';
import { DelinquencyError } from './errors.js';

describe('bucketForDpd, default table (151+ = M6+, as bucketForDpd in demo.loans.ts)', () => {
  it.each([
    [0, 'M0'], [1, 'M1'], [30, 'M1'], [31, 'M2'], [60, 'M2'], [61, 'M3'], [90, 'M3'], [91, 'M4'], [120, 'M4'],
    [121, 'M5'], [150, 'M5'], [151, 'M6+'], [180, 'M6+'], [181, 'M6+'], [10_000, 'M6+'],
  ])('%i DPD → %s', (dpd, bucket) => expect(bucketForDpd(dpd)).toBe(bucket));

  it('agrees with the demo rule ceil(dpd / 30), capped at M6+', () => {
    for (let dpd = 0; dpd <= 400; dpd++) {
      const n = Math.ceil(dpd / 30);
      expect(bucketForDpd(dpd)).toBe(dpd === 0 ? 'M0' : n >= 6 ? 'M6+' : `M${n}`);
    }
  });

  it('rejects a negative or fractional DPD', () => {
    expect(() => bucketForDpd(-1)).toThrow(RangeError);
    expect(() => bucketForDpd(1.5)).toThrow(RangeError);
  });
});

describe('custom tables', () => {
  // The GLOSSARY reading: M6 = 151–180, M6+ only above 180 (here named M7+).
  const glossary: BucketBoundary[] = [...DEFAULT_BUCKETS.slice(0, 6), { bucket: 'M6', minDpd: 151 }, { bucket: 'M7+', minDpd: 181 }];
  it.each([[150, 'M5'], [151, 'M6'], [180, 'M6'], [181, 'M7+']])('%i DPD → %s', (dpd, bucket) => expect(bucketForDpd(dpd, glossary)).toBe(bucket));

  const coarse: BucketBoundary[] = [{ bucket: 'current', minDpd: 0 }, { bucket: 'early', minDpd: 1 }, { bucket: 'late', minDpd: 90 }];
  it.each([[0, 'current'], [1, 'early'], [89, 'early'], [90, 'late']])('coarse: %i → %s', (dpd, b) => expect(bucketForDpd(dpd, coarse)).toBe(b));

  it.each<[string, BucketBoundary[]]>([
    ['empty', []],
    ['not starting at 0', [{ bucket: 'M1', minDpd: 1 }]],
    ['not increasing', [{ bucket: 'A', minDpd: 0 }, { bucket: 'B', minDpd: 5 }, { bucket: 'C', minDpd: 5 }]],
    ['duplicate name', [{ bucket: 'A', minDpd: 0 }, { bucket: 'A', minDpd: 5 }]],
    ['fractional', [{ bucket: 'A', minDpd: 0 }, { bucket: 'B', minDpd: 1.5 }]],
  ])('validateBuckets rejects a table %s', (_, table) => expect(() => validateBuckets(table)).toThrow(DelinquencyError));

  it('accepts the default table', () => expect(() => validateBuckets(DEFAULT_BUCKETS)).not.toThrow());
});
