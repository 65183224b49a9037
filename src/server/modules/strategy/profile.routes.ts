import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { collectorProfileOutSchema, collectorProfileSchema, reminderTemplatesSchema } from '../../../contracts/allocation.js';
import { idSchema } from '../../../contracts/common.js';
import { principal } from '../../http/auth.js';
import type { ProfileService } from './profile.service.js';

const idParams = z.strictObject({ id: idSchema });

/** Collector allocation profiles (supervisor: own team; admin) and a creditor's default reminder templates (admin). */
export function profileRoutes(s: ProfileService): FastifyPluginAsyncZod {
  return async (app) => {
    const tags = ['strategy'];
    app.get('/api/users/:id/collector-profile', { config: { permission: 'cases.assign' }, schema: { tags, params: idParams, response: { 200: collectorProfileOutSchema } } }, async (req) =>
      s.getProfile(principal(req), req.params.id));
    app.put('/api/users/:id/collector-profile', { config: { permission: 'cases.assign' }, schema: { tags, params: idParams, body: collectorProfileSchema, response: { 200: collectorProfileOutSchema } } }, async (req) =>
      s.putProfile(principal(req), req.params.id, req.body));
    app.get('/api/creditors/:id/reminder-templates', { config: { permission: 'creditors.manage' }, schema: { tags, params: idParams, response: { 200: reminderTemplatesSchema } } }, async (req) =>
      s.getReminderTemplates(principal(req), req.params.id));
    app.put('/api/creditors/:id/reminder-templates', { config: { permission: 'creditors.manage' }, schema: { tags, params: idParams, body: reminderTemplatesSchema, response: { 200: reminderTemplatesSchema } } }, async (req) =>
      s.putReminderTemplates(principal(req), req.params.id, req.body));
  };
}
