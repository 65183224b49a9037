// Case reads always pass through `scoped()`: the DataScope becomes WHERE clauses on collection_case,
// so a case outside the caller's scope is not found at all (404), never fetched then hidden.
import type { Expression, ExpressionBuilder, Kysely, SelectQueryBuilder, SqlBool } from 'kysely';
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

export type CaseListFilter = {
  bucket?: Bucket | undefined; creditorId?: string | undefined; debtorIds?: string[] | undefined; nameLike?: string | undefined;
  assignedUserId?: string | undefined; status?: 'open' | 'paid' | 'closed' | 'recalled' | undefined;
};

type Cond = (eb: ExpressionBuilder<DB, 'collection_case'>) => Expression<SqlBool>;

/**
 * The same scope as `scopeFilter`, as branches that each match one index in (dpd desc, id desc)
 * order. "Mine or my team's" is an OR that no single index serves; as two branches each page is read
 * from the indexes without sorting the whole scope. Branches may overlap (my case in my team):
 * pages merge them with UNION, counts subtract the overlap.
 */
export type ScopeBranches = { branches: Cond[]; overlap?: Cond };

export function scopeBranches(scope: DataScope): ScopeBranches {
  switch (scope.kind) {
    case 'all':
      return { branches: [(eb) => eb.lit(true)] };
    case 'none':
      return { branches: [] };
    case 'creditor':
      return { branches: scope.creditorId ? [(eb) => eb('collection_case.creditor_id', '=', scope.creditorId!)] : [] };
    case 'assigned':
    case 'team': {
      const { userId, teamId } = scope;
      const mine: Cond = (eb) => eb('collection_case.assigned_user_id', '=', userId);
      if (!teamId) return { branches: [mine] };
      return {
        branches: [(eb) => eb('collection_case.assigned_team_id', '=', teamId), mine],
        overlap: (eb) => eb.and([eb('collection_case.assigned_user_id', '=', userId), eb('collection_case.assigned_team_id', '=', teamId)]),
      };
    }
  }
}

export function caseRepository(db: Kysely<DB>) {
  const filtered = <O>(qb: CaseQB<O>, f: CaseListFilter): CaseQB<O> => {
    let q = qb;
    if (f.bucket) q = q.where('collection_case.bucket', '=', f.bucket);
    if (f.creditorId) q = q.where('collection_case.creditor_id', '=', f.creditorId);
    if (f.assignedUserId) q = q.where('collection_case.assigned_user_id', '=', f.assignedUserId);
    if (f.status) q = q.where('collection_case.status', '=', f.status);
    if (f.debtorIds || f.nameLike) {
      q = q.where((eb) => {
        const ors = [];
        if (f.debtorIds?.length) ors.push(eb('collection_case.debtor_id', 'in', f.debtorIds));
        if (f.nameLike) ors.push(eb('collection_case.debtor_id', 'in', eb.selectFrom('debtor').select('debtor.id').where('debtor.full_name', 'like', f.nameLike)));
        return ors.length ? eb.or(ors) : eb.lit(false);
      });
    }
    return q;
  };
  /** One branch's first `n` case ids in work-list order, read from its index. */
  const branchPage = (cond: Cond, f: CaseListFilter, n: number) =>
    filtered(db.selectFrom('collection_case').select(['collection_case.id', 'collection_case.dpd']).where(cond), f)
      .orderBy('collection_case.dpd', 'desc')
      .orderBy('collection_case.id', 'desc')
      .limit(n);

  /** The page's (id, dpd) rows as a derived table: one branch read directly, several merged by UNION. */
  function pageKeys(branches: Cond[], f: CaseListFilter, offset: number, limit: number) {
    if (branches.length === 1) return branchPage(branches[0]!, f, offset + limit).offset(offset);
    // Each branch contributes at most offset+limit rows; the page is cut from their union (duplicates removed).
    const [first, ...rest] = branches.map((b, i) => db.selectFrom(branchPage(b, f, offset + limit).as(`b${i}`)).selectAll());
    const union = rest.reduce((u, q) => u.union(q), first!);
    return db.selectFrom(union.as('u')).select(['u.id', 'u.dpd']).orderBy('u.dpd', 'desc').orderBy('u.id', 'desc').offset(offset).limit(limit);
  }

  return {
    /** One page of the work list in (dpd desc, id desc) order, read in one statement. */
    async list(scope: DataScope, f: CaseListFilter, offset: number, limit: number) {
      const { branches } = scopeBranches(scope);
      if (branches.length === 0) return [];
      return db
        .selectFrom(pageKeys(branches, f, offset, limit).as('p'))
        .innerJoin('collection_case', 'collection_case.id', 'p.id')
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
        .orderBy('p.dpd', 'desc')
        .orderBy('p.id', 'desc')
        .execute();
    },
    async count(scope: DataScope, f: CaseListFilter) {
      // |A ∪ B| = |A| + |B| − |A ∩ B|; each term is a covering index range.
      const { branches, overlap } = scopeBranches(scope);
      const countOf = async (c: Cond) =>
        Number((await filtered(db.selectFrom('collection_case').where(c), f).select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()).n);
      let n = 0;
      for (const b of branches) n += await countOf(b);
      return overlap ? n - (await countOf(overlap)) : n;
    },
    /** The cases among `ids` inside the scope, with their creditor's and holder's names. */
    findManyInScope: (scope: DataScope, ids: readonly string[]) =>
      ids.length === 0 ? Promise.resolve([]) : scoped(db.selectFrom('collection_case'), scope)
        .innerJoin('creditor', 'creditor.id', 'collection_case.creditor_id')
        .leftJoin('app_user', 'app_user.id', 'collection_case.assigned_user_id')
        .leftJoin('team', 'team.id', 'collection_case.assigned_team_id')
        .selectAll('collection_case')
        .select(['creditor.name as creditor_name', 'app_user.display_name as assigned_user_name', 'team.name as assigned_team_name'])
        .where('collection_case.id', 'in', ids)
        .execute(),
    hasDebtors: async () => !!(await db.selectFrom('debtor').select('id').limit(1).executeTakeFirst()),
    debtor: (id: string) => db.selectFrom('debtor').selectAll().where('id', '=', id).executeTakeFirstOrThrow(),
    // Personal data of many debtors (or cases) at once: the caller groups by debtor_id (case_id); each list keeps its order.
    debtors: (ids: readonly string[]) => db.selectFrom('debtor').selectAll().where('id', 'in', ids).execute(),
    phones: (debtorIds: readonly string[]) => db.selectFrom('phone').selectAll().where('debtor_id', 'in', debtorIds).orderBy('created_at').orderBy('id').execute(),
    emails: (debtorIds: readonly string[]) => db.selectFrom('email_address').selectAll().where('debtor_id', 'in', debtorIds).orderBy('created_at').orderBy('id').execute(),
    addresses: (debtorIds: readonly string[]) => db.selectFrom('address').selectAll().where('debtor_id', 'in', debtorIds).orderBy('kind').orderBy('id').execute(),
    contacts: (debtorIds: readonly string[]) => db.selectFrom('contact_person').selectAll().where('debtor_id', 'in', debtorIds).orderBy('id').execute(),
    accounts: (caseIds: readonly string[]) => db.selectFrom('debt_account').selectAll().where('case_id', 'in', caseIds).orderBy('origination_date').execute(),
    debtorIdsByPhoneHash: async (hash: string) => (await db.selectFrom('phone').select('debtor_id').where('number_hash', '=', hash).execute()).map((r) => r.debtor_id),
    debtorIdsByNationalIdHash: async (hash: string) => (await db.selectFrom('debtor').select('id').where('national_id_hash', '=', hash).execute()).map((r) => r.id),
  };
}

export type CaseRepository = ReturnType<typeof caseRepository>;
