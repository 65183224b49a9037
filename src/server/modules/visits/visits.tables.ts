import type { AddressKind } from '../../../contracts/cases.js';
import type { VisitRequestStatus } from '../../../contracts/visits.js';

export type VisitRequestTable = {
  id: string;
  case_id: string;
  address_id: string;
  requested_by: string;
  reason: string;
  /** 1 low, 2 normal, 3 high: the prize of an optional visit when the day is full. */
  priority: number;
  status: VisitRequestStatus;
  approved_by: string | null;
  approved_at: string | null;
  decision_reason: string | null;
  planned_date: string | null;
  plan_id: string | null;
  created_at: string;
  updated_at: string;
};

export type VisitPlanRoute = { routeNo: number; collectorIds: string[]; distanceKm: number; startAt: string | null; endAt: string | null };
export type VisitUnplanned = {
  requestId: string;
  caseId: string;
  addressKind?: AddressKind;
  region?: string;
  detailMasked?: string;
  priority?: number;
  reason: string;
  details: Array<{ ruleId?: string; zh: string; en: string }>;
};

export type VisitPlanTable = {
  id: string;
  plan_date: string;
  time_zone: string;
  base_latitude: number;
  base_longitude: number;
  /** 'request' (given with the request) or 'centroid' (the centre of the plannable addresses). */
  base_source: string;
  settings_json: Record<string, unknown>;
  routes_json: VisitPlanRoute[];
  unplanned_json: VisitUnplanned[];
  created_by: string;
  created_at: string;
};

export type VisitPlanStopTable = {
  id: string;
  plan_id: string;
  route_no: number;
  seq: number;
  request_id: string;
  case_id: string;
  arrival_at: string;
  start_at: string;
  end_at: string;
  window_start_at: string;
  window_end_at: string;
  travel_km: number;
  /** The engine's decision for the visit at its planned start with the route's collectors. */
  compliance_json: { outcome: string; reasons: Array<{ ruleId: string; zh: string; en: string; outcome: string }> };
};

/** A check-in at a planned stop (one per stop), then its outcome or the "asked to leave" end. */
export type FieldVisitTable = {
  id: string;
  stop_id: string;
  case_id: string;
  address_id: string;
  user_id: string;
  partner_user_id: string | null;
  /** The contact attempt the engine decided at check-in (channel visit). */
  attempt_id: string;
  status: 'checked_in' | 'done' | 'left';
  checked_in_at: string;
  latitude: number;
  longitude: number;
  accuracy_m: number;
  /** Metres from the address (null when the address has no coordinates). */
  distance_m: number | null;
  is_distance_warning: boolean;
  outcome_code: string | null;
  notes: string | null;
  promise_id: string | null;
  ended_at: string | null;
  /** When the server received the check-in (later than checked_in_at when it was captured offline). */
  received_at: string | null;
  /** Check-out (or the "asked to leave" end): when, where, and the visit's length in seconds from check-in. */
  checked_out_at: string | null;
  checkout_latitude: number | null;
  checkout_longitude: number | null;
  checkout_accuracy_m: number | null;
  duration_s: number | null;
};

/** A photo or recording taken at a visit; `sha256` was computed by the phone at capture and checked on receipt. */
export type FieldEvidenceTable = {
  /** The phone's id for it (a resend is the same row). */
  id: string;
  visit_id: string;
  stop_id: string;
  case_id: string;
  kind: 'photo' | 'audio';
  mime_type: string;
  size_bytes: number;
  sha256: string;
  content: Buffer;
  captured_at: string;
  received_at: string;
  latitude: number | null;
  longitude: number | null;
  accuracy_m: number | null;
  uploaded_by: string;
};

/** A mutation from the phone by its client id: a replay from the offline outbox returns `result_json`. */
export type FieldMutationTable = {
  client_id: string;
  user_id: string;
  action: string;
  stop_id: string;
  result_json: unknown;
  received_at: string;
};

export type FieldIncidentTable = {
  id: string;
  /** 'overrun': written once per visit by the overrun sweep (checked in longer than planned + grace). */
  kind: 'sos' | 'asked_to_leave' | 'overrun';
  user_id: string;
  /** The collector's team when it happened: its supervisors see it. */
  team_id: string | null;
  stop_id: string | null;
  case_id: string | null;
  latitude: number | null;
  longitude: number | null;
  created_at: string;
};

/** The debtor's stated availability at an address: one row per day of week (1 Monday … 7 Sunday), local HH:MM from/to. */
export type AddressAvailabilityTable = {
  id: string;
  address_id: string;
  day_of_week: number;
  from_time: string;
  to_time: string;
  created_by: string;
  created_at: string;
};

export type VisitTables = {
  address_availability: AddressAvailabilityTable;
  visit_request: VisitRequestTable;
  visit_plan: VisitPlanTable;
  visit_plan_stop: VisitPlanStopTable;
  field_visit: FieldVisitTable;
  field_incident: FieldIncidentTable;
  field_evidence: FieldEvidenceTable;
  field_mutation: FieldMutationTable;
};
