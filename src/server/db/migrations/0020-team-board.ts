import type { ConcordMigration } from '../migrator.js';

// The team board (issue 5, item 6) counts a day's promises per collector. Without these, "promises made" and
// "promises kept" read every promise (EXPLAIN: SCAN promise_to_pay); with them each is one index range per member.
// Attempts already are: contact_attempt_user_idx (user_id, planned_at).
export const m0020TeamBoard: ConcordMigration = {
  name: '0020-team-board',
  async up(db) {
    await db.schema.createIndex('promise_made_idx').on('promise_to_pay').columns(['created_by', 'made_on']).execute();
    await db.schema.createIndex('promise_kept_idx').on('promise_to_pay').columns(['kept_on', 'status', 'created_by']).execute();
  },
};
