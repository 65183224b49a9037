import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { idSchema } from '../../../contracts/common.js';
import { assignCasesSchema, assigneeListSchema, caseMoveResultSchema, recallCasesSchema, teamBoardQuerySchema, teamBoardSchema } from '../../../contracts/supervision.js';
import { dashboardQuerySchema, dashboardSchema } from '../../../contracts/dashboard.js';
import { principal } from '../../http/auth.js';
import type { SupervisionService } from './supervision.service.js';

/** Supervisor tools (cases.assign: supervisors within their team, admin anywhere). */
export function supervisionRoutes(s: SupervisionService): FastifyPluginAsyncZod {
  return async (app) => {
    const tags = ['supervision'];
    app.get('/api/team-board', { config: { permission: 'cases.assign' }, schema: { tags, querystring: teamBoardQuerySchema, response: { 200: teamBoardSchema } } }, async (req) =>
      s.board(principal(req), req.query),
    );
    app.get('/api/team-board/assignees', { config: { permission: 'cases.assign' }, schema: { tags, querystring: z.strictObject({ teamId: idSchema.optional() }), response: { 200: assigneeListSchema } } }, async (req) =>
      s.assignees(principal(req), req.query.teamId),
    );
    app.get('/api/dashboard', { config: { permission: 'cases.assign' }, schema: { tags, querystring: dashboardQuerySchema, response: { 200: dashboardSchema } } }, async (req) =>
      s.dashboard(principal(req), req.query),
    );
    app.post('/api/cases/assign', { config: { permission: 'cases.assign' }, schema: { tags, body: assignCasesSchema, response: { 200: caseMoveResultSchema } } }, async (req) =>
      s.assign(principal(req), req.body),
    );
    app.post('/api/cases/recall', { config: { permission: 'cases.assign' }, schema: { tags, body: recallCasesSchema, response: { 200: caseMoveResultSchema } } }, async (req) =>
      s.recall(principal(req), req.body),
    );
  };
}
