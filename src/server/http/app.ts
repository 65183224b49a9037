// The Fastify application: contracts (zod), OpenAPI at /api/docs, one error mapper, request ids,
// authentication + CSRF, health/readiness/metrics, module routes and the built web app.
import fs from 'node:fs';
import path from 'node:path';
import fastifyCookie from '@fastify/cookie';
import fastifyStatic from '@fastify/static';
import fastifySwagger from '@fastify/swagger';
import fastifySwaggerUi from '@fastify/swagger-ui';
import Fastify, { type FastifyBaseLogger, type FastifyInstance } from 'fastify';
import { jsonSchemaTransform, validatorCompiler, type ZodTypeProvider } from 'fastify-type-provider-zod';
import type { AppContext } from '../context.js';
import { pingDatabase } from '../db/database.js';
import { auditRoutes } from '../modules/audit/index.js';
import { caseRoutes, ledgerRoutes } from '../modules/cases/index.js';
import { identityRoutes } from '../modules/identity/index.js';
import { jobRoutes } from '../modules/jobs/jobs.routes.js';
import { clockRoutes } from './clock.routes.js';
import { staffRoutes } from '../modules/staff/index.js';
import { complianceRoutes } from '../modules/compliance/index.js';
import { intakeRoutes } from '../modules/intake/index.js';
import { documentRoutes } from '../modules/documents/index.js';
import { letterRoutes } from '../modules/letters/index.js';
import { messagingRoutes } from '../modules/messaging/index.js';
import { campaignRoutes } from '../modules/campaigns/index.js';
import { negotiationRoutes } from '../modules/negotiation/index.js';
import { boardRoutes, fieldRoutes, visitRoutes } from '../modules/visits/index.js';
import { profileRoutes, strategyDefRoutes, strategyRoutes } from '../modules/strategy/index.js';
import { modelRoutes } from '../modules/models/index.js';
import { deskRoutes } from '../modules/desk/index.js';
import { telephonyRoutes } from '../modules/telephony/index.js';
import { scriptRoutes } from '../modules/scripts/index.js';
import { supervisionRoutes } from '../modules/supervision/index.js';
import { AppError } from '../platform/errors.js';
import { newId } from '../platform/ids.js';
import type { Services } from '../services.js';
import { registerAuth } from './auth.js';
import { errorHandler } from './errors.js';
import { registerMetrics } from './metrics.js';
import { serializerCompiler } from './serializer.js';

export type AppOptions = { webDir?: string | undefined };

export async function buildApp(ctx: AppContext, services: Services, opts: AppOptions = {}): Promise<FastifyInstance> {
  const app = Fastify({
    loggerInstance: ctx.logger as unknown as FastifyBaseLogger,
    bodyLimit: ctx.config.bodyLimit,
    trustProxy: ctx.config.trustProxy,
    genReqId: (req) => {
      const given = req.headers['x-request-id'];
      return typeof given === 'string' && /^[\w.-]{1,64}$/.test(given) ? given : newId();
    },
  }).withTypeProvider<ZodTypeProvider>();
  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(serializerCompiler);
  app.setErrorHandler(errorHandler(ctx.config.bodyLimit));
  app.addHook('onRequest', async (req, reply) => {
    reply.header('x-request-id', String(req.id));
  });
  app.addHook('onSend', async (_req, reply) => {
    reply.header('x-content-type-options', 'nosniff');
    reply.header('referrer-policy', 'same-origin');
  });

  // swagger-ui's own routes are public. Every route is listed in app.routeTable (tests walk it).
  const routeTable: { method: string; url: string }[] = [];
  app.decorate('routeTable', routeTable);
  app.addHook('onRoute', (route) => {
    if (route.url.startsWith('/api/docs')) route.config = { ...(route.config ?? {}), auth: 'public' };
    for (const method of [route.method].flat()) routeTable.push({ method, url: route.url });
  });

  await app.register(fastifyCookie);
  await app.register(fastifySwagger, {
    openapi: {
      info: { title: 'Concord API', version: '0.1.0', description: 'Concord 催收管理平台 — compliance-first collections' },
      components: {
        securitySchemes: {
          session: { type: 'apiKey', in: 'cookie', name: 'concord_session' },
          apiToken: { type: 'http', scheme: 'bearer' },
        },
      },
    },
    transform: jsonSchemaTransform,
  });
  await app.register(fastifySwaggerUi, { routePrefix: '/api/docs' });
  registerAuth(app, services.auth);
  const metrics = registerMetrics(app);

  app.get('/healthz', { config: { auth: 'public' }, schema: { hide: true } }, async () => ({ status: 'ok' }));
  app.get('/readyz', { config: { auth: 'public' }, schema: { hide: true } }, async () => {
    try {
      await pingDatabase(ctx.db);
    } catch {
      throw new AppError('common.unavailable', { reason: 'database' });
    }
    return { status: 'ready', database: ctx.dialect, queue: ctx.queue.kind };
  });
  app.get('/metrics', { config: { auth: 'public' }, schema: { hide: true } }, async (_req, reply) => {
    reply.type(metrics.contentType);
    return metrics.render();
  });

  await app.register(identityRoutes({ auth: services.auth, identity: services.identity, cookieSecure: ctx.config.cookieSecure }));
  await app.register(caseRoutes(services.cases));
  await app.register(ledgerRoutes(services.ledger));
  await app.register(auditRoutes(services.auditTrail));
  await app.register(jobRoutes({ queue: ctx.queue, audit: ctx.audit }));
  await app.register(clockRoutes(ctx));
  await app.register(staffRoutes(services.staff));
  await app.register(complianceRoutes(services.compliance));
  await app.register(intakeRoutes(services.intake));
  await app.register(negotiationRoutes(services.negotiation));
  await app.register(visitRoutes(services.visits));
  await app.register(fieldRoutes(services.field, services.fieldEvidence));
  await app.register(boardRoutes(services.board));
  await app.register(messagingRoutes(services.messaging));
  await app.register(strategyRoutes(services.strategy));
  await app.register(profileRoutes(services.profiles));
  await app.register(strategyDefRoutes(services.strategies));
  await app.register(modelRoutes(services.models));
  await app.register(deskRoutes(services.desk));
  await app.register(documentRoutes(services.documents));
  await app.register(letterRoutes(services.letters));
  await app.register(telephonyRoutes(services.telephony));
  await app.register(scriptRoutes(services.scripts));
  await app.register(supervisionRoutes(services.supervision));
  await app.register(campaignRoutes(services.campaigns));

  const webDir = opts.webDir && fs.existsSync(path.join(opts.webDir, 'index.html')) ? opts.webDir : undefined;
  if (webDir) await app.register(fastifyStatic, { root: webDir, prefix: '/', wildcard: false, index: ['index.html'] });

  app.setNotFoundHandler((req, reply) => {
    // The web app owns every non-API GET path (client-side routing).
    if (webDir && req.method === 'GET' && !req.url.startsWith('/api/') && !/\.\w+$/.test(req.url.split('?')[0] ?? '')) {
      return reply.type('text/html; charset=utf-8').sendFile('index.html');
    }
    throw new AppError('common.route_not_found');
  });
  return app as unknown as FastifyInstance;
}
