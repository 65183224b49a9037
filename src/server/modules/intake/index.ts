// Public face of the intake module: import jobs over placement and payment files, and the JSON batch API.
export { createIntakeService, IntakeErrors, BATCH_ROWS, type IntakeService, type ImportProgress } from './intake.service.js';
export { intakeRoutes } from './intake.routes.js';
export { intakeJobs } from './intake.jobs.js';
export type { IntakeTables } from './intake.tables.js';
