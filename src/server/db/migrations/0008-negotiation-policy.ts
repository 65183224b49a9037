import type { ConcordMigration } from '../migrator.js';

// A creditor's negotiation policy (plan policy per bucket, authority matrix, grace days) as given; null = the
// defaults in code (src/server/modules/negotiation/negotiation.policy.ts).
export const m0008NegotiationPolicy: ConcordMigration = {
  name: '0008-negotiation-policy',
  async up(db, { t }) {
    await db.schema.alterTable('creditor').addColumn('negotiation_policy_json', t.json).execute();
  },
};
