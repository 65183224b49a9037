import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { idSchema } from '../../../contracts/common.js';
import { scoringModelListSchema, scoringModelSchema, trainModelSchema } from '../../../contracts/models.js';
import { principal } from '../../http/auth.js';
import type { ModelService } from './models.service.js';

/** The model registry (supervisors and admin: cases.assign). */
export function modelRoutes(s: ModelService): FastifyPluginAsyncZod {
  return async (app) => {
    const tags = ['models'];
    app.get('/api/models', { config: { permission: 'cases.assign' }, schema: { tags, response: { 200: scoringModelListSchema } } }, async (req) => s.list(principal(req)));
    app.post('/api/models', { config: { permission: 'cases.assign' }, schema: { tags, body: trainModelSchema, response: { 201: scoringModelSchema } } }, async (req, reply) =>
      reply.code(201).send(await s.train(principal(req), req.body)),
    );
    app.post('/api/models/:id/activate', { config: { permission: 'cases.assign' }, schema: { tags, params: z.strictObject({ id: idSchema }), response: { 200: scoringModelSchema } } }, async (req) =>
      s.activate(principal(req), req.params.id),
    );
  };
}
