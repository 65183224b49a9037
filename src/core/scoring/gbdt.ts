// Histogram-based gradient-boosted trees for a binary target (log-loss, Newton leaf values −G/(H+λ)), with
// seeded row and feature subsampling, and optional early stopping on a stratified validation split whose
// margins then fit the Platt calibration.
import { makeRng, type Rng } from '../random.js';
import { fitPlatt, IDENTITY } from './calibration.js';
import { shuffle, stratifiedSplit } from './dataset.js';
import { binColumns, binCounts, fitBins } from './gbdt-bins.js';
import { growTree, leafOf } from './gbdt-tree.js';
import { logLoss, sigmoid } from './metrics.js';
import type { Calibration, FeatureSpec, GbdtEncoding, GbdtHyper, GbdtParams, Tree } from './types.js';

/** Defaults chosen on validation splits of the training parts of the bench data sets (docs/scoring.md). */
export const GBDT_DEFAULTS: GbdtHyper = {
  rounds: 1000,
  learningRate: 0.03,
  maxLeaves: 4,
  maxDepth: 4,
  minSamplesLeaf: 20,
  minHessianLeaf: 1e-3,
  l2: 1,
  minGain: 0,
  subsample: 0.6,
  colsample: 0.5,
  maxBins: 255,
  validationFraction: 0.2,
  earlyStoppingRounds: 100,
  refit: false,
};

export type GbdtFit = {
  encoding: GbdtEncoding;
  params: GbdtParams;
  calibration: Calibration;
  /** Local indices (into the given rows) of the validation split, empty without one. */
  validation: number[];
  /** Margins of the validation rows (same order), for metrics. */
  validationMargins: Float64Array;
};

/**
 * The trees packed into typed arrays for scoring: per node, `split` = feature << 16 | missingLeft << 8 | bin
 * (−1 for a leaf), `child` = index of the left child (the right one is stored at left + 1), `value`.
 */
export type PackedTrees = { baseScore: number; roots: Int32Array; split: Int32Array; left: Int32Array; right: Int32Array; value: Float64Array };

export function packTrees(params: GbdtParams): PackedTrees {
  const total = params.trees.reduce((s, t) => s + t.feature.length, 0);
  const packed: PackedTrees = {
    baseScore: params.baseScore, roots: new Int32Array(params.trees.length), split: new Int32Array(total),
    left: new Int32Array(total), right: new Int32Array(total), value: new Float64Array(total),
  };
  let at = 0;
  params.trees.forEach((t, k) => {
    packed.roots[k] = at;
    for (let i = 0; i < t.feature.length; i++) {
      const f = t.feature[i]!;
      packed.split[at + i] = f < 0 ? -1 : (f << 16) | (t.missingLeft[i]! << 8) | t.bin[i]!;
      packed.left[at + i] = at + t.left[i]!;
      packed.right[at + i] = at + t.right[i]!;
      packed.value[at + i] = t.value[i]!;
    }
    at += t.feature.length;
  });
  return packed;
}

/** Sum of the trees' leaf values for a row given by its bins per feature (the hot loop of scoring). */
export function packedMargin(p: PackedTrees, bins: Uint8Array): number {
  let m = p.baseScore;
  const { roots, split, left, right, value } = p;
  for (let t = 0; t < roots.length; t++) {
    let node = roots[t]!;
    let s = split[node]!;
    while (s >= 0) {
      const b = bins[s >>> 16]!;
      node = (b === 0 ? (s & 0x100) !== 0 : b <= (s & 0xff)) ? left[node]! : right[node]!;
      s = split[node]!;
    }
    m += value[node]!;
  }
  return m;
}

/** Sum of the trees' leaf values for a row given by a bin lookup. */
export function gbdtMargin(params: GbdtParams, binOfFeature: (f: number) => number): number {
  let m = params.baseScore;
  for (const t of params.trees) m += t.value[leafOf(t, binOfFeature)]!;
  return m;
}

function pick<T>(all: readonly T[], idx: readonly number[]): T[] {
  return idx.map((i) => all[i]!);
}

function sample(rng: Rng, n: number, share: number, perm: number[]): number[] {
  const k = Math.max(1, Math.min(n, Math.round(share * n)));
  if (k === n) return perm.slice().sort((a, b) => a - b);
  for (let i = 0; i < k; i++) {
    const j = i + rng.below(n - i);
    const t = perm[i]!;
    perm[i] = perm[j]!;
    perm[j] = t;
  }
  return perm.slice(0, k).sort((a, b) => a - b);
}

/** Fits on raw feature columns (see rawColumns) and 0/1 labels. */
export function fitGbdt(features: readonly FeatureSpec[], raw: readonly Float64Array[], y: Float64Array, hyper: GbdtHyper, seed: number): GbdtFit {
  const n = y.length;
  let fitIdx = Array.from({ length: n }, (_, i) => i);
  let validIdx: number[] = [];
  if (hyper.validationFraction > 0) {
    const s = stratifiedSplit(y, hyper.validationFraction, seed ^ 0x5eed);
    if (s.second.length >= 2 && new Set(pick(Array.from(y), s.second)).size === 2) {
      fitIdx = s.first;
      validIdx = s.second;
    }
  }
  const sub = (cols: readonly Float64Array[], idx: number[]) => cols.map((c) => Float64Array.from(idx, (i) => c[i]!));
  const rawFit = sub(raw, fitIdx);
  const encoding = fitBins(features, rawFit, hyper.maxBins);
  const nBins = binCounts(encoding, features);
  const bins = binColumns(encoding, rawFit);
  const vBins = binColumns(encoding, sub(raw, validIdx));
  const yFit = Float64Array.from(fitIdx, (i) => y[i]!);
  const yValid = Float64Array.from(validIdx, (i) => y[i]!);

  let pos = 0;
  for (const v of yFit) pos += v;
  const baseScore = Math.log(Math.max(pos, 0.5) / Math.max(yFit.length - pos, 0.5));
  const F = new Float64Array(yFit.length).fill(baseScore);
  const Fv = new Float64Array(yValid.length).fill(baseScore);
  const g = new Float64Array(yFit.length);
  const h = new Float64Array(yFit.length);
  const rng = makeRng(seed);
  const rowPerm = Array.from({ length: yFit.length }, (_, i) => i);
  const featPerm = features.map((_, i) => i);
  const trees: Tree[] = [];
  let best = { loss: Number.POSITIVE_INFINITY, rounds: 0 };
  const pv = new Float64Array(yValid.length);

  for (let round = 0; round < hyper.rounds; round++) {
    for (let i = 0; i < F.length; i++) {
      const p = sigmoid(F[i]!);
      g[i] = p - yFit[i]!;
      h[i] = Math.max(p * (1 - p), 1e-16);
    }
    const rows = Uint32Array.from(sample(rng, yFit.length, hyper.subsample, rowPerm));
    shuffle(featPerm, rng.below);
    // At least two features per tree, so a tree can still express an interaction (XOR) on narrow data.
    const feats = featPerm.slice(0, Math.max(Math.min(2, features.length), Math.round(hyper.colsample * features.length))).sort((a, b) => a - b);
    const tree = growTree({ bins, nBins, g, h, rows, features: feats, hyper });
    trees.push(tree);
    for (let i = 0; i < F.length; i++) F[i]! += tree.value[leafOf(tree, (f) => bins[f]![i]!)]!;
    if (validIdx.length === 0) continue;
    for (let i = 0; i < Fv.length; i++) {
      Fv[i]! += tree.value[leafOf(tree, (f) => vBins[f]![i]!)]!;
      pv[i] = sigmoid(Fv[i]!);
    }
    const loss = logLoss(yValid, pv);
    if (loss < best.loss - 1e-12) best = { loss, rounds: trees.length };
    else if (trees.length - best.rounds >= hyper.earlyStoppingRounds) break;
  }
  if (validIdx.length > 0) trees.length = Math.max(1, best.rounds);
  const params: GbdtParams = { baseScore, trees, hyper };
  const validationMargins = Float64Array.from(validIdx, (_, k) => gbdtMargin(params, (f) => vBins[f]![k]!));
  const calibration = validIdx.length > 0 ? fitPlatt(validationMargins, yValid) : IDENTITY;
  if (hyper.refit && validIdx.length > 0) {
    const rounds = Math.max(1, Math.round((trees.length * n) / fitIdx.length));
    const full = fitGbdt(features, raw, y, { ...hyper, rounds, validationFraction: 0, refit: false }, seed);
    return { encoding: full.encoding, params: { ...full.params, hyper }, calibration, validation: validIdx, validationMargins };
  }
  return { encoding, params, calibration, validation: validIdx, validationMargins };
}
