import { analyzeContent, type ContentFindings } from './content.js';
import type { AttemptFilter, CountKey, PackSet, Rule, RulePack } from './packs.js';
import type {
  ContactResult, Decision, HistoryEntry, Localized, Outcome, PartyRole, Reason, ReasonSpan, Scenario, ScenarioAgent, ScenarioParty,
} from './types.js';
import {
  DAY, type DailySpan, MINUTE, formatDay, formatInZone, formatTimeOfDay, localDay, localTimeOfDay, nextSpanStart, parseDay,
  parseTimeOfDay, spanContaining, weekday, zonedInstant,
} from './zone.js';

// The policy engine: a pure function from (rule packs, scenario) to a decision. Every rule that fires is reported
// with its pack, authority and citation; packs compose strictest-wins; nextAllowedAt is found by re-deciding at
// the latest instant each blocking rule names until nothing blocks (or only a human can lift the block).

export class ScenarioError extends Error {
  constructor(readonly path: string, message: string) {
    super(`${path}: ${message}`);
  }
}

interface PEntry {
  ms: number;
  channel: string;
  dir: string;
  partyId: string;
  cp: string | undefined;
  debts: string[] | undefined;
  collector: string | undefined;
  result: ContactResult | undefined;
  dayZone: string;
  day: number;
}
interface PEvent {
  ms: number;
  type: string;
  partyId: string;
  channel: string | undefined;
  cp: string | undefined;
  debts: string[] | undefined;
  fromMs: number;
  untilMs: number;
  span: DailySpan | undefined;
  reviewDay: number;
}
interface Ctx {
  s: Scenario;
  t0: number;
  target: ScenarioParty;
  role: PartyRole;
  debtor: ScenarioParty | undefined;
  debts: string[];
  history: PEntry[];
  events: PEvent[];
  agents: Map<string, ScenarioAgent>;
  content: ContentFindings | undefined;
  explain: boolean;
}
interface CompiledRule {
  rule: Rule;
  pack: RulePack;
  fromMs: number;
  toMs: number;
  span?: DailySpan | undefined;
}
interface Hit {
  outcome: 'block' | 'warn';
  /** For blocks: when this rule alone would lift the block (null: only a human can). */
  next?: number | null | undefined;
  detail?: Localized | undefined;
  spans?: ReasonSpan[] | undefined;
}

const L = (zh: string, en: string): Localized => ({ 'zh-CN': zh, en });

// ---------- preparation ----------

const d2 = (s: string, i: number): number => (s.charCodeAt(i) - 48) * 10 + s.charCodeAt(i + 1) - 48;
const isDigit = (c: number): boolean => c >= 48 && c <= 57;

/** Days since 1970-01-01 of a proleptic Gregorian date (Howard Hinnant's days_from_civil). */
function daysFromCivil(y: number, m: number, d: number): number {
  y -= m <= 2 ? 1 : 0;
  const era = Math.floor(y / 400);
  const yoe = y - era * 400;
  const doy = Math.floor((153 * (m + (m > 2 ? -3 : 9)) + 2) / 5) + d - 1;
  const doe = yoe * 365 + Math.floor(yoe / 4) - Math.floor(yoe / 100) + doy;
  return era * 146097 + doe - 719468;
}

/**
 * ISO 8601 instants as the scenario format writes them (YYYY-MM-DDTHH:MM:SS[.fff](Z|±HH:MM)), parsed by hand:
 * the engine reads every history entry of every decision. Anything else falls back to Date.parse.
 */
export function parseInstant(s: string): number {
  const len = s.length;
  if (len < 20 || s.charCodeAt(4) !== 45 || s.charCodeAt(7) !== 45 || s.charCodeAt(10) !== 84 || s.charCodeAt(13) !== 58 || s.charCodeAt(16) !== 58) return Date.parse(s);
  const mo = d2(s, 5), d = d2(s, 8), h = d2(s, 11), mi = d2(s, 14), sec = d2(s, 17);
  if (!(mo >= 1 && mo <= 12 && d >= 1 && d <= 31 && h <= 23 && mi <= 59 && sec <= 59)) return Date.parse(s);
  let i = 19;
  let ms = 0;
  if (s.charCodeAt(i) === 46) {
    let digits = 0;
    i++;
    while (i < len && isDigit(s.charCodeAt(i))) {
      if (digits < 3) { ms = ms * 10 + s.charCodeAt(i) - 48; digits++; }
      i++;
    }
    if (digits === 0) return Date.parse(s);
    while (digits < 3) { ms *= 10; digits++; }
  }
  const z = s.charCodeAt(i);
  let off: number;
  if (z === 90 && i === len - 1) off = 0;
  else if ((z === 43 || z === 45) && len === i + 6 && s.charCodeAt(i + 3) === 58) {
    off = (d2(s, i + 1) * 60 + d2(s, i + 4)) * MINUTE;
    if (z === 45) off = -off;
  } else return Date.parse(s);
  const y = d2(s, 0) * 100 + d2(s, 2);
  return daysFromCivil(y, mo, d) * DAY + h * 3_600_000 + mi * MINUTE + sec * 1000 + ms - off;
}

function prepare(s: Scenario, explain: boolean): Ctx {
  const t0 = parseInstant(s.at);
  const target = s.parties.find((p) => p.id === s.action.partyId);
  if (!target) throw new ScenarioError('action.partyId', 'no party with this id');
  const src = s.history ?? [];
  const history: PEntry[] = new Array<PEntry>(src.length);
  let sorted = true;
  for (let i = 0; i < src.length; i++) {
    const h = src[i] as HistoryEntry;
    const e: PEntry = {
      ms: parseInstant(h.at), channel: h.channel, dir: h.direction, partyId: h.partyId, cp: h.contactPoint,
      debts: h.debtIds, collector: h.collectorId, result: h.result, dayZone: '', day: 0,
    };
    if (i > 0 && e.ms < (history[i - 1] as PEntry).ms) sorted = false;
    history[i] = e;
  }
  if (!sorted) history.sort((a, b) => a.ms - b.ms);
  const events: PEvent[] = (s.events ?? []).map((e) => {
    const isSpan = e.type === 'inconvenient_time';
    return {
      ms: parseInstant(e.at), type: e.type, partyId: e.partyId, channel: e.channel, cp: e.contactPoint, debts: e.debtIds,
      fromMs: !isSpan && e.from ? parseInstant(e.from) : NaN,
      untilMs: !isSpan && e.until ? parseInstant(e.until) : NaN,
      span: isSpan && e.from && e.until
        ? { start: parseTimeOfDay(e.from), end: parseTimeOfDay(e.until), startInclusive: true, endInclusive: false }
        : undefined,
      reviewDay: e.reviewOn ? parseDay(e.reviewOn) : NaN,
    };
  });
  events.sort((a, b) => a.ms - b.ms);
  return {
    s, t0, target, role: target.role,
    debtor: s.parties.find((p) => p.role === 'debtor'),
    debts: s.action.debtIds && s.action.debtIds.length > 0 ? s.action.debtIds : s.debts.map((d) => d.id),
    history, events,
    agents: new Map((s.agents ?? []).map((a) => [a.id, a])),
    content: undefined,
    explain,
  };
}

// ---------- helpers shared by rules ----------

function zonesOf(party: ScenarioParty | undefined, pack: RulePack): string[] {
  return party?.timeZones && party.timeZones.length > 0 ? party.timeZones : [pack.timeZone];
}

function entryDay(e: PEntry, zone: string): number {
  if (e.dayZone !== zone) {
    e.dayZone = zone;
    e.day = localDay(zone, e.ms);
  }
  return e.day;
}

function overlaps(a: string[] | undefined, b: string[]): boolean {
  if (!a) return true;
  for (const x of a) if (b.includes(x)) return true;
  return false;
}

function matchesFilter(e: PEntry, f: AttemptFilter): boolean {
  if (!(f.channels as string[]).includes(e.channel) || !(f.directions as string[]).includes(e.dir)) return false;
  if (f.results && (e.result === undefined || !f.results.includes(e.result))) return false;
  if (f.excludeResults && e.result !== undefined && f.excludeResults.includes(e.result)) return false;
  return true;
}

function eventApplies(ev: PEvent, c: Ctx, t: number): boolean {
  const a = c.s.action;
  return ev.ms <= t && ev.partyId === a.partyId && (ev.channel === undefined || ev.channel === a.channel)
    && (ev.cp === undefined || ev.cp === a.contactPoint) && overlaps(ev.debts, c.debts);
}

/** A consent event covering the instant for this party, channel, contact point and debts. */
function consentAt(c: Ctx, t: number): PEvent | undefined {
  for (const ev of c.events) {
    if (ev.type === 'consent' && eventApplies(ev, c, t) && ev.fromMs <= t && t < ev.untilMs) return ev;
  }
  return undefined;
}

/**
 * The earliest instant after t at which a recorded consent starts to cover the same action (a consent covers
 * from the later of its `from` and when it was given). With `withinDays`, only while the consent is that young.
 */
function nextConsentStart(c: Ctx, t: number, withinDays?: { zone: string; days: number }): number | null {
  let best: number | null = null;
  for (const ev of c.events) {
    if (ev.type !== 'consent') continue;
    const start = Math.max(ev.fromMs, ev.ms);
    if (start <= t || start >= ev.untilMs || !eventApplies(ev, c, start)) continue;
    if (withinDays && localDay(withinDays.zone, start) - localDay(withinDays.zone, ev.ms) >= withinDays.days) continue;
    if (best === null || start < best) best = start;
  }
  return best;
}

function earlier(a: number, b: number | null): number {
  return b !== null && b < a ? b : a;
}

/** Whether an attempt at `ms` was placed under a consent given within `days` local days (consent day = day 1). */
function underConsent(c: Ctx, ms: number, channel: string, partyId: string, zone: string, days: number): boolean {
  for (const ev of c.events) {
    if (ev.type !== 'consent' || ev.ms > ms || ev.partyId !== partyId) continue;
    if (ev.channel !== undefined && ev.channel !== channel) continue;
    if (!(ev.fromMs <= ms && ms < ev.untilMs)) continue;
    if (localDay(zone, ms) - localDay(zone, ev.ms) < days) return true;
  }
  return false;
}

function keyMatch(e: PEntry, per: CountKey[], c: Ctx): boolean {
  const a = c.s.action;
  for (const k of per) {
    if (k === 'party' && e.partyId !== a.partyId) return false;
    if (k === 'contact_point' && e.cp !== a.contactPoint) return false;
    if (k === 'collector' && e.collector !== a.collectorId) return false;
  }
  return true;
}

// ---------- rules ----------

type Evaluator = (r: CompiledRule, c: Ctx, t: number) => Hit | null;

const evaluators: Record<Rule['kind'], Evaluator> = {
  time_window(r, c, t) {
    const rule = r.rule;
    if (rule.kind !== 'time_window' || !r.span) return null;
    const span = r.span;
    const zones = zonesOf(c.target, r.pack);
    const outside = zones.find((z) => !spanContaining(z, span, t));
    if (outside === undefined) return null;
    if (rule.params.consentOverrides) {
      const consent = consentAt(c, t);
      if (consent) return { outcome: 'warn', detail: c.explain ? L('在允许时段以外，依据当事人的同意进行', 'outside the allowed hours, under the party\'s recorded consent') : undefined };
    }
    // Earliest instant inside the window in every candidate zone.
    let cand = t;
    const horizon = t + 8 * DAY;
    for (let guard = 0; guard < 50 && cand <= horizon; guard++) {
      let moved = false;
      for (const z of zones) {
        if (!spanContaining(z, span, cand)) {
          const n = nextSpanStart(z, span, cand);
          if (n === null) return { outcome: rule.outcome, next: null };
          cand = n;
          moved = true;
        }
      }
      if (!moved) break;
    }
    let next: number | null = cand <= horizon ? cand : null;
    if (rule.params.consentOverrides) {
      const cs = nextConsentStart(c, t);
      if (cs !== null && (next === null || cs < next)) next = cs;
    }
    let detail: Localized | undefined;
    if (c.explain) {
      const local = formatTimeOfDay(localTimeOfDay(outside, t));
      const win = `${formatTimeOfDay(span.start)}–${formatTimeOfDay(span.end)}`;
      detail = next === null
        ? L(`候选时区 ${zones.join('、')} 的允许时段没有交集，需先确认当事人所在地`, `the allowed hours of the candidate zones ${zones.join(', ')} never overlap: confirm the party's location first`)
        : L(`当地时间 ${local}（${outside}）不在允许时段 ${win} 内`, `local time ${local} (${outside}) is outside the allowed hours ${win}`);
    }
    return { outcome: rule.outcome, next, detail };
  },

  inconvenient_time(r, c, t) {
    const rule = r.rule;
    if (rule.kind !== 'inconvenient_time') return null;
    const zones = zonesOf(c.target, r.pack);
    let until = -Infinity;
    let since = Infinity;
    let hitSpan: DailySpan | undefined;
    for (const ev of c.events) {
      if (ev.type !== 'inconvenient_time' || !ev.span || !eventApplies(ev, c, t)) continue;
      for (const z of zones) {
        const iv = spanContaining(z, ev.span, t);
        if (iv) {
          // A designation takes effect from when it was made.
          const end = iv[1];
          since = Math.min(since, Math.max(iv[0], ev.ms));
          if (end > until) { until = end; hitSpan = ev.span; }
        }
      }
    }
    if (!hitSpan) return null;
    if (rule.params.consentOverrides && consentAt(c, t)) {
      return { outcome: 'warn', detail: c.explain ? L('在当事人指定的不便时段内，依据其同意进行', 'inside a time the party called inconvenient, under their recorded consent') : undefined };
    }
    if (rule.params.replyOnce && replyPending(c, t, since)) {
      return { outcome: 'warn', detail: c.explain ? L('当事人在此时段主动联系，可经同一渠道回复一次', 'the party made contact at this time: one reply through the same medium is allowed') : undefined };
    }
    const detail = c.explain
      ? L(`当事人指定 ${formatTimeOfDay(hitSpan.start)}–${formatTimeOfDay(hitSpan.end)} 为不便时段`, `the party said ${formatTimeOfDay(hitSpan.start)}–${formatTimeOfDay(hitSpan.end)} is inconvenient`)
      : undefined;
    return { outcome: rule.outcome, next: rule.params.consentOverrides ? earlier(until, nextConsentStart(c, t)) : until, detail };
  },

  frequency(r, c, t) {
    const rule = r.rule;
    if (rule.kind !== 'frequency') return null;
    const p = rule.params;
    const zone = zonesOf(c.debtor ?? c.target, r.pack)[0] ?? r.pack.timeZone;
    const a = c.s.action;
    if (p.per.includes('contact_point') && a.contactPoint === undefined) return null;
    if (p.per.includes('collector') && a.collectorId === undefined) return null;
    if (p.consentExcludesDays !== undefined && underConsent(c, t, a.channel, a.partyId, zone, p.consentExcludesDays)) return null;
    const perDebt = p.per.includes('debt');
    const debtKeys: (string | undefined)[] = perDebt ? c.debts : [undefined];
    const D = localDay(zone, t);
    // Entries before the counting window cannot count: the history is sorted, so walk back from t and stop a
    // day before the window opens (the margin keeps days that begin oddly around a DST change exact).
    const lower = p.period === 'rolling_minutes' ? t - (p.length ?? 1) * MINUTE : zonedInstant(zone, D - (p.period === 'rolling_days' ? (p.length ?? 1) - 1 : 0), 0) - DAY;
    let worst: { count: number; next: number; debt: string | undefined } | undefined;
    for (const debt of debtKeys) {
      const matched: PEntry[] = [];
      for (let i = c.history.length - 1; i >= 0; i--) {
        const e = c.history[i] as PEntry;
        if (e.ms > t) continue;
        if (e.ms < lower) break;
        if (!matchesFilter(e, p.count) || !keyMatch(e, p.per, c)) continue;
        if (debt !== undefined && e.debts && !e.debts.includes(debt)) continue;
        if (p.consentExcludesDays !== undefined && underConsent(c, e.ms, e.channel, e.partyId, zone, p.consentExcludesDays)) continue;
        matched.push(e);
      }
      matched.reverse();
      let count = 0;
      let next = 0;
      if (p.period === 'local_day') {
        for (const e of matched) if (entryDay(e, zone) === D) count++;
        if (count >= p.limit) next = zonedInstant(zone, D + 1, 0);
      } else if (p.period === 'rolling_days') {
        const len = p.length ?? 1;
        const days = matched.map((e) => entryDay(e, zone)).filter((d) => d > D - len && d <= D);
        count = days.length;
        if (count >= p.limit) {
          for (let d2 = D + 1; d2 <= D + len; d2++) {
            if (days.filter((d) => d > d2 - len).length < p.limit) { next = zonedInstant(zone, d2, 0); break; }
          }
        }
      } else {
        const len = (p.length ?? 1) * MINUTE;
        const inWin = matched.filter((e) => e.ms > t - len);
        count = inWin.length;
        const first = inWin[count - p.limit];
        if (count >= p.limit && first) next = first.ms + len;
      }
      if (count >= p.limit && (!worst || next > worst.next)) worst = { count, next, debt };
    }
    if (!worst) return null;
    if (p.consentExcludesDays !== undefined) worst.next = earlier(worst.next, nextConsentStart(c, t, { zone, days: p.consentExcludesDays }));
    const detail = c.explain
      ? L(`已计 ${worst.count} 次，上限 ${p.limit} 次${worst.debt ? `（债务 ${worst.debt}）` : ''}`, `${worst.count} counted, limit ${p.limit}${worst.debt ? ` (debt ${worst.debt})` : ''}`)
      : undefined;
    return { outcome: rule.outcome, next: worst.next, detail };
  },

  cooldown(r, c, t) {
    const rule = r.rule;
    if (rule.kind !== 'cooldown') return null;
    const p = rule.params;
    const zone = zonesOf(c.debtor ?? c.target, r.pack)[0] ?? r.pack.timeZone;
    const a = c.s.action;
    if (p.per.includes('collector') && a.collectorId === undefined) return null;
    if (p.consentExcludesDays !== undefined && underConsent(c, t, a.channel, a.partyId, zone, p.consentExcludesDays)) return null;
    const D = localDay(zone, t);
    const lower = zonedInstant(zone, D - p.days + 1, 0) - DAY;
    let until = -Infinity;
    let lastDay = 0;
    for (let i = c.history.length - 1; i >= 0; i--) {
      const e = c.history[i] as PEntry;
      if (e.ms > t) continue;
      if (e.ms < lower) break;
      if (!matchesFilter(e, p.trigger) || !keyMatch(e, p.per, c)) continue;
      if (p.per.includes('debt') && !overlaps(e.debts, c.debts)) continue;
      const day = entryDay(e, zone);
      if (day + p.days - 1 >= D) {
        const end = zonedInstant(zone, day + p.days, 0);
        if (end > until) { until = end; lastDay = day; }
      }
    }
    if (until === -Infinity) return null;
    if (p.consentExcludesDays !== undefined) until = earlier(until, nextConsentStart(c, t, { zone, days: p.consentExcludesDays }));
    const detail = c.explain
      ? L(`${formatDay(lastDay)} 已有通话，冷静期 ${p.days} 天（含当天）`, `a conversation on ${formatDay(lastDay)} starts a ${p.days}-day period (that day is day 1)`)
      : undefined;
    return { outcome: rule.outcome, next: until, detail };
  },

  third_party(r, c, t) {
    const rule = r.rule;
    if (rule.kind !== 'third_party' || c.role === 'debtor') return null;
    const p = rule.params;
    const target = c.target.id;
    if (p.always.includes(c.role)) return null;
    if (p.stopOnRefusal && c.events.some((ev) => ev.type === 'third_party_refused' && ev.partyId === target && ev.ms <= t)) {
      return { outcome: rule.outcome, next: null, detail: c.explain ? L('该联系人已拒绝再被联系', 'this person has refused further contact') : undefined };
    }
    if (p.maxConversations !== undefined) {
      let n = 0;
      for (const e of c.history) if (e.ms <= t && e.partyId === target && e.result === 'conversation') n++;
      if (n >= p.maxConversations) {
        return { outcome: rule.outcome, next: null, detail: c.explain ? L(`已与该第三人通话 ${n} 次，上限 ${p.maxConversations} 次`, `${n} conversation(s) with this third party already, limit ${p.maxConversations}`) : undefined };
      }
    }
    if (p.whenDebtorUnreachable.includes(c.role)) {
      if (debtorUnreachable(c, t, p.failuresForUnreachable, p.failureResults, p.deceasedIsUnreachable)) {
        return { outcome: 'warn', detail: c.explain ? L('债务人失联：仅可为恢复联系而联系，不得透露债务', 'the debtor is unreachable: contact only to re-establish contact, never disclose the debt') : undefined };
      }
      return { outcome: rule.outcome, next: null, detail: c.explain ? L('债务人并未失联，不得联系此第三人', 'the debtor is not unreachable: this third party may not be contacted') : undefined };
    }
    return { outcome: rule.outcome, next: null, detail: c.explain ? L(`不得联系角色为 ${c.role} 的当事人`, `a party in the role ${c.role} may not be contacted`) : undefined };
  },

  hold(r, c, t) {
    const rule = r.rule;
    if (rule.kind !== 'hold') return null;
    const p = rule.params;
    if (p.targets && !p.targets.includes(c.role)) return null;
    const purpose = c.s.action.purpose ?? 'collection';
    const zone = zonesOf(c.debtor ?? c.target, r.pack)[0] ?? r.pack.timeZone;
    let block: { next: number | null } | undefined;
    let reviewDue = false;
    let matchedType = '';
    for (const ev of c.events) {
      if (ev.ms > t || !(p.events as string[]).includes(ev.type)) continue;
      if (p.scope === 'party') {
        if (!eventApplies(ev, c, t)) continue;
      } else if (!overlaps(ev.debts, c.debts)) continue;
      if (p.liftedBy && c.events.some((l) => l.ms > ev.ms && l.ms <= t && (p.liftedBy as string[]).includes(l.type)
        && l.partyId === ev.partyId && (l.debts === undefined || ev.debts === undefined || l.debts.some((d) => ev.debts?.includes(d))))) continue;
      if (p.allowPurposes?.includes(purpose)) continue;
      matchedType = ev.type;
      if (p.untilReview && !Number.isNaN(ev.reviewDay)) {
        const end = zonedInstant(zone, ev.reviewDay, 0);
        if (t >= end) { reviewDue = true; continue; }
        if (!block || (block.next !== null && end > block.next)) block = { next: end };
      } else {
        block = { next: null };
      }
    }
    if (block) return { outcome: rule.outcome, next: block.next, detail: c.explain ? L(`存在 ${matchedType} 停催`, `a ${matchedType} hold is in force`) : undefined };
    if (reviewDue) return { outcome: 'warn', detail: c.explain ? L('停催已到复核日期，请先复核', 'the hold has reached its review date: review it first') : undefined };
    return null;
  },

  medium_opt_out(r, c, t) {
    const rule = r.rule;
    if (rule.kind !== 'medium_opt_out') return null;
    const p = rule.params;
    let optOut: PEvent | undefined;
    for (const ev of c.events) if (ev.type === 'medium_opt_out' && eventApplies(ev, c, t)) optOut = ev;
    if (!optOut) return null;
    if (p.allowPurposes.includes(c.s.action.purpose ?? 'collection')) {
      return { outcome: 'warn', detail: c.explain ? L('仅可发送退订确认，不得包含其他内容', 'only an opt-out confirmation, with nothing else, may be sent') : undefined };
    }
    if (p.replyOnce && replyPending(c, t, optOut.ms)) {
      return { outcome: 'warn', detail: c.explain ? L('当事人经此渠道主动联系，可回复一次', 'the party used this medium: one reply is allowed') : undefined };
    }
    return { outcome: rule.outcome, next: null, detail: c.explain ? L('当事人已要求不再使用此渠道', 'the party asked that this medium not be used') : undefined };
  },

  visit_team(r, c) {
    const rule = r.rule;
    if (rule.kind !== 'visit_team') return null;
    const n = new Set(c.s.action.agentIds ?? []).size;
    if (n >= rule.params.minAgents) return null;
    return { outcome: rule.outcome, next: null, detail: c.explain ? L(`外访人员 ${n} 人，至少需要 ${rule.params.minAgents} 人`, `${n} collector(s) on the visit, at least ${rule.params.minAgents} required`) : undefined };
  },

  recording(r, c) {
    if (c.s.action.recording === true) return null;
    return { outcome: r.rule.outcome, next: null, detail: c.explain ? L('未开启全程录音录像', 'recording is not switched on') : undefined };
  },

  qualification(r, c, t) {
    const rule = r.rule;
    if (rule.kind !== 'qualification') return null;
    const p = rule.params;
    const ids = c.s.action.agentIds ?? [];
    const zone = r.pack.timeZone;
    const today = localDay(zone, t);
    if (ids.length === 0) {
      if (!p.required) return null;
      return { outcome: rule.outcome, next: null, detail: c.explain ? L('未指定执行人员，无法核验资格', 'no collector named: qualifications cannot be checked') : undefined };
    }
    let next: number | null = -Infinity;
    const problems: string[] = [];
    for (const id of ids) {
      const agent = c.agents.get(id);
      const certs = (agent?.certificates ?? []).filter((x) => x.kind === p.certificate);
      const valid = certs.some((x) => (x.validFrom === undefined || parseDay(x.validFrom) <= today) && parseDay(x.validUntil) >= today);
      if (!valid && (p.required || certs.length > 0)) {
        problems.push(`${agent?.name ?? id}: ${p.certificate}`);
        const future = certs.filter((x) => x.validFrom !== undefined && parseDay(x.validFrom) > today && parseDay(x.validUntil) >= parseDay(x.validFrom));
        const first = future.map((x) => parseDay(x.validFrom ?? '')).sort((x, y) => x - y)[0];
        if (first === undefined) next = null;
        else if (next !== null) next = Math.max(next, zonedInstant(zone, first, 0));
      }
      if (p.trainingWithinDays !== undefined) {
        const trained = agent?.lastTrainingOn ? parseDay(agent.lastTrainingOn) : NaN;
        if (Number.isNaN(trained) || today - trained > p.trainingWithinDays || trained > today) {
          problems.push(`${agent?.name ?? id}: training`);
          next = null;
        }
      }
    }
    if (problems.length === 0) return null;
    return {
      outcome: rule.outcome,
      next: next === -Infinity ? null : next,
      detail: c.explain ? L(`资格不符：${problems.join('；')}`, `not qualified: ${problems.join('; ')}`) : undefined,
    };
  },

  vulnerable(r, c) {
    if (!c.target.vulnerable) return null;
    return { outcome: r.rule.outcome, next: null, detail: c.explain ? L('当事人被标记为弱势人群', 'the party is known or suspected to be vulnerable') : undefined };
  },

  content(r, c) {
    const rule = r.rule;
    if (rule.kind !== 'content') return null;
    const text = c.s.action.content;
    if (text === undefined || text.trim() === '') return null;
    const p = rule.params;
    c.content ??= analyzeContent(text, c.s.action.institution ? { institutionNames: [c.s.action.institution] } : undefined);
    const f = c.content;
    if (p.require) {
      if (f.present[p.require]) return null;
      return { outcome: rule.outcome, next: null };
    }
    const spans: ReasonSpan[] = [];
    for (const s of f.spans) {
      if (p.categories?.includes(s.category)) spans.push(s);
      else if (p.disclosure && s.category === 'debt_mention' && !(p.disclosureExempt ?? DISCLOSURE_EXEMPT).includes(c.role)) spans.push(s);
    }
    if (spans.length === 0) return null;
    return { outcome: rule.outcome, next: null, spans, detail: c.explain ? L(`问题内容：${spans.map((s) => `「${s.text}」`).join('')}`, `offending text: ${spans.map((s) => `"${s.text}"`).join(', ')}`) : undefined };
  },

  quiet_days(r, c, t) {
    const rule = r.rule;
    if (rule.kind !== 'quiet_days') return null;
    const zone = zonesOf(c.target, r.pack)[0] ?? r.pack.timeZone;
    const quiet = (d: number): boolean => isQuietDay(rule.params, d);
    const D = localDay(zone, t);
    if (!quiet(D)) return null;
    let d = D + 1;
    while (quiet(d) && d < D + 60) d++;
    return { outcome: rule.outcome, next: zonedInstant(zone, d, 0), detail: c.explain ? L(`${formatDay(D)} 为静默日`, `${formatDay(D)} is a quiet day`) : undefined };
  },

  obligation() {
    return null;
  },
};

/** Parties whose communication may name the debt: the debtor, a guarantor, the debtor's attorney, an executor. */
const DISCLOSURE_EXEMPT: PartyRole[] = ['debtor', 'guarantor', 'attorney', 'executor'];

/** The party contacted us through this channel after `since`, and we have not answered through it since. */
function replyPending(c: Ctx, t: number, since: number): boolean {
  const a = c.s.action;
  let inbound = -Infinity;
  for (const e of c.history) {
    if (e.ms > t) break;
    if (e.partyId !== a.partyId || e.channel !== a.channel) continue;
    if (e.dir === 'inbound' && e.ms >= since) inbound = e.ms;
    else if (e.dir === 'outbound' && e.ms > inbound) inbound = -Infinity;
  }
  return inbound !== -Infinity;
}

const SUCCESS: ReadonlySet<string> = new Set(['conversation', 'visited_met', 'delivered']);

/** CN-B03 / CN-G03: the debtor is unreachable (invalid numbers, N consecutive failed contacts, a recorded status, or death). */
function debtorUnreachable(c: Ctx, t: number, failures: number, failureResults: ContactResult[], deceased: boolean): boolean {
  const debtor = c.debtor;
  if (!debtor) return false;
  let lastSuccess = -Infinity;
  let consecutive = 0;
  const lastByPoint = new Map<string, string | undefined>();
  for (const e of c.history) {
    if (e.ms > t) break;
    if (e.partyId !== debtor.id) continue;
    if (e.dir === 'inbound' || (e.result !== undefined && SUCCESS.has(e.result) && e.result !== 'delivered')) {
      lastSuccess = e.ms;
      consecutive = 0;
    } else if (e.result !== undefined && failureResults.includes(e.result)) consecutive++;
    if (e.dir === 'outbound' && e.cp !== undefined) lastByPoint.set(e.cp, e.result);
  }
  for (const ev of c.events) {
    if (ev.ms > t || ev.partyId !== debtor.id) continue;
    if (deceased && ev.type === 'deceased') return true;
    if (ev.type === 'unreachable' && ev.ms > lastSuccess) return true;
  }
  if (consecutive >= failures) return true;
  return lastByPoint.size > 0 && [...lastByPoint.values()].every((r) => r === 'not_in_service');
}

// ---------- composition ----------

const SEVERITY: Record<Outcome, number> = { allow: 0, warn: 1, block: 2 };

export interface Engine {
  decide(scenario: Scenario): Decision;
  /** The packs (and pack sets) the engine knows. */
  packs(): RulePack[];
  sets(): PackSet[];
  /** The rules a pack list resolves to (throws ScenarioError for an unknown pack). */
  resolve(packIds: string[]): Array<{ pack: RulePack; rule: Rule }>;
}

export function createEngine(packList: RulePack[], setList: PackSet[] = []): Engine {
  const byId = new Map(packList.map((p) => [p.id, p]));
  const setsById = new Map(setList.map((s) => [s.id, s]));
  const cache = new Map<string, CompiledRule[]>();

  const dayStart = (zone: string, d: string | undefined, fallback: number) => (d ? zonedInstant(zone, parseDay(d), 0) : fallback);

  function expand(ids: string[], path: string, out: Array<{ pack: RulePack; kinds?: string[] }>, depth: number) {
    ids.forEach((raw, i) => {
      const [id = '', kinds] = raw.split('#');
      const set = setsById.get(id);
      if (set && depth < 3) {
        expand(set.packs, path, out, depth + 1);
        return;
      }
      const pack = byId.get(id);
      if (!pack) throw new ScenarioError(depth === 0 ? `${path}[${i}]` : path, `unknown rule pack "${raw}"`);
      out.push({ pack, kinds: kinds ? kinds.split(',') : undefined });
    });
  }

  function compile(ids: string[]): CompiledRule[] {
    const key = ids.join('|');
    let compiled = cache.get(key);
    if (compiled) return compiled;
    const selected: Array<{ pack: RulePack; kinds?: string[] | undefined }> = [];
    expand(ids, 'packs', selected, 0);
    compiled = [];
    const seen = new Set<string>();
    for (const { pack, kinds } of selected) {
      for (const rule of pack.rules) {
        if (rule.enabled === false || rule.kind === 'obligation') continue;
        if (kinds && !kinds.includes(rule.kind)) continue;
        const k = `${pack.id}/${rule.id}/${rule.kind}/${JSON.stringify(rule.params)}`;
        if (seen.has(k)) continue;
        seen.add(k);
        const from = Math.max(dayStart(pack.timeZone, pack.effectiveFrom, -Infinity), dayStart(pack.timeZone, rule.effectiveFrom, -Infinity));
        const to = Math.min(dayStart(pack.timeZone, pack.effectiveTo, Infinity), dayStart(pack.timeZone, rule.effectiveTo, Infinity));
        const span = rule.kind === 'time_window'
          ? { start: parseTimeOfDay(rule.params.start), end: parseTimeOfDay(rule.params.end), startInclusive: rule.params.startInclusive, endInclusive: rule.params.endInclusive }
          : undefined;
        compiled.push({ rule, pack, fromMs: from, toMs: to, span });
      }
    }
    if (cache.size > 1000) cache.clear();
    cache.set(key, compiled);
    return compiled;
  }

  function evaluate(rules: CompiledRule[], c: Ctx, t: number, out: Reason[] | null): { outcome: Outcome; blocked: boolean; next: number | null } {
    let outcome: Outcome = 'allow';
    let next: number | null = -Infinity;
    const channel = c.s.action.channel;
    for (const r of rules) {
      if (t < r.fromMs || t >= r.toMs) continue;
      if (r.rule.channels && !r.rule.channels.includes(channel)) continue;
      const hit = evaluators[r.rule.kind](r, c, t);
      if (!hit) continue;
      if (SEVERITY[hit.outcome] > SEVERITY[outcome]) outcome = hit.outcome;
      if (hit.outcome === 'block') {
        const n = hit.next ?? null;
        if (n === null || next === null) next = null;
        else if (n > next) next = n;
      }
      if (out) {
        const zone = zonesOf(c.target, r.pack)[0] ?? r.pack.timeZone;
        out.push({
          ruleId: r.rule.id, pack: r.pack.id, packVersion: r.pack.version, authority: r.rule.authority, outcome: hit.outcome,
          message: r.rule.message, citation: r.rule.citation,
          ...(hit.detail ? { detail: hit.detail } : {}),
          ...(hit.spans ? { spans: hit.spans } : {}),
          ...(hit.outcome === 'block' ? { until: hit.next == null ? null : formatInZone(zone, hit.next) } : {}),
        });
      }
    }
    return { outcome, blocked: outcome === 'block', next: outcome === 'block' ? next : t };
  }

  return {
    decide(scenario) {
      const rules = compile(scenario.packs);
      const c = prepare(scenario, true);
      const reasons: Reason[] = [];
      const first = evaluate(rules, c, c.t0, reasons);
      // Answers are written in the contacted party's first zone (else the first pack's zone, else UTC).
      const zone = c.target.timeZones?.[0] ?? rules[0]?.pack.timeZone ?? 'UTC';
      let nextAllowed: number | null = first.next;
      if (first.blocked) {
        c.explain = false;
        const horizon = c.t0 + 400 * DAY;
        let t = first.next;
        nextAllowed = null;
        for (let i = 0; i < 64 && t !== null && t <= horizon; i++) {
          const r = evaluate(rules, c, t, null);
          if (!r.blocked) { nextAllowed = t; break; }
          if (r.next === null || r.next <= t) break;
          t = r.next;
        }
      }
      return {
        outcome: first.outcome,
        reasons,
        nextAllowedAt: nextAllowed === null ? null : formatInZone(zone, nextAllowed),
      };
    },
    packs: () => [...byId.values()],
    sets: () => [...setsById.values()],
    resolve: (ids) => compile(ids).map(({ pack, rule }) => ({ pack, rule })),
  };
}

function isQuietDay(p: { weekdays: number[]; dates: string[] }, day: number): boolean {
  return p.weekdays.includes(weekday(day)) || p.dates.includes(formatDay(day));
}
