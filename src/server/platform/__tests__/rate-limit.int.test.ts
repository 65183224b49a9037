// The database rate limiter (fixed windows shared by every process) on both databases: counts within a window, a
// stale window restarts, and a window that starts in the future — the clock went back — restarts too instead of
// refusing everyone until the clock catches up.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDb, testDatabases, type TestDb } from '../../../../test/db.js';
import { fakeClock } from '../clock.js';
import { hitRateLimit } from '../rate-limit.js';

describe.each(testDatabases())('rate limit on %s', (kind) => {
  let t: TestDb;
  beforeAll(async () => {
    t = await createTestDb(kind);
  });
  afterAll(() => t.drop());

  it('counts within the window, refuses beyond the limit, restarts after it', async () => {
    const clock = fakeClock('2026-11-28T02:00:00.000Z');
    const hit = () => hitRateLimit(t.db, clock, 'k1', 3, 60_000);
    expect((await hit()).allowed).toBe(true);
    await hit();
    expect(await hit()).toMatchObject({ allowed: true, count: 3 });
    clock.advance(20_000);
    expect(await hit()).toMatchObject({ allowed: false, count: 4, retryAfterSeconds: 40 });
    clock.advance(41_000);
    expect(await hit()).toMatchObject({ allowed: true, count: 1 });
  });

  it('a window that starts in the future (the clock went back a day) restarts at once', async () => {
    const clock = fakeClock('2026-11-29T02:00:00.000Z');
    const hit = () => hitRateLimit(t.db, clock, 'k2', 2, 60_000);
    await hit();
    await hit();
    expect((await hit()).allowed).toBe(false);
    clock.set('2026-11-28T02:00:00.000Z');
    expect(await hit()).toMatchObject({ allowed: true, count: 1 });
  });
});
