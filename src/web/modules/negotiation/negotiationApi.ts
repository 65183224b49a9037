// Negotiation API calls and query keys (issue 7). Types come from the contracts; the engine runs in the browser
// for the calculator (src/core/negotiation), the server recomputes whatever is submitted.
import type { ActivateOut, ActivatePlan, NegotiationContext, PlanOut, PromiseOut, ProposePlan, CreatePromise } from '../../../contracts/negotiation.js';
import { api } from '../../api/client.js';

export const negotiationKeys = {
  context: (caseId: string) => ['negotiation', 'context', caseId] as const,
  plans: (caseId: string) => ['negotiation', 'plans', caseId] as const,
  promises: (caseId: string) => ['negotiation', 'promises', caseId] as const,
  approvals: ['negotiation', 'approvals'] as const,
};

export const negotiationApi = {
  context: (caseId: string, signal?: AbortSignal) => api<NegotiationContext>(`/api/cases/${caseId}/negotiation`, { signal }),
  plans: (caseId: string, signal?: AbortSignal) => api<{ items: PlanOut[] }>(`/api/cases/${caseId}/plans`, { signal }),
  promises: (caseId: string, signal?: AbortSignal) => api<{ items: PromiseOut[] }>(`/api/cases/${caseId}/promises`, { signal }),
  approvals: (signal?: AbortSignal) => api<{ items: PlanOut[] }>('/api/approvals', { signal }),
  propose: (caseId: string, body: ProposePlan) => api<PlanOut>(`/api/cases/${caseId}/plans`, { method: 'POST', body }),
  promise: (caseId: string, body: CreatePromise) => api<PromiseOut>(`/api/cases/${caseId}/promises`, { method: 'POST', body }),
  activate: (planId: string, body: ActivatePlan = {}) => api<ActivateOut>(`/api/plans/${planId}/activate`, { method: 'POST', body }),
  decide: (planId: string, decision: 'approve' | 'reject', reason: string) => api<PlanOut>(`/api/plans/${planId}/${decision}`, { method: 'POST', body: { reason } }),
};

/** Yuan as typed (InputNumber, 2 decimals) → integer fen. */
export const toMinor = (v: number | null | undefined): number | undefined => (v === null || v === undefined ? undefined : Math.round(v * 100));
