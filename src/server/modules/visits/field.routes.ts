import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { idSchema } from '../../../contracts/common.js';
import { checkInSchema, fieldTodaySchema, incidentListSchema, incidentSchema, outcomeSchema, sosSchema } from '../../../contracts/field.js';
import { principal } from '../../http/auth.js';
import type { FieldService } from './field.service.js';

const idParams = z.strictObject({ id: idSchema });

/**
 * The field collector's day: today's route with dossiers, check-in, outcome, "asked to leave", SOS (contacts.attempt);
 * incidents for supervisors (visits.plan). A stop not on the caller's routes, or whose case is outside the scope, is 404.
 */
export function fieldRoutes(f: FieldService): FastifyPluginAsyncZod {
  return async (app) => {
    const tags = ['field'];
    app.get('/api/field/today', { config: { permission: 'contacts.attempt' }, schema: { tags, response: { 200: fieldTodaySchema } } }, async (req) => f.today(principal(req)));
    app.post('/api/field/stops/:id/check-in', { config: { permission: 'contacts.attempt' }, schema: { tags, params: idParams, body: checkInSchema } }, async (req, reply) => {
      reply.status(201);
      return f.checkIn(principal(req), req.params.id, req.body);
    });
    app.post('/api/field/stops/:id/outcome', { config: { permission: 'contacts.attempt' }, schema: { tags, params: idParams, body: outcomeSchema } }, async (req) =>
      f.outcome(principal(req), req.params.id, req.body),
    );
    app.post('/api/field/stops/:id/leave', { config: { permission: 'contacts.attempt' }, schema: { tags, params: idParams } }, async (req) => f.leave(principal(req), req.params.id));
    app.post('/api/field/sos', { config: { permission: 'contacts.attempt' }, schema: { tags, body: sosSchema, response: { 201: incidentSchema } } }, async (req, reply) => {
      reply.status(201);
      return f.sos(principal(req), req.body);
    });
    app.get('/api/field/incidents', { config: { permission: 'visits.plan' }, schema: { tags, response: { 200: incidentListSchema } } }, async (req) => f.incidents(principal(req)));
  };
}
