import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { campaignCreateSchema, campaignPreviewSchema } from '../../../contracts/campaigns.js';
import { idSchema } from '../../../contracts/common.js';
import { principal } from '../../http/auth.js';
import type { CampaignService } from './campaigns.service.js';

const idParams = z.strictObject({ id: idSchema });

export function campaignRoutes(campaigns: CampaignService): FastifyPluginAsyncZod {
  return async (app) => {
    const config = { permission: 'cases.assign' as const };
    app.post('/api/campaigns/preview', { config, schema: { tags: ['campaigns'], body: campaignPreviewSchema } }, async (req) => campaigns.preview(principal(req), req.body));
    app.post('/api/campaigns', { config, schema: { tags: ['campaigns'], body: campaignCreateSchema } }, async (req, reply) => {
      reply.code(201);
      return campaigns.create(principal(req), req.body);
    });
    app.get('/api/campaigns', { config, schema: { tags: ['campaigns'] } }, async (req) => campaigns.list(principal(req)));
    app.get('/api/campaigns/:id', { config, schema: { tags: ['campaigns'], params: idParams } }, async (req) => campaigns.get(principal(req), req.params.id));
    app.post('/api/campaigns/:id/start', { config, schema: { tags: ['campaigns'], params: idParams } }, async (req) => campaigns.start(principal(req), req.params.id));
    app.post('/api/campaigns/:id/cancel', { config, schema: { tags: ['campaigns'], params: idParams } }, async (req) => campaigns.cancel(principal(req), req.params.id));
  };
}
