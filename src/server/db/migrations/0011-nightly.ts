import type { ConcordMigration } from '../migrator.js';

// The nightly run (issue 9, part 5, first slice): one run per as-of date (the agency's portfolio), resumable from
// its cursor; and a score row per case and date, kept as history so roll rates and drift compare runs.
export const m0011Nightly: ConcordMigration = {
  name: '0011-nightly',
  async up(db, { t }) {
    await db.schema
      .createTable('nightly_run')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('as_of', t.date, (c) => c.notNull().unique())
      .addColumn('status', 'text', (c) => c.notNull())
      .addColumn('batch_size', 'integer', (c) => c.notNull())
      .addColumn('cursor_case_id', 'text')
      .addColumn('attempts', 'integer', (c) => c.notNull())
      .addColumn('counts_json', t.json)
      .addColumn('report_json', t.json)
      .addColumn('error', 'text')
      .addColumn('started_at', t.timestamp, (c) => c.notNull())
      .addColumn('finished_at', t.timestamp)
      .execute();

    await db.schema
      .createTable('case_score')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('run_id', 'text', (c) => c.notNull().references('nightly_run.id'))
      .addColumn('case_id', 'text', (c) => c.notNull().references('collection_case.id'))
      .addColumn('as_of', t.date, (c) => c.notNull())
      .addColumn('dpd', 'integer', (c) => c.notNull())
      .addColumn('bucket', 'text', (c) => c.notNull())
      .addColumn('score', 'real', (c) => c.notNull())
      .addColumn('band', 'text', (c) => c.notNull())
      .addColumn('segment', 'text', (c) => c.notNull())
      .addColumn('features_json', t.json, (c) => c.notNull())
      .addColumn('reasons_json', t.json, (c) => c.notNull())
      .addColumn('next_action_kind', 'text', (c) => c.notNull())
      .addColumn('next_action_channel', 'text')
      .addColumn('next_action_at', t.timestamp)
      .addColumn('next_action_note', 'text')
      .addUniqueConstraint('case_score_case_as_of_uq', ['case_id', 'as_of'])
      .execute();
    await db.schema.createIndex('case_score_as_of_idx').on('case_score').columns(['as_of', 'case_id']).execute();
  },
};
