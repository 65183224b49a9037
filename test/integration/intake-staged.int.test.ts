// The import page's flow over HTTP: a staged upload, its preview (mapping in use, field list, the first rows
// validated), a run with an edited mapping saved for the creditor, the saved mapping found again by header text in
// a reordered file, discarding, the uploaded file removed once its job ends, and resuming interrupted imports.
import fs from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PREVIEW_ROWS, type ImportPreview } from '../../src/contracts/intake.js';
import { createTestApp, type TestApp } from '../app.js';
import { testDatabases } from '../db.js';
import { make } from '../factories.js';
import { PLACEMENT_HEADER, csv, placementRow } from '../intake-files.js';

/** A header the automatic mapping does not fully know: the principal column has a name of the lender's own. */
const RENAMED = '授信额度';
const HEADER = PLACEMENT_HEADER.map((h) => (h === '借款金额' ? RENAMED : h));

describe.each(testDatabases())('staged intake on %s', (kind) => {
  let t: TestApp;
  let creditorId: string;
  let csrf: string;
  let session: string;
  const send = (method: 'GET' | 'POST' | 'DELETE', url: string, o: { body?: unknown; raw?: Buffer; lang?: string } = {}) =>
    t.app.inject({
      method,
      url,
      cookies: { concord_session: session },
      headers: {
        'x-csrf-token': csrf,
        ...(o.lang ? { 'accept-language': o.lang } : {}),
        ...(o.raw ? { 'content-type': 'application/octet-stream' } : {}),
      },
      ...(o.raw ? { payload: o.raw } : o.body !== undefined ? { payload: o.body as object } : {}),
    });
  const stage = (body: Buffer, fileName = 'staged.csv', q: Record<string, string> = {}) =>
    send('POST', `/api/intake/imports?${new URLSearchParams({ creditorId, kind: 'placements', fileName, stage: 'true', ...q })}`, { raw: body });
  const preview = async (id: string, mapping?: Record<string, number>, lang?: string) => {
    const res = await send('GET', `/api/intake/imports/${id}/preview${mapping ? `?mapping=${encodeURIComponent(JSON.stringify(mapping))}` : ''}`, lang ? { lang } : {});
    expect(res.statusCode, res.body).toBe(200);
    return res.json() as ImportPreview;
  };
  const filePathOf = async (id: string) => (await t.db.db.selectFrom('import_job').select('file_path').where('id', '=', id).executeTakeFirstOrThrow()).file_path;

  /** Rows in `header`'s column order. */
  const fileWith = (header: string[], rows: string[][]) => Buffer.from(csv([header, ...rows.map((r) => header.map((h) => r[HEADER.indexOf(h)] ?? ''))]));
  const rowsOf = (from: number, n: number) => Array.from({ length: n }, (_, i) => placementRow(from + i));

  beforeAll(async () => {
    t = await createTestApp(kind);
    creditorId = (await make.creditor(t.db.db)).id;
    const login = await t.app.inject({ method: 'POST', url: '/api/auth/login', payload: { username: 'admin', password: 'admin-password-123' }, headers: { 'x-forwarded-for': '10.98.0.1' } });
    session = login.cookies.find((c) => c.name === 'concord_session')!.value;
    csrf = (login.json() as { csrfToken: string }).csrfToken;
  });
  afterAll(() => t.close());

  it('stage → preview (auto mapping, row errors) → run with an edited, saved mapping → a reordered file gets the saved mapping', async () => {
    // 25 rows (only 20 are previewed); row 2 has a bad national id.
    const rows = rowsOf(100, 25);
    rows[1] = placementRow(101, { 身份证号: '110105199001011234' });
    const up = await stage(fileWith(HEADER, rows), '委案-预览.csv');
    expect(up.statusCode).toBe(202);
    const job = up.json();
    expect(job).toMatchObject({ status: 'staged', totalRows: 0 });
    const uploaded = await filePathOf(job.id);
    expect(uploaded && fs.existsSync(uploaded)).toBe(true);
    // Nothing ran: no debtor yet.
    expect(await t.db.db.selectFrom('debtor').select('id').where('external_id', '=', 'C0000100').executeTakeFirst()).toBeUndefined();

    const p = await preview(job.id);
    expect(p.header).toEqual(HEADER);
    expect(p).toMatchObject({ format: 'csv', encoding: 'utf8', delimiter: ',', mappingSource: 'auto' });
    expect(p.mapping.principal).toBeUndefined();
    expect(p.mapping.fullName).toBe(HEADER.indexOf('姓名'));
    expect(p.mappingErrors).toEqual([expect.objectContaining({ field: 'principal', code: 'required_unmapped', message: '缺少必填列「借款金额」' })]);
    expect(p.fields.find((f) => f.key === 'principal')).toMatchObject({ label: { 'zh-CN': '借款金额', en: 'Principal' }, required: true, type: 'amount' });
    expect(p.rows).toHaveLength(PREVIEW_ROWS);
    expect(p.rows[0]).toMatchObject({ rowNumber: 1, cells: rows[0] });
    // Without a principal column every row misses it; row 2 also has the bad national id, named by column.
    expect(p.rows[1]!.errors).toEqual(
      expect.arrayContaining([expect.objectContaining({ field: 'nationalId', column: '身份证号', columnIndex: HEADER.indexOf('身份证号') })]),
    );
    expect(p.rows[1]!.errors.find((e) => e.field === 'nationalId')!.message).toMatch(/校验/);

    // The edited mapping: the preview validates with it, in the request's language.
    const edited: Record<string, number> = { ...p.mapping, principal: HEADER.indexOf(RENAMED) };
    const p2 = await preview(job.id, edited, 'en');
    expect(p2.mappingSource).toBe('given');
    expect(p2.mappingErrors).toEqual([]);
    expect(p2.rows.filter((r) => r.ok)).toHaveLength(PREVIEW_ROWS - 1);
    expect(p2.rows[1]).toMatchObject({ ok: false, errors: [expect.objectContaining({ field: 'nationalId', column: '身份证号' })] });
    expect(p2.rows[1]!.errors[0]!.message).toMatch(/check digit/i);
    // A column used twice is a mapping error naming the field.
    const twice = await preview(job.id, { ...edited, product: edited.fullName! });
    expect(twice.mappingErrors).toEqual(expect.arrayContaining([expect.objectContaining({ code: 'column_reused' })]));

    // Run with a broken mapping: 400 naming the field; the job stays staged.
    const bad = await send('POST', `/api/intake/imports/${job.id}/run`, { body: { mapping: p.mapping, saveMapping: true } });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error.code).toBe('intake.bad_mapping');
    expect(bad.json().error.message).toContain('借款金额');
    expect(bad.json().error.issues).toEqual([expect.objectContaining({ path: 'mapping.principal' })]);
    expect((await send('GET', `/api/intake/imports/${job.id}`)).json().status).toBe('staged');

    const run = await send('POST', `/api/intake/imports/${job.id}/run`, { body: { mapping: edited, saveMapping: true } });
    expect(run.statusCode).toBe(202);
    const done = (await send('GET', `/api/intake/imports/${job.id}`)).json();
    expect(done).toMatchObject({ status: 'completed', totalRows: 25, acceptedRows: 24, rejectedRows: 1, insertedRows: 24, hasRejectedFile: true });
    const acc = await t.db.db.selectFrom('debt_account').selectAll().where('external_loan_id', '=', 'L00000100').executeTakeFirstOrThrow();
    expect(Number(acc.principal_minor)).toBe(Number(rows[0]![HEADER.indexOf(RENAMED)]) * 100);
    // The uploaded file is gone; the rejected rows stay downloadable.
    expect(fs.existsSync(uploaded!)).toBe(false);
    expect(await filePathOf(job.id)).toBeNull();
    expect((await send('GET', `/api/intake/imports/${job.id}/rejected`)).statusCode).toBe(200);
    // Saved by header text, and audited.
    const saved = await t.db.db.selectFrom('creditor_mapping').selectAll().where('creditor_id', '=', creditorId).where('kind', '=', 'placements').executeTakeFirstOrThrow();
    expect((saved.mapping_json as Record<string, string>)[RENAMED]).toBe('principal');
    const audits = await t.db.db.selectFrom('audit_log').select(['action', 'entity_id']).where('action', 'in', ['intake.mapping.saved', 'intake.import.queued']).execute();
    expect(audits.map((a) => a.action).sort()).toEqual(['intake.import.queued', 'intake.mapping.saved']);
    // A run job cannot be run, previewed or discarded again.
    expect((await send('POST', `/api/intake/imports/${job.id}/run`, { body: { mapping: edited, saveMapping: false } })).statusCode).toBe(409);
    expect((await send('GET', `/api/intake/imports/${job.id}/preview`)).statusCode).toBe(409);

    // The next file has the same headers in another order: the saved mapping is found by header text.
    const reordered = [...HEADER].reverse();
    const next = (await stage(fileWith(reordered, rowsOf(200, 3)), 'next.csv')).json();
    const p3 = await preview(next.id);
    expect(p3.mappingSource).toBe('saved');
    expect(p3.mapping.principal).toBe(reordered.indexOf(RENAMED));
    expect(p3.mapping.fullName).toBe(reordered.indexOf('姓名'));
    expect(p3.mappingErrors).toEqual([]);
    expect(p3.rows.every((r) => r.ok)).toBe(true);
    // Running it without saving leaves the saved mapping as it was.
    const before = (await t.db.db.selectFrom('creditor_mapping').select('updated_at').where('creditor_id', '=', creditorId).executeTakeFirstOrThrow()).updated_at;
    t.clock.advance(60_000);
    const r3 = await send('POST', `/api/intake/imports/${next.id}/run`, { body: { mapping: p3.mapping, saveMapping: false } });
    expect(r3.json()).toMatchObject({ status: 'completed', totalRows: 3, acceptedRows: 3 });
    expect((await t.db.db.selectFrom('creditor_mapping').select('updated_at').where('creditor_id', '=', creditorId).executeTakeFirstOrThrow()).updated_at).toEqual(before);
  });

  it('discarding a staged upload deletes its file; the job ends cancelled', async () => {
    const job = (await stage(fileWith(HEADER, rowsOf(300, 2)))).json();
    const file = await filePathOf(job.id);
    expect(fs.existsSync(file!)).toBe(true);
    const res = await send('DELETE', `/api/intake/imports/${job.id}`);
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({ status: 'cancelled' });
    expect(fs.existsSync(file!)).toBe(false);
    expect((await send('DELETE', `/api/intake/imports/${job.id}`)).statusCode).toBe(409);
    expect((await send('POST', `/api/intake/imports/${job.id}/run`, { body: { mapping: { fullName: 1 }, saveMapping: false } })).statusCode).toBe(409);
    const audit = await t.db.db.selectFrom('audit_log').select('action').where('entity_id', '=', job.id).execute();
    expect(audit.map((a) => a.action)).toEqual(expect.arrayContaining(['intake.import.created', 'intake.import.discarded']));
  });

  it('an unreadable staged file: the preview names the problem; a failed job loses its upload too', async () => {
    const empty = (await stage(Buffer.alloc(0), 'empty.csv')).json();
    const res = await send('GET', `/api/intake/imports/${empty.id}/preview`);
    expect(res.statusCode).toBe(400);
    expect(res.json().error).toMatchObject({ code: 'intake.file_unreadable', message: '无法读取文件：文件为空' });
    const file = await filePathOf(empty.id);
    const run = await send('POST', `/api/intake/imports/${empty.id}/run`, { body: { mapping: {}, saveMapping: false } });
    expect(run.statusCode).toBe(400);
    // The default (immediate) upload of an empty file fails, and its upload is removed.
    const now = await send('POST', `/api/intake/imports?${new URLSearchParams({ creditorId, kind: 'placements', fileName: 'empty2.csv' })}`, { raw: Buffer.alloc(0) });
    expect(now.json()).toMatchObject({ status: 'failed' });
    expect(await filePathOf(now.json().id)).toBeNull();
    expect(fs.existsSync(file!)).toBe(true);
    await send('DELETE', `/api/intake/imports/${empty.id}`);
  });

  it('API tokens reach only their creditor; other roles are refused', async () => {
    const job = (await stage(fileWith(HEADER, rowsOf(400, 1)))).json();
    const other = await make.creditor(t.db.db);
    const secretOf = async (cid: string) => (await t.admin.post(`/api/admin/creditors/${cid}/tokens`, { name: `t-${cid.slice(-4)}` })).json().secret as string;
    const foreign = await secretOf(other.id);
    const own = await secretOf(creditorId);
    const as = (secret: string, method: 'GET' | 'POST' | 'DELETE', url: string, payload?: object) =>
      t.app.inject({ method, url, headers: { authorization: `Bearer ${secret}` }, ...(payload ? { payload } : {}) });
    expect((await as(foreign, 'GET', `/api/intake/imports/${job.id}/preview`)).statusCode).toBe(404);
    expect((await as(foreign, 'POST', `/api/intake/imports/${job.id}/run`, { mapping: {}, saveMapping: false })).statusCode).toBe(404);
    expect((await as(foreign, 'DELETE', `/api/intake/imports/${job.id}`)).statusCode).toBe(404);
    expect((await as(own, 'GET', `/api/intake/imports/${job.id}/preview`)).statusCode).toBe(200);
    const collector = await t.userWith('collector');
    expect((await collector.get(`/api/intake/imports/${job.id}/preview`)).statusCode).toBe(403);
    expect((await collector.delete(`/api/intake/imports/${job.id}`)).statusCode).toBe(403);
    expect((await as(own, 'DELETE', `/api/intake/imports/${job.id}`)).json()).toMatchObject({ status: 'cancelled' });
  });

  it('resumeInterrupted runs an import left running by a dead process, never a staged one', async () => {
    const left = (await stage(fileWith(HEADER, rowsOf(500, 2)), 'left-running.csv')).json();
    const waiting = (await stage(fileWith(HEADER, rowsOf(600, 2)), 'waiting.csv')).json();
    // A process died while running `left`.
    await t.db.db.updateTable('import_job').set({ status: 'running', started_at: t.clock.now().toISOString() }).where('id', '=', left.id).execute();
    expect(await t.rt.services.intake.resumeInterrupted()).toBe(1);
    // Without a mapping of its own it uses the creditor's saved one (principal from the renamed column).
    expect((await send('GET', `/api/intake/imports/${left.id}`)).json()).toMatchObject({ status: 'completed', totalRows: 2, acceptedRows: 2 });
    expect((await send('GET', `/api/intake/imports/${waiting.id}`)).json()).toMatchObject({ status: 'staged' });
    expect(await t.rt.services.intake.resumeInterrupted()).toBe(0);
    expect(fs.existsSync((await filePathOf(waiting.id))!)).toBe(true);
  });
});
