import type { ConcordMigration } from '../migrator.js';

// Documents (issues 6 and 7): PDFs generated for a case — the plan agreement (还款协议), collection notices — kept
// with their bytes and SHA-256 in the database, so every `concord serve` machine can hand them out and a backup of
// the database is a backup of the documents. And the purpose of an outbox message (a plan's confirmation is not
// collection: the CN-C04 hold lets it through), asked again of the engine at send time.
export const m0017Documents: ConcordMigration = {
  name: '0017-documents',
  async up(db, { t }) {
    await db.schema
      .createTable('case_document')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('case_id', 'text', (c) => c.notNull().references('collection_case.id'))
      .addColumn('kind', 'text', (c) => c.notNull())
      .addColumn('title', 'text', (c) => c.notNull())
      .addColumn('file_name', 'text', (c) => c.notNull())
      .addColumn('mime_type', 'text', (c) => c.notNull())
      .addColumn('locale', 'text', (c) => c.notNull())
      .addColumn('size_bytes', 'integer', (c) => c.notNull())
      .addColumn('sha256', 'text', (c) => c.notNull())
      .addColumn('content', t.bytes, (c) => c.notNull())
      .addColumn('source_type', 'text')
      .addColumn('source_id', 'text')
      .addColumn('created_by', 'text', (c) => c.references('app_user.id'))
      .addColumn('created_at', t.timestamp, (c) => c.notNull())
      .execute();
    await db.schema.createIndex('case_document_case_idx').on('case_document').columns(['case_id', 'created_at']).execute();
    await db.schema.createIndex('case_document_source_idx').on('case_document').columns(['source_type', 'source_id']).execute();
    await db.schema.alterTable('outbox_message').addColumn('purpose', 'text').execute();
  },
};
