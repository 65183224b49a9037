import { sql } from 'kysely';
import type { ConcordMigration } from '../migrator.js';

// The nightly run's finishing step reads only what the partitions stored (issue 9, scale-out): the facts allocation needs
// per case are written on its case_score row by the scoring batch (in parallel, on every worker), so the finishing
// step reads one row per case instead of four lookups per 500 cases, and the time the holder has had the case is
// carried forward on case_allocation instead of being searched for in the whole allocation history every night.
export const m0032AllocationFacts: ConcordMigration = {
  name: '0032-allocation-facts',
  async up(db, { t }) {
    await db.schema.alterTable('case_score').addColumn('last_rpc_at', t.timestamp).execute();
    await db.schema.alterTable('case_score').addColumn('province_code', 'text').execute();
    await db.schema.alterTable('case_score').addColumn('city_code', 'text').execute();
    await db.schema.alterTable('case_score').addColumn('latitude', 'real').execute();
    await db.schema.alterTable('case_score').addColumn('longitude', 'real').execute();
    // The contact point the next action uses (phone, email or address id), chosen by the scoring batch: scheduling
    // reads it instead of the debtors' contact data again.
    await db.schema.alterTable('case_score').addColumn('next_action_contact_id', 'text').execute();
    await db.schema.alterTable('case_allocation').addColumn('holder_since', t.date).execute();
    // Existing rows: the last date the holder was given the case (assigned or recalled to them), as the run computed it.
    await sql`update case_allocation set holder_since = (select max(x.as_of) from case_allocation x where x.case_id = case_allocation.case_id
      and x.user_id = case_allocation.user_id and x.outcome in ('assigned', 'recalled') and x.as_of <= case_allocation.as_of) where user_id is not null`.execute(db);
  },
};
