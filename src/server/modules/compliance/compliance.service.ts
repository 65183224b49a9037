// The compliance module: the one policy engine over the shipped rule packs, asked before every contact.
// An attempt is decided inside the transaction that records it (with the debtor row locked on PostgreSQL, so
// two collectors cannot both take the last allowed call); a blocked attempt is stored as blocked and never
// performed. The simulator and the per-case panel decide without recording.
import type { z } from 'zod';
import type {
  attemptRequestSchema, completeAttemptSchema, contactEventRequestSchema, decisionLogQuerySchema,
} from '../../../contracts/compliance.js';
import type { CaseDetail } from '../../../contracts/cases.js';
import { createEngine, ScenarioError, type Engine } from '../../../core/compliance/engine.js';
import { parseDay, zonedInstant } from '../../../core/compliance/zone.js';
import {
  partyRoles, type Channel, type Decision, type HistoryEntry, type PartyRole, type Scenario, type ScenarioAgent, type ScenarioEvent,
} from '../../../core/compliance/types.js';
import type { AppContext } from '../../context.js';
import type { DB } from '../../db/schema.js';
import { actorOf, requirePermission, scopeOf, type Principal } from '../../platform/access.js';
import { AppError, defineErrors } from '../../platform/errors.js';
import { newId } from '../../platform/ids.js';
import type { CaseService } from '../cases/index.js';
import { scopeFilter } from '../cases/index.js';
import type { StaffService } from '../staff/index.js';
import type { ContactAttemptTable, ContactEventTable, PartyKind } from './compliance.tables.js';
import { loadPacks } from './packs.loader.js';
import type { Insertable, Kysely, Transaction } from 'kysely';

export const ComplianceErrors = defineErrors({
  'compliance.unknown_party': { kind: 'validation', zh: '此案件没有该当事人', en: 'This case has no such party' },
  'compliance.unknown_contact_point': { kind: 'validation', zh: '该当事人没有这个联系方式', en: 'This party has no such contact point' },
  'compliance.unknown_debt': { kind: 'validation', zh: '此案件没有该笔债务', en: 'This case has no such debt' },
  'compliance.attempt_not_open': { kind: 'conflict', zh: '该联系尝试已被阻止或已记录结果', en: 'This attempt was blocked or already has a result' },
  'compliance.pack_set': { kind: 'internal', zh: '委托方的规则包设置无效：{detail}', en: 'The creditor\'s rule-pack setting is invalid: {detail}' },
});

/** Every contact Concord makes is made by one agency (the operator); the engine's collector key. */
const AGENCY = 'concord';
/** History older than this cannot change a decision of the shipped packs (longest window: 7 days; cooldowns 7 days). */
const HISTORY_DAYS = 40;

type AttemptRequest = z.infer<typeof attemptRequestSchema>;
type Exec = Kysely<DB> | Transaction<DB>;

export function createComplianceService(ctx: AppContext, deps: { cases: CaseService; staff: StaffService }) {
  const loaded = loadPacks();
  const engine: Engine = createEngine(loaded.packs, loaded.sets);
  const now = () => ctx.clock.now();

  function decideOrThrow(s: Scenario, prefix = ''): Decision {
    try {
      return engine.decide(s);
    } catch (e) {
      if (e instanceof ScenarioError) {
        throw new AppError('common.validation', { summary: `${prefix}${e.path}: ${e.message}`, issues: [{ path: `${prefix}${e.path}`, message: e.message }] });
      }
      throw e;
    }
  }

  /** The simulator: one scenario or an array; nothing is recorded. */
  function check(p: Principal, input: Scenario | Scenario[]): Decision | Decision[] {
    requirePermission(p, 'compliance.read');
    return Array.isArray(input) ? input.map((s, i) => decideOrThrow(s, `${i}.`)) : decideOrThrow(input);
  }

  function packList() {
    return {
      packs: engine.packs().map((pk) => ({
        ...pk,
        rules: pk.rules.map((r) => ({ ...r, enabled: r.enabled !== false, params: r.params as Record<string, unknown> })),
      })),
      sets: engine.sets(),
    };
  }

  async function packsOf(creditorId: string, x: Exec): Promise<string[]> {
    const row = await x.selectFrom('creditor').select('rule_pack_set').where('id', '=', creditorId).executeTakeFirstOrThrow();
    const ids = row.rule_pack_set.split(/\s+/).filter(Boolean);
    try {
      engine.resolve(ids);
    } catch (e) {
      throw new AppError('compliance.pack_set', { detail: e instanceof Error ? e.message : String(e) });
    }
    return ids;
  }

  function parties(c: CaseDetail) {
    const zone = [c.debtor.timeZone];
    const list: Scenario['parties'] = [{ id: c.debtor.id, role: 'debtor', timeZones: zone }];
    for (const cp of c.contacts) {
      const role = (partyRoles as readonly string[]).includes(cp.partyRole) ? (cp.partyRole as PartyRole) : 'third_party';
      list.push({ id: cp.id, role, timeZones: zone });
    }
    return list;
  }

  async function historyAndEvents(debtorId: string, at: Date, x: Exec): Promise<{ history: HistoryEntry[]; events: ScenarioEvent[] }> {
    const since = new Date(at.getTime() - HISTORY_DAYS * 86_400_000).toISOString();
    const [attempts, events] = await Promise.all([
      x.selectFrom('contact_attempt').selectAll().where('debtor_id', '=', debtorId).where('planned_at', '>=', since)
        .where('status', '!=', 'blocked').orderBy('planned_at').execute(),
      x.selectFrom('contact_event').selectAll().where('debtor_id', '=', debtorId).orderBy('at').execute(),
    ]);
    return {
      history: attempts.map((a) => ({
        at: a.planned_at, channel: a.channel, direction: a.direction, partyId: a.party_id, contactPoint: a.contact_point_id ?? undefined,
        debtIds: a.debt_ids_json, collectorId: AGENCY, result: a.result ?? undefined,
      })),
      events: events.map(eventToScenario),
    };
  }

  function eventToScenario(e: ContactEventTable): ScenarioEvent {
    return {
      at: e.at, type: e.type, partyId: e.party_id, channel: e.channel ?? undefined, contactPoint: e.contact_point_id ?? undefined,
      debtIds: e.debt_ids_json ?? undefined, from: e.from_at ?? e.from_time ?? undefined, until: e.until_at ?? e.until_time ?? undefined,
      reviewOn: e.review_on ?? undefined,
    };
  }

  /** What a decision needs besides the action: read once per request (inside the attempt's transaction for attempts). */
  type Facts = { packs: string[]; agents: ScenarioAgent[]; history: HistoryEntry[]; events: ScenarioEvent[] };

  async function factsFor(c: CaseDetail, at: Date, x: Exec, agents: ScenarioAgent[]): Promise<Facts> {
    // Inside a transaction every read goes through `x` (SQLite has one connection: a read beside it would wait forever).
    const [packs, he] = await Promise.all([packsOf(c.creditorId, x), historyAndEvents(c.debtorId, at, x)]);
    return { packs, agents, ...he };
  }

  function scenarioFor(c: CaseDetail, a: {
    channel: Channel; partyId: string; contactPointId?: string | undefined; debtIds?: string[] | undefined; content?: string | undefined;
    recording?: boolean | undefined; agentIds: string[]; purpose?: AttemptRequest['purpose'];
  }, at: Date, f: Facts): Scenario {
    const { packs, agents } = f;
    return {
      packs,
      at: at.toISOString(),
      action: {
        channel: a.channel, partyId: a.partyId, contactPoint: a.contactPointId, debtIds: a.debtIds, collectorId: AGENCY,
        agentIds: a.agentIds, content: a.content, recording: a.recording, purpose: a.purpose,
      },
      parties: parties(c),
      debts: c.accounts.map((d) => ({ id: d.id, accountNumber: d.externalLoanId, product: d.product })),
      agents: a.agentIds.map((id) => agents.find((g) => g.id === id) ?? { id }),
      history: f.history,
      events: f.events,
    };
  }

  /** The engine's agents: certificates and training (staff module) and display names for the details. */
  async function agentsOf(ids: string[]): Promise<ScenarioAgent[]> {
    if (ids.length === 0) return [];
    const [quals, names] = await Promise.all([
      deps.staff.agentsFor(ids),
      ctx.db.selectFrom('app_user').select(['id', 'display_name']).where('id', 'in', ids).execute(),
    ]);
    return quals.map((q) => ({ ...q, name: names.find((n) => n.id === q.id)?.display_name }));
  }

  /** The contact points of a party in a case, by channel. */
  function contactPoints(c: CaseDetail, partyKind: PartyKind, partyId: string) {
    const owner = (cpId: string | null) => (partyKind === 'debtor' ? cpId === null : cpId === partyId);
    return {
      phones: c.phones.filter((ph) => owner(ph.contactPersonId)),
      emails: partyKind === 'debtor' ? c.emails : [],
      addresses: c.addresses.filter((ad) => owner(ad.contactPersonId)),
    };
  }

  function validateTarget(c: CaseDetail, req: { partyKind: PartyKind; partyId: string; channel: Channel; contactPointId?: string | undefined; debtIds?: string[] | undefined }) {
    if (req.partyKind === 'debtor' ? req.partyId !== c.debtorId : !c.contacts.some((x) => x.id === req.partyId)) {
      throw new AppError('compliance.unknown_party', { issues: [{ path: 'partyId', message: '此案件没有该当事人', messageEn: 'This case has no such party' }] });
    }
    if (req.contactPointId) {
      const cp = contactPoints(c, req.partyKind, req.partyId);
      const pool = req.channel === 'email' ? cp.emails : req.channel === 'visit' || req.channel === 'letter' ? cp.addresses : cp.phones;
      if (!pool.some((x) => x.id === req.contactPointId)) {
        throw new AppError('compliance.unknown_contact_point', { issues: [{ path: 'contactPointId', message: '该当事人没有这个联系方式', messageEn: 'This party has no such contact point' }] });
      }
    }
    req.debtIds?.forEach((id, i) => {
      if (!c.accounts.some((d) => d.id === id)) throw new AppError('compliance.unknown_debt', { issues: [{ path: `debtIds.${i}`, message: '此案件没有该笔债务', messageEn: 'This case has no such debt' }] });
    });
  }

  /** "What may I do now": a decision per channel and contact point of every party of the case, at this instant. */
  async function panel(p: Principal, caseId: string) {
    const c = await deps.cases.get(p, caseId);
    const at = now();
    const me = p.kind === 'user' ? [p.userId] : [];
    const facts = await factsFor(c, at, ctx.db, await agentsOf(me));
    const items = [];
    const partyList: Array<{ kind: PartyKind; id: string; role: PartyRole; label: string }> = [
      { kind: 'debtor', id: c.debtorId, role: 'debtor', label: c.debtorName },
      ...c.contacts.map((x) => ({ kind: 'contact_person' as const, id: x.id, role: ((partyRoles as readonly string[]).includes(x.partyRole) ? x.partyRole : 'third_party') as PartyRole, label: `${x.fullNameMasked}（${x.relationship}）` })),
    ];
    for (const party of partyList) {
      const cp = contactPoints(c, party.kind, party.id);
      const options: Array<{ channel: Channel; id: string | null; label: string | null }> = [];
      for (const ph of cp.phones) {
        options.push({ channel: 'call', id: ph.id, label: ph.masked });
        if (ph.kind === 'mobile') options.push({ channel: 'sms', id: ph.id, label: ph.masked });
      }
      for (const em of cp.emails) options.push({ channel: 'email', id: em.id, label: em.masked });
      for (const ad of cp.addresses) {
        options.push({ channel: 'visit', id: ad.id, label: `${ad.region} ${ad.detailMasked}` });
      }
      if (party.kind === 'debtor' && cp.addresses[0]) options.push({ channel: 'letter', id: cp.addresses[0].id, label: `${cp.addresses[0].region} ${cp.addresses[0].detailMasked}` });
      for (const o of options) {
        const s = scenarioFor(c, { channel: o.channel, partyId: party.id, contactPointId: o.id ?? undefined, agentIds: me, recording: true }, at, facts);
        items.push({
          channel: o.channel, partyKind: party.kind, partyId: party.id, partyRole: party.role, partyLabel: party.label,
          contactPointId: o.id, contactPointLabel: o.label, decision: decideOrThrow(s),
        });
      }
    }
    return { caseId: c.id, at: at.toISOString(), packs: facts.packs, items };
  }

  function attemptOut(a: ContactAttemptTable, outcome: Decision['outcome'] | null, ruleIds: string[]) {
    return {
      id: a.id, caseId: a.case_id, channel: a.channel, partyKind: a.party_kind, partyId: a.party_id, contactPointId: a.contact_point_id,
      plannedAt: a.planned_at, status: a.status, result: a.result, userId: a.user_id, notes: a.notes, decisionId: a.decision_id, outcome, ruleIds,
    };
  }

  /** Decide and record an outbound contact attempt in one transaction; a blocked attempt is stored, never performed. */
  async function attempt(p: Principal, caseId: string, req: AttemptRequest) {
    requirePermission(p, 'contacts.attempt');
    const c = await deps.cases.get(p, caseId);
    validateTarget(c, req);
    const userId = p.kind === 'user' ? p.userId : null;
    const agentIds = req.agentIds ?? (userId ? [userId] : []);
    const agents = await agentsOf(agentIds);
    return ctx.db.transaction().execute((trx) => attemptIn(trx, c, { ...req, agentIds }, userId, agents));
  }

  /**
   * Decide and record (the decision, for the log) an outbound action in the caller's transaction, with the debtor row
   * locked: the public face for other modules (messaging asks again at send time). `c` is read before the transaction.
   */
  async function decideIn(trx: Transaction<DB>, c: CaseDetail, req: {
    channel: Channel; partyKind: PartyKind; partyId: string; contactPointId?: string | undefined; debtIds?: string[] | undefined;
    content?: string | undefined; institution?: string | undefined; recording?: boolean | undefined; agentIds: string[]; purpose?: AttemptRequest['purpose'];
    /** When the action happened, if not now: a field check-in captured offline is decided at its captured time. */
    at?: Date | undefined;
  }, userId: string | null, agents: ScenarioAgent[] = []): Promise<{ at: Date; decision: Decision; decisionId: string }> {
    let lock = trx.selectFrom('debtor').select('id').where('id', '=', c.debtorId);
    if (ctx.dialect === 'postgres') lock = lock.forUpdate();
    await lock.executeTakeFirst();
    const at = req.at ?? now();
    const s = scenarioFor(c, req, at, await factsFor(c, at, trx, agents));
    if (req.institution) s.action.institution = req.institution;
    const decision = decideOrThrow(s);
    const decisionId = await recordDecision(trx, { at, s, decision, caseId: c.id, debtorId: c.debtorId, creditorId: c.creditorId, userId, partyKind: req.partyKind, contactPointId: req.contactPointId ?? null });
    return { at, decision, decisionId };
  }

  /**
   * `decideIn` for several actions on one case at once (the messaging worker's batch): the debtor locked and the
   * facts read once, then each action decided by the engine on its own and every decision recorded (multi-row inserts).
   * Sending does not add to the history, so the facts hold for the whole batch.
   */
  async function decideManyIn(trx: Transaction<DB>, c: CaseDetail, reqs: Array<{
    channel: Channel; partyKind: PartyKind; partyId: string; contactPointId?: string | undefined; content?: string | undefined;
    institution?: string | undefined; recording?: boolean | undefined; agentIds: string[]; purpose?: AttemptRequest['purpose'];
  }>, userId: string | null): Promise<Array<{ at: Date; decision: Decision; decisionId: string }>> {
    if (reqs.length === 0) return [];
    let lock = trx.selectFrom('debtor').select('id').where('id', '=', c.debtorId);
    if (ctx.dialect === 'postgres') lock = lock.forUpdate();
    await lock.executeTakeFirst();
    const facts = await factsFor(c, now(), trx, []);
    const out: Array<{ at: Date; decision: Decision; decisionId: string }> = [];
    const decisions: Array<Insertable<DB['compliance_decision']>> = [];
    const ruleRows: Array<Insertable<DB['compliance_decision_rule']>> = [];
    const versions = new Map<string, string>();
    for (const { pack } of engine.resolve(facts.packs)) versions.set(pack.id, pack.version);
    const packsJson = [...versions].map(([pid, version]) => ({ id: pid, version }));
    for (const req of reqs) {
      const at = now();
      const s = scenarioFor(c, req, at, facts);
      if (req.institution) s.action.institution = req.institution;
      const decision = decideOrThrow(s);
      const id = newId();
      const decidedAt = at.toISOString();
      decisions.push({
        id, decided_at: decidedAt, planned_at: s.at, case_id: c.id, debtor_id: c.debtorId, creditor_id: c.creditorId, user_id: userId,
        channel: s.action.channel, party_kind: req.partyKind, party_id: s.action.partyId, contact_point_id: req.contactPointId ?? null,
        outcome: decision.outcome, next_allowed_at: decision.nextAllowedAt === null ? null : new Date(decision.nextAllowedAt).toISOString(),
        rule_ids: ruleIdsOf(decision).join(' '), packs_json: packsJson, reasons_json: decision.reasons,
      });
      const rules = new Map<string, { rule_id: string; pack: string; outcome: 'warn' | 'block' }>();
      for (const reason of decision.reasons) {
        const k = `${reason.ruleId}|${reason.pack}`;
        const prev = rules.get(k);
        if (!prev || reason.outcome === 'block') rules.set(k, { rule_id: reason.ruleId, pack: reason.pack, outcome: reason.outcome });
      }
      for (const x of rules.values()) ruleRows.push({ decision_id: id, decided_at: decidedAt, ...x });
      out.push({ at, decision, decisionId: id });
    }
    for (let i = 0; i < decisions.length; i += 100) await trx.insertInto('compliance_decision').values(decisions.slice(i, i + 100)).execute();
    for (let i = 0; i < ruleRows.length; i += 200) await trx.insertInto('compliance_decision_rule').values(ruleRows.slice(i, i + 200)).execute();
    return out;
  }

  /** Decide and record an attempt in the caller's transaction (the body of `attempt`; messaging records its sends with it). */
  async function attemptIn(trx: Transaction<DB>, c: CaseDetail, req: Omit<AttemptRequest, 'agentIds'> & { agentIds: string[]; institution?: string | undefined; at?: Date | undefined }, userId: string | null, agents: ScenarioAgent[] = []) {
    const { at, decision, decisionId } = await decideIn(trx, c, req, userId, agents);
    const row: ContactAttemptTable = {
      id: newId(), case_id: c.id, debtor_id: c.debtorId, creditor_id: c.creditorId, user_id: userId, channel: req.channel, direction: 'outbound',
      party_kind: req.partyKind, party_id: req.partyId, contact_point_id: req.contactPointId ?? null,
      debt_ids_json: req.debtIds ?? c.accounts.map((d) => d.id), planned_at: at.toISOString(),
      status: decision.outcome === 'block' ? 'blocked' : 'allowed', result: null, decision_id: decisionId, is_recorded: req.recording,
      content: req.content ?? null, notes: null, created_at: now().toISOString(), completed_at: null,
    };
    await trx.insertInto('contact_attempt').values(row).execute();
    return { attempt: attemptOut(row, decision.outcome, ruleIdsOf(decision)), decision };
  }

  /**
   * The content rules alone of a pack list on a text (templates: saving a version runs them on a sample rendering).
   * Only `content` rules are evaluated; the party is the debtor unless `role` says otherwise (a call script's
   * third-party lines are checked as heard by a third party, so any mention of the debt is a disclosure).
   */
  function contentCheck(packIds: string[], channel: Channel, text: string, institution?: string, role: PartyRole = 'debtor'): Decision {
    const ids = [...new Set(engine.resolve(packIds).filter((x) => x.rule.kind === 'content').map((x) => `${x.pack.id}#content`))];
    return decideOrThrow({
      packs: ids, at: now().toISOString(),
      action: { channel, partyId: 'debtor', collectorId: AGENCY, agentIds: [], content: text, institution },
      parties: [{ id: 'debtor', role }], debts: [],
    });
  }

  function ruleIdsOf(d: Decision): string[] {
    return [...new Set(d.reasons.map((r) => r.ruleId))];
  }

  async function recordDecision(trx: Transaction<DB>, r: {
    at: Date; s: Scenario; decision: Decision; caseId: string; debtorId: string; creditorId: string; userId: string | null; partyKind: PartyKind; contactPointId: string | null;
  }): Promise<string> {
    const id = newId();
    const decidedAt = r.at.toISOString();
    const packs = new Map<string, string>();
    for (const { pack } of engine.resolve(r.s.packs)) packs.set(pack.id, pack.version);
    await trx.insertInto('compliance_decision').values({
      id, decided_at: decidedAt, planned_at: r.s.at, case_id: r.caseId, debtor_id: r.debtorId, creditor_id: r.creditorId, user_id: r.userId,
      channel: r.s.action.channel, party_kind: r.partyKind, party_id: r.s.action.partyId, contact_point_id: r.contactPointId,
      outcome: r.decision.outcome, next_allowed_at: r.decision.nextAllowedAt === null ? null : new Date(r.decision.nextAllowedAt).toISOString(),
      rule_ids: ruleIdsOf(r.decision).join(' '), packs_json: [...packs].map(([pid, version]) => ({ id: pid, version })), reasons_json: r.decision.reasons,
    }).execute();
    const rules = new Map<string, { rule_id: string; pack: string; outcome: 'warn' | 'block' }>();
    for (const reason of r.decision.reasons) {
      const k = `${reason.ruleId}|${reason.pack}`;
      const prev = rules.get(k);
      if (!prev || reason.outcome === 'block') rules.set(k, { rule_id: reason.ruleId, pack: reason.pack, outcome: reason.outcome });
    }
    if (rules.size > 0) {
      await trx.insertInto('compliance_decision_rule').values([...rules.values()].map((x) => ({ decision_id: id, decided_at: decidedAt, ...x }))).execute();
    }
    return id;
  }

  /**
   * Decide, without recording, an outbound action at a given instant (e.g. an agreed callback time). Reads outside
   * any transaction: call it before opening one.
   */
  async function decideAt(c: CaseDetail, req: {
    channel: Channel; partyId: string; contactPointId?: string | undefined; agentIds: string[]; content?: string | undefined; institution?: string | undefined; recording?: boolean | undefined;
  }, at: Date): Promise<Decision> {
    const facts = await factsFor(c, at, ctx.db, await agentsOf(req.agentIds));
    const s = scenarioFor(c, { ...req, recording: req.recording ?? true }, at, facts);
    if (req.institution) s.action.institution = req.institution;
    return decideOrThrow(s);
  }

  /** Record the result of an allowed attempt (the call was made, the message sent, the visit done). */
  async function complete(p: Principal, attemptId: string, req: z.infer<typeof completeAttemptSchema>) {
    requirePermission(p, 'contacts.attempt');
    const a = await ctx.db.selectFrom('contact_attempt').selectAll().where('id', '=', attemptId).executeTakeFirst();
    if (!a) throw new AppError('common.not_found', { entity: 'contact attempt' });
    await deps.cases.get(p, a.case_id); // scope check: 404 outside the caller's cases
    if (a.status !== 'allowed') throw new AppError('compliance.attempt_not_open');
    const at = now().toISOString();
    const n = await ctx.db.updateTable('contact_attempt').set({ status: 'completed', result: req.result, notes: req.notes ?? null, completed_at: at })
      .where('id', '=', attemptId).where('status', '=', 'allowed').executeTakeFirst();
    if (Number(n.numUpdatedRows) !== 1) throw new AppError('compliance.attempt_not_open');
    const row = await ctx.db.selectFrom('contact_attempt').selectAll().where('id', '=', attemptId).executeTakeFirstOrThrow();
    return attemptOut(row, null, []);
  }

  async function attempts(p: Principal, caseId: string) {
    const c = await deps.cases.get(p, caseId);
    const rows = await ctx.db.selectFrom('contact_attempt as a').leftJoin('compliance_decision as d', 'd.id', 'a.decision_id')
      .selectAll('a').select(['d.outcome as outcome', 'd.rule_ids as rule_ids'])
      .where('a.case_id', '=', c.id).orderBy('a.planned_at', 'desc').limit(200).execute();
    return { items: rows.map((r) => attemptOut(r, r.outcome ?? null, r.rule_ids ? r.rule_ids.split(' ').filter(Boolean) : [])) };
  }

  /** Record a party event the engine honours (consent, designation, hold, opt-out, refusal …). */
  async function recordEvent(p: Principal, caseId: string, req: z.infer<typeof contactEventRequestSchema>) {
    requirePermission(p, 'contacts.attempt');
    const c = await deps.cases.get(p, caseId);
    validateTarget(c, { ...req, channel: req.channel ?? 'call', contactPointId: undefined });
    const at = now().toISOString();
    const isSpan = req.type === 'inconvenient_time';
    const row: ContactEventTable = {
      id: newId(), debtor_id: c.debtorId, case_id: c.id, type: req.type, party_kind: req.partyKind, party_id: req.partyId,
      channel: req.channel ?? null, contact_point_id: req.contactPointId ?? null, debt_ids_json: req.debtIds ?? null, at,
      from_at: !isSpan && req.from ? new Date(req.from).toISOString() : null, until_at: !isSpan && req.until ? new Date(req.until).toISOString() : null,
      from_time: isSpan ? req.from ?? null : null, until_time: isSpan ? req.until ?? null : null, review_on: req.reviewOn ?? null,
      note: req.note ?? null, created_by: p.kind === 'user' ? p.userId : null, created_at: at,
    };
    await ctx.db.transaction().execute(async (trx) => {
      await trx.insertInto('contact_event').values(row).execute();
      await ctx.audit.record(actorOf(p), { action: 'compliance.event_recorded', entityType: 'contact_event', entityId: row.id, after: { type: row.type, caseId: c.id, partyKind: row.party_kind } }, trx);
    });
    return eventOut(row);
  }

  function eventOut(e: ContactEventTable) {
    return {
      id: e.id, type: e.type, partyKind: e.party_kind, partyId: e.party_id, channel: e.channel, contactPointId: e.contact_point_id, debtIds: e.debt_ids_json,
      at: e.at, from: e.from_at ?? e.from_time, until: e.until_at ?? e.until_time, reviewOn: e.review_on, note: e.note, createdBy: e.created_by,
    };
  }

  async function events(p: Principal, caseId: string) {
    const c = await deps.cases.get(p, caseId);
    const rows = await ctx.db.selectFrom('contact_event').selectAll().where('debtor_id', '=', c.debtorId).orderBy('at', 'desc').execute();
    return { items: rows.map(eventOut) };
  }

  /** The decision log: every recorded decision, newest first, within the caller's case scope. */
  async function decisions(p: Principal, q: z.infer<typeof decisionLogQuerySchema>) {
    requirePermission(p, 'compliance.read');
    const scope = scopeOf(p);
    // Days in the reader's zone (midnight to midnight there, DST included).
    const zone = q.timeZone ?? 'Asia/Shanghai';
    const dayStart = (d: string) => new Date(zonedInstant(zone, parseDay(d), 0)).toISOString();
    const dayEnd = (d: string) => new Date(zonedInstant(zone, parseDay(d) + 1, 0)).toISOString();
    let base = ctx.db.selectFrom('compliance_decision as d');
    if (q.outcome) base = base.where('d.outcome', '=', q.outcome);
    if (q.userId) base = base.where('d.user_id', '=', q.userId);
    if (q.caseId) base = base.where('d.case_id', '=', q.caseId);
    if (q.channel) base = base.where('d.channel', '=', q.channel);
    if (q.from) base = base.where('d.decided_at', '>=', dayStart(q.from));
    if (q.to) base = base.where('d.decided_at', '<', dayEnd(q.to));
    if (q.ruleId) {
      const ruleId = q.ruleId;
      base = base.where('d.id', 'in', (eb) => eb.selectFrom('compliance_decision_rule').select('decision_id').where('rule_id', '=', ruleId));
    }
    if (scope.kind !== 'all') {
      base = base.where('d.case_id', 'in', (eb) => eb.selectFrom('collection_case').select('collection_case.id').where(scopeFilter(scope)));
    }
    const [rows, total, byRule] = await Promise.all([
      base.leftJoin('app_user as u', 'u.id', 'd.user_id').selectAll('d').select('u.display_name as user_name')
        .orderBy('d.decided_at', 'desc').orderBy('d.id', 'desc').limit(q.pageSize).offset((q.page - 1) * q.pageSize).execute(),
      base.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow(),
      base.innerJoin('compliance_decision_rule as r', 'r.decision_id', 'd.id').where('r.outcome', '=', 'block')
        .select(['r.rule_id', (eb) => eb.fn.countAll<number>().as('n')]).groupBy('r.rule_id').orderBy('n', 'desc').limit(20).execute(),
    ]);
    return {
      items: rows.map((r) => ({
        id: r.id, decidedAt: r.decided_at, plannedAt: r.planned_at, caseId: r.case_id, userId: r.user_id, userName: r.user_name ?? null,
        channel: r.channel, partyKind: r.party_kind, outcome: r.outcome, ruleIds: r.rule_ids.split(' ').filter(Boolean),
        nextAllowedAt: r.next_allowed_at, packs: r.packs_json, reasons: r.reasons_json as Decision['reasons'],
      })),
      total: Number(total.n),
      page: q.page,
      pageSize: q.pageSize,
      blockedByRule: byRule.map((b) => ({ ruleId: b.rule_id, count: Number(b.n) })),
    };
  }

  /** The first pack id that is neither a pack nor a set, or null. */
  function unknownPack(ids: string[]): string | null {
    for (const id of ids) {
      try {
        engine.resolve([id]);
      } catch {
        return id;
      }
    }
    return ids.length === 0 ? '(none)' : null;
  }

  return { engine, check, packList, unknownPack, panel, attempt, attemptIn, decideIn, decideManyIn, decideAt, contentCheck, complete, attempts, recordEvent, events, decisions };
}

export type ComplianceService = ReturnType<typeof createComplianceService>;
