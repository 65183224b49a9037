import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { idSchema } from '../../../contracts/common.js';
import { attemptCallSchema, callEventRequestSchema, callEventSchema, dialResponseSchema, telephonyConfigSchema } from '../../../contracts/telephony.js';
import { principal } from '../../http/auth.js';
import type { TelephonyService } from './telephony.service.js';

const idParams = z.strictObject({ id: idSchema });

export function telephonyRoutes(telephony: TelephonyService): FastifyPluginAsyncZod {
  return async (app) => {
    // Which adapter the web app drives: tel: links (default) or an external dialer's webhook.
    app.get('/api/telephony/config', { schema: { tags: ['telephony'], response: { 200: telephonyConfigSchema } } }, async () => telephony.config());
    // The dialer's webhook (API token with telephony.webhook): 201 stored, 200 a replay of a stored event.
    app.post('/api/telephony/events', { config: { permission: 'telephony.webhook' }, schema: { tags: ['telephony'], body: callEventRequestSchema, response: { 200: callEventSchema, 201: callEventSchema } } }, async (req, reply) => {
      const r = await telephony.recordEvent(principal(req), req.body);
      reply.code(r.created ? 201 : 200);
      return r.event;
    });
    app.get('/api/attempts/:id/call', { config: { permission: 'cases.read' }, schema: { tags: ['telephony'], params: idParams, response: { 200: attemptCallSchema } } }, async (req) =>
      telephony.attemptCall(principal(req), req.params.id),
    );
    // tel mode: the number of the caller's allowed call attempt, for a tel: link (audited reveal).
    app.post('/api/attempts/:id/dial', { config: { permission: 'contacts.attempt' }, schema: { tags: ['telephony'], params: idParams, response: { 200: dialResponseSchema } } }, async (req) =>
      telephony.dial(principal(req), req.params.id),
    );
  };
}
