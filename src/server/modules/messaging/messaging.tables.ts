import type { ActionPurpose } from '../../../core/compliance/types.js';
// Row types of the messaging module (issue 6, first slice): templates with maker–checker versions, and the outbox.
export type MessageChannel = 'sms' | 'email' | 'letter';
export type VersionStatus = 'pending' | 'approved' | 'rejected';
/** queued → sending → sent → delivered | failed | expired; `unknown` when a crash left it unclear whether the provider took it. */
export type OutboxStatus = 'queued' | 'sending' | 'sent' | 'delivered' | 'failed' | 'expired' | 'unknown';

export type MessageTemplateTable = {
  id: string;
  channel: MessageChannel;
  locale: string;
  name: string;
  /** Rule packs (a set or pack ids separated by spaces) whose content rules a version must pass. */
  rule_packs: string;
  created_by: string;
  created_at: string;
};
export type MessageTemplateVersionTable = {
  id: string;
  template_id: string;
  version: number;
  subject: string | null;
  body: string;
  status: VersionStatus;
  created_by: string;
  created_at: string;
  approved_by: string | null;
  approved_at: string | null;
};
export type OutboxMessageTable = {
  id: string;
  case_id: string;
  debtor_id: string;
  template_version_id: string | null;
  channel: MessageChannel;
  contact_point_id: string;
  subject: string | null;
  body: string;
  institution: string;
  status: OutboxStatus;
  attempts: number;
  next_attempt_at: string;
  last_error: string | null;
  provider_message_id: string | null;
  attempt_id: string | null;
  /** Why it is sent (the engine's action purpose, asked again at send time); null = collection. 0017. */
  purpose: ActionPurpose | null;
  created_by: string | null;
  created_at: string;
  sending_at: string | null;
  sent_at: string | null;
  updated_at: string;
};
/** One submitted SMS part: the SMSC's message id, for correlating delivery receipts. */
export type SmsPartTable = {
  provider_message_id: string;
  message_id: string;
  part: number;
  /** null until a final receipt: DELIVRD, UNDELIV, EXPIRED, REJECTD, DELETED. */
  stat: string | null;
  receipt_at: string | null;
};
/** A mobile-originated reply that was not an opt-out keyword, on the case's timeline. */
export type InboundMessageTable = {
  id: string;
  case_id: string;
  debtor_id: string;
  channel: MessageChannel;
  contact_point_id: string;
  body: string;
  received_at: string;
};
export type MessagingTables = {
  sms_part: SmsPartTable;
  inbound_message: InboundMessageTable;
  message_template: MessageTemplateTable;
  message_template_version: MessageTemplateVersionTable;
  outbox_message: OutboxMessageTable;
};
