// Public face of the strategy module (issue 9: the nightly run; strategies and allocation come later).
export { createStrategyService, NightlyErrors, type StrategyService } from './strategy.service.js';
export { strategyRoutes } from './strategy.routes.js';
export { createProfileService, ProfileErrors, type ProfileService } from './profile.service.js';
export { profileRoutes } from './profile.routes.js';
export type { AllocationTables } from './allocation.tables.js';
export { createStrategyDefService, StrategyErrors, type StrategyDefService } from './strategies.service.js';
export { strategyDefRoutes } from './strategies.routes.js';
export { strategyJobs, agencyToday } from './strategy.jobs.js';
export { runNightly, bandOf, NIGHTLY_BATCH, type RunOptions } from './nightly.service.js';
export type { StrategyTables } from './strategy.tables.js';
export { PARTITION_JOB, defaultPartitions, type Progress as PartitionProgress } from './partition.service.js';
