import { z } from 'zod';
import type { AppContext } from '../../context.js';
import { defineJob } from '../../queue/job.js';

/** Expired and revoked sessions older than a day are deleted (they can no longer authenticate anyway),
 *  and so are login rate-limit windows that closed more than a day ago. */
export function identityJobs(ctx: AppContext) {
  return [
    defineJob({
      name: 'identity.sessions.purge',
      version: 1,
      payload: z.object({}).strict(),
      handler: async (_p, job) => {
        const cutoff = new Date(ctx.clock.now().getTime() - 86_400_000).toISOString();
        const r = await ctx.db
          .deleteFrom('user_session')
          .where((eb) => eb.or([eb('expires_at', '<', cutoff), eb('revoked_at', '<', cutoff)]))
          .executeTakeFirst();
        const rl = await ctx.db.deleteFrom('rate_limit').where('window_start', '<', cutoff).executeTakeFirst();
        job.logger.info({ sessions: Number(r.numDeletedRows), rateWindows: Number(rl.numDeletedRows) }, 'purged sessions and rate-limit windows');
      },
    }),
  ];
}
