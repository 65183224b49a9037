// The strategy module's service: the nightly run (runNightly), its list and report, and a case's latest score.
import type { z } from 'zod';
import type { caseScoreSchema } from '../../../contracts/strategy.js';
import type { AppContext } from '../../context.js';
import { requirePermission, type Principal } from '../../platform/access.js';
import { AppError } from '../../platform/errors.js';
import type { CaseService } from '../cases/index.js';
import type { ComplianceService } from '../compliance/index.js';
import { runNightly, runOut, type RunOptions } from './nightly.service.js';
import { awaitRun, runPartitionsHere, startPartitionedRun, type PartitionHooks, type Progress, type StartOptions } from './partition.service.js';

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
    listRuns, getRun, caseScore,
  };
}
export type StrategyService = ReturnType<typeof createStrategyService>;
