import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { timelineKeys } from '../desk/timelineApi.js';
import type { z } from 'zod';
import type {
  attemptListSchema,
  attemptRequestSchema,
  attemptResponseSchema,
  attemptSchema,
  completeAttemptSchema,
  decisionLogSchema,
  decisionSchema,
  packListSchema,
  panelSchema,
} from '../../../contracts/compliance.js';
import { api } from '../../api/client.js';

// Types come from the API contracts as type-only imports (erased at build time: zod stays out of the bundle).
// The value lists (channels, roles, …) come from the engine's vocabulary, which is plain TypeScript without imports.
export {
  authorities,
  channels,
  contactResults,
  eventTypes,
  partyRoles,
  type Authority,
  type Channel,
  type ContactResult,
  type EventType,
  type PartyRole,
  type Scenario,
} from '../../../core/compliance/types.js';

export type PackList = z.infer<typeof packListSchema>;
export type Pack = PackList['packs'][number];
export type Rule = Pack['rules'][number];
export type PackSet = PackList['sets'][number];
export type Decision = z.infer<typeof decisionSchema>;
export type Reason = Decision['reasons'][number];
export type Outcome = Decision['outcome'];
export type DecisionLog = z.infer<typeof decisionLogSchema>;
export type DecisionLogItem = DecisionLog['items'][number];
export type Panel = z.infer<typeof panelSchema>;
export type PanelItem = Panel['items'][number];
export type AttemptRequest = z.input<typeof attemptRequestSchema>;
export type Attempt = z.infer<typeof attemptSchema>;
export type AttemptResponse = z.infer<typeof attemptResponseSchema>;
export type CompleteAttempt = z.infer<typeof completeAttemptSchema>;
export type AttemptList = z.infer<typeof attemptListSchema>;

/** Filters of the decision log (dates are YYYY-MM-DD, inclusive). */
export type DecisionFilters = {
  outcome?: Outcome | undefined;
  ruleId?: string | undefined;
  userId?: string | undefined;
  caseId?: string | undefined;
  channel?: string | undefined;
  from?: string | undefined;
  to?: string | undefined;
};

export const complianceKey = ['compliance'] as const;
const panelKey = (caseId: string) => [...complianceKey, 'panel', caseId] as const;
const attemptsKey = (caseId: string) => [...complianceKey, 'attempts', caseId] as const;

/** Rule packs and pack sets as loaded by the server (they change only with a deployment). */
export const useRulePacks = (enabled = true) =>
  useQuery({
    queryKey: [...complianceKey, 'packs'],
    queryFn: ({ signal }) => api<PackList>('/api/compliance/packs', { signal }),
    staleTime: 10 * 60_000,
    enabled,
  });

/** The simulator: one scenario gives one decision, an array gives an array. Nothing is recorded. */
export const useCheckScenario = () =>
  useMutation({
    mutationFn: (scenario: unknown) => api<Decision | Decision[]>('/api/compliance/check', { method: 'POST', body: scenario }),
  });

export const useDecisionLog = (filters: DecisionFilters & { page: number; pageSize: number }) =>
  useQuery({
    queryKey: [...complianceKey, 'decisions', filters],
    queryFn: ({ signal }) =>
      api<DecisionLog>('/api/compliance/decisions', { query: { ...filters, timeZone: Intl.DateTimeFormat().resolvedOptions().timeZone }, signal }),
    placeholderData: keepPreviousData,
  });

/** "What may I do now" for one case: decided by the server at this instant, so it is refreshed every minute. */
export const useCasePolicy = (caseId: string) =>
  useQuery({
    queryKey: panelKey(caseId),
    queryFn: ({ signal }) => api<Panel>(`/api/cases/${caseId}/compliance`, { signal }),
    refetchInterval: 60_000,
    refetchIntervalInBackground: false,
    staleTime: 0,
    enabled: caseId !== '',
  });

export const useCaseAttempts = (caseId: string, enabled = true) =>
  useQuery({
    queryKey: attemptsKey(caseId),
    queryFn: ({ signal }) => api<AttemptList>(`/api/cases/${caseId}/attempts`, { signal }),
    enabled: enabled && caseId !== '',
  });

/** Decide and record a contact attempt; a blocked attempt is stored but never performed. */
export const useCreateAttempt = (caseId: string) => {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (body: AttemptRequest) => api<AttemptResponse>(`/api/cases/${caseId}/attempts`, { method: 'POST', body }),
    onSettled: async () => {
      await Promise.all([
        qc.invalidateQueries({ queryKey: panelKey(caseId) }),
        qc.invalidateQueries({ queryKey: attemptsKey(caseId) }),
        qc.invalidateQueries({ queryKey: [...complianceKey, 'decisions'] }),
        qc.invalidateQueries({ queryKey: timelineKeys.case(caseId) }),
        // The 记录联系结果 card lists the open attempts under this key.
        qc.invalidateQueries({ queryKey: ['cases', caseId, 'attempts'] }),
      ]);
    },
  });
};

/** Record the result of an allowed attempt (the call was made, the message sent, the visit done). */
export const useCompleteAttempt = (caseId: string) => {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: ({ attemptId, ...body }: CompleteAttempt & { attemptId: string }) =>
      api<Attempt>(`/api/attempts/${attemptId}/complete`, { method: 'POST', body }),
    onSuccess: async () => {
      await Promise.all([qc.invalidateQueries({ queryKey: panelKey(caseId) }), qc.invalidateQueries({ queryKey: attemptsKey(caseId) }), qc.invalidateQueries({ queryKey: timelineKeys.case(caseId) })]);
    },
  });
};
