// The case timeline's queries. Mutations that add to a case's history (an outcome, a message, an attempt) invalidate
// `timelineKeys.case(caseId)` so the 时间线 tab shows them without a reload.
import type { TimelineKind, TimelineResponse } from '../../../contracts/timeline.js';
import { api } from '../../api/client.js';

export const timelineKeys = {
  all: ['timeline'] as const,
  case: (caseId: string) => ['timeline', caseId] as const,
  page: (caseId: string, kinds: readonly TimelineKind[]) => ['timeline', caseId, [...kinds].sort().join(',')] as const,
};

export const fetchTimeline = (caseId: string, kinds: readonly TimelineKind[], before: string | null, signal?: AbortSignal): Promise<TimelineResponse> => {
  const q = new URLSearchParams({ limit: '50' });
  if (kinds.length > 0) q.set('kinds', kinds.join(','));
  if (before) q.set('before', before);
  return api<TimelineResponse>(`/api/cases/${caseId}/timeline?${q.toString()}`, signal ? { signal } : {});
};
