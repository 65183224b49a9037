import type { StrategyDefinition } from '../../../core/strategy/index.js';

export type StrategyRow = {
  id: string;
  name: string;
  description: string | null;
  created_by: string;
  created_at: string;
};

export type StrategyVersionStatus = 'draft' | 'active' | 'retired';
export type StrategyRole = 'champion' | 'challenger';

export type StrategyVersionTable = {
  id: string;
  strategy_id: string;
  version: number;
  status: StrategyVersionStatus;
  /** While live: the champion, or the champion's challenger. */
  role: StrategyRole | null;
  definition_json: StrategyDefinition;
  challenger_version_id: string | null;
  /** Percent of cases (0–50) that the challenger decides. */
  challenger_share: number;
  experiment_salt: string;
  note: string | null;
  created_by: string;
  created_at: string;
  updated_by: string;
  updated_at: string;
  activated_by: string | null;
  activated_at: string | null;
  retired_by: string | null;
  retired_at: string | null;
};

export type StrategyDefTables = { strategy: StrategyRow; strategy_version: StrategyVersionTable };
