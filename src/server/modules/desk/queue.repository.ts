// My queue reads. Every statement carries the cases module's scope filter; the union branches only add a
// narrower condition (my cases / my team's) so each branch is read from its own (owner, priority_score, id) index.
import type { Expression, ExpressionBuilder, Kysely, SelectQueryBuilder, SqlBool } from 'kysely';
import type { DB } from '../../db/schema.js';
import type { DataScope } from '../../platform/access.js';
import { scopeFilter } from '../cases/index.js';
import { parseDay, zonedInstant } from '../../../core/compliance/zone.js';
import { AGENCY_TIME_ZONE } from '../staff/index.js';
import type { Bucket } from '../../../contracts/cases.js';

type Cond = (eb: ExpressionBuilder<DB, 'collection_case'>) => Expression<SqlBool>;
type CaseQB<O> = SelectQueryBuilder<DB, 'collection_case', O>;

export type QueueFilter = {
  bucket?: Bucket | undefined;
  creditorId?: string | undefined;
  status: 'open' | 'paid' | 'closed' | 'recalled';
  language?: string | undefined;
  debtorIds?: string[] | undefined;
  namePrefix?: string | undefined;
};

/** Branches whose union is the scope; each is AND-ed with the scope filter itself. */
function branches(scope: DataScope): { conds: Cond[]; overlap?: Cond } {
  const inScope = scopeFilter(scope);
  if (scope.kind === 'none') return { conds: [] };
  if ((scope.kind === 'assigned' || scope.kind === 'team') && scope.teamId) {
    const { userId, teamId } = scope;
    return {
      conds: [
        (eb) => eb.and([eb('collection_case.assigned_user_id', '=', userId), inScope(eb)]),
        (eb) => eb.and([eb('collection_case.assigned_team_id', '=', teamId), inScope(eb)]),
      ],
      overlap: (eb) => eb.and([eb('collection_case.assigned_user_id', '=', userId), eb('collection_case.assigned_team_id', '=', teamId)]),
    };
  }
  return { conds: [(eb) => inScope(eb) as Expression<SqlBool>] };
}

/** The first instant of the agency day `today` + `plus` days (midnight in Asia/Shanghai). */
export const dayStartIso = (today: string, plus: number): string => new Date(zonedInstant(AGENCY_TIME_ZONE, parseDay(today) + plus, 0)).toISOString();

/** The first instant after the agency day `today`. */
const tomorrowStartOf = (today: string): string => dayStartIso(today, 1);

export function queueRepository(db: Kysely<DB>) {
  const filtered = <O>(qb: CaseQB<O>, f: QueueFilter): CaseQB<O> => {
    let q = qb.where('collection_case.status', '=', f.status);
    if (f.bucket) q = q.where('collection_case.bucket', '=', f.bucket);
    if (f.creditorId) q = q.where('collection_case.creditor_id', '=', f.creditorId);
    if (f.language) {
      const lang = f.language;
      q = q.where('collection_case.debtor_id', 'in', db.selectFrom('debtor').select('debtor.id').where('debtor.preferred_language', '=', lang));
    }
    if (f.debtorIds) q = f.debtorIds.length ? q.where('collection_case.debtor_id', 'in', f.debtorIds) : q.where((eb) => eb.lit(false));
    if (f.namePrefix) {
      const like = f.namePrefix;
      q = q.where('collection_case.debtor_id', 'in', db.selectFrom('debtor').select('debtor.id').where('debtor.full_name', 'like', like));
    }
    return q;
  };
  /** A pending promise due on or before today, or a pending callback due before tomorrow (agency day, UTC+8). */
  const dueExists = (today: string) => (eb: ExpressionBuilder<DB, 'collection_case'>) =>
    eb.or([
      eb.exists(
        eb
          .selectFrom('promise_to_pay')
          .select('promise_to_pay.id')
          .whereRef('promise_to_pay.case_id', '=', 'collection_case.id')
          .where('promise_to_pay.status', '=', 'pending')
          .where('promise_to_pay.due_date', '<=', today),
      ),
      eb.exists(
        eb
          .selectFrom('callback')
          .select('callback.id')
          .whereRef('callback.case_id', '=', 'collection_case.id')
          .where('callback.status', '=', 'pending')
          .where('callback.due_at', '<', tomorrowStartOf(today)),
      ),
    ]);

  /** One part of the queue (promises due, or the rest), first `n` keys in queue order. */
  function part(due: boolean, scope: DataScope, f: QueueFilter, today: string, offset: number, limit: number) {
    const { conds } = branches(scope);
    const branch = (c: Cond, n: number) =>
      filtered(db.selectFrom('collection_case').select(['collection_case.id', 'collection_case.priority_score', 'collection_case.next_action_at', 'collection_case.dpd']).where(c), f)
        .where((eb) => (due ? dueExists(today)(eb) : eb.not(dueExists(today)(eb))))
        .orderBy('collection_case.priority_score', (o) => o.desc().nullsLast())
        .orderBy('collection_case.next_action_at', (o) => o.asc().nullsLast())
        .orderBy('collection_case.dpd', 'desc')
        .orderBy('collection_case.id')
        .limit(n);
    if (conds.length === 1) return branch(conds[0]!, limit).offset(offset).execute();
    // Each branch contributes at most offset+limit rows; the page is cut from their union (duplicates removed).
    const [first, ...rest] = conds.map((c, i) => db.selectFrom(branch(c, offset + limit).as(`b${i}`)).selectAll());
    const union = rest.reduce((u, q) => u.union(q), first!);
    return db
      .selectFrom(union.as('u'))
      .selectAll()
      .orderBy('u.priority_score', (o) => o.desc().nullsLast())
      .orderBy('u.next_action_at', (o) => o.asc().nullsLast())
      .orderBy('u.dpd', 'desc')
      .orderBy('u.id')
      .offset(offset)
      .limit(limit)
      .execute();
  }

  /** |A ∪ B| = |A| + |B| − |A ∩ B| over the scope branches, with an extra condition. */
  async function countIn(scope: DataScope, f: QueueFilter, extra?: Cond) {
    const { conds, overlap } = branches(scope);
    const countOf = async (c: Cond) => {
      let q = filtered(db.selectFrom('collection_case').where(c), f);
      if (extra) q = q.where(extra);
      return Number((await q.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()).n);
    };
    let n = 0;
    for (const c of conds) n += await countOf(c);
    return overlap && conds.length > 1 ? n - (await countOf(overlap)) : n;
  }

  return {
    part,
    countIn,
    dueExists,
    /** Pending promises due on or before today on cases in scope (rows, not cases). */
    async promisesDue(scope: DataScope, today: string) {
      const r = await db
        .selectFrom('promise_to_pay')
        .innerJoin('collection_case', 'collection_case.id', 'promise_to_pay.case_id')
        .where(scopeFilter(scope))
        .where('promise_to_pay.status', '=', 'pending')
        .where('promise_to_pay.due_date', '=', today)
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .executeTakeFirstOrThrow();
      return Number(r.n);
    },
    /** Distinct cases in scope with a completed attempt since `from`. */
    async contactedSince(scope: DataScope, from: string) {
      const r = await db
        .selectFrom('contact_attempt')
        .innerJoin('collection_case', 'collection_case.id', 'contact_attempt.case_id')
        .where(scopeFilter(scope))
        .where('contact_attempt.status', '=', 'completed')
        .where('contact_attempt.completed_at', '>=', from)
        .select((eb) => eb.fn.count<number>('contact_attempt.case_id').distinct().as('n'))
        .executeTakeFirstOrThrow();
      return Number(r.n);
    },
    rows: (ids: string[]) =>
      ids.length === 0
        ? Promise.resolve([])
        : db
            .selectFrom('collection_case')
            .innerJoin('debtor', 'debtor.id', 'collection_case.debtor_id')
            .innerJoin('creditor', 'creditor.id', 'collection_case.creditor_id')
            .select([
              'collection_case.id',
              'collection_case.debtor_id',
              'debtor.full_name',
              'debtor.preferred_language',
              'collection_case.creditor_id',
              'creditor.name as creditor_name',
              'collection_case.status',
              'collection_case.bucket',
              'collection_case.dpd',
              'collection_case.total_due_minor',
              'collection_case.currency',
              'collection_case.priority_score',
              'collection_case.next_action_at',
            ])
            .where('collection_case.id', 'in', ids)
            .execute(),
    phones: (debtorIds: string[]) =>
      debtorIds.length === 0
        ? Promise.resolve([])
        : db
            .selectFrom('phone')
            .select(['debtor_id', 'number_masked', 'kind', 'created_at', 'id'])
            .where('debtor_id', 'in', debtorIds)
            .where('contact_person_id', 'is', null)
            .orderBy('created_at')
            .orderBy('id')
            .execute(),
    duePromises: (ids: string[], today: string) =>
      ids.length === 0
        ? Promise.resolve([])
        : db.selectFrom('promise_to_pay').select(['case_id', 'due_date']).where('case_id', 'in', ids).where('status', '=', 'pending').where('due_date', '<=', today).orderBy('due_date').execute(),
    dueCallbacks: (ids: string[], today: string) =>
      ids.length === 0
        ? Promise.resolve([])
        : db.selectFrom('callback').select(['case_id', 'due_at']).where('case_id', 'in', ids).where('status', '=', 'pending').where('due_at', '<', tomorrowStartOf(today)).orderBy('due_at').execute(),
    scores: (ids: string[]) =>
      ids.length === 0
        ? Promise.resolve([])
        : db
            .selectFrom('case_score')
            .select(['case_id', 'as_of', 'reasons_json', 'next_action_kind'])
            .where('case_id', 'in', ids)
            // The latest as-of only: the history is one row per night.
            .where((eb) => eb('case_score.as_of', '=', eb.selectFrom('case_score as s2').select((e) => e.fn.max('s2.as_of').as('m')).whereRef('s2.case_id', '=', 'case_score.case_id')))
            .execute(),
    debtorIdsByPhoneHash: async (hash: string) => (await db.selectFrom('phone').select('debtor_id').where('number_hash', '=', hash).execute()).map((r) => r.debtor_id),
  };
}
