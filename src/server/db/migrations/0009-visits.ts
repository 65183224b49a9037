import type { ConcordMigration } from '../migrator.js';

// Field visits (issue 8, parts 1 and 2): visit requests (maker–checker approval) and day plans with their routes.
// A plan keeps its routes (collectors of each route, totals) and the requests it could not plan, with reasons,
// as JSON; each stop is a row with its planned arrival and service start, and the window it had to meet.
export const m0009Visits: ConcordMigration = {
  name: '0009-visits',
  async up(db, { t }) {
    await db.schema
      .createTable('visit_request')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('case_id', 'text', (c) => c.notNull().references('collection_case.id'))
      .addColumn('address_id', 'text', (c) => c.notNull().references('address.id'))
      .addColumn('requested_by', 'text', (c) => c.notNull().references('app_user.id'))
      .addColumn('reason', 'text', (c) => c.notNull())
      .addColumn('priority', 'integer', (c) => c.notNull())
      .addColumn('status', 'text', (c) => c.notNull())
      .addColumn('approved_by', 'text', (c) => c.references('app_user.id'))
      .addColumn('approved_at', t.timestamp)
      .addColumn('decision_reason', 'text')
      .addColumn('planned_date', t.date)
      .addColumn('plan_id', 'text')
      .addColumn('created_at', t.timestamp, (c) => c.notNull())
      .addColumn('updated_at', t.timestamp, (c) => c.notNull())
      .execute();
    await db.schema.createIndex('visit_request_case_idx').on('visit_request').columns(['case_id', 'created_at']).execute();
    await db.schema.createIndex('visit_request_status_idx').on('visit_request').columns(['status', 'created_at']).execute();

    await db.schema
      .createTable('visit_plan')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('plan_date', t.date, (c) => c.notNull())
      .addColumn('time_zone', 'text', (c) => c.notNull())
      .addColumn('base_latitude', 'real', (c) => c.notNull())
      .addColumn('base_longitude', 'real', (c) => c.notNull())
      .addColumn('base_source', 'text', (c) => c.notNull())
      .addColumn('settings_json', t.json, (c) => c.notNull())
      .addColumn('routes_json', t.json, (c) => c.notNull())
      .addColumn('unplanned_json', t.json, (c) => c.notNull())
      .addColumn('created_by', 'text', (c) => c.notNull().references('app_user.id'))
      .addColumn('created_at', t.timestamp, (c) => c.notNull())
      .execute();
    await db.schema.createIndex('visit_plan_date_idx').on('visit_plan').columns(['plan_date', 'created_at']).execute();

    await db.schema
      .createTable('visit_plan_stop')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('plan_id', 'text', (c) => c.notNull().references('visit_plan.id'))
      .addColumn('route_no', 'integer', (c) => c.notNull())
      .addColumn('seq', 'integer', (c) => c.notNull())
      .addColumn('request_id', 'text', (c) => c.notNull().references('visit_request.id'))
      .addColumn('case_id', 'text', (c) => c.notNull().references('collection_case.id'))
      .addColumn('arrival_at', t.timestamp, (c) => c.notNull())
      .addColumn('start_at', t.timestamp, (c) => c.notNull())
      .addColumn('end_at', t.timestamp, (c) => c.notNull())
      .addColumn('window_start_at', t.timestamp, (c) => c.notNull())
      .addColumn('window_end_at', t.timestamp, (c) => c.notNull())
      .addColumn('travel_km', 'real', (c) => c.notNull())
      .addColumn('compliance_json', t.json, (c) => c.notNull())
      .addUniqueConstraint('visit_plan_stop_seq_uq', ['plan_id', 'route_no', 'seq'])
      .execute();
  },
};
