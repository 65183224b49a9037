// Row types of the campaigns module (issue 6, item 6): a template sent to a selection of cases.
import type { MessageChannel } from '../messaging/index.js';

export type CampaignStatus = 'draft' | 'running' | 'done' | 'cancelled';
/** The engine's verdict for a target: allowed now, allowed at a later instant (hours), or not at all. */
export type TargetOutcome = 'allow' | 'later' | 'never';
export type TargetStatus = 'pending' | 'queued' | 'skipped' | 'failed';

/** The selection a campaign was built from (all optional; the caller's data scope always applies). */
export type CampaignFilter = {
  bucket?: string | undefined; creditorId?: string | undefined; status?: 'open' | 'paid' | 'closed' | 'recalled' | undefined;
  assignedUserId?: string | undefined; teamId?: string | undefined; dpdMin?: number | undefined; dpdMax?: number | undefined;
};

export type CampaignTable = {
  id: string;
  name: string;
  template_id: string;
  channel: MessageChannel;
  filter_json: CampaignFilter;
  status: CampaignStatus;
  /** The preview's figures when the campaign was created. */
  total: number;
  allowed_now: number;
  later: number;
  never: number;
  created_by: string;
  created_at: string;
  started_at: string | null;
  finished_at: string | null;
};

export type CampaignTargetTable = {
  campaign_id: string;
  case_id: string;
  contact_point_id: string | null;
  outcome: TargetOutcome;
  /** The blocking rule ids separated by spaces, or `no_contact_point`, or the error that failed the target. */
  reason: string | null;
  next_allowed_at: string | null;
  message_id: string | null;
  status: TargetStatus;
  updated_at: string;
};

export type CampaignTables = { campaign: CampaignTable; campaign_target: CampaignTargetTable };
