// Case reads always pass through `scoped()`: the DataScope becomes WHERE clauses on collection_case,
// so a case outside the caller's scope is not found at all (404), never fetched then hidden.
import type { ExpressionBuilder, Kysely, SelectQueryBuilder } from 'kysely';
import type { DB } from '../../db/schema.js';
import type { DataScope } from '../../platform/access.js';
import type { Bucket } from '../../../contracts/cases.js';

type CaseQB<O> = SelectQueryBuilder<DB, 'collection_case', O>;

export function scopeFilter(scope: DataScope) {
  return (eb: ExpressionBuilder<DB, 'collection_case'>) => {
    switch (scope.kind) {
      case 'all':
        return eb.lit(true);
      case 'none':
        return eb.lit(false);
      case 'creditor':
        return scope.creditorId ? eb('collection_case.creditor_id', '=', scope.creditorId) : eb.lit(false);
      case 'assigned':
      case 'team': {
        const mine = eb('collection_case.assigned_user_id', '=', scope.userId);
        return scope.teamId ? eb.or([mine, eb('collection_case.assigned_team_id', '=', scope.teamId)]) : mine;
      }
    }
  };
}

export function scoped<O>(qb: CaseQB<O>, scope: DataScope): CaseQB<O> {
  return qb.where(scopeFilter(scope));
}

export type CaseListFilter = { bucket?: Bucket | undefined; creditorId?: string | undefined; debtorIds?: string[] | undefined; nameLike?: string | undefined };

export function caseRepository(db: Kysely<DB>) {
  const base = (scope: DataScope, f: CaseListFilter) => {
    let qb = scoped(db.selectFrom('collection_case'), scope);
    if (f.bucket) qb = qb.where('collection_case.bucket', '=', f.bucket);
    if (f.creditorId) qb = qb.where('collection_case.creditor_id', '=', f.creditorId);
    if (f.debtorIds || f.nameLike) {
      qb = qb.where((eb) => {
        const ors = [];
        if (f.debtorIds?.length) ors.push(eb('collection_case.debtor_id', 'in', f.debtorIds));
        if (f.nameLike) ors.push(eb('collection_case.debtor_id', 'in', eb.selectFrom('debtor').select('debtor.id').where('debtor.full_name', 'like', f.nameLike)));
        return ors.length ? eb.or(ors) : eb.lit(false);
      });
    }
    return qb;
  };
  return {
    async list(scope: DataScope, f: CaseListFilter, offset: number, limit: number) {
      const rows = await base(scope, f)
        .innerJoin('debtor', 'debtor.id', 'collection_case.debtor_id')
        .innerJoin('creditor', 'creditor.id', 'collection_case.creditor_id')
        .select([
          'collection_case.id',
          'collection_case.creditor_id',
          'creditor.name as creditor_name',
          'collection_case.debtor_id',
          'debtor.full_name as debtor_name',
          'collection_case.status',
          'collection_case.bucket',
          'collection_case.dpd',
          'collection_case.total_due_minor',
          'collection_case.currency',
          'collection_case.assigned_user_id',
          'collection_case.assigned_team_id',
          'collection_case.next_action_at',
        ])
        .orderBy('collection_case.dpd', 'desc')
        .orderBy('collection_case.id')
        .offset(offset)
        .limit(limit)
        .execute();
      return rows;
    },
    async count(scope: DataScope, f: CaseListFilter) {
      const r = await base(scope, f).select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
      return Number(r.n);
    },
    findInScope: (scope: DataScope, id: string) =>
      scoped(db.selectFrom('collection_case'), scope)
        .innerJoin('creditor', 'creditor.id', 'collection_case.creditor_id')
        .selectAll('collection_case')
        .select('creditor.name as creditor_name')
        .where('collection_case.id', '=', id)
        .executeTakeFirst(),
    debtor: (id: string) => db.selectFrom('debtor').selectAll().where('id', '=', id).executeTakeFirstOrThrow(),
    phones: (debtorId: string) => db.selectFrom('phone').selectAll().where('debtor_id', '=', debtorId).orderBy('created_at').orderBy('id').execute(),
    emails: (debtorId: string) => db.selectFrom('email_address').selectAll().where('debtor_id', '=', debtorId).orderBy('created_at').orderBy('id').execute(),
    addresses: (debtorId: string) => db.selectFrom('address').selectAll().where('debtor_id', '=', debtorId).orderBy('kind').orderBy('id').execute(),
    contacts: (debtorId: string) => db.selectFrom('contact_person').selectAll().where('debtor_id', '=', debtorId).orderBy('id').execute(),
    accounts: (caseId: string) => db.selectFrom('debt_account').selectAll().where('case_id', '=', caseId).orderBy('origination_date').execute(),
    debtorIdsByPhoneHash: async (hash: string) => (await db.selectFrom('phone').select('debtor_id').where('number_hash', '=', hash).execute()).map((r) => r.debtor_id),
    debtorIdsByNationalIdHash: async (hash: string) => (await db.selectFrom('debtor').select('id').where('national_id_hash', '=', hash).execute()).map((r) => r.id),
  };
}

export type CaseRepository = ReturnType<typeof caseRepository>;
