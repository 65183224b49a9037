import { sql } from 'kysely';
import type { ConcordMigration } from '../migrator.js';

// Allocation and scheduling in the nightly run (issue 9, parts 4 and 5):
// - collector_profile: a collector's languages/dialects, regions, capacity (max open cases) and base (field work);
// - case_allocation: one row per (as-of date, case): where the run put the case, the collector before it, and why;
// - scheduled_action: the ledger that makes scheduling idempotent per (as-of, case, action kind) — what was
//   scheduled (outbox message, callback, visit request) or why not;
// - creditor_reminder_template: a creditor's default approved reminder template per channel (sms, email);
// - callback.attempt_id becomes nullable: a callback the strategy schedules comes from no contact attempt. The table is
//   rebuilt (SQLite cannot drop a NOT NULL), which works the same on PostgreSQL; its two indexes are recreated.
export const m0029Allocation: ConcordMigration = {
  name: '0029-allocation',
  async up(db, { t }) {
    await db.schema
      .createTable('collector_profile')
      .addColumn('user_id', 'text', (c) => c.primaryKey().references('app_user.id'))
      .addColumn('languages_json', t.json, (c) => c.notNull())
      .addColumn('regions_json', t.json, (c) => c.notNull())
      .addColumn('capacity', 'integer', (c) => c.notNull())
      .addColumn('base_latitude', 'real')
      .addColumn('base_longitude', 'real')
      .addColumn('updated_by', 'text')
      .addColumn('updated_at', t.timestamp, (c) => c.notNull())
      .execute();

    await db.schema
      .createTable('case_allocation')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('run_id', 'text', (c) => c.notNull().references('nightly_run.id'))
      .addColumn('as_of', t.date, (c) => c.notNull())
      .addColumn('case_id', 'text', (c) => c.notNull().references('collection_case.id'))
      .addColumn('outcome', 'text', (c) => c.notNull())
      .addColumn('reason', 'text')
      .addColumn('user_id', 'text')
      .addColumn('team_id', 'text')
      .addColumn('previous_user_id', 'text')
      .addColumn('previous_team_id', 'text')
      .addColumn('distance_km', 'real')
      .addColumn('explanation_json', t.json, (c) => c.notNull())
      .addColumn('created_at', t.timestamp, (c) => c.notNull())
      .addUniqueConstraint('case_allocation_as_of_case_uq', ['as_of', 'case_id'])
      .execute();
    await db.schema.createIndex('case_allocation_case_idx').on('case_allocation').columns(['case_id', 'as_of']).execute();

    await db.schema
      .createTable('scheduled_action')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('run_id', 'text', (c) => c.notNull().references('nightly_run.id'))
      .addColumn('as_of', t.date, (c) => c.notNull())
      .addColumn('case_id', 'text', (c) => c.notNull().references('collection_case.id'))
      .addColumn('kind', 'text', (c) => c.notNull())
      .addColumn('status', 'text', (c) => c.notNull())
      .addColumn('reason', 'text')
      .addColumn('ref_type', 'text')
      .addColumn('ref_id', 'text')
      .addColumn('user_id', 'text')
      .addColumn('due_at', t.timestamp)
      .addColumn('created_at', t.timestamp, (c) => c.notNull())
      .addUniqueConstraint('scheduled_action_as_of_case_kind_uq', ['as_of', 'case_id', 'kind'])
      .execute();

    await db.schema
      .createTable('creditor_reminder_template')
      .addColumn('creditor_id', 'text', (c) => c.notNull().references('creditor.id'))
      .addColumn('channel', 'text', (c) => c.notNull())
      .addColumn('template_id', 'text', (c) => c.notNull().references('message_template.id'))
      .addColumn('updated_by', 'text')
      .addColumn('updated_at', t.timestamp, (c) => c.notNull())
      .addPrimaryKeyConstraint('creditor_reminder_template_pk', ['creditor_id', 'channel'])
      .execute();

    await db.schema
      .createTable('callback_next')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('case_id', 'text', (c) => c.notNull().references('collection_case.id'))
      .addColumn('attempt_id', 'text', (c) => c.references('contact_attempt.id'))
      .addColumn('party_kind', 'text', (c) => c.notNull())
      .addColumn('party_id', 'text', (c) => c.notNull())
      .addColumn('contact_point_id', 'text')
      .addColumn('due_at', t.timestamp, (c) => c.notNull())
      .addColumn('status', 'text', (c) => c.notNull())
      .addColumn('created_by', 'text', (c) => c.references('app_user.id'))
      .addColumn('created_at', t.timestamp, (c) => c.notNull())
      .execute();
    await sql`insert into callback_next (id, case_id, attempt_id, party_kind, party_id, contact_point_id, due_at, status, created_by, created_at)
      select id, case_id, attempt_id, party_kind, party_id, contact_point_id, due_at, status, created_by, created_at from callback`.execute(db);
    await db.schema.dropTable('callback').execute();
    await db.schema.alterTable('callback_next').renameTo('callback').execute();
    await db.schema.createIndex('callback_case_status_due_idx').on('callback').columns(['case_id', 'status', 'due_at']).execute();
    await db.schema.createIndex('callback_status_due_idx').on('callback').columns(['status', 'due_at', 'case_id']).execute();
  },
};
