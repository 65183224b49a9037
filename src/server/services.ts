// The composition of module services for one process.
import type { AppContext } from './context.js';
import { createAuditService } from './modules/audit/index.js';
import { createCaseService } from './modules/cases/index.js';
import { createComplianceService } from './modules/compliance/index.js';
import { createAuthService, createIdentityService } from './modules/identity/index.js';
import { createStaffService } from './modules/staff/index.js';

export function createServices(ctx: AppContext) {
  const cases = createCaseService(ctx);
  const staff = createStaffService(ctx);
  return {
    auth: createAuthService(ctx),
    identity: createIdentityService(ctx),
    cases,
    auditTrail: createAuditService(ctx),
    staff,
    compliance: createComplianceService(ctx, { cases, staff }),
  };
}
export type Services = ReturnType<typeof createServices>;
