import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { queueQuerySchema, queueResponseSchema } from '../../../contracts/desk.js';
import { principal } from '../../http/auth.js';
import type { DeskService } from './desk.service.js';

export function deskRoutes(desk: DeskService): FastifyPluginAsyncZod {
  return async (app) => {
    app.get('/api/queue', { config: { permission: 'cases.read' }, schema: { tags: ['desk'], querystring: queueQuerySchema, response: { 200: queueResponseSchema } } }, async (req) =>
      desk.queue(principal(req), req.query),
    );
  };
}
