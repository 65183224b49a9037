import type { ConcordMigration } from '../migrator.js';

// Logging a contact (issue 5, part 3): callbacks agreed on a call, checked against the engine when logged and
// read by My queue (pending callbacks due today come first, beside promises).
export const m0015DeskCallback: ConcordMigration = {
  name: '0015-desk-callback',
  async up(db, { t }) {
    await db.schema
      .createTable('callback')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('case_id', 'text', (c) => c.notNull().references('collection_case.id'))
      .addColumn('attempt_id', 'text', (c) => c.notNull().references('contact_attempt.id'))
      .addColumn('party_kind', 'text', (c) => c.notNull())
      .addColumn('party_id', 'text', (c) => c.notNull())
      .addColumn('contact_point_id', 'text')
      .addColumn('due_at', t.timestamp, (c) => c.notNull())
      .addColumn('status', 'text', (c) => c.notNull())
      .addColumn('created_by', 'text', (c) => c.references('app_user.id'))
      .addColumn('created_at', t.timestamp, (c) => c.notNull())
      .execute();
    await db.schema.createIndex('callback_case_status_due_idx').on('callback').columns(['case_id', 'status', 'due_at']).execute();
  },
};
