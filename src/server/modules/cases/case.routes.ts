import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { idSchema } from '../../../contracts/common.js';
import { caseDetailSchema, caseListQuerySchema, caseListSchema, revealRequestSchema, revealResponseSchema } from '../../../contracts/cases.js';
import { principal } from '../../http/auth.js';
import type { CaseService } from './case.service.js';

export function caseRoutes(cases: CaseService): FastifyPluginAsyncZod {
  return async (app) => {
    app.get('/api/cases', { schema: { tags: ['cases'], querystring: caseListQuerySchema, response: { 200: caseListSchema } } }, async (req) => cases.list(principal(req), req.query));
    app.get('/api/cases/:id', { schema: { tags: ['cases'], params: z.strictObject({ id: idSchema }), response: { 200: caseDetailSchema } } }, async (req) =>
      cases.get(principal(req), req.params.id, { balances: true }),
    );
    app.post(
      '/api/cases/:id/reveal',
      { config: { permission: 'pii.reveal' }, schema: { tags: ['cases'], params: z.strictObject({ id: idSchema }), body: revealRequestSchema, response: { 200: revealResponseSchema } } },
      async (req) => cases.reveal(principal(req), req.params.id, req.body),
    );
  };
}
