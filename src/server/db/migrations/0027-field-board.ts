import { sql } from 'kysely';
import type { ConcordMigration } from '../migrator.js';

// Field supervision (issue 8, items 2 and 6): the debtor's stated availability per address (day of week, local from/to)
// that the route planner intersects with the pack's hours and the address kind's hours; and at most one overrun alert
// per visit (a partial unique index on the incident's stop for kind 'overrun', so the periodic job is idempotent).
export const m0027FieldBoard: ConcordMigration = {
  name: '0027-field-board',
  async up(db, { t }) {
    await db.schema
      .createTable('address_availability')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('address_id', 'text', (c) => c.notNull().references('address.id'))
      .addColumn('day_of_week', 'integer', (c) => c.notNull())
      .addColumn('from_time', 'text', (c) => c.notNull())
      .addColumn('to_time', 'text', (c) => c.notNull())
      .addColumn('created_by', 'text', (c) => c.notNull())
      .addColumn('created_at', t.timestamp, (c) => c.notNull())
      .execute();
    await db.schema.createIndex('address_availability_address_idx').on('address_availability').column('address_id').execute();
    await db.schema.createIndex('field_incident_overrun_uq').unique().on('field_incident').column('stop_id').where(sql.ref('kind'), '=', sql.lit('overrun')).execute();
  },
};
