// Public face of the models module: the portfolio model registry (issue 9, part 1).
export { activeScorer, createModelService, DEFAULT_LIMITS, ModelErrors, type ModelService, type TrainingLimits } from './models.service.js';
export { modelRoutes } from './models.routes.js';
export type { ModelTables } from './models.tables.js';
