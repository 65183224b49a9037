import type { ConcordMigration } from '../migrator.js';

// Campaigns (issue 6, item 6): an approved template sent to a selection of cases. The selection is fixed when the
// campaign is created (one target per case, unique (campaign_id, case_id)) with the verdict the engine gave then;
// the start job walks the pending targets in batches and queues each through messaging (a queued target is never
// queued again, so a job run twice sends once).
export const m0022Campaigns: ConcordMigration = {
  name: '0022-campaigns',
  async up(db, { t }) {
    await db.schema
      .createTable('campaign')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('name', 'text', (c) => c.notNull())
      .addColumn('template_id', 'text', (c) => c.notNull().references('message_template.id'))
      .addColumn('channel', 'text', (c) => c.notNull())
      .addColumn('filter_json', t.json, (c) => c.notNull())
      .addColumn('status', 'text', (c) => c.notNull())
      .addColumn('total', 'integer', (c) => c.notNull())
      .addColumn('allowed_now', 'integer', (c) => c.notNull())
      .addColumn('later', 'integer', (c) => c.notNull())
      .addColumn('never', 'integer', (c) => c.notNull())
      .addColumn('created_by', 'text', (c) => c.notNull().references('app_user.id'))
      .addColumn('created_at', t.timestamp, (c) => c.notNull())
      .addColumn('started_at', t.timestamp)
      .addColumn('finished_at', t.timestamp)
      .execute();
    await db.schema.createIndex('campaign_created_idx').on('campaign').columns(['created_at']).execute();
    await db.schema
      .createTable('campaign_target')
      .addColumn('campaign_id', 'text', (c) => c.notNull().references('campaign.id'))
      .addColumn('case_id', 'text', (c) => c.notNull().references('collection_case.id'))
      .addColumn('contact_point_id', 'text')
      .addColumn('outcome', 'text', (c) => c.notNull())
      .addColumn('reason', 'text')
      .addColumn('next_allowed_at', t.timestamp)
      .addColumn('message_id', 'text', (c) => c.references('outbox_message.id'))
      .addColumn('status', 'text', (c) => c.notNull())
      .addColumn('updated_at', t.timestamp, (c) => c.notNull())
      .addPrimaryKeyConstraint('campaign_target_pk', ['campaign_id', 'case_id'])
      .execute();
    await db.schema.createIndex('campaign_target_status_idx').on('campaign_target').columns(['campaign_id', 'status', 'case_id']).execute();
  },
};
