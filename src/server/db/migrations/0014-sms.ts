import type { ConcordMigration } from '../migrator.js';

// SMS over SMPP (issue 6, part 3): the SMSC's id of every submitted part (delivery receipts are correlated by it),
// and mobile-originated replies that are not opt-outs, on the case's timeline.
export const m0014Sms: ConcordMigration = {
  name: '0014-sms',
  async up(db, { t }) {
    await db.schema
      .createTable('sms_part')
      .addColumn('provider_message_id', 'text', (c) => c.primaryKey())
      .addColumn('message_id', 'text', (c) => c.notNull().references('outbox_message.id'))
      .addColumn('part', 'integer', (c) => c.notNull())
      .addColumn('stat', 'text')
      .addColumn('receipt_at', t.timestamp)
      .execute();
    await db.schema.createIndex('sms_part_message_idx').on('sms_part').columns(['message_id']).execute();
    await db.schema
      .createTable('inbound_message')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('case_id', 'text', (c) => c.notNull().references('collection_case.id'))
      .addColumn('debtor_id', 'text', (c) => c.notNull().references('debtor.id'))
      .addColumn('channel', 'text', (c) => c.notNull())
      .addColumn('contact_point_id', 'text', (c) => c.notNull())
      .addColumn('body', 'text', (c) => c.notNull())
      .addColumn('received_at', t.timestamp, (c) => c.notNull())
      .execute();
    await db.schema.createIndex('inbound_message_case_idx').on('inbound_message').columns(['case_id', 'received_at']).execute();
  },
};
