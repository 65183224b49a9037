// A plan with a first payment (首期还款, issue 7's calculator): the server rebuilds the chosen option with the first
// payment (optionVariant, the same function the browser runs), stores it as installment 1 due on the start date,
// and the lifecycle treats it as installment 1; a first payment outside the policy is a 400 naming the field.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type Client, type TestApp } from '../app.js';
import { testDatabases } from '../db.js';
import { make } from '../factories.js';
import { PAYMENT_HEADER, PLACEMENT_HEADER, csv, paymentRow, placementRow } from '../intake-files.js';

// Income ¥8,000 stated, essentials ¥3,000, other debts ¥1,000: at most ¥2,000 a month; no lump sum asked, so the
// first payment is judged against one month's capacity (¥2,000).
const form = { incomeMinor: 800_000, adults: 1, essentialExpensesMinor: 300_000, otherDebtPaymentsMinor: 100_000 };
type Inst = { seq: number; dueDate: string; amountMinor: number; principalMinor: number; interestMinor: number; paidMinor: number; status: string };

describe.each(testDatabases())('plan with a first payment on %s', (kind) => {
  let t: TestApp;
  let creditorId: string;
  let dir: string;
  let n = 0;
  let collector: Client & { id: string };
  const caseOf: Record<number, string> = {};
  const run = async (kindOf: 'placements' | 'payments', header: string[], rows: string[][]) => {
    const file = path.join(dir, `f${n++}.csv`);
    fs.writeFileSync(file, csv([header, ...rows]));
    const intake = t.rt.services.intake;
    const job = await intake.createImport('system', { creditorId, kind: kindOf, filePath: file, fileName: path.basename(file) }, { enqueue: false });
    return intake.runImport(job.id);
  };
  const plansOf = async (i: number) => {
    const res = await collector.get(`/api/cases/${caseOf[i]}/plans`);
    expect(res.statusCode, res.body).toBe(200);
    return res.json().items as { id: string; status: string; termMonths: number; installments: Inst[] }[];
  };

  beforeAll(async () => {
    t = await createTestApp(kind);
    const db = t.db.db;
    creditorId = (await make.creditor(db)).id;
    const team = await make.team(db);
    collector = await t.userWith('collector', { teamId: team.id });
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'concord-neg-first-'));
    // Clock 2026-11-28 10:00 Shanghai. Two loans, each ¥8,120.50 owed, overdue since 2026-10-01 (M2, interest-free).
    expect(await run('placements', PLACEMENT_HEADER, [0, 1].map((i) => placementRow(i, { 剩余本金: '8000.50' })))).toMatchObject({ status: 'completed', insertedRows: 2 });
    for (const i of [0, 1]) {
      const a = await db.selectFrom('debt_account').select('case_id').where('external_loan_id', '=', `L${String(i).padStart(8, '0')}`).executeTakeFirstOrThrow();
      caseOf[i] = a.case_id;
      await db.updateTable('collection_case').set({ assigned_user_id: collector.id, assigned_team_id: team.id }).where('id', '=', a.case_id).execute();
    }
  });
  afterAll(async () => {
    await t?.close();
    if (dir) fs.rmSync(dir, { recursive: true, force: true });
  });

  it('stores the first payment as installment 1 on the start date and the rest over the chosen term', async () => {
    const res = await collector.post(`/api/cases/${caseOf[0]}/plans`, { affordability: form, kind: 'interest-free', months: 6, firstPaymentMinor: 200_000 });
    expect(res.statusCode, res.body).toBe(201);
    const plan = res.json();
    // ¥8,120.50 − ¥2,000 = ¥6,120.50 over 6 months: 5 × ¥1,020.08 and ¥1,020.10 (the residual last).
    expect(plan).toMatchObject({ status: 'approved', method: 'interest-free', termMonths: 6, totalMinor: 812_050, startDate: '2026-11-28', requiredApprover: 'collector' });
    expect(plan.installments.map((i: Inst) => [i.seq, i.dueDate, i.amountMinor])).toEqual([
      [1, '2026-11-28', 200_000],
      [2, '2026-12-28', 102_008],
      [3, '2027-01-28', 102_008],
      [4, '2027-02-28', 102_008],
      [5, '2027-03-28', 102_008],
      [6, '2027-04-28', 102_008],
      [7, '2027-05-28', 102_010],
    ]);
    expect(plan.installments[0]).toMatchObject({ principalMinor: 200_000, interestMinor: 0, status: 'upcoming' });
    expect(plan.summary['zh-CN']).toContain('首期还款 ¥2,000.00 不超过每月可还上限 ¥2,000.00');
    // Read back: the same rows.
    const [stored] = await plansOf(0);
    expect(stored!.installments.map((i) => i.amountMinor)).toEqual(plan.installments.map((i: Inst) => i.amountMinor));

    // Active; the first payment is paid on 2026-11-30 (a payments file): installment 1 is paid, the plan goes on.
    expect((await collector.post(`/api/plans/${plan.id}/activate`, {})).statusCode).toBe(200);
    t.clock.set(new Date('2026-12-02T02:00:00.000Z'));
    collector = { ...(await t.login(collector.username)), id: collector.id };
    expect(await run('payments', PAYMENT_HEADER, [paymentRow(1, 0, { 还款金额: '2000.00', 还款日期: '2026-11-30' })])).toMatchObject({ insertedRows: 1 });
    const [after] = await plansOf(0);
    expect(after).toMatchObject({ status: 'active' });
    expect(after!.installments[0]).toMatchObject({ seq: 1, status: 'paid', paidMinor: 200_000 });
    expect(after!.installments[1]).toMatchObject({ seq: 2, paidMinor: 0, status: 'upcoming' });
  });

  it('refuses a first payment outside the policy with a 400 naming firstPaymentMinor, in the reader’s language', async () => {
    t.clock.set(new Date('2026-11-28T02:00:00.000Z'));
    collector = { ...(await t.login(collector.username)), id: collector.id };
    const propose = (body: Record<string, unknown>, headers?: Record<string, string>) => collector.post(`/api/cases/${caseOf[1]}/plans`, { affordability: form, kind: 'interest-free', ...body }, headers);

    const low = await propose({ months: 6, firstPaymentMinor: 5_000 });
    expect(low.statusCode, low.body).toBe(400);
    expect(low.json().error).toMatchObject({ code: 'negotiation.bad_input', issues: [{ path: 'firstPaymentMinor', message: '首期还款 ¥50.00 低于政策最低月供 ¥100.00' }] });
    expect(low.json().error.message).toContain('firstPaymentMinor');
    const lowEn = await propose({ months: 6, firstPaymentMinor: 5_000 }, { 'accept-language': 'en' });
    expect(lowEn.json().error.issues[0].message).toContain("below the policy's minimum installment of ¥100.00");

    const all = await propose({ firstPaymentMinor: 812_050 });
    expect(all.statusCode).toBe(400);
    expect(all.json().error.issues[0]).toMatchObject({ path: 'firstPaymentMinor' });
    expect(all.json().error.issues[0].message).toContain('须小于欠款余额 ¥8,120.50');

    // ¥8,000 first leaves ¥120.50 over 6 months: ¥20.08 each, below the ¥100 minimum.
    const rest = await propose({ months: 6, firstPaymentMinor: 800_000 });
    expect(rest.statusCode).toBe(400);
    expect(rest.json().error.issues[0].message).toContain('请降低首期还款或缩短期数');

    const stepUp = await propose({ kind: 'step-up', firstPaymentMinor: 200_000 });
    expect(stepUp.statusCode).toBe(400);
    expect(stepUp.json().error.issues[0].path).toBe('firstPaymentMinor');

    const zero = await propose({ firstPaymentMinor: 0 });
    expect(zero.statusCode).toBe(400);
    expect(zero.json().error.issues.map((i: { path: string }) => i.path).join()).toContain('firstPaymentMinor');
    // Nothing was stored.
    expect(await plansOf(1)).toEqual([]);
  });

  it('an unpaid first payment is a missed installment 1: the plan turns broken after the grace', async () => {
    t.clock.set(new Date('2026-11-28T02:00:00.000Z'));
    collector = { ...(await t.login(collector.username)), id: collector.id };
    const res = await collector.post(`/api/cases/${caseOf[1]}/plans`, { affordability: form, kind: 'interest-free', firstPaymentMinor: 100_000 });
    expect(res.statusCode, res.body).toBe(201);
    const plan = res.json();
    expect(plan.installments[0]).toMatchObject({ seq: 1, dueDate: '2026-11-28', amountMinor: 100_000 });
    expect((await collector.post(`/api/plans/${plan.id}/activate`, {})).statusCode).toBe(200);
    // The grace (3 days) after 2026-11-28 ends on 12-01; as of 12-02 nothing was paid.
    await t.rt.services.negotiation.evaluate([caseOf[1]!], '2026-12-02');
    const [broken] = await plansOf(1);
    expect(broken).toMatchObject({ status: 'broken' });
    expect(broken!.installments[0]).toMatchObject({ seq: 1, status: 'missed', paidMinor: 0 });
  });
});
