// Public face of the campaigns module (issue 6, item 6: a template sent to a selection of cases, with a preview).
export { createCampaignService, CampaignErrors, CAMPAIGN_BATCH, CAMPAIGN_MAX_TARGETS, type CampaignService } from './campaigns.service.js';
export { campaignRoutes } from './campaigns.routes.js';
export { campaignJobs } from './campaigns.jobs.js';
export type { CampaignTables } from './campaigns.tables.js';
