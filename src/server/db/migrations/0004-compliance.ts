import type { ConcordMigration } from '../migrator.js';

// Compliance: every contact attempt, the decision the engine made for it (with each rule that fired), and the
// party events the engine honours (consents, holds, opt-outs, designations). A creditor names its rule-pack set.
export const m0004Compliance: ConcordMigration = {
  name: '0004-compliance',
  async up(db, { t }) {
    await db.schema.alterTable('creditor').addColumn('rule_pack_set', 'text', (c) => c.notNull().defaultTo('cn-default')).execute();

    await db.schema
      .createTable('compliance_decision')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('decided_at', t.timestamp, (c) => c.notNull())
      .addColumn('planned_at', t.timestamp, (c) => c.notNull())
      .addColumn('case_id', 'text', (c) => c.references('collection_case.id'))
      .addColumn('debtor_id', 'text', (c) => c.references('debtor.id'))
      .addColumn('creditor_id', 'text', (c) => c.references('creditor.id'))
      .addColumn('user_id', 'text', (c) => c.references('app_user.id'))
      .addColumn('channel', 'text', (c) => c.notNull())
      .addColumn('party_kind', 'text', (c) => c.notNull())
      .addColumn('party_id', 'text', (c) => c.notNull())
      .addColumn('contact_point_id', 'text')
      .addColumn('outcome', 'text', (c) => c.notNull())
      .addColumn('next_allowed_at', t.timestamp)
      .addColumn('rule_ids', 'text', (c) => c.notNull())
      .addColumn('packs_json', t.json, (c) => c.notNull())
      .addColumn('reasons_json', t.json, (c) => c.notNull())
      .execute();
    await db.schema.createIndex('compliance_decision_at_idx').on('compliance_decision').columns(['decided_at', 'id']).execute();
    await db.schema.createIndex('compliance_decision_outcome_idx').on('compliance_decision').columns(['outcome', 'decided_at']).execute();
    await db.schema.createIndex('compliance_decision_user_idx').on('compliance_decision').columns(['user_id', 'decided_at']).execute();
    await db.schema.createIndex('compliance_decision_case_idx').on('compliance_decision').columns(['case_id', 'decided_at']).execute();

    await db.schema
      .createTable('compliance_decision_rule')
      .addColumn('decision_id', 'text', (c) => c.notNull().references('compliance_decision.id'))
      .addColumn('rule_id', 'text', (c) => c.notNull())
      .addColumn('pack', 'text', (c) => c.notNull())
      .addColumn('outcome', 'text', (c) => c.notNull())
      .addColumn('decided_at', t.timestamp, (c) => c.notNull())
      .addPrimaryKeyConstraint('compliance_decision_rule_pk', ['decision_id', 'rule_id', 'pack'])
      .execute();
    await db.schema.createIndex('compliance_decision_rule_idx').on('compliance_decision_rule').columns(['rule_id', 'decided_at']).execute();

    await db.schema
      .createTable('contact_attempt')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('case_id', 'text', (c) => c.notNull().references('collection_case.id'))
      .addColumn('debtor_id', 'text', (c) => c.notNull().references('debtor.id'))
      .addColumn('creditor_id', 'text', (c) => c.notNull().references('creditor.id'))
      .addColumn('user_id', 'text', (c) => c.references('app_user.id'))
      .addColumn('channel', 'text', (c) => c.notNull())
      .addColumn('direction', 'text', (c) => c.notNull())
      .addColumn('party_kind', 'text', (c) => c.notNull())
      .addColumn('party_id', 'text', (c) => c.notNull())
      .addColumn('contact_point_id', 'text')
      .addColumn('debt_ids_json', t.json, (c) => c.notNull())
      .addColumn('planned_at', t.timestamp, (c) => c.notNull())
      .addColumn('status', 'text', (c) => c.notNull())
      .addColumn('result', 'text')
      .addColumn('decision_id', 'text', (c) => c.references('compliance_decision.id'))
      .addColumn('is_recorded', t.bool, (c) => c.notNull())
      .addColumn('content', 'text')
      .addColumn('notes', 'text')
      .addColumn('created_at', t.timestamp, (c) => c.notNull())
      .addColumn('completed_at', t.timestamp)
      .execute();
    await db.schema.createIndex('contact_attempt_debtor_idx').on('contact_attempt').columns(['debtor_id', 'planned_at']).execute();
    await db.schema.createIndex('contact_attempt_case_idx').on('contact_attempt').columns(['case_id', 'planned_at']).execute();
    await db.schema.createIndex('contact_attempt_user_idx').on('contact_attempt').columns(['user_id', 'planned_at']).execute();

    await db.schema
      .createTable('contact_event')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('debtor_id', 'text', (c) => c.notNull().references('debtor.id'))
      .addColumn('case_id', 'text', (c) => c.references('collection_case.id'))
      .addColumn('type', 'text', (c) => c.notNull())
      .addColumn('party_kind', 'text', (c) => c.notNull())
      .addColumn('party_id', 'text', (c) => c.notNull())
      .addColumn('channel', 'text')
      .addColumn('contact_point_id', 'text')
      .addColumn('debt_ids_json', t.json)
      .addColumn('at', t.timestamp, (c) => c.notNull())
      .addColumn('from_at', t.timestamp)
      .addColumn('until_at', t.timestamp)
      .addColumn('from_time', 'text')
      .addColumn('until_time', 'text')
      .addColumn('review_on', t.date)
      .addColumn('note', 'text')
      .addColumn('created_by', 'text', (c) => c.references('app_user.id'))
      .addColumn('created_at', t.timestamp, (c) => c.notNull())
      .execute();
    await db.schema.createIndex('contact_event_debtor_idx').on('contact_event').columns(['debtor_id', 'at']).execute();
  },
};
