import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { idSchema } from '../../../contracts/common.js';
import {
  attemptListSchema, attemptRequestSchema, attemptResponseSchema, attemptSchema, completeAttemptSchema, contactEventListSchema,
  contactEventRequestSchema, contactEventSchema, decisionLogQuerySchema, decisionLogSchema, decisionOutputSchema, packListSchema,
  panelSchema, scenarioInputSchema,
} from '../../../contracts/compliance.js';
import { principal } from '../../http/auth.js';
import type { ComplianceService } from './compliance.service.js';

const idParams = z.strictObject({ id: idSchema });

export function complianceRoutes(compliance: ComplianceService): FastifyPluginAsyncZod {
  return async (app) => {
    app.get('/api/compliance/packs', { config: { permission: 'compliance.read' }, schema: { tags: ['compliance'], response: { 200: packListSchema } } }, async () => compliance.packList());
    // The simulator: the scenario format is public (docs/compliance/scenario.schema.json).
    app.post('/api/compliance/check', { config: { permission: 'compliance.read' }, schema: { tags: ['compliance'], body: scenarioInputSchema, response: { 200: decisionOutputSchema } } }, async (req) =>
      compliance.check(principal(req), req.body),
    );
    app.get('/api/compliance/decisions', { config: { permission: 'compliance.read' }, schema: { tags: ['compliance'], querystring: decisionLogQuerySchema, response: { 200: decisionLogSchema } } }, async (req) =>
      compliance.decisions(principal(req), req.query),
    );
    app.get('/api/cases/:id/compliance', { schema: { tags: ['compliance'], params: idParams, response: { 200: panelSchema } } }, async (req) => compliance.panel(principal(req), req.params.id));
    app.get('/api/cases/:id/attempts', { schema: { tags: ['compliance'], params: idParams, response: { 200: attemptListSchema } } }, async (req) => compliance.attempts(principal(req), req.params.id));
    app.post('/api/cases/:id/attempts', { config: { permission: 'contacts.attempt' }, schema: { tags: ['compliance'], params: idParams, body: attemptRequestSchema, response: { 201: attemptResponseSchema } } }, async (req, reply) => {
      reply.code(201);
      return compliance.attempt(principal(req), req.params.id, req.body);
    });
    app.post('/api/attempts/:id/complete', { config: { permission: 'contacts.attempt' }, schema: { tags: ['compliance'], params: idParams, body: completeAttemptSchema, response: { 200: attemptSchema } } }, async (req) =>
      compliance.complete(principal(req), req.params.id, req.body),
    );
    app.get('/api/cases/:id/contact-events', { schema: { tags: ['compliance'], params: idParams, response: { 200: contactEventListSchema } } }, async (req) => compliance.events(principal(req), req.params.id));
    app.post('/api/cases/:id/contact-events', { config: { permission: 'contacts.attempt' }, schema: { tags: ['compliance'], params: idParams, body: contactEventRequestSchema, response: { 201: contactEventSchema } } }, async (req, reply) => {
      reply.code(201);
      return compliance.recordEvent(principal(req), req.params.id, req.body);
    });
  };
}
