import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { idSchema, okSchema, pageQuerySchema } from '../../../contracts/common.js';
import {
  apiTokenSchema,
  changePasswordSchema,
  createApiTokenSchema,
  createCreditorSchema,
  createdApiTokenSchema,
  createTeamSchema,
  createUserSchema,
  creditorSchema,
  loginRequestSchema,
  loginResponseSchema,
  teamSchema,
  updateCreditorSchema,
  updateTeamSchema,
  updateUserSchema,
  userListSchema,
  userSchema,
} from '../../../contracts/identity.js';
import { CSRF_COOKIE, SESSION_COOKIE, principal } from '../../http/auth.js';
import { AppError } from '../../platform/errors.js';
import type { AuthService } from './auth.service.js';
import type { IdentityService } from './identity.service.js';

const idParams = z.strictObject({ id: idSchema });

export function identityRoutes(deps: { auth: AuthService; identity: IdentityService; cookieSecure: boolean }): FastifyPluginAsyncZod {
  const { auth, identity } = deps;
  return async (app) => {
    const cookieBase = { path: '/', sameSite: 'lax' as const, secure: deps.cookieSecure };

    app.post('/api/auth/login', { config: { auth: 'public' }, schema: { tags: ['auth'], body: loginRequestSchema, response: { 200: loginResponseSchema } } }, async (req, reply) => {
      const r = await auth.login({ ...req.body, ip: req.ip ?? null, userAgent: req.headers['user-agent'] ?? null, requestId: String(req.id) });
      const expires = new Date(r.expiresAt);
      reply.setCookie(SESSION_COOKIE, r.sessionSecret, { ...cookieBase, httpOnly: true, expires });
      // Readable by the page so it can echo it in x-csrf-token; useless to another origin.
      reply.setCookie(CSRF_COOKIE, r.csrfToken, { ...cookieBase, httpOnly: false, expires });
      return { user: r.user, csrfToken: r.csrfToken };
    });

    app.post('/api/auth/logout', { schema: { tags: ['auth'], response: { 200: okSchema } } }, async (req, reply) => {
      await auth.logout(principal(req));
      reply.clearCookie(SESSION_COOKIE, { path: '/' }).clearCookie(CSRF_COOKIE, { path: '/' });
      return { ok: true as const };
    });

    app.get('/api/auth/me', { schema: { tags: ['auth'], response: { 200: loginResponseSchema } } }, async (req) => {
      if (!req.me || !req.sessionSecret) throw new AppError('auth.unauthenticated');
      return { user: req.me, csrfToken: auth.csrfTokenFor(req.sessionSecret) };
    });

    app.post('/api/auth/password', { schema: { tags: ['auth'], body: changePasswordSchema, response: { 200: okSchema } } }, async (req) => {
      await auth.changePassword(principal(req), req.body.currentPassword, req.body.newPassword);
      return { ok: true as const };
    });

    // Users
    app.get('/api/admin/users', { config: { permission: 'users.manage' }, schema: { tags: ['admin'], querystring: pageQuerySchema, response: { 200: userListSchema } } }, async (req) =>
      identity.listUsers(principal(req), req.query.page, req.query.pageSize),
    );
    app.post('/api/admin/users', { config: { permission: 'users.manage' }, schema: { tags: ['admin'], body: createUserSchema, response: { 201: userSchema } } }, async (req, reply) => {
      reply.status(201);
      return identity.createUser(principal(req), req.body);
    });
    app.patch('/api/admin/users/:id', { config: { permission: 'users.manage' }, schema: { tags: ['admin'], params: idParams, body: updateUserSchema, response: { 200: userSchema } } }, async (req) =>
      identity.updateUser(principal(req), req.params.id, req.body),
    );

    // Teams
    app.get('/api/admin/teams', { schema: { tags: ['admin'], response: { 200: z.object({ items: z.array(teamSchema) }) } } }, async (req) => ({
      items: await identity.listTeams(principal(req)),
    }));
    app.post('/api/admin/teams', { config: { permission: 'teams.manage' }, schema: { tags: ['admin'], body: createTeamSchema, response: { 201: teamSchema } } }, async (req, reply) => {
      reply.status(201);
      return identity.createTeam(principal(req), req.body);
    });
    app.patch('/api/admin/teams/:id', { config: { permission: 'teams.manage' }, schema: { tags: ['admin'], params: idParams, body: updateTeamSchema, response: { 200: teamSchema } } }, async (req) =>
      identity.updateTeam(principal(req), req.params.id, req.body),
    );

    // Creditors and their API tokens
    app.get('/api/admin/creditors', { schema: { tags: ['admin'], response: { 200: z.object({ items: z.array(creditorSchema) }) } } }, async (req) => ({
      items: await identity.listCreditors(principal(req)),
    }));
    app.post('/api/admin/creditors', { config: { permission: 'creditors.manage' }, schema: { tags: ['admin'], body: createCreditorSchema, response: { 201: creditorSchema } } }, async (req, reply) => {
      reply.status(201);
      return identity.createCreditor(principal(req), req.body);
    });
    app.patch('/api/admin/creditors/:id', { config: { permission: 'creditors.manage' }, schema: { tags: ['admin'], params: idParams, body: updateCreditorSchema, response: { 200: creditorSchema } } }, async (req) =>
      identity.updateCreditor(principal(req), req.params.id, req.body),
    );
    app.get('/api/admin/creditors/:id/tokens', { config: { permission: 'tokens.manage' }, schema: { tags: ['admin'], params: idParams, response: { 200: z.object({ items: z.array(apiTokenSchema) }) } } }, async (req) => ({
      items: await identity.listApiTokens(principal(req), req.params.id),
    }));
    app.post(
      '/api/admin/creditors/:id/tokens',
      { config: { permission: 'tokens.manage' }, schema: { tags: ['admin'], params: idParams, body: createApiTokenSchema, response: { 201: createdApiTokenSchema } } },
      async (req, reply) => {
        reply.status(201);
        return identity.createApiToken(principal(req), req.params.id, req.body);
      },
    );
    app.delete('/api/admin/tokens/:id', { config: { permission: 'tokens.manage' }, schema: { tags: ['admin'], params: idParams, response: { 200: apiTokenSchema } } }, async (req) =>
      identity.revokeApiToken(principal(req), req.params.id),
    );
  };
}
