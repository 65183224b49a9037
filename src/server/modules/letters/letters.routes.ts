import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { idSchema } from '../../../contracts/common.js';
import { letterRequestSchema } from '../../../contracts/letters.js';
import { principal } from '../../http/auth.js';
import type { LetterService } from './letters.service.js';

const idParams = z.strictObject({ id: idSchema });

/** POST /api/cases/:id/letters: 201 with the engine's decision and, when allowed, the stored document. */
export function letterRoutes(letters: LetterService): FastifyPluginAsyncZod {
  return async (app) => {
    app.post('/api/cases/:id/letters', { config: { permission: 'contacts.attempt' }, schema: { tags: ['letters'], params: idParams, body: letterRequestSchema } }, async (req, reply) => {
      reply.code(201);
      return letters.generate(principal(req), req.params.id, req.body);
    });
  };
}
