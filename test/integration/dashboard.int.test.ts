// Dashboards (issue 9, part 6): recovery net of reversed payments, promises and contacts in the period, per collector,
// roll rates and score histograms between the two latest completed nightly runs — all within the caller's scope:
// a supervisor's team only, an admin one team or the whole book; collectors are refused; a bad period is named.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type Client, type TestApp } from '../app.js';
import { testDatabases } from '../db.js';
import { make, type DebtorWithCase } from '../factories.js';
import { newId } from '../../src/server/platform/ids.js';

describe.each(testDatabases())('dashboards on %s', (kind) => {
  let t: TestApp;
  let teamA: { id: string };
  let teamB: { id: string };
  let sup: Client & { id: string };
  let c1: Client & { id: string };
  let c2: Client & { id: string };
  let cB: Client & { id: string };
  let k1: DebtorWithCase;
  let k2: DebtorWithCase;
  let kB: DebtorWithCase;
  const now = '2026-03-10T04:00:00.000Z'; // 12:00 Shanghai, 2026-03-10

  beforeAll(async () => {
    t = await createTestApp(kind);
    t.clock.set(now);
    const db = t.rt.ctx.db;
    teamA = await make.team(db, { name: '甲组' });
    teamB = await make.team(db, { name: '乙组' });
    sup = await t.userWith('supervisor', { teamId: teamA.id });
    c1 = await t.userWith('collector', { teamId: teamA.id });
    c2 = await t.userWith('collector', { teamId: teamA.id });
    cB = await t.userWith('collector', { teamId: teamB.id });
    const cr = await make.creditor(db);
    k1 = await make.debtorWithCase(db, t.rt.ctx.pii, t.clock, { creditorId: cr.id, assignedUserId: c1.id, assignedTeamId: teamA.id, dpd: 20, principalMinor: 500_000 });
    k2 = await make.debtorWithCase(db, t.rt.ctx.pii, t.clock, { creditorId: cr.id, assignedUserId: c2.id, assignedTeamId: teamA.id, dpd: 45, principalMinor: 300_000 });
    kB = await make.debtorWithCase(db, t.rt.ctx.pii, t.clock, { creditorId: cr.id, assignedUserId: cB.id, assignedTeamId: teamB.id, dpd: 70, principalMinor: 900_000 });

    const pay = (k: DebtorWithCase, externalId: string, paidOn: string, amount: number, reversalOf: string | null = null) => ({
      id: newId(), debt_account_id: k.accountId, case_id: k.caseId, external_id: externalId, amount_minor: amount, currency: 'CNY', paid_on: paidOn,
      channel: 'bank_transfer', creditor_id: cr.id, reversal_of: reversalOf, import_job_id: null, created_at: now,
    });
    await db.insertInto('payment').values([
      pay(k1, 'P1', '2026-03-01', 10_000),
      pay(k1, 'P2', '2026-03-05', 20_000),
      pay(k1, 'R2', '2026-03-06', 20_000, 'P2'), // reverses P2: neither counts
      pay(k2, 'P3', '2026-03-09', 5_000),
      pay(k2, 'P4', '2026-01-15', 99_000), // before the period
      pay(kB, 'P5', '2026-03-02', 70_000), // another team
    ]).execute();

    const promise = (k: DebtorWithCase, by: string, madeOn: string, dueDate: string, status: 'pending' | 'kept' | 'partially_kept' | 'broken') => ({
      id: newId(), case_id: k.caseId, debt_account_id: null, amount_minor: 10_000, currency: 'CNY', due_date: dueDate, made_on: madeOn, note: null, status,
      paid_minor: status === 'kept' ? 10_000 : 0, kept_on: status === 'kept' ? dueDate : null, evaluated_at: null, created_by: by, created_at: now, updated_at: now,
    });
    await db.insertInto('promise_to_pay').values([
      promise(k1, c1.id, '2026-02-20', '2026-02-25', 'kept'),
      promise(k1, c1.id, '2026-02-26', '2026-03-03', 'broken'),
      promise(k1, c1.id, '2026-03-04', '2026-03-08', 'kept'),
      promise(k2, c2.id, '2026-03-09', '2026-03-10', 'pending'),
      promise(kB, cB.id, '2026-03-01', '2026-03-05', 'kept'),
    ]).execute();

    const attempt = (k: DebtorWithCase, by: string, plannedAt: string, channel: 'call' | 'sms', status: 'completed' | 'blocked', result: 'conversation' | 'no_answer' | 'delivered' | null) => ({
      id: newId(), case_id: k.caseId, debtor_id: k.debtorId, creditor_id: cr.id, user_id: by, channel, direction: 'outbound' as const, party_kind: 'debtor' as const,
      party_id: k.debtorId, contact_point_id: k.phoneId, debt_ids_json: JSON.stringify([k.accountId]) as unknown as string[], planned_at: plannedAt, status, result,
      decision_id: null, is_recorded: true, content: null, notes: null, created_at: plannedAt, completed_at: status === 'completed' ? plannedAt : null,
    });
    await db.insertInto('contact_attempt').values([
      attempt(k1, c1.id, '2026-03-02T02:00:00.000Z', 'call', 'completed', 'conversation'),
      attempt(k1, c1.id, '2026-03-03T02:00:00.000Z', 'call', 'completed', 'no_answer'),
      attempt(k1, c1.id, '2026-03-03T14:30:00.000Z', 'call', 'blocked', null),
      attempt(k2, c2.id, '2026-03-04T02:00:00.000Z', 'sms', 'completed', 'delivered'),
      attempt(k2, c2.id, '2026-02-01T02:00:00.000Z', 'call', 'completed', 'conversation'), // before the period
      attempt(kB, cB.id, '2026-03-04T02:00:00.000Z', 'call', 'completed', 'conversation'),
    ]).execute();

    // Two completed runs: k1 stays M1 (score 75), k2 rolls M2 → M3 (55 → 35), kB M3 → paid (no row on the second date).
    const run = async (asOf: string, psi: number | null, rows: Array<[DebtorWithCase, string, number, ('champion' | 'challenger')?]>) => {
      const runId = newId();
      await db.insertInto('nightly_run').values({
        id: runId, as_of: asOf, status: 'completed', batch_size: 1000, cursor_case_id: null, attempts: 1, counts_json: null,
        report_json: JSON.stringify({ asOf, previousAsOf: null, scored: rows.length, byBucket: {}, bySegment: {}, byAction: {}, rollRates: [], scoreDeciles: [], meanScore: 50, psi, seconds: 1 }) as never,
        error: null, started_at: now, finished_at: now,
      }).execute();
      await db.insertInto('case_score').values(rows.map(([k, bucket, score, arm]) => ({
        id: newId(), run_id: runId, case_id: k.caseId, as_of: asOf, dpd: 10, bucket, score, band: 'B', segment: `${bucket}-B`,
        features_json: JSON.stringify({}) as never, reasons_json: JSON.stringify([]) as never, next_action_kind: 'call', next_action_channel: 'call', next_action_at: null, next_action_note: null, arm: arm ?? null,
      })) as never).execute();
    };
    await run('2026-03-08', null, [[k1, 'M1', 75], [k2, 'M2', 55], [kB, 'M3', 15]]);
    await run('2026-03-09', 0.12, [[k1, 'M1', 79, 'champion'], [k2, 'M3', 35, 'challenger']]);
    await db.updateTable('collection_case').set({ status: 'paid' }).where('id', '=', kB.caseId).execute();
  });
  afterAll(() => t.close());

  it('a supervisor sees the team’s recovery, promises, contacts, collectors, roll rates and scores for the last 30 days', async () => {
    const db = t.rt.ctx.db;
    const r = await sup.get('/api/dashboard');
    expect(r.statusCode).toBe(200);
    const d = r.json();
    expect(d.scope).toEqual({ teamId: teamA.id, teamName: '甲组', from: '2026-02-09', to: '2026-03-10', currency: 'CNY' });
    expect(d.recovery.daily).toHaveLength(30);
    const open = await db.selectFrom('collection_case').select(['total_due_minor']).where('id', 'in', [k1.caseId, k2.caseId]).execute();
    const openMinor = open.reduce((s, c) => s + c.total_due_minor, 0);
    expect(d.recovery.collectedMinor).toBe(15_000); // P1 + P3; P2 reversed, P4 before, P5 another team
    expect(d.recovery.daily.find((x: { day: string }) => x.day === '2026-03-01')).toEqual({ day: '2026-03-01', minor: 10_000, payments: 1 });
    expect(d.recovery.daily.find((x: { day: string }) => x.day === '2026-03-05')).toEqual({ day: '2026-03-05', minor: 0, payments: 0 });
    expect(d.recovery.openBalanceMinor).toBe(openMinor);
    expect(d.recovery.rate).toBeCloseTo(15_000 / (15_000 + openMinor), 10);

    expect(d.promises).toEqual({ made: 4, due: { kept: 2, partially_kept: 0, broken: 1, pending: 1 }, keptRate: 2 / 3 });
    expect(d.contacts.byChannel).toEqual([
      { channel: 'call', attempts: 2, rightParty: 1, blocked: 1 },
      { channel: 'sms', attempts: 1, rightParty: 0, blocked: 0 },
    ]);
    expect(d.contacts.rate).toBeCloseTo(1 / 3, 10);

    expect(d.collectors.map((c: { userId: string }) => c.userId).sort()).toEqual([c1.id, c2.id].sort());
    const row1 = d.collectors.find((c: { userId: string }) => c.userId === c1.id);
    expect(row1).toMatchObject({ openCases: 1, collectedMinor: 10_000, attempts: 2, rightPartyContacts: 1, promisesMade: 3, promisesDue: 3, promisesKept: 2, teamName: '甲组' });
    expect(row1.balanceMinor).toBe((await db.selectFrom('collection_case').select('total_due_minor').where('id', '=', k1.caseId).executeTakeFirstOrThrow()).total_due_minor);

    expect(d.rollRates).toEqual({
      fromAsOf: '2026-03-08',
      toAsOf: '2026-03-09',
      cells: [
        { from: 'M1', to: 'M1', count: 1, share: 1 },
        { from: 'M2', to: 'M3', count: 1, share: 1 },
      ],
    });
    expect(d.scores.asOf).toBe('2026-03-09');
    expect(d.scores.histogram).toEqual([0, 0, 0, 1, 0, 0, 0, 1, 0, 0]);
    expect(d.scores.previousHistogram).toEqual([0, 0, 0, 0, 0, 1, 0, 1, 0, 0]);
    expect(d.scores.drift).toEqual([
      { asOf: '2026-03-08', psi: null, meanScore: 50 },
      { asOf: '2026-03-09', psi: 0.12, meanScore: 50 },
    ]);
    // Arms from the latest run; outcomes in the period (pending promises are not decided yet).
    expect(d.arms).toEqual([
      { arm: 'champion', cases: 1, collectedMinor: 10_000, promisesDecided: 3, promisesKept: 2, attempts: 2, rightParty: 1 },
      { arm: 'challenger', cases: 1, collectedMinor: 5_000, promisesDecided: 0, promisesKept: 0, attempts: 1, rightParty: 0 },
    ]);
  });

  it('an admin sees the whole book without a team, and one team with it; the roll to paid shows in the book', async () => {
    const all = (await t.admin.get('/api/dashboard?from=2026-03-01&to=2026-03-10')).json();
    expect(all.scope).toMatchObject({ teamId: null, teamName: null, from: '2026-03-01', to: '2026-03-10' });
    expect(all.recovery.collectedMinor).toBe(85_000);
    expect(all.collectors.map((c: { userId: string }) => c.userId)).toEqual(expect.arrayContaining([c1.id, c2.id, cB.id]));
    expect(all.rollRates.cells).toContainEqual({ from: 'M3', to: 'paid', count: 1, share: 1 });
    expect(all.promises.due).toEqual({ kept: 2, partially_kept: 0, broken: 1, pending: 1 }); // kB's due 03-05 in, k1's due 02-25 out
    const a = (await t.admin.get(`/api/dashboard?teamId=${teamA.id}&from=2026-03-01&to=2026-03-10`)).json();
    expect(a.recovery.collectedMinor).toBe(15_000);
    expect(a.teams.map((x: { name: string }) => x.name)).toEqual(expect.arrayContaining(['甲组', '乙组']));
  });

  it('refuses collectors, another team for a supervisor, and a reversed or too long period, naming the field', async () => {
    expect((await c1.get('/api/dashboard')).statusCode).toBe(403);
    expect((await sup.get(`/api/dashboard?teamId=${teamB.id}`)).statusCode).toBe(403);
    const reversed = await sup.get('/api/dashboard?from=2026-03-10&to=2026-03-01');
    expect(reversed.statusCode).toBe(400);
    expect(JSON.stringify(reversed.json())).toContain('from');
    const long = await sup.get('/api/dashboard?from=2024-01-01&to=2026-03-01');
    expect(long.statusCode).toBe(400);
    expect((await sup.get('/api/dashboard?from=2026-3-1')).statusCode).toBe(400);
  });
});
