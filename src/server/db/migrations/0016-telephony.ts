import type { ConcordMigration } from '../migrator.js';

// Click-to-call (issue 5, item 5): the call events a dialer posts for a decided attempt (idempotent by the dialer's
// event id), the call facts kept on the attempt (times, duration, the dialer's result code, the recording's location
// as given — never fetched), and per-token permissions (null: the integration default, cases.read + intake.manage).
export const m0016Telephony: ConcordMigration = {
  name: '0016-telephony',
  async up(db, { t }) {
    await db.schema
      .createTable('call_event')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('event_id', 'text', (c) => c.notNull().unique())
      .addColumn('attempt_id', 'text', (c) => c.notNull().references('contact_attempt.id'))
      .addColumn('type', 'text', (c) => c.notNull())
      .addColumn('at', t.timestamp, (c) => c.notNull())
      .addColumn('duration_sec', 'integer')
      .addColumn('result', 'text')
      .addColumn('recording_url', 'text')
      .addColumn('recording_sha256', 'text')
      .addColumn('body_sha256', 'text', (c) => c.notNull())
      .addColumn('token_id', 'text')
      .addColumn('received_at', t.timestamp, (c) => c.notNull())
      .execute();
    await db.schema.createIndex('call_event_attempt_idx').on('call_event').columns(['attempt_id', 'at']).execute();
    await db.schema.alterTable('contact_attempt').addColumn('call_started_at', t.timestamp).execute();
    await db.schema.alterTable('contact_attempt').addColumn('call_answered_at', t.timestamp).execute();
    await db.schema.alterTable('contact_attempt').addColumn('call_ended_at', t.timestamp).execute();
    await db.schema.alterTable('contact_attempt').addColumn('call_duration_sec', 'integer').execute();
    await db.schema.alterTable('contact_attempt').addColumn('call_result', 'text').execute();
    await db.schema.alterTable('contact_attempt').addColumn('recording_url', 'text').execute();
    await db.schema.alterTable('contact_attempt').addColumn('recording_sha256', 'text').execute();
    await db.schema.alterTable('api_token').addColumn('scopes_json', t.json).execute();
  },
};
