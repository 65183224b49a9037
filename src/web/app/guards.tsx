import { Spin } from 'antd';
import type { ReactNode } from 'react';
import { Navigate, useLocation } from 'react-router';
import type { Permission } from '../../contracts/identity.js';
import { AppShell } from './AppShell.js';
import { useCan, useMe } from './auth.js';
import { ErrorResult, ForbiddenResult } from './Results.js';

export const FullPageSpin = () => (
  <div style={{ display: 'grid', placeItems: 'center', height: '100%' }}>
    <Spin size="large" />
  </div>
);

/** Everything under the shell needs a session; without one, go to /login and come back afterwards. */
export const RequireAuth = () => {
  const me = useMe();
  const location = useLocation();
  if (me.isPending) return <FullPageSpin />;
  if (me.isError) return <ErrorResult error={me.error} onRetry={() => void me.refetch()} />;
  if (!me.data) {
    const next = `${location.pathname}${location.search}`;
    return <Navigate to={next === '/' ? '/login' : `/login?next=${encodeURIComponent(next)}`} replace />;
  }
  return <AppShell me={me.data} />;
};

/** Hides a page the user's role may not use. The API enforces the same rule; this only avoids a useless round trip. */
export const RequirePermission = ({ perm, children }: { perm: Permission; children: ReactNode }) => {
  const can = useCan();
  return can(perm) ? children : <ForbiddenResult />;
};
