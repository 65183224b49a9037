// The collector desk, first slice: My queue. Promises due today (or overdue and still pending) come first,
// together with callbacks due today (logged with a contact's outcome), then priority_score desc (nulls last),
// next_action_at, DPD desc.
import type { QueueItem, QueueQuery, QueueResponse, QueueWhy } from '../../../contracts/desk.js';
import type { AppContext } from '../../context.js';
import { requirePermission, scopeOf, type Principal } from '../../platform/access.js';
import type { CaseService } from '../cases/index.js';
import type { ComplianceService } from '../compliance/index.js';
import { createOutcomeService } from './outcome.service.js';
import { createTimelineService } from './timeline.service.js';
import { calendarDate } from '../../platform/clock.js';
import { AGENCY_TIME_ZONE } from '../staff/index.js';
import { dayStartIso, queueRepository, type QueueFilter } from './queue.repository.js';
import type { ExpressionBuilder } from 'kysely';
import type { DB } from '../../db/schema.js';
import type { DataScope } from '../../platform/access.js';

/** How long the queue's day figures (total, due today, promises, contacted) may be reused for one scope and filter. */
export const COUNTS_TTL_MS = 10_000;

/** The agency's day (Asia/Shanghai, UTC+8 all year): its date and its first instant as an ISO string. */
export function agencyDay(now: Date): { today: string; startIso: string } {
  const today = calendarDate(now, AGENCY_TIME_ZONE);
  return { today, startIso: dayStartIso(today, 0) };
}

export function createDeskService(ctx: AppContext, deps: { cases: CaseService; compliance: ComplianceService }) {
  const repo = queueRepository(ctx.db, ctx.dialect);
  const outcome = createOutcomeService(ctx, deps);

  // The day's figures above the queue. The page itself is always exact and read in order from the indexes; the
  // figures are counts over the whole scope (for a collector with 100,000 cases, an index-only count of 10–30 ms
  // per branch), so they are computed at most once per COUNTS_TTL_MS for a scope, filter and day, and dropped at
  // once when this process logs a contact. Counted on every request they would cost more than the page itself.
  type Counts = QueueResponse['counts'];
  // With the figures comes the number of due cases, which tells the due part how to read them. The last known
  // figures per key are kept as that hint while new ones are counted (the hint only picks the way, never the rows):
  // without it every request in the meantime would take the slower way and delay the count itself.
  type Cached = { at: number; counts: Promise<Counts & { dueCases: number }>; settled: boolean };
  const countsCache = new Map<string, Cached>();
  const lastKnown = new Map<string, Counts & { dueCases: number }>();
  const keyOf = (scope: DataScope, filter: QueueFilter, today: string) => JSON.stringify([scope, filter, today]);
  /** The figures for a key, and whether this call started counting them (a miss or an expired entry). */
  function dayCounts(scope: DataScope, filter: QueueFilter, today: string, startIso: string): { entry: Cached; started: boolean } {
    const key = keyOf(scope, filter, today);
    const now = ctx.clock.now().getTime();
    const hit = countsCache.get(key);
    if (hit && now - hit.at < COUNTS_TTL_MS) return { entry: hit, started: false };
    const tomorrowStart = dayStartIso(today, 1);
    const nextActionToday = (eb: ExpressionBuilder<DB, 'collection_case'>) =>
      eb.and([eb('collection_case.next_action_at', 'is not', null), eb('collection_case.next_action_at', '<', tomorrowStart)]);
    const counts = (async () => {
      const [total, nextToday, dueNotNext, dueCases, promisesDueToday, contactedToday] = await Promise.all([
        repo.countIn(scope, filter),
        repo.countIn(scope, filter, nextActionToday),
        // |due ∪ next action today| = |next action today| + |due without one| — the second read from the day's due set.
        repo.dueCount(scope, filter, today, nextActionToday),
        repo.dueCount(scope, filter, today),
        repo.promisesDue(scope, today),
        repo.contactedSince(scope, startIso),
      ]);
      return { total, dueToday: nextToday + dueNotNext, promisesDueToday, contactedToday, dueCases };
    })();
    if (countsCache.size > 10_000) countsCache.clear();
    const entry: Cached = { at: now, counts, settled: false };
    countsCache.set(key, entry);
    if (lastKnown.size > 10_000) lastKnown.clear();
    void counts.then(
      (c) => {
        entry.settled = true;
        lastKnown.set(key, c);
      },
      () => undefined,
    );
    // A failed count is not kept.
    counts.catch(() => countsCache.delete(key));
    return { entry, started: true };
  }

  async function searchFilter(q: string | undefined): Promise<Partial<QueueFilter>> {
    if (!q) return {};
    const digits = q.replace(/[\s-]/g, '');
    // A full number only: a partial one is never matched (there is no plain text to scan).
    if (/^\+?\d+$/.test(digits)) return { debtorIds: /^\+?\d{7,13}$/.test(digits) ? await repo.debtorIdsByPhoneHash(ctx.pii.lookupHash('phone', digits)) : [] };
    return { namePrefix: `${q.replace(/[%_\\]/g, '')}%` };
  }

  async function queue(p: Principal, query: QueueQuery): Promise<QueueResponse> {
    requirePermission(p, 'cases.read');
    const scope = scopeOf(p);
    const { today, startIso } = agencyDay(ctx.clock.now());
    const filter: QueueFilter = { bucket: query.bucket, creditorId: query.creditorId, status: query.status ?? 'open', language: query.language, ...(await searchFilter(query.q)) };
    const offset = (query.page - 1) * query.pageSize;
    const limit = query.pageSize;

    // The page is cut from the due part first (its first offset + limit cases), then from the rest.
    const dayFigures = dayCounts(scope, filter, today, startIso);
    // The first time for a key the figures are awaited: they choose how the due part is read.
    const last = lastKnown.get(keyOf(scope, filter, today));
    const known = last ?? (await dayFigures.entry.counts);
    // The request that starts a count (first, expired or dropped after a logged contact) waits for it; requests
    // that arrive while it is still running show the last known figures instead of all waiting behind it (under
    // load the count's statements queue behind every page's on the one connection: that wait was the seconds-long
    // p99). So figures are at most COUNTS_TTL_MS plus one count old; the rows are never cached.
    const countsP = dayFigures.started || dayFigures.entry.settled || !last ? dayFigures.entry.counts : Promise.resolve(last);
    const due = await repo.duePart(scope, filter, today, offset + limit, { total: known.total, due: known.dueCases });
    const keys: { id: string }[] = due.keys.slice(offset);
    if (keys.length < limit && due.all) keys.push(...(await repo.restPart(scope, filter, today, Math.max(0, offset - due.keys.length), limit - keys.length)));
    const ids = keys.map((k) => k.id);

    // One statement for the page's rows and their details (phone, due promise and callback, latest score).
    const [rows, counts] = await Promise.all([repo.page(ids, today), countsP]);
    const byId = new Map(rows.map((r) => [r.id, r]));

    const items: QueueItem[] = ids.flatMap((id) => {
      const r = byId.get(id);
      if (!r) return [];
      const top = r.reasons_json ? [...r.reasons_json].sort((a, b) => Math.abs(b.points) - Math.abs(a.points))[0] : undefined;
      const due = r.promise_due ?? undefined;
      const cbAt = r.callback_due ?? undefined;
      const why: QueueWhy = due
        ? { kind: 'promise_due', dueDate: due, overdue: due < today }
        : cbAt
          ? { kind: 'callback_due', at: cbAt }
          : r.priority_score !== null
          ? { kind: 'score', score: Math.round(r.priority_score) }
          : r.next_action_at
            ? { kind: 'next_action', at: r.next_action_at }
            : { kind: 'dpd', dpd: r.dpd };
      return [
        {
          caseId: r.id,
          debtorName: r.full_name,
          phoneMasked: r.phone_masked ?? null,
          creditorId: r.creditor_id,
          creditorName: r.creditor_name,
          status: r.status,
          bucket: r.bucket,
          dpd: r.dpd,
          totalDueMinor: r.total_due_minor,
          currency: r.currency,
          preferredLanguage: r.preferred_language ?? null,
          score: r.priority_score === null ? null : Math.round(r.priority_score),
          topReason: top ? { code: top.code, zh: top.zh, en: top.en } : null,
          nextAction: { kind: r.next_action_kind ?? null, at: r.next_action_at },
          why,
        },
      ];
    });
    const { dueCases: _dueCases, ...figures } = counts;
    return { today, items, total: counts.total, page: query.page, pageSize: query.pageSize, counts: figures };
  }

  return {
    queue,
    ...outcome,
    async logOutcome(...args: Parameters<typeof outcome.logOutcome>) {
      const r = await outcome.logOutcome(...args);
      countsCache.clear();
      return r;
    },
    ...createTimelineService(ctx),
  };
}

export type DeskService = ReturnType<typeof createDeskService>;
