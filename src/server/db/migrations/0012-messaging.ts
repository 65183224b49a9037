import type { ConcordMigration } from '../migrator.js';

// Messaging (issue 6, first slice): templates with versions approved by a different user (maker–checker), and the
// transactional outbox the delivery worker drains (status + next attempt index for the claim).
export const m0012Messaging: ConcordMigration = {
  name: '0012-messaging',
  async up(db, { t }) {
    await db.schema
      .createTable('message_template')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('channel', 'text', (c) => c.notNull())
      .addColumn('locale', 'text', (c) => c.notNull())
      .addColumn('name', 'text', (c) => c.notNull())
      .addColumn('rule_packs', 'text', (c) => c.notNull())
      .addColumn('created_by', 'text', (c) => c.notNull().references('app_user.id'))
      .addColumn('created_at', t.timestamp, (c) => c.notNull())
      .execute();
    await db.schema
      .createTable('message_template_version')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('template_id', 'text', (c) => c.notNull().references('message_template.id'))
      .addColumn('version', 'integer', (c) => c.notNull())
      .addColumn('subject', 'text')
      .addColumn('body', 'text', (c) => c.notNull())
      .addColumn('status', 'text', (c) => c.notNull())
      .addColumn('created_by', 'text', (c) => c.notNull().references('app_user.id'))
      .addColumn('created_at', t.timestamp, (c) => c.notNull())
      .addColumn('approved_by', 'text', (c) => c.references('app_user.id'))
      .addColumn('approved_at', t.timestamp)
      .addUniqueConstraint('message_template_version_uq', ['template_id', 'version'])
      .execute();
    await db.schema
      .createTable('outbox_message')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('case_id', 'text', (c) => c.notNull().references('collection_case.id'))
      .addColumn('debtor_id', 'text', (c) => c.notNull().references('debtor.id'))
      .addColumn('template_version_id', 'text', (c) => c.references('message_template_version.id'))
      .addColumn('channel', 'text', (c) => c.notNull())
      .addColumn('contact_point_id', 'text', (c) => c.notNull())
      .addColumn('subject', 'text')
      .addColumn('body', 'text', (c) => c.notNull())
      .addColumn('institution', 'text', (c) => c.notNull())
      .addColumn('status', 'text', (c) => c.notNull())
      .addColumn('attempts', 'integer', (c) => c.notNull())
      .addColumn('next_attempt_at', t.timestamp, (c) => c.notNull())
      .addColumn('last_error', 'text')
      .addColumn('provider_message_id', 'text')
      .addColumn('attempt_id', 'text', (c) => c.references('contact_attempt.id'))
      .addColumn('created_by', 'text', (c) => c.references('app_user.id'))
      .addColumn('created_at', t.timestamp, (c) => c.notNull())
      .addColumn('sending_at', t.timestamp)
      .addColumn('sent_at', t.timestamp)
      .addColumn('updated_at', t.timestamp, (c) => c.notNull())
      .execute();
    await db.schema.createIndex('outbox_message_due_idx').on('outbox_message').columns(['status', 'next_attempt_at']).execute();
    await db.schema.createIndex('outbox_message_case_idx').on('outbox_message').columns(['case_id', 'created_at']).execute();
  },
};
