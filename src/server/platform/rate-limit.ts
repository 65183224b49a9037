// Fixed-window counters in the database, so every server process shares one limit.
import { sql, type Kysely } from 'kysely';
import type { DB } from '../db/schema.js';
import type { Clock } from './clock.js';

export type RateDecision = { allowed: boolean; count: number; retryAfterSeconds: number };

export async function hitRateLimit(db: Kysely<DB>, clock: Clock, key: string, limit: number, windowMs: number): Promise<RateDecision> {
  const now = clock.now();
  const nowIso = now.toISOString();
  const staleBefore = new Date(now.getTime() - windowMs).toISOString();
  // One statement: a stale window restarts at 1, a live one counts up. Works on SQLite ≥3.35 and PostgreSQL.
  // A window that starts after now (the clock went back: NTP, or a simulated clock moved back) is stale too —
  // otherwise it would count for as long as the clock had jumped.
  const row = await db
    .insertInto('rate_limit')
    .values({ key, window_start: nowIso, count: 1 })
    .onConflict((oc) =>
      oc.column('key').doUpdateSet({
        count: sql<number>`case when rate_limit.window_start < ${staleBefore} or rate_limit.window_start > ${nowIso} then 1 else rate_limit.count + 1 end`,
        window_start: sql<string>`case when rate_limit.window_start < ${staleBefore} or rate_limit.window_start > ${nowIso} then ${nowIso} else rate_limit.window_start end`,
      }),
    )
    .returning(['count', 'window_start'])
    .executeTakeFirstOrThrow();
  const windowEnds = new Date(row.window_start).getTime() + windowMs;
  return { allowed: row.count <= limit, count: row.count, retryAfterSeconds: Math.max(1, Math.ceil((windowEnds - now.getTime()) / 1000)) };
}
