// The database type: the union of the tables each module owns. A new module adds its *.tables.ts here.
import type { CaseTables } from '../modules/cases/case.tables.js';
import type { ComplianceTables } from '../modules/compliance/compliance.tables.js';
import type { IdentityTables } from '../modules/identity/identity.tables.js';
import type { IntakeTables } from '../modules/intake/intake.tables.js';
import type { NegotiationTables } from '../modules/negotiation/negotiation.tables.js';
import type { StaffTables } from '../modules/staff/staff.tables.js';
import type { StrategyTables } from '../modules/strategy/strategy.tables.js';
import type { PartitionTables } from '../modules/strategy/partition.tables.js';
import type { AllocationTables } from '../modules/strategy/allocation.tables.js';
import type { VisitTables } from '../modules/visits/visits.tables.js';
import type { MessagingTables } from '../modules/messaging/messaging.tables.js';
import type { DeskTables } from '../modules/desk/desk.tables.js';
import type { TelephonyTables } from '../modules/telephony/telephony.tables.js';
import type { DocumentTables } from '../modules/documents/documents.tables.js';
import type { ScriptTables } from '../modules/scripts/scripts.tables.js';
import type { CampaignTables } from '../modules/campaigns/campaigns.tables.js';
import type { AuditTables } from '../platform/audit.tables.js';
import type { QueueTables } from '../queue/queue.tables.js';
import type { ModelTables } from '../modules/models/models.tables.js';

export type DB = IdentityTables & CaseTables & ComplianceTables & StaffTables & IntakeTables & NegotiationTables & AuditTables & QueueTables & VisitTables & MessagingTables & StrategyTables & DeskTables & TelephonyTables & DocumentTables & ScriptTables & CampaignTables & AllocationTables & PartitionTables & ModelTables;
