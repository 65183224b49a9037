// The nightly run (issue 9, part 5, first slice): re-age, re-score, segment, next action with a lawful time, report.
// A small portfolio placed through intake; batch size 2 so every run has several batches (transactions).
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ADMIN_PASSWORD, createTestApp, type TestApp } from '../app.js';
import { testDatabases } from '../db.js';
import { make } from '../factories.js';
import { PAYMENT_HEADER, PLACEMENT_HEADER, csv, paymentRow, placementRow } from '../intake-files.js';
import { newId } from '../../src/server/platform/ids.js';
import type { Scenario } from '../../src/core/compliance/types.js';

const BATCH = 2;

describe.each(testDatabases())('nightly run on %s', (kind) => {
  let t: TestApp;
  let creditorId: string;
  let dir: string;
  let n = 0;
  const caseOf: Record<string, string> = {};
  const importFile = async (kindOf: 'placements' | 'payments', header: string[], rows: string[][]) => {
    const file = path.join(dir, `f${n++}.csv`);
    fs.writeFileSync(file, csv([header, ...rows]));
    const intake = t.rt.services.intake;
    const job = await intake.createImport('system', { creditorId, kind: kindOf, filePath: file, fileName: path.basename(file) }, { enqueue: false });
    return intake.runImport(job.id);
  };
  const scores = async (asOf: string) =>
    (await t.db.db.selectFrom('case_score').selectAll().where('as_of', '=', asOf).orderBy('case_id').execute()).map(({ id: _i, run_id: _r, ...rest }) => ({ ...rest, score: Number(rest.score) }));
  const run = (asOf: string, o: Parameters<TestApp['rt']['services']['strategy']['run']>[1] = {}) => t.rt.services.strategy.run(asOf, { batchSize: BATCH, ...o });

  beforeAll(async () => {
    t = await createTestApp(kind);
    creditorId = (await make.creditor(t.db.db)).id;
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'concord-nightly-'));
    // As of 2026-11-28: L0 DPD 8 (M1), L1 58 (M2), L2 89 (M3), L3 58 (M2, paid in full on 12-01), L4 1 (M1), L5 > 360 (M6+).
    const overdue = ['2026-11-20', '2026-10-01', '2026-08-31', '2026-10-01', '2026-11-27', '2025-06-01'];
    const res = await importFile('placements', PLACEMENT_HEADER, overdue.map((d, i) => placementRow(i, { 逾期起始日: d })));
    expect(res).toMatchObject({ status: 'completed', insertedRows: 6 });
    for (let i = 0; i < 6; i++) {
      const a = await t.db.db.selectFrom('debt_account').select('case_id').where('external_loan_id', '=', `L${String(i).padStart(8, '0')}`).executeTakeFirstOrThrow();
      caseOf[`L${i}`] = a.case_id;
    }
    // L0 paid a little today; L1 kept two promises and broke one, and its home address is verified.
    expect(await importFile('payments', PAYMENT_HEADER, [paymentRow(1, 0, { 还款金额: '100.00', 还款日期: '2026-11-28' })])).toMatchObject({ acceptedRows: 1 });
    const admin = await t.db.db.selectFrom('app_user').select('id').where('username', '=', 'admin').executeTakeFirstOrThrow();
    const now = '2026-11-28T02:00:00.000Z';
    for (const [status, due] of [['kept', '2026-11-01'], ['kept', '2026-11-10'], ['broken', '2026-11-15']] as const) {
      await t.db.db.insertInto('promise_to_pay').values({
        id: newId(), case_id: caseOf.L1!, debt_account_id: null, amount_minor: 10_000, currency: 'CNY', due_date: due, made_on: '2026-10-20', note: null, status,
        paid_minor: status === 'kept' ? 10_000 : 0, kept_on: status === 'kept' ? due : null, evaluated_at: now, created_by: admin.id, created_at: now, updated_at: now,
      }).execute();
    }
    const l1 = await t.db.db.selectFrom('collection_case').select('debtor_id').where('id', '=', caseOf.L1!).executeTakeFirstOrThrow();
    await t.db.db.updateTable('address').set({ verification_status: 'verified', verified_at: now }).where('debtor_id', '=', l1.debtor_id).execute();
  });
  afterAll(async () => {
    await t.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('scores, segments and plans every open case; running the same date twice changes nothing', async () => {
    const first = await run('2026-11-28');
    expect(first).toMatchObject({ status: 'completed', counts: { batches: 3, scored: 6 } });
    const a = await scores('2026-11-28');
    expect(a).toHaveLength(6);
    const by = (loan: string) => a.find((r) => r.case_id === caseOf[loan])!;
    expect(by('L0')).toMatchObject({ dpd: 8, bucket: 'M1', next_action_kind: 'call' });
    // 50 + 20 (DPD 1–30) + 20 (paid in the last 30 days)
    expect(by('L0').score).toBe(90);
    expect(by('L0').reasons_json.map((r) => r.code)).toEqual(['dpd_1_30', 'paid_30d']);
    // 50 + 10 (DPD 31–60) + 16 (2 kept) − 10 (1 broken) + 5 (address verified)
    expect(by('L1')).toMatchObject({ dpd: 58, bucket: 'M2', score: 71, band: 'A', segment: 'M2-A', next_action_kind: 'visit_request', next_action_channel: 'visit' });
    expect(by('L2')).toMatchObject({ dpd: 89, bucket: 'M3', next_action_kind: 'call' });
    expect(by('L5')).toMatchObject({ bucket: 'M6+', next_action_kind: 'legal_review', next_action_channel: null });
    const c0 = await t.db.db.selectFrom('collection_case').select(['priority_score', 'next_action_at']).where('id', '=', caseOf.L0!).executeTakeFirstOrThrow();
    expect(Number(c0.priority_score)).toBe(90);
    expect(c0.next_action_at).toBe(by('L0').next_action_at);
    expect(first.report).toMatchObject({ scored: 6, previousAsOf: null, psi: null, rollRates: [], byBucket: { M1: 2, M2: 2, M3: 1, 'M6+': 1 } });

    const again = await run('2026-11-28');
    expect(again).toMatchObject({ id: first.id, status: 'completed', attempts: 2 });
    expect(await scores('2026-11-28')).toEqual(a);
    const { seconds: _s1, finishing: _s1f, ...r1 } = first.report!;
    const { seconds: _s2, finishing: _s2f, ...r2 } = again.report!;
    expect(r2).toEqual(r1);
    expect(await t.db.db.selectFrom('nightly_run').select('id').execute()).toHaveLength(1);
  });

  it('next action times are lawful: not in quiet hours, and the engine allows the action then', async () => {
    const engine = t.rt.services.compliance.engine;
    const rows = (await scores('2026-11-28')).filter((r) => r.next_action_channel !== null);
    expect(rows.length).toBeGreaterThan(0);
    for (const r of rows) {
      expect(r.next_action_at, `${r.next_action_kind}: ${r.next_action_note}`).not.toBeNull();
      const hour = Number(new Intl.DateTimeFormat('en-GB', { timeZone: 'Asia/Shanghai', hour: '2-digit', hourCycle: 'h23' }).format(new Date(r.next_action_at!)));
      expect(hour).toBeGreaterThanOrEqual(8);
      expect(hour).toBeLessThan(21);
      const c = await t.db.db.selectFrom('collection_case').innerJoin('creditor', 'creditor.id', 'collection_case.creditor_id').select(['debtor_id', 'rule_pack_set']).where('collection_case.id', '=', r.case_id).executeTakeFirstOrThrow();
      const debts = await t.db.db.selectFrom('debt_account').select(['id', 'external_loan_id', 'product']).where('case_id', '=', r.case_id).execute();
      const point = r.next_action_channel === 'visit'
        ? (await t.db.db.selectFrom('address').select('id').where('debtor_id', '=', c.debtor_id).where('verification_status', '=', 'verified').executeTakeFirstOrThrow()).id
        : (await t.db.db.selectFrom('phone').select('id').where('debtor_id', '=', c.debtor_id).where('contact_person_id', 'is', null).orderBy('id').executeTakeFirstOrThrow()).id;
      // Agent rules (certificates, two-person visits) are checked when the collector acts, after allocation.
      const packs = engine.resolve(c.rule_pack_set.split(/\s+/).filter(Boolean)).filter(({ rule }) => rule.kind !== 'qualification' && rule.kind !== 'visit_team')
        .map(({ pack, rule }) => `${pack.id}#${rule.kind}`);
      const s: Scenario = {
        packs, at: r.next_action_at!,
        action: { channel: r.next_action_channel as Scenario['action']['channel'], partyId: c.debtor_id, contactPoint: point, debtIds: debts.map((d) => d.id), collectorId: 'concord', agentIds: [], recording: true },
        parties: [{ id: c.debtor_id, role: 'debtor', timeZones: ['Asia/Shanghai'] }],
        debts: debts.map((d) => ({ id: d.id, accountNumber: d.external_loan_id, product: d.product })), agents: [], history: [], events: [],
      };
      expect(engine.decide(s).outcome, `${r.next_action_kind} at ${r.next_action_at}`).not.toBe('block');
    }
  });

  it('a later date ages the cases, rolls buckets, drops the case paid in full and reports roll rates and PSI', async () => {
    t.clock.set('2026-12-05T02:00:00.000Z');
    // L3 pays everything (10,400.50 principal + 120.00 interest) on 12-01.
    expect(await importFile('payments', PAYMENT_HEADER, [paymentRow(2, 3, { 还款金额: '10520.50', 还款日期: '2026-12-01' })])).toMatchObject({ acceptedRows: 1 });
    const r = await run('2026-12-05');
    const b = await scores('2026-12-05');
    expect(b).toHaveLength(5);
    const by = (loan: string) => b.find((x) => x.case_id === caseOf[loan]);
    expect(by('L0')).toMatchObject({ dpd: 15, bucket: 'M1' });
    expect(by('L1')).toMatchObject({ dpd: 65, bucket: 'M3' });
    expect(by('L2')).toMatchObject({ dpd: 96, bucket: 'M4', next_action_kind: 'legal_review' });
    expect(by('L3')).toBeUndefined();
    const c3 = await t.db.db.selectFrom('collection_case').select(['status', 'priority_score']).where('id', '=', caseOf.L3!).executeTakeFirstOrThrow();
    expect(c3).toMatchObject({ status: 'paid', priority_score: null });
    expect(r.report!.previousAsOf).toBe('2026-11-28');
    expect(r.report!.rollRates).toEqual([
      { from: 'M1', to: 'M1', count: 2, share: 1 },
      { from: 'M2', to: 'M3', count: 1, share: 0.5 },
      { from: 'M2', to: 'paid', count: 1, share: 0.5 },
      { from: 'M3', to: 'M4', count: 1, share: 1 },
      { from: 'M6+', to: 'M6+', count: 1, share: 1 },
    ]);
    expect(r.report!.psi).toEqual(expect.any(Number));
    expect(r.report!.psi!).toBeGreaterThanOrEqual(0);
    expect(r.report!.scoreDeciles.length).toBeGreaterThan(0);
    // The earlier date's rows are history, untouched.
    expect(await scores('2026-11-28')).toHaveLength(6);
  });

  it('a run killed after its first batch, run again, ends as a clean run does', async () => {
    await expect(run('2026-12-12', { afterBatch: (no) => { if (no === 1) throw new Error('killed'); } })).rejects.toThrow('killed');
    const failed = await t.db.db.selectFrom('nightly_run').selectAll().where('as_of', '=', '2026-12-12').executeTakeFirstOrThrow();
    expect(failed).toMatchObject({ status: 'failed' });
    expect(await scores('2026-12-12')).toHaveLength(2);
    const resumed = await run('2026-12-12');
    expect(resumed).toMatchObject({ status: 'completed', counts: { scored: 5 } });
    const afterResume = await scores('2026-12-12');
    expect(afterResume).toHaveLength(5);
    const clean = await run('2026-12-12'); // a completed date is recomputed from the first case
    expect(await scores('2026-12-12')).toEqual(afterResume);
    const { seconds: _a, finishing: _af, ...x } = resumed.report!;
    const { seconds: _b, finishing: _bf, ...y } = clean.report!;
    expect(x).toEqual(y);
  });

  it('lists runs and their reports for supervisors; a collector may not; the case shows its latest score', async () => {
    const sup = await t.userWith('supervisor');
    const list = await sup.get('/api/runs');
    expect(list.statusCode).toBe(200);
    expect(list.json().items.map((r: { asOf: string }) => r.asOf)).toEqual(['2026-12-12', '2026-12-05', '2026-11-28']);
    const one = await sup.get(`/api/runs/${list.json().items[1].id}`);
    expect(one.json()).toMatchObject({ asOf: '2026-12-05', report: { previousAsOf: '2026-11-28' } });
    const col = await t.userWith('collector');
    expect((await col.get('/api/runs')).statusCode).toBe(403);
    const sc = await (await t.login('admin', ADMIN_PASSWORD)).get(`/api/cases/${caseOf.L1}/score`);
    expect(sc.json()).toMatchObject({ score: { asOf: '2026-12-12', segment: expect.stringMatching(/^M3-/), reasons: expect.arrayContaining([expect.objectContaining({ code: 'promises_kept', points: 16 })]) } });
  });
});
