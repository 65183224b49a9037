import type { NightlyCounts, NightlyReport, ScoreReasonOut } from '../../../contracts/strategy.js';

export type NightlyRunTable = {
  id: string;
  as_of: string;
  status: 'running' | 'completed' | 'failed';
  batch_size: number;
  /** The last case id whose batch committed: a re-run of a killed run continues after it. */
  cursor_case_id: string | null;
  attempts: number;
  counts_json: NightlyCounts | null;
  report_json: NightlyReport | null;
  error: string | null;
  started_at: string;
  finished_at: string | null;
};

export type CaseScoreTable = {
  id: string;
  run_id: string;
  case_id: string;
  as_of: string;
  dpd: number;
  bucket: string;
  score: number;
  band: string;
  segment: string;
  features_json: Record<string, number | boolean>;
  reasons_json: ScoreReasonOut[];
  next_action_kind: string;
  next_action_channel: string | null;
  next_action_at: string | null;
  next_action_note: string | null;
};

export type StrategyTables = { nightly_run: NightlyRunTable; case_score: CaseScoreTable };
