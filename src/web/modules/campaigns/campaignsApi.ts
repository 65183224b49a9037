// Web side of campaigns (issue 6, item 6): preview a selection, create, start, cancel, watch progress.
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { Campaign, CampaignCreateRequest, CampaignFilterInput, CampaignPreview, CampaignPreviewRequest } from '../../../contracts/campaigns.js';
import { api } from '../../api/client.js';

export type { Campaign, CampaignFilterInput, CampaignPreview };
export type CampaignTarget = { caseId: string; contactPointId: string | null; outcome: 'allow' | 'later' | 'never'; reason: string | null; nextAllowedAt: string | null; messageId: string | null; status: string };
export type CampaignDetail = Campaign & { targets: CampaignTarget[] };

export const campaignKeys = {
  all: ['campaigns'] as const,
  list: ['campaigns', 'list'] as const,
};

export const campaignApi = {
  list: (signal?: AbortSignal) => api<{ items: Campaign[] }>('/api/campaigns', { signal }),
  preview: (body: CampaignPreviewRequest) => api<CampaignPreview>('/api/campaigns/preview', { method: 'POST', body }),
  create: (body: CampaignCreateRequest) => api<CampaignDetail>('/api/campaigns', { method: 'POST', body }),
  start: (id: string) => api<CampaignDetail>(`/api/campaigns/${id}/start`, { method: 'POST' }),
  cancel: (id: string) => api<CampaignDetail>(`/api/campaigns/${id}/cancel`, { method: 'POST' }),
};

/** Polls every 3 s while a campaign runs (its progress moves), otherwise stays put. */
export const useCampaigns = () =>
  useQuery({
    queryKey: campaignKeys.list,
    queryFn: ({ signal }) => campaignApi.list(signal),
    refetchInterval: (q) => (q.state.data?.items.some((c) => c.status === 'running') ? 3_000 : false),
  });

export const usePreview = () => useMutation({ mutationFn: campaignApi.preview });

export const useCampaignAction = () => {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: async (a: { kind: 'create-start'; body: CampaignCreateRequest } | { kind: 'start' | 'cancel'; id: string }) => {
      if (a.kind === 'create-start') return campaignApi.start((await campaignApi.create(a.body)).id);
      return a.kind === 'start' ? campaignApi.start(a.id) : campaignApi.cancel(a.id);
    },
    onSettled: () => void qc.invalidateQueries({ queryKey: campaignKeys.all }),
  });
};
