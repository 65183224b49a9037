// Who is asking, and which rows they may see. Services take a Principal; repositories turn its
// DataScope into WHERE clauses, so a row outside the scope is never read (DESIGN: scope in queries).
import { can, defaultTokenScopes, type Permission, type Role } from '../../contracts/identity.js';
import { AppError, defineErrors } from './errors.js';
import type { Actor } from './audit.js';

export type UserPrincipal = {
  kind: 'user';
  userId: string;
  username: string;
  displayName: string;
  role: Role;
  teamId: string | null;
  creditorId: string | null;
  sessionId: string;
  ip: string | null;
  requestId: string | null;
};
export type TokenPrincipal = {
  kind: 'api_token'; tokenId: string; name: string; creditorId: string; ip: string | null; requestId: string | null;
  /** The token's granted permissions (default: the integration set). */
  scopes?: readonly Permission[] | undefined;
};
export type Principal = UserPrincipal | TokenPrincipal;

/** Which collection cases (and everything hanging off them) a principal may see. */
export type DataScope =
  | { kind: 'all' }
  | { kind: 'assigned'; userId: string; teamId: string | null }
  | { kind: 'team'; userId: string; teamId: string | null }
  | { kind: 'creditor'; creditorId: string | null }
  | { kind: 'none' };

export function scopeOf(p: Principal): DataScope {
  if (p.kind === 'api_token') return { kind: 'creditor', creditorId: p.creditorId };
  switch (p.role) {
    case 'admin':
    case 'compliance_officer':
    case 'qa_reviewer':
      return { kind: 'all' };
    case 'supervisor':
      return { kind: 'team', userId: p.userId, teamId: p.teamId };
    case 'collector':
    case 'field_collector':
      return { kind: 'assigned', userId: p.userId, teamId: p.teamId };
    case 'creditor_viewer':
      return { kind: 'creditor', creditorId: p.creditorId };
    case 'auditor':
      return { kind: 'none' };
  }
}

export const AccessErrors = defineErrors({
  'auth.forbidden': { kind: 'forbidden', zh: '您没有执行此操作的权限', en: 'You are not allowed to do this' },
});

/** API tokens carry no role: they may only do what they were granted (default: what a creditor's integration needs). */
const tokenPermissions: readonly Permission[] = defaultTokenScopes;

export function hasPermission(p: Principal, perm: Permission): boolean {
  return p.kind === 'user' ? can(p.role, perm) : (p.scopes ?? tokenPermissions).includes(perm);
}

export function requirePermission(p: Principal, perm: Permission): void {
  if (!hasPermission(p, perm)) throw new AppError(AccessErrors['auth.forbidden'], { permission: perm });
}

export function actorOf(p: Principal): Actor {
  return p.kind === 'user'
    ? { type: 'user', id: p.userId, label: p.username, ip: p.ip, requestId: p.requestId }
    : { type: 'api_token', id: p.tokenId, label: `token:${p.name}`, ip: p.ip, requestId: p.requestId };
}
