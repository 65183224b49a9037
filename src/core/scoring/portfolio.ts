// The portfolio model: Concord's own nightly features (the rule score's inputs, stored per case and date in
// case_score.features_json) plus the case's bucket, labelled from what happened after the scoring date. Pure: the
// server reads the rows; this file builds the training table, the label, and turns a probability into the 0–100
// score with zh-CN/en reasons the desk shows.
import { createScorer, type Scorer } from './model.js';
import { reasonCodes, type FeatureLabels } from './reasons.js';
import type { Cell, Model, Table } from './types.js';

/** Feature columns in model order, with the labels a collector reads. */
export const PORTFOLIO_FEATURES: FeatureLabels = {
  daysPastDue: { 'zh-CN': '逾期天数', en: 'Days past due' },
  bucket: { 'zh-CN': '逾期阶段', en: 'Delinquency bucket' },
  paymentsLast30Days: { 'zh-CN': '近30天还款次数', en: 'Payments in the last 30 days' },
  paymentsLast90Days: { 'zh-CN': '近90天还款次数', en: 'Payments in the last 90 days' },
  promisesKept: { 'zh-CN': '已兑现承诺', en: 'Promises kept' },
  promisesBroken: { 'zh-CN': '未兑现承诺', en: 'Promises broken' },
  contactAttempts: { 'zh-CN': '近30天联系次数', en: 'Contact attempts, last 30 days' },
  rightPartyContacts: { 'zh-CN': '近30天本人有效联系', en: 'Right-party contacts, last 30 days' },
  addressVerified: { 'zh-CN': '地址已核实', en: 'Address verified' },
};
export const PORTFOLIO_COLUMNS = Object.keys(PORTFOLIO_FEATURES);
export const PORTFOLIO_LABEL = 'paid';

export type PortfolioFeatures = Record<string, number | boolean | string | null | undefined>;

/** One row's cells in PORTFOLIO_COLUMNS order (booleans as 0/1; a feature the row lacks is missing). */
export function portfolioCells(features: PortfolioFeatures, bucket: string): Cell[] {
  return PORTFOLIO_COLUMNS.map((c) => {
    const v = c === 'bucket' ? bucket : features[c];
    return typeof v === 'boolean' ? (v ? 1 : 0) : (v ?? null);
  });
}

export type LabelRule = {
  /** The outcome window: payments in (as-of, as-of + days]. */
  days: number;
  /** Paid at least this share of the balance owed at the scoring date (0 = any payment), in basis points. */
  shareBp: number;
};

/** The label: 1 when the payments in the window reach the share of what was owed at the scoring date. */
export function paidLabel(balanceAtAsOfMinor: number, paidInWindowMinor: number, rule: LabelRule): 0 | 1 {
  if (paidInWindowMinor <= 0) return 0;
  if (rule.shareBp <= 0) return 1;
  return paidInWindowMinor * 10_000 >= balanceAtAsOfMinor * rule.shareBp ? 1 : 0;
}

/** The training table: the feature columns and the label. */
export function portfolioTable(rows: ReadonlyArray<{ features: PortfolioFeatures; bucket: string; label: 0 | 1 }>): Table {
  return { columns: [...PORTFOLIO_COLUMNS, PORTFOLIO_LABEL], rows: rows.map((r) => [...portfolioCells(r.features, r.bucket), r.label]) };
}

export type ModelScore = { score: number; probability: number; reasons: Array<{ code: string; points: number; zh: string; en: string }> };

/** A scorer for nightly rows: probability → score 0–100 (rounded), and the top three factors as reasons. */
export function portfolioScorer(model: Model): (features: PortfolioFeatures, bucket: string) => ModelScore {
  const scorer: Scorer = createScorer(model, PORTFOLIO_COLUMNS);
  return (features, bucket) => {
    const cells = portfolioCells(features, bucket);
    const probability = scorer.probability(cells);
    const reasons = reasonCodes(model, scorer, cells, { top: 3, labels: PORTFOLIO_FEATURES }).map((r) => {
      const value = r.value === null ? '—' : String(r.value);
      const arrow = r.direction === 'up' ? '↑' : '↓';
      return {
        code: `model:${r.feature}`,
        // Log-odds contribution shown as signed "points" (×10, rounded) so it reads like the rule score's.
        points: Math.round(r.contribution * 10),
        zh: `${r.labels['zh-CN']}：${value}（${arrow}）`,
        en: `${r.labels.en}: ${value} (${arrow})`,
      };
    });
    return { score: Math.round(probability * 100), probability, reasons };
  };
}
