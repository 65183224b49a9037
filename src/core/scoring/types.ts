// Types of the scoring engine and of its saved model (the `concord-model` JSON format, version 1).
// A model is plain data: it round-trips through JSON.stringify / parseModel unchanged.

/** One input cell: CSV text, a number, or missing (null / undefined / '' / 'NA' …, see MISSING_TOKENS). */
export type Cell = string | number | null | undefined;

/** Row-major table of named columns. */
export type Table = { readonly columns: readonly string[]; readonly rows: readonly (readonly Cell[])[] };

/** A numeric input column: missing values are imputed with the training median. */
export type NumericFeature = {
  name: string;
  kind: 'numeric';
  /** Training median of the non-missing values (0 when none). */
  median: number;
  /** The column had missing values in training (logistic regression then adds a missing indicator). */
  hasMissing: boolean;
};

/**
 * A categorical input column. `levels` are ordered by their smoothed positive rate in training (ascending), so a
 * level's index is an ordinal code that trees can split on (Fisher's ordering for a binary target). A missing
 * value is the level MISSING_LEVEL when training had missing values; a value outside `levels` is unseen.
 */
export type CategoricalFeature = { name: string; kind: 'categorical'; levels: string[]; hasMissing: boolean };

export type FeatureSpec = NumericFeature | CategoricalFeature;

/** One column of the logistic design matrix, standardised as (x − mean) / sd. */
export type DesignColumn = {
  /** Index into `features`. */
  feature: number;
  /** 'value': the (median-imputed) number; 'missing': 1 when missing; 'level': 1 when the category is levels[level]. */
  role: 'value' | 'missing' | 'level';
  level?: number;
  mean: number;
  sd: number;
};

export type LogisticEncoding = { type: 'standardised-one-hot'; columns: DesignColumn[] };
export type LogisticParams = {
  /** Intercept on the standardised scale: the log-odds of a row at the training means. */
  intercept: number;
  /** One per encoding column, on the standardised scale. */
  coefficients: number[];
  /** L2 penalty λ on the coefficients (objective: Σ log-loss + λ/2 ‖w‖²; λ = 1 is scikit-learn's C = 1). */
  l2: number;
  iterations: number;
};

/**
 * Histogram bins per feature (aligned with `features`): bin 0 is "missing / unseen"; a numeric value v goes to
 * bin 1 + #{edges < v}; a categorical level i goes to bin i + 1. `edges` is null for a categorical feature.
 */
export type GbdtEncoding = { type: 'histogram-bins'; edges: (number[] | null)[] };

/**
 * A regression tree as parallel arrays, node 0 the root. A leaf has feature −1. An internal node sends a row
 * left when its bin b satisfies 1 ≤ b ≤ bin, right when b > bin, and a missing (bin 0) row to the left when
 * missingLeft is 1. `value` is the leaf's margin (learning rate applied) or, for an internal node, the
 * cover-weighted mean of its leaves (used for Saabas reason codes). `cover` is the training hessian sum.
 */
export type Tree = {
  feature: number[];
  bin: number[];
  missingLeft: number[];
  left: number[];
  right: number[];
  value: number[];
  cover: number[];
};

export type GbdtHyper = {
  /** Maximum boosting rounds. */
  rounds: number;
  learningRate: number;
  /** Leaf-wise growth: at most this many leaves per tree. */
  maxLeaves: number;
  maxDepth: number;
  minSamplesLeaf: number;
  minHessianLeaf: number;
  /** L2 penalty on leaf values. */
  l2: number;
  /** Minimum split gain. */
  minGain: number;
  /** Row share sampled (without replacement) per tree. */
  subsample: number;
  /** Feature share sampled per tree (at least two features). */
  colsample: number;
  maxBins: number;
  /** Share of the training rows held out (stratified) for early stopping and calibration; 0 = none. */
  validationFraction: number;
  /** Stop after this many rounds without a better validation log-loss. */
  earlyStoppingRounds: number;
  /**
   * After early stopping, refit on all the training rows (validation rows included) for the best round count
   * scaled by rows / fitted rows; the calibration stays the one fitted on the validation margins.
   */
  refit: boolean;
};

export type GbdtParams = { baseScore: number; trees: Tree[]; hyper: GbdtHyper };

/** Platt scaling p = σ(a·margin + b); 'none' is a = 1, b = 0. */
export type Calibration = { method: 'platt' | 'none'; a: number; b: number };

export type TrainingSummary = {
  rows: number;
  positives: number;
  /** Rows dropped because the label was missing. */
  droppedRows: number;
  seed: number;
  /** On the rows the model was fitted on. */
  auc: number;
  logLoss: number;
  /** GBDT with a validation split: metrics on the held-out rows. */
  validationAuc?: number;
  validationRows?: number;
};

type ModelBase = {
  format: 'concord-model';
  version: 1;
  /** The label column and the value counted as positive (the model predicts P(label = positive)). */
  label: { column: string; positive: string };
  /** Column naming the row in predictions, when one was given at training. */
  id?: string;
  features: FeatureSpec[];
  calibration: Calibration;
  training: TrainingSummary;
};

export type LogisticModel = ModelBase & { kind: 'logistic'; encoding: LogisticEncoding; params: LogisticParams };
export type GbdtModel = ModelBase & { kind: 'gbdt'; encoding: GbdtEncoding; params: GbdtParams };
export type Model = LogisticModel | GbdtModel;
export type ModelKind = Model['kind'];
