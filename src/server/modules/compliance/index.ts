import type { Kysely, Transaction } from 'kysely';
import type { DB } from '../../db/schema.js';
import { newId } from '../../platform/ids.js';

export { createComplianceService, type ComplianceService } from './compliance.service.js';
export { complianceRoutes } from './compliance.routes.js';
export { loadPacks } from './packs.loader.js';
export type { ComplianceTables, ContactEventTable } from './compliance.tables.js';

/**
 * Records a payment plan's event for the packs' plan holds (CN-C04, CC-H08: `events: [plan_signed]`, `scope: debts`,
 * `liftedBy: [plan_breached]`), in the caller's transaction: on the case's debtor, for every debt of the case.
 * `plan_signed` places the hold; a later `plan_breached` for those debts lifts it. Returns the event id.
 */
export async function recordPlanEvent(
  x: Kysely<DB> | Transaction<DB>,
  e: { caseId: string; type: 'plan_signed' | 'plan_breached'; at: string; note: string | null; createdBy: string | null },
): Promise<string> {
  const c = await x.selectFrom('collection_case').select('debtor_id').where('id', '=', e.caseId).executeTakeFirstOrThrow();
  const debts = await x.selectFrom('debt_account').select('id').where('case_id', '=', e.caseId).orderBy('id').execute();
  const id = newId();
  await x.insertInto('contact_event').values({
    id, debtor_id: c.debtor_id, case_id: e.caseId, type: e.type, party_kind: 'debtor', party_id: c.debtor_id, channel: null, contact_point_id: null,
    debt_ids_json: debts.map((d) => d.id), at: e.at, from_at: null, until_at: null, from_time: null, until_time: null, review_on: null,
    note: e.note, created_by: e.createdBy, created_at: e.at,
  }).execute();
  return id;
}

/**
 * Records a medium opt-out (CC-H07 / US-E03: `medium_opt_out`) for one contact point of the debtor, in the caller's
 * transaction — e.g. an unsubscribe link in an email. The engine then blocks that channel to that contact point.
 */
export async function recordMediumOptOut(
  x: Kysely<DB> | Transaction<DB>,
  e: { caseId: string; channel: 'sms' | 'email'; contactPointId: string; at: string; note: string | null },
): Promise<string> {
  const c = await x.selectFrom('collection_case').select('debtor_id').where('id', '=', e.caseId).executeTakeFirstOrThrow();
  const id = newId();
  await x.insertInto('contact_event').values({
    id, debtor_id: c.debtor_id, case_id: e.caseId, type: 'medium_opt_out', party_kind: 'debtor', party_id: c.debtor_id, channel: e.channel,
    contact_point_id: e.contactPointId, debt_ids_json: null, at: e.at, from_at: null, until_at: null, from_time: null, until_time: null,
    review_on: null, note: e.note, created_by: null, created_at: e.at,
  }).execute();
  return id;
}
