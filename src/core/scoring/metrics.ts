// Model metrics for 0/1 labels and scores (any monotone score for AUC / KS; probabilities for log-loss / Brier),
// and the population stability index for drift between two score distributions.

export const sigmoid = (z: number): number => (z >= 0 ? 1 / (1 + Math.exp(-z)) : Math.exp(z) / (1 + Math.exp(z)));

function order(scores: ArrayLike<number>): Uint32Array {
  const idx = new Uint32Array(scores.length);
  for (let i = 0; i < idx.length; i++) idx[i] = i;
  return idx.sort((a, b) => scores[a]! - scores[b]!);
}

function counts(labels: ArrayLike<number>): { pos: number; neg: number } {
  let pos = 0;
  for (let i = 0; i < labels.length; i++) pos += labels[i]! === 1 ? 1 : 0;
  return { pos, neg: labels.length - pos };
}

/**
 * ROC AUC as the Mann–Whitney statistic with mid-ranks: a positive tied with a negative counts one half, so the
 * result is exact with ties. NaN when a class is absent.
 */
export function auc(labels: ArrayLike<number>, scores: ArrayLike<number>): number {
  const { pos, neg } = counts(labels);
  if (pos === 0 || neg === 0) return Number.NaN;
  const idx = order(scores);
  let rankSum = 0;
  for (let i = 0; i < idx.length; ) {
    let j = i;
    while (j + 1 < idx.length && scores[idx[j + 1]!] === scores[idx[i]!]) j++;
    const midRank = (i + j + 2) / 2; // ranks are 1-based
    for (let k = i; k <= j; k++) if (labels[idx[k]!] === 1) rankSum += midRank;
    i = j + 1;
  }
  return (rankSum - (pos * (pos + 1)) / 2) / (pos * neg);
}

/** Kolmogorov–Smirnov: the largest gap between the score CDFs of the two classes (ties move together). */
export function ks(labels: ArrayLike<number>, scores: ArrayLike<number>): number {
  const { pos, neg } = counts(labels);
  if (pos === 0 || neg === 0) return Number.NaN;
  const idx = order(scores);
  let cp = 0;
  let cn = 0;
  let best = 0;
  for (let i = 0; i < idx.length; ) {
    let j = i;
    while (j < idx.length && scores[idx[j]!] === scores[idx[i]!]) {
      if (labels[idx[j]!] === 1) cp++;
      else cn++;
      j++;
    }
    best = Math.max(best, Math.abs(cp / pos - cn / neg));
    i = j;
  }
  return best;
}

const EPS = 1e-15;

/** Mean negative log-likelihood of probabilities (clipped to [1e-15, 1 − 1e-15]). */
export function logLoss(labels: ArrayLike<number>, probs: ArrayLike<number>): number {
  let s = 0;
  for (let i = 0; i < labels.length; i++) {
    const p = Math.min(1 - EPS, Math.max(EPS, probs[i]!));
    s -= labels[i] === 1 ? Math.log(p) : Math.log(1 - p);
  }
  return s / labels.length;
}

/** Mean squared error of the probabilities. */
export function brier(labels: ArrayLike<number>, probs: ArrayLike<number>): number {
  let s = 0;
  for (let i = 0; i < labels.length; i++) s += (probs[i]! - labels[i]!) ** 2;
  return s / labels.length;
}

/** PSI floor for an empty bin's share, so a bin seen on one side only adds a large but finite term. */
export const PSI_FLOOR = 1e-4;

/**
 * Decile edges of a reference distribution: edge k (k = 1…9) is the smallest value with at least k/10 of the
 * reference at or below it (sorted[ceil(k·n/10) − 1]); repeated edges are merged.
 */
export function decileEdges(reference: ArrayLike<number>, bins = 10): number[] {
  const s = Float64Array.from(reference).sort();
  if (s.length === 0) throw new RangeError('empty reference distribution');
  const edges: number[] = [];
  for (let k = 1; k < bins; k++) {
    const e = s[Math.ceil((k * s.length) / bins) - 1]!;
    if (edges.length === 0 || e > edges[edges.length - 1]!) edges.push(e);
  }
  return edges;
}

/** Share of values per bin, bin i holding edges[i−1] < v ≤ edges[i] (the first from −∞, the last to +∞). */
export function binShares(values: ArrayLike<number>, edges: readonly number[]): number[] {
  const n = new Array<number>(edges.length + 1).fill(0);
  for (let i = 0; i < values.length; i++) {
    const v = values[i]!;
    let lo = 0;
    let hi = edges.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (edges[mid]! < v) lo = mid + 1;
      else hi = mid;
    }
    n[lo]!++;
  }
  return n.map((c) => c / Math.max(1, values.length));
}

export type PsiResult = { psi: number; edges: number[]; expected: number[]; actual: number[] };

/**
 * Population stability index of `actual` against `reference`, on the reference's fixed deciles:
 * Σ (a − e) · ln(a / e) over bins, shares floored at PSI_FLOOR. Rule of thumb: < 0.1 stable, 0.1–0.25 watch,
 * > 0.25 shifted.
 */
export function psi(reference: ArrayLike<number>, actual: ArrayLike<number>, bins = 10): PsiResult {
  const edges = decileEdges(reference, bins);
  const expected = binShares(reference, edges);
  const act = binShares(actual, edges);
  let s = 0;
  for (let i = 0; i < expected.length; i++) {
    const e = Math.max(PSI_FLOOR, expected[i]!);
    const a = Math.max(PSI_FLOOR, act[i]!);
    s += (a - e) * Math.log(a / e);
  }
  return { psi: s, edges, expected, actual: act };
}

export type Metrics = { auc: number; logLoss: number; brier: number; ks: number };

export function evaluate(labels: ArrayLike<number>, probs: ArrayLike<number>): Metrics {
  return { auc: auc(labels, probs), logLoss: logLoss(labels, probs), brier: brier(labels, probs), ks: ks(labels, probs) };
}
