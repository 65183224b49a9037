import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { idSchema } from '../../../contracts/common.js';
import { principal } from '../../http/auth.js';
import type { MessagingService } from './messaging.service.js';

const idParams = z.strictObject({ id: idSchema });
const channel = z.enum(['sms', 'email', 'letter']);
const versionBody = { subject: z.string().max(500).nullish(), body: z.string().min(1).max(5000) };

export function messagingRoutes(messaging: MessagingService): FastifyPluginAsyncZod {
  return async (app) => {
    app.get('/api/message-templates', { config: { permission: 'cases.read' }, schema: { tags: ['messaging'], querystring: z.strictObject({ approved: z.enum(['true', 'false']).optional() }) } }, async (req) =>
      messaging.listTemplates(principal(req), { approvedOnly: req.query.approved === 'true' }),
    );
    app.post('/api/message-templates', {
      config: { permission: 'templates.manage' },
      schema: { tags: ['messaging'], body: z.strictObject({ channel, locale: z.enum(['zh-CN', 'en']), name: z.string().min(1).max(200), rulePacks: z.string().max(200).optional(), ...versionBody }) },
    }, async (req, reply) => {
      reply.code(201);
      return messaging.createTemplate(principal(req), req.body);
    });
    app.post('/api/message-templates/:id/versions', { config: { permission: 'templates.manage' }, schema: { tags: ['messaging'], params: idParams, body: z.strictObject(versionBody) } }, async (req, reply) => {
      reply.code(201);
      return messaging.addVersion(principal(req), req.params.id, req.body);
    });
    app.post('/api/message-template-versions/:id/approve', { config: { permission: 'templates.approve' }, schema: { tags: ['messaging'], params: idParams } }, async (req) =>
      messaging.approve(principal(req), req.params.id),
    );
    app.post('/api/cases/:id/messages', {
      config: { permission: 'contacts.attempt' },
      schema: { tags: ['messaging'], params: idParams, body: z.strictObject({ templateId: idSchema, channel, to: idSchema }) },
    }, async (req, reply) => {
      reply.code(201);
      return messaging.send(principal(req), req.params.id, req.body);
    });
    app.get('/api/messages', {
      config: { permission: 'compliance.read' },
      schema: { tags: ['messaging'], querystring: z.strictObject({ status: z.enum(['queued', 'sending', 'sent', 'delivered', 'failed', 'expired', 'unknown']).optional(), caseId: idSchema.optional() }) },
    }, async (req) => messaging.listMessages(principal(req), req.query));
    // The unsubscribe link in emails: no login, the signed token is the authority.
    app.get('/u/:token', { config: { auth: 'public' }, schema: { hide: true, params: z.strictObject({ token: z.string().min(1).max(200) }) } }, async (req, reply) => {
      await messaging.unsubscribe(req.params.token);
      reply.type('text/html; charset=utf-8');
      return '<!doctype html><html><head><meta charset="utf-8"><title>退订 / Unsubscribed</title></head><body><p>您已退订此邮箱的催收邮件。</p><p>You will receive no further emails at this address.</p></body></html>';
    });
  };
}
