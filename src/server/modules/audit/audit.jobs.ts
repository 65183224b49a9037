import { z } from 'zod';
import type { AppContext } from '../../context.js';
import { verifyAuditChain } from '../../platform/audit.js';
import { defineJob } from '../../queue/job.js';

/** Nightly proof that nobody edited or deleted audit rows; a broken chain fails the job so operators see it. */
export function auditJobs(ctx: AppContext) {
  return [
    defineJob({
      name: 'audit.verify',
      version: 1,
      payload: z.object({}).strict(),
      maxAttempts: 1,
      handler: async (_p, job) => {
        const r = await verifyAuditChain(ctx.db);
        if (!r.ok) throw new Error(`audit chain broken at row ${r.brokenAtSeq}: ${r.detail}`);
        job.logger.info({ rows: r.rows }, 'audit chain verified');
      },
    }),
  ];
}
