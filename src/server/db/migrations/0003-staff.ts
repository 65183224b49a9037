import type { ConcordMigration } from '../migrator.js';

// Staff qualifications: certificates (a status is computed on read, never stored) and training records.
export const m0003Staff: ConcordMigration = {
  name: '0003-staff',
  async up(db, { t }) {
    await db.schema
      .createTable('staff_certificate')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('user_id', 'text', (c) => c.notNull().references('app_user.id'))
      .addColumn('kind', 'text', (c) => c.notNull())
      .addColumn('number', 'text', (c) => c.notNull())
      .addColumn('issuer', 'text', (c) => c.notNull())
      .addColumn('valid_from', t.date, (c) => c.notNull())
      .addColumn('valid_until', t.date, (c) => c.notNull())
      .addColumn('created_at', t.timestamp, (c) => c.notNull())
      .addColumn('updated_at', t.timestamp, (c) => c.notNull())
      .addColumn('created_by', 'text', (c) => c.notNull())
      .execute();
    await db.schema.createIndex('staff_certificate_user_idx').on('staff_certificate').column('user_id').execute();
    await db.schema.createIndex('staff_certificate_valid_until_idx').on('staff_certificate').column('valid_until').execute();

    await db.schema
      .createTable('staff_training')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('user_id', 'text', (c) => c.notNull().references('app_user.id'))
      .addColumn('course', 'text', (c) => c.notNull())
      .addColumn('completed_on', t.date, (c) => c.notNull())
      .addColumn('result', 'text', (c) => c.notNull())
      .addColumn('score', 'real')
      .addColumn('hours', 'real')
      .addColumn('created_at', t.timestamp, (c) => c.notNull())
      .addColumn('created_by', 'text', (c) => c.notNull())
      .execute();
    await db.schema.createIndex('staff_training_user_idx').on('staff_training').column('user_id').execute();
  },
};
