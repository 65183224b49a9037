// The work list is read as a union of index ranges (team's cases ∪ my cases); paging through it must
// give exactly the scope, in (dpd desc, id desc) order, with no row twice and none missing.
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { scopeOf } from '../../src/server/platform/access.js';
import { createTestApp, type TestApp } from '../app.js';
import { testDatabases } from '../db.js';
import { make } from '../factories.js';

describe.each(testDatabases())('case list paging on %s', (kind) => {
  let t: TestApp;
  let expected: { id: string; dpd: number }[] = [];
  let collector: Awaited<ReturnType<TestApp['userWith']>>;
  beforeAll(async () => {
    t = await createTestApp(kind);
    const db = t.rt.ctx.db;
    const cred = await make.creditor(db);
    const mine = await make.team(db);
    const other = await make.team(db);
    collector = await t.userWith('collector', { teamId: mine.id });
    const colleague = await t.userWith('collector', { teamId: mine.id });
    // Every combination of user and team, with colliding dpd values so the id tiebreak matters.
    const placements = [
      { u: collector.id, team: mine.id, visible: true },
      { u: collector.id, team: other.id, visible: true },
      { u: collector.id, team: null, visible: true },
      { u: colleague.id, team: mine.id, visible: true },
      { u: null, team: mine.id, visible: true },
      { u: colleague.id, team: other.id, visible: false },
      { u: null, team: null, visible: false },
    ];
    for (let i = 0; i < 63; i++) {
      const pl = placements[i % placements.length]!;
      const c = await make.debtorWithCase(db, t.rt.ctx.pii, t.clock, { creditorId: cred.id, assignedUserId: pl.u, assignedTeamId: pl.team, dpd: 1 + ((i * 7) % 9) });
      if (pl.visible) expected.push({ id: c.caseId, dpd: 1 + ((i * 7) % 9) });
    }
    expected = expected.sort((a, b) => b.dpd - a.dpd || (a.id < b.id ? 1 : -1));
  });
  afterAll(() => t.close());

  it('every page size walks the exact scope in order', async () => {
    await fc.assert(
      fc.asyncProperty(fc.integer({ min: 1, max: 25 }), async (pageSize) => {
        const seen: string[] = [];
        for (let page = 1; page <= Math.ceil(expected.length / pageSize) + 1; page++) {
          const body = (await collector.get(`/api/cases?page=${page}&pageSize=${pageSize}`)).json();
          expect(body.total).toBe(expected.length);
          seen.push(...body.items.map((i: { id: string }) => i.id));
        }
        expect(seen).toEqual(expected.map((e) => e.id));
      }),
      { numRuns: 12, seed: 3 },
    );
  });

  it('the count of the scope branches equals the scope', async () => {
    const p = { kind: 'user' as const, userId: collector.id, username: '', displayName: '', role: 'collector' as const, teamId: null, creditorId: null, sessionId: '', ip: null, requestId: null };
    const rows = await t.rt.ctx.db.selectFrom('app_user').select('team_id').where('id', '=', collector.id).executeTakeFirstOrThrow();
    const list = await t.rt.services.cases.list({ ...p, teamId: rows.team_id }, { page: 1, pageSize: 200 });
    expect(list.total).toBe(expected.length);
    expect(scopeOf({ ...p, teamId: rows.team_id })).toEqual({ kind: 'assigned', userId: collector.id, teamId: rows.team_id });
  });

  it('filters by bucket within the scope', async () => {
    const body = (await collector.get('/api/cases?bucket=M1&pageSize=200')).json();
    expect(body.items.length).toBe(expected.length); // dpd 1..9 are all M1
    const none = (await collector.get('/api/cases?bucket=M3&pageSize=200')).json();
    expect(none.total).toBe(0);
    expect(none.items).toEqual([]);
  });
});
