import type { CallEventType } from '../../../core/telephony/call-facts.js';
import type { DeskResultCode } from '../../../contracts/desk.js';

/** One event a dialer posted for an attempt, stored once per dialer event id (replays are answered from this row). */
export type CallEventTable = {
  id: string;
  event_id: string;
  attempt_id: string;
  type: CallEventType;
  at: string;
  duration_sec: number | null;
  result: DeskResultCode | null;
  /** Where the dialer keeps the recording, as given: never fetched by Concord. */
  recording_url: string | null;
  recording_sha256: string | null;
  /** SHA-256 of the canonical request body: a different body under the same event id is a conflict. */
  body_sha256: string;
  token_id: string | null;
  received_at: string;
};

/** The call facts kept on the attempt (columns added to contact_attempt by 0016-telephony), folded from its events. */
export type AttemptCallColumns = {
  call_started_at: string | null;
  call_answered_at: string | null;
  call_ended_at: string | null;
  call_duration_sec: number | null;
  call_result: DeskResultCode | null;
  recording_url: string | null;
  recording_sha256: string | null;
};

export type TelephonyTables = { call_event: CallEventTable; contact_attempt: AttemptCallColumns };
