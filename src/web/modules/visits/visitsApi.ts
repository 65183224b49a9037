// Field-visit API calls and query keys (issue 8, parts 1–2). Types come from the contracts.
import type { CreateVisitPlan, CreateVisitRequest, VisitPlanOut, VisitRequestOut, VisitRequestStatus } from '../../../contracts/visits.js';
import { api } from '../../api/client.js';

export const visitKeys = {
  forCase: (caseId: string) => ['visits', 'case', caseId] as const,
  byStatus: (status: VisitRequestStatus) => ['visits', 'requests', status] as const,
  collectors: ['visits', 'collectors'] as const,
  plan: (id: string) => ['visits', 'plan', id] as const,
};

export const visitApi = {
  forCase: (caseId: string, signal?: AbortSignal) => api<{ items: VisitRequestOut[] }>(`/api/cases/${caseId}/visit-requests`, { signal }),
  byStatus: (status: VisitRequestStatus, signal?: AbortSignal) => api<{ items: VisitRequestOut[] }>(`/api/visit-requests?status=${status}`, { signal }),
  request: (caseId: string, body: CreateVisitRequest) => api<VisitRequestOut>(`/api/cases/${caseId}/visit-requests`, { method: 'POST', body }),
  decide: (id: string, decision: 'approve' | 'reject', reason?: string) => api<VisitRequestOut>(`/api/visit-requests/${id}/${decision}`, { method: 'POST', body: reason ? { reason } : {} }),
  collectors: (signal?: AbortSignal) => api<{ items: Array<{ id: string; name: string; teamId: string | null }> }>('/api/field-collectors', { signal }),
  plan: (body: CreateVisitPlan) => api<VisitPlanOut>('/api/visit-plans', { method: 'POST', body }),
};

/** HH:mm of an instant in a time zone. */
export const timeIn = (iso: string | null, timeZone: string): string =>
  iso ? new Intl.DateTimeFormat('en-GB', { timeZone, hour: '2-digit', minute: '2-digit', hour12: false }).format(new Date(iso)) : '—';
