import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { fitPlatt } from './calibration.js';
import { makeRng } from '../random.js';
import { auc, brier, decileEdges, ks, logLoss, psi, PSI_FLOOR, sigmoid } from './metrics.js';

/** Pairwise definition: P(score_pos > score_neg) + ½ P(tie). */
function bruteAuc(labels: number[], scores: number[]): number {
  let s = 0;
  let pairs = 0;
  labels.forEach((yi, i) => {
    if (yi !== 1) return;
    labels.forEach((yj, j) => {
      if (yj !== 0) return;
      pairs++;
      s += scores[i]! > scores[j]! ? 1 : scores[i] === scores[j] ? 0.5 : 0;
    });
  });
  return s / pairs;
}

describe('auc', () => {
  it('counts a tie between a positive and a negative as one half (hand-computed)', () => {
    // Positives at 0.9, 0.5, 0.3; negatives at 0.9, 0.5, 0.1.
    // 0.9: tie ½ + 1 + 1 = 2.5; 0.5: 0 + ½ + 1 = 1.5; 0.3: 0 + 0 + 1 = 1 → 5 / 9.
    expect(auc([1, 0, 1, 0, 1, 0], [0.9, 0.9, 0.5, 0.5, 0.3, 0.1])).toBeCloseTo(5 / 9, 12);
  });

  it('is 1 for a perfect ranking, 0 for a reversed one, ½ when all scores tie, NaN with one class', () => {
    expect(auc([0, 0, 1, 1], [1, 2, 3, 4])).toBe(1);
    expect(auc([1, 1, 0, 0], [1, 2, 3, 4])).toBe(0);
    expect(auc([1, 0, 1, 0], [7, 7, 7, 7])).toBe(0.5);
    expect(auc([1, 1], [1, 2])).toBeNaN();
  });

  it('equals the pairwise definition (property, heavy ties)', () => {
    fc.assert(
      fc.property(fc.array(fc.tuple(fc.integer({ min: 0, max: 1 }), fc.integer({ min: 0, max: 5 })), { minLength: 2, maxLength: 60 }), (rows) => {
        const labels = rows.map((r) => r[0]);
        const scores = rows.map((r) => r[1]);
        fc.pre(labels.includes(0) && labels.includes(1));
        expect(auc(labels, scores)).toBeCloseTo(bruteAuc(labels, scores), 12);
      }),
    );
  });
});

describe('ks, log-loss, Brier', () => {
  it('hand-computed cases', () => {
    expect(ks([0, 0, 1, 1], [1, 2, 3, 4])).toBe(1);
    // CDFs after 1: pos 0, neg ½; after 2: pos ½, neg ½; after 3 and 4 … max gap ½.
    expect(ks([0, 1, 0, 1], [1, 2, 2, 4])).toBe(0.5);
    expect(logLoss([1, 0], [0.8, 0.4])).toBeCloseTo(-(Math.log(0.8) + Math.log(0.6)) / 2, 12);
    expect(brier([1, 0], [0.8, 0.4])).toBeCloseTo((0.04 + 0.16) / 2, 12);
  });
});

describe('psi', () => {
  const reference = [1, 2, 3, 4, 5, 6, 7, 8, 9, 10];

  it('uses the reference deciles as fixed edges', () => {
    expect(decileEdges(reference)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9]);
  });

  it('is 0 for the same distribution', () => {
    expect(psi(reference, reference).psi).toBe(0);
  });

  it('hand-computed shift, empty bins floored', () => {
    // Actual shares: 0.5 in the first bin, 0.1 in bins 2–6, 0 (→ 1e-4) in bins 7–10; expected 0.1 everywhere.
    const r = psi(reference, [1, 1, 1, 1, 1, 2, 3, 4, 5, 6]);
    expect(r.actual).toEqual([0.5, 0.1, 0.1, 0.1, 0.1, 0.1, 0, 0, 0, 0]);
    const hand = (0.5 - 0.1) * Math.log(0.5 / 0.1) + 4 * (PSI_FLOOR - 0.1) * Math.log(PSI_FLOOR / 0.1);
    expect(r.psi).toBeCloseTo(hand, 12);
  });
});

describe('fitPlatt', () => {
  it('recovers a and b from calibrated data', () => {
    const rng = makeRng(5);
    const m: number[] = [];
    const y: number[] = [];
    for (let i = 0; i < 20000; i++) {
      const x = rng.next() * 6 - 3;
      m.push(x);
      y.push(rng.next() < sigmoid(2 * x - 1) ? 1 : 0);
    }
    const c = fitPlatt(m, y);
    expect(c.method).toBe('platt');
    expect(c.a).toBeCloseTo(2, 0);
    expect(c.b).toBeCloseTo(-1, 0);
  });
});
