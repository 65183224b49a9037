import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { idSchema } from '../../../contracts/common.js';
import {
  createVisitPlanSchema, createVisitRequestSchema, fieldCollectorListSchema, visitDecisionSchema, visitPlanSchema, visitRequestListSchema,
  visitRequestQuerySchema, visitRequestSchema,
} from '../../../contracts/visits.js';
import { principal } from '../../http/auth.js';
import type { VisitService } from './visits.service.js';

const idParams = z.strictObject({ id: idSchema });

/**
 * Field visits: requests (contacts.attempt to make, cases.read to list), approval and planning (visits.plan).
 * The case's data scope applies: a case outside it is 404.
 */
export function visitRoutes(v: VisitService): FastifyPluginAsyncZod {
  return async (app) => {
    const tags = ['visits'];
    app.post(
      '/api/cases/:id/visit-requests',
      { config: { permission: 'contacts.attempt' }, schema: { tags, params: idParams, body: createVisitRequestSchema, response: { 201: visitRequestSchema } } },
      async (req, reply) => {
        reply.status(201);
        return v.createRequest(principal(req), req.params.id, req.body);
      },
    );
    app.get('/api/cases/:id/visit-requests', { config: { permission: 'cases.read' }, schema: { tags, params: idParams, response: { 200: visitRequestListSchema } } }, async (req) =>
      v.listForCase(principal(req), req.params.id),
    );
    app.get('/api/visit-requests', { config: { permission: 'cases.read' }, schema: { tags, querystring: visitRequestQuerySchema, response: { 200: visitRequestListSchema } } }, async (req) =>
      v.list(principal(req), req.query.status),
    );
    app.post('/api/visit-requests/:id/approve', { config: { permission: 'visits.plan' }, schema: { tags, params: idParams, body: visitDecisionSchema, response: { 200: visitRequestSchema } } }, async (req) =>
      v.decide(principal(req), req.params.id, 'approved', req.body.reason),
    );
    app.post('/api/visit-requests/:id/reject', { config: { permission: 'visits.plan' }, schema: { tags, params: idParams, body: visitDecisionSchema, response: { 200: visitRequestSchema } } }, async (req) =>
      v.decide(principal(req), req.params.id, 'rejected', req.body.reason),
    );
    app.get('/api/field-collectors', { config: { permission: 'visits.plan' }, schema: { tags, response: { 200: fieldCollectorListSchema } } }, async (req) => v.fieldCollectors(principal(req)));
    app.post('/api/visit-plans', { config: { permission: 'visits.plan' }, schema: { tags, body: createVisitPlanSchema, response: { 201: visitPlanSchema } } }, async (req, reply) => {
      reply.status(201);
      return v.createPlan(principal(req), req.body);
    });
    app.get('/api/visit-plans/:id', { config: { permission: 'visits.plan' }, schema: { tags, params: idParams, response: { 200: visitPlanSchema } } }, async (req) =>
      v.getPlan(principal(req), req.params.id),
    );
  };
}
