// The simulated clock (CONCORD_CLOCK): an admin reads it and moves it — for demonstrations ("what does the desk do
// at 22:05?") and the end-to-end tests. Without CONCORD_CLOCK these routes do not exist (404), so a production
// server never has a movable clock. Every move is audited.
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { AppContext } from '../context.js';
import { actorOf } from '../platform/access.js';
import { AppError } from '../platform/errors.js';
import { principal } from './auth.js';

const clockSchema = z.object({ now: z.string(), simulated: z.boolean() });

export function clockRoutes(ctx: Pick<AppContext, 'config' | 'clock' | 'audit'>): FastifyPluginAsyncZod {
  return async (app) => {
    const movable = ctx.config.clockStart !== undefined && typeof (ctx.clock as { set?: unknown }).set === 'function';
    const tags = ['admin'];
    app.get('/api/admin/clock', { config: { permission: 'users.manage' }, schema: { tags, response: { 200: clockSchema } } }, async () => {
      if (!movable) throw new AppError('common.route_not_found');
      return { now: ctx.clock.now().toISOString(), simulated: true };
    });
    app.post(
      '/api/admin/clock',
      { config: { permission: 'users.manage' }, schema: { tags, body: z.strictObject({ now: z.iso.datetime({ offset: true }) }), response: { 200: clockSchema } } },
      async (req) => {
        if (!movable) throw new AppError('common.route_not_found');
        const before = ctx.clock.now().toISOString();
        (ctx.clock as unknown as { set(t: string): void }).set(req.body.now);
        await ctx.audit.record(actorOf(principal(req)), { action: 'clock.set', before: { now: before }, after: { now: req.body.now } });
        return { now: ctx.clock.now().toISOString(), simulated: true };
      },
    );
  };
}
