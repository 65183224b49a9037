// Debtor 360: GET /api/cases/:id/ledger replays a loan's payments through the ledger engine (as of today in the
// creditor's time zone: the test clock says 2026-11-28T02:00Z = 2026-11-28 10:00 in Shanghai), falls back to the
// stored installment figures when a loan has no payment rows, and answers 404 outside the caller's scope.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CaseLedger, LedgerAccount } from '../../src/contracts/ledger.js';
import { newId } from '../../src/server/platform/ids.js';
import { createTestApp, type TestApp } from '../app.js';
import { testDatabases } from '../db.js';
import { make, type DebtorWithCase } from '../factories.js';

const amounts = (o: Partial<Record<'fees' | 'penalty' | 'interest' | 'principal', number>>) => ({ fees: 0, penalty: 0, interest: 0, principal: 0, ...o });

describe.each(testDatabases())('case ledger on %s', (kind) => {
  let t: TestApp;
  let c: DebtorWithCase;
  let otherTeamCollector: Awaited<ReturnType<TestApp['userWith']>>;
  let ownCollector: Awaited<ReturnType<TestApp['userWith']>>;
  const storedLoanId = newId();

  beforeAll(async () => {
    t = await createTestApp(kind);
    const db = t.rt.ctx.db;
    const cred = await make.creditor(db);
    const team = await make.team(db);
    const otherTeam = await make.team(db);
    c = await make.debtorWithCase(db, t.rt.ctx.pii, t.clock, { creditorId: cred.id, assignedTeamId: team.id });
    ownCollector = await t.userWith('collector', { teamId: team.id });
    otherTeamCollector = await t.userWith('collector', { teamId: otherTeam.id });
    const now = t.clock.now().toISOString();

    // Loan 1: 3,000.00 yuan lent 2026-08-01, three installments of 1,000.00 principal + 30.00 interest.
    await db.updateTable('debt_account').set({ principal_minor: 300_000, apr_bp: 1200, origination_date: '2026-08-01', term_months: 3 }).where('id', '=', c.accountId).execute();
    const due = ['2026-09-01', '2026-10-01', '2026-11-01'];
    await db
      .insertInto('installment')
      .values(due.map((d, i) => ({ id: newId(), debt_account_id: c.accountId, seq: i + 1, due_date: d, principal_minor: 100_000, interest_minor: 3_000, paid_minor: 999, status: 'due' as const })))
      .execute();
    const pay = (externalId: string, amount: number, paidOn: string, channel: string, reversalOf: string | null = null) => ({
      id: newId(), debt_account_id: c.accountId, case_id: c.caseId, external_id: externalId, amount_minor: amount, currency: 'CNY', paid_on: paidOn, channel,
      creditor_id: cred.id, reversal_of: reversalOf, import_job_id: null, created_at: now,
    });
    await db
      .insertInto('payment')
      .values([
        pay('P1', 103_000, '2026-09-01', 'bank_transfer'), // settles installment 1 on its due date
        pay('P2', 50_000, '2026-10-05', '支付宝'), // part of installment 2, four days late
        pay('P3', 20_000, '2026-10-20', 'online'), // … bounced:
        pay('R1', 20_000, '2026-10-25', 'online', 'P3'),
      ])
      .execute();

    // Loan 2 (same case): no payment rows, so the stored paid amounts are shown.
    await db
      .insertInto('debt_account')
      .values({
        id: storedLoanId, case_id: c.caseId, debtor_id: c.debtorId, creditor_id: cred.id, external_loan_id: `LOAN-S-${storedLoanId.slice(-6)}`, product: '消费分期',
        lender_type: 'licensed', currency: 'CNY', principal_minor: 200_000, apr_bp: 1200, origination_date: '2026-09-10', term_months: 2,
        outstanding_principal_minor: 100_000, outstanding_interest_minor: 500, outstanding_penalty_minor: 0, outstanding_fees_minor: 0, dpd: 18, created_at: now, updated_at: now,
      })
      .execute();
    await db
      .insertInto('installment')
      .values([
        { id: newId(), debt_account_id: storedLoanId, seq: 1, due_date: '2026-10-10', principal_minor: 100_000, interest_minor: 2_000, paid_minor: 102_000, status: 'paid' },
        { id: newId(), debt_account_id: storedLoanId, seq: 2, due_date: '2026-11-10', principal_minor: 100_000, interest_minor: 2_000, paid_minor: 1_500, status: 'overdue' },
      ])
      .execute();
  });
  afterAll(() => t.close());

  const ledger = async (): Promise<CaseLedger> => {
    const r = await ownCollector.get(`/api/cases/${c.caseId}/ledger`);
    expect(r.statusCode).toBe(200);
    return r.json() as CaseLedger;
  };
  const loan = (l: CaseLedger, id: string): LedgerAccount => l.accounts.find((a) => a.id === id)!;

  it('replays the payments: DPD, bucket and totals as of today in the creditor time zone', async () => {
    const l = await ledger();
    expect(l.asOf).toBe('2026-11-28');
    const a = loan(l, c.accountId);
    expect(a.basis).toBe('payments');
    expect(a.problem).toBeNull();
    // Installment 2 (due 2026-10-01) still owes 530.00: 31 days of October + 27 of November.
    expect(a.dpd).toBe(58);
    expect(a.bucket).toBe('M2');
    expect(a.totals.charged).toEqual(amounts({ interest: 9_000, principal: 300_000 }));
    expect(a.totals.paid).toEqual(amounts({ interest: 6_000, principal: 147_000 }));
    expect(a.totals.outstanding).toEqual(amounts({ interest: 3_000, principal: 153_000 }));
    expect(a.totals.outstandingMinor).toBe(156_000);
    expect(a.totals.pastDueMinor).toBe(156_000);
    expect(a.installments.map((i) => [i.seq, i.status, i.outstandingMinor, i.dpd])).toEqual([
      [1, 'paid', 0, 0],
      [2, 'past_due', 53_000, 58],
      [3, 'past_due', 103_000, 27],
    ]);
    // The stored paid_minor (999) is ignored when payments are replayed.
    expect(a.installments[0]!.paid).toEqual(amounts({ interest: 3_000, principal: 100_000 }));
  });

  it('allocates each payment fees → penalty → interest → principal, oldest installment first; a reversed payment pays nothing', async () => {
    const a = loan(await ledger(), c.accountId);
    const allocs = Object.fromEntries(a.payments.map((p) => [p.externalId, p.allocations.map((x) => [x.seq, x.component, x.amountMinor])]));
    expect(allocs).toEqual({
      P1: [[1, 'interest', 3_000], [1, 'principal', 100_000]],
      P2: [[2, 'interest', 3_000], [2, 'principal', 47_000]],
      P3: [],
      R1: [],
    });
    const p3 = a.payments.find((p) => p.externalId === 'P3')!;
    expect(p3.reversed).toBe(true);
    expect(a.payments.find((p) => p.externalId === 'R1')!.reversalOf).toBe('P3');
    expect(a.payments.find((p) => p.externalId === 'P2')!.channel).toBe('支付宝');
    expect(a.caps).toMatchObject({ rateBp: 2400, source: 'licensed', exceeded: false, excessMinor: 0 });
  });

  it('gives 90 days of DPD history ending today', async () => {
    const h = loan(await ledger(), c.accountId).dpdHistory;
    expect(h).toHaveLength(90);
    expect(h[0]!.date).toBe('2026-08-31');
    expect(h.at(-1)).toEqual({ date: '2026-11-28', dpd: 58, bucket: 'M2' });
    const on = (d: string) => h.find((p) => p.date === d)!.dpd;
    expect(on('2026-09-01')).toBe(0); // due today
    expect(on('2026-09-02')).toBe(0); // paid on time
    expect(on('2026-10-02')).toBe(1);
    expect(on('2026-10-31')).toBe(30);
    expect(h.find((p) => p.date === '2026-10-31')!.bucket).toBe('M1');
    expect(h.find((p) => p.date === '2026-11-01')!.bucket).toBe('M2');
  });

  it('shows the stored figures for a loan without payment rows', async () => {
    const a = loan(await ledger(), storedLoanId);
    expect(a.basis).toBe('stored');
    expect(a.payments).toEqual([]);
    expect(a.installments.map((i) => [i.seq, i.status, i.paid, i.outstandingMinor])).toEqual([
      [1, 'paid', amounts({ interest: 2_000, principal: 100_000 }), 0],
      [2, 'past_due', amounts({ interest: 1_500 }), 100_500],
    ]);
    expect(a.dpd).toBe(18);
    expect(a.bucket).toBe('M1');
    expect(a.totals.outstanding).toEqual(amounts({ interest: 500, principal: 100_000 }));
    expect(a.dpdHistory.at(-1)).toEqual({ date: '2026-11-28', dpd: 18, bucket: 'M1' });
    expect(a.dpdHistory.find((p) => p.date === '2026-11-10')!.dpd).toBe(0);
  });

  it('is a 404 outside the caller\'s scope and a 404 for an unknown case', async () => {
    expect((await otherTeamCollector.get(`/api/cases/${c.caseId}/ledger`)).statusCode).toBe(404);
    expect((await t.admin.get(`/api/cases/${newId()}/ledger`)).statusCode).toBe(404);
    expect((await t.admin.get(`/api/cases/${c.caseId}/ledger`)).statusCode).toBe(200);
  });
});
