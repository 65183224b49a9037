// Operators see queued and failed jobs with their errors, and can retry a failed one.
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { jobQuerySchema, jobSchema } from '../../../contracts/audit.js';
import { okSchema } from '../../../contracts/common.js';
import { principal } from '../../http/auth.js';
import { actorOf, requirePermission } from '../../platform/access.js';
import type { AuditLog } from '../../platform/audit.js';
import type { QueueDriver } from '../../queue/job.js';

export function jobRoutes(deps: { queue: QueueDriver; audit: AuditLog }): FastifyPluginAsyncZod {
  return async (app) => {
    app.get('/api/admin/jobs', { config: { permission: 'jobs.read' }, schema: { tags: ['admin'], querystring: jobQuerySchema, response: { 200: z.object({ items: z.array(jobSchema) }) } } }, async (req) => {
      requirePermission(principal(req), 'jobs.read');
      const jobs = await deps.queue.listJobs({ ...(req.query.status ? { status: req.query.status } : {}), limit: req.query.limit });
      return { items: jobs.map(({ payload: _p, ...j }) => j) };
    });
    app.post('/api/admin/jobs/:id/retry', { config: { permission: 'jobs.read' }, schema: { tags: ['admin'], params: z.strictObject({ id: z.string().min(1).max(64) }), response: { 200: okSchema } } }, async (req) => {
      const p = principal(req);
      requirePermission(p, 'jobs.read');
      await deps.queue.retry(req.params.id);
      await deps.audit.record(actorOf(p), { action: 'job.retry', entityType: 'job', entityId: req.params.id });
      return { ok: true as const };
    });
  };
}
