// The nightly run, first slice (issue 9, part 5), on one process: for an as-of date, page through the open cases by
// id in batches; per batch, in one transaction: re-age (refreshCaseFigures), build the rule score's features from
// Concord's tables, score (ruleScore), segment (bucket × band), choose a next action and its lawful time (the
// compliance engine's decision at the start of the as-of day in the debtor's zone, or its nextAllowedAt), write one
// case_score row per case and date, and move the run's cursor. A killed run re-run for the same date continues after
// its cursor; a completed one re-run recomputes every batch, replacing its rows: the same inputs give the same rows.
// The report (counts, roll rates against the previous run, deciles, PSI) is computed from the stored rows at the end.
import type { Kysely, Transaction } from 'kysely';
import { addDays } from '../../../core/delinquency/index.js';
import type { Engine } from '../../../core/compliance/engine.js';
import { rightPartyResults, type Channel, type Decision, type Scenario } from '../../../core/compliance/types.js';
import { decileEdges, psi, ruleScore, type RuleScoreInput } from '../../../core/scoring/index.js';
import type { NextActionKind, NightlyCounts, NightlyReport, NightlyRunOut, ScoreReasonOut } from '../../../contracts/strategy.js';
import type { AppContext } from '../../context.js';
import type { DB } from '../../db/schema.js';
import { dayStartIso } from '../../platform/clock.js';
import { groupBy } from '../../platform/group.js';
import { newId } from '../../platform/ids.js';
import { CASE_FIGURE_COLUMNS, computeCaseFigures, type FreshFigures } from '../cases/index.js';
import { updateByKey } from '../../db/bulk.js';
import { activeScorer } from '../models/index.js';
import { AGENCY_TIME_ZONE } from '../staff/index.js';
import type { CaseScoreTable, NightlyRunTable } from './strategy.tables.js';
import { allocateRun } from './allocation.service.js';
import { scheduleRun } from './schedule.service.js';
import type { ActionKind as StrategyActionKind } from '../../../core/strategy/index.js';
import { decide, loadLiveStrategy, previousTreatments, promiseState } from './strategies.live.js';

export const NIGHTLY_BATCH = 1000;
const AGENCY = 'concord';
const RPC_RESULTS: ReadonlySet<string> = new Set(rightPartyResults);

export type RunOptions = {
  batchSize?: number;
  /** Test hook: called after each committed batch (throw to simulate a killed run). */
  afterBatch?: (batchNo: number, lastCaseId: string) => void | Promise<void>;
};

/** Score band: A ≥ 70, B 40–69, C < 40. */
export function bandOf(score: number): 'A' | 'B' | 'C' {
  return score >= 70 ? 'A' : score >= 40 ? 'B' : 'C';
}


type Feat = RuleScoreInput & { phones: Array<{ id: string; kind: string }>; emails: string[]; verifiedAddressId: string | null };

/** The channel and contact point of the kind the strategy chose (call: a mobile first; visit: the verified address). */
function actionFor(kind: StrategyActionKind, f: Feat): { kind: NextActionKind; channel: Channel | null; contactPoint: string | null } {
  const mobile = f.phones.find((p) => p.kind === 'mobile');
  switch (kind) {
    case 'call': return { kind, channel: 'call', contactPoint: (mobile ?? f.phones[0])?.id ?? null };
    case 'sms': return { kind, channel: 'sms', contactPoint: mobile?.id ?? null };
    case 'email': return { kind, channel: 'email', contactPoint: f.emails[0] ?? null };
    case 'visit_request': return { kind, channel: 'visit', contactPoint: f.verifiedAddressId };
    case 'letter': return { kind, channel: 'letter', contactPoint: null };
    default: return { kind, channel: null, contactPoint: null };
  }
}

/** Rule kinds that depend on who acts (certificates, two-person visits): decided at the attempt, after allocation. */
const AGENT_KINDS = new Set(['qualification', 'visit_team']);
const packCache = new WeakMap<Engine, Map<string, string[]>>();
/** The creditor's packs without the agent-dependent rules (`pack#kind,kind`, keeping any narrowing the set had). */
function packsWithoutAgentRules(engine: Engine, set: string): string[] {
  let m = packCache.get(engine);
  if (!m) packCache.set(engine, (m = new Map()));
  let out = m.get(set);
  if (!out) {
    const byPack = new Map<string, Set<string>>();
    for (const { pack, rule } of engine.resolve(set.split(/\s+/).filter(Boolean))) {
      if (rule.enabled === false || AGENT_KINDS.has(rule.kind)) continue;
      byPack.set(pack.id, (byPack.get(pack.id) ?? new Set()).add(rule.kind));
    }
    out = [...byPack].map(([id, ks]) => `${id}#${[...ks].sort().join(',')}`);
    m.set(set, out);
  }
  return out;
}

/**
 * One batch of the run, in the caller's transaction (the in-process run and each partition call this): re-age the cases
 * (computeCaseFigures), score and decide (scoreBatch), then write each case once — its figures, priority and next
 * action in one statement per 500 cases (a new day changes every open case, and every write of a case row touches all
 * of its indexes).
 */
export async function nightlyBatch(trx: Transaction<DB>, engine: Engine, runId: string, asOf: string, ids: string[], nowIso: string): Promise<{ rows: CaseScoreTable[]; blocked: number }> {
  const fresh = await computeCaseFigures(trx, ids, asOf);
  const r = await scoreBatch(trx, engine, runId, asOf, ids, fresh);
  const scored = new Map(r.rows.map((x) => [x.case_id, x]));
  await updateByKey(trx, 'debt_account', 'id', { dpd: 'integer' }, fresh.accountDpd);
  // Open cases get their score and next action; cases that left the open book in this batch (paid in full) lose theirs.
  await updateByKey(trx, 'collection_case', 'id', { ...CASE_FIGURE_COLUMNS, priority_score: 'real', next_action_at: 'timestamp' },
    [...fresh.cases].map(([id, f]) => ({ id, dpd: f.dpd, bucket: f.bucket, status: f.status, principal_due_minor: f.principal_due_minor, total_due_minor: f.total_due_minor,
      priority_score: scored.get(id)?.score ?? null, next_action_at: scored.get(id)?.next_action_at ?? null })), { set: { updated_at: nowIso } });
  return r;
}

/** Scores and decides the batch's open cases (as of `fresh`'s figures) and writes their case_score rows for the date. */
export async function scoreBatch(trx: Transaction<DB>, engine: Engine, runId: string, asOf: string, ids: string[], fresh: FreshFigures): Promise<{ rows: CaseScoreTable[]; blocked: number }> {
  const cases = (await trx.selectFrom('collection_case').innerJoin('debtor', 'debtor.id', 'collection_case.debtor_id').innerJoin('creditor', 'creditor.id', 'collection_case.creditor_id')
    .select(['collection_case.id', 'collection_case.debtor_id', 'collection_case.creditor_id', 'collection_case.dpd', 'collection_case.bucket', 'collection_case.status', 'debtor.time_zone', 'debtor.preferred_language', 'creditor.rule_pack_set'])
    .where('collection_case.id', 'in', ids).orderBy('collection_case.id').execute())
    .map((c) => {
      const f = fresh.cases.get(c.id);
      return f ? { ...c, dpd: f.dpd, bucket: f.bucket, status: f.status } : c;
    }).filter((c) => c.status === 'open');
  const open = cases.map((c) => c.id);
  const model = await activeScorer(trx);
  // Cases that left the open book in this batch (paid in full) have no score row for the date.
  await trx.deleteFrom('case_score').where('as_of', '=', asOf).where('case_id', 'in', ids).execute();
  if (open.length === 0) return { rows: [], blocked: 0 };
  const debtorIds = [...new Set(cases.map((c) => c.debtor_id))];
  const d90 = addDays(asOf, -89);
  const since30 = dayStartIso(AGENCY_TIME_ZONE, asOf, -29);
  const since40 = dayStartIso(AGENCY_TIME_ZONE, asOf, -39);
  const endOfDay = dayStartIso(AGENCY_TIME_ZONE, asOf, 1);
  const [promises, attempts, events, phones, emails, allAddresses, live, prevTreatment, rpc] = await Promise.all([
    // The window's promises score; a pending one (any due date) is the strategy's promise state too.
    trx.selectFrom('promise_to_pay').select(['case_id', 'status', 'due_date']).where('case_id', 'in', open)
      .where((eb) => eb.or([eb.and([eb('due_date', '>', addDays(asOf, -180)), eb('due_date', '<=', asOf)]), eb('status', '=', 'pending')])).execute(),
    trx.selectFrom('contact_attempt').select(['case_id', 'debtor_id', 'party_id', 'party_kind', 'channel', 'direction', 'contact_point_id', 'debt_ids_json', 'planned_at', 'status', 'result'])
      .where('debtor_id', 'in', debtorIds).where('planned_at', '>=', since40).where('planned_at', '<', endOfDay).where('status', '!=', 'blocked').orderBy('planned_at').execute(),
    trx.selectFrom('contact_event').selectAll().where('debtor_id', 'in', debtorIds).where('at', '<', endOfDay).orderBy('at').execute(),
    trx.selectFrom('phone').select(['id', 'debtor_id', 'kind', 'status']).where('debtor_id', 'in', debtorIds).where('contact_person_id', 'is', null).where('status', '!=', 'invalid').orderBy('id').execute(),
    trx.selectFrom('email_address').select(['id', 'debtor_id']).where('debtor_id', 'in', debtorIds).where('contact_person_id', 'is', null).where('status', '!=', 'invalid').orderBy('id').execute(),
    trx.selectFrom('address').select(['id', 'debtor_id', 'province_code', 'city_code', 'latitude', 'longitude', 'verification_status']).where('debtor_id', 'in', debtorIds).where('contact_person_id', 'is', null).where('verification_status', '!=', 'invalid').orderBy('id').execute(),
    loadLiveStrategy(trx),
    previousTreatments(trx, asOf, open),
    // Allocation's recall clock: the last right-party contact of each case, however old.
    trx.selectFrom('contact_attempt').select(['case_id', (eb) => eb.fn.max('planned_at').as('at')]).where('case_id', 'in', open).where('status', '=', 'completed')
      .where('party_kind', '=', 'debtor').where('result', 'in', [...rightPartyResults]).where('planned_at', '<', endOfDay).groupBy('case_id').execute(),
  ]);
  // The loans and payments computeCaseFigures read (payments of the last 90 days score).
  const openSet = new Set(open);
  const accounts = fresh.accounts.filter((a) => openSet.has(a.case_id)).sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  const caseOfAccount = new Map(accounts.map((a) => [a.id, a.case_id]));
  const payments = fresh.payments.filter((p) => caseOfAccount.has(p.debt_account_id) && p.paid_on >= d90 && p.paid_on <= asOf)
    .map((p) => ({ ...p, case_id: caseOfAccount.get(p.debt_account_id)! }));
  const lastRpc = new Map(rpc.map((r) => [r.case_id!, r.at === null ? null : new Date(String(r.at)).toISOString()]));
  const addresses = allAddresses.filter((a) => a.verification_status === 'verified');
  const reversed = new Set(payments.filter((p) => p.reversal_of).map((p) => `${p.debt_account_id}:${p.reversal_of}`));
  const paysOf = groupBy(payments, (p) => p.case_id);
  const promisesOf = groupBy(promises, (p) => p.case_id);
  const attemptsOfCase = groupBy(attempts, (a) => a.case_id);
  const attemptsOfDebtor = groupBy(attempts, (a) => a.debtor_id);
  const eventsOf = groupBy(events, (e) => e.debtor_id);
  const phonesOf = groupBy(phones, (p) => p.debtor_id);
  const emailsOf = groupBy(emails, (e) => e.debtor_id);
  const addressesOf = groupBy(addresses, (a) => a.debtor_id);
  const anyAddressOf = groupBy(allAddresses, (a) => a.debtor_id);
  const accountsOf = groupBy(accounts, (a) => a.case_id);
  const rows: CaseScoreTable[] = [];
  let blocked = 0;
  for (const c of cases) {
    const pays = paysOf(c.id).filter((p) => !p.reversal_of && !reversed.has(`${p.debt_account_id}:${p.external_id}`));
    const recent = attemptsOfCase(c.id).filter((a) => a.status === 'completed' && a.direction === 'outbound' && a.planned_at >= since30);
    const f: Feat = {
      daysPastDue: c.dpd,
      paymentsLast30Days: pays.filter((p) => p.paid_on > addDays(asOf, -30)).length,
      paymentsLast90Days: pays.length,
      // partially_kept counts as neither kept nor broken.
      promisesKept: promisesOf(c.id).filter((p) => p.status === 'kept' && p.due_date <= asOf).length,
      promisesBroken: promisesOf(c.id).filter((p) => p.status === 'broken' && p.due_date <= asOf).length,
      contactAttempts: recent.length,
      rightPartyContacts: recent.filter((a) => a.party_kind === 'debtor' && a.result !== null && RPC_RESULTS.has(a.result)).length,
      addressVerified: addressesOf(c.debtor_id).length > 0,
      phones: phonesOf(c.debtor_id).map((p) => ({ id: p.id, kind: p.kind })),
      emails: emailsOf(c.debtor_id).map((e) => e.id),
      verifiedAddressId: addressesOf(c.debtor_id)[0]?.id ?? null,
    };
    const { phones: _p, emails: _e, verifiedAddressId: _v, ...input } = f;
    // The active registered model scores when there is one (its reasons are the top factors); else the rule score.
    const ms = model?.score(input, c.bucket);
    const s = ms ? { score: ms.score, reasons: ms.reasons.map((r) => ({ code: r.code, points: r.points, labels: { 'zh-CN': r.zh, en: r.en } })) } : ruleScore(input);
    const band = bandOf(s.score);
    // DECIDE: the live strategy version (champion, or its challenger for the case's arm; the built-in default when
    // none is active) picks the segment, treatment and step.
    const debtsOfCase = accountsOf(c.id);
    const province = (addressesOf(c.debtor_id)[0] ?? anyAddressOf(c.debtor_id).find((a) => a.province_code))?.province_code ?? null;
    const dd = decide(live, {
      caseId: c.id, dpd: c.dpd, bucket: c.bucket, band, score: s.score, creditorId: c.creditor_id,
      balance: debtsOfCase.reduce((t, a) => t + Number(a.outstanding_principal_minor) + Number(a.outstanding_interest_minor) + Number(a.outstanding_penalty_minor) + Number(a.outstanding_fees_minor), 0),
      products: [...new Set(debtsOfCase.map((a) => a.product))], hasVerifiedAddress: f.verifiedAddressId !== null, hasPhone: f.phones.length > 0,
      hasMobile: f.phones.some((p) => p.kind === 'mobile'), hasEmail: f.emails.length > 0,
      promise: promiseState(promisesOf(c.id)), language: c.preferred_language, province,
    }, prevTreatment.get(c.id), asOf);
    const action = actionFor(dd.decision.kind, f);
    const dayStart = new Date(dayStartIso(c.time_zone, asOf));
    // 'none': nothing is due yet in the case's treatment, so no time.
    let at: string | null = action.kind === 'none' ? null : dayStart.toISOString();
    let note: string | null = null;
    if (action.channel) {
      const debts = accountsOf(c.id);
      const debtIds = new Set(debts.map((d) => d.id));
      const scenario: Scenario = {
        packs: packsWithoutAgentRules(engine, c.rule_pack_set),
        at: dayStart.toISOString(),
        action: { channel: action.channel, partyId: c.debtor_id, contactPoint: action.contactPoint ?? undefined, debtIds: [...debtIds], collectorId: AGENCY, agentIds: [], recording: true },
        parties: [{ id: c.debtor_id, role: 'debtor', timeZones: [c.time_zone] }],
        debts: debts.map((d) => ({ id: d.id, accountNumber: d.external_loan_id, product: d.product })),
        agents: [],
        history: attemptsOfDebtor(c.debtor_id).filter((a) => a.party_id === c.debtor_id && a.planned_at < dayStart.toISOString()).map((a) => ({
          at: a.planned_at, channel: a.channel, direction: a.direction, partyId: a.party_id, contactPoint: a.contact_point_id ?? undefined,
          debtIds: a.debt_ids_json.filter((d) => debtIds.has(d)), collectorId: AGENCY, result: a.result ?? undefined,
        })),
        events: eventsOf(c.debtor_id).filter((e) => e.party_id === c.debtor_id && e.at <= dayStart.toISOString()).map((e) => ({
          at: e.at, type: e.type, partyId: e.party_id, channel: e.channel ?? undefined, contactPoint: e.contact_point_id ?? undefined,
          debtIds: e.debt_ids_json ? e.debt_ids_json.filter((d) => debtIds.has(d)) : undefined, from: e.from_at ?? e.from_time ?? undefined,
          until: e.until_at ?? e.until_time ?? undefined, reviewOn: e.review_on ?? undefined,
        })),
      };
      let d: Decision | null = null;
      try {
        d = scenario.packs.length ? engine.decide(scenario) : { outcome: 'allow', reasons: [], nextAllowedAt: null };
      } catch (e) {
        note = `compliance_error: ${e instanceof Error ? e.message : String(e)}`;
      }
      if (d && d.outcome === 'block') {
        at = d.nextAllowedAt === null ? null : new Date(d.nextAllowedAt).toISOString();
        if (at === null) {
          blocked++;
          note = `blocked: ${[...new Set(d.reasons.map((r) => r.ruleId))].join(' ')}`;
        }
      } else if (!d) at = null;
    }
    const reasons: ScoreReasonOut[] = s.reasons.map((r) => ({ code: r.code, points: r.points, zh: r.labels['zh-CN'], en: r.labels.en }));
    const place = addressesOf(c.debtor_id)[0] ?? anyAddressOf(c.debtor_id)[0];
    const located = place?.verification_status === 'verified' && place.latitude !== null && place.longitude !== null;
    rows.push({
      id: newId(), run_id: runId, case_id: c.id, as_of: asOf, dpd: c.dpd, bucket: c.bucket, score: s.score, band, segment: `${c.bucket}-${band}`,
      features_json: { ...input }, reasons_json: reasons, next_action_kind: action.kind, next_action_channel: action.channel, next_action_at: at, next_action_note: note, next_action_contact_id: action.contactPoint,
      strategy_version_id: dd.versionId, arm: dd.arm, strategy_segment: dd.decision.segment.id, treatment_id: dd.decision.treatment.id,
      next_action_template: dd.decision.template, treatment_since: dd.since, model_id: model?.modelId ?? null,
      last_rpc_at: lastRpc.get(c.id) ?? null, province_code: place?.province_code ?? null, city_code: place?.city_code ?? null,
      latitude: located ? Number(place.latitude) : null, longitude: located ? Number(place.longitude) : null,
    });
  }
  for (let i = 0; i < rows.length; i += 200) await trx.insertInto('case_score').values(rows.slice(i, i + 200)).execute();
  return { rows, blocked };
}

const inc = (m: Record<string, number>, k: string) => {
  m[k] = (m[k] ?? 0) + 1;
};

async function buildReport(db: Kysely<DB>, asOf: string, seconds: number): Promise<NightlyReport> {
  const cur = await db.selectFrom('case_score').select(['case_id', 'bucket', 'segment', 'score', 'next_action_kind', 'arm', 'strategy_version_id', 'strategy_segment']).where('as_of', '=', asOf).orderBy('case_id').execute();
  const prevRun = await db.selectFrom('nightly_run').select('as_of').where('as_of', '<', asOf).where('status', '=', 'completed').orderBy('as_of', 'desc').executeTakeFirst();
  const byBucket: Record<string, number> = {};
  const bySegment: Record<string, number> = {};
  const byAction: Record<string, number> = {};
  // Champion/challenger: cases per arm, and per arm × strategy segment / action (arm 'default': the built-in strategy).
  const byArm: Record<string, number> = {};
  const byArmSegment: Record<string, number> = {};
  const byArmAction: Record<string, number> = {};
  for (const r of cur) {
    inc(byBucket, r.bucket);
    inc(bySegment, r.segment);
    inc(byAction, r.next_action_kind);
    const arm = r.arm ?? 'default';
    inc(byArm, arm);
    inc(byArmSegment, `${arm}/${r.strategy_segment ?? '-'}`);
    inc(byArmAction, `${arm}/${r.next_action_kind}`);
  }
  const scores = cur.map((r) => Number(r.score));
  let rollRates: NightlyReport['rollRates'] = [];
  let psiValue: number | null = null;
  if (prevRun) {
    const prev = await db.selectFrom('case_score').select(['case_id', 'bucket', 'score']).where('as_of', '=', prevRun.as_of).orderBy('case_id').execute();
    const now = new Map(cur.map((r) => [r.case_id, r.bucket]));
    const gone = prev.filter((p) => !now.has(p.case_id)).map((p) => p.case_id);
    const statusOf = new Map<string, string>();
    for (let i = 0; i < gone.length; i += 500) {
      for (const r of await db.selectFrom('collection_case').select(['id', 'status']).where('id', 'in', gone.slice(i, i + 500)).execute()) statusOf.set(r.id, r.status);
    }
    const cells = new Map<string, number>();
    const fromTotals: Record<string, number> = {};
    for (const p of prev) {
      const to = now.get(p.case_id) ?? statusOf.get(p.case_id) ?? 'unknown';
      cells.set(`${p.bucket}\u0000${to}`, (cells.get(`${p.bucket}\u0000${to}`) ?? 0) + 1);
      inc(fromTotals, p.bucket);
    }
    rollRates = [...cells].map(([k, count]) => {
      const [from, to] = k.split('\u0000') as [string, string];
      return { from, to, count, share: count / fromTotals[from]! };
    }).sort((a, b) => (a.from < b.from ? -1 : a.from > b.from ? 1 : a.to < b.to ? -1 : a.to > b.to ? 1 : 0));
    if (prev.length > 0 && scores.length > 0) psiValue = psi(prev.map((p) => Number(p.score)), scores).psi;
  }
  return {
    asOf, previousAsOf: prevRun?.as_of ?? null, scored: cur.length, byBucket, bySegment, byAction, byArm, byArmSegment, byArmAction, rollRates,
    scoreDeciles: scores.length ? decileEdges(scores) : [], meanScore: scores.length ? scores.reduce((s, x) => s + x, 0) / scores.length : null,
    psi: psiValue, seconds,
  };
}

export function runOut(r: NightlyRunTable): NightlyRunOut {
  return {
    id: r.id, asOf: r.as_of, status: r.status, attempts: r.attempts, startedAt: r.started_at, finishedAt: r.finished_at, error: r.error,
    counts: r.counts_json, report: r.report_json,
  };
}

/**
 * Runs (or resumes) the nightly run for `asOf`. A run left `running` or `failed` continues after its cursor; a
 * completed run is recomputed from the first case. Returns the stored run with its report.
 */
export async function runNightly(ctx: AppContext, engine: Engine, asOf: string, opts: RunOptions = {}): Promise<NightlyRunOut> {
  const { db, clock } = ctx;
  const started = Date.now();
  const batch = opts.batchSize ?? NIGHTLY_BATCH;
  const nowIso = () => clock.now().toISOString();
  let run = await db.selectFrom('nightly_run').selectAll().where('as_of', '=', asOf).executeTakeFirst();
  let counts: NightlyCounts;
  if (!run) {
    const row: NightlyRunTable = {
      id: newId(), as_of: asOf, status: 'running', batch_size: batch, cursor_case_id: null, attempts: 1, counts_json: { scored: 0, batches: 0, blockedActions: 0 },
      report_json: null, error: null, started_at: nowIso(), finished_at: null, partitions: null, finisher: null, finishing_at: null, wall_started_at: new Date(started).toISOString(),
    };
    await db.insertInto('nightly_run').values(row).execute();
    run = row;
    counts = row.counts_json!;
  } else {
    const resume = run.status !== 'completed';
    counts = resume && run.counts_json ? run.counts_json : { scored: 0, batches: 0, blockedActions: 0 };
    const cursor = resume ? run.cursor_case_id : null;
    await db.updateTable('nightly_run').set({ status: 'running', cursor_case_id: cursor, attempts: run.attempts + 1, counts_json: counts, error: null, finished_at: null, report_json: null, partitions: null, finisher: null, finishing_at: null })
      .where('id', '=', run.id).execute();
    run = { ...run, cursor_case_id: cursor };
  }
  const runId = run.id;
  let after = run.cursor_case_id ?? '';
  try {
    for (;;) {
      const ids = (await db.selectFrom('collection_case').select('id').where('status', '=', 'open').where('id', '>', after).orderBy('id').limit(batch).execute()).map((r) => r.id);
      if (ids.length === 0) break;
      const last = ids[ids.length - 1]!;
      await db.transaction().execute(async (trx) => {
        const r = await nightlyBatch(trx, engine, runId, asOf, ids, nowIso());
        counts = { scored: counts.scored + r.rows.length, batches: counts.batches + 1, blockedActions: counts.blockedActions + r.blocked };
        await trx.updateTable('nightly_run').set({ cursor_case_id: last, counts_json: counts }).where('id', '=', runId).execute();
      });
      after = last;
      await opts.afterBatch?.(counts.batches, last);
      if (ids.length < batch) break;
    }
  } catch (e) {
    await db.updateTable('nightly_run').set({ status: 'failed', error: e instanceof Error ? e.message : String(e), finished_at: nowIso() }).where('id', '=', runId).execute();
    throw e;
  }
  return finishRun(ctx, engine, { id: runId, asOf, startedMs: started });
}

/** A run whose every case is scored, ready for its finishing step. */
export type FinishingRun = { id: string; asOf: string; /** Date.now() when this process started the run (report seconds). */ startedMs: number };

/**
 * The run's finishing step, exactly once per run after every case is scored (in-process on SQLite; on PostgreSQL by
 * whichever process completes the last partition): clear the priority of cases that left the open book, then the
 * allocation and scheduling phases (H4), then the report, and mark the run completed.
 */
export async function finishRun(ctx: AppContext, engine: Engine, run: FinishingRun): Promise<NightlyRunOut> {
  const { db, clock } = ctx;
  // Cases that left the open book since their last score (paid by an import, closed, recalled) keep no priority.
  await db.updateTable('collection_case').set({ priority_score: null, next_action_at: null }).where('status', '!=', 'open').where('priority_score', 'is not', null).execute();
  // Allocation, then scheduling (once per run, before the report); both idempotent for the date (docs/nightly.md).
  const t0 = performance.now();
  const allocation = await allocateRun(ctx, engine, run.id, run.asOf);
  const t1 = performance.now();
  const scheduling = await scheduleRun(ctx, run.id, run.asOf);
  const t2 = performance.now();
  const built = await buildReport(db, run.asOf, (Date.now() - run.startedMs) / 1000);
  const secs = (a: number, b: number) => Math.round(b - a) / 1000;
  const report: NightlyReport = { ...built, allocation, scheduling, finishing: { allocation: secs(t0, t1), scheduling: secs(t1, t2), report: secs(t2, performance.now()) } };
  await db.updateTable('nightly_run').set({ status: 'completed', report_json: report, finished_at: clock.now().toISOString() }).where('id', '=', run.id).execute();
  const done = await db.selectFrom('nightly_run').selectAll().where('id', '=', run.id).executeTakeFirstOrThrow();
  return runOut(done);
}
