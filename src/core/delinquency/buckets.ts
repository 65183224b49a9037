// Delinquency buckets (账龄). GLOSSARY: M1 = 1–30 DPD, M2 = 31–60, M3 = 61–90, M4 = 91–120, …, "M6+ > 180",
// configurable per creditor. The glossary leaves 151–180 unnamed; the code base (bucketForDpd in
// src/server/modules/demo/demo.loans.ts, the bucket list in src/contracts/constants.ts) treats 151+ as M6+, and so
// does the default here. A creditor that wants M6 = 151–180 and M7+ = 181+ passes its own table.

import { DelinquencyError } from './errors.js';

/** A bucket starts at `minDpd` and runs up to the next boundary's minDpd − 1 (the last one is open-ended). */
export type BucketBoundary = { bucket: string; minDpd: number };

export const DEFAULT_BUCKETS: readonly BucketBoundary[] = Object.freeze([
  { bucket: 'M0', minDpd: 0 },
  { bucket: 'M1', minDpd: 1 },
  { bucket: 'M2', minDpd: 31 },
  { bucket: 'M3', minDpd: 61 },
  { bucket: 'M4', minDpd: 91 },
  { bucket: 'M5', minDpd: 121 },
  { bucket: 'M6+', minDpd: 151 },
].map((b) => Object.freeze(b)));

/** Throws unless the table starts at 0 with strictly increasing integer boundaries and distinct names. */
export function validateBuckets(table: readonly BucketBoundary[], path = 'policy.buckets'): void {
  if (!Array.isArray(table) || table.length === 0) throw new DelinquencyError('invalid_input', path, 'needs at least one boundary', '至少需要一个分段');
  const names = new Set<string>();
  table.forEach((b, i) => {
    const at = `${path}[${i}]`;
    if (typeof b.bucket !== 'string' || b.bucket === '') throw new DelinquencyError('invalid_input', `${at}.bucket`, 'must be a non-empty string');
    if (names.has(b.bucket)) throw new DelinquencyError('invalid_input', `${at}.bucket`, `duplicate bucket ${b.bucket}`, `分段 ${b.bucket} 重复`);
    names.add(b.bucket);
    if (!Number.isSafeInteger(b.minDpd)) throw new DelinquencyError('invalid_input', `${at}.minDpd`, 'must be an integer');
    const prev = table[i - 1];
    if (i === 0 && b.minDpd !== 0) throw new DelinquencyError('invalid_input', `${at}.minDpd`, 'the first bucket must start at 0', '第一个分段的起始逾期天数必须为 0');
    if (prev && b.minDpd <= prev.minDpd) throw new DelinquencyError('invalid_input', `${at}.minDpd`, 'boundaries must increase strictly', '起始逾期天数必须逐段递增');
  });
}

/** The bucket of a DPD figure: the last boundary with minDpd ≤ dpd. The table is assumed valid (see validateBuckets). */
export function bucketForDpd(dpd: number, table: readonly BucketBoundary[] = DEFAULT_BUCKETS): string {
  if (!Number.isSafeInteger(dpd) || dpd < 0) throw new RangeError(`dpd must be a non-negative integer, got ${dpd}`);
  let found = table[0]?.bucket;
  for (const b of table) {
    if (b.minDpd > dpd) break;
    found = b.bucket;
  }
  if (found === undefined) throw new RangeError('empty bucket table');
  return found;
}
