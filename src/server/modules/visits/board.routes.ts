import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { idSchema } from '../../../contracts/common.js';
import { availabilityPutSchema, availabilitySchema, fieldBoardQuerySchema, fieldBoardSchema } from '../../../contracts/field-board.js';
import { principal } from '../../http/auth.js';
import type { BoardService } from './board.service.js';

const addressParams = z.strictObject({ id: idSchema, addressId: idSchema });

/**
 * The supervisor's live board of a day's routes (visits.plan; their teams' and their own plans, cases in their scope),
 * and the debtor's stated availability per address (read: cases.read; set: contacts.attempt; a case outside the scope is 404).
 */
export function boardRoutes(b: BoardService): FastifyPluginAsyncZod {
  return async (app) => {
    app.get('/api/field/board', { config: { permission: 'visits.plan' }, schema: { tags: ['field'], querystring: fieldBoardQuerySchema, response: { 200: fieldBoardSchema } } }, async (req) =>
      b.board(principal(req), req.query.date),
    );
    app.get('/api/cases/:id/addresses/:addressId/availability', { config: { permission: 'cases.read' }, schema: { tags: ['visits'], params: addressParams, response: { 200: availabilitySchema } } }, async (req) =>
      b.getAvailability(principal(req), req.params.id, req.params.addressId),
    );
    app.put('/api/cases/:id/addresses/:addressId/availability', {
      config: { permission: 'contacts.attempt' }, schema: { tags: ['visits'], params: addressParams, body: availabilityPutSchema, response: { 200: availabilitySchema } },
    }, async (req) => b.setAvailability(principal(req), req.params.id, req.params.addressId, req.body));
  };
}
