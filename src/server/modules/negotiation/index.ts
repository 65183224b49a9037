// Public face of the negotiation module (issue 7): promises to pay, payment plans, approvals.
export { createNegotiationService, NegotiationErrors, type NegotiationService } from './negotiation.service.js';
export { negotiationRoutes } from './negotiation.routes.js';
export { evaluateAfterPayments, type EvaluateOptions } from './negotiation.evaluate.js';
export { DEFAULT_GRACE_DAYS, negotiationPolicyFor, resolveNegotiationPolicy } from './negotiation.policy.js';
export type { NegotiationTables } from './negotiation.tables.js';
export { evaluateDue, negotiationJobs } from './negotiation.jobs.js';

import type { Transaction } from 'kysely';
import type { DB } from '../../db/schema.js';
import type { Actor, AuditLog } from '../../platform/audit.js';
import { newId } from '../../platform/ids.js';

/**
 * Records a promise to pay in the caller's transaction (the desk logs it with the contact's outcome), with its
 * audit entry. The caller has checked the case scope, the account and that `dueDate` is not before `madeOn`.
 */
export async function recordPromiseIn(
  trx: Transaction<DB>,
  audit: AuditLog,
  actor: Actor,
  p: { caseId: string; debtAccountId: string | null; amountMinor: number; currency: string; dueDate: string; madeOn: string; note: string | null; createdBy: string; at: string },
): Promise<string> {
  const id = newId();
  await trx.insertInto('promise_to_pay').values({
    id, case_id: p.caseId, debt_account_id: p.debtAccountId, amount_minor: p.amountMinor, currency: p.currency, due_date: p.dueDate, made_on: p.madeOn,
    note: p.note, status: 'pending', paid_minor: 0, kept_on: null, evaluated_at: null, created_by: p.createdBy, created_at: p.at, updated_at: p.at,
  }).execute();
  await audit.record(actor, { action: 'promise.create', entityType: 'promise_to_pay', entityId: id, after: { caseId: p.caseId, amountMinor: p.amountMinor, dueDate: p.dueDate, debtAccountId: p.debtAccountId } }, trx);
  return id;
}
