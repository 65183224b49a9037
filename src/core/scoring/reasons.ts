// Per-row reason codes: the features that moved this row's log-odds most away from an average row.
//   logistic: coefficient × standardised deviation from the training mean, summed over a feature's design
//             columns (one-hot levels, missing indicator);
//   gbdt:     Saabas path attribution — along each tree's path, the change in the node's expected value is
//             credited to the feature split on.
// Either way bias + Σ contributions = the row's margin (before calibration).
import { MISSING_LEVEL } from './dataset.js';
import type { Contributions, Scorer } from './model.js';
import type { Cell, Model } from './types.js';

/** Caller-supplied display names per feature column; a missing label falls back to the column name. */
export type FeatureLabels = Readonly<Record<string, { readonly 'zh-CN'?: string; readonly en?: string }>>;

export type Reason = {
  feature: string;
  labels: { 'zh-CN': string; en: string };
  /** Log-odds contribution; positive raises the probability of the positive label. */
  contribution: number;
  direction: 'up' | 'down';
  /** The row's value: a number, a category, null when missing, or '(unseen)' for a category not seen in training. */
  value: number | string | null;
};

export type ReasonOptions = {
  /** How many reasons (default 3). */
  top?: number;
  labels?: FeatureLabels;
  /** 'up': only factors raising the score; 'down': only lowering; 'both' (default): largest |contribution|. */
  direction?: 'up' | 'down' | 'both';
};

export const UNSEEN = '(unseen)';

function displayValue(model: Model, f: number, raw: number): number | string | null {
  const spec = model.features[f]!;
  if (spec.kind === 'numeric') return Number.isNaN(raw) ? null : raw;
  if (raw < 0) return UNSEEN;
  const level = spec.levels[raw]!;
  return level === MISSING_LEVEL ? null : level;
}

/** Ranks a row's contributions into reasons. */
export function reasonsFrom(model: Model, c: Contributions, options: ReasonOptions = {}): Reason[] {
  const top = options.top ?? 3;
  const dir = options.direction ?? 'both';
  const order = model.features
    .map((_, f) => f)
    .filter((f) => (dir === 'up' ? c.values[f]! > 0 : dir === 'down' ? c.values[f]! < 0 : c.values[f]! !== 0))
    .sort((a, b) => Math.abs(c.values[b]!) - Math.abs(c.values[a]!) || a - b)
    .slice(0, top);
  return order.map((f) => {
    const name = model.features[f]!.name;
    const given = options.labels?.[name];
    const contribution = c.values[f]!;
    return {
      feature: name,
      labels: { 'zh-CN': given?.['zh-CN'] ?? name, en: given?.en ?? name },
      contribution,
      direction: contribution > 0 ? 'up' : 'down',
      value: displayValue(model, f, c.raw[f]!),
    };
  });
}

/** The top reasons for one row. */
export function reasonCodes(model: Model, scorer: Scorer, cells: readonly Cell[], options: ReasonOptions = {}): Reason[] {
  return reasonsFrom(model, scorer.contributions(cells), options);
}
