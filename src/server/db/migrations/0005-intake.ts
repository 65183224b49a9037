import type { ConcordMigration } from '../migrator.js';

// Portfolio intake: import jobs (files or JSON batches of placements and payments), one placement batch per
// placements import, a creditor's saved column mapping per kind. Payments (created by 0002) gain the creditor,
// the reversed payment and the import that brought them; a payment's external id is unique per creditor, so a
// payments file imported twice applies each payment once.
export const m0005Intake: ConcordMigration = {
  name: '0005-intake',
  async up(db, { t }) {
    await db.schema
      .createTable('import_job')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('creditor_id', 'text', (c) => c.notNull().references('creditor.id'))
      .addColumn('kind', 'text', (c) => c.notNull())
      .addColumn('source', 'text', (c) => c.notNull())
      .addColumn('status', 'text', (c) => c.notNull())
      .addColumn('file_name', 'text', (c) => c.notNull())
      .addColumn('file_path', 'text')
      .addColumn('encoding', 'text')
      .addColumn('delimiter', 'text')
      .addColumn('mapping_json', t.json)
      .addColumn('total_rows', 'integer', (c) => c.notNull())
      .addColumn('accepted_rows', 'integer', (c) => c.notNull())
      .addColumn('rejected_rows', 'integer', (c) => c.notNull())
      .addColumn('inserted_rows', 'integer', (c) => c.notNull())
      .addColumn('updated_rows', 'integer', (c) => c.notNull())
      .addColumn('unchanged_rows', 'integer', (c) => c.notNull())
      .addColumn('bytes_read', t.bigint, (c) => c.notNull())
      .addColumn('total_bytes', t.bigint)
      .addColumn('rejected_file_path', 'text')
      .addColumn('error', 'text')
      .addColumn('created_by', 'text')
      .addColumn('created_at', t.timestamp, (c) => c.notNull())
      .addColumn('started_at', t.timestamp)
      .addColumn('finished_at', t.timestamp)
      .execute();
    await db.schema.createIndex('import_job_creditor_idx').on('import_job').columns(['creditor_id', 'created_at']).execute();
    await db.schema.createIndex('import_job_status_idx').on('import_job').columns(['status', 'created_at']).execute();

    await db.schema
      .createTable('placement_batch')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('creditor_id', 'text', (c) => c.notNull().references('creditor.id'))
      .addColumn('import_job_id', 'text', (c) => c.notNull().unique().references('import_job.id'))
      .addColumn('received_at', t.timestamp, (c) => c.notNull())
      .execute();

    await db.schema
      .createTable('creditor_mapping')
      .addColumn('creditor_id', 'text', (c) => c.notNull().references('creditor.id'))
      .addColumn('kind', 'text', (c) => c.notNull())
      .addColumn('mapping_json', t.json, (c) => c.notNull())
      .addColumn('updated_at', t.timestamp, (c) => c.notNull())
      .addPrimaryKeyConstraint('creditor_mapping_pk', ['creditor_id', 'kind'])
      .execute();

    // Nullable: payments written before this migration (the demo's) name no creditor and are never re-imported.
    await db.schema.alterTable('payment').addColumn('creditor_id', 'text', (c) => c.references('creditor.id')).execute();
    await db.schema.alterTable('payment').addColumn('reversal_of', 'text').execute();
    await db.schema.alterTable('payment').addColumn('import_job_id', 'text', (c) => c.references('import_job.id')).execute();
    await db.schema.createIndex('payment_creditor_external_uq').on('payment').columns(['creditor_id', 'external_id']).unique().execute();
    // Placements find a debtor's open case without a scan.
    await db.schema.createIndex('case_creditor_debtor_idx').on('collection_case').columns(['creditor_id', 'debtor_id', 'status']).execute();
  },
};
