// The model registry (issue 9, part 1): a portfolio model trained from the nightly history (features stored per case
// and date; label = paid ≥ 10 % of the balance within 30 days after), evaluated on a holdout next to the rule score,
// registered as a numbered candidate, activated (audited), and then scoring the nightly run with its own reasons.
// Too little history is refused with the counts; collectors may not train.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../app.js';
import { testDatabases } from '../db.js';
import { make, type DebtorWithCase } from '../factories.js';
import { addDays } from '../../src/core/delinquency/index.js';
import { newId } from '../../src/server/platform/ids.js';

const AS_OF = '2026-06-01';
const DATES = Array.from({ length: 10 }, (_, i) => addDays('2026-02-02', i * 7)); // weekly, all ≥ 30 days before AS_OF

describe.each(testDatabases())('model registry on %s', (kind) => {
  let t: TestApp;
  const cases: Array<DebtorWithCase & { payer: boolean }> = [];

  beforeAll(async () => {
    t = await createTestApp(kind);
    t.clock.set(`${AS_OF}T03:00:00.000Z`);
    const db = t.rt.ctx.db;
    const cr = await make.creditor(db);
    for (let i = 0; i < 60; i++) {
      const k = await make.debtorWithCase(db, t.rt.ctx.pii, t.clock, { creditorId: cr.id, dpd: 20 + i, principalMinor: 200_000 });
      cases.push({ ...k, payer: i % 2 === 0 });
    }
    // History: ten weekly runs; payers show recent payments in their features and keep paying every week.
    for (const asOf of DATES) {
      const runId = newId();
      await db.insertInto('nightly_run').values({ id: runId, as_of: asOf, status: 'completed', batch_size: 1000, cursor_case_id: null, attempts: 1, counts_json: null, report_json: null, error: null, started_at: `${asOf}T00:00:00.000Z`, finished_at: `${asOf}T00:01:00.000Z` }).execute();
      await db.insertInto('case_score').values(cases.map((k, i) => ({
        id: newId(), run_id: runId, case_id: k.caseId, as_of: asOf, dpd: 20 + i, bucket: 20 + i <= 30 ? 'M1' : 'M2', score: 50, band: 'B', segment: 'M1-B',
        features_json: JSON.stringify({ daysPastDue: 20 + i, paymentsLast30Days: k.payer ? 2 : 0, paymentsLast90Days: k.payer ? 5 : 0, promisesKept: 0, promisesBroken: 0, contactAttempts: 3, rightPartyContacts: 1, addressVerified: false }) as never,
        reasons_json: JSON.stringify([]) as never, next_action_kind: 'call', next_action_channel: 'call', next_action_at: null, next_action_note: null,
      })) as never).execute();
    }
    const pays = cases.filter((k) => k.payer).flatMap((k) => DATES.map((d, j) => ({
      id: newId(), debt_account_id: k.accountId, case_id: k.caseId, external_id: `P-${k.caseId}-${j}`, amount_minor: 60_000, currency: 'CNY', paid_on: addDays(d, 3),
      channel: 'bank_transfer', creditor_id: cr.id, reversal_of: null, import_job_id: null, created_at: `${d}T00:00:00.000Z`,
    })));
    for (let i = 0; i < pays.length; i += 100) await db.insertInto('payment').values(pays.slice(i, i + 100)).execute();
  });
  afterAll(() => t.close());

  it('trains a candidate from the history, beats the rule score on the holdout, and scores the nightly run once active', async () => {
    const r = await t.admin.post('/api/models', { asOf: AS_OF, kind: 'gbdt' });
    expect(r.statusCode, r.body).toBe(201);
    const m = r.json();
    expect(m).toMatchObject({ version: 1, status: 'candidate', kind: 'gbdt', rows: 600, positives: 300, labelDays: 30, labelShareBp: 1000, historyTo: addDays(AS_OF, -30) });
    expect(m.metrics.holdoutRows).toBe(180);
    expect(m.metrics.auc).toBeGreaterThan(0.95);
    expect(m.metrics.ruleAuc).toBe(0.5); // every stored rule score was 50: no ranking at all

    const act = await t.admin.post(`/api/models/${m.id}/activate`, {});
    expect(act.statusCode).toBe(200);
    expect(act.json()).toMatchObject({ status: 'active' });
    expect((await t.admin.post(`/api/models/${m.id}/activate`, {})).statusCode).toBe(409);
    const audit = await t.rt.ctx.db.selectFrom('audit_log').select(['action']).where('entity_id', '=', m.id).execute();
    expect(audit.map((a) => a.action).sort()).toEqual(['model.activated', 'model.trained']);

    // A second model retires the first on activation.
    const m2 = (await t.admin.post('/api/models', { asOf: AS_OF, kind: 'logistic' })).json();
    expect(m2.version).toBe(2);
    await t.admin.post(`/api/models/${m2.id}/activate`, {});
    const list = (await t.admin.get('/api/models')).json().items as Array<{ version: number; status: string }>;
    expect(list.map((x) => [x.version, x.status])).toEqual([[2, 'active'], [1, 'retired']]);
  });

  it('the nightly run scores with the active model: its id on every row, model reasons, payers above the rest', async () => {
    await t.rt.services.strategy.run(AS_OF);
    const rows = await t.rt.ctx.db.selectFrom('case_score').select(['case_id', 'score', 'model_id', 'reasons_json']).where('as_of', '=', AS_OF).execute();
    expect(rows).toHaveLength(60);
    const active = (await t.admin.get('/api/models')).json().items.find((x: { status: string }) => x.status === 'active');
    expect(new Set(rows.map((r) => r.model_id))).toEqual(new Set([active.id]));
    expect(rows.every((r) => r.reasons_json.every((x) => x.code.startsWith('model:')))).toBe(true);
    // Today's features come from the live tables: payers paid within the last 90 days of AS_OF, the others never.
    expect(rows.every((r) => Number(r.score) >= 0 && Number(r.score) <= 100)).toBe(true);
    const payer = new Set(cases.filter((k) => k.payer).map((k) => k.caseId));
    const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;
    const payers = mean(rows.filter((r) => payer.has(r.case_id)).map((r) => Number(r.score)));
    const others = mean(rows.filter((r) => !payer.has(r.case_id)).map((r) => Number(r.score)));
    expect(payers).toBeGreaterThan(others + 10);
  });

  it('refuses to train on thin history with the counts, and refuses collectors', async () => {
    const thin = await t.admin.post('/api/models', { asOf: '2026-03-10' });
    expect(thin.statusCode).toBe(409);
    expect(thin.body).toMatch(/规则评分|rule score/);
    expect(thin.json().message ?? thin.body).toMatch(/\d+/);
    const col = await t.userWith('collector');
    expect((await col.post('/api/models', {})).statusCode).toBe(403);
    expect((await t.admin.post('/api/models', { labelDays: 3 })).statusCode).toBe(400);
  });
});
