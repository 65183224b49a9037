// Payments reduce what a placed loan owes: a loan placed without a schedule carries the creditor's balance on the
// import day; payments dated from that day on go through the waterfall, and the case summary (list) and the
// debtor 360 ledger show the same figures — balances, DPD, bucket, paid / reopened.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ADMIN_PASSWORD, createTestApp, type TestApp } from '../app.js';
import { testDatabases } from '../db.js';
import { make } from '../factories.js';
import { PAYMENT_HEADER, PLACEMENT_HEADER, csv, paymentRow, placementRow } from '../intake-files.js';

describe.each(testDatabases())('balances after payments on %s', (kind) => {
  let t: TestApp;
  let creditorId: string;
  let dir: string;
  let n = 0;
  let admin: TestApp['admin'];
  const run = async (kindOf: 'placements' | 'payments', header: string[], rows: string[][]) => {
    const file = path.join(dir, `f${n++}.csv`);
    fs.writeFileSync(file, csv([header, ...rows]));
    const intake = t.rt.services.intake;
    const job = await intake.createImport('system', { creditorId, kind: kindOf, filePath: file, fileName: path.basename(file) }, { enqueue: false });
    return intake.runImport(job.id);
  };
  const caseOf = async (loan: string) => {
    const a = await t.db.db.selectFrom('debt_account').select(['case_id', 'balance_as_of', 'overdue_since']).where('external_loan_id', '=', loan).executeTakeFirstOrThrow();
    const c = await t.db.db.selectFrom('collection_case').selectAll().where('id', '=', a.case_id).executeTakeFirstOrThrow();
    const res = await admin.get(`/api/cases/${c.id}/ledger`);
    if (res.statusCode !== 200) throw new Error(`ledger ${res.statusCode}: ${res.body}`);
    const ledger = res.json();
    return { account: a, c: { ...c, total_due_minor: Number(c.total_due_minor), principal_due_minor: Number(c.principal_due_minor) }, ledger: ledger.accounts[0] };
  };
  const pay = (i: number, loan: number, amount: string, date: string, reversalOf = '') => [...paymentRow(i, loan, { 还款金额: amount, 还款日期: date }), reversalOf];
  const PAY_HEADER = [...PAYMENT_HEADER, '冲正原流水号'];

  beforeAll(async () => {
    t = await createTestApp(kind);
    creditorId = (await make.creditor(t.db.db)).id;
    admin = t.admin;
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'concord-bal-'));
    // Clock: 2026-11-28 10:00 in Shanghai. Loans 0–2: principal 8,000.50 / 8,800.50 / 9,600.50, interest 120.00,
    // overdue since 2026-10-01 (DPD 58).
    const res = await run('placements', PLACEMENT_HEADER, [placementRow(0), placementRow(1), placementRow(2)]);
    expect(res).toMatchObject({ status: 'completed', insertedRows: 3 });
  });
  afterAll(async () => {
    await t.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('stores the balance date and the overdue day of a placed loan', async () => {
    const { account, c, ledger } = await caseOf('L00000000');
    expect(account).toMatchObject({ balance_as_of: '2026-11-28', overdue_since: '2026-10-01' });
    expect(c).toMatchObject({ dpd: 58, bucket: 'M2', total_due_minor: 812_050, principal_due_minor: 800_050 });
    expect(ledger).toMatchObject({ basis: 'account', balanceAsOf: '2026-11-28', dpd: 58, totals: { outstandingMinor: 812_050 } });
    expect(ledger.dpdHistory).toHaveLength(90);
  });

  it('a partial payment pays interest, then principal; the list and the 360 page agree', async () => {
    const res = await run('payments', PAY_HEADER, [pay(1, 0, '500.00', '2026-11-28')]);
    expect(res).toMatchObject({ acceptedRows: 1, insertedRows: 1 });
    const { c, ledger } = await caseOf('L00000000');
    // 500.00 = 120.00 interest + 380.00 principal → 7,620.50 left
    expect(ledger.payments[0]).toMatchObject({ externalId: 'P00000001', inBalance: false, allocations: [{ component: 'interest', amountMinor: 12_000 }, { component: 'principal', amountMinor: 38_000 }] });
    expect(ledger.totals.outstandingMinor).toBe(762_050);
    expect(c).toMatchObject({ status: 'open', dpd: 58, bucket: 'M2', total_due_minor: 762_050, principal_due_minor: 762_050 });
    const list = (await admin.get(`/api/cases?creditorId=${creditorId}`)).json();
    const row = list.items.find((x: { id: string }) => x.id === c.id);
    expect(row).toMatchObject({ dpd: 58 });
    const detail = (await admin.get(`/api/cases/${c.id}`)).json();
    expect(detail).toMatchObject({ totalDueMinor: 762_050, accounts: [{ externalLoanId: 'L00000000', outstandingMinor: 762_050, dpd: 58 }] });
  });

  it('a payment dated before the balance date is already in the balance', async () => {
    await run('payments', PAY_HEADER, [pay(2, 2, '300.00', '2026-11-20')]);
    const { c, ledger } = await caseOf('L00000002');
    expect(ledger.payments[0]).toMatchObject({ inBalance: true, allocations: [] });
    expect(c.total_due_minor).toBe(972_050);
  });

  it('paying in full marks the case paid with DPD 0; the same file again changes nothing; a reversal reopens it', async () => {
    const file = [pay(3, 1, '8920.50', '2026-11-28')];
    await run('payments', PAY_HEADER, file);
    let { c, ledger } = await caseOf('L00000001');
    expect(c).toMatchObject({ status: 'paid', dpd: 0, bucket: 'M0', total_due_minor: 0, principal_due_minor: 0 });
    expect(ledger).toMatchObject({ dpd: 0, totals: { outstandingMinor: 0 } });
    const stamp = c.updated_at;

    t.clock.advance(60_000);
    const again = await run('payments', PAY_HEADER, file);
    expect(again).toMatchObject({ unchangedRows: 1, insertedRows: 0 });
    expect((await caseOf('L00000001')).c.updated_at).toBe(stamp);

    // The placements file again: the paid loan stays with its case; no empty case is opened.
    const cases = Number((await t.db.db.selectFrom('collection_case').select((e) => e.fn.countAll().as('n')).executeTakeFirstOrThrow()).n);
    const re = await run('placements', PLACEMENT_HEADER, [placementRow(0), placementRow(1), placementRow(2)]);
    expect(re).toMatchObject({ unchangedRows: 3, insertedRows: 0, updatedRows: 0 });
    expect(Number((await t.db.db.selectFrom('collection_case').select((e) => e.fn.countAll().as('n')).executeTakeFirstOrThrow()).n)).toBe(cases);

    t.clock.advance(86_400_000); // 2026-11-29 (a new session: the first has expired)
    admin = await t.login('admin', ADMIN_PASSWORD);
    const rev = await run('payments', PAY_HEADER, [pay(4, 1, '8920.50', '2026-11-29', 'P00000003')]);
    expect(rev).toMatchObject({ insertedRows: 1, rejectedRows: 0 });
    ({ c, ledger } = await caseOf('L00000001'));
    expect(c).toMatchObject({ status: 'open', dpd: 59, bucket: 'M2', total_due_minor: 892_050 });
    expect(ledger.payments.find((p: { externalId: string }) => p.externalId === 'P00000003')).toMatchObject({ reversed: true });
  });

  it('a new balance from the creditor starts a new balance date: earlier payments are in it', async () => {
    // Loan 0 re-placed on 2026-11-29 with the figures after the 500.00 payment.
    const res = await run('placements', PLACEMENT_HEADER, [placementRow(0, { 剩余本金: '7620.50', 剩余利息: '0' })]);
    expect(res).toMatchObject({ updatedRows: 1 });
    const { account, c, ledger } = await caseOf('L00000000');
    expect(account.balance_as_of).toBe('2026-11-29');
    expect(ledger.payments[0]).toMatchObject({ inBalance: true });
    expect(c).toMatchObject({ total_due_minor: 762_050, dpd: 59 });
  });

  it("follows the creditor's own policy: waterfall order and bucket boundaries; a bad policy is refused naming the field", async () => {
    const bad = await admin.patch(`/api/admin/creditors/${creditorId}`, { delinquencyPolicy: { waterfall: { components: ['principal', 'principal', 'fees', 'interest'] } } });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error.issues[0].path).toBe('delinquencyPolicy.waterfall.components');
    const gap = await admin.patch(`/api/admin/creditors/${creditorId}`, { delinquencyPolicy: { buckets: [{ bucket: 'M1', minDpd: 1 }] } });
    expect(gap.statusCode).toBe(400);
    expect(gap.json().error.issues[0].path).toMatch(/^delinquencyPolicy\.buckets/);
    expect(gap.json().error.message).toBe('逾期政策无效：第一个分段的起始逾期天数必须为 0');

    // Principal first; M1 = 1–60 days, M2 from 61.
    const policy = { waterfall: { components: ['principal', 'interest', 'penalty', 'fees'] }, buckets: [{ bucket: 'M0', minDpd: 0 }, { bucket: 'M1', minDpd: 1 }, { bucket: 'M2', minDpd: 61 }] };
    const ok = await admin.patch(`/api/admin/creditors/${creditorId}`, { delinquencyPolicy: policy, rulePackSet: 'cn-card' });
    expect(ok.statusCode).toBe(200);
    expect(ok.json()).toMatchObject({ delinquencyPolicy: policy, rulePackSet: 'cn-card' });
    const stored = await t.db.db.selectFrom('creditor').select(['rule_pack_set', 'delinquency_policy_json']).where('id', '=', creditorId).executeTakeFirstOrThrow();
    expect(stored).toMatchObject({ rule_pack_set: 'cn-card', delinquency_policy_json: policy });

    // Loan 2 (9,600.50 principal + 120.00 interest, balance of 2026-11-28): 200.00 on 2026-11-29 goes to principal.
    await run('payments', PAY_HEADER, [pay(5, 2, '200.00', '2026-11-29')]);
    const { c, ledger } = await caseOf('L00000002');
    expect(ledger.payments.find((p: { externalId: string }) => p.externalId === 'P00000005')).toMatchObject({ allocations: [{ component: 'principal', amountMinor: 20_000 }] });
    expect(ledger.totals.outstanding).toMatchObject({ principal: 940_050, interest: 12_000 });
    expect(c).toMatchObject({ dpd: 59, bucket: 'M1', total_due_minor: 952_050, principal_due_minor: 940_050 });
    expect(ledger.bucket).toBe('M1');
  });

  it("takes the balance date from the file when it has one (余额日期), and compares it on re-import", async () => {
    const H = [...PLACEMENT_HEADER, '余额日期'];
    const row = (over: Record<string, string> = {}, date = '2026-11-25') => [...placementRow(40, over), date];
    expect(await run('placements', H, [row()])).toMatchObject({ insertedRows: 1 });
    // A payment of 2026-11-26 falls after the creditor's balance of 2026-11-25: it is applied.
    await run('payments', PAY_HEADER, [pay(40, 40, '100.00', '2026-11-26')]);
    let { account, c } = await caseOf('L00000040');
    expect(account.balance_as_of).toBe('2026-11-25');
    expect(c.total_due_minor).toBe(4_000_050 + 12_000 - 10_000); // principal 40,000.50 + interest 120.00 − 100.00
    expect(await run('placements', H, [row()])).toMatchObject({ unchangedRows: 1 });
    // The creditor's next file: the same figures dated 2026-11-27 (the payment is in them now).
    expect(await run('placements', H, [row({}, '2026-11-27')])).toMatchObject({ updatedRows: 1 });
    ({ account, c } = await caseOf('L00000040'));
    expect(account.balance_as_of).toBe('2026-11-27');
    expect(c.total_due_minor).toBe(4_012_050);
    const bad = await run('placements', H, [row({}, '2027-01-01')]);
    expect(bad).toMatchObject({ rejectedRows: 1 });
  });
});
