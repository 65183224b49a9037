import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { Me, Permission } from '../../contracts/identity.js';
import { api, isApiError, setCsrfToken } from '../api/client.js';
import { adoptUserLanguage } from '../i18n/index.js';

type SessionResponse = { user: Me; csrfToken: string };
export const meKey = ['auth', 'me'] as const;

// Set when a request comes back 401 mid-session, so the login page can say why the user is there.
let sessionExpired = false;
export const markSessionExpired = (): void => {
  sessionExpired = true;
};
export const wasSessionExpired = (): boolean => sessionExpired;

/** The signed-in user, or null when there is no session (401). */
export const fetchMe = async (): Promise<Me | null> => {
  try {
    const res = await api<SessionResponse>('/api/auth/me');
    setCsrfToken(res.csrfToken);
    return res.user;
  } catch (e) {
    if (isApiError(e) && e.status === 401) return null;
    throw e;
  }
};

export const useMe = () => useQuery({ queryKey: meKey, queryFn: fetchMe, staleTime: 5 * 60_000, retry: false });

/** Permission check for the signed-in user; the server checks again on every request. */
export const useCan = (): ((p: Permission) => boolean) => {
  const { data } = useMe();
  return (p) => data?.permissions.includes(p) ?? false;
};

export const useLogin = () => {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (body: { username: string; password: string }) => api<SessionResponse>('/api/auth/login', { method: 'POST', body }),
    onSuccess: (res) => {
      sessionExpired = false;
      setCsrfToken(res.csrfToken);
      qc.clear();
      qc.setQueryData(meKey, res.user);
      void adoptUserLanguage(res.user.locale);
    },
  });
};

export const useLogout = () => {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: async () => {
      try {
        await api('/api/auth/logout', { method: 'POST' });
      } catch (e) {
        // an expired session is already logged out
        if (!(isApiError(e) && e.status === 401)) throw e;
      }
    },
    onSettled: () => {
      sessionExpired = false;
      setCsrfToken(null);
      qc.clear();
      qc.setQueryData(meKey, null);
    },
  });
};
