import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { idSchema } from '../../../contracts/common.js';
import { caseScoreResponseSchema, nightlyRunListSchema, nightlyRunRequestedSchema, nightlyRunSchema } from '../../../contracts/strategy.js';
import { principal } from '../../http/auth.js';
import type { StrategyService } from './strategy.service.js';

const idParams = z.strictObject({ id: idSchema });

/** Nightly runs (supervisors and admin: cases.assign; starting one: admin, nightly.run) and a case's latest score (its data scope). */
export function strategyRoutes(s: StrategyService): FastifyPluginAsyncZod {
  return async (app) => {
    const tags = ['strategy'];
    app.get('/api/runs', { config: { permission: 'cases.assign' }, schema: { tags, response: { 200: nightlyRunListSchema } } }, async (req) => s.listRuns(principal(req)));
    // Run today's batch now (admin): queued for a worker; 202 with the date and the job.
    app.post('/api/runs', { config: { permission: 'nightly.run' }, schema: { tags, response: { 202: nightlyRunRequestedSchema } } }, async (req, reply) => {
      const r = await s.requestRun(principal(req));
      reply.code(202);
      return r;
    });
    app.get('/api/runs/:id', { config: { permission: 'cases.assign' }, schema: { tags, params: idParams, response: { 200: nightlyRunSchema } } }, async (req) =>
      s.getRun(principal(req), req.params.id),
    );
    app.get('/api/cases/:id/score', { config: { permission: 'cases.read' }, schema: { tags, params: idParams, response: { 200: caseScoreResponseSchema } } }, async (req) =>
      s.caseScore(principal(req), req.params.id),
    );
  };
}
