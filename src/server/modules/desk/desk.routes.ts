import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { idSchema } from '../../../contracts/common.js';
import {
  callbackCheckRequestSchema, checkResponseSchema, notesCheckRequestSchema, outcomeRequestSchema, outcomeResponseSchema, queueQuerySchema, queueResponseSchema,
} from '../../../contracts/desk.js';
import { timelineQuerySchema, timelineResponseSchema } from '../../../contracts/timeline.js';
import { principal } from '../../http/auth.js';
import type { DeskService } from './desk.service.js';

const idParams = z.strictObject({ id: idSchema });

export function deskRoutes(desk: DeskService): FastifyPluginAsyncZod {
  return async (app) => {
    app.get('/api/queue', { config: { permission: 'cases.read' }, schema: { tags: ['desk'], querystring: queueQuerySchema, response: { 200: queueResponseSchema } } }, async (req) =>
      desk.queue(principal(req), req.query),
    );
    // The case's single timeline, newest first, keyset-paginated (404 outside the caller's scope).
    app.get('/api/cases/:id/timeline', { config: { permission: 'cases.read' }, schema: { tags: ['desk'], params: idParams, querystring: timelineQuerySchema, response: { 200: timelineResponseSchema } } }, async (req) =>
      desk.timeline(principal(req), req.params.id, req.query),
    );
    // Logging a contact: the outcome of an allowed attempt with its follow-ups (one transaction, audited).
    app.post('/api/attempts/:id/outcome', { config: { permission: 'contacts.attempt' }, schema: { tags: ['desk'], params: idParams, body: outcomeRequestSchema, response: { 200: outcomeResponseSchema } } }, async (req) =>
      desk.logOutcome(principal(req), req.params.id, req.body),
    );
    // As-you-type checks: the packs' content rules on a note; the engine's verdict on a callback time.
    app.post('/api/cases/:id/notes/check', { config: { permission: 'contacts.attempt' }, schema: { tags: ['desk'], params: idParams, body: notesCheckRequestSchema, response: { 200: checkResponseSchema } } }, async (req) =>
      desk.checkNotes(principal(req), req.params.id, req.body.text),
    );
    app.post('/api/attempts/:id/callback/check', { config: { permission: 'contacts.attempt' }, schema: { tags: ['desk'], params: idParams, body: callbackCheckRequestSchema, response: { 200: checkResponseSchema } } }, async (req) =>
      desk.checkCallback(principal(req), req.params.id, req.body.at),
    );
  };
}
