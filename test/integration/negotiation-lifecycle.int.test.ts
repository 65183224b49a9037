// Negotiation follow-ups (issue 7): the CN-C04 plan hold placed on activation and lifted on breach; penalty interest
// frozen while a plan that freezes it is active; the nightly `negotiation.evaluate` job turning promises and plans
// broken as time passes (no payments import); a creditor's own negotiation policy and authority matrix.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CaseLedger } from '../../src/contracts/ledger.js';
import { allJobs } from '../../src/server/jobs.js';
import { evaluateDue } from '../../src/server/modules/negotiation/index.js';
import { createLogger } from '../../src/server/platform/logger.js';
import { newId } from '../../src/server/platform/ids.js';
import { ADMIN_PASSWORD, createTestApp, type Client, type TestApp } from '../app.js';
import { testDatabases } from '../db.js';
import { make, type DebtorWithCase } from '../factories.js';

// Income ¥20,000, essentials ¥3,000: a short interest-free plan within the collector's authority.
const form = { incomeMinor: 2_000_000, adults: 1, essentialExpensesMinor: 300_000, otherDebtPaymentsMinor: 0 };
const HOLD_RULES = ['CN-C04', 'CC-H08'];

describe.each(testDatabases())('negotiation lifecycle on %s', (kind) => {
  let t: TestApp;
  let creditorId: string;
  let c: DebtorWithCase;
  let collector: Client & { id: string; username?: string };
  let username: string;
  let admin: Client;
  let planId: string;
  let teamId: string;

  const runJob = async () => {
    const job = allJobs(t.rt.ctx).find((j) => j.name === 'negotiation.evaluate')!;
    await job.handler({}, { jobId: 'test', attempt: 1, logger: createLogger('silent'), signal: new AbortController().signal });
  };
  const at = async (iso: string) => {
    t.clock.set(new Date(iso));
    collector = { ...(await t.login(username)), id: collector.id };
    admin = await t.login('admin', ADMIN_PASSWORD);
  };
  const ledger = async (): Promise<CaseLedger> => {
    const r = await collector.get(`/api/cases/${c.caseId}/ledger`);
    expect(r.statusCode, r.body).toBe(200);
    return r.json() as CaseLedger;
  };
  /** The rule ids of the panel's decision for a collection call to the debtor. */
  const callRules = async (): Promise<{ outcome: string; rules: string[] }> => {
    const r = await collector.get(`/api/cases/${c.caseId}/compliance`);
    expect(r.statusCode, r.body).toBe(200);
    const item = r.json().items.find((i: { channel: string; partyKind: string }) => i.channel === 'call' && i.partyKind === 'debtor');
    return { outcome: item.decision.outcome, rules: item.decision.reasons.map((x: { ruleId: string }) => x.ruleId) };
  };
  const caseRow = () => t.db.db.selectFrom('collection_case').select(['total_due_minor', 'status']).where('id', '=', c.caseId).executeTakeFirstOrThrow();

  beforeAll(async () => {
    t = await createTestApp(kind);
    const db = t.db.db;
    // Card rules (CN-C04) on top of the default set (CC-H08); penalty interest 36.5 % a year (1 ‰ a day).
    creditorId = (await make.creditor(db, { rule_pack_set: 'cn-card', delinquency_policy_json: { penalty: { rateBp: 3_650 } } })).id;
    const team = await make.team(db);
    teamId = team.id;
    c = await make.debtorWithCase(db, t.rt.ctx.pii, t.clock, { creditorId, assignedTeamId: team.id });
    username = `neg-life-${newId().slice(-8)}`;
    collector = await t.userWith('collector', { teamId: team.id, username });
    admin = t.admin;
    const now = t.clock.now().toISOString();
    // 3,000.00 lent 2026-08-01, three installments of 1,000.00 + 30.00; the first paid on time, the rest overdue.
    await db.updateTable('debt_account').set({ principal_minor: 300_000, apr_bp: 1200, origination_date: '2026-08-01', term_months: 3 }).where('id', '=', c.accountId).execute();
    await db.insertInto('installment').values(['2026-09-01', '2026-10-01', '2026-11-01'].map((d, i) => ({
      id: newId(), debt_account_id: c.accountId, seq: i + 1, due_date: d, principal_minor: 100_000, interest_minor: 3_000, paid_minor: 0, status: 'due' as const,
    }))).execute();
    await db.insertInto('payment').values({
      id: newId(), debt_account_id: c.accountId, case_id: c.caseId, external_id: 'P1', amount_minor: 103_000, currency: 'CNY', paid_on: '2026-09-01', channel: 'bank_transfer',
      creditor_id: creditorId, reversal_of: null, import_job_id: null, created_at: now,
    }).execute();
  });
  afterAll(() => t?.close());

  it('activation places the plan hold and freezes penalty; the nightly job breaks a promise, then the plan, lifting both', async () => {
    const before = await ledger();
    const penalty = before.accounts[0]!.totals.outstanding.penalty;
    expect(penalty).toBeGreaterThan(0);
    expect((await callRules()).rules.filter((r) => HOLD_RULES.includes(r))).toEqual([]);

    const res = await collector.post(`/api/cases/${c.caseId}/plans`, { affordability: form, kind: 'interest-free' });
    expect(res.statusCode, res.body).toBe(201);
    expect(res.json()).toMatchObject({ status: 'approved', penaltyFrozen: true });
    planId = res.json().id;
    const promise = await collector.post(`/api/cases/${c.caseId}/promises`, { amountMinor: 10_000, dueDate: '2026-12-05' });
    expect(promise.statusCode, promise.body).toBe(201);
    const act = await collector.post(`/api/plans/${planId}/activate`, {});
    expect(act.statusCode, act.body).toBe(200);

    // The hold, recorded in the activation's transaction, on the case's debts: a collection call is blocked by it.
    const events = await t.db.db.selectFrom('contact_event').selectAll().where('case_id', '=', c.caseId).execute();
    expect(events.map((e) => [e.type, e.debt_ids_json])).toEqual([['plan_signed', [c.accountId]]]);
    const held = await callRules();
    expect(held.outcome).toBe('block');
    expect(held.rules).toEqual(expect.arrayContaining(HOLD_RULES));
    // No penalty accrues from the activation day while the plan is kept; what accrued before stays owed (the ledger
    // and the case's figures). The activation day's own accrual is the only difference from `before`.
    const frozen = await ledger();
    const frozenPenalty = frozen.accounts[0]!.totals.outstanding.penalty;
    expect(frozenPenalty).toBeGreaterThan(0);
    expect(frozenPenalty).toBeLessThanOrEqual(penalty);
    expect(frozen.accounts[0]!.totals.outstandingMinor).toBe(before.accounts[0]!.totals.outstandingMinor - (penalty - frozenPenalty));
    expect(Number((await caseRow()).total_due_minor)).toBe(frozen.accounts[0]!.totals.outstandingMinor);
    const detail = (await collector.get(`/api/cases/${c.caseId}`)).json();
    expect(detail.accounts[0].outstandingMinor).toBe(frozen.accounts[0]!.totals.outstandingMinor);

    // 2026-12-10: the promise's grace ended on 12-08 with nothing paid; no payments file came. The plan's first
    // installment (12-28) is not due yet.
    await at('2026-12-10T02:00:00.000Z');
    await runJob();
    expect((await collector.get(`/api/cases/${c.caseId}/promises`)).json().items[0]).toMatchObject({ status: 'broken' });
    expect((await collector.get(`/api/cases/${c.caseId}/plans`)).json().items[0]).toMatchObject({ status: 'active' });
    // Twelve days into the plan: not one fen more penalty.
    expect((await ledger()).accounts[0]!.totals.outstanding.penalty).toBe(frozenPenalty);
    // Idempotent: the same day again changes nothing.
    const audits = async () => (await t.db.db.selectFrom('audit_log').select('action').where('action', 'in', ['promise.broken', 'plan.broken']).execute()).length;
    const n = await audits();
    await runJob();
    expect(await audits()).toBe(n);

    // 2027-01-02: installment 1 (2026-12-28) missed beyond the 3-day grace → broken; the hold is lifted, penalty accrues.
    await at('2027-01-02T02:00:00.000Z');
    await runJob();
    const plan = (await collector.get(`/api/cases/${c.caseId}/plans`)).json().items[0];
    expect(plan).toMatchObject({ id: planId, status: 'broken' });
    const entry = await t.db.db.selectFrom('audit_log').select(['action', 'actor_type']).where('entity_id', '=', planId).where('action', '=', 'plan.broken').executeTakeFirstOrThrow();
    expect(entry.actor_type).toBe('system');
    const lifted = await t.db.db.selectFrom('contact_event').select('type').where('case_id', '=', c.caseId).orderBy('at').execute();
    expect(lifted.map((e) => e.type)).toEqual(['plan_signed', 'plan_breached']);
    expect((await callRules()).rules.filter((r) => HOLD_RULES.includes(r))).toEqual([]);
    const after = await ledger();
    expect(after.accounts[0]!.totals.outstanding.penalty).toBeGreaterThan(penalty);
    expect(Number((await caseRow()).total_due_minor)).toBe(after.accounts[0]!.totals.outstandingMinor);
    await runJob();
    expect((await t.db.db.selectFrom('contact_event').select('id').where('case_id', '=', c.caseId).execute()).length).toBe(2);
  });

  it("a creditor's negotiation policy and authority matrix: validated (400 naming the field), stored, used; null = defaults", async () => {
    const url = `/api/admin/creditors/${creditorId}`;
    const bad = await admin.patch(url, { negotiationPolicy: { authority: { supervisor: { maxDiscountBp: 500 } } } });
    expect(bad.statusCode, bad.body).toBe(400);
    expect(bad.json().error.issues[0].path).toBe('negotiationPolicy.authority.supervisor.maxDiscountBp');
    const schema = await admin.patch(url, { negotiationPolicy: { graceDays: -1 } });
    expect(schema.statusCode).toBe(400);
    expect(JSON.stringify(schema.json().error.issues)).toContain('negotiationPolicy');
    expect(JSON.stringify(schema.json().error.issues)).toContain('graceDays');
    const unknown = await admin.patch(url, { negotiationPolicy: { plan: { buckets: { M2: { maxTermMonths: 0 } } } } });
    expect(unknown.statusCode).toBe(400);
    expect(JSON.stringify(unknown.json().error.issues)).toContain('maxTermMonths');

    // The clock is at 2027-01-02 (previous test): the case is M4 (default 30 % / 48 months).
    const policy = { plan: { buckets: { M4: { maxTermMonths: 6, maxDiscountBp: 500 } } }, authority: { collector: { maxTermMonths: 1 } }, graceDays: 5 };
    const ok = await admin.patch(url, { negotiationPolicy: policy });
    expect(ok.statusCode, ok.body).toBe(200);
    expect(ok.json()).toMatchObject({ negotiationPolicy: policy });
    const ctx = (await collector.get(`/api/cases/${c.caseId}/negotiation`)).json();
    expect(ctx).toMatchObject({
      graceDays: 5, policy: { bucket: 'M4', maxTermMonths: 6, maxDiscountBp: 500 },
      authority: { collector: { maxTermMonths: 1, maxDiscountBp: 1_000 }, supervisor: { maxTermMonths: 36 } },
    });
    // A plan beyond the collector's one month now waits for a supervisor.
    const opts = (await collector.get(`/api/cases/${c.caseId}/plan-options?${new URLSearchParams(Object.entries(form).map(([k, v]) => [k, String(v)]))}`)).json();
    for (const o of opts.options as { months: number; approval: { approver: string } }[]) {
      expect(o.months).toBeLessThanOrEqual(6);
      if (o.months > 1) expect(o.approval.approver).not.toBe('collector');
    }

    const reset = await admin.patch(url, { negotiationPolicy: null });
    expect(reset.statusCode).toBe(200);
    expect(reset.json().negotiationPolicy).toBeNull();
    expect((await collector.get(`/api/cases/${c.caseId}/negotiation`)).json()).toMatchObject({ graceDays: 3, authority: { collector: { maxTermMonths: 12 } } });
  });

  it('the job pages through the cases in batches and evaluates each once', async () => {
    const db = t.db.db;
    const cases = [];
    for (let i = 0; i < 3; i++) cases.push(await make.debtorWithCase(db, t.rt.ctx.pii, t.clock, { creditorId, assignedTeamId: teamId }));
    const today = '2027-01-02';
    for (const x of cases) expect((await collector.post(`/api/cases/${x.caseId}/promises`, { amountMinor: 5_000, dueDate: today })).statusCode).toBe(201);
    await at('2027-01-20T02:00:00.000Z');
    const r = await evaluateDue(t.rt.ctx, 1);
    expect(r).toMatchObject({ promisesChanged: 3, cases: 3 });
    const rows = await db.selectFrom('promise_to_pay').select('status').where('case_id', 'in', cases.map((x) => x.caseId)).execute();
    expect(rows.map((x) => x.status)).toEqual(['broken', 'broken', 'broken']);
    expect(await evaluateDue(t.rt.ctx, 1)).toMatchObject({ promisesChanged: 0, plansChanged: 0, cases: 0 });
  });
});
