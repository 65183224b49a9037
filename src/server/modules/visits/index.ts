// Public face of the field-visits module (issue 8): visit requests, approval, day route plans.
export { createVisitService, VisitErrors, type VisitService } from './visits.service.js';
export { visitRoutes } from './visits.routes.js';
export type { VisitTables } from './visits.tables.js';
export { createFieldService, FieldErrors, type FieldService } from './field.service.js';
export { fieldRoutes } from './field.routes.js';
