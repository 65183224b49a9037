// The nightly run's allocation phase (issue 9, part 4): once per run, after every case is scored, put each scored open
// case with a collector (or its team's pool) by src/core/allocation, move it the way supervision's assign does
// (assigned_user_id / assigned_team_id, one `case.assigned` audit entry per moved case, attributed to the run), and keep
// one case_allocation row per (as-of, case) with the explanation. Idempotent for a date: a re-run allocates from the
// holders recorded before the date's first allocation, so it gives the same assignments and moves nothing again.
import type { Kysely } from 'kysely';
import { allocate, type AllocationCase, type AllocationCollector, type CertificateRule } from '../../../core/allocation/index.js';
import type { Engine } from '../../../core/compliance/engine.js';
import type { AllocationSummary } from '../../../contracts/strategy.js';
import type { AppContext } from '../../context.js';
import type { DB } from '../../db/schema.js';
import { updateByKey } from '../../db/bulk.js';
import type { Actor } from '../../platform/audit.js';
import { newId } from '../../platform/ids.js';
import { forEachLimit } from '../../platform/parallel.js';
import { daysBetween } from '../../../core/delinquency/index.js';
import { AGENCY_TIME_ZONE, calendarDate, createStaffService } from '../staff/index.js';
import type { CaseAllocationTable } from './allocation.tables.js';

const CHUNK = 500;
const chunks = <T>(xs: T[], n = CHUNK): T[][] => Array.from({ length: Math.ceil(xs.length / n) }, (_, i) => xs.slice(i * n, (i + 1) * n));
export const runActor = (asOf: string): Actor => ({ type: 'system', id: null, label: `nightly ${asOf}` });
/** Chunk transactions the finishing step runs at once: a few on PostgreSQL's pool, one on SQLite's single connection. */
export const writeLanes = (ctx: AppContext) => (ctx.dialect === 'postgres' ? 3 : 1);

const ruleCache = new WeakMap<Engine, Map<string, CertificateRule[]>>();
/** The packs' certificate rules for a channel on the day (the engine's `qualification` rules, switched on and in force). */
function certificateRules(engine: Engine, packSet: string, channel: string, asOf: string): CertificateRule[] {
  let m = ruleCache.get(engine);
  if (!m) ruleCache.set(engine, (m = new Map()));
  const key = `${packSet}\u0000${channel}\u0000${asOf}`;
  let out = m.get(key);
  if (!out) {
    out = [];
    for (const { rule } of engine.resolve(packSet.split(/\s+/).filter(Boolean))) {
      if (rule.kind !== 'qualification' || rule.enabled === false) continue;
      if (rule.channels && !rule.channels.includes(channel as never)) continue;
      if ((rule.effectiveFrom && rule.effectiveFrom > asOf) || (rule.effectiveTo && rule.effectiveTo < asOf)) continue;
      out.push({ certificate: rule.params.certificate, required: rule.params.required, ...(rule.params.trainingWithinDays !== undefined ? { trainingWithinDays: rule.params.trainingWithinDays } : {}) });
    }
    m.set(key, out);
  }
  return out;
}

/** Active collectors with their profile (defaults without one), certificates, training and load outside `scored`. */
async function collectorsOf(ctx: AppContext, scoredHolders: Map<string, number>): Promise<AllocationCollector[]> {
  const { db } = ctx;
  const users = await db.selectFrom('app_user').leftJoin('collector_profile', 'collector_profile.user_id', 'app_user.id')
    .select(['app_user.id', 'app_user.role', 'app_user.team_id', 'collector_profile.languages_json', 'collector_profile.regions_json', 'collector_profile.capacity', 'collector_profile.base_latitude', 'collector_profile.base_longitude'])
    .where('app_user.role', 'in', ['collector', 'field_collector']).where('app_user.status', '=', 'active').orderBy('app_user.id').execute();
  if (users.length === 0) return [];
  const held = await db.selectFrom('collection_case').select(['assigned_user_id', (eb) => eb.fn.countAll<number>().as('n')])
    .where('status', '=', 'open').where('assigned_user_id', 'in', users.map((u) => u.id)).groupBy('assigned_user_id').execute();
  const heldBy = new Map(held.map((h) => [h.assigned_user_id!, Number(h.n)]));
  const quals = new Map((await createStaffService(ctx).agentsFor(users.map((u) => u.id))).map((q) => [q.id, q]));
  return users.map((u) => {
    const q = quals.get(u.id);
    return {
      id: u.id, teamId: u.team_id, kind: u.role === 'field_collector' ? 'field' : 'phone', languages: u.languages_json ?? [], regions: u.regions_json ?? [],
      capacity: u.capacity === null ? ctx.config.defaultCapacity : Number(u.capacity),
      load: Math.max(0, (heldBy.get(u.id) ?? 0) - (scoredHolders.get(u.id) ?? 0)),
      certificates: (q?.certificates ?? []).map((c) => ({ kind: c.kind, validUntil: c.validUntil, ...(c.validFrom ? { validFrom: c.validFrom } : {}) })),
      ...(q?.lastTrainingOn ? { lastTrainingOn: q.lastTrainingOn } : {}),
      base: u.base_latitude !== null && u.base_longitude !== null ? { latitude: Number(u.base_latitude), longitude: Number(u.base_longitude) } : null,
    };
  });
}

/**
 * The run's scored open cases as the allocation engine sees them, and who holds each now. Three reads, each a range of
 * an (as_of, case) index: the date's case_score rows with the facts the scoring batch stored (last right-party contact,
 * region and place), the date's earlier allocation (a re-run starts from the same holders), and the previous
 * allocation's holder_since (how long the holder has had the case).
 */
async function casesOf(ctx: AppContext, engine: Engine, asOf: string) {
  const { db } = ctx;
  const prevAsOf = (await db.selectFrom('case_allocation').select((eb) => eb.fn.max('as_of').as('d')).where('as_of', '<', asOf).executeTakeFirst())?.d ?? null;
  const [rows, prev, hist] = await Promise.all([
    db.selectFrom('case_score').innerJoin('collection_case', 'collection_case.id', 'case_score.case_id')
      .innerJoin('debtor', 'debtor.id', 'collection_case.debtor_id').innerJoin('creditor', 'creditor.id', 'collection_case.creditor_id')
      .select(['case_score.case_id', 'case_score.score', 'case_score.next_action_kind', 'case_score.next_action_channel', 'case_score.last_rpc_at', 'case_score.province_code',
        'case_score.city_code', 'case_score.latitude', 'case_score.longitude', 'collection_case.assigned_user_id', 'collection_case.assigned_team_id', 'collection_case.created_at',
        'debtor.preferred_language', 'creditor.rule_pack_set'])
      .where('case_score.as_of', '=', asOf).where('collection_case.status', '=', 'open').orderBy('case_score.case_id').execute(),
    db.selectFrom('case_allocation').select(['case_id', 'previous_user_id', 'previous_team_id']).where('as_of', '=', asOf).execute(),
    prevAsOf === null ? Promise.resolve([]) : db.selectFrom('case_allocation').select(['case_id', 'user_id', 'holder_since']).where('as_of', '=', String(prevAsOf).slice(0, 10))
      .where('user_id', 'is not', null).execute(),
  ]);
  const before = new Map(prev.map((p) => [p.case_id, { user: p.previous_user_id, team: p.previous_team_id }]));
  const since = new Map(hist.filter((h) => h.holder_since).map((h) => [`${h.case_id}\u0000${h.user_id}`, String(h.holder_since).slice(0, 10)]));
  const cases: AllocationCase[] = rows.map((r) => {
    const holder = before.get(r.case_id) ?? { user: r.assigned_user_id, team: r.assigned_team_id };
    const lastRpc = r.last_rpc_at ? calendarDate(new Date(r.last_rpc_at), AGENCY_TIME_ZONE) : undefined;
    const start = [lastRpc, holder.user ? since.get(`${r.case_id}\u0000${holder.user}`) : undefined, calendarDate(new Date(r.created_at), AGENCY_TIME_ZONE)]
      .filter((d): d is string => !!d).sort().at(-1)!;
    const channel = r.next_action_channel ?? 'call';
    return {
      id: r.case_id, score: Number(r.score), kind: r.next_action_kind, language: r.preferred_language || null, province: r.province_code ?? null, city: r.city_code ?? null,
      location: r.latitude !== null && r.longitude !== null && r.latitude !== undefined && r.longitude !== undefined ? { latitude: Number(r.latitude), longitude: Number(r.longitude) } : null,
      currentUserId: holder.user, teamId: holder.team, daysWithoutRpc: Math.max(0, daysBetween(start, asOf)), rules: certificateRules(engine, r.rule_pack_set, channel, asOf),
    };
  });
  const now = new Map(rows.map((r) => [r.case_id, { user: r.assigned_user_id, team: r.assigned_team_id }]));
  return { cases, before: new Map(cases.map((c) => [c.id, { user: c.currentUserId, team: c.teamId }])), now, since };
}

/** Allocates the run's scored open cases; returns the date's allocation counts. */
export async function allocateRun(ctx: AppContext, engine: Engine, runId: string, asOf: string): Promise<AllocationSummary> {
  const { db, clock, audit } = ctx;
  const { cases, before, now, since } = await casesOf(ctx, engine, asOf);
  const holders = new Map<string, number>();
  for (const h of now.values()) if (h.user) holders.set(h.user, (holders.get(h.user) ?? 0) + 1);
  const collectors = await collectorsOf(ctx, holders);
  const results = allocate(cases, collectors, { asOf, recallAfterDays: ctx.config.recallAfterDays });
  const at = clock.now().toISOString();
  const actor = runActor(asOf);
  // Chunks are independent (distinct cases; the audit head is locked last in each), so on PostgreSQL a few run at once.
  await forEachLimit(chunks(results), writeLanes(ctx), async (part) => {
    await db.transaction().execute(async (trx) => {
      await trx.deleteFrom('case_allocation').where('as_of', '=', asOf).where('case_id', 'in', part.map((a) => a.caseId)).execute();
      const rows: CaseAllocationTable[] = part.map((a) => ({
        id: newId(), run_id: runId, as_of: asOf, case_id: a.caseId, outcome: a.outcome, reason: a.reason, user_id: a.userId, team_id: a.teamId,
        previous_user_id: before.get(a.caseId)!.user, previous_team_id: before.get(a.caseId)!.team, distance_km: a.distanceKm, explanation_json: a.explanation, created_at: at,
        // Given today (assigned, recalled to them): since today; kept: since the holder's date carried forward.
        holder_since: !a.userId ? null : a.outcome === 'kept' ? (since.get(`${a.caseId}\u0000${a.userId}`) ?? null) : asOf,
      }));
      for (const r of chunks(rows, 250)) await trx.insertInto('case_allocation').values(r).execute();
      // The moves: one statement for the chunk's cases, and their audit entries appended together.
      const moves = part.filter((a) => {
        const cur = now.get(a.caseId)!;
        return cur.user !== a.userId || cur.team !== a.teamId;
      });
      await updateByKey(trx, 'collection_case', 'id', { assigned_user_id: 'text', assigned_team_id: 'text' },
        moves.map((a) => ({ id: a.caseId, assigned_user_id: a.userId, assigned_team_id: a.teamId })), { set: { updated_at: at }, where: { status: 'open' } });
      await audit.recordMany(actor, moves.map((a) => {
        const cur = now.get(a.caseId)!;
        return {
          action: 'case.assigned', entityType: 'collection_case', entityId: a.caseId,
          before: { assignedUserId: cur.user, assignedTeamId: cur.team }, after: { assignedUserId: a.userId, assignedTeamId: a.teamId },
          meta: { runId, asOf, outcome: a.outcome, reason: a.reason, rules: a.explanation.map((e) => e.code) },
        };
      }), trx);
    });
  });
  return allocationSummary(db, asOf);
}

/** The date's allocation counts, from the stored rows (a resumed run reports like a clean one). */
export async function allocationSummary(db: Kysely<DB>, asOf: string): Promise<AllocationSummary> {
  const rows = await db.selectFrom('case_allocation').select(['outcome', 'reason', (eb) => eb.fn.countAll<number>().as('n')]).where('as_of', '=', asOf).groupBy(['outcome', 'reason']).execute();
  const out: AllocationSummary = { allocated: 0, kept: 0, assigned: 0, recalled: 0, unallocated: 0, pooled: 0, pooledBy: {} };
  for (const r of rows) {
    const n = Number(r.n);
    out[r.outcome] += n;
    if (r.reason) {
      out.pooled += n;
      out.pooledBy[r.reason] = (out.pooledBy[r.reason] ?? 0) + n;
    } else out.allocated += n;
  }
  return out;
}
