// The only code that touches identity tables. One typed query per method.
import type { Kysely, Transaction } from 'kysely';
import type { DB } from '../../db/schema.js';
import type { ApiTokenTable, AppUserTable, CreditorTable, TeamTable, UserSessionTable } from './identity.tables.js';

type Exec = Kysely<DB> | Transaction<DB>;

export function identityRepository(db: Kysely<DB>) {
  return {
    // agency
    getAgency: () => db.selectFrom('agency').selectAll().orderBy('created_at').executeTakeFirst(),
    insertAgency: (row: DB['agency']) => db.insertInto('agency').values(row).execute(),

    // users
    findUserById: (id: string, x: Exec = db) => x.selectFrom('app_user').selectAll().where('id', '=', id).executeTakeFirst(),
    findUserByUsername: (username: string) => db.selectFrom('app_user').selectAll().where('username', '=', username).executeTakeFirst(),
    insertUser: (x: Exec, row: AppUserTable) => x.insertInto('app_user').values(row).execute(),
    updateUser: (x: Exec, id: string, patch: Partial<AppUserTable>) => x.updateTable('app_user').set(patch).where('id', '=', id).execute(),
    countUsers: () => db.selectFrom('app_user').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow(),
    listUsers: (offset: number, limit: number) => db.selectFrom('app_user').selectAll().orderBy('created_at').orderBy('id').offset(offset).limit(limit).execute(),
    countAdmins: () =>
      db.selectFrom('app_user').select((eb) => eb.fn.countAll<number>().as('n')).where('role', '=', 'admin').where('status', '=', 'active').executeTakeFirstOrThrow(),
    recordLoginFailure: (id: string, failedLogins: number, lockedUntil: string | null, now: string) =>
      db.updateTable('app_user').set({ failed_logins: failedLogins, locked_until: lockedUntil, updated_at: now }).where('id', '=', id).execute(),
    recordLoginSuccess: (id: string, now: string) =>
      db.updateTable('app_user').set({ failed_logins: 0, locked_until: null, last_login_at: now, updated_at: now }).where('id', '=', id).execute(),

    // sessions
    insertSession: (row: UserSessionTable) => db.insertInto('user_session').values(row).execute(),
    findLiveSession: (tokenHash: string, now: string) =>
      db
        .selectFrom('user_session as s')
        .innerJoin('app_user as u', 'u.id', 's.user_id')
        .select(['s.id as session_id', 's.last_seen_at', 'u.id', 'u.username', 'u.display_name', 'u.role', 'u.team_id', 'u.creditor_id', 'u.locale', 'u.status'])
        .where('s.token_hash', '=', tokenHash)
        .where('s.revoked_at', 'is', null)
        .where('s.expires_at', '>', now)
        .executeTakeFirst(),
    touchSession: (id: string, now: string) => db.updateTable('user_session').set({ last_seen_at: now }).where('id', '=', id).execute(),
    revokeSession: (id: string, now: string) => db.updateTable('user_session').set({ revoked_at: now }).where('id', '=', id).where('revoked_at', 'is', null).execute(),
    revokeUserSessions: (x: Exec, userId: string, now: string) =>
      x.updateTable('user_session').set({ revoked_at: now }).where('user_id', '=', userId).where('revoked_at', 'is', null).execute(),

    // teams
    findTeam: (id: string, x: Exec = db) => x.selectFrom('team').selectAll().where('id', '=', id).executeTakeFirst(),
    findTeamByName: (name: string) => db.selectFrom('team').selectAll().where('name', '=', name).executeTakeFirst(),
    insertTeam: (x: Exec, row: TeamTable) => x.insertInto('team').values(row).execute(),
    updateTeam: (x: Exec, id: string, patch: Partial<TeamTable>) => x.updateTable('team').set(patch).where('id', '=', id).execute(),
    listTeams: () =>
      db
        .selectFrom('team as t')
        .leftJoin('app_user as u', 'u.team_id', 't.id')
        .select(['t.id', 't.name', 't.kind', 't.created_at', 't.updated_at'])
        .select((eb) => eb.fn.count<number>('u.id').as('member_count'))
        .groupBy(['t.id', 't.name', 't.kind', 't.created_at', 't.updated_at'])
        .orderBy('t.name')
        .execute(),

    // creditors
    findCreditor: (id: string, x: Exec = db) => x.selectFrom('creditor').selectAll().where('id', '=', id).executeTakeFirst(),
    findCreditorByCode: (code: string) => db.selectFrom('creditor').selectAll().where('code', '=', code).executeTakeFirst(),
    insertCreditor: (x: Exec, row: CreditorTable) => x.insertInto('creditor').values(row).execute(),
    updateCreditor: (x: Exec, id: string, patch: Partial<CreditorTable>) => x.updateTable('creditor').set(patch).where('id', '=', id).execute(),
    listCreditors: () => db.selectFrom('creditor').selectAll().orderBy('code').execute(),

    // API tokens
    insertApiToken: (x: Exec, row: ApiTokenTable) => x.insertInto('api_token').values(row).execute(),
    listApiTokens: (creditorId: string) => db.selectFrom('api_token').selectAll().where('creditor_id', '=', creditorId).orderBy('created_at', 'desc').execute(),
    findApiToken: (id: string, x: Exec = db) => x.selectFrom('api_token').selectAll().where('id', '=', id).executeTakeFirst(),
    findApiTokenByHash: (hash: string) => db.selectFrom('api_token').selectAll().where('token_hash', '=', hash).executeTakeFirst(),
    revokeApiToken: (x: Exec, id: string, now: string) => x.updateTable('api_token').set({ revoked_at: now }).where('id', '=', id).execute(),
    touchApiToken: (id: string, now: string) => db.updateTable('api_token').set({ last_used_at: now }).where('id', '=', id).execute(),
  };
}

export type IdentityRepository = ReturnType<typeof identityRepository>;
