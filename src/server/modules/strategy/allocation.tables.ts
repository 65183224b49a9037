// Row types of allocation and scheduling in the nightly run (0029).
import type { Explanation } from '../../../core/allocation/index.js';

export type CollectorProfileTable = {
  user_id: string;
  /** Languages and dialects (zh-CN, yue, wuu, nan, en …); empty = Mandarin. */
  languages_json: string[];
  /** Province or city codes covered by field work; empty = any. */
  regions_json: string[];
  /** The most open cases the collector holds. */
  capacity: number;
  base_latitude: number | null;
  base_longitude: number | null;
  updated_by: string | null;
  updated_at: string;
};

export type CaseAllocationTable = {
  id: string;
  run_id: string;
  as_of: string;
  case_id: string;
  outcome: 'kept' | 'assigned' | 'recalled' | 'unallocated';
  reason: string | null;
  user_id: string | null;
  team_id: string | null;
  /** Who held the case before this date's first allocation (a re-run allocates from the same start). */
  previous_user_id: string | null;
  previous_team_id: string | null;
  distance_km: number | null;
  explanation_json: Explanation[];
  created_at: string;
  /** Since when user_id has held the case: the last date the run gave it to them (0032); null when pooled. */
  holder_since?: string | null;
};

export type ScheduledActionStatus = 'scheduled' | 'flagged' | 'skipped';
export type ScheduledActionTable = {
  id: string;
  run_id: string;
  as_of: string;
  case_id: string;
  kind: string;
  status: ScheduledActionStatus;
  /** Why it was not scheduled (no_template, no_contact_point, unallocated, visit_open, channel_unavailable …). */
  reason: string | null;
  ref_type: 'outbox_message' | 'callback' | 'visit_request' | null;
  ref_id: string | null;
  user_id: string | null;
  due_at: string | null;
  created_at: string;
};

export type CreditorReminderTemplateTable = {
  creditor_id: string;
  channel: 'sms' | 'email';
  template_id: string;
  updated_by: string | null;
  updated_at: string;
};

export type AllocationTables = {
  collector_profile: CollectorProfileTable;
  case_allocation: CaseAllocationTable;
  scheduled_action: ScheduledActionTable;
  creditor_reminder_template: CreditorReminderTemplateTable;
};
