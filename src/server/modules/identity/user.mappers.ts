// Rows of app_user as the API shows them. One place, so the session's `me` and the admin's user list agree.
import { rolePermissions, type Me, type User } from '../../../contracts/identity.js';
import type { AppUserTable } from './identity.tables.js';

type Identity = Pick<AppUserTable, 'id' | 'username' | 'display_name' | 'role' | 'team_id' | 'creditor_id' | 'locale'>;

const identityOut = (u: Identity) => ({
  id: u.id,
  username: u.username,
  displayName: u.display_name,
  role: u.role,
  teamId: u.team_id,
  creditorId: u.creditor_id,
  locale: u.locale,
});

/** The signed-in user with the permissions of their role. */
export const meOf = (u: Identity): Me => ({ ...identityOut(u), permissions: [...rolePermissions[u.role]] });

export const userOut = (u: AppUserTable): User => ({
  ...identityOut(u),
  status: u.status,
  lockedUntil: u.locked_until,
  lastLoginAt: u.last_login_at,
  createdAt: u.created_at,
});
