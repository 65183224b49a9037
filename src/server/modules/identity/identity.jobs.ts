import { z } from 'zod';
import type { AppContext } from '../../context.js';
import { defineJob } from '../../queue/job.js';

/** Expired and revoked sessions older than a day are deleted; they can no longer authenticate anyway. */
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
        job.logger.info({ deleted: Number(r.numDeletedRows) }, 'purged sessions');
      },
    }),
  ];
}
