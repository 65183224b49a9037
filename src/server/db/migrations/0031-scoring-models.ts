import type { ConcordMigration } from '../migrator.js';

// The model registry (issue 9, part 1): portfolio models trained from Concord's own history, versioned; at most one
// is active and scores the nightly run, the rule score serves while none is. case_score records which model scored.
export const m0031ScoringModels: ConcordMigration = {
  name: '0031-scoring-models',
  async up(db, { t }) {
    await db.schema
      .createTable('scoring_model')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('version', 'integer', (c) => c.notNull().unique())
      .addColumn('kind', 'text', (c) => c.notNull())
      .addColumn('status', 'text', (c) => c.notNull())
      .addColumn('as_of', t.date, (c) => c.notNull())
      .addColumn('label_days', 'integer', (c) => c.notNull())
      .addColumn('label_share_bp', 'integer', (c) => c.notNull())
      .addColumn('history_from', t.date, (c) => c.notNull())
      .addColumn('history_to', t.date, (c) => c.notNull())
      .addColumn('rows', 'integer', (c) => c.notNull())
      .addColumn('positives', 'integer', (c) => c.notNull())
      .addColumn('metrics_json', t.json, (c) => c.notNull())
      .addColumn('model_json', 'text', (c) => c.notNull())
      .addColumn('created_by', 'text', (c) => c.notNull())
      .addColumn('created_at', t.timestamp, (c) => c.notNull())
      .addColumn('activated_by', 'text')
      .addColumn('activated_at', t.timestamp)
      .execute();
    await db.schema.alterTable('case_score').addColumn('model_id', 'text').execute();
  },
};
