// Team board, reassign/recall and the approvals inbox counts (issue 5, item 6). Types come from the contracts.
import { useQuery } from '@tanstack/react-query';
import type { Permission } from '../../../contracts/identity.js';
import type { AssigneeList, CaseMoveResult, TeamBoard } from '../../../contracts/supervision.js';
import { api } from '../../api/client.js';
import { messagingApi, messagingKeys } from '../messaging/messagingApi.js';
import { negotiationApi, negotiationKeys } from '../negotiation/negotiationApi.js';
import { visitApi, visitKeys } from '../visits/visitsApi.js';

export const supervisionKeys = {
  all: ['supervision'] as const,
  board: (date: string | undefined, teamId: string | undefined) => ['supervision', 'board', date ?? 'today', teamId ?? 'default'] as const,
  assignees: (teamId: string | undefined) => ['supervision', 'assignees', teamId ?? 'default'] as const,
};

export const supervisionApi = {
  board: (q: { date?: string | undefined; teamId?: string | undefined }, signal?: AbortSignal) => api<TeamBoard>('/api/team-board', { query: q, signal }),
  assignees: (teamId: string | undefined, signal?: AbortSignal) => api<AssigneeList>('/api/team-board/assignees', { query: { teamId }, signal }),
  assign: (body: { caseIds: string[]; userId?: string; teamId?: string }) => api<CaseMoveResult>('/api/cases/assign', { method: 'POST', body }),
  recall: (body: { caseIds: string[]; reason: string }) => api<CaseMoveResult>('/api/cases/recall', { method: 'POST', body }),
};

/** The board refreshes itself every minute. */
export const BOARD_REFRESH_MS = 60_000;

export const useTeamBoard = (date: string | undefined, teamId: string | undefined) =>
  useQuery({
    queryKey: supervisionKeys.board(date, teamId),
    queryFn: ({ signal }) => supervisionApi.board({ date, teamId }, signal),
    refetchInterval: BOARD_REFRESH_MS,
    refetchIntervalInBackground: false,
  });

/** The permissions that open the approvals inbox, one per tab. */
export const inboxPerms = ['plans.approve', 'visits.plan', 'templates.approve'] as const satisfies readonly Permission[];

/**
 * What waits for the caller in each tab of the approvals inbox, read from the same queries (and cache keys) the
 * tabs use: plans beyond the proposer's authority, visit requests awaiting approval, template versions pending.
 */
export const useInboxCounts = (can: (p: Permission) => boolean) => {
  const plans = useQuery({ queryKey: negotiationKeys.approvals, queryFn: ({ signal }) => negotiationApi.approvals(signal), enabled: can('plans.approve'), refetchInterval: BOARD_REFRESH_MS });
  const visits = useQuery({ queryKey: visitKeys.byStatus('requested'), queryFn: ({ signal }) => visitApi.byStatus('requested', signal), enabled: can('visits.plan'), refetchInterval: BOARD_REFRESH_MS });
  const templates = useQuery({ queryKey: messagingKeys.templates(false), queryFn: ({ signal }) => messagingApi.templates(false, signal), enabled: can('templates.approve'), refetchInterval: BOARD_REFRESH_MS });
  const counts = {
    plans: can('plans.approve') ? (plans.data?.items.length ?? 0) : 0,
    visits: can('visits.plan') ? (visits.data?.items.length ?? 0) : 0,
    templates: can('templates.approve') ? (templates.data?.items.reduce((n, t) => n + t.versions.filter((v) => v.status === 'pending').length, 0) ?? 0) : 0,
  };
  return { ...counts, total: counts.plans + counts.visits + counts.templates, templatesQuery: templates, visitsQuery: visits };
};
