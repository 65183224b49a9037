import { z } from 'zod';
import type { AppContext } from '../../context.js';
import { defineJob } from '../../queue/job.js';
import { createIntakeService } from './intake.service.js';

/**
 * Runs one import job. A job found `running` (its worker died) is simply run again from the beginning: the
 * writes are keyed by external ids, so the second run ends where one clean run would.
 */
export function intakeJobs(ctx: AppContext) {
  const intake = createIntakeService(ctx);
  return [
    defineJob({
      name: 'intake.import',
      version: 1,
      payload: z.object({ importJobId: z.string().min(1) }).strict(),
      maxAttempts: 3,
      handler: async (p, job) => {
        const r = await intake.runImport(p.importJobId, { signal: job.signal });
        job.logger.info({ importJobId: r.id, status: r.status, total: r.totalRows, accepted: r.acceptedRows, rejected: r.rejectedRows, error: r.error }, 'import finished');
      },
    }),
  ];
}
