import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { idSchema } from '../../../contracts/common.js';
import { caseScriptSchema, scriptListSchema, scriptUpdateResponseSchema, scriptUpdateSchema } from '../../../contracts/scripts.js';
import { principal } from '../../http/auth.js';
import type { ScriptService } from './scripts.service.js';

const idParams = z.strictObject({ id: idSchema });

export function scriptRoutes(scripts: ScriptService): FastifyPluginAsyncZod {
  return async (app) => {
    // The script rendered for a case: its debtor's locale, names filled in, the situation the record points to.
    app.get('/api/cases/:id/script', { config: { permission: 'cases.read' }, schema: { tags: ['scripts'], params: idParams, response: { 200: caseScriptSchema } } }, async (req) =>
      scripts.forCase(principal(req), req.params.id),
    );
    // The editor (supervisors, compliance officers, admins): every section of both locales; a save checks and audits.
    app.get('/api/scripts', { config: { permission: 'templates.manage' }, schema: { tags: ['scripts'], response: { 200: scriptListSchema } } }, async (req) =>
      scripts.list(principal(req)),
    );
    app.put('/api/scripts', { config: { permission: 'templates.manage' }, schema: { tags: ['scripts'], body: scriptUpdateSchema, response: { 200: scriptUpdateResponseSchema } } }, async (req) =>
      scripts.update(principal(req), req.body),
    );
  };
}
