import type { ConcordMigration } from '../migrator.js';

// Negotiation (issue 7): promises to pay, payment plans and their installments. Money in minor units; the
// affordability input and its assessment (with the zh-CN/en summary) are stored with the plan, as the option's
// approval reasons and summary are, so a plan always shows why it was judged affordable and who had to approve it.
export const m0007Negotiation: ConcordMigration = {
  name: '0007-negotiation',
  async up(db, { t }) {
    await db.schema
      .createTable('promise_to_pay')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('case_id', 'text', (c) => c.notNull().references('collection_case.id'))
      .addColumn('debt_account_id', 'text', (c) => c.references('debt_account.id'))
      .addColumn('amount_minor', t.bigint, (c) => c.notNull())
      .addColumn('currency', 'text', (c) => c.notNull())
      .addColumn('due_date', t.date, (c) => c.notNull())
      .addColumn('made_on', t.date, (c) => c.notNull())
      .addColumn('note', 'text')
      .addColumn('status', 'text', (c) => c.notNull())
      .addColumn('paid_minor', t.bigint, (c) => c.notNull())
      .addColumn('kept_on', t.date)
      .addColumn('evaluated_at', t.timestamp)
      .addColumn('created_by', 'text', (c) => c.notNull().references('app_user.id'))
      .addColumn('created_at', t.timestamp, (c) => c.notNull())
      .addColumn('updated_at', t.timestamp, (c) => c.notNull())
      .execute();
    await db.schema.createIndex('promise_case_idx').on('promise_to_pay').columns(['case_id', 'due_date']).execute();

    await db.schema
      .createTable('payment_plan')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('case_id', 'text', (c) => c.notNull().references('collection_case.id'))
      .addColumn('creditor_id', 'text', (c) => c.notNull().references('creditor.id'))
      .addColumn('method', 'text', (c) => c.notNull())
      .addColumn('status', 'text', (c) => c.notNull())
      .addColumn('currency', 'text', (c) => c.notNull())
      .addColumn('balance_minor', t.bigint, (c) => c.notNull())
      .addColumn('discount_bp', 'integer', (c) => c.notNull())
      .addColumn('waived_minor', t.bigint, (c) => c.notNull())
      .addColumn('term_months', 'integer', (c) => c.notNull())
      .addColumn('annual_rate_bp', 'integer', (c) => c.notNull())
      .addColumn('total_minor', t.bigint, (c) => c.notNull())
      .addColumn('paid_minor', t.bigint, (c) => c.notNull())
      .addColumn('start_date', t.date, (c) => c.notNull())
      .addColumn('is_penalty_frozen', t.bool, (c) => c.notNull())
      .addColumn('affordability_input_json', t.json, (c) => c.notNull())
      .addColumn('affordability_json', t.json, (c) => c.notNull())
      .addColumn('summary_json', t.json, (c) => c.notNull())
      .addColumn('required_approver', 'text', (c) => c.notNull())
      .addColumn('approval_json', t.json, (c) => c.notNull())
      .addColumn('approved_by', 'text', (c) => c.references('app_user.id'))
      .addColumn('approved_at', t.timestamp)
      .addColumn('decision_reason', 'text')
      .addColumn('activated_at', t.timestamp)
      .addColumn('closed_at', t.timestamp)
      .addColumn('evaluated_at', t.timestamp)
      .addColumn('created_by', 'text', (c) => c.notNull().references('app_user.id'))
      .addColumn('created_at', t.timestamp, (c) => c.notNull())
      .addColumn('updated_at', t.timestamp, (c) => c.notNull())
      .execute();
    await db.schema.createIndex('plan_case_idx').on('payment_plan').columns(['case_id', 'created_at']).execute();
    // The approvals inbox reads the proposed plans.
    await db.schema.createIndex('plan_status_idx').on('payment_plan').columns(['status', 'created_at']).execute();

    await db.schema
      .createTable('plan_installment')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('plan_id', 'text', (c) => c.notNull().references('payment_plan.id'))
      .addColumn('seq', 'integer', (c) => c.notNull())
      .addColumn('due_date', t.date, (c) => c.notNull())
      .addColumn('amount_minor', t.bigint, (c) => c.notNull())
      .addColumn('principal_minor', t.bigint, (c) => c.notNull())
      .addColumn('interest_minor', t.bigint, (c) => c.notNull())
      .addColumn('paid_minor', t.bigint, (c) => c.notNull())
      .addColumn('status', 'text', (c) => c.notNull())
      .addUniqueConstraint('plan_installment_seq_uq', ['plan_id', 'seq'])
      .execute();
  },
};
