// `campaigns.run`: walks a started campaign's pending targets (enqueued by start, keyed by the campaign). Safe to run
// twice: each target is claimed before it is queued.
import { z } from 'zod';
import { defineJob } from '../../queue/job.js';
import type { CampaignService } from './campaigns.service.js';

export function campaignJobs(campaigns: () => CampaignService) {
  return [
    defineJob({ name: 'campaigns.run', version: 1, payload: z.object({ campaignId: z.string() }), handler: async (p) => {
      await campaigns().run(p.campaignId);
    } }),
  ];
}
