// npm run bench:policy — compliance-engine throughput on one core: decisions per second for scenarios with
// 50-entry contact histories under the default Chinese pack set (`cn-default`), against, in the same run, a bare
// pass over the same histories (Date.parse of every entry's `at`: the floor cost of merely reading them).
//
//   npm run bench:policy -- --scenarios=2000 --seconds=3 [--json]
//
// Scenarios are generated deterministically (seeded PRNG) as plain JSON-like objects with ISO string instants,
// exactly as POST /api/compliance/check receives them; they are checked once against the public scenario schema
// (not timed). Parsing the instants is part of a decision's cost.
import os from 'node:os';
import { performance } from 'node:perf_hooks';
import { scenarioSchema } from '../src/contracts/compliance.js';
import { createEngine } from '../src/core/compliance/engine.js';
import type {
  ContactResult, Decision, HistoryEntry, Scenario, ScenarioAction, ScenarioEvent,
} from '../src/core/compliance/types.js';
import { loadPacks } from '../src/server/modules/compliance/packs.loader.js';

const arg = (name: string) => process.argv.find((a) => a.startsWith(`--${name}=`))?.slice(name.length + 3);
const N = Number(arg('scenarios') ?? 2000);
const SECONDS = Number(arg('seconds') ?? 3);
const JSON_ONLY = process.argv.includes('--json');
const ROUNDS = 3;
const HISTORY = 50;
const GOAL = 50_000;
const PACKS = ['cn-default'];
if (!Number.isInteger(N) || N < 1 || !(SECONDS > 0)) throw new Error('usage: --scenarios=N (integer ≥ 1) --seconds=S (> 0) [--json]');

const log = (...a: unknown[]) => { if (!JSON_ONLY) console.log(...a); };

// ---------- deterministic scenario generation ----------

/** mulberry32: small, fast, seeded. */
function prng(seed: number) {
  let a = seed >>> 0;
  const next = () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const int = (lo: number, hi: number) => lo + Math.floor(next() * (hi - lo + 1));
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(next() * xs.length)] as T;
  /** Weighted choice: [[value, weight], …]. */
  const weighted = <T>(xs: readonly (readonly [T, number])[]): T => {
    let r = next() * xs.reduce((s, [, w]) => s + w, 0);
    for (const [v, w] of xs) {
      r -= w;
      if (r < 0) return v;
    }
    return (xs[xs.length - 1] as readonly [T, number])[0];
  };
  return { next, int, pick, weighted, chance: (p: number) => next() < p };
}

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;
const CN_OFFSET = 8 * HOUR;
/** 2026-03-01T00:00:00+08:00: scenario instants fall in March 2026 (Shanghai local). */
const MONTH_START = Date.UTC(2026, 2, 1) - CN_OFFSET;

const pad = (n: number, w = 2) => String(n).padStart(w, '0');
/** `+08:00` form (what a Chinese client writes) or `Z` with milliseconds (what `toISOString()` writes). */
function iso(ms: number, style: 'cn' | 'z'): string {
  if (style === 'z') return new Date(ms).toISOString();
  const d = new Date(ms + CN_OFFSET);
  return `${d.getUTCFullYear()}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())}T${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}:${pad(d.getUTCSeconds())}+08:00`;
}
const localMidnight = (ms: number) => Math.floor((ms + CN_OFFSET) / DAY) * DAY - CN_OFFSET;

const AGENCIES = ['agency-anhe', 'agency-chengxin', 'agency-hengtong', 'agency-huaxia'];
const INSTITUTIONS: Record<string, string> = {
  'agency-anhe': '安和资产', 'agency-chengxin': '诚信达资产', 'agency-hengtong': '恒通信息', 'agency-huaxia': '华夏商务咨询',
};
const SURNAMES = ['张', '王', '李', '赵', '刘', '陈', '杨', '黄', '周', '吴'];
const LENDERS = ['某银行信用卡中心', '某消费金融公司', '某小额贷款公司', '某网络借贷平台'];
const CALL_RESULTS: (readonly [ContactResult, number])[] = [
  ['conversation', 18], ['no_answer', 40], ['busy', 12], ['switched_off', 12], ['voicemail', 11], ['not_in_service', 7],
];

function smsContent(r: ReturnType<typeof prng>, institution: string, threat: boolean): string {
  const who = `${r.pick(SURNAMES)}${r.pick(['先生', '女士'])}`;
  if (threat) {
    return r.pick([
      `【${institution}】${who}，你再不还钱，我们就上门抓你。回复TD退订`,
      `【${institution}】我是人民法院的，${who}你的案子已经立案了，今天不还款后果自负。回复TD退订`,
      `【${institution}】${who}，再不处理就把你的欠款情况通知你的单位和家人。回复TD退订`,
    ]);
  }
  const days = r.int(3, 180);
  const amount = r.int(5, 900) * 100;
  return r.pick([
    `【${institution}】${who}您好，您在${r.pick(LENDERS)}的借款已逾期${days}天，欠款金额${amount}元，请尽快还款，如有困难可回电协商分期方案。回复TD退订`,
    `【${institution}】尊敬的客户，您尾号${pad(r.int(0, 9999), 4)}的账户已逾期${days}天，请于3日内处理。我们不会联系您的家人，如有疑问请致电客服。回复TD退订`,
    `【${institution}】${who}您好，您的还款计划本期应还${amount}元，请按时还款以免影响个人信用记录。回复TD退订`,
    `【${institution}】${who}您好，我们不会上门打扰您，请方便时回电协商还款。回复TD退订`,
  ]);
}

function makeScenario(seed: number): Scenario {
  const r = prng(seed);
  const style = r.chance(0.7) ? 'cn' : 'z';
  // The decision instant: any day of the month; mostly working hours, some night hours (22:00–08:00 local).
  const day = r.int(0, 30);
  const night = r.chance(0.15);
  const tod = night ? (22 * HOUR + r.int(0, 10 * HOUR / MINUTE - 1) * MINUTE) % DAY : 8 * HOUR + r.int(0, 14 * 60 - 1) * MINUTE;
  const t = MONTH_START + day * DAY + tod + r.int(0, 59) * 1000;
  const twoDebts = r.chance(0.3);
  const debtIds = twoDebts ? ['d1', 'd2'] : ['d1'];
  const agencies = [...AGENCIES].sort(() => r.next() - 0.5).slice(0, r.int(2, 3));
  const someDebts = () => (twoDebts ? r.weighted([[['d1'], 45], [['d2'], 35], [['d1', 'd2'], 20]] as const).slice() : ['d1']);

  // 50 entries over the 10 days before t, daytime, a little heavier on the decision day.
  const history: HistoryEntry[] = [];
  const midnight = localMidnight(t);
  for (let i = 0; i < HISTORY; i++) {
    const back = r.chance(0.12) ? 0 : r.int(1, 9);
    let at = midnight - back * DAY + 8 * HOUR + r.int(0, 14 * 60 - 1) * MINUTE + r.int(0, 59) * 1000;
    if (at >= t) at = t - r.int(1, 12 * 60) * MINUTE - r.int(0, 59) * 1000;
    const toContact = r.chance(0.05);
    const channel = r.chance(0.9) ? 'call' : 'sms';
    const inbound = channel === 'call' && r.chance(0.08);
    history.push({
      at: iso(at, style),
      channel,
      direction: inbound ? 'inbound' : 'outbound',
      partyId: toContact ? 'c1' : 'p1',
      contactPoint: toContact ? 'c1-mobile' : r.chance(0.65) ? 'm1' : 'm2',
      debtIds: someDebts(),
      collectorId: r.pick(agencies),
      result: channel === 'sms' ? (r.chance(0.95) ? 'delivered' : 'failed') : inbound ? 'conversation' : r.weighted(CALL_RESULTS),
    });
  }
  history.sort((a, b) => Date.parse(a.at) - Date.parse(b.at));

  // A few events in some scenarios.
  const events: ScenarioEvent[] = [];
  if (r.chance(0.2)) {
    for (let k = r.int(1, 3); k > 0; k--) {
      const evAt = t - r.int(1, 20 * 24 * 60) * MINUTE;
      const type = r.weighted([['consent', 35], ['inconvenient_time', 25], ['medium_opt_out', 20], ['dispute', 10], ['plan_signed', 10]] as const);
      if (type === 'consent') {
        // Agreement to be called in the evening around the decision day (sometimes covering t at night).
        const from = midnight + (r.chance(0.5) ? 21 : 22) * HOUR;
        events.push({ at: iso(Math.min(evAt, from - HOUR), style), type, partyId: 'p1', channel: 'call', from: iso(from - (r.chance(0.5) ? DAY : 0), style), until: iso(from + 2 * HOUR, style) });
      } else if (type === 'inconvenient_time') {
        events.push({ at: iso(evAt, style), type, partyId: 'p1', from: r.pick(['12:00', '18:00', '09:00']), until: r.pick(['13:30', '20:00', '10:30']) });
      } else if (type === 'medium_opt_out') {
        events.push({ at: iso(evAt, style), type, partyId: 'p1', channel: 'sms' });
      } else {
        const debts = twoDebts ? [r.pick(debtIds)] : ['d1'];
        events.push({ at: iso(evAt, style), type, partyId: 'p1', debtIds: debts });
        // Half of the plans were breached since (lifting the hold).
        if (type === 'plan_signed' && r.chance(0.5)) events.push({ at: iso(evAt + r.int(1, Math.max(1, Math.floor((t - evAt) / MINUTE) - 1)) * MINUTE, style), type: 'plan_breached', partyId: 'p1', debtIds: debts });
      }
    }
    events.sort((a, b) => Date.parse(a.at) - Date.parse(b.at));
  }

  // The action: mostly calls, then SMS, a few field visits; rarely to the emergency contact.
  const channel = r.weighted([['call', 75], ['sms', 18], ['visit', 7]] as const);
  const toContact = channel !== 'visit' && r.chance(0.04);
  const collectorId = r.pick(agencies);
  const action: ScenarioAction = {
    channel,
    partyId: toContact ? 'c1' : 'p1',
    contactPoint: channel === 'visit' ? 'addr-1' : toContact ? 'c1-mobile' : r.chance(0.65) ? 'm1' : 'm2',
    debtIds: twoDebts && r.chance(0.5) ? ['d1', 'd2'] : [r.pick(debtIds)],
    collectorId,
    agentIds: channel === 'visit' ? (r.chance(0.85) ? ['u1', 'u2'] : ['u1']) : [r.pick(['u1', 'u3'])],
  };
  if (channel !== 'sms') action.recording = channel === 'call' || r.chance(0.9);
  if (channel === 'sms') {
    const institution = INSTITUTIONS[collectorId] ?? '某某资产';
    action.content = smsContent(r, institution, r.chance(0.1));
    if (r.chance(0.5)) action.institution = institution;
  }

  return {
    packs: [...PACKS],
    at: iso(t, style),
    action,
    parties: [
      { id: 'p1', role: 'debtor', timeZones: ['Asia/Shanghai'] },
      { id: 'c1', role: 'emergency_contact', timeZones: ['Asia/Shanghai'] },
    ],
    debts: debtIds.map((id, i) => ({ id, accountNumber: `LN-${seed}-${i + 1}`, lender: 'licensed' as const })),
    agents: [
      { id: 'u1', certificates: [{ kind: 'field_visit', validUntil: '2027-06-30' }, { kind: 'collector', validUntil: '2027-06-30' }], lastTrainingOn: '2025-11-15' },
      { id: 'u2', certificates: [{ kind: 'field_visit', validUntil: '2027-06-30' }], lastTrainingOn: '2026-01-10' },
      { id: 'u3', certificates: [{ kind: 'collector', validUntil: '2026-12-31' }], lastTrainingOn: '2025-09-01' },
    ],
    history,
    events,
  };
}

const scenarios: Scenario[] = [];
const seen = new Set<string>();
for (let seed = 1; scenarios.length < N; seed++) {
  const s = makeScenario(seed);
  const key = JSON.stringify(s);
  if (seen.has(key)) continue;
  seen.add(key);
  const v = scenarioSchema.safeParse(s);
  if (!v.success) throw new Error(`generated scenario ${seed} is invalid: ${JSON.stringify(v.error.issues[0])}`);
  scenarios.push(s);
}
seen.clear();

// ---------- the two workloads ----------

const { packs, sets } = loadPacks();
const engine = createEngine(packs, sets);
let sink = 0;

function enginePass(list: Scenario[]): void {
  for (const s of list) {
    const d = engine.decide(s);
    sink += d.reasons.length + (d.nextAllowedAt === null ? 0 : 1);
  }
}

/** One loop over each history, parsing every `at`: the floor cost of reading the histories at all. */
function barePass(list: Scenario[]): void {
  for (const s of list) {
    let acc = 0;
    for (const h of s.history ?? []) acc += Date.parse(h.at) % 1000;
    sink += acc;
  }
}

/**
 * Whole passes over the list until `seconds` of wall time have elapsed: items per second, and the process's CPU
 * time as a share of the wall time (well under 100 % means the machine was busy and the round is pessimistic).
 */
function measure(pass: (list: Scenario[]) => void, list: Scenario[], seconds: number): { rate: number; cpuRate: number; cpuPct: number } {
  let items = 0;
  const cpu0 = process.cpuUsage();
  const t0 = performance.now();
  let elapsed = 0;
  do {
    pass(list);
    items += list.length;
    elapsed = performance.now() - t0;
  } while (elapsed < seconds * 1000);
  const cpu = process.cpuUsage(cpu0);
  const cpuMs = (cpu.user + cpu.system) / 1000;
  return { rate: (items / elapsed) * 1000, cpuRate: (items / cpuMs) * 1000, cpuPct: (cpuMs / elapsed) * 100 };
}

const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)] as number;
};

// ---------- run ----------

const cpu = os.cpus()[0]?.model ?? 'unknown';
log(`cpu: ${cpu} (${os.cpus().length} cores visible; single thread), node ${process.version}`);
log(`${N} scenarios, packs ${JSON.stringify(PACKS)}, ${HISTORY}-entry histories; ${ROUNDS} alternating rounds of ${SECONDS}s each`);

// Outcome mix (one untimed pass) and the classes for the per-decision split.
const outcomes = { allow: 0, warn: 0, block: 0, blockedWithNext: 0, blockedNoNext: 0 };
const byContent: { none: Scenario[]; content: Scenario[] } = { none: [], content: [] };
const byOutcome: { open: Scenario[]; blocked: Scenario[] } = { open: [], blocked: [] };
const decisions: Decision[] = [];
for (const s of scenarios) {
  const d = engine.decide(s);
  decisions.push(d);
  outcomes[d.outcome]++;
  if (d.outcome === 'block') {
    if (d.nextAllowedAt === null) outcomes.blockedNoNext++;
    else outcomes.blockedWithNext++;
    byOutcome.blocked.push(s);
  } else byOutcome.open.push(s);
  (s.action.content ? byContent.content : byContent.none).push(s);
}
const firedRules = new Map<string, number>();
for (const d of decisions) for (const r of d.reasons) firedRules.set(`${r.ruleId}:${r.outcome}`, (firedRules.get(`${r.ruleId}:${r.outcome}`) ?? 0) + 1);
const channelsMix = scenarios.reduce<Record<string, number>>((m, s) => ({ ...m, [s.action.channel]: (m[s.action.channel] ?? 0) + 1 }), {});
log(`actions: ${JSON.stringify(channelsMix)}; with content ${byContent.content.length}; with events ${scenarios.filter((s) => (s.events ?? []).length > 0).length}`);
log(`outcomes: allow ${outcomes.allow}, warn ${outcomes.warn}, block ${outcomes.block} (nextAllowedAt set ${outcomes.blockedWithNext}, null ${outcomes.blockedNoNext})`);
log(`rules fired: ${[...firedRules].sort((a, b) => b[1] - a[1]).map(([k, v]) => `${k} ${v}`).join(', ')}`);

// Warm-up: at least 2 passes of each, and at least 1 s each (small --scenarios would not reach the optimising tier).
for (const pass of [enginePass, barePass]) {
  const t0 = performance.now();
  for (let i = 0; i < 2 || performance.now() - t0 < 1000; i++) pass(scenarios);
}

const engineRounds: number[] = [];
const bareRounds: number[] = [];
const engineCpuRounds: number[] = [];
const bareCpuRounds: number[] = [];
const cpuPcts: number[] = [];
const fmtRate = (x: number) => Math.round(x).toLocaleString('en-US');
for (let i = 0; i < ROUNDS; i++) {
  const e = measure(enginePass, scenarios, SECONDS);
  const b = measure(barePass, scenarios, SECONDS);
  engineRounds.push(e.rate);
  bareRounds.push(b.rate);
  engineCpuRounds.push(e.cpuRate);
  bareCpuRounds.push(b.cpuRate);
  cpuPcts.push(e.cpuPct, b.cpuPct);
  log(`round ${i + 1}: engine ${fmtRate(e.rate)} decisions/s (cpu ${e.cpuPct.toFixed(0)} % of wall), bare ${fmtRate(b.rate)} passes/s (cpu ${b.cpuPct.toFixed(0)} %)`);
}
const engineRate = median(engineRounds);
const bareRate = median(bareRounds);
const ratio = (engineRate / bareRate) * 100;
const engineCpuRate = median(engineCpuRounds);
const bareCpuRate = median(bareCpuRounds);

// Per-decision split (µs per decide()): each class in shorter slices, alternating, median of ROUNDS.
const splitSeconds = Math.max(0.2, SECONDS / 6);
const classes: Record<string, Scenario[]> = {
  noContent: byContent.none,
  withContent: byContent.content,
  // Paired: the same SMS scenarios with the text removed, so the difference is the content checker alone.
  withContentStripped: byContent.content.map((s) => ({ ...s, action: { ...s.action, content: undefined } })),
  notBlocked: byOutcome.open,
  blocked: byOutcome.blocked,
};
const slices: Record<string, number[]> = {};
for (let i = 0; i < ROUNDS; i++) {
  for (const [k, list] of Object.entries(classes)) if (list.length > 0) (slices[k] ??= []).push(1e6 / measure(enginePass, list, splitSeconds).rate);
}
const us = (k: string) => (slices[k] ? median(slices[k]) : null);
const split = {
  all: 1e6 / engineRate,
  noContent: us('noContent'),
  withContent: us('withContent'),
  withContentStripped: us('withContentStripped'),
  notBlocked: us('notBlocked'),
  blocked: us('blocked'),
  bareHistoryPass: 1e6 / bareRate,
};
const fmt = (x: number | null) => (x === null ? 'n/a' : `${x.toFixed(1)} µs`);

log('');
log(`engine:   ${fmtRate(engineRate)} decisions/s (median of ${ROUNDS}; goal ≥ ${GOAL.toLocaleString('en-US')}: ${engineRate >= GOAL ? 'met' : 'NOT met'})`);
log(`baseline: ${fmtRate(bareRate)} bare history passes/s (median of ${ROUNDS})`);
log(`ratio:    ${ratio.toFixed(1)} % (engine ÷ baseline)${Math.min(...cpuPcts) < 90 ? `; the machine was busy (process CPU down to ${Math.min(...cpuPcts).toFixed(0)} % of wall in a round): absolute rates are pessimistic` : ''}`);
log(`per CPU second (process CPU time, incl. GC threads; steadier on a busy machine): engine ${fmtRate(engineCpuRate)} decisions/s, baseline ${fmtRate(bareCpuRate)} passes/s, ratio ${((engineCpuRate / bareCpuRate) * 100).toFixed(1)} %`);
log(`per decision: all ${fmt(split.all)}; no content ${fmt(split.noContent)} (${byContent.none.length}), with content ${fmt(split.withContent)} (${byContent.content.length}; `
  + `the same with the text removed ${fmt(split.withContentStripped)}); allow/warn ${fmt(split.notBlocked)} (${byOutcome.open.length}), block ${fmt(split.blocked)} (${byOutcome.blocked.length}); bare history pass ${fmt(split.bareHistoryPass)}`);

console.log(JSON.stringify({
  bench: 'policy',
  cpu, cores: os.cpus().length, node: process.version,
  scenarios: N, historyLength: HISTORY, packs: PACKS, seconds: SECONDS, rounds: ROUNDS,
  engine: { decisionsPerSec: Math.round(engineRate), rounds: engineRounds.map(Math.round), perCpuSecond: Math.round(engineCpuRate) },
  baseline: { passesPerSec: Math.round(bareRate), rounds: bareRounds.map(Math.round), perCpuSecond: Math.round(bareCpuRate) },
  ratioPct: Number(ratio.toFixed(2)),
  minCpuPctOfWall: Math.round(Math.min(...cpuPcts)),
  goal: GOAL, goalMet: engineRate >= GOAL,
  outcomes,
  usPerDecision: Object.fromEntries(Object.entries(split).map(([k, v]) => [k, v === null ? null : Number(v.toFixed(2))])),
  classes: { noContent: byContent.none.length, withContent: byContent.content.length, notBlocked: byOutcome.open.length, blocked: byOutcome.blocked.length },
  sink: sink % 1000,
}));
