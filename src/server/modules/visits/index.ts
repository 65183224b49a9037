// Public face of the field-visits module (issue 8): visit requests, approval, day route plans.
export { createVisitService, VisitErrors, type VisitService } from './visits.service.js';
export { visitRoutes } from './visits.routes.js';
export type { VisitTables } from './visits.tables.js';
export { createFieldService, FieldErrors, type FieldService } from './field.service.js';
export { fieldRoutes } from './field.routes.js';
export { createFieldEvidenceService, EvidenceErrors, MAX_EVIDENCE_BYTES, type FieldEvidenceService } from './field-evidence.service.js';
export { FieldSyncErrors } from './field.mutations.js';
export { createBoardService, type BoardService } from './board.service.js';
export { boardRoutes } from './board.routes.js';
export { visitJobs } from './visits.jobs.js';
export { greatCircleProvider, osrmProvider, travelProviderOf, type TravelProvider } from './travel.js';
export { NOTICE_OF_VISIT_TEMPLATE, NoticeErrors, visitNoticeWindow } from './notice.js';
