// Web side of messaging (issue 6): templates with maker–checker versions, sending from a case, the outbox log.
// The server routes have no response schemas, so the shapes the service returns are written out here (types only).
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api } from '../../api/client.js';
import type { Decision } from '../compliance/complianceApi.js';

export const messageChannels = ['sms', 'email', 'letter'] as const;
export type MessageChannel = (typeof messageChannels)[number];
export const templateLocales = ['zh-CN', 'en'] as const;
export type TemplateLocale = (typeof templateLocales)[number];
export const outboxStatuses = ['queued', 'sending', 'sent', 'delivered', 'failed', 'expired', 'unknown'] as const;
export type OutboxStatus = (typeof outboxStatuses)[number];
/** The variables the server accepts in a template (messaging.render.ts). */
export const templateVariables = ['debtorName', 'amountDue', 'dueDate', 'agencyName', 'creditorName', 'paymentInstructions', 'optOut', 'planTerms'] as const;
export type TemplateVariable = (typeof templateVariables)[number];
/** Variables only a letter may use (the server refuses them in SMS and email). */
export const letterVariables = ['debtorAddress', 'itemization', 'validationEndDate', 'visitWindow'] as const;
export type LetterVariable = (typeof letterVariables)[number];

export type TemplateVersion = {
  id: string;
  version: number;
  subject: string | null;
  body: string;
  status: 'pending' | 'approved' | 'rejected';
  createdBy: string;
  createdAt: string;
  approvedBy: string | null;
  approvedAt: string | null;
};
export type MessageTemplate = {
  id: string;
  channel: MessageChannel;
  locale: string;
  name: string;
  rulePacks: string;
  createdBy: string;
  createdAt: string;
  approvedVersionId: string | null;
  versions: TemplateVersion[];
};
export type OutboxMessage = {
  id: string;
  caseId: string;
  channel: MessageChannel;
  contactPointId: string;
  subject: string | null;
  status: OutboxStatus;
  attempts: number;
  nextAttemptAt: string;
  lastError: string | null;
  providerMessageId: string | null;
  createdAt: string;
  sentAt: string | null;
};
export type SendResult = { decision: Decision; message: OutboxMessage | null };
export type LetterDocument = { id: string; kind: 'collection_notice' | 'validation_notice'; title: string; fileName: string; mimeType: string; locale: string; sizeBytes: number; sha256: string; createdAt: string };
export type LetterResult = { decision: Decision; document: LetterDocument | null };
export type CreateTemplateInput = { channel: MessageChannel; locale: TemplateLocale; name: string; subject?: string | null; body: string };
export type VersionInput = { subject?: string | null; body: string };

export const messagingKeys = {
  all: ['messaging'] as const,
  templates: (approved: boolean) => ['messaging', 'templates', approved] as const,
  messages: (q: { status?: OutboxStatus | undefined; caseId?: string | undefined }) => ['messaging', 'messages', q.status ?? '', q.caseId ?? ''] as const,
};

export const messagingApi = {
  templates: (approved: boolean, signal?: AbortSignal) =>
    api<{ items: MessageTemplate[] }>('/api/message-templates', { query: approved ? { approved: 'true' } : undefined, signal }),
  create: (body: CreateTemplateInput) => api<MessageTemplate>('/api/message-templates', { method: 'POST', body }),
  addVersion: (templateId: string, body: VersionInput) => api<MessageTemplate>(`/api/message-templates/${templateId}/versions`, { method: 'POST', body }),
  approve: (versionId: string) => api<MessageTemplate>(`/api/message-template-versions/${versionId}/approve`, { method: 'POST' }),
  send: (caseId: string, body: { templateId: string; channel: MessageChannel; to: string }) =>
    api<SendResult>(`/api/cases/${caseId}/messages`, { method: 'POST', body }),
  letter: (caseId: string, body: { templateId: string; addressId: string; visitRequestId?: string }) => api<LetterResult>(`/api/cases/${caseId}/letters`, { method: 'POST', body }),
  messages: (q: { status?: OutboxStatus | undefined; caseId?: string | undefined }, signal?: AbortSignal) =>
    api<{ items: OutboxMessage[] }>('/api/messages', { query: q, signal }),
};

export const useTemplates = (approved = false) =>
  useQuery({ queryKey: messagingKeys.templates(approved), queryFn: ({ signal }) => messagingApi.templates(approved, signal) });

export const useMessages = (q: { status?: OutboxStatus | undefined; caseId?: string | undefined }, enabled = true) =>
  useQuery({ queryKey: messagingKeys.messages(q), queryFn: ({ signal }) => messagingApi.messages(q, signal), enabled });

export const useApproveVersion = () => {
  const qc = useQueryClient();
  return useMutation({ mutationFn: messagingApi.approve, onSuccess: () => void qc.invalidateQueries({ queryKey: messagingKeys.all }) });
};
