import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { idSchema } from '../../../contracts/common.js';
import {
  strategyActivateSchema, strategyCreateSchema, strategyDraftUpdateSchema, strategySimulateSchema, strategyValidateSchema, strategyVersionCreateSchema,
} from '../../../contracts/strategies.js';
import { principal } from '../../http/auth.js';
import type { StrategyDefService } from './strategies.service.js';

const idParams = z.strictObject({ id: idSchema });

/** Strategies and their versions (supervisor, admin: cases.assign). */
export function strategyDefRoutes(s: StrategyDefService): FastifyPluginAsyncZod {
  return async (app) => {
    const tags = ['strategy'];
    const config = { permission: 'cases.assign' as const };
    app.get('/api/strategies', { config, schema: { tags } }, async (req) => s.list(principal(req)));
    app.post('/api/strategies', { config, schema: { tags, body: strategyCreateSchema } }, async (req, reply) => {
      reply.code(201);
      return s.create(principal(req), req.body);
    });
    app.post('/api/strategies/validate', { config, schema: { tags, body: strategyValidateSchema } }, async (req) => s.validate(principal(req), req.body.definition));
    app.post('/api/strategies/:id/versions', { config, schema: { tags, params: idParams, body: strategyVersionCreateSchema } }, async (req, reply) => {
      reply.code(201);
      return s.createVersion(principal(req), req.params.id, req.body);
    });
    app.get('/api/strategy-versions/:id', { config, schema: { tags, params: idParams } }, async (req) => s.getVersion(principal(req), req.params.id));
    app.put('/api/strategy-versions/:id', { config, schema: { tags, params: idParams, body: strategyDraftUpdateSchema } }, async (req) => s.updateDraft(principal(req), req.params.id, req.body));
    app.post('/api/strategy-versions/:id/activate', { config, schema: { tags, params: idParams, body: strategyActivateSchema } }, async (req) => s.activate(principal(req), req.params.id, req.body));
    app.post('/api/strategy-versions/:id/retire', { config, schema: { tags, params: idParams, body: strategyActivateSchema } }, async (req) => s.retire(principal(req), req.params.id, req.body));
    app.post('/api/strategy-versions/:id/simulate', { config, schema: { tags, params: idParams, body: strategySimulateSchema } }, async (req) => s.simulate(principal(req), req.params.id, req.body));
  };
}
