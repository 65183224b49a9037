import type { ConcordMigration } from '../migrator.js';

// My queue (issue 5, part 1): each scope branch (my cases, my team's) read in priority order from its own index.
export const m0013DeskQueue: ConcordMigration = {
  name: '0013-desk-queue',
  async up(db) {
    await db.schema.createIndex('case_user_priority_idx').on('collection_case').columns(['assigned_user_id', 'priority_score', 'id']).execute();
    await db.schema.createIndex('case_team_priority_idx').on('collection_case').columns(['assigned_team_id', 'priority_score', 'id']).execute();
    await db.schema.createIndex('promise_status_due_idx').on('promise_to_pay').columns(['status', 'due_date', 'case_id']).execute();
    await db.schema.createIndex('attempt_completed_idx').on('contact_attempt').columns(['completed_at', 'case_id']).execute();
  },
};
