// Team board reads: one grouped statement per measure over the team's members (never one per collector), each
// read from an index range: attempts by (user_id, planned_at), open cases by (assigned_user_id, …), promises by
// (created_by, made_on) / (status, due_date) / (kept_on, status).
import type { Kysely } from 'kysely';
import type { DB } from '../../db/schema.js';

export type Member = { id: string; username: string; display_name: string; role: string; status: 'active' | 'disabled' };

const num = (v: unknown): number => Number(v ?? 0);

export function boardRepository(db: Kysely<DB>) {
  return {
    team: (id: string) => db.selectFrom('team').select(['id', 'name']).where('id', '=', id).executeTakeFirst(),
    teams: () => db.selectFrom('team').select(['id', 'name']).orderBy('name').orderBy('id').execute(),
    /** The team's collectors (phone and field), active first. */
    members: (teamId: string): Promise<Member[]> =>
      db
        .selectFrom('app_user')
        .select(['id', 'username', 'display_name', 'role', 'status'])
        .where('team_id', '=', teamId)
        .where('role', 'in', ['collector', 'field_collector'])
        .orderBy('status')
        .orderBy('display_name')
        .orderBy('id')
        .execute(),

    async openCases(ids: string[]) {
      const rows = await db
        .selectFrom('collection_case')
        .select(['assigned_user_id as uid', (eb) => eb.fn.countAll<number>().as('n')])
        .where('assigned_user_id', 'in', ids)
        .where('status', '=', 'open')
        .groupBy('assigned_user_id')
        .execute();
      return new Map(rows.map((r) => [r.uid!, num(r.n)]));
    },

    /** Attempts decided in [from, to): counts by kind, and the latest decision/completion that day. */
    async attempts(ids: string[], from: string, to: string) {
      const rows = await db
        .selectFrom('contact_attempt')
        .select((eb) => [
          'user_id as uid',
          eb.fn.sum<number>(eb.case().when('status', '!=', 'blocked').then(1).else(0).end()).as('attempts'),
          eb.fn.sum<number>(eb.case().when(eb.and([eb('status', '!=', 'blocked'), eb('channel', '=', 'call')])).then(1).else(0).end()).as('calls'),
          eb.fn.sum<number>(eb.case().when('result', '=', 'conversation').then(1).else(0).end()).as('conversations'),
          eb.fn.sum<number>(eb.case().when('status', '=', 'blocked').then(1).else(0).end()).as('blocked'),
          eb.fn.max('completed_at').as('last_completed'),
        ])
        .where('user_id', 'in', ids)
        .where('planned_at', '>=', from)
        .where('planned_at', '<', to)
        .groupBy('user_id')
        .execute();
      return new Map(rows.map((r) => [r.uid!, { attempts: num(r.attempts), calls: num(r.calls), conversations: num(r.conversations), blocked: num(r.blocked), lastCompleted: r.last_completed }]));
    },

    /**
     * The latest attempt each member decided, any day: a correlated max() per member, which both databases answer
     * from the top of the member's (user_id, planned_at) range instead of reading all their attempts.
     */
    async lastDecided(ids: string[]) {
      const rows = await db
        .selectFrom('app_user')
        .select((eb) => [
          'app_user.id as uid',
          eb.selectFrom('contact_attempt').select((e) => e.fn.max('contact_attempt.planned_at').as('m')).whereRef('contact_attempt.user_id', '=', 'app_user.id').as('at'),
        ])
        .where('app_user.id', 'in', ids)
        .execute();
      return new Map(rows.map((r) => [r.uid, (r.at ?? null) as string | null]));
    },

    /** Blocked attempts in [from, to) by member and blocking rule. */
    async blockRules(ids: string[], from: string, to: string) {
      return db
        .selectFrom('contact_attempt as a')
        .innerJoin('compliance_decision_rule as r', 'r.decision_id', 'a.decision_id')
        .select(['a.user_id as uid', 'r.rule_id', (eb) => eb.fn.count<number>('a.id').distinct().as('n')])
        .where('a.user_id', 'in', ids)
        .where('a.planned_at', '>=', from)
        .where('a.planned_at', '<', to)
        .where('a.status', '=', 'blocked')
        .where('r.outcome', '=', 'block')
        .groupBy(['a.user_id', 'r.rule_id'])
        .execute()
        .then((rows) => rows.map((r) => ({ uid: r.uid!, ruleId: r.rule_id, n: num(r.n) })));
    },

    async promisesMade(ids: string[], day: string) {
      const rows = await db
        .selectFrom('promise_to_pay')
        .select(['created_by as uid', (eb) => eb.fn.countAll<number>().as('n')])
        .where('created_by', 'in', ids)
        .where('made_on', '=', day)
        .groupBy('created_by')
        .execute();
      return new Map(rows.map((r) => [r.uid, num(r.n)]));
    },
    async promisesKept(ids: string[], day: string) {
      const rows = await db
        .selectFrom('promise_to_pay')
        .select(['created_by as uid', (eb) => eb.fn.countAll<number>().as('n')])
        .where('kept_on', '=', day)
        .where('status', '=', 'kept')
        .where('created_by', 'in', ids)
        .groupBy('created_by')
        .execute();
      return new Map(rows.map((r) => [r.uid, num(r.n)]));
    },
    async promisesDuePending(ids: string[], day: string) {
      const rows = await db
        .selectFrom('promise_to_pay')
        .select(['created_by as uid', (eb) => eb.fn.countAll<number>().as('n')])
        .where('status', '=', 'pending')
        .where('due_date', '=', day)
        .where('created_by', 'in', ids)
        .groupBy('created_by')
        .execute();
      return new Map(rows.map((r) => [r.uid, num(r.n)]));
    },
  };
}
