import { sql } from 'kysely';
import type { ConcordMigration } from '../migrator.js';

// My queue at 100,000 cases (issue 5): each scope branch (my cases, my team's) is read in the
// queue's full order straight from an index, so a page stops after its rows instead of sorting the scope.
// - The order's NULLS LAST keys are written as `(x is null), x`: the same expressions in the index and in the
//   query, and the same on SQLite and PostgreSQL (whose defaults for NULLs differ).
// - Each index ends with the other branch's owner and the bucket and creditor filters, so counting a branch, the
//   overlap of the two, or a filtered page is read from the index alone.
// - Promises and callbacks are probed per case by (case_id, status, due) and read for the day by (status, due).
const order = sql.raw('status, (priority_score is null), priority_score desc, (next_action_at is null), next_action_at, dpd desc, id');

export const m0021DeskQueueOrder: ConcordMigration = {
  name: '0021-desk-queue-order',
  async up(db) {
    await sql`create index case_user_queue_idx on collection_case (assigned_user_id, ${order}, assigned_team_id, bucket, creditor_id)`.execute(db);
    await sql`create index case_team_queue_idx on collection_case (assigned_team_id, ${order}, assigned_user_id, bucket, creditor_id)`.execute(db);
    await db.schema.createIndex('promise_case_status_due_idx').on('promise_to_pay').columns(['case_id', 'status', 'due_date']).execute();
    await db.schema.createIndex('callback_status_due_idx').on('callback').columns(['status', 'due_at', 'case_id']).execute();
  },
};
