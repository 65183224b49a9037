import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { idSchema } from '../../../contracts/common.js';
import {
  activateResponseSchema, activateSchema, createPromiseSchema, decisionSchema, negotiationContextSchema, planListSchema, planOptionsQuerySchema, planOptionsSchema, planSchema,
  promiseListSchema, promiseSchema, proposePlanSchema,
} from '../../../contracts/negotiation.js';
import { principal } from '../../http/auth.js';
import type { NegotiationService } from './negotiation.service.js';

const idParams = z.strictObject({ id: idSchema });

/**
 * Negotiation: the calculator's context and plan options (cases.read), promises and plans (contacts.attempt to
 * write), approvals (plans.approve). The case's data scope applies throughout: outside it, 404.
 */
export function negotiationRoutes(n: NegotiationService): FastifyPluginAsyncZod {
  return async (app) => {
    const tags = ['negotiation'];
    app.get('/api/cases/:id/negotiation', { config: { permission: 'cases.read' }, schema: { tags, params: idParams, response: { 200: negotiationContextSchema } } }, async (req) =>
      n.context(principal(req), req.params.id),
    );
    app.get(
      '/api/cases/:id/plan-options',
      { config: { permission: 'cases.read' }, schema: { tags, params: idParams, querystring: planOptionsQuerySchema, response: { 200: planOptionsSchema } } },
      async (req) => {
        const { hardshipMonths, ...form } = req.query;
        return n.planOptions(principal(req), req.params.id, form, hardshipMonths);
      },
    );
    app.get('/api/cases/:id/promises', { config: { permission: 'cases.read' }, schema: { tags, params: idParams, response: { 200: promiseListSchema } } }, async (req) =>
      n.listPromises(principal(req), req.params.id),
    );
    app.post(
      '/api/cases/:id/promises',
      { config: { permission: 'contacts.attempt' }, schema: { tags, params: idParams, body: createPromiseSchema, response: { 201: promiseSchema } } },
      async (req, reply) => {
        reply.status(201);
        return n.createPromise(principal(req), req.params.id, req.body);
      },
    );
    app.get('/api/cases/:id/plans', { config: { permission: 'cases.read' }, schema: { tags, params: idParams, response: { 200: planListSchema } } }, async (req) =>
      n.listPlans(principal(req), req.params.id),
    );
    app.post(
      '/api/cases/:id/plans',
      { config: { permission: 'contacts.attempt' }, schema: { tags, params: idParams, body: proposePlanSchema, response: { 201: planSchema } } },
      async (req, reply) => {
        reply.status(201);
        return n.proposePlan(principal(req), req.params.id, req.body);
      },
    );
    app.post('/api/plans/:id/approve', { config: { permission: 'plans.approve' }, schema: { tags, params: idParams, body: decisionSchema, response: { 200: planSchema } } }, async (req) =>
      n.approvePlan(principal(req), req.params.id, req.body.reason),
    );
    app.post('/api/plans/:id/reject', { config: { permission: 'plans.approve' }, schema: { tags, params: idParams, body: decisionSchema, response: { 200: planSchema } } }, async (req) =>
      n.rejectPlan(principal(req), req.params.id, req.body.reason),
    );
    app.post('/api/plans/:id/activate', { config: { permission: 'contacts.attempt' }, schema: { tags, params: idParams, body: activateSchema, response: { 200: activateResponseSchema } } }, async (req) =>
      n.activate(principal(req), req.params.id, req.body),
    );
    app.post('/api/plans/:id/cancel', { config: { permission: 'contacts.attempt' }, schema: { tags, params: idParams, body: decisionSchema, response: { 200: planSchema } } }, async (req) =>
      n.cancel(principal(req), req.params.id, req.body.reason),
    );
    // The agreement as it would be signed (approved plans) or as it was (active and closed ones): a PDF, audited.
    app.get('/api/plans/:id/agreement', { config: { permission: 'cases.read' }, schema: { tags, params: idParams } }, async (req, reply) => {
      const { fileName, content } = await n.agreementPreview(principal(req), req.params.id);
      reply.type('application/pdf').header('content-disposition', `inline; filename="plan-agreement.pdf"; filename*=UTF-8''${encodeURIComponent(fileName)}`).header('cache-control', 'private, no-store');
      return content;
    });
    app.get('/api/approvals', { config: { permission: 'plans.approve' }, schema: { tags, response: { 200: planListSchema } } }, async (req) => n.approvals(principal(req)));
  };
}
