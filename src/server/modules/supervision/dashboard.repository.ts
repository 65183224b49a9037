// Dashboard reads (issue 9, part 6): grouped statements over the cases in scope — one team (by the case's current
// team) or the whole book — for a period of agency days. Each measure is one statement; nothing is read per case.
import { sql, type Kysely, type SqlBool } from 'kysely';
import { rightPartyResults } from '../../../core/compliance/types.js';
import type { DB } from '../../db/schema.js';

const num = (v: unknown): number => Number(v ?? 0);

/** A payment row that counts: not a reversal row, and not reversed by a later row (the table aliased `pay`). */
const standingPayment = sql<SqlBool>`pay.reversal_of is null and not exists (select 1 from payment r where r.debt_account_id = pay.debt_account_id and r.reversal_of = pay.external_id)`;

type Period = { from: string; to: string; fromIso: string; toIso: string };

export function dashboardRepository(db: Kysely<DB>) {
  return {
    /** Open balance per currency (largest first): the first one is the scope's main currency. */
    async openBalance(teamId: string | null) {
      const rows = await db.selectFrom('collection_case as cc').select(['cc.currency', (eb) => eb.fn.sum<number>('cc.total_due_minor').as('minor')]).where('cc.status', '=', 'open').groupBy('cc.currency')
        .$if(teamId !== null, (q) => q.where('cc.assigned_team_id', '=', teamId)).execute();
      return rows.map((r) => ({ currency: r.currency, minor: num(r.minor) })).sort((a, b) => b.minor - a.minor || a.currency.localeCompare(b.currency));
    },

    /** Payments per day and currency in the period, net of payments a later row reversed; reversal rows excluded. */
    async collectedByDay(teamId: string | null, p: Period) {
      const rows = await db
          .selectFrom('payment as pay')
          .innerJoin('collection_case as cc', 'cc.id', 'pay.case_id')
          .select(['pay.paid_on', 'pay.currency', (eb) => eb.fn.sum<number>('pay.amount_minor').as('minor'), (eb) => eb.fn.countAll<number>().as('n')])
          .where('pay.paid_on', '>=', p.from)
          .where('pay.paid_on', '<=', p.to)
          .where(standingPayment)
          .groupBy(['pay.paid_on', 'pay.currency'])
        .$if(teamId !== null, (q) => q.where('cc.assigned_team_id', '=', teamId)).execute();
      return rows.map((r) => ({ day: r.paid_on, currency: r.currency, minor: num(r.minor), n: num(r.n) }));
    },

    /** Promises made in the period, and promises due in it by status. */
    async promises(teamId: string | null, p: Period) {
      const base = () => db.selectFrom('promise_to_pay as ptp').innerJoin('collection_case as cc', 'cc.id', 'ptp.case_id');
      const [made, due] = await Promise.all([
        base().select((eb) => eb.fn.countAll<number>().as('n')).where('ptp.made_on', '>=', p.from).where('ptp.made_on', '<=', p.to).$if(teamId !== null, (q) => q.where('cc.assigned_team_id', '=', teamId)).executeTakeFirst(),
        base().select(['ptp.status', (eb) => eb.fn.countAll<number>().as('n')]).where('ptp.due_date', '>=', p.from).where('ptp.due_date', '<=', p.to).groupBy('ptp.status').$if(teamId !== null, (q) => q.where('cc.assigned_team_id', '=', teamId)).execute(),
      ]);
      return { made: num(made?.n), due: new Map(due.map((r) => [r.status, num(r.n)])) };
    },

    /** Outbound attempts planned in the period by channel: completed, right-party, blocked by the engine. */
    async contactsByChannel(teamId: string | null, p: Period) {
      const rows = await db
          .selectFrom('contact_attempt as a')
          .innerJoin('collection_case as cc', 'cc.id', 'a.case_id')
          .select(['a.channel', 'a.status', 'a.result', (eb) => eb.fn.countAll<number>().as('n')])
          .where('a.direction', '=', 'outbound')
          .where('a.planned_at', '>=', p.fromIso)
          .where('a.planned_at', '<', p.toIso)
          .groupBy(['a.channel', 'a.status', 'a.result'])
        .$if(teamId !== null, (q) => q.where('cc.assigned_team_id', '=', teamId)).execute();
      return rows.map((r) => ({ channel: r.channel as string, status: r.status, result: r.result, n: num(r.n) }));
    },

    /** The collectors in scope (the team's, or everyone's) with their team's name. */
    collectors: (teamId: string | null) => {
      let q = db
        .selectFrom('app_user as u')
        .leftJoin('team as t', 't.id', 'u.team_id')
        .select(['u.id', 'u.display_name', 'u.role', 't.name as team_name'])
        .where('u.role', 'in', ['collector', 'field_collector'])
        .where('u.status', '=', 'active');
      if (teamId) q = q.where('u.team_id', '=', teamId);
      return q.orderBy('t.name').orderBy('u.display_name').orderBy('u.id').execute();
    },

    /** Per collector: open cases and their balance (one currency), payments in the period on those cases. */
    async perCollectorBook(ids: string[], currency: string, p: Period) {
      if (ids.length === 0) return { book: new Map<string, { n: number; minor: number }>(), collected: new Map<string, number>() };
      const [book, collected] = await Promise.all([
        db
          .selectFrom('collection_case')
          .select(['assigned_user_id as uid', (eb) => eb.fn.countAll<number>().as('n'), (eb) => eb.fn.sum<number>(eb.case().when('currency', '=', currency).then(eb.ref('total_due_minor')).else(0).end()).as('minor')])
          .where('assigned_user_id', 'in', ids)
          .where('status', '=', 'open')
          .groupBy('assigned_user_id')
          .execute(),
        db
          .selectFrom('payment as pay')
          .innerJoin('collection_case as cc', 'cc.id', 'pay.case_id')
          .select(['cc.assigned_user_id as uid', (eb) => eb.fn.sum<number>('pay.amount_minor').as('minor')])
          .where('cc.assigned_user_id', 'in', ids)
          .where('pay.currency', '=', currency)
          .where('pay.paid_on', '>=', p.from)
          .where('pay.paid_on', '<=', p.to)
          .where(standingPayment)
          .groupBy('cc.assigned_user_id')
          .execute(),
      ]);
      return {
        book: new Map(book.map((r) => [r.uid!, { n: num(r.n), minor: num(r.minor) }])),
        collected: new Map(collected.map((r) => [r.uid!, num(r.minor)])),
      };
    },

    /** Per collector: completed outbound attempts and right-party contacts planned in the period. */
    async perCollectorContacts(ids: string[], p: Period) {
      if (ids.length === 0) return new Map<string, { attempts: number; rpc: number }>();
      const rows = await db
        .selectFrom('contact_attempt')
        .select([
          'user_id as uid',
          (eb) => eb.fn.countAll<number>().as('n'),
          (eb) => eb.fn.sum<number>(eb.case().when('result', 'in', [...rightPartyResults]).then(1).else(0).end()).as('rpc'),
        ])
        .where('user_id', 'in', ids)
        .where('planned_at', '>=', p.fromIso)
        .where('planned_at', '<', p.toIso)
        .where('status', '=', 'completed')
        .where('direction', '=', 'outbound')
        .groupBy('user_id')
        .execute();
      return new Map(rows.map((r) => [r.uid!, { attempts: num(r.n), rpc: num(r.rpc) }]));
    },

    /** Per collector (who made them): promises made in the period; promises due in it, and how many were kept. */
    async perCollectorPromises(ids: string[], p: Period) {
      if (ids.length === 0) return { made: new Map<string, number>(), due: new Map<string, { due: number; kept: number }>() };
      const [made, due] = await Promise.all([
        db.selectFrom('promise_to_pay').select(['created_by as uid', (eb) => eb.fn.countAll<number>().as('n')]).where('created_by', 'in', ids).where('made_on', '>=', p.from).where('made_on', '<=', p.to).groupBy('created_by').execute(),
        db
          .selectFrom('promise_to_pay')
          .select(['created_by as uid', (eb) => eb.fn.countAll<number>().as('n'), (eb) => eb.fn.sum<number>(eb.case().when('status', '=', 'kept').then(1).else(0).end()).as('kept')])
          .where('created_by', 'in', ids)
          .where('due_date', '>=', p.from)
          .where('due_date', '<=', p.to)
          .groupBy('created_by')
          .execute(),
      ]);
      return { made: new Map(made.map((r) => [r.uid, num(r.n)])), due: new Map(due.map((r) => [r.uid, { due: num(r.n), kept: num(r.kept) }])) };
    },

    /** The latest completed nightly runs, newest first. */
    runs: (limit: number) =>
      db.selectFrom('nightly_run').select(['as_of', 'report_json']).where('status', '=', 'completed').orderBy('as_of', 'desc').limit(limit).execute(),

    /** Bucket at one run → bucket at a later one (or the case's status when it left the open book), cases in scope. */
    async rollRates(teamId: string | null, fromAsOf: string, toAsOf: string) {
      const rows = await db
          .selectFrom('case_score as prev')
          .innerJoin('collection_case as cc', 'cc.id', 'prev.case_id')
          .leftJoin('case_score as cur', (j) => j.onRef('cur.case_id', '=', 'prev.case_id').on('cur.as_of', '=', toAsOf))
          .select(['prev.bucket as from_bucket', 'cur.bucket as to_bucket', 'cc.status', (eb) => eb.fn.countAll<number>().as('n')])
          .where('prev.as_of', '=', fromAsOf)
          .groupBy(['prev.bucket', 'cur.bucket', 'cc.status'])
        .$if(teamId !== null, (q) => q.where('cc.assigned_team_id', '=', teamId)).execute();
      return rows.map((r) => ({ from: r.from_bucket, to: r.to_bucket ?? r.status, n: num(r.n) }));
    },

    /**
     * Champion vs challenger: the cases of each arm of one run (in scope), and their outcomes in the period —
     * collected (net of reversals), promises due and kept, completed contacts and right-party contacts.
     */
    async arms(teamId: string | null, asOf: string, p: Period) {
      const scored = () =>
        db
          .selectFrom('case_score as s')
          .innerJoin('collection_case as cc', 'cc.id', 's.case_id')
          .where('s.as_of', '=', asOf)
          .$if(teamId !== null, (q) => q.where('cc.assigned_team_id', '=', teamId));
      const [cases, paid, promises, contacts] = await Promise.all([
        scored().select(['s.arm', (eb) => eb.fn.countAll<number>().as('n')]).groupBy('s.arm').execute(),
        scored()
          .innerJoin('payment as pay', 'pay.case_id', 's.case_id')
          .select(['s.arm', (eb) => eb.fn.sum<number>('pay.amount_minor').as('minor')])
          .where('pay.paid_on', '>=', p.from)
          .where('pay.paid_on', '<=', p.to)
          .where(standingPayment)
          .groupBy('s.arm')
          .execute(),
        scored()
          .innerJoin('promise_to_pay as ptp', 'ptp.case_id', 's.case_id')
          .select(['s.arm', (eb) => eb.fn.countAll<number>().as('n'), (eb) => eb.fn.sum<number>(eb.case().when('ptp.status', '=', 'kept').then(1).else(0).end()).as('kept')])
          .where('ptp.due_date', '>=', p.from)
          .where('ptp.due_date', '<=', p.to)
          .where('ptp.status', '!=', 'pending')
          .groupBy('s.arm')
          .execute(),
        scored()
          .innerJoin('contact_attempt as a', 'a.case_id', 's.case_id')
          .select(['s.arm', (eb) => eb.fn.countAll<number>().as('n'), (eb) => eb.fn.sum<number>(eb.case().when('a.result', 'in', [...rightPartyResults]).then(1).else(0).end()).as('rpc')])
          .where('a.planned_at', '>=', p.fromIso)
          .where('a.planned_at', '<', p.toIso)
          .where('a.status', '=', 'completed')
          .where('a.direction', '=', 'outbound')
          .groupBy('s.arm')
          .execute(),
      ]);
      const key = (arm: string | null) => arm ?? 'none';
      return cases.map((c) => {
        const k = key(c.arm);
        const pr = promises.find((x) => key(x.arm) === k);
        const co = contacts.find((x) => key(x.arm) === k);
        return {
          arm: k,
          cases: num(c.n),
          collectedMinor: num(paid.find((x) => key(x.arm) === k)?.minor),
          promisesDecided: num(pr?.n),
          promisesKept: num(pr?.kept),
          attempts: num(co?.n),
          rightParty: num(co?.rpc),
        };
      });
    },

    /** Scores of one run's cases in scope, counted per score value. */
    async scoreCounts(teamId: string | null, asOf: string) {
      const rows = await db
          .selectFrom('case_score as s')
          .innerJoin('collection_case as cc', 'cc.id', 's.case_id')
          .select(['s.score', (eb) => eb.fn.countAll<number>().as('n')])
          .where('s.as_of', '=', asOf)
          .groupBy('s.score')
        .$if(teamId !== null, (q) => q.where('cc.assigned_team_id', '=', teamId)).execute();
      return rows.map((r) => ({ score: num(r.score), n: num(r.n) }));
    },
  };
}
