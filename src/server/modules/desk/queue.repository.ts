// My queue reads. Every statement carries the cases module's scope filter; the union branches only add a
// narrower condition (my cases / my team's) so each branch is read in queue order from its own
// index (0021: owner, status, the order's keys, id, then the other owner, bucket and creditor) and a first page stops after its rows.
import { sql, type Expression, type ExpressionBuilder, type Kysely, type SelectQueryBuilder, type SqlBool } from 'kysely';
import type { DB } from '../../db/schema.js';
import type { DialectName } from '../../db/dialect.js';
import type { DataScope } from '../../platform/access.js';
import { scopeFilter } from '../cases/index.js';
import { AGENCY_TIME_ZONE } from '../staff/index.js';
import { dayStartIso as zonedDayStart } from '../../platform/clock.js';
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

/**
 * Branches whose union is the scope, each AND-ed with the scope filter itself: my cases, my team's cases. They
 * overlap (my cases in my team): pages merge them with UNION, counts subtract the overlap. (Disjoint branches —
 * "my team's but not mine" — were tried: when a collector's cases are all in the team, that branch is empty and
 * proving it so walks the whole team range on every request.)
 */
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

/**
 * The queue order: score desc, next action asc, both with NULLs last, DPD desc, id. NULLS LAST is written as
 * `(x is null), x` so that SQLite and PostgreSQL read it from the same index (0021) in the same order.
 */
function inQueueOrder<Q extends { orderBy: (...a: never[]) => unknown }>(qb: Q, t: 'collection_case' | 'u' | 'w'): Q {
  type OB = SelectQueryBuilder<DB, 'collection_case', object>;
  const q = qb as unknown as OB;
  return q
    .orderBy(sql`(${sql.ref(`${t}.priority_score`)} is null)`)
    .orderBy(sql.ref(`${t}.priority_score`), 'desc')
    .orderBy(sql`(${sql.ref(`${t}.next_action_at`)} is null)`)
    .orderBy(sql.ref(`${t}.next_action_at`))
    .orderBy(sql.ref(`${t}.dpd`), 'desc')
    .orderBy(sql.ref(`${t}.id`)) as unknown as Q;
}

/** Index entries a walk for the due part may be expected to read per branch before the day's due set is read instead. */
const DUE_WALK = 2000;

/** `prefix%` as a range on the name index: only for names without ASCII letters, where LIKE is exact on SQLite. */
function nameRange(prefix: string): [string, string] | null {
  if (!prefix || /[A-Za-z]/.test(prefix)) return null;
  const cps = [...prefix];
  const last = cps.pop()!.codePointAt(0)!;
  if (last >= 0x10ffff) return null;
  return [prefix, cps.join('') + String.fromCodePoint(last + 1)];
}

/** The first instant of the agency day `today` + `plus` days (midnight in Asia/Shanghai). */
export const dayStartIso = (today: string, plus: number): string => zonedDayStart(AGENCY_TIME_ZONE, today, plus);

/** The first instant after the agency day `today`. */
const tomorrowStartOf = (today: string): string => dayStartIso(today, 1);

/** dueWalk: see duePart (tests set it to choose the way). */
export function queueRepository(db: Kysely<DB>, dialect: DialectName = 'sqlite', opts: { dueWalk?: number } = {}) {
  const dueWalk = opts.dueWalk ?? DUE_WALK;
  /** Debtors whose name starts with the prefix (LIKE; on SQLite also as a range on the name index when exact). */
  const namesLike = (like: string) => {
    // A prefix without ASCII letters (a Chinese surname) is also given as a range, which the name index serves;
    // LIKE stays, so the result is the same. Not on PostgreSQL, whose collation does not order by code point.
    const range = dialect === 'sqlite' && like.endsWith('%') ? nameRange(like.slice(0, -1)) : null;
    let names = db.selectFrom('debtor').select('debtor.id').where('debtor.full_name', 'like', like);
    if (range) names = names.where('debtor.full_name', '>=', range[0]).where('debtor.full_name', '<', range[1]);
    return names;
  };
  /**
   * Where a query's cases come from. A name search reads the matching debtors first and their cases after
   * (cross join: SQLite keeps that order), then sorts the few matches: walking the scope in queue order and
   * testing each case's debtor would read every case of a rare name's scope.
   */
  const source = (f: QueueFilter): CaseQB<object> =>
    f.namePrefix
      ? (db.selectFrom(namesLike(f.namePrefix).as('dn')).crossJoin('collection_case').whereRef('collection_case.debtor_id', '=', 'dn.id') as unknown as CaseQB<object>)
      : db.selectFrom('collection_case');
  const filtered = <O>(qb: CaseQB<O>, f: QueueFilter): CaseQB<O> => {
    let q = qb.where('collection_case.status', '=', f.status);
    if (f.bucket) q = q.where('collection_case.bucket', '=', f.bucket);
    if (f.creditorId) q = q.where('collection_case.creditor_id', '=', f.creditorId);
    if (f.language) {
      const lang = f.language;
      q = q.where('collection_case.debtor_id', 'in', db.selectFrom('debtor').select('debtor.id').where('debtor.preferred_language', '=', lang));
    }
    if (f.debtorIds) q = f.debtorIds.length ? q.where('collection_case.debtor_id', 'in', f.debtorIds) : q.where((eb) => eb.lit(false));
    return q;
  };
  /** A search (name or phone) matches few cases: one statement over the whole scope, sorted, instead of branches. */
  const searching = (f: QueueFilter) => Boolean(f.namePrefix || f.debtorIds);
  const plan = (scope: DataScope, f: QueueFilter): { conds: Cond[]; overlap?: Cond } =>
    searching(f) ? (scope.kind === 'none' ? { conds: [] } : { conds: [(eb) => scopeFilter(scope)(eb) as Expression<SqlBool>] }) : branches(scope);
  const select = (f: QueueFilter, c: Cond) => filtered(source(f).where(c), f);

  /** A pending promise due on or before today, or a pending callback due before tomorrow (agency day, UTC+8), on
   *  the case whose id is `ref` (the case table, or a derived table of its rows). */
  const dueExists = (today: string, ref = 'collection_case.id') => (eb: ExpressionBuilder<DB, 'collection_case'>) =>
    eb.or([
      eb.exists(
        eb
          .selectFrom('promise_to_pay')
          // A constant, not the id: the probe is then answered from the (case_id, status, due) index alone.
          .select(sql.lit(1).as('one'))
          .where('promise_to_pay.case_id', '=', sql.ref<string>(ref))
          .where('promise_to_pay.status', '=', 'pending')
          .where('promise_to_pay.due_date', '<=', today),
      ),
      eb.exists(
        eb
          .selectFrom('callback')
          .select(sql.lit(1).as('one'))
          .where('callback.case_id', '=', sql.ref<string>(ref))
          .where('callback.status', '=', 'pending')
          .where('callback.due_at', '<', tomorrowStartOf(today)),
      ),
    ]);
  /** The day's due cases (all scopes): read from the promises' and callbacks' (status, due) indexes. */
  const dueSet = (today: string) =>
    db
      .selectFrom('promise_to_pay')
      .select('promise_to_pay.case_id')
      .where('promise_to_pay.status', '=', 'pending')
      .where('promise_to_pay.due_date', '<=', today)
      .union(db.selectFrom('callback').select('callback.case_id').where('callback.status', '=', 'pending').where('callback.due_at', '<', tomorrowStartOf(today)));
  /** Cases in scope and filter, read from the day's due set (cross join: SQLite keeps the due set outside). */
  const fromDueSet = (scope: DataScope, f: QueueFilter, today: string) => {
    let q = filtered(db.selectFrom(dueSet(today).as('d')).crossJoin('collection_case').whereRef('collection_case.id', '=', 'd.case_id').where(scopeFilter(scope)), f);
    if (f.namePrefix) q = q.where('collection_case.debtor_id', 'in', namesLike(f.namePrefix));
    return q;
  };
  const keyCols = ['collection_case.id', 'collection_case.priority_score', 'collection_case.next_action_at', 'collection_case.dpd'] as const;
  type Key = { id: string; priority_score: number | null; next_action_at: string | null; dpd: number };

  /** The branches' pages (each already limited) cut from their union (duplicates removed) in queue order. */
  function merge(pages: CaseQB<Key>[], offset: number, limit: number): Promise<Key[]> {
    const [first, ...rest] = pages.map((p, i) => db.selectFrom(p.as(`b${i}`)).selectAll());
    const union = rest.reduce((u, q) => u.union(q), first!);
    return inQueueOrder(db.selectFrom(union.as('u')).selectAll(), 'u').offset(offset).limit(limit).execute() as Promise<Key[]>;
  }

  /**
   * The first `n` due cases in queue order, and whether they are all there are. Two exact ways, chosen by cost:
   * - walk each branch's index in order, probing each case for a due promise or callback, until n are found —
   *   cheap when due cases are dense in the scope, a scan of the scope when they are rare;
   * - read the day's due set (pending promises due by today, callbacks due today: a day's work, not the
   *   portfolio) and sort the cases of it that are in scope.
   * `hint` (the scope's case and due-case counts, possibly a few seconds old) picks the walk when it is expected to
   * stop within `dueWalk` entries; without a hint, or when the walk is expected to be long, the due set is read.
   * The hint only chooses the way: both give the same rows.
   */
  async function duePart(scope: DataScope, f: QueueFilter, today: string, n: number, hint?: { total: number; due: number }): Promise<{ keys: Key[]; all: boolean }> {
    const { conds } = plan(scope, f);
    if (conds.length === 0 || n === 0) return { keys: [], all: conds.length === 0 };
    const ordered = (q: CaseQB<object>) => inQueueOrder(q.select(keyCols), 'collection_case') as unknown as CaseQB<Key>;
    const due = (q: CaseQB<object>) => q.where((eb) => dueExists(today)(eb));
    if (searching(f)) {
      const keys = await ordered(due(select(f, conds[0]!))).limit(n).execute();
      return { keys, all: keys.length < n };
    }
    const walk = hint !== undefined && hint.due > 0 && (n * hint.total) / hint.due <= dueWalk;
    if (walk) {
      // Each branch's first n due cases; the first n of all are among them.
      const pages = await Promise.all(conds.map((c) => ordered(due(select(f, c))).limit(n).execute()));
      const keys = await mergeRows(pages, n);
      return { keys, all: keys.length < n };
    }
    const keys = await ordered(fromDueSet(scope, f, today) as unknown as CaseQB<object>).limit(n).execute();
    return { keys, all: keys.length < n };
  }

  /** Up to n rows of several queue-ordered lists, in queue order. */
  async function mergeRows(lists: Key[][], n: number): Promise<Key[]> {
    const nonEmpty = lists.filter((l) => l.length > 0);
    if (nonEmpty.length <= 1) return (nonEmpty[0] ?? []).slice(0, n);
    // Mine are usually my team's too: when one list holds every other's rows it is the answer (a shorter list is
    // its branch's all; an equal one is the same rows).
    const longest = nonEmpty.reduce((a, b) => (b.length > a.length ? b : a));
    const inLongest = new Set(longest.map((k) => k.id));
    if (nonEmpty.every((l) => l.every((k) => inLongest.has(k.id)))) return longest.slice(0, n);
    // The id tie-break follows the database's collation: the database orders the few rows.
    const ids = [...new Set(nonEmpty.flat().map((k) => k.id))];
    return (await inQueueOrder(db.selectFrom('collection_case').select(keyCols).where('collection_case.id', 'in', ids), 'collection_case').limit(n).execute()) as Key[];
  }

  /** Cases that are not due, in queue order: each branch read from its index, due cases skipped by a probe. */
  function restPart(scope: DataScope, f: QueueFilter, today: string, offset: number, limit: number): Promise<Key[]> {
    const pages = plan(scope, f).conds.map((c) => inQueueOrder(select(f, c).select(keyCols).where((eb) => eb.not(dueExists(today)(eb))), 'collection_case') as unknown as CaseQB<Key>);
    if (pages.length === 0) return Promise.resolve([]);
    if (pages.length === 1) return pages[0]!.offset(offset).limit(limit).execute();
    // Each branch contributes at most offset+limit rows; the page is cut from their union.
    return merge(pages.map((p) => p.limit(offset + limit)), offset, limit);
  }

  /** |A ∪ B| = |A| + |B| − |A ∩ B| over the scope branches, with an extra condition; each an index-only count. */
  async function countIn(scope: DataScope, f: QueueFilter, extra?: Cond) {
    const { conds, overlap } = plan(scope, f);
    const countOf = async (c: Cond) => {
      let q = select(f, c);
      if (extra) q = q.where(extra);
      return Number((await q.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()).n);
    };
    const [parts, both] = await Promise.all([Promise.all(conds.map(countOf)), overlap && conds.length > 1 ? countOf(overlap) : Promise.resolve(0)]);
    return parts.reduce((a, b) => a + b, 0) - both;
  }

  return {
    duePart,
    restPart,
    countIn,
    /** Due cases in scope and filter (that `except` leaves out), read from the day's due set. */
    async dueCount(scope: DataScope, f: QueueFilter, today: string, except?: Cond) {
      let q = fromDueSet(scope, f, today);
      if (except) q = q.where((eb) => eb.not(except(eb)));
      return Number((await q.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()).n);
    },
    /** Pending promises due today on cases in scope (rows, not cases), read from the day's promises. */
    async promisesDue(scope: DataScope, today: string) {
      const r = await db
        .selectFrom('promise_to_pay')
        .crossJoin('collection_case')
        .whereRef('collection_case.id', '=', 'promise_to_pay.case_id')
        .where(scopeFilter(scope))
        .where('promise_to_pay.status', '=', 'pending')
        .where('promise_to_pay.due_date', '=', today)
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .executeTakeFirstOrThrow();
      return Number(r.n);
    },
    /** Distinct cases in scope with a completed attempt since `from`, read from the day's attempts. */
    async contactedSince(scope: DataScope, from: string) {
      const r = await db
        .selectFrom('contact_attempt')
        .crossJoin('collection_case')
        .whereRef('collection_case.id', '=', 'contact_attempt.case_id')
        .where(scopeFilter(scope))
        .where('contact_attempt.status', '=', 'completed')
        .where('contact_attempt.completed_at', '>=', from)
        .select((eb) => eb.fn.count<number>('contact_attempt.case_id').distinct().as('n'))
        .executeTakeFirstOrThrow();
      return Number(r.n);
    },
    /**
     * The page's rows and their details in one statement: the case, debtor and creditor, the debtor's first own
     * phone (mobiles first, then by created_at, id), the earliest pending promise due by today, the earliest
     * pending callback due before tomorrow, and the latest score's reasons and next action kind. Each detail is a
     * correlated subquery answered by its case's (or debtor's) index: phone (debtor_id), promise (case_id, status,
     * due_date), callback (case_id, status, due_at), case_score (case_id, as_of).
     */
    page: (ids: string[], today: string) =>
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
            .select((eb) => [
              eb
                .selectFrom('phone')
                .select('phone.number_masked')
                .whereRef('phone.debtor_id', '=', 'collection_case.debtor_id')
                .where('phone.contact_person_id', 'is', null)
                .orderBy(sql`(case when ${sql.ref('phone.kind')} = 'mobile' then 0 else 1 end)`)
                .orderBy('phone.created_at')
                .orderBy('phone.id')
                .limit(1)
                .as('phone_masked'),
              eb
                .selectFrom('promise_to_pay')
                .select((e) => e.fn.min('promise_to_pay.due_date').as('d'))
                .whereRef('promise_to_pay.case_id', '=', 'collection_case.id')
                .where('promise_to_pay.status', '=', 'pending')
                .where('promise_to_pay.due_date', '<=', today)
                .as('promise_due'),
              eb
                .selectFrom('callback')
                .select((e) => e.fn.min('callback.due_at').as('d'))
                .whereRef('callback.case_id', '=', 'collection_case.id')
                .where('callback.status', '=', 'pending')
                .where('callback.due_at', '<', tomorrowStartOf(today))
                .as('callback_due'),
              // The latest as-of only (the history is one row per night; (case_id, as_of) is unique).
              eb.selectFrom('case_score').select('case_score.reasons_json').whereRef('case_score.case_id', '=', 'collection_case.id').orderBy('case_score.as_of', 'desc').limit(1).as('reasons_json'),
              eb.selectFrom('case_score').select('case_score.next_action_kind').whereRef('case_score.case_id', '=', 'collection_case.id').orderBy('case_score.as_of', 'desc').limit(1).as('next_action_kind'),
            ])
            .where('collection_case.id', 'in', ids)
            .execute(),
    debtorIdsByPhoneHash: async (hash: string) => (await db.selectFrom('phone').select('debtor_id').where('number_hash', '=', hash).execute()).map((r) => r.debtor_id),
  };
}
