// The daily `strategy.nightly` job (src/server/jobs.ts schedule): the nightly run for the agency-local (Asia/Shanghai)
// *today* at the moment the job runs, so a run just after local midnight ages every case to the new day. The run is
// idempotent per date: a second slot on the same day recomputes the same rows; a killed one resumes after its cursor.
import { z } from 'zod';
import type { AppContext } from '../../context.js';
import { defineJob } from '../../queue/job.js';
import { AGENCY_TIME_ZONE } from '../staff/index.js';
import { createEngine, type Engine } from '../../../core/compliance/engine.js';
import { loadPacks } from '../compliance/index.js';
import { calendarDate } from '../../platform/clock.js';
import { runNightly } from './nightly.service.js';

export const agencyToday = (now: Date): string => calendarDate(now, AGENCY_TIME_ZONE);

// The jobs are registered before the services exist, so the job builds its own engine from the same packs, once.
let cached: Engine | null = null;
const engine = () => {
  if (!cached) {
    const l = loadPacks();
    cached = createEngine(l.packs, l.sets);
  }
  return cached;
};

export function strategyJobs(ctx: AppContext) {
  return [
    defineJob({
      name: 'strategy.nightly',
      version: 1,
      payload: z.object({ asOf: z.string().regex(/^\d{4}-\d{2}-\d{2}$/).optional() }).strict(),
      maxAttempts: 3,
      handler: async (p, job) => {
        const asOf = p.asOf ?? agencyToday(ctx.clock.now());
        const r = await runNightly(ctx, engine(), asOf);
        job.logger.info({ asOf, scored: r.report?.scored, psi: r.report?.psi }, 'nightly run completed');
      },
    }),
  ];
}
