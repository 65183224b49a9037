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
  const compliance = createComplianceService(ctx, { cases, staff });
  return {
    auth: createAuthService(ctx),
    identity: createIdentityService(ctx, { unknownRulePack: compliance.unknownPack }),
    cases,
    auditTrail: createAuditService(ctx),
    staff,
    compliance,
  };
}
export type Services = ReturnType<typeof createServices>;
