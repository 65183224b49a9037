import type { ConcordMigration } from '../migrator.js';

// Strategies (issue 9, part 3): a named strategy has numbered versions (draft → active → retired). A version's
// definition (segments → treatments) is immutable once it leaves draft. At most one version is the live champion;
// it may name a challenger version with a share (0–50 %) and an experiment salt for the stable hash split.
// case_score records which version, arm and treatment decided the case's next action, and the template a step names.
export const m0028Strategies: ConcordMigration = {
  name: '0028-strategies',
  async up(db, { t }) {
    await db.schema
      .createTable('strategy')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('name', 'text', (c) => c.notNull())
      .addColumn('description', 'text')
      .addColumn('created_by', 'text', (c) => c.notNull().references('app_user.id'))
      .addColumn('created_at', t.timestamp, (c) => c.notNull())
      .execute();
    await db.schema
      .createTable('strategy_version')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('strategy_id', 'text', (c) => c.notNull().references('strategy.id'))
      .addColumn('version', 'integer', (c) => c.notNull())
      .addColumn('status', 'text', (c) => c.notNull())
      /** 'champion' | 'challenger' while live, else null. */
      .addColumn('role', 'text')
      .addColumn('definition_json', t.json, (c) => c.notNull())
      .addColumn('challenger_version_id', 'text', (c) => c.references('strategy_version.id'))
      .addColumn('challenger_share', 'integer', (c) => c.notNull().defaultTo(0))
      .addColumn('experiment_salt', 'text', (c) => c.notNull())
      .addColumn('note', 'text')
      .addColumn('created_by', 'text', (c) => c.notNull().references('app_user.id'))
      .addColumn('created_at', t.timestamp, (c) => c.notNull())
      .addColumn('updated_by', 'text', (c) => c.notNull().references('app_user.id'))
      .addColumn('updated_at', t.timestamp, (c) => c.notNull())
      .addColumn('activated_by', 'text', (c) => c.references('app_user.id'))
      .addColumn('activated_at', t.timestamp)
      .addColumn('retired_by', 'text', (c) => c.references('app_user.id'))
      .addColumn('retired_at', t.timestamp)
      .addUniqueConstraint('strategy_version_number_uq', ['strategy_id', 'version'])
      .execute();
    await db.schema.createIndex('strategy_version_status_idx').on('strategy_version').columns(['status', 'role']).execute();

    await db.schema.alterTable('case_score').addColumn('strategy_version_id', 'text').execute();
    await db.schema.alterTable('case_score').addColumn('arm', 'text').execute();
    /** The strategy's segment id (case_score.segment stays the score segment, bucket-band). */
    await db.schema.alterTable('case_score').addColumn('strategy_segment', 'text').execute();
    await db.schema.alterTable('case_score').addColumn('treatment_id', 'text').execute();
    await db.schema.alterTable('case_score').addColumn('next_action_template', 'text').execute();
    /** The first as-of date of the case's current (version, segment, treatment): the origin of 'entry' day offsets. */
    await db.schema.alterTable('case_score').addColumn('treatment_since', t.date).execute();
  },
};
