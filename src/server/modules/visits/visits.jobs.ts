// `visits.overrun` (every minute): an 'overrun' incident for each visit checked in longer than planned + grace, once.
import { z } from 'zod';
import { defineJob } from '../../queue/job.js';
import type { BoardService } from './board.service.js';

export function visitJobs(board: () => BoardService) {
  return [
    defineJob({ name: 'visits.overrun', version: 1, payload: z.object({}).passthrough(), maxAttempts: 1, handler: async (_p, job) => {
      const created = await board().sweepOverruns();
      if (created > 0) job.logger.info({ created }, 'field visit overrun alerts written');
    } }),
  ];
}
