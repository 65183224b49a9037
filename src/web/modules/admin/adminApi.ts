import { useQuery } from '@tanstack/react-query';
import type { Creditor, Team } from '../../../contracts/identity.js';
import { api, itemsOf, type Page } from '../../api/client.js';

export const teamsKey = ['admin', 'teams'] as const;
export const creditorsKey = ['admin', 'creditors'] as const;

/** All teams (small lists; one page of 200 covers them). */
export const useTeams = (enabled = true) =>
  useQuery({
    queryKey: [...teamsKey, 'all'],
    queryFn: async ({ signal }) => itemsOf(await api<Page<Team> | Team[]>('/api/admin/teams', { query: { pageSize: 200 }, signal })),
    enabled,
  });

export const useCreditors = (enabled = true) =>
  useQuery({
    queryKey: [...creditorsKey, 'all'],
    queryFn: async ({ signal }) => itemsOf(await api<Page<Creditor> | Creditor[]>('/api/admin/creditors', { query: { pageSize: 200 }, signal })),
    enabled,
  });
