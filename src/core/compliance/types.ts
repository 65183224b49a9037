// The compliance engine's vocabulary. The scenario format is public (docs/compliance/scenario.schema.json):
// extend it only in backward-compatible ways.

export const channels = ['call', 'sms', 'email', 'letter', 'visit', 'im'] as const;
export type Channel = (typeof channels)[number];

export const contactResults = [
  'conversation', 'no_answer', 'voicemail', 'busy', 'not_in_service', 'switched_off', 'rejected',
  'delivered', 'failed', 'visited_met', 'visited_not_home',
] as const;
export type ContactResult = (typeof contactResults)[number];
/** Results that mean the debtor was reached in person or by voice: a right-party contact (scores, allocation, dashboards). */
export const rightPartyResults = ['conversation', 'visited_met'] as const satisfies readonly ContactResult[];

export const eventTypes = [
  'consent', 'inconvenient_time', 'medium_opt_out', 'cease', 'dispute', 'attorney', 'plan_signed', 'plan_breached',
  'hold_hardship', 'hold_vulnerability', 'hold_complaint', 'deceased', 'bankruptcy', 'third_party_refused', 'unreachable',
] as const;
export type EventType = (typeof eventTypes)[number];

/** GLOSSARY party roles, plus `executor` (US: the "consumer" includes the executor of a deceased debtor's estate). */
export const partyRoles = ['debtor', 'guarantor', 'spouse', 'emergency_contact', 'third_party', 'attorney', 'executor'] as const;
export type PartyRole = (typeof partyRoles)[number];

export const authorities = ['statute', 'presumption', 'national_standard', 'self_regulatory', 'guidance', 'internal_policy'] as const;
export type Authority = (typeof authorities)[number];

export type Outcome = 'allow' | 'warn' | 'block';
export type Direction = 'outbound' | 'inbound';
export type Localized = { 'zh-CN': string; en: string };

/** Why the action is taken; lets the narrow exceptions of some rules apply (all optional; default `collection`). */
export const actionPurposes = ['collection', 'reply', 'opt_out_confirmation', 'cease_acknowledgement', 'location', 'plan_confirmation'] as const;
export type ActionPurpose = (typeof actionPurposes)[number];

export interface ScenarioAction {
  channel: Channel;
  partyId: string;
  contactPoint?: string | undefined;
  debtIds?: string[] | undefined;
  collectorId?: string | undefined;
  agentIds?: string[] | undefined;
  content?: string | undefined;
  recording?: boolean | undefined;
  /** Extension: the collecting institution's name(s), for the identity check of the content rules. */
  institution?: string | undefined;
  /** Extension: see actionPurposes. */
  purpose?: ActionPurpose | undefined;
}
export interface ScenarioParty {
  id: string;
  role: PartyRole;
  timeZones?: string[] | undefined;
  vulnerable?: boolean | undefined;
}
export interface ScenarioDebt {
  id: string;
  accountNumber?: string | undefined;
  lender?: 'licensed' | 'private' | undefined;
  /** Extension: product kind, e.g. `card` (CN card rules) or `student_loan`. */
  product?: string | undefined;
}
export interface Certificate {
  kind: string;
  number?: string | undefined;
  validFrom?: string | undefined;
  validUntil: string;
}
export interface ScenarioAgent {
  id: string;
  /** Extension: a display name for the decision's details. */
  name?: string | undefined;
  certificates?: Certificate[] | undefined;
  lastTrainingOn?: string | undefined;
}
export interface HistoryEntry {
  at: string;
  channel: Channel;
  direction: Direction;
  partyId: string;
  contactPoint?: string | undefined;
  debtIds?: string[] | undefined;
  collectorId?: string | undefined;
  result?: ContactResult | undefined;
}
export interface ScenarioEvent {
  at: string;
  type: EventType;
  partyId: string;
  channel?: Channel | undefined;
  contactPoint?: string | undefined;
  debtIds?: string[] | undefined;
  /** consent: instants; inconvenient_time: local wall-clock HH:MM. */
  from?: string | undefined;
  until?: string | undefined;
  /** holds: YYYY-MM-DD. */
  reviewOn?: string | undefined;
}
export interface Scenario {
  packs: string[];
  at: string;
  action: ScenarioAction;
  parties: ScenarioParty[];
  debts: ScenarioDebt[];
  agents?: ScenarioAgent[] | undefined;
  history?: HistoryEntry[] | undefined;
  events?: ScenarioEvent[] | undefined;
}

export interface ReasonSpan { start: number; end: number; text: string; category: string }
export interface Reason {
  ruleId: string;
  pack: string;
  packVersion: string;
  authority: Authority;
  outcome: Exclude<Outcome, 'allow'>;
  message: Localized;
  citation: string;
  /** Extension: the particulars of this case (e.g. the local time and zone, the count against the limit). */
  detail?: Localized | undefined;
  /** Extension: offending text spans for content rules. */
  spans?: ReasonSpan[] | undefined;
  /** Extension: when this rule alone would next allow the action (ISO instant); absent when not computable. */
  until?: string | null | undefined;
}
export interface Decision {
  outcome: Outcome;
  reasons: Reason[];
  nextAllowedAt: string | null;
}
