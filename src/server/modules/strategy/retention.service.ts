// Retention of the nightly run's per-case history (issue 9): every run writes one case_score, one case_allocation and
// up to a few scheduled_action rows per open case and date, so at a million accounts the three tables grow by some
// three million rows a night. The daily `strategy.prune` job deletes the dates older than CONCORD_NIGHTLY_KEEP_DAYS
// (default 760: the longest model-training lookback, 730 days, and a month more). The latest completed run's date is
// never deleted, however old: the next run carries treatments, holders and roll rates forward from it. The run's own
// row (nightly_run, with its report) stays: it is small and the runs page lists it.
import type { Kysely } from 'kysely';
import { addDays } from '../../../core/delinquency/index.js';
import type { DB } from '../../db/schema.js';

export const HISTORY_TABLES = ['case_score', 'case_allocation', 'scheduled_action'] as const;
/** Rows deleted per statement (by date, then case id), so no statement holds many locks or runs long. */
const CHUNK = 5000;

export type PruneResult = { cutoff: string; kept: string | null; dates: string[]; deleted: Record<(typeof HISTORY_TABLES)[number], number> };

/** Deletes the per-case history of the dates before `today − keepDays` (except the latest completed run's date). */
export async function pruneNightlyHistory(db: Kysely<DB>, today: string, keepDays: number): Promise<PruneResult> {
  const cutoff = addDays(today, -keepDays);
  const latest = await db.selectFrom('nightly_run').select('as_of').where('status', '=', 'completed').orderBy('as_of', 'desc').executeTakeFirst();
  const kept = latest?.as_of ?? null;
  const deleted = { case_score: 0, case_allocation: 0, scheduled_action: 0 };
  const dates = new Set<string>();
  for (const table of HISTORY_TABLES) {
    const old = (await db.selectFrom(table).select('as_of').distinct().where('as_of', '<', cutoff).orderBy('as_of').execute())
      .map((r) => r.as_of).filter((d) => d !== kept);
    for (const asOf of old) {
      dates.add(asOf);
      for (;;) {
        const ids = (await db.selectFrom(table).select('case_id').distinct().where('as_of', '=', asOf).orderBy('case_id').limit(CHUNK).execute()).map((r) => r.case_id);
        if (ids.length === 0) break;
        const r = await db.deleteFrom(table).where('as_of', '=', asOf).where('case_id', 'in', ids).executeTakeFirst();
        deleted[table] += Number(r.numDeletedRows);
      }
    }
  }
  return { cutoff, kept, dates: [...dates].sort(), deleted };
}
