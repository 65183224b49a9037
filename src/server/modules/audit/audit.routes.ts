import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { auditListSchema, auditQuerySchema } from '../../../contracts/audit.js';
import { principal } from '../../http/auth.js';
import type { AuditService } from './audit.service.js';

export function auditRoutes(audit: AuditService): FastifyPluginAsyncZod {
  return async (app) => {
    app.get('/api/audit', { config: { permission: 'audit.read' }, schema: { tags: ['audit'], querystring: auditQuerySchema, response: { 200: auditListSchema } } }, async (req) => audit.list(principal(req), req.query));
  };
}
