// Platt scaling: p = σ(a·margin + b) fitted by Newton's method on held-out margins. Monotone for a > 0, so it
// changes probabilities (log-loss, Brier, calibration) but never the ranking (AUC, KS).
import { sigmoid } from './metrics.js';
import type { Calibration } from './types.js';

export const IDENTITY: Calibration = { method: 'none', a: 1, b: 0 };

/** Fits a, b on margins and 0/1 labels; falls back to the identity when the fit is not increasing. */
export function fitPlatt(margins: ArrayLike<number>, labels: ArrayLike<number>): Calibration {
  let a = 1;
  let b = 0;
  const ridge = 1e-6;
  for (let it = 0; it < 50; it++) {
    let ga = ridge * (a - 1);
    let gb = ridge * b;
    let haa = ridge;
    let hab = 0;
    let hbb = ridge;
    for (let i = 0; i < labels.length; i++) {
      const m = margins[i]!;
      const p = sigmoid(a * m + b);
      const r = p - labels[i]!;
      const w = Math.max(p * (1 - p), 1e-12);
      ga += r * m;
      gb += r;
      haa += w * m * m;
      hab += w * m;
      hbb += w;
    }
    const det = haa * hbb - hab * hab;
    if (!(det > 0)) break;
    const da = (hbb * ga - hab * gb) / det;
    const db = (haa * gb - hab * ga) / det;
    a -= da;
    b -= db;
    if (Math.abs(da) + Math.abs(db) < 1e-10) break;
  }
  return Number.isFinite(a) && Number.isFinite(b) && a > 0 ? { method: 'platt', a, b } : IDENTITY;
}

export const calibrate = (c: Calibration, margin: number): number => sigmoid(c.a * margin + c.b);
