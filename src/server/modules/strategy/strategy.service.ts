// The strategy module's service: the nightly run (runNightly), its list and report, and a case's latest score.
import type { z } from 'zod';
import type { caseScoreSchema } from '../../../contracts/strategy.js';
import type { AppContext } from '../../context.js';
import { actorOf, requirePermission, type Principal } from '../../platform/access.js';
import { AppError, defineErrors } from '../../platform/errors.js';
import type { CaseService } from '../cases/index.js';
import type { ComplianceService } from '../compliance/index.js';
import { runNightly, runOut, type RunOptions } from './nightly.service.js';
import { agencyToday } from './strategy.jobs.js';
import { awaitRun, runPartitionsHere, startPartitionedRun, type PartitionHooks, type Progress, type StartOptions } from './partition.service.js';

export const NightlyErrors = defineErrors({
  'nightly.busy': {
    kind: 'conflict',
    zh: '夜间批处理已在进行或已在队列中（{asOf}），请等待其完成后再运行',
    en: 'A nightly run is already running or queued ({asOf}); wait for it to finish before starting another',
  },
});

/** The job key of a run started from the UI or API for a date: a second request while it waits adds nothing. */
const requestedRunKey = (asOf: string) => `nightly-request:${asOf}`;

export function createStrategyService(ctx: AppContext, deps: { cases: Pick<CaseService, 'get'>; compliance: Pick<ComplianceService, 'engine'> }) {
  const { db } = ctx;

  async function listRuns(p: Principal) {
    requirePermission(p, 'cases.assign');
    const rows = await db.selectFrom('nightly_run').selectAll().orderBy('as_of', 'desc').limit(100).execute();
    return { items: rows.map((r) => { const { report: _r, ...rest } = runOut(r); return rest; }) };
  }

  async function getRun(p: Principal, id: string) {
    requirePermission(p, 'cases.assign');
    const r = await db.selectFrom('nightly_run').selectAll().where('id', '=', id).executeTakeFirst();
    if (!r) throw new AppError('common.not_found', { entity: 'nightly_run' });
    return runOut(r);
  }

  /**
   * Starts the nightly run for the agency-local today now (admin: nightly.run), as the daily job would at 00:30: it
   * queues the `strategy.nightly` job, which a worker (the embedded one of `concord serve`, or `concord worker`) runs:
   * in process on SQLite, as partitions on PostgreSQL workers. The run is idempotent for its date, so starting it
   * again the same day recomputes from the day's data. Refused while a nightly job is due or runs, or while a
   * partitioned run is in progress (its partitions and finishing belong to the workers and the sweep); an in-process
   * run left `running` by a stopped process is resumed after its cursor.
   */
  async function requestRun(p: Principal): Promise<{ asOf: string; jobId: string }> {
    requirePermission(p, 'nightly.run');
    const asOf = agencyToday(ctx.clock.now());
    const jobs = [...(await ctx.queue.listJobs({ name: 'strategy.nightly', status: 'pending' })), ...(await ctx.queue.listJobs({ name: 'strategy.nightly', status: 'running' }))];
    // The scheduler keeps the next daily slot pending with its future runAt: that one is not busy.
    const now = ctx.clock.now().getTime();
    const job = jobs.find((j) => j.status === 'running' || Date.parse(j.runAt) <= now);
    const partitioned = await db.selectFrom('nightly_run').select('as_of').where('status', '=', 'running').where('partitions', '>', 0).executeTakeFirst();
    if (job || partitioned) {
      const busyAsOf = partitioned?.as_of ?? (job?.payload as { asOf?: string } | undefined)?.asOf ?? asOf;
      throw new AppError(NightlyErrors['nightly.busy'], { asOf: busyAsOf });
    }
    const jobId = await ctx.queue.enqueue('strategy.nightly', { asOf }, { jobKey: requestedRunKey(asOf) });
    await ctx.audit.record(actorOf(p), { action: 'nightly.requested', entityType: 'nightly_run', entityId: asOf, meta: { asOf, jobId } });
    return { asOf, jobId };
  }

  /** The case's latest score (its data scope applies through cases.get). */
  async function caseScore(p: Principal, caseId: string): Promise<{ score: z.infer<typeof caseScoreSchema> | null }> {
    await deps.cases.get(p, caseId);
    const r = await db.selectFrom('case_score').selectAll().where('case_id', '=', caseId).orderBy('as_of', 'desc').executeTakeFirst();
    if (!r) return { score: null };
    const a = await db.selectFrom('case_allocation').select(['outcome', 'reason', 'user_id', 'distance_km', 'explanation_json']).where('case_id', '=', caseId).where('as_of', '=', r.as_of).executeTakeFirst();
    return {
      score: {
        caseId, asOf: r.as_of, score: Number(r.score), band: r.band, segment: r.segment, reasons: r.reasons_json,
        nextAction: { kind: r.next_action_kind, channel: r.next_action_channel, at: r.next_action_at, note: r.next_action_note },
        allocation: a ? { outcome: a.outcome, reason: a.reason, userId: a.user_id, distanceKm: a.distance_km === null ? null : Number(a.distance_km), explanation: a.explanation_json } : null,
      },
    };
  }

  return {
    run: (asOf: string, opts?: RunOptions) => runNightly(ctx, deps.compliance.engine, asOf, opts),
    /** The partitioned run (PostgreSQL workers, docs/nightly.md "Scale-out"): start or resume, wait, or work here. */
    partitioned: {
      start: (asOf: string, opts: StartOptions) => startPartitionedRun(ctx, asOf, opts),
      wait: (runId: string, opts?: { pollMs?: number; onProgress?: (p: Progress) => void }) => awaitRun(ctx, deps.compliance.engine, runId, opts),
      runHere: (runId: string, hooks?: PartitionHooks) => runPartitionsHere(ctx, deps.compliance.engine, runId, hooks),
    },
    listRuns, getRun, caseScore, requestRun,
  };
}
export type StrategyService = ReturnType<typeof createStrategyService>;
