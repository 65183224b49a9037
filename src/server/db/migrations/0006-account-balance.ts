import type { ConcordMigration } from '../migrator.js';

// A placed loan's balance is the creditor's figure on a date: `balance_as_of` is that date (the import day when the
// figures were written or last changed) and `overdue_since` the day it became overdue as the creditor reports it.
// Payments dated on or after `balance_as_of` reduce the balance (src/core/delinquency/snapshot.ts); DPD is
// counted from `overdue_since` every day instead of being frozen at the import day. Null on loans written before
// (the demo's, which carry schedules): their DPD stays as stored.
// A creditor's delinquency policy (waterfall, buckets, penalty, caps, DPD tolerance): null = the engine's defaults.
export const m0006AccountBalance: ConcordMigration = {
  name: '0006-account-balance',
  async up(db, { t }) {
    await db.schema.alterTable('debt_account').addColumn('balance_as_of', t.date).execute();
    await db.schema.alterTable('debt_account').addColumn('overdue_since', t.date).execute();
    await db.schema.alterTable('creditor').addColumn('delinquency_policy_json', t.json).execute();
  },
};
