import type { ConcordMigration } from '../migrator.js';

// Field view (issue 8, item 4, first slice): a check-in at a planned stop (where the collector stood, how far from the
// address, how accurate the fix, the engine's decision as a contact attempt), its outcome or the "asked to leave" end,
// and incidents (SOS, asked to leave) that the collector's supervisor sees.
export const m0023FieldVisits: ConcordMigration = {
  name: '0023-field-visits',
  async up(db, { t }) {
    await db.schema
      .createTable('field_visit')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('stop_id', 'text', (c) => c.notNull().unique().references('visit_plan_stop.id'))
      .addColumn('case_id', 'text', (c) => c.notNull().references('collection_case.id'))
      .addColumn('address_id', 'text', (c) => c.notNull().references('address.id'))
      .addColumn('user_id', 'text', (c) => c.notNull().references('app_user.id'))
      .addColumn('partner_user_id', 'text', (c) => c.references('app_user.id'))
      .addColumn('attempt_id', 'text', (c) => c.notNull().references('contact_attempt.id'))
      .addColumn('status', 'text', (c) => c.notNull())
      .addColumn('checked_in_at', t.timestamp, (c) => c.notNull())
      .addColumn('latitude', 'real', (c) => c.notNull())
      .addColumn('longitude', 'real', (c) => c.notNull())
      .addColumn('accuracy_m', 'real', (c) => c.notNull())
      .addColumn('distance_m', 'real')
      .addColumn('is_distance_warning', t.bool, (c) => c.notNull())
      .addColumn('outcome_code', 'text')
      .addColumn('notes', 'text')
      .addColumn('promise_id', 'text')
      .addColumn('ended_at', t.timestamp)
      .execute();
    await db.schema.createIndex('field_visit_user_idx').on('field_visit').columns(['user_id', 'checked_in_at']).execute();

    await db.schema
      .createTable('field_incident')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('kind', 'text', (c) => c.notNull())
      .addColumn('user_id', 'text', (c) => c.notNull().references('app_user.id'))
      .addColumn('team_id', 'text')
      .addColumn('stop_id', 'text')
      .addColumn('case_id', 'text')
      .addColumn('latitude', 'real')
      .addColumn('longitude', 'real')
      .addColumn('created_at', t.timestamp, (c) => c.notNull())
      .execute();
    await db.schema.createIndex('field_incident_team_idx').on('field_incident').columns(['team_id', 'created_at']).execute();
  },
};
