import type { ConcordMigration } from '../migrator.js';

// Field view, offline and evidence (issue 8, items 4–5): a visit's check-out (when, where, how long it lasted) and
// the time the server received an offline check-in; photo and audio evidence with the SHA-256 the phone computed at
// capture (the server recomputes it); and the client ids of the phone's mutations, so that a replay from the offline
// outbox returns the first result instead of doing the action twice.
export const m0026FieldSync: ConcordMigration = {
  name: '0026-field-sync',
  async up(db, { t }) {
    await db.schema.alterTable('field_visit').addColumn('received_at', t.timestamp).execute();
    await db.schema.alterTable('field_visit').addColumn('checked_out_at', t.timestamp).execute();
    await db.schema.alterTable('field_visit').addColumn('checkout_latitude', 'real').execute();
    await db.schema.alterTable('field_visit').addColumn('checkout_longitude', 'real').execute();
    await db.schema.alterTable('field_visit').addColumn('checkout_accuracy_m', 'real').execute();
    await db.schema.alterTable('field_visit').addColumn('duration_s', 'integer').execute();

    await db.schema
      .createTable('field_evidence')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('visit_id', 'text', (c) => c.notNull().references('field_visit.id'))
      .addColumn('stop_id', 'text', (c) => c.notNull())
      .addColumn('case_id', 'text', (c) => c.notNull().references('collection_case.id'))
      .addColumn('kind', 'text', (c) => c.notNull())
      .addColumn('mime_type', 'text', (c) => c.notNull())
      .addColumn('size_bytes', 'integer', (c) => c.notNull())
      .addColumn('sha256', 'text', (c) => c.notNull())
      .addColumn('content', t.bytes, (c) => c.notNull())
      .addColumn('captured_at', t.timestamp, (c) => c.notNull())
      .addColumn('received_at', t.timestamp, (c) => c.notNull())
      .addColumn('latitude', 'real')
      .addColumn('longitude', 'real')
      .addColumn('accuracy_m', 'real')
      .addColumn('uploaded_by', 'text', (c) => c.notNull().references('app_user.id'))
      .execute();
    await db.schema.createIndex('field_evidence_visit_idx').on('field_evidence').columns(['visit_id', 'captured_at']).execute();

    await db.schema
      .createTable('field_mutation')
      .addColumn('client_id', 'text', (c) => c.primaryKey())
      .addColumn('user_id', 'text', (c) => c.notNull().references('app_user.id'))
      .addColumn('action', 'text', (c) => c.notNull())
      .addColumn('stop_id', 'text', (c) => c.notNull())
      .addColumn('result_json', t.json, (c) => c.notNull())
      .addColumn('received_at', t.timestamp, (c) => c.notNull())
      .execute();
  },
};
