import type { Channel, ContactResult, EventType, Outcome } from '../../../core/compliance/types.js';

export type PartyKind = 'debtor' | 'contact_person';

export type ComplianceDecisionTable = {
  id: string;
  decided_at: string;
  planned_at: string;
  case_id: string | null;
  debtor_id: string | null;
  creditor_id: string | null;
  user_id: string | null;
  channel: Channel;
  party_kind: PartyKind;
  party_id: string;
  contact_point_id: string | null;
  outcome: Outcome;
  next_allowed_at: string | null;
  /** Space-separated rule ids that fired, for display. */
  rule_ids: string;
  packs_json: Array<{ id: string; version: string }>;
  reasons_json: unknown[];
};
export type ComplianceDecisionRuleTable = { decision_id: string; rule_id: string; pack: string; outcome: 'warn' | 'block'; decided_at: string };

export type ContactAttemptTable = {
  id: string;
  case_id: string;
  debtor_id: string;
  creditor_id: string;
  user_id: string | null;
  channel: Channel;
  direction: 'outbound' | 'inbound';
  party_kind: PartyKind;
  party_id: string;
  contact_point_id: string | null;
  debt_ids_json: string[];
  planned_at: string;
  /** blocked: never performed; allowed: may be performed now; completed: result recorded. */
  status: 'blocked' | 'allowed' | 'completed';
  result: ContactResult | null;
  decision_id: string | null;
  is_recorded: boolean;
  content: string | null;
  notes: string | null;
  created_at: string;
  completed_at: string | null;
};

export type ContactEventTable = {
  id: string;
  debtor_id: string;
  case_id: string | null;
  type: EventType;
  party_kind: PartyKind;
  party_id: string;
  channel: Channel | null;
  contact_point_id: string | null;
  debt_ids_json: string[] | null;
  at: string;
  from_at: string | null;
  until_at: string | null;
  from_time: string | null;
  until_time: string | null;
  review_on: string | null;
  note: string | null;
  created_by: string | null;
  created_at: string;
};

export type ComplianceTables = {
  compliance_decision: ComplianceDecisionTable;
  compliance_decision_rule: ComplianceDecisionRuleTable;
  contact_attempt: ContactAttemptTable;
  contact_event: ContactEventTable;
};
