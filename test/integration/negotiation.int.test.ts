// Negotiation (issue 7) over HTTP on imported cases: plan options from the ledger balance and the affordability form;
// a plan within the collector's authority is approved at once and activated; beyond it, it waits for a different
// user with enough authority (maker–checker, audited with the reason); promises and plans turn kept or broken from
// the payments files imported; a case outside the caller's scope is a 404.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ADMIN_PASSWORD, createTestApp, type Client, type TestApp } from '../app.js';
import { testDatabases } from '../db.js';
import { make } from '../factories.js';
import { planCommand } from '../../src/server/cli/plan.command.js';
import { PAYMENT_HEADER, PLACEMENT_HEADER, csv, paymentRow, placementRow } from '../intake-files.js';

// Income ¥8,000 stated, essentials ¥3,000 (above the CN allowance for one adult), other debts ¥1,000:
// disposable ¥4,000, at most ¥2,000 a month for this debt.
const form = { incomeMinor: 800_000, adults: 1, essentialExpensesMinor: 300_000, otherDebtPaymentsMinor: 100_000 };
const query = new URLSearchParams(Object.entries(form).map(([k, v]) => [k, String(v)])).toString();

describe.each(testDatabases())('negotiation on %s', (kind) => {
  let t: TestApp;
  let creditorId: string;
  let dir: string;
  let n = 0;
  let collector: Client & { id: string };
  let supervisor: Client & { id: string };
  let supervisor2: Client & { id: string };
  let outsider: Client & { id: string };
  let outsiderSupervisor: Client & { id: string };
  let admin: Client;
  const caseOf: Record<number, string> = {};
  const run = async (kindOf: 'placements' | 'payments', header: string[], rows: string[][]) => {
    const file = path.join(dir, `f${n++}.csv`);
    fs.writeFileSync(file, csv([header, ...rows]));
    const intake = t.rt.services.intake;
    const job = await intake.createImport('system', { creditorId, kind: kindOf, filePath: file, fileName: path.basename(file) }, { enqueue: false });
    return intake.runImport(job.id);
  };
  const pay = (i: number, loan: number, amount: string, date: string) => paymentRow(i, loan, { 还款金额: amount, 还款日期: date });
  /** Advance the fake clock to `iso` and sign everyone in again (sessions expire). */
  const at = async (iso: string) => {
    t.clock.set(new Date(iso));
    collector = { ...(await t.login(collector.username)), id: collector.id };
    supervisor = { ...(await t.login(supervisor.username)), id: supervisor.id };
    admin = await t.login('admin', ADMIN_PASSWORD);
  };

  beforeAll(async () => {
    t = await createTestApp(kind);
    const db = t.db.db;
    creditorId = (await make.creditor(db)).id;
    const team = await make.team(db);
    const team2 = await make.team(db);
    collector = await t.userWith('collector', { teamId: team.id });
    supervisor = await t.userWith('supervisor', { teamId: team.id });
    supervisor2 = await t.userWith('supervisor', { teamId: team.id });
    outsider = await t.userWith('collector', { teamId: team2.id });
    outsiderSupervisor = await t.userWith('supervisor', { teamId: team2.id });
    admin = t.admin;
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'concord-neg-'));
    // Clock 2026-11-28 10:00 Shanghai. Loans 0–4 balance 8,120.50 … overdue since 2026-10-01 (M2); loan 5 since
    // 2026-04-01 (M6+: up to 50 % discount, beyond the supervisor's 30 %).
    const rows = [0, 1, 2, 3, 4].map((i) => placementRow(i, { 剩余本金: '8000.50' }));
    rows.push(placementRow(5, { 剩余本金: '8000.50', 逾期起始日: '2026-04-01' }));
    expect(await run('placements', PLACEMENT_HEADER, rows)).toMatchObject({ status: 'completed', insertedRows: 6 });
    for (let i = 0; i <= 5; i++) {
      const a = await db.selectFrom('debt_account').select('case_id').where('external_loan_id', '=', `L${String(i).padStart(8, '0')}`).executeTakeFirstOrThrow();
      caseOf[i] = a.case_id;
      await db.updateTable('collection_case').set({ assigned_user_id: collector.id, assigned_team_id: team.id }).where('id', '=', a.case_id).execute();
    }
  });
  afterAll(async () => {
    await t?.close();
    if (dir) fs.rmSync(dir, { recursive: true, force: true });
  });

  it('offers at least three options within policy for an imported case, from its ledger balance', async () => {
    const res = await collector.get(`/api/cases/${caseOf[0]}/plan-options?${query}`);
    expect(res.statusCode, res.body).toBe(200);
    const body = res.json();
    expect(body.debt).toMatchObject({ balanceMinor: 812_050, bucket: 'M2', productType: 'loan', currency: 'CNY', chargeCapMinor: 0 });
    expect(body.affordability).toMatchObject({ disposableMinor: 400_000, maxAffordableMinor: 200_000 });
    expect(body.affordability.summary['zh-CN']).toContain('¥2,000.00');
    expect(body.options.length).toBeGreaterThanOrEqual(3);
    const kinds = body.options.map((o: { kind: string }) => o.kind);
    expect(kinds).toEqual(expect.arrayContaining(['settlement', 'interest-free', 'step-up']));
    const free = body.options.find((o: { kind: string }) => o.kind === 'interest-free');
    // The shortest term whose installment fits ¥2,000: 5 × 1,624.10.
    expect(free).toMatchObject({ months: 5, affordable: true, totalPayableMinor: 812_050, approval: { approver: 'collector' } });
    expect(free.rows).toHaveLength(5);
    for (const o of body.options) expect(o.maxPaymentMinor <= 200_000 || !o.affordable).toBe(true);

    const ctx = await collector.get(`/api/cases/${caseOf[0]}/negotiation`);
    expect(ctx.statusCode).toBe(200);
    expect(ctx.json()).toMatchObject({ asOf: '2026-11-28', debt: { balanceMinor: 812_050 }, policy: { bucket: 'M2', maxTermMonths: 36 }, graceDays: 3, myAuthority: 1 });
  });

  it('concord plan options --case ID prints the same options (table and --json)', async () => {
    const run = async (...args: string[]) => {
      const out: string[] = [];
      const err: string[] = [];
      process.exitCode = undefined;
      const cmd = planCommand({ out: (s) => out.push(s), err: (s) => err.push(s), clock: t.clock, runtime: (fn) => fn(t.rt) });
      for (const c of [cmd, ...cmd.commands]) c.exitOverride().configureOutput({ writeErr: (s) => void err.push(s) });
      await cmd.parseAsync(args, { from: 'user' });
      const code = process.exitCode as number | undefined;
      process.exitCode = undefined;
      return { out: out.join('\n'), err: err.join('\n'), code };
    };
    const table = await run('options', '--case', caseOf[0]!, '--income', '8000', '--expenses', '3000', '--household', '1', '--other-debts', '1000');
    expect(table.code, table.err).toBeUndefined();
    expect(table.out).toContain('owes CNY 8,120.50');
    expect(table.out).toMatch(/免息分期 interest-free\s+5\s+1,624\.10/);
    const json = await run('options', '--case', caseOf[0]!, '--income', '8000', '--expenses', '3000', '--other-debts', '1000', '--json');
    const api = (await collector.get(`/api/cases/${caseOf[0]}/plan-options?${query}`)).json();
    expect(JSON.parse(json.out).options.map((o: { kind: string; months: number }) => [o.kind, o.months])).toEqual(api.options.map((o: { kind: string; months: number }) => [o.kind, o.months]));
    expect((await run('options', '--case', caseOf[0]!, '--household', 'x')).code).toBe(2);
    expect((await run('options', '--case', '00000000-0000-7000-8000-000000000000')).code).toBe(1);
  });

  it('bad input is a 400 naming the field', async () => {
    const res = await collector.get(`/api/cases/${caseOf[0]}/plan-options?incomeMinor=-5`);
    expect(res.statusCode).toBe(400);
    expect(JSON.stringify(res.json().error.issues)).toContain('incomeMinor');
  });

  it('a case outside the caller’s scope is a 404 for options, promises, plans and approval', async () => {
    expect((await outsider.get(`/api/cases/${caseOf[0]}/plan-options?${query}`)).statusCode).toBe(404);
    expect((await outsider.get(`/api/cases/${caseOf[0]}/negotiation`)).statusCode).toBe(404);
    expect((await outsider.get(`/api/cases/${caseOf[0]}/promises`)).statusCode).toBe(404);
    expect((await outsider.post(`/api/cases/${caseOf[0]}/promises`, { amountMinor: 100, dueDate: '2026-12-01' })).statusCode).toBe(404);
    expect((await outsider.post(`/api/cases/${caseOf[0]}/plans`, { affordability: form, kind: 'interest-free' })).statusCode).toBe(404);
  });

  it('within the collector’s authority: approved at once, then active; the server recomputes the figures', async () => {
    const res = await collector.post(`/api/cases/${caseOf[1]}/plans`, { affordability: form, kind: 'interest-free' });
    expect(res.statusCode, res.body).toBe(201);
    const plan = res.json();
    expect(plan).toMatchObject({ status: 'approved', method: 'interest-free', termMonths: 5, totalMinor: 812_050, requiredApprover: 'collector', approvedBy: collector.id, decisionReason: 'within_authority' });
    expect(plan.installments.map((i: { amountMinor: number }) => i.amountMinor)).toEqual([162_410, 162_410, 162_410, 162_410, 162_410]);
    expect(plan.affordability.summary['zh-CN']).toMatch(/可/);
    expect(plan.affordabilityInput).toMatchObject(form);
    // A second open plan on the same case is refused.
    expect((await collector.post(`/api/cases/${caseOf[1]}/plans`, { affordability: form, kind: 'step-up' })).statusCode).toBe(409);

    const act = await collector.post(`/api/plans/${plan.id}/activate`, {});
    expect(act.statusCode, act.body).toBe(200);
    expect(act.json()).toMatchObject({ status: 'active' });
    expect((await collector.post(`/api/plans/${plan.id}/activate`, {})).statusCode).toBe(409);
    const list = (await collector.get(`/api/cases/${caseOf[1]}/plans`)).json();
    expect(list.items).toHaveLength(1);
    const audit = await t.db.db.selectFrom('audit_log').select(['action', 'actor_id']).where('entity_id', '=', plan.id).orderBy('seq').execute();
    expect(audit.map((a) => a.action)).toEqual(['plan.propose', 'plan.activate']);
  });

  it('a chosen term is rebuilt by the server; one beyond the collector’s 12 months needs a supervisor', async () => {
    const res = await collector.post(`/api/cases/${caseOf[2]}/plans`, { affordability: form, kind: 'interest-free', months: 18 });
    expect(res.statusCode, res.body).toBe(201);
    const plan = res.json();
    expect(plan).toMatchObject({ status: 'proposed', termMonths: 18, requiredApprover: 'supervisor', approvedBy: null });
    expect(plan.installments).toHaveLength(18);
    expect(plan.installments.reduce((s: number, i: { amountMinor: number }) => s + i.amountMinor, 0)).toBe(812_050);
    // Beyond the bucket's 36 months: refused, naming why.
    const bad = await collector.post(`/api/cases/${caseOf[3]}/plans`, { affordability: form, kind: 'interest-free', months: 48 });
    expect(bad.statusCode).toBe(409);
    expect(bad.json().error.message).toContain('36');

    // The maker cannot approve (no authority to approve at all); a supervisor of the team sees it and approves.
    expect((await collector.post(`/api/plans/${plan.id}/approve`, { reason: '自己批' })).statusCode).toBe(403);
    const inbox = (await supervisor.get('/api/approvals')).json();
    expect(inbox.items.map((p: { id: string }) => p.id)).toContain(plan.id);
    expect((await outsider.get('/api/approvals')).statusCode).toBe(403);
    // A supervisor of another team neither sees it nor may decide it: outside the scope, 404.
    expect((await outsiderSupervisor.get('/api/approvals')).json().items).toEqual([]);
    expect((await outsiderSupervisor.post(`/api/plans/${plan.id}/approve`, { reason: '别组主管' })).statusCode).toBe(404);
    expect((await outsiderSupervisor.get(`/api/cases/${caseOf[2]}/plans`)).statusCode).toBe(404);
    const ok = await supervisor.post(`/api/plans/${plan.id}/approve`, { reason: '收入稳定，同意 18 期' });
    expect(ok.statusCode, ok.body).toBe(200);
    expect(ok.json()).toMatchObject({ status: 'approved', approvedBy: supervisor.id, decisionReason: '收入稳定，同意 18 期' });
    expect((await supervisor.post(`/api/plans/${plan.id}/approve`, { reason: '再批一次' })).statusCode).toBe(409);
    const entry = await t.db.db.selectFrom('audit_log').selectAll().where('entity_id', '=', plan.id).where('action', '=', 'plan.approve').executeTakeFirstOrThrow();
    expect(entry).toMatchObject({ actor_id: supervisor.id, reason: '收入稳定，同意 18 期' });
    expect((await supervisor.get('/api/approvals')).json().items.map((p: { id: string }) => p.id)).not.toContain(plan.id);
  });

  it('maker–checker: the same user cannot approve their own plan; a supervisor cannot approve beyond supervisor authority; the admin can', async () => {
    // Case 5 is M6+: the settlement's 50 % discount is beyond the supervisor's 30 %.
    const res = await supervisor.post(`/api/cases/${caseOf[5]}/plans`, { affordability: form, kind: 'settlement' });
    expect(res.statusCode, res.body).toBe(201);
    const plan = res.json();
    expect(plan).toMatchObject({ status: 'proposed', requiredApprover: 'creditor', discountBp: 5_000 });
    expect(plan.approval.reasons.length).toBeGreaterThan(0);
    const self = await supervisor.post(`/api/plans/${plan.id}/approve`, { reason: '我自己批准' });
    expect(self.statusCode).toBe(403);
    expect(self.json().error.code).toBe('negotiation.self_approval');
    const other = await supervisor2.post(`/api/plans/${plan.id}/approve`, { reason: '主管批准' });
    expect(other.statusCode).toBe(403);
    expect(other.json().error.code).toBe('negotiation.insufficient_authority');
    expect((await supervisor2.get('/api/approvals')).json().items.map((p: { id: string }) => p.id)).not.toContain(plan.id);
    expect((await admin.get('/api/approvals')).json().items.map((p: { id: string }) => p.id)).toContain(plan.id);
    const rej = await admin.post(`/api/plans/${plan.id}/reject`, { reason: '折扣过高，请重新协商' });
    expect(rej.statusCode, rej.body).toBe(200);
    expect(rej.json()).toMatchObject({ status: 'rejected', decisionReason: '折扣过高，请重新协商' });
    const entry = await t.db.db.selectFrom('audit_log').selectAll().where('entity_id', '=', plan.id).where('action', '=', 'plan.reject').executeTakeFirstOrThrow();
    expect(entry.reason).toBe('折扣过高，请重新协商');
    // Rejected: a new plan may be proposed.
    expect((await collector.post(`/api/cases/${caseOf[5]}/plans`, { affordability: form, kind: 'interest-free' })).statusCode).toBe(201);
  });

  it('promises turn kept when a payments file brings enough by the due date, broken after the grace without', async () => {
    const p3 = await collector.post(`/api/cases/${caseOf[3]}/promises`, { amountMinor: 50_000, dueDate: '2026-12-05' });
    expect(p3.statusCode, p3.body).toBe(201);
    expect(p3.json()).toMatchObject({ status: 'pending', madeOn: '2026-11-28', paidMinor: 0 });
    const p4 = await collector.post(`/api/cases/${caseOf[4]}/promises`, { amountMinor: 100_000, dueDate: '2026-12-05', note: '发工资后还' });
    expect(p4.statusCode).toBe(201);
    expect((await collector.post(`/api/cases/${caseOf[4]}/promises`, { amountMinor: 100, dueDate: '2026-11-01' })).statusCode).toBe(400);

    await at('2026-12-04T02:00:00.000Z');
    expect(await run('payments', PAYMENT_HEADER, [pay(1, 3, '500.00', '2026-12-03')])).toMatchObject({ insertedRows: 1 });
    const kept = (await collector.get(`/api/cases/${caseOf[3]}/promises`)).json().items[0];
    expect(kept).toMatchObject({ status: 'kept', paidMinor: 50_000, keptOn: '2026-12-03' });

    // 2026-12-10: the grace (3 days) ended on 12-08; a payment on the 10th is too late for the promise.
    await at('2026-12-10T02:00:00.000Z');
    await run('payments', PAYMENT_HEADER, [pay(2, 4, '100.00', '2026-12-10')]);
    const broken = (await collector.get(`/api/cases/${caseOf[4]}/promises`)).json().items[0];
    expect(broken).toMatchObject({ status: 'broken', paidMinor: 0 });
    const audit = await t.db.db.selectFrom('audit_log').select('action').where('entity_id', 'in', [kept.id, broken.id]).orderBy('seq').execute();
    expect(audit.map((a) => a.action)).toEqual(['promise.create', 'promise.create', 'promise.kept', 'promise.broken']);
  });

  it('an active plan whose installment is missed beyond the grace turns broken', async () => {
    // Case 1's plan: 5 × 1,624.10 from 2026-12-28. Paid in part; the grace ends 2026-12-31.
    await at('2027-01-01T02:00:00.000Z');
    await run('payments', PAYMENT_HEADER, [pay(3, 1, '1000.00', '2026-12-27')]);
    const plan = (await collector.get(`/api/cases/${caseOf[1]}/plans`)).json().items[0];
    expect(plan).toMatchObject({ status: 'broken', paidMinor: 100_000 });
    expect(plan.installments[0]).toMatchObject({ seq: 1, status: 'missed', paidMinor: 100_000 });
    expect(plan.closedAt).not.toBeNull();
    const entry = await t.db.db.selectFrom('audit_log').selectAll().where('entity_id', '=', plan.id).where('action', '=', 'plan.broken').executeTakeFirst();
    expect(entry).toBeTruthy();
  });
});
