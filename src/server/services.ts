// The composition of module services for one process.
import type { AppContext } from './context.js';
import { createAuditService } from './modules/audit/index.js';
import { createCaseService } from './modules/cases/index.js';
import { createAuthService, createIdentityService } from './modules/identity/index.js';
import { createStaffService } from './modules/staff/index.js';

export function createServices(ctx: AppContext) {
  return {
    auth: createAuthService(ctx),
    identity: createIdentityService(ctx),
    cases: createCaseService(ctx),
    auditTrail: createAuditService(ctx),
    staff: createStaffService(ctx),
  };
}
export type Services = ReturnType<typeof createServices>;
