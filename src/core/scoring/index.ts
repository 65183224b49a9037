// Scoring engine (issue 9, part 1). Pure: no I/O, no clock; randomness from makeRng(seed). See docs/scoring.md.
//
//   trainModel(table, { label, positive?, id?, exclude?, categorical?, kind: 'logistic' | 'gbdt', seed? }) → Model
//   createScorer(model, columns) → { margin(cells), probability(cells), contributions(cells) }
//   scoreRows(model, table, rows?) → Float64Array of probabilities
//   reasonCodes(model, scorer, cells, { top, labels, direction }) → Reason[] (zh-CN / en labels)
//   serializeModel(model) → JSON text;  parseModel(text | value) → Model (ModelFormatError names the bad field)
//   auc / logLoss / brier / ks / evaluate; psi(reference, actual) for drift; fitPlatt for calibration
//   ruleScore(input) → { score 0–100, reasons } — the transparent points score (RULE_POINTS)
//   stratifiedSplit(labels, share, seed) — the seeded split used by the bench and the GBDT validation split
export type {
  Calibration, CategoricalFeature, Cell, DesignColumn, FeatureSpec, GbdtEncoding, GbdtHyper, GbdtModel, GbdtParams,
  LogisticEncoding, LogisticModel, LogisticParams, Model, ModelKind, NumericFeature, Table, TrainingSummary, Tree,
} from './types.js';
export { DatasetError, isMissing, labelVector, MAX_LEVELS, MISSING_LEVEL, MISSING_TOKENS, stratifiedSplit, toNumber } from './dataset.js';
export { createScorer, LOGISTIC_DEFAULT_L2, scoreRows, trainModel, type Contributions, type Scorer, type TrainOptions } from './model.js';
export { GBDT_DEFAULTS } from './gbdt.js';
export { rawCoefficients } from './logistic.js';
export { auc, brier, decileEdges, evaluate, ks, logLoss, psi, PSI_FLOOR, sigmoid, type Metrics, type PsiResult } from './metrics.js';
export { calibrate, fitPlatt } from './calibration.js';
export { reasonCodes, reasonsFrom, UNSEEN, type FeatureLabels, type Reason, type ReasonOptions } from './reasons.js';
export { MODEL_FORMAT, MODEL_VERSION, ModelFormatError, parseModel, serializeModel } from './model-format.js';
export { RULE_POINTS, ruleScore, type RuleReason, type RuleScore, type RuleScoreInput } from './rule-score.js';
export { paidLabel, portfolioCells, portfolioScorer, portfolioTable, PORTFOLIO_COLUMNS, PORTFOLIO_FEATURES, PORTFOLIO_LABEL, type LabelRule, type ModelScore, type PortfolioFeatures } from './portfolio.js';
