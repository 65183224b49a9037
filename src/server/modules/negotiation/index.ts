// Public face of the negotiation module (issue 7): promises to pay, payment plans, approvals.
export { createNegotiationService, NegotiationErrors, type NegotiationService } from './negotiation.service.js';
export { negotiationRoutes } from './negotiation.routes.js';
export { evaluateAfterPayments, type EvaluateOptions } from './negotiation.evaluate.js';
export { DEFAULT_GRACE_DAYS, negotiationPolicyFor, resolveNegotiationPolicy } from './negotiation.policy.js';
export type { NegotiationTables } from './negotiation.tables.js';
export { evaluateDue, negotiationJobs } from './negotiation.jobs.js';
