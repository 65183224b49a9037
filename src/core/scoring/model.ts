// Training a model from a table, and scoring rows with a saved model (the encoding stored in the model is applied
// to new rows exactly as in training).
import { calibrate, IDENTITY } from './calibration.js';
import { columnIndex, DatasetError, fitFeatures, labelVector, rawColumns, rawReader } from './dataset.js';
import { binOf } from './gbdt-bins.js';
import { fitGbdt, GBDT_DEFAULTS, packedMargin, packTrees } from './gbdt.js';
import { fitLogistic, fitLogisticEncoding, standardise } from './logistic.js';
import { auc, logLoss } from './metrics.js';
import { checkHyper } from './model-format.js';
import type { Cell, GbdtHyper, Model, ModelKind, Table, TrainingSummary } from './types.js';

export type TrainOptions = {
  /** Label column; the model predicts P(label = positive). */
  label: string;
  /** Positive label value; guessed for two-valued labels such as 0/1, yes/no, good/bad (→ bad). */
  positive?: string;
  /** Column naming rows in predictions; never a feature. */
  id?: string;
  /** Columns that are not features. */
  exclude?: readonly string[];
  /** Columns read as categorical although numeric. */
  categorical?: readonly string[];
  /** Default 'gbdt'. */
  kind?: ModelKind;
  /** Seeds subsampling and the validation split. Default 1. */
  seed?: number;
  /** Logistic regression: L2 penalty λ (default 1) and the Newton iteration cap (default 100). */
  logistic?: { l2?: number; maxIterations?: number };
  /** Gradient-boosted trees: overrides of GBDT_DEFAULTS. */
  gbdt?: Partial<GbdtHyper>;
  /** Train on these row indices only (default: every row). Rows with a missing label are dropped. */
  rows?: readonly number[];
};

export const LOGISTIC_DEFAULT_L2 = 1;

/** Trains a model. Throws DatasetError (naming the column) on unusable input. */
export function trainModel(table: Table, options: TrainOptions): Model {
  const kind = options.kind ?? 'gbdt';
  if (kind !== 'logistic' && kind !== 'gbdt') throw new DatasetError(`unknown model kind "${String(kind)}"`, 'kind');
  const seed = options.seed ?? 1;
  const { y, positive } = labelVector(table, options.label, options.positive);
  const candidates = options.rows ?? table.rows.map((_, i) => i);
  const rows = candidates.filter((r) => !Number.isNaN(y[r]!));
  const yr = Float64Array.from(rows, (r) => y[r]!);
  const positives = yr.reduce((s, v) => s + v, 0);
  if (positives === 0 || positives === yr.length) throw new DatasetError('the training rows hold only one label value', options.label);
  if (options.id !== undefined) columnIndex(table.columns, options.id, 'id column');
  for (const c of options.exclude ?? []) columnIndex(table.columns, c, 'excluded column');
  const skip = [options.label, ...(options.id === undefined ? [] : [options.id]), ...(options.exclude ?? [])];
  const features = fitFeatures(table, y, rows, { skip, categorical: options.categorical });
  const raw = rawColumns(table, features, rows);
  const base = {
    format: 'concord-model' as const,
    version: 1 as const,
    label: { column: options.label, positive },
    ...(options.id === undefined ? {} : { id: options.id }),
    features,
  };
  const training: TrainingSummary = { rows: rows.length, positives, droppedRows: candidates.length - rows.length, seed, auc: Number.NaN, logLoss: Number.NaN };
  let model: Model;
  if (kind === 'logistic') {
    const l2 = options.logistic?.l2 ?? LOGISTIC_DEFAULT_L2;
    if (!(l2 >= 0)) throw new DatasetError('the L2 penalty must be ≥ 0', 'l2');
    const encoding = fitLogisticEncoding(features, raw);
    const p = encoding.columns.length;
    const z = new Float64Array(rows.length * p);
    const rowRaw = new Float64Array(features.length);
    const out = new Float64Array(p);
    for (let i = 0; i < rows.length; i++) {
      for (let f = 0; f < features.length; f++) rowRaw[f] = raw[f]![i]!;
      standardise(encoding, features, rowRaw, out);
      z.set(out, i * p);
    }
    const fit = fitLogistic(z, yr, p, l2, options.logistic?.maxIterations ?? 100);
    model = { ...base, kind, encoding, params: { intercept: fit.intercept, coefficients: fit.coefficients, l2, iterations: fit.iterations }, calibration: IDENTITY, training };
  } else {
    const hyper = { ...GBDT_DEFAULTS, ...options.gbdt };
    checkHyper(hyper);
    const fit = fitGbdt(features, raw, yr, hyper, seed);
    model = { ...base, kind, encoding: fit.encoding, params: fit.params, calibration: fit.calibration, training };
    if (fit.validation.length > 0) {
      const yv = fit.validation.map((k) => yr[k]!);
      training.validationAuc = auc(yv, fit.validationMargins);
      training.validationRows = fit.validation.length;
    }
  }
  const probs = scoreRows(model, table, rows);
  training.auc = auc(yr, probs);
  training.logLoss = logLoss(yr, probs);
  return model;
}

export type Contributions = {
  /** Margin of an average row: logistic intercept, or the trees' base score plus their root values. */
  bias: number;
  /** Per feature (aligned with model.features), in log-odds; bias + Σ values = margin. */
  values: Float64Array;
  /** Raw feature values (number, NaN when missing; categorical level index, −1 when unseen). */
  raw: Float64Array;
};

export type Scorer = {
  /** Log-odds before calibration. */
  margin(cells: readonly Cell[]): number;
  /** Calibrated probability of the positive label. */
  probability(cells: readonly Cell[]): number;
  contributions(cells: readonly Cell[]): Contributions;
};

/**
 * A scorer for rows laid out as `columns` (found by name; extra columns are ignored; a missing feature column
 * throws DatasetError naming it).
 */
export function createScorer(model: Model, columns: readonly string[]): Scorer {
  const read = rawReader(model.features, columns);
  const nf = model.features.length;
  const raw = new Float64Array(nf);
  let margin: (cells: readonly Cell[]) => number;
  let contributions: (cells: readonly Cell[]) => Contributions;
  if (model.kind === 'logistic') {
    const { encoding, params } = model;
    const z = new Float64Array(encoding.columns.length);
    const load = (cells: readonly Cell[]) => {
      read(cells, raw);
      standardise(encoding, model.features, raw, z);
    };
    margin = (cells) => {
      load(cells);
      let m = params.intercept;
      for (let j = 0; j < z.length; j++) m += params.coefficients[j]! * z[j]!;
      return m;
    };
    contributions = (cells) => {
      load(cells);
      const values = new Float64Array(nf);
      encoding.columns.forEach((c, j) => (values[c.feature]! += params.coefficients[j]! * z[j]!));
      return { bias: params.intercept, values, raw: raw.slice() };
    };
  } else {
    const { encoding, params } = model;
    const bins = new Uint8Array(nf);
    const packed = packTrees(params);
    const load = (cells: readonly Cell[]) => {
      read(cells, raw);
      for (let f = 0; f < nf; f++) bins[f] = binOf(encoding.edges[f] ?? null, raw[f]!);
    };
    margin = (cells) => {
      load(cells);
      return packedMargin(packed, bins);
    };
    contributions = (cells) => {
      load(cells);
      const values = new Float64Array(nf);
      let bias = params.baseScore;
      for (const t of params.trees) {
        bias += t.value[0]!;
        let node = 0;
        while (t.feature[node]! >= 0) {
          const f = t.feature[node]!;
          const b = bins[f]!;
          const next = (b === 0 ? t.missingLeft[node] === 1 : b <= t.bin[node]!) ? t.left[node]! : t.right[node]!;
          values[f]! += t.value[next]! - t.value[node]!;
          node = next;
        }
      }
      return { bias, values, raw: raw.slice() };
    };
  }
  return { margin, probability: (cells) => calibrate(model.calibration, margin(cells)), contributions };
}

/** Calibrated probabilities for rows of a table (default: all rows). */
export function scoreRows(model: Model, table: Table, rows?: readonly number[]): Float64Array {
  const scorer = createScorer(model, table.columns);
  const idx = rows ?? table.rows.map((_, i) => i);
  return Float64Array.from(idx, (r) => scorer.probability(table.rows[r]!));
}
