// The DECIDE step's server side: which strategy version is live (the champion and its challenger, or the built-in
// default), the arm of a case, and where a case's treatment started (for 'entry' day offsets). Read by the nightly
// run's scoreBatch and by the simulation; writes nothing.
import type { Kysely, Transaction } from 'kysely';
import { armOf, DEFAULT_STRATEGY, evaluate, type Band, type CaseFacts, type Decision, type PromiseState, type StrategyDefinition } from '../../../core/strategy/index.js';
import { daysBetween } from '../../../core/delinquency/index.js';
import type { DB } from '../../db/schema.js';

export type LiveVersion = { id: string; definition: StrategyDefinition };
/** The strategy that decides: a champion version (with an optional challenger) or the built-in default (id null). */
export type LiveStrategy = { champion: LiveVersion | null; challenger: LiveVersion | null; share: number; salt: string };
export const BUILT_IN: LiveStrategy = { champion: null, challenger: null, share: 0, salt: '' };

type Db = Kysely<DB> | Transaction<DB>;

export async function loadLiveStrategy(db: Db): Promise<LiveStrategy> {
  const champ = await db.selectFrom('strategy_version').select(['id', 'definition_json', 'challenger_version_id', 'challenger_share', 'experiment_salt'])
    .where('status', '=', 'active').where('role', '=', 'champion').executeTakeFirst();
  if (!champ) return BUILT_IN;
  return versionsAsLive(db, champ);
}

/** A champion row (live or proposed) with its challenger, as the evaluator uses them. */
export async function versionsAsLive(db: Db, v: { id: string; definition_json: StrategyDefinition; challenger_version_id: string | null; challenger_share: number; experiment_salt: string }): Promise<LiveStrategy> {
  let challenger: LiveVersion | null = null;
  if (v.challenger_version_id && v.challenger_share > 0) {
    const c = await db.selectFrom('strategy_version').select(['id', 'definition_json']).where('id', '=', v.challenger_version_id).executeTakeFirst();
    if (c) challenger = { id: c.id, definition: c.definition_json };
  }
  return { champion: { id: v.id, definition: v.definition_json }, challenger, share: challenger ? v.challenger_share : 0, salt: v.experiment_salt };
}

export type Decided = { versionId: string | null; arm: 'champion' | 'challenger' | null; decision: Decision; since: string };

/**
 * Decide one case: its arm, then the version's segment and treatment; the treatment's clock continues from
 * yesterday's row when the version, segment and treatment are the same, and the step is chosen with it.
 * (Segment choice does not depend on the clock, so evaluating again with the clock keeps the segment.)
 */
export function decide(live: LiveStrategy, facts: Omit<CaseFacts, 'daysInTreatment'>, prev: PrevTreatment | undefined, asOf: string): Decided {
  const arm = !live.champion ? null : live.challenger ? armOf(facts.caseId, live.salt, live.share) : 'champion';
  const v = arm === 'challenger' ? live.challenger! : live.champion;
  const def = v?.definition ?? DEFAULT_STRATEGY;
  const versionId = v?.id ?? null;
  let decision = evaluate(def, { ...facts, daysInTreatment: 0 });
  const clock = treatmentClock(prev, versionId, decision, asOf);
  if (clock.days > 0) decision = evaluate(def, { ...facts, daysInTreatment: clock.days });
  return { versionId, arm, decision, since: clock.since };
}

export type PrevTreatment = { versionId: string | null; segment: string | null; treatmentId: string | null; since: string };

/** Each case's treatment on the latest earlier scored date (the previous completed run's rows), for continuity. */
export async function previousTreatments(db: Db, asOf: string, caseIds: string[]): Promise<Map<string, PrevTreatment>> {
  const out = new Map<string, PrevTreatment>();
  if (caseIds.length === 0) return out;
  const prevRun = await db.selectFrom('nightly_run').select('as_of').where('as_of', '<', asOf).where('status', '=', 'completed').orderBy('as_of', 'desc').executeTakeFirst();
  if (!prevRun) return out;
  const rows = await db.selectFrom('case_score').select(['case_id', 'as_of', 'strategy_version_id', 'strategy_segment', 'treatment_id', 'treatment_since'])
    .where('as_of', '=', prevRun.as_of).where('case_id', 'in', caseIds).execute();
  for (const r of rows) out.set(r.case_id, { versionId: r.strategy_version_id, segment: r.strategy_segment, treatmentId: r.treatment_id, since: r.treatment_since ?? r.as_of });
  return out;
}

/** Days in the treatment and its start date: continued when yesterday's row had the same version, segment and treatment. */
export function treatmentClock(prev: PrevTreatment | undefined, versionId: string | null, d: Decision, asOf: string): { since: string; days: number } {
  if (prev && prev.versionId === versionId && prev.segment === d.segment.id && prev.treatmentId === d.treatment.id && prev.since <= asOf) {
    return { since: prev.since, days: daysBetween(prev.since, asOf) };
  }
  return { since: asOf, days: 0 };
}

/** The case's promise state: a pending promise; else the latest settled one in the window (kept / broken); else none. */
export function promiseState(rows: Array<{ status: string; due_date: string }>): PromiseState {
  if (rows.some((r) => r.status === 'pending')) return 'pending';
  let latest: { status: string; due_date: string } | null = null;
  for (const r of rows) if (!latest || r.due_date > latest.due_date) latest = r;
  if (!latest) return 'none';
  return latest.status === 'broken' ? 'broken' : 'kept';
}

export type { Band };
