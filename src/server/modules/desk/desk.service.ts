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

/** The agency's day (Asia/Shanghai, UTC+8 all year): its date and its first instant as an ISO string. */
export function agencyDay(now: Date): { today: string; startIso: string } {
  const today = calendarDate(now, AGENCY_TIME_ZONE);
  return { today, startIso: dayStartIso(today, 0) };
}

export function createDeskService(ctx: AppContext, deps: { cases: CaseService; compliance: ComplianceService }) {
  const repo = queueRepository(ctx.db);
  const outcome = createOutcomeService(ctx, deps);

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

    const [total, dueCases] = await Promise.all([repo.countIn(scope, filter), repo.countIn(scope, filter, repo.dueExists(today))]);
    // The page is cut from the promises-due part first, then from the rest.
    const keys: { id: string }[] = [];
    if (offset < dueCases) keys.push(...(await repo.part(true, scope, filter, today, offset, limit)));
    if (keys.length < limit) keys.push(...(await repo.part(false, scope, filter, today, Math.max(0, offset - dueCases), limit - keys.length)));
    const ids = keys.map((k) => k.id);

    const tomorrowStart = dayStartIso(today, 1);
    const nextDueToday = (eb: Parameters<ReturnType<typeof repo.dueExists>>[0]) =>
      eb.or([repo.dueExists(today)(eb), eb.and([eb('collection_case.next_action_at', 'is not', null), eb('collection_case.next_action_at', '<', tomorrowStart)])]);
    const rows = await repo.rows(ids);
    const [phones, promises, callbacks, scores, dueToday, promisesDueToday, contactedToday] = await Promise.all([
      repo.phones(rows.map((x) => x.debtor_id)),
      repo.duePromises(ids, today),
      repo.dueCallbacks(ids, today),
      repo.scores(ids),
      repo.countIn(scope, filter, nextDueToday),
      repo.promisesDue(scope, today),
      repo.contactedSince(scope, startIso),
    ]);
    const byId = new Map(rows.map((r) => [r.id, r]));
    const phoneOf = new Map<string, string>();
    for (const ph of [...phones].sort((a, b) => Number(b.kind === 'mobile') - Number(a.kind === 'mobile'))) if (!phoneOf.has(ph.debtor_id)) phoneOf.set(ph.debtor_id, ph.number_masked);
    const promiseOf = new Map<string, string>();
    for (const pr of promises) if (!promiseOf.has(pr.case_id)) promiseOf.set(pr.case_id, pr.due_date);
    const callbackOf = new Map<string, string>();
    for (const cb of callbacks) if (!callbackOf.has(cb.case_id)) callbackOf.set(cb.case_id, cb.due_at);
    const scoreOf = new Map<string, (typeof scores)[number]>();
    for (const s of scores) if (!scoreOf.has(s.case_id)) scoreOf.set(s.case_id, s);

    const items: QueueItem[] = ids.flatMap((id) => {
      const r = byId.get(id);
      if (!r) return [];
      const s = scoreOf.get(id);
      const top = s ? [...(s.reasons_json ?? [])].sort((a, b) => Math.abs(b.points) - Math.abs(a.points))[0] : undefined;
      const due = promiseOf.get(id);
      const cbAt = callbackOf.get(id);
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
          phoneMasked: phoneOf.get(r.debtor_id) ?? null,
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
          nextAction: { kind: s?.next_action_kind ?? null, at: r.next_action_at },
          why,
        },
      ];
    });
    return { today, items, total, page: query.page, pageSize: query.pageSize, counts: { total, dueToday, promisesDueToday, contactedToday } };
  }

  return { queue, ...outcome, ...createTimelineService(ctx) };
}

export type DeskService = ReturnType<typeof createDeskService>;
