import type { ConcordMigration } from '../migrator.js';

// First version of the case data model (issue "Portfolio intake" widens it).
// Personal data: *_enc = AES-256-GCM ciphertext, *_hash = keyed lookup hash, *_masked = display form.
export const m0002Cases: ConcordMigration = {
  name: '0002-cases',
  async up(db, { t }) {
    await db.schema
      .createTable('debtor')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('creditor_id', 'text', (c) => c.notNull().references('creditor.id'))
      .addColumn('external_id', 'text', (c) => c.notNull())
      .addColumn('full_name', 'text', (c) => c.notNull())
      .addColumn('gender', 'text')
      .addColumn('birth_date', t.date)
      .addColumn('national_id_enc', 'text')
      .addColumn('national_id_hash', 'text')
      .addColumn('national_id_masked', 'text')
      .addColumn('time_zone', 'text', (c) => c.notNull())
      .addColumn('preferred_language', 'text', (c) => c.notNull())
      .addColumn('employer', 'text')
      .addColumn('occupation', 'text')
      .addColumn('monthly_income_minor', t.bigint)
      .addColumn('currency', 'text', (c) => c.notNull())
      .addColumn('created_at', t.timestamp, (c) => c.notNull())
      .addColumn('updated_at', t.timestamp, (c) => c.notNull())
      .addUniqueConstraint('debtor_creditor_external_uq', ['creditor_id', 'external_id'])
      .execute();
    await db.schema.createIndex('debtor_national_id_hash_idx').on('debtor').column('national_id_hash').execute();
    await db.schema.createIndex('debtor_name_idx').on('debtor').column('full_name').execute();

    await db.schema
      .createTable('collection_case')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('creditor_id', 'text', (c) => c.notNull().references('creditor.id'))
      .addColumn('debtor_id', 'text', (c) => c.notNull().references('debtor.id'))
      .addColumn('status', 'text', (c) => c.notNull())
      .addColumn('bucket', 'text', (c) => c.notNull())
      .addColumn('dpd', 'integer', (c) => c.notNull())
      .addColumn('principal_due_minor', t.bigint, (c) => c.notNull())
      .addColumn('total_due_minor', t.bigint, (c) => c.notNull())
      .addColumn('currency', 'text', (c) => c.notNull())
      .addColumn('assigned_user_id', 'text', (c) => c.references('app_user.id'))
      .addColumn('assigned_team_id', 'text', (c) => c.references('team.id'))
      .addColumn('priority_score', 'real')
      .addColumn('next_action_at', t.timestamp)
      .addColumn('opened_at', t.timestamp, (c) => c.notNull())
      .addColumn('created_at', t.timestamp, (c) => c.notNull())
      .addColumn('updated_at', t.timestamp, (c) => c.notNull())
      .execute();
    // The scope predicates (DESIGN: data scope in queries) each have an index.
    // Work lists are ordered by (dpd desc, id desc): each index serves one scope's ordered scan (backwards) without a sort.
    await db.schema.createIndex('case_assigned_user_idx').on('collection_case').columns(['assigned_user_id', 'dpd', 'id']).execute();
    await db.schema.createIndex('case_assigned_team_idx').on('collection_case').columns(['assigned_team_id', 'dpd', 'id']).execute();
    await db.schema.createIndex('case_creditor_idx').on('collection_case').columns(['creditor_id', 'dpd', 'id']).execute();
    await db.schema.createIndex('case_dpd_idx').on('collection_case').columns(['dpd', 'id']).execute();
    // Counts "my cases in my team" (the overlap of the two branches of a collector's scope).
    await db.schema.createIndex('case_user_team_idx').on('collection_case').columns(['assigned_user_id', 'assigned_team_id']).execute();
    await db.schema.createIndex('case_debtor_idx').on('collection_case').column('debtor_id').execute();

    await db.schema
      .createTable('contact_person')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('debtor_id', 'text', (c) => c.notNull().references('debtor.id'))
      .addColumn('full_name', 'text', (c) => c.notNull())
      .addColumn('relationship', 'text', (c) => c.notNull())
      .addColumn('party_role', 'text', (c) => c.notNull())
      .addColumn('created_at', t.timestamp, (c) => c.notNull())
      .execute();
    await db.schema.createIndex('contact_person_debtor_idx').on('contact_person').column('debtor_id').execute();

    await db.schema
      .createTable('phone')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('debtor_id', 'text', (c) => c.notNull().references('debtor.id'))
      .addColumn('contact_person_id', 'text', (c) => c.references('contact_person.id'))
      .addColumn('kind', 'text', (c) => c.notNull())
      .addColumn('number_enc', 'text', (c) => c.notNull())
      .addColumn('number_hash', 'text', (c) => c.notNull())
      .addColumn('number_masked', 'text', (c) => c.notNull())
      .addColumn('status', 'text', (c) => c.notNull())
      .addColumn('source', 'text', (c) => c.notNull())
      .addColumn('created_at', t.timestamp, (c) => c.notNull())
      .execute();
    await db.schema.createIndex('phone_debtor_idx').on('phone').column('debtor_id').execute();
    await db.schema.createIndex('phone_hash_idx').on('phone').column('number_hash').execute();

    await db.schema
      .createTable('email_address')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('debtor_id', 'text', (c) => c.notNull().references('debtor.id'))
      .addColumn('contact_person_id', 'text', (c) => c.references('contact_person.id'))
      .addColumn('address_enc', 'text', (c) => c.notNull())
      .addColumn('address_hash', 'text', (c) => c.notNull())
      .addColumn('address_masked', 'text', (c) => c.notNull())
      .addColumn('status', 'text', (c) => c.notNull())
      .addColumn('source', 'text', (c) => c.notNull())
      .addColumn('created_at', t.timestamp, (c) => c.notNull())
      .execute();
    await db.schema.createIndex('email_debtor_idx').on('email_address').column('debtor_id').execute();
    await db.schema.createIndex('email_hash_idx').on('email_address').column('address_hash').execute();

    await db.schema
      .createTable('address')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('debtor_id', 'text', (c) => c.notNull().references('debtor.id'))
      .addColumn('contact_person_id', 'text', (c) => c.references('contact_person.id'))
      .addColumn('kind', 'text', (c) => c.notNull())
      .addColumn('province_code', 'text')
      .addColumn('city_code', 'text')
      .addColumn('district_code', 'text')
      .addColumn('region_text', 'text', (c) => c.notNull())
      .addColumn('detail_enc', 'text', (c) => c.notNull())
      .addColumn('detail_masked', 'text', (c) => c.notNull())
      .addColumn('latitude', 'real')
      .addColumn('longitude', 'real')
      .addColumn('verification_status', 'text', (c) => c.notNull())
      .addColumn('verified_at', t.timestamp)
      .addColumn('source', 'text', (c) => c.notNull())
      .addColumn('created_at', t.timestamp, (c) => c.notNull())
      .execute();
    await db.schema.createIndex('address_debtor_idx').on('address').column('debtor_id').execute();

    await db.schema
      .createTable('debt_account')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('case_id', 'text', (c) => c.notNull().references('collection_case.id'))
      .addColumn('debtor_id', 'text', (c) => c.notNull().references('debtor.id'))
      .addColumn('creditor_id', 'text', (c) => c.notNull().references('creditor.id'))
      .addColumn('external_loan_id', 'text', (c) => c.notNull())
      .addColumn('product', 'text', (c) => c.notNull())
      .addColumn('lender_type', 'text', (c) => c.notNull())
      .addColumn('currency', 'text', (c) => c.notNull())
      .addColumn('principal_minor', t.bigint, (c) => c.notNull())
      .addColumn('apr_bp', 'integer', (c) => c.notNull())
      .addColumn('origination_date', t.date, (c) => c.notNull())
      .addColumn('term_months', 'integer', (c) => c.notNull())
      .addColumn('outstanding_principal_minor', t.bigint, (c) => c.notNull())
      .addColumn('outstanding_interest_minor', t.bigint, (c) => c.notNull())
      .addColumn('outstanding_penalty_minor', t.bigint, (c) => c.notNull())
      .addColumn('outstanding_fees_minor', t.bigint, (c) => c.notNull())
      .addColumn('dpd', 'integer', (c) => c.notNull())
      .addColumn('created_at', t.timestamp, (c) => c.notNull())
      .addColumn('updated_at', t.timestamp, (c) => c.notNull())
      .addUniqueConstraint('debt_account_creditor_loan_uq', ['creditor_id', 'external_loan_id'])
      .execute();
    await db.schema.createIndex('debt_account_case_idx').on('debt_account').column('case_id').execute();

    await db.schema
      .createTable('installment')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('debt_account_id', 'text', (c) => c.notNull().references('debt_account.id'))
      .addColumn('seq', 'integer', (c) => c.notNull())
      .addColumn('due_date', t.date, (c) => c.notNull())
      .addColumn('principal_minor', t.bigint, (c) => c.notNull())
      .addColumn('interest_minor', t.bigint, (c) => c.notNull())
      .addColumn('paid_minor', t.bigint, (c) => c.notNull())
      .addColumn('status', 'text', (c) => c.notNull())
      .addUniqueConstraint('installment_account_seq_uq', ['debt_account_id', 'seq'])
      .execute();

    await db.schema
      .createTable('payment')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('debt_account_id', 'text', (c) => c.notNull().references('debt_account.id'))
      .addColumn('case_id', 'text', (c) => c.notNull().references('collection_case.id'))
      .addColumn('external_id', 'text', (c) => c.notNull())
      .addColumn('amount_minor', t.bigint, (c) => c.notNull())
      .addColumn('currency', 'text', (c) => c.notNull())
      .addColumn('paid_on', t.date, (c) => c.notNull())
      .addColumn('channel', 'text', (c) => c.notNull())
      .addColumn('created_at', t.timestamp, (c) => c.notNull())
      .addUniqueConstraint('payment_account_external_uq', ['debt_account_id', 'external_id'])
      .execute();
    await db.schema.createIndex('payment_case_idx').on('payment').column('case_id').execute();
  },
};
