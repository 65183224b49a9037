import type { StrategyDefTables } from './strategies.tables.js';
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
  /** 0030: partitions of a run on PostgreSQL workers (null: in-process); the finishing step's claim (owner and its
   *  real wall-clock heartbeat, ISO); the real start time (ISO) for the report's seconds. */
  partitions: number | null;
  finisher: string | null;
  finishing_at: string | null;
  wall_started_at: string | null;
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
  /** The phone, email or address the next action uses (0032): the mobile first for a call, the first verified address for a visit. */
  next_action_contact_id?: string | null;
  /** The registered model that scored the row (0031); null: the rule score. */
  model_id?: string | null;
  /** The strategy version that decided (null: the built-in default strategy), its arm and treatment (0028). */
  strategy_version_id: string | null;
  arm: 'champion' | 'challenger' | null;
  /** The strategy's segment id (segment above stays the score segment, bucket-band). */
  strategy_segment: string | null;
  treatment_id: string | null;
  /** The message template the treatment step names (sms, email, letter). */
  next_action_template: string | null;
  /** First as-of date of the case's current (version, segment, treatment): the origin of 'entry' day offsets. */
  treatment_since: string | null;
  /** Allocation's facts, stored by the scoring batch (0032): the debtor's last right-party contact before the day's end, */
  last_rpc_at?: string | null;
  /** and the region and place of the debtor's first verified (else first valid) address; latitude/longitude only when verified. */
  province_code?: string | null;
  city_code?: string | null;
  latitude?: number | null;
  longitude?: number | null;
};

export type StrategyTables = { nightly_run: NightlyRunTable; case_score: CaseScoreTable } & StrategyDefTables;
