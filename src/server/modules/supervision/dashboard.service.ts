// The dashboards' figures for a scope (one team or the whole book) and a period of agency days (default: the 30 days
// ending today). Money is reported in the scope's main currency (the largest open balance); other currencies are
// listed apart, never summed. Payments and books are attributed by the case's *current* team and collector.
import type { Kysely } from 'kysely';
import type { Dashboard, DashboardQuery } from '../../../contracts/dashboard.js';
import { addDays } from '../../../core/delinquency/index.js';
import type { DB } from '../../db/schema.js';
import { calendarDate, dayStartIso } from '../../platform/clock.js';
import { AppError, defineErrors } from '../../platform/errors.js';
import { AGENCY_TIME_ZONE } from '../staff/index.js';
import { rightPartyResults } from '../../../core/compliance/types.js';
import { dashboardRepository } from './dashboard.repository.js';

export const DashboardErrors = defineErrors({
  'dashboard.bad_period': { kind: 'validation', zh: '统计区间无效：{detail}', en: 'Invalid period: {detail}' },
});

/** The longest period one request may cover. */
export const MAX_PERIOD_DAYS = 366;
const RPC: ReadonlySet<string> = new Set(rightPartyResults);
const ARM_ORDER = ['champion', 'challenger', 'none'];
const ratio = (a: number, b: number): number | null => (b > 0 ? a / b : null);

function period(now: Date, q: DashboardQuery) {
  const to = q.to ?? calendarDate(now, AGENCY_TIME_ZONE);
  const from = q.from ?? addDays(to, -29);
  const bad = (detail: string, field: string) =>
    new AppError(DashboardErrors['dashboard.bad_period'], { detail, issues: [{ path: field, message: `统计区间无效：${detail}`, messageEn: `Invalid period: ${detail}` }] });
  if (from > to) throw bad(`from ${from} > to ${to}`, 'from');
  if (addDays(from, MAX_PERIOD_DAYS - 1) < to) throw bad(`more than ${MAX_PERIOD_DAYS} days`, 'from');
  return { from, to, fromIso: dayStartIso(AGENCY_TIME_ZONE, from), toIso: dayStartIso(AGENCY_TIME_ZONE, to, 1) };
}

/** Ten 10-point bins (the last one holds 90–100). */
function histogram(counts: Array<{ score: number; n: number }>): number[] {
  const bins = Array.from({ length: 10 }, () => 0);
  for (const c of counts) bins[Math.min(9, Math.max(0, Math.floor(c.score / 10)))]! += c.n;
  return bins;
}

export async function buildDashboard(
  db: Kysely<DB>,
  now: Date,
  team: { id: string; name: string } | null,
  teams: Array<{ id: string; name: string }>,
  q: DashboardQuery,
): Promise<Dashboard> {
  const repo = dashboardRepository(db);
  const p = period(now, q);
  const teamId = team?.id ?? null;
  const [balances, collected, promises, contacts, collectors, runs] = await Promise.all([
    repo.openBalance(teamId),
    repo.collectedByDay(teamId, p),
    repo.promises(teamId, p),
    repo.contactsByChannel(teamId, p),
    repo.collectors(teamId),
    repo.runs(30),
  ]);
  const currency = balances[0]?.currency ?? collected[0]?.currency ?? 'CNY';

  // Recovery: a point for every day of the period, so a day without payments shows as zero.
  const byDay = new Map<string, { minor: number; payments: number }>();
  for (let d = p.from; d <= p.to; d = addDays(d, 1)) byDay.set(d, { minor: 0, payments: 0 });
  const otherCollected = new Map<string, number>();
  for (const r of collected) {
    if (r.currency === currency) {
      const x = byDay.get(r.day)!;
      x.minor += r.minor;
      x.payments += r.n;
    } else otherCollected.set(r.currency, (otherCollected.get(r.currency) ?? 0) + r.minor);
  }
  const collectedMinor = [...byDay.values()].reduce((s, x) => s + x.minor, 0);
  const openBalanceMinor = balances.find((b) => b.currency === currency)?.minor ?? 0;
  const others = new Set([...otherCollected.keys(), ...balances.map((b) => b.currency).filter((c) => c !== currency)]);

  const due = { kept: promises.due.get('kept') ?? 0, partially_kept: promises.due.get('partially_kept') ?? 0, broken: promises.due.get('broken') ?? 0, pending: promises.due.get('pending') ?? 0 };

  const channels = new Map<string, { channel: string; attempts: number; rightParty: number; blocked: number }>();
  for (const r of contacts) {
    const c = channels.get(r.channel) ?? { channel: r.channel, attempts: 0, rightParty: 0, blocked: 0 };
    if (r.status === 'blocked') c.blocked += r.n;
    else if (r.status === 'completed') {
      c.attempts += r.n;
      if (r.result && RPC.has(r.result)) c.rightParty += r.n;
    }
    channels.set(r.channel, c);
  }
  const byChannel = [...channels.values()].sort((a, b) => a.channel.localeCompare(b.channel));
  const attempts = byChannel.reduce((s, c) => s + c.attempts, 0);
  const rightParty = byChannel.reduce((s, c) => s + c.rightParty, 0);

  const ids = collectors.map((c) => c.id);
  const [book, contactsBy, promisesBy] = await Promise.all([repo.perCollectorBook(ids, currency, p), repo.perCollectorContacts(ids, p), repo.perCollectorPromises(ids, p)]);

  // Roll rates and scores between the two latest completed runs (the latest at or before the period's end).
  const upTo = runs.filter((r) => r.as_of <= p.to);
  const [last, prev] = upTo;
  const cells = last && prev ? await repo.rollRates(teamId, prev.as_of, last.as_of) : [];
  const fromTotals = new Map<string, number>();
  for (const c of cells) fromTotals.set(c.from, (fromTotals.get(c.from) ?? 0) + c.n);
  const [scoreNow, scorePrev, arms] = await Promise.all([
    last ? repo.scoreCounts(teamId, last.as_of) : [],
    prev ? repo.scoreCounts(teamId, prev.as_of) : [],
    last ? repo.arms(teamId, last.as_of, p) : [],
  ]);

  return {
    scope: { teamId, teamName: team?.name ?? null, from: p.from, to: p.to, currency },
    teams,
    recovery: {
      daily: [...byDay].map(([day, x]) => ({ day, ...x })),
      collectedMinor,
      openBalanceMinor,
      rate: ratio(collectedMinor, collectedMinor + openBalanceMinor),
      otherCurrencies: [...others].sort().map((c) => ({ collected: { currency: c, minor: otherCollected.get(c) ?? 0 }, open: { currency: c, minor: balances.find((b) => b.currency === c)?.minor ?? 0 } })),
    },
    rollRates: {
      fromAsOf: prev?.as_of ?? null,
      toAsOf: last?.as_of ?? null,
      cells: cells.map((c) => ({ from: c.from, to: c.to, count: c.n, share: c.n / fromTotals.get(c.from)! })).sort((a, b) => a.from.localeCompare(b.from) || a.to.localeCompare(b.to)),
    },
    promises: { made: promises.made, due, keptRate: ratio(due.kept, due.kept + due.partially_kept + due.broken) },
    contacts: { byChannel, attempts, rightParty, rate: ratio(rightParty, attempts) },
    collectors: collectors.map((c) => ({
      userId: c.id,
      displayName: c.display_name,
      role: c.role,
      teamName: c.team_name ?? null,
      openCases: book.book.get(c.id)?.n ?? 0,
      balanceMinor: book.book.get(c.id)?.minor ?? 0,
      collectedMinor: book.collected.get(c.id) ?? 0,
      attempts: contactsBy.get(c.id)?.attempts ?? 0,
      rightPartyContacts: contactsBy.get(c.id)?.rpc ?? 0,
      promisesMade: promisesBy.made.get(c.id) ?? 0,
      promisesDue: promisesBy.due.get(c.id)?.due ?? 0,
      promisesKept: promisesBy.due.get(c.id)?.kept ?? 0,
    })),
    scores: {
      asOf: last?.as_of ?? null,
      histogram: histogram(scoreNow),
      previousHistogram: histogram(scorePrev),
      drift: runs.slice().reverse().map((r) => ({ asOf: r.as_of, psi: r.report_json?.psi ?? null, meanScore: r.report_json?.meanScore ?? null })),
    },
    arms: arms.map((a) => ({ ...a, arm: a.arm as 'champion' | 'challenger' | 'none' })).sort((a, b) => ARM_ORDER.indexOf(a.arm) - ARM_ORDER.indexOf(b.arm)),
  };
}
