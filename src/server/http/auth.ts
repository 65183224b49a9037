// Authentication for every request: a session cookie (browser) or a bearer API token (lender systems).
// Mutations authenticated by cookie must carry the session's CSRF token in `x-csrf-token`.
import type {} from '@fastify/cookie';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { Me, Permission } from '../../contracts/identity.js';
import type { AuthService } from '../modules/identity/index.js';
import { requirePermission, type Principal } from '../platform/access.js';
import { AppError } from '../platform/errors.js';

export const SESSION_COOKIE = 'concord_session';
export const CSRF_COOKIE = 'concord_csrf';

declare module 'fastify' {
  interface FastifyRequest {
    principal?: Principal;
    me?: Me;
    sessionSecret?: string;
  }
  interface FastifyInstance {
    routeTable: { method: string; url: string }[];
  }
  interface FastifyContextConfig {
    /** 'public' routes skip authentication (login, health, docs, the web app). */
    auth?: 'public';
    /** Checked right after authentication, before the body is validated: no schema hints for the unauthorised. */
    permission?: Permission;
  }
}

const SAFE = new Set(['GET', 'HEAD', 'OPTIONS']);

export function registerAuth(app: FastifyInstance, auth: AuthService): void {
  // onRequest: before the body is read or validated, so anonymous requests cost no parsing.
  app.addHook('onRequest', async (req) => {
    const routeConfig = req.routeOptions.config as { auth?: string; permission?: Permission } | undefined;
    // Unmatched URLs fall through to the 404 handler: there is nothing behind them to protect.
    if (routeConfig?.auth === 'public' || !req.url.startsWith('/api/') || req.routeOptions.url === undefined) return;
    const meta = { ip: req.ip ?? null, requestId: String(req.id) };
    const bearer = /^Bearer\s+(\S+)$/i.exec(String(req.headers.authorization ?? ''))?.[1];
    if (bearer) {
      const p = await auth.resolveApiToken(bearer, meta);
      if (!p) throw new AppError('auth.unauthenticated');
      req.principal = p;
      return;
    }
    const secret = req.cookies[SESSION_COOKIE];
    if (!secret) throw new AppError('auth.unauthenticated');
    const p = await auth.resolveSession(secret, meta);
    if (!p) throw new AppError('auth.unauthenticated');
    if (!SAFE.has(req.method)) auth.checkCsrf(secret, req.headers['x-csrf-token'] as string | undefined);
    const { me, ...principal } = p;
    req.principal = principal;
    req.me = me;
    req.sessionSecret = secret;
  });
  app.addHook('preValidation', async (req) => {
    const permission = (req.routeOptions.config as { permission?: Permission } | undefined)?.permission;
    if (permission && req.principal) requirePermission(req.principal, permission);
  });
}

/** The authenticated principal; routes behind the auth hook always have one. */
export function principal(req: FastifyRequest): Principal {
  if (!req.principal) throw new AppError('auth.unauthenticated');
  return req.principal;
}
