// The composition of module services for one process.
import type { AppContext } from './context.js';
import { createAuditService } from './modules/audit/index.js';
import { createCaseService, createLedgerService } from './modules/cases/index.js';
import { createComplianceService } from './modules/compliance/index.js';
import { createDocumentService } from './modules/documents/index.js';
import { createDeskService } from './modules/desk/index.js';
import { createAuthService, createIdentityService } from './modules/identity/index.js';
import { createIntakeService } from './modules/intake/index.js';
import { createLetterService } from './modules/letters/index.js';
import { createMessagingService } from './modules/messaging/index.js';
import { createNegotiationService } from './modules/negotiation/index.js';
import { createStaffService } from './modules/staff/index.js';
import { createProfileService, createStrategyDefService, createStrategyService } from './modules/strategy/index.js';
import { createModelService } from './modules/models/index.js';
import { createBoardService, createFieldEvidenceService, createFieldService, createVisitService } from './modules/visits/index.js';
import { createTelephonyService } from './modules/telephony/index.js';
import { createScriptService } from './modules/scripts/index.js';
import { createSupervisionService } from './modules/supervision/index.js';
import { createCampaignService } from './modules/campaigns/index.js';

export function createServices(ctx: AppContext) {
  const cases = createCaseService(ctx);
  const staff = createStaffService(ctx);
  const compliance = createComplianceService(ctx, { cases, staff });
  const documents = createDocumentService(ctx);
  const messaging = createMessagingService(ctx, { cases, compliance });
  const field = createFieldService(ctx, { cases, compliance, staff });
  return {
    auth: createAuthService(ctx),
    identity: createIdentityService(ctx, { unknownRulePack: compliance.unknownPack }),
    cases,
    ledger: createLedgerService(ctx, { cases }),
    auditTrail: createAuditService(ctx),
    staff,
    compliance,
    intake: createIntakeService(ctx),
    negotiation: createNegotiationService(ctx, { cases, documents, messaging }),
    visits: createVisitService(ctx, { cases, compliance, staff }),
    field,
    fieldEvidence: createFieldEvidenceService(ctx, { cases, field }),
    board: createBoardService(ctx, { cases }),
    messaging,
    strategy: createStrategyService(ctx, { cases, compliance }),
    profiles: createProfileService(ctx),
    strategies: createStrategyDefService(ctx),
    models: createModelService(ctx),
    desk: createDeskService(ctx, { cases, compliance }),
    documents,
    telephony: createTelephonyService(ctx, { cases }),
    scripts: createScriptService(ctx, { cases, compliance }),
    letters: createLetterService(ctx, { cases, compliance, messaging }),
    supervision: createSupervisionService(ctx),
    campaigns: createCampaignService(ctx, { cases, compliance, messaging }),
  };
}
export type Services = ReturnType<typeof createServices>;
