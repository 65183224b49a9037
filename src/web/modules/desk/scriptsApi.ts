// Web side of the call script (issue 5, item 2): the script rendered for a case, and the supervisors' editor.
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { CaseScript, ScriptList, ScriptUpdate, ScriptUpdateResponse } from '../../../contracts/scripts.js';
import { api } from '../../api/client.js';

export const scriptKeys = {
  all: ['scripts'] as const,
  /** Under the case's keys: logging an outcome (which invalidates ['cases']) re-reads the situation. */
  forCase: (caseId: string) => ['cases', caseId, 'script'] as const,
  list: ['scripts', 'list'] as const,
};

export const scriptsApi = {
  forCase: (caseId: string, signal?: AbortSignal) => api<CaseScript>(`/api/cases/${caseId}/script`, { signal }),
  list: (signal?: AbortSignal) => api<ScriptList>('/api/scripts', { signal }),
  update: (body: ScriptUpdate) => api<ScriptUpdateResponse>('/api/scripts', { method: 'PUT', body }),
};

export const useCaseScript = (caseId: string, enabled = true) =>
  useQuery({ queryKey: scriptKeys.forCase(caseId), queryFn: ({ signal }) => scriptsApi.forCase(caseId, signal), enabled });

export const useScripts = () => useQuery({ queryKey: scriptKeys.list, queryFn: ({ signal }) => scriptsApi.list(signal) });

export const useUpdateScripts = () => {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: scriptsApi.update,
    onSuccess: () => {
      void qc.invalidateQueries({ queryKey: scriptKeys.all });
      void qc.invalidateQueries({ queryKey: ['cases'] });
    },
  });
};
