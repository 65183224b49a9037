// L2-regularised logistic regression on standardised features, fitted by Newton's method (IRLS) with
// step halving: the objective Σ log-loss + λ/2 ‖w‖² is strictly convex for λ > 0, so Newton converges in a few
// iterations to the unique optimum. The intercept is not penalised.
import { choleskySolve } from './linalg.js';
import { sigmoid } from './metrics.js';
import type { DesignColumn, FeatureSpec, LogisticEncoding } from './types.js';

/** Design columns for the features, with their training mean and sd (sd 1 for a constant column). */
export function fitLogisticEncoding(features: readonly FeatureSpec[], raw: readonly Float64Array[]): LogisticEncoding {
  const columns: DesignColumn[] = [];
  features.forEach((f, fi) => {
    if (f.kind === 'numeric') {
      columns.push({ feature: fi, role: 'value', mean: 0, sd: 1 });
      if (f.hasMissing) columns.push({ feature: fi, role: 'missing', mean: 0, sd: 1 });
    } else {
      f.levels.forEach((_, level) => columns.push({ feature: fi, role: 'level', level, mean: 0, sd: 1 }));
    }
  });
  const n = raw[0]?.length ?? 0;
  const x = new Float64Array(columns.length);
  const sum = new Float64Array(columns.length);
  const sq = new Float64Array(columns.length);
  const enc: LogisticEncoding = { type: 'standardised-one-hot', columns };
  const row = new Float64Array(features.length);
  for (let i = 0; i < n; i++) {
    for (let f = 0; f < features.length; f++) row[f] = raw[f]![i]!;
    designValues(enc, features, row, x);
    for (let j = 0; j < x.length; j++) {
      sum[j]! += x[j]!;
      sq[j]! += x[j]! * x[j]!;
    }
  }
  columns.forEach((c, j) => {
    const mean = n > 0 ? sum[j]! / n : 0;
    const variance = n > 0 ? Math.max(0, sq[j]! / n - mean * mean) : 0;
    c.mean = mean;
    c.sd = variance > 1e-24 ? Math.sqrt(variance) : 1;
  });
  return enc;
}

/** Unstandardised design values of one row of raw feature values (see rawReader). */
export function designValues(enc: LogisticEncoding, features: readonly FeatureSpec[], raw: ArrayLike<number>, out: Float64Array): void {
  const cols = enc.columns;
  for (let j = 0; j < cols.length; j++) {
    const c = cols[j]!;
    const v = raw[c.feature]!;
    if (c.role === 'level') out[j] = v === c.level ? 1 : 0;
    else if (c.role === 'missing') out[j] = Number.isNaN(v) ? 1 : 0;
    else out[j] = Number.isNaN(v) ? (features[c.feature] as { median: number }).median : v;
  }
}

/** Standardised design values: (x − mean) / sd. */
export function standardise(enc: LogisticEncoding, features: readonly FeatureSpec[], raw: ArrayLike<number>, out: Float64Array): void {
  designValues(enc, features, raw, out);
  const cols = enc.columns;
  for (let j = 0; j < cols.length; j++) out[j] = (out[j]! - cols[j]!.mean) / cols[j]!.sd;
}

export type LogisticFit = { intercept: number; coefficients: number[]; iterations: number; converged: boolean };

function objective(z: Float64Array, y: ArrayLike<number>, p: number, theta: Float64Array, l2: number): number {
  const n = y.length;
  let s = 0;
  for (let i = 0; i < n; i++) {
    let m = theta[0]!;
    for (let j = 0; j < p; j++) m += theta[j + 1]! * z[i * p + j]!;
    // log(1 + e^m) − y·m, computed stably.
    s += (m > 0 ? m + Math.log1p(Math.exp(-m)) : Math.log1p(Math.exp(m))) - y[i]! * m;
  }
  for (let j = 1; j <= p; j++) s += 0.5 * l2 * theta[j]! ** 2;
  return s;
}

/**
 * Fits on a row-major n×p standardised matrix `z` and 0/1 labels. Stops when the largest Newton step is below
 * `tol` (or after maxIter iterations).
 */
export function fitLogistic(z: Float64Array, y: ArrayLike<number>, p: number, l2: number, maxIter = 100, tol = 1e-9): LogisticFit {
  const n = y.length;
  const q = p + 1;
  let theta = new Float64Array(q);
  let pos = 0;
  for (let i = 0; i < n; i++) pos += y[i]!;
  theta[0] = Math.log(Math.max(pos, 0.5) / Math.max(n - pos, 0.5));
  let f = objective(z, y, p, theta, l2);
  const x = new Float64Array(q);
  let iterations = 0;
  let converged = false;
  while (iterations < maxIter && !converged) {
    iterations++;
    const grad = new Float64Array(q);
    const hess = new Float64Array(q * q);
    for (let i = 0; i < n; i++) {
      x[0] = 1;
      for (let j = 0; j < p; j++) x[j + 1] = z[i * p + j]!;
      let m = 0;
      for (let j = 0; j < q; j++) m += theta[j]! * x[j]!;
      const pr = sigmoid(m);
      const r = pr - y[i]!;
      const w = pr * (1 - pr);
      for (let a = 0; a < q; a++) {
        const xa = x[a]!;
        if (xa === 0) continue;
        grad[a]! += r * xa;
        const wa = w * xa;
        for (let b = 0; b <= a; b++) hess[a * q + b]! += wa * x[b]!;
      }
    }
    for (let a = 0; a < q; a++) {
      for (let b = 0; b < a; b++) hess[b * q + a] = hess[a * q + b]!;
      // A tiny ridge keeps the unpenalised intercept (and λ = 0 fits) solvable.
      hess[a * q + a]! += (a > 0 ? l2 : 0) + 1e-10;
      if (a > 0) grad[a]! += l2 * theta[a]!;
    }
    const step = choleskySolve(hess, grad, q);
    let t = 1;
    let next = theta;
    let fNext = f;
    for (let halvings = 0; halvings < 30; halvings++, t /= 2) {
      next = theta.map((v, j) => v - t * step[j]!);
      fNext = objective(z, y, p, next, l2);
      if (fNext <= f + 1e-12 * Math.abs(f)) break;
    }
    let maxStep = 0;
    for (let j = 0; j < q; j++) maxStep = Math.max(maxStep, Math.abs(t * step[j]!));
    theta = next;
    f = fNext;
    converged = maxStep < tol;
  }
  return { intercept: theta[0]!, coefficients: Array.from(theta.subarray(1)), iterations, converged };
}

/**
 * Coefficients on the original scale, one per design column, with the intercept: margin = intercept +
 * Σ coefficient_j · x_j for the unstandardised design values x (median-imputed value, missing indicator, one-hot).
 */
export function rawCoefficients(enc: LogisticEncoding, intercept: number, coefficients: readonly number[]): { intercept: number; coefficients: number[] } {
  let b = intercept;
  const w = enc.columns.map((c, j) => {
    const v = coefficients[j]! / c.sd;
    b -= v * c.mean;
    return v;
  });
  return { intercept: b, coefficients: w };
}
