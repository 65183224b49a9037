// Portfolio intake over HTTP and through the service: a GBK placements file with bad rows, the rejected-rows
// file, re-imports that change nothing, a changed phone, payments applied once, the JSON batch API for a
// creditor's token, and the templates.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import iconv from 'iconv-lite';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../app.js';
import { testDatabases } from '../db.js';
import { make } from '../factories.js';
import { PAYMENT_HEADER, PLACEMENT_HEADER, csv, paymentRow, placementRow } from '../intake-files.js';

const TABLES = ['debtor', 'phone', 'email_address', 'address', 'contact_person', 'collection_case', 'debt_account', 'payment'] as const;

describe.each(testDatabases())('intake on %s', (kind) => {
  let t: TestApp;
  let creditorId: string;
  let dir: string;
  const upload = (body: Buffer, q: Record<string, string>) =>
    t.admin.raw({ method: 'POST', url: `/api/intake/imports?${new URLSearchParams({ creditorId, ...q })}`, payload: body, headers: { 'content-type': 'application/octet-stream', 'x-csrf-token': csrfOf() } });
  let csrfOf: () => string;
  const counts = async () => Object.fromEntries(await Promise.all(TABLES.map(async (tb) => [tb, Number((await t.db.db.selectFrom(tb).select((e) => e.fn.countAll().as('n')).executeTakeFirstOrThrow()).n)])));

  beforeAll(async () => {
    t = await createTestApp(kind);
    creditorId = (await make.creditor(t.db.db)).id;
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'concord-intake-'));
    // The admin client's raw() carries the cookie only: take the CSRF token from a fresh login.
    const login = await t.app.inject({ method: 'POST', url: '/api/auth/login', payload: { username: 'admin', password: 'admin-password-123' }, headers: { 'x-forwarded-for': '10.99.0.1' } });
    const session = login.cookies.find((c) => c.name === 'concord_session')!.value;
    const csrf = (login.json() as { csrfToken: string }).csrfToken;
    csrfOf = () => csrf;
    const raw = t.admin.raw;
    t.admin.raw = (o) => raw({ ...o, cookies: { concord_session: session } });
  });
  afterAll(async () => {
    await t.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  const gbk = (rows: string[][]) => iconv.encode(csv([PLACEMENT_HEADER, ...rows]), 'gbk');
  const good = [0, 1, 2, 3, 4].map((i) => placementRow(i));
  const bad = [
    placementRow(5, { 身份证号: '110105199001011234' }), // bad check digit
    placementRow(6, { 借款金额: '' }), // required
    placementRow(7, { 放款日期: '2026-13-45' }),
  ];

  it('imports a GBK file: report numbers, the rejected file keeps the original columns with a reason, fixed rows are accepted', async () => {
    const res = await upload(gbk([...good, ...bad]), { kind: 'placements', fileName: '委案-11月.csv' });
    expect(res.statusCode).toBe(202);
    const job = (await t.admin.get(`/api/intake/imports/${res.json().id}`)).json();
    expect(job).toMatchObject({ status: 'completed', encoding: 'gb18030', totalRows: 8, acceptedRows: 5, rejectedRows: 3, insertedRows: 5, updatedRows: 0, unchangedRows: 0, percent: 100, hasRejectedFile: true });
    expect(await counts()).toMatchObject({ debtor: 5, debt_account: 5, collection_case: 5, phone: 10, address: 5, contact_person: 5 });
    const c = await t.db.db.selectFrom('collection_case').selectAll().where('creditor_id', '=', creditorId).executeTakeFirstOrThrow();
    expect(c).toMatchObject({ dpd: 58, bucket: 'M2', status: 'open' });
    const debtor = await t.db.db.selectFrom('debtor').selectAll().where('external_id', '=', 'C0000000').executeTakeFirstOrThrow();
    expect(debtor.national_id_masked).toMatch(/^110\*+\d{3}[\dX]$/);
    expect(debtor.national_id_enc).not.toContain('110105');

    const rej = await t.admin.get(`/api/intake/imports/${job.id}/rejected`);
    expect(rej.statusCode).toBe(200);
    expect(rej.headers['content-type']).toContain('text/csv');
    const lines = rej.body.replace(/^\uFEFF/, '').trim().split('\r\n');
    expect(lines[0]).toBe([...PLACEMENT_HEADER, '错误原因 / reason'].join(','));
    expect(lines).toHaveLength(4);
    expect(lines[1]!.startsWith(csv([bad[0]!]).trim())).toBe(true);
    expect(lines[1]).toContain('身份证号');
    expect(lines[2]).toContain('借款金额');

    const fixed = [placementRow(5), placementRow(6), placementRow(7)];
    const again = await upload(gbk(fixed), { kind: 'placements', fileName: 'fixed.csv' });
    expect(again.json()).toMatchObject({ status: 'completed', totalRows: 3, acceptedRows: 3, rejectedRows: 0, insertedRows: 3, hasRejectedFile: false });
    expect((await t.admin.get(`/api/intake/imports/${again.json().id}/rejected`)).statusCode).toBe(404);
  });

  it('importing the same file twice changes nothing', async () => {
    const file = gbk([...good, ...bad]);
    const before = await counts();
    const stamps = await t.db.db.selectFrom('debtor').select(['id', 'updated_at']).orderBy('id').execute();
    const accounts = await t.db.db.selectFrom('debt_account').select(['id', 'updated_at']).orderBy('id').execute();
    const audits = Number((await t.db.db.selectFrom('audit_log').select((e) => e.fn.countAll().as('n')).where('action', '=', 'intake.placement.updated').executeTakeFirstOrThrow()).n);
    t.clock.advance(60_000);
    const res = await upload(file, { kind: 'placements', fileName: 'again.csv' });
    expect(res.json()).toMatchObject({ totalRows: 8, acceptedRows: 5, rejectedRows: 3, insertedRows: 0, updatedRows: 0, unchangedRows: 5 });
    expect(await counts()).toEqual(before);
    expect(await t.db.db.selectFrom('debtor').select(['id', 'updated_at']).orderBy('id').execute()).toEqual(stamps);
    expect(await t.db.db.selectFrom('debt_account').select(['id', 'updated_at']).orderBy('id').execute()).toEqual(accounts);
    expect(Number((await t.db.db.selectFrom('audit_log').select((e) => e.fn.countAll().as('n')).where('action', '=', 'intake.placement.updated').executeTakeFirstOrThrow()).n)).toBe(audits);
  });

  it('a changed phone and balance update the record with one audit entry naming the fields, not the values', async () => {
    const res = await upload(gbk([placementRow(1, { 手机号码: '13912345678', 剩余本金: '100.00' })]), { kind: 'placements', fileName: 'change.csv' });
    expect(res.json()).toMatchObject({ totalRows: 1, updatedRows: 1, insertedRows: 0 });
    const debtor = await t.db.db.selectFrom('debtor').select('id').where('external_id', '=', 'C0000001').executeTakeFirstOrThrow();
    const phones = await t.db.db.selectFrom('phone').select('number_hash').where('debtor_id', '=', debtor.id).where('contact_person_id', 'is', null).execute();
    expect(phones.map((p) => p.number_hash)).toContain(t.rt.ctx.pii.lookupHash('phone', '13912345678'));
    const acc = await t.db.db.selectFrom('debt_account').selectAll().where('external_loan_id', '=', 'L00000001').executeTakeFirstOrThrow();
    expect(Number(acc.outstanding_principal_minor)).toBe(10_000);
    const entries = await t.db.db.selectFrom('audit_log').selectAll().where('action', '=', 'intake.placement.updated').where('entity_id', '=', debtor.id).execute();
    expect(entries).toHaveLength(1);
    const meta = entries[0]!.meta_json as { fields: string[] };
    expect(meta.fields).toEqual(expect.arrayContaining(['phones', 'account.outstanding_principal_minor']));
    expect(JSON.stringify(entries[0])).not.toContain('13912345678');
  });

  it('payments are applied once; an unknown loan id is rejected', async () => {
    const file = Buffer.from(csv([PAYMENT_HEADER, paymentRow(1, 0), paymentRow(2, 1), paymentRow(3, 999)]));
    const first = await upload(file, { kind: 'payments', fileName: 'pay.csv' });
    expect(first.json()).toMatchObject({ status: 'completed', totalRows: 3, acceptedRows: 2, rejectedRows: 1, insertedRows: 2 });
    const rej = await t.admin.get(`/api/intake/imports/${first.json().id}/rejected`);
    expect(rej.body).toContain('L00000999');
    const second = await upload(file, { kind: 'payments', fileName: 'pay.csv' });
    expect(second.json()).toMatchObject({ totalRows: 3, acceptedRows: 2, rejectedRows: 1, insertedRows: 0, unchangedRows: 2 });
    const rows = await t.db.db.selectFrom('payment').selectAll().where('creditor_id', '=', creditorId).execute();
    expect(rows).toHaveLength(2);
    expect(Number(rows.find((r) => r.external_id === 'P00000001')!.amount_minor)).toBe(50_000);
  });

  it('a file-level error fails the job with the problem named', async () => {
    const res = await upload(Buffer.alloc(0), { kind: 'placements', fileName: 'empty.csv' });
    expect(res.json()).toMatchObject({ status: 'failed' });
    expect(res.json().error).toMatch(/^empty_file/);
    const list = await t.admin.get(`/api/intake/imports?creditorId=${creditorId}`);
    expect(list.json().items.length).toBeGreaterThanOrEqual(6);
  });

  it('the JSON batch API answers per row for a creditor token, and refuses others', async () => {
    const created = await t.admin.post(`/api/admin/creditors/${creditorId}/tokens`, { name: 'lender' });
    const secret = created.json().secret as string;
    const rowsOf = (i: number, over: Record<string, string> = {}) => ({
      debtorExternalId: `API${i}`, fullName: '赵六', phone1: `137${String(10_000_000 + i)}`, externalLoanId: `APIL${i}`, product: '消费贷', principal: '5000', apr: '0.24',
      originationDate: '2025-03-01', termMonths: 6, lenderType: 'licensed', outstandingPrincipal: '4000', overdueSince: '2026-11-01', ...over,
    });
    const body = { kind: 'placements', rows: [rowsOf(1), rowsOf(2, { principal: 'abc' }), rowsOf(3)] };
    const res = await t.app.inject({ method: 'POST', url: '/api/intake/batches', headers: { authorization: `Bearer ${secret}` }, payload: body });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({ total: 3, accepted: 2, rejected: 1, inserted: 2 });
    expect(res.json().rows[1]).toMatchObject({ index: 1, status: 'rejected', errors: [{ field: 'principal' }] });
    const again = await t.app.inject({ method: 'POST', url: '/api/intake/batches', headers: { authorization: `Bearer ${secret}` }, payload: body });
    expect(again.json()).toMatchObject({ inserted: 0, unchanged: 2 });

    const other = await make.creditor(t.db.db);
    const foreign = await t.app.inject({ method: 'POST', url: '/api/intake/batches', headers: { authorization: `Bearer ${secret}` }, payload: { ...body, creditorId: other.id } });
    expect(foreign.statusCode).toBe(404);
    const viewer = await t.userWith('creditor_viewer', { creditorId });
    expect((await viewer.post('/api/intake/batches', { ...body, creditorId })).statusCode).toBe(403);
    const collector = await t.userWith('collector');
    expect((await collector.get('/api/intake/imports')).statusCode).toBe(403);
    // The token sees only its creditor's imports.
    const list = await t.app.inject({ method: 'GET', url: '/api/intake/imports', headers: { authorization: `Bearer ${secret}` } });
    expect(list.json().items.every((j: { creditorId: string }) => j.creditorId === creditorId)).toBe(true);
  });

  it('serves the template CSV in either language', async () => {
    const zh = await t.admin.get('/api/intake/templates/placements?locale=zh-CN');
    expect(zh.statusCode).toBe(200);
    expect(zh.headers['content-type']).toContain('text/csv');
    expect(zh.body).toContain('客户编号');
    const en = await t.admin.get('/api/intake/templates/payments?locale=en');
    expect(en.body).toContain('Payment ID');
  });
});
