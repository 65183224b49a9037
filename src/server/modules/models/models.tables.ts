import type { ModelMetricsOut } from '../../../contracts/models.js';

export type ScoringModelTable = {
  id: string;
  version: number;
  kind: 'logistic' | 'gbdt';
  /** candidate: trained, not scoring; active: scores the nightly run (at most one); retired: was active. */
  status: 'candidate' | 'active' | 'retired';
  /** The training date: history up to as_of − label_days, so every outcome window had closed. */
  as_of: string;
  label_days: number;
  label_share_bp: number;
  history_from: string;
  history_to: string;
  rows: number;
  positives: number;
  metrics_json: ModelMetricsOut;
  /** serializeModel's text (src/core/scoring). */
  model_json: string;
  created_by: string;
  created_at: string;
  activated_by: string | null;
  activated_at: string | null;
};

export type ModelTables = { scoring_model: ScoringModelTable };
