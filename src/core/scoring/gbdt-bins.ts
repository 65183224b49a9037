// Histogram bins for gradient-boosted trees: quantile edges per numeric feature (≤ maxBins bins including the
// missing bin 0), ordinal bins per categorical level.
import type { FeatureSpec, GbdtEncoding } from './types.js';

/**
 * Edges for one numeric column: with at most maxBins − 1 distinct values, one bin per value (edges at the
 * midpoints); otherwise edges at the midpoints between distinct values that close each quantile of the rows.
 */
export function numericEdges(values: Float64Array, maxBins: number): number[] {
  const s = values.filter((v) => !Number.isNaN(v)).sort();
  if (s.length === 0) return [];
  const distinct: number[] = [];
  const cum: number[] = [];
  for (let i = 0; i < s.length; i++) {
    if (i === 0 || s[i] !== s[i - 1]) distinct.push(s[i]!);
    cum[distinct.length - 1] = i + 1;
  }
  const slots = maxBins - 1;
  const edges: number[] = [];
  if (distinct.length <= slots) {
    for (let i = 0; i + 1 < distinct.length; i++) edges.push((distinct[i]! + distinct[i + 1]!) / 2);
    return edges;
  }
  const per = s.length / slots;
  let k = 1;
  for (let i = 0; i + 1 < distinct.length && edges.length < slots - 1; i++) {
    if (cum[i]! >= k * per) {
      edges.push((distinct[i]! + distinct[i + 1]!) / 2);
      while (cum[i]! >= k * per) k++;
    }
  }
  return edges;
}

export function fitBins(features: readonly FeatureSpec[], raw: readonly Float64Array[], maxBins: number): GbdtEncoding {
  if (!(maxBins >= 3 && maxBins <= 255)) throw new RangeError('maxBins must be between 3 and 255');
  return { type: 'histogram-bins', edges: features.map((f, i) => (f.kind === 'numeric' ? numericEdges(raw[i]!, maxBins) : null)) };
}

/** Number of bins of each feature, the missing bin 0 included. */
export function binCounts(enc: GbdtEncoding, features: readonly FeatureSpec[]): number[] {
  return features.map((f, i) => (f.kind === 'categorical' ? f.levels.length + 1 : enc.edges[i]!.length + 2));
}

/** The bin of one raw value (a number, or a categorical level index; NaN / −1 → bin 0). */
export function binOf(edges: readonly number[] | null, v: number): number {
  if (edges === null) return v >= 0 ? v + 1 : 0;
  if (Number.isNaN(v)) return 0;
  let lo = 0;
  let hi = edges.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (edges[mid]! < v) lo = mid + 1;
    else hi = mid;
  }
  return lo + 1;
}

export function binColumns(enc: GbdtEncoding, raw: readonly Float64Array[]): Uint8Array[] {
  return raw.map((col, f) => {
    const edges = enc.edges[f] ?? null;
    const out = new Uint8Array(col.length);
    for (let i = 0; i < col.length; i++) out[i] = binOf(edges, col[i]!);
    return out;
  });
}
