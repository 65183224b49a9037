// Portfolio intake: import jobs over placement and payment files, and the JSON batch API for lender systems.
// A job streams its file row by row (reader/), validates each row (src/core/intake), writes rejected rows with
// their reason to a CSV under the data directory, and writes accepted rows in batches of BATCH_ROWS, one
// transaction per batch, with the job's counters in the same transaction. Writes are keyed by the creditor's
// external ids (intake.writer.ts), so a job can always be re-run from the beginning: the same file twice, or a
// run killed halfway and run again, ends in the state of one clean import.
import { createReadStream } from 'node:fs';
import { mkdir, rm, stat } from 'node:fs/promises';
import path from 'node:path';
import type { Readable } from 'node:stream';
import { autoMapping, DuplicateTracker, fieldsOf, rowErrorText, templateCsv, validateMapping, validatePaymentRow, validatePlacementRow } from '../../../core/intake/index.js';
import type { ImportKind, Mapping, PaymentRecord, PlacementRecord, RowError } from '../../../core/intake/types.js';
import { PREVIEW_ROWS, type BatchRequest, type BatchResponse, type ImportJob, type ImportPreview, type PreviewError } from '../../../contracts/intake.js';
import type { AppContext } from '../../context.js';
import { actorOf, requirePermission, type Principal } from '../../platform/access.js';
import { systemActor, type Actor } from '../../platform/audit.js';
import { AppError, defineErrors, type Locale } from '../../platform/errors.js';
import { newId } from '../../platform/ids.js';
import { collectGarbage } from '../../platform/memory.js';
import { calendarDate } from '../../platform/clock.js';
import { bulkInserterOf } from '../../db/database.js';
import type { ImportJobTable } from './intake.tables.js';
import { writePayments, writePlacements, type RowOutcome, type WriteDeps } from './intake.writer.js';
import { IntakeFileError, openRowFile, writeRejectedCsv, type OpenedFile, type RowRecord } from './reader/index.js';

export const IntakeErrors = defineErrors({
  'intake.import_not_found': { kind: 'not_found', zh: '导入任务不存在', en: 'No such import' },
  'intake.creditor_not_found': { kind: 'not_found', zh: '委托方不存在', en: 'No such creditor' },
  'intake.no_rejected_file': { kind: 'not_found', zh: '该导入没有被拒绝的行', en: 'This import has no rejected rows' },
  'intake.bad_mapping': { kind: 'validation', zh: '列映射无效：{reason}', en: 'Invalid column mapping: {reason}' },
  'intake.unknown_fields': { kind: 'validation', zh: '未知字段：{fields}', en: 'Unknown fields: {fields}' },
  'intake.file_too_large': { kind: 'too_large', zh: '文件过大（上限 {limit} 字节）', en: 'The file is too large (limit {limit} bytes)' },
  'intake.not_staged': { kind: 'conflict', zh: '该导入已开始或已放弃，不能再预览或修改', en: 'This import has already been started or discarded' },
  'intake.file_unreadable': { kind: 'validation', zh: '无法读取文件：{reason}', en: 'The file cannot be read: {reason}' },
});

/** A file-level problem in words, for the preview (the job's `error` keeps the code form). */
const fileProblem: Record<string, { 'zh-CN': string; en: string }> = {
  empty_file: { 'zh-CN': '文件为空', en: 'the file is empty' },
  no_header: { 'zh-CN': '没有表头行', en: 'there is no header row' },
  bad_delimiter: { 'zh-CN': '无法识别分隔符（逗号、分号、制表符或竖线）', en: 'no delimiter found (comma, semicolon, tab or bar)' },
  bad_encoding: { 'zh-CN': '文件编码无法识别，请选择 UTF-8 或 GBK', en: 'the encoding is not recognised: choose UTF-8 or GBK' },
  cell_too_large: { 'zh-CN': '单元格内容过长', en: 'a cell is too large' },
  unclosed_quote: { 'zh-CN': '引号未闭合', en: 'a quote is never closed' },
  bad_xlsx: { 'zh-CN': '不是有效的 .xlsx 工作簿', en: 'not a valid .xlsx workbook' },
};
const fileProblemText = (e: IntakeFileError, locale: Locale) => {
  const what = fileProblem[e.code]?.[locale] ?? e.message;
  if (e.line === undefined) return what;
  return locale === 'zh-CN' ? `${what}（第 ${e.line} 行）` : `${what} (line ${e.line})`;
};

export type MappingSource = 'given' | 'saved' | 'auto';

/** Accepted rows per transaction. */
export const BATCH_ROWS = 500;
/** A full collection every this many batches (10,000 rows). */
const GC_EVERY_BATCHES = 20;

export type ImportProgress = { rows: number; accepted: number; rejected: number; bytesRead: number; totalBytes: number | null };
export type RunOptions = { onProgress?: (p: ImportProgress) => void; signal?: AbortSignal };
export type CreateImportInput = { creditorId: string; kind: ImportKind; filePath: string; fileName: string; mapping?: Mapping; encoding?: 'auto' | 'utf8' | 'gbk' };

type Counters = { total: number; accepted: number; rejected: number; inserted: number; updated: number; unchanged: number };
const zero = (): Counters => ({ total: 0, accepted: 0, rejected: 0, inserted: 0, updated: 0, unchanged: 0 });

function jobOut(j: ImportJobTable): ImportJob {
  const bytes = Number(j.bytes_read);
  const total = j.total_bytes === null ? null : Number(j.total_bytes);
  const percent = j.status === 'completed' ? 100 : total ? Math.min(100, Math.floor((bytes / total) * 1000) / 10) : 0;
  return {
    id: j.id, creditorId: j.creditor_id, kind: j.kind, source: j.source, status: j.status, fileName: j.file_name, encoding: j.encoding,
    totalRows: j.total_rows, acceptedRows: j.accepted_rows, rejectedRows: j.rejected_rows, insertedRows: j.inserted_rows, updatedRows: j.updated_rows,
    unchangedRows: j.unchanged_rows, bytesRead: bytes, totalBytes: total, percent, hasRejectedFile: j.rejected_file_path !== null, error: j.error,
    createdBy: j.created_by, createdAt: j.created_at, startedAt: j.started_at, finishedAt: j.finished_at,
  };
}

/** A saved mapping is keyed by header text, so it still applies when the creditor reorders its columns. */
export const mappingByHeader = (header: readonly string[], m: Mapping): Record<string, string> =>
  Object.fromEntries(Object.entries(m).filter(([, i]) => header[i] !== undefined).map(([field, i]) => [header[i]!, field]));
export function mappingFromHeader(header: readonly string[], saved: Record<string, string>): Mapping {
  const m: Mapping = {};
  for (const [text, field] of Object.entries(saved)) {
    const i = header.indexOf(text);
    if (i >= 0) m[field] = i;
  }
  return m;
}

const fileErrorText = (e: IntakeFileError) => `${e.code}: ${e.message}${e.line !== undefined ? ` (line ${e.line}${e.column !== undefined ? `, column ${e.column}` : ''})` : ''}`;

export function createIntakeService(ctx: AppContext) {
  const { db, clock, audit, pii } = ctx;
  const now = () => clock.now().toISOString();
  const rejectedDir = path.join(ctx.config.dataDir, 'intake', 'rejected');
  /** Where uploaded files are kept until their import has run. */
  const uploadDir = path.join(ctx.config.dataDir, 'intake', 'uploads');

  async function creditorFor(p: Principal | 'system', creditorId: string) {
    // A token sees only its creditor: any other is "not found", whether it exists or not.
    if (p !== 'system' && p.kind === 'api_token' && p.creditorId !== creditorId) throw new AppError(IntakeErrors['intake.creditor_not_found'], { creditorId });
    const c = await db.selectFrom('creditor').select(['id', 'code', 'time_zone', 'currency']).where('id', '=', creditorId).executeTakeFirst();
    if (!c) throw new AppError(IntakeErrors['intake.creditor_not_found'], { creditorId });
    return c;
  }

  async function loadJob(p: Principal | 'system', id: string): Promise<ImportJobTable> {
    if (p !== 'system') requirePermission(p, 'intake.manage');
    const j = await db.selectFrom('import_job').selectAll().where('id', '=', id).executeTakeFirst();
    if (!j || (p !== 'system' && p.kind === 'api_token' && j.creditor_id !== p.creditorId)) throw new AppError(IntakeErrors['intake.import_not_found'], { id });
    return j;
  }

  async function actorForJob(j: ImportJobTable): Promise<Actor> {
    if (!j.created_by) return systemActor;
    const u = await db.selectFrom('app_user').select(['id', 'username']).where('id', '=', j.created_by).executeTakeFirst();
    if (u) return { type: 'user', id: u.id, label: u.username };
    return { type: 'api_token', id: j.created_by, label: null };
  }

  /**
   * Stores the job and, unless `enqueue` is false (the CLI runs it inline), enqueues `intake.import`. With `stage`
   * the job is `staged` and nothing is enqueued: it waits for runStaged (after a preview) or discardImport.
   */
  async function createImport(p: Principal | 'system', input: CreateImportInput, opts: { enqueue?: boolean; stage?: boolean } = {}): Promise<ImportJob> {
    if (p !== 'system') requirePermission(p, 'intake.manage');
    await creditorFor(p, input.creditorId);
    const id = newId();
    const row: ImportJobTable = {
      id, creditor_id: input.creditorId, kind: input.kind, source: 'file', status: opts.stage ? 'staged' : 'queued', file_name: input.fileName, file_path: path.resolve(input.filePath),
      encoding: input.encoding ?? 'auto', delimiter: null, mapping_json: input.mapping ?? null, total_rows: 0, accepted_rows: 0, rejected_rows: 0, inserted_rows: 0,
      updated_rows: 0, unchanged_rows: 0, bytes_read: 0, total_bytes: null, rejected_file_path: null, error: null,
      created_by: p === 'system' ? null : p.kind === 'user' ? p.userId : p.tokenId, created_at: now(), started_at: null, finished_at: null,
    };
    await db.transaction().execute(async (trx) => {
      await trx.insertInto('import_job').values(row).execute();
      await audit.record(p === 'system' ? systemActor : actorOf(p), { action: 'intake.import.created', entityType: 'import_job', entityId: id, meta: { creditorId: input.creditorId, kind: input.kind, fileName: input.fileName, staged: opts.stage === true } }, trx);
    });
    if (!opts.stage && opts.enqueue !== false) await ctx.queue.enqueue('intake.import', { importJobId: id }, { jobKey: `intake.import:${id}` });
    return jobOut(await loadJob('system', id));
  }

  /**
   * The mapping a job uses: the one it was given, else the creditor's saved one when it still fits (its columns
   * found by header text, fields it does not name filled in automatically where the column is free), else automatic.
   */
  async function resolveMapping(j: ImportJobTable, header: string[]): Promise<{ mapping: Mapping; errors: RowError[]; source: MappingSource }> {
    if (j.mapping_json) {
      const m = j.mapping_json as Mapping;
      return { mapping: m, errors: validateMapping(header, m, j.kind), source: 'given' };
    }
    const auto = autoMapping(header, j.kind).mapping;
    const saved = await db.selectFrom('creditor_mapping').select('mapping_json').where('creditor_id', '=', j.creditor_id).where('kind', '=', j.kind).executeTakeFirst();
    if (saved) {
      const m = mappingFromHeader(header, saved.mapping_json as Record<string, string>);
      const used = new Set(Object.values(m));
      for (const [field, i] of Object.entries(auto)) if (m[field] === undefined && !used.has(i)) m[field] = i;
      if (validateMapping(header, m, j.kind).length === 0) return { mapping: m, errors: [], source: 'saved' };
    }
    return { mapping: auto, errors: validateMapping(header, auto, j.kind), source: 'auto' };
  }

  /** Whether a path is one of our uploads (a CLI import reads the user's own file, which is never deleted). */
  const isUpload = (file: string) => {
    const rel = path.relative(path.resolve(uploadDir), path.resolve(file));
    return rel !== '' && !rel.startsWith('..') && !path.isAbsolute(rel);
  };
  /** Deletes a finished job's uploaded file (the rejected-rows file lives elsewhere and stays). */
  async function removeUpload(id: string, file: string | null) {
    if (!file || !isUpload(file)) return;
    await rm(file, { force: true });
    await db.updateTable('import_job').set({ file_path: null }).where('id', '=', id).execute();
  }

  /** Fills a writer error's column from the mapping (header text, else the field's label). */
  function withColumn(errors: RowError[], header: readonly string[], mapping: Mapping, kind: ImportKind): RowError[] {
    return errors.map((e) => {
      if (e.column) return e;
      const i = mapping[e.field];
      const label = fieldsOf(kind).find((f) => f.key === e.field)?.label['zh-CN'] ?? e.field;
      return { ...e, column: i !== undefined && header[i] !== undefined ? header[i]! : label };
    });
  }

  function validator(kind: ImportKind, header: string[], mapping: Mapping, opts: { defaultCurrency: string; today: string }) {
    return kind === 'placements'
      ? (cells: string[]) => validatePlacementRow(header, cells, mapping, opts)
      : (cells: string[]) => validatePaymentRow(header, cells, mapping, opts);
  }

  async function writeBatch(deps: WriteDeps, kind: ImportKind, items: Array<{ record: PlacementRecord | PaymentRecord; rowNumber: number }>, jobUpdate: (c: Counters) => Partial<ImportJobTable>, counters: Counters) {
    return db.transaction().execute(async (trx) => {
      const outcomes: RowOutcome[] =
        kind === 'placements'
          ? await writePlacements(trx, deps, items as Array<{ record: PlacementRecord; rowNumber: number }>)
          : await writePayments(trx, deps, items as Array<{ record: PaymentRecord; rowNumber: number }>);
      const c = { ...counters };
      for (const o of outcomes) {
        if (o.status === 'rejected') c.rejected++;
        else {
          c.accepted++;
          c[o.status]++;
        }
      }
      await trx.updateTable('import_job').set(jobUpdate(c)).where('id', '=', deps.importJobId).execute();
      return { outcomes, counters: c };
    });
  }

  const counterCols = (c: Counters) => ({
    total_rows: c.total, accepted_rows: c.accepted, rejected_rows: c.rejected, inserted_rows: c.inserted, updated_rows: c.updated, unchanged_rows: c.unchanged,
  });

  /**
   * Runs (or re-runs from the beginning) an import job. A completed or failed job is left as it is. A file-level
   * problem (empty file, bad encoding, unclosed quote, a mapping without a required column) fails the job with
   * the problem named in `error`; rows already written stay (they are correct, and a re-import keeps them).
   */
  async function runImport(id: string, opts: RunOptions = {}): Promise<ImportJob> {
    const j = await loadJob('system', id);
    // Only a queued job, or one left running by a dead process: never a staged, finished or discarded one.
    if ((j.status !== 'queued' && j.status !== 'running') || !j.file_path) return jobOut(j);
    const creditor = await creditorFor('system', j.creditor_id);
    const actor = await actorForJob(j);
    const today = calendarDate(clock.now(), creditor.time_zone);
    let counters = zero();
    await db.updateTable('import_job').set({ status: 'running', started_at: now(), finished_at: null, error: null, bytes_read: 0, rejected_file_path: null, ...counterCols(counters) }).where('id', '=', id).execute();
    const fail = async (error: string) => {
      await db.transaction().execute(async (trx) => {
        await trx.updateTable('import_job').set({ status: 'failed', error, finished_at: now() }).where('id', '=', id).execute();
        await audit.record(actor, { action: 'intake.import.failed', entityType: 'import_job', entityId: id, meta: { error } }, trx);
      });
      await removeUpload(id, j.file_path);
      return jobOut(await loadJob('system', id));
    };

    let file: OpenedFile;
    try {
      const enc = j.encoding === 'utf8' || j.encoding === 'gbk' ? j.encoding : 'auto';
      file = await openRowFile(j.file_path, { encoding: enc });
    } catch (e) {
      if (e instanceof IntakeFileError) return fail(fileErrorText(e));
      if ((e as NodeJS.ErrnoException).code === 'ENOENT') return fail(`missing_file: ${j.file_path}`);
      throw e;
    }
    const header = file.header;
    const { mapping, errors: mappingErrors } = await resolveMapping(j, header);
    if (mappingErrors.length) {
      await file.close();
      return fail(`bad_mapping: ${rowErrorText(mappingErrors, 'zh-CN')}`);
    }
    await db.updateTable('import_job').set({ total_bytes: file.totalBytes, delimiter: file.delimiter, encoding: file.encoding, mapping_json: mapping }).where('id', '=', id).execute();

    await mkdir(rejectedDir, { recursive: true });
    const rejectedPath = path.join(rejectedDir, `${id}.csv`);
    const delimiter = (file.delimiter ?? ',') as ',' | ';' | '\t' | '|';
    const rejected = writeRejectedCsv(rejectedPath, { header, delimiter });
    const deps: WriteDeps = { pii, audit, actor, creditor: { id: creditor.id, time_zone: creditor.time_zone, currency: creditor.currency }, importJobId: id, nowIso: now(), today, bulk: bulkInserterOf(db) };
    const validate = validator(j.kind, header, mapping, { defaultCurrency: creditor.currency, today });
    const tracker = new DuplicateTracker(j.kind, header, mapping);
    let batch: Array<{ row: RowRecord; record: PlacementRecord | PaymentRecord }> = [];
    const reject = (row: RowRecord, errors: RowError[]) => rejected.write(row, rowErrorText(withColumn(errors, header, mapping, j.kind), 'zh-CN'));
    let flushes = 0;
    const flush = async () => {
      const items = batch;
      batch = [];
      const done = await writeBatch(deps, j.kind, items.map((it) => ({ record: it.record, rowNumber: it.row.rowNumber })), (c) => ({ ...counterCols(c), bytes_read: file.bytesRead(), encoding: file.encoding }), counters);
      counters = done.counters;
      for (let i = 0; i < items.length; i++) {
        const o = done.outcomes[i]!;
        if (o.status === 'rejected') await reject(items[i]!.row, o.errors);
      }
      opts.onProgress?.({ rows: counters.total, accepted: counters.accepted, rejected: counters.rejected, bytesRead: file.bytesRead(), totalBytes: file.totalBytes });
      // Memory stays flat over a long file (platform/memory.ts).
      if (++flushes % GC_EVERY_BATCHES === 0) collectGarbage();
    };

    try {
      for await (const row of file.rows) {
        counters.total++;
        const v = validate(row.cells);
        if (!v.ok) {
          counters.rejected++;
          await reject(row, v.errors);
          continue;
        }
        const dup = tracker.check(v.record);
        if (dup) {
          counters.rejected++;
          await reject(row, [dup]);
          continue;
        }
        batch.push({ row, record: v.record });
        if (batch.length >= BATCH_ROWS) await flush();
        if (opts.signal?.aborted) throw opts.signal.reason ?? new Error('aborted');
      }
      await flush();
    } catch (e) {
      await rejected.end().catch(() => undefined);
      await file.close();
      if (e instanceof IntakeFileError) return fail(fileErrorText(e));
      throw e;
    }
    await rejected.end();
    const hasRejected = counters.rejected > 0;
    if (!hasRejected) await rm(rejectedPath, { force: true });
    await db.transaction().execute(async (trx) => {
      await trx
        .updateTable('import_job')
        .set({ status: 'completed', finished_at: now(), rejected_file_path: hasRejected ? rejectedPath : null, bytes_read: file.totalBytes ?? file.bytesRead(), encoding: file.encoding, ...counterCols(counters) })
        .where('id', '=', id)
        .execute();
      if (j.kind === 'placements') {
        await trx.insertInto('placement_batch').values({ id: newId(), creditor_id: creditor.id, import_job_id: id, received_at: now() }).onConflict((oc) => oc.column('import_job_id').doNothing()).execute();
      }
      await audit.record(actor, { action: 'intake.import.completed', entityType: 'import_job', entityId: id, meta: { kind: j.kind, fileName: j.file_name, ...counters } }, trx);
    });
    await removeUpload(id, j.file_path);
    return jobOut(await loadJob('system', id));
  }

  async function getImport(p: Principal, id: string): Promise<ImportJob> {
    return jobOut(await loadJob(p, id));
  }

  async function listImports(p: Principal, q: { creditorId?: string | undefined; limit?: number }): Promise<{ items: ImportJob[] }> {
    requirePermission(p, 'intake.manage');
    let query = db.selectFrom('import_job').selectAll().orderBy('created_at', 'desc').orderBy('id', 'desc').limit(q.limit ?? 50);
    if (p.kind === 'api_token') query = query.where('creditor_id', '=', p.creditorId);
    if (q.creditorId) query = query.where('creditor_id', '=', q.creditorId);
    return { items: (await query.execute()).map(jobOut) };
  }

  /** The rejected rows (original columns + reason), as a stream. */
  async function rejectedFile(p: Principal, id: string): Promise<{ stream: Readable; fileName: string; size: number }> {
    const j = await loadJob(p, id);
    if (!j.rejected_file_path) throw new AppError(IntakeErrors['intake.no_rejected_file'], { id });
    const { size } = await stat(j.rejected_file_path);
    const base = j.file_name.replace(/\.[^.]+$/, '');
    return { stream: createReadStream(j.rejected_file_path), fileName: `${base}-rejected.csv`, size };
  }

  function template(p: Principal, kind: ImportKind, locale: 'zh-CN' | 'en'): string {
    requirePermission(p, 'intake.manage');
    return templateCsv(kind, locale);
  }

  /**
   * The JSON batch API: rows keyed by field key, validated and written like a file's rows (one transaction per
   * BATCH_ROWS), answered row by row. Recorded as a completed import job (source 'api').
   */
  async function importBatch(p: Principal, input: BatchRequest): Promise<BatchResponse> {
    requirePermission(p, 'intake.manage');
    const creditorId = p.kind === 'api_token' ? (input.creditorId ?? p.creditorId) : input.creditorId;
    if (!creditorId) throw new AppError('common.bad_request', { reason: 'creditorId is required' });
    const creditor = await creditorFor(p, creditorId);
    const keys = fieldsOf(input.kind).map((f) => f.key);
    const known = new Set(keys);
    const unknown = [...new Set(input.rows.flatMap((r) => Object.keys(r)))].filter((k) => !known.has(k));
    if (unknown.length) throw new AppError(IntakeErrors['intake.unknown_fields'], { fields: unknown.join(', ') });
    const header = keys;
    const mapping: Mapping = Object.fromEntries(keys.map((k, i) => [k, i]));
    const today = calendarDate(clock.now(), creditor.time_zone);
    const id = newId();
    const actor = actorOf(p);
    const started = now();
    await db.transaction().execute(async (trx) => {
      await trx
        .insertInto('import_job')
        .values({
          id, creditor_id: creditor.id, kind: input.kind, source: 'api', status: 'running', file_name: `api-batch-${started}`, file_path: null, encoding: null, delimiter: null,
          mapping_json: null, total_rows: input.rows.length, accepted_rows: 0, rejected_rows: 0, inserted_rows: 0, updated_rows: 0, unchanged_rows: 0, bytes_read: 0, total_bytes: null,
          rejected_file_path: null, error: null, created_by: p.kind === 'user' ? p.userId : p.tokenId, created_at: started, started_at: started, finished_at: null,
        })
        .execute();
      await audit.record(actor, { action: 'intake.import.created', entityType: 'import_job', entityId: id, meta: { creditorId: creditor.id, kind: input.kind, source: 'api', rows: input.rows.length } }, trx);
    });
    const deps: WriteDeps = { pii, audit, actor, creditor: { id: creditor.id, time_zone: creditor.time_zone, currency: creditor.currency }, importJobId: id, nowIso: started, today, bulk: bulkInserterOf(db) };
    const validate = validator(input.kind, header, mapping, { defaultCurrency: creditor.currency, today });
    const tracker = new DuplicateTracker(input.kind, header, mapping);
    const results: BatchResponse['rows'] = [];
    let counters: Counters = { ...zero(), total: input.rows.length };
    const errOut = (errors: RowError[]) => withColumn(errors, header, mapping, input.kind).map((e) => ({ field: e.field || null, column: e.column || null, code: e.code, message: p.kind === 'user' ? e.message['zh-CN'] : e.message.en }));
    let batch: Array<{ index: number; record: PlacementRecord | PaymentRecord }> = [];
    const flush = async () => {
      const items = batch;
      batch = [];
      if (!items.length) return;
      const done = await writeBatch(deps, input.kind, items.map((it) => ({ record: it.record, rowNumber: it.index + 1 })), (c) => counterCols(c), counters);
      counters = done.counters;
      items.forEach((it, i) => {
        const o = done.outcomes[i]!;
        results.push(o.status === 'rejected' ? { index: it.index, status: 'rejected', errors: errOut(o.errors) } : { index: it.index, status: o.status });
      });
    };
    for (let index = 0; index < input.rows.length; index++) {
      const row = input.rows[index]!;
      const cells = keys.map((k) => {
        const v = row[k];
        return v === undefined || v === null ? '' : String(v);
      });
      const v = validate(cells);
      const dup = v.ok ? tracker.check(v.record) : null;
      if (!v.ok || dup) {
        counters.rejected++;
        results.push({ index, status: 'rejected', errors: errOut(v.ok ? [dup!] : v.errors) });
        continue;
      }
      batch.push({ index, record: v.record });
      if (batch.length >= BATCH_ROWS) await flush();
    }
    await flush();
    results.sort((a, b) => a.index - b.index);
    await db.transaction().execute(async (trx) => {
      await trx.updateTable('import_job').set({ status: 'completed', finished_at: now(), ...counterCols(counters) }).where('id', '=', id).execute();
      await audit.record(actor, { action: 'intake.import.completed', entityType: 'import_job', entityId: id, meta: { kind: input.kind, source: 'api', ...counters } }, trx);
    });
    return { importJobId: id, total: counters.total, accepted: counters.accepted, rejected: counters.rejected, inserted: counters.inserted, updated: counters.updated, unchanged: counters.unchanged, rows: results };
  }

  /** A staged job of this principal, with its file still there. */
  async function loadStaged(p: Principal, id: string): Promise<ImportJobTable & { file_path: string }> {
    const j = await loadJob(p, id);
    if (j.status !== 'staged' || !j.file_path) throw new AppError(IntakeErrors['intake.not_staged'], { id, status: j.status });
    return j as ImportJobTable & { file_path: string };
  }

  async function openJobFile(j: ImportJobTable & { file_path: string }, locale: Locale): Promise<OpenedFile> {
    try {
      return await openRowFile(j.file_path, { encoding: j.encoding === 'utf8' || j.encoding === 'gbk' ? j.encoding : 'auto' });
    } catch (e) {
      if (e instanceof IntakeFileError) throw new AppError(IntakeErrors['intake.file_unreadable'], { reason: fileProblemText(e, locale) });
      if ((e as NodeJS.ErrnoException).code === 'ENOENT') throw new AppError(IntakeErrors['intake.not_staged'], { id: j.id });
      throw e;
    }
  }

  const previewErrors = (errors: RowError[], header: readonly string[], mapping: Mapping, kind: ImportKind, locale: Locale): PreviewError[] =>
    withColumn(errors, header, mapping, kind).map((e) => {
      const i = e.field ? mapping[e.field] : undefined;
      return {
        field: e.field || null,
        column: e.column || null,
        columnIndex: i !== undefined && Number.isInteger(i) && i >= 0 && i < header.length ? i : null,
        code: e.code,
        message: e.message[locale],
      };
    });

  /**
   * The beginning of a staged file: header, detected encoding and delimiter, the mapping (the one given, else the
   * one the run would use) with its problems, and the first PREVIEW_ROWS data rows validated as the run would.
   * Reads only as far as those rows.
   */
  async function previewImport(p: Principal, id: string, opts: { mapping?: Mapping; locale: Locale }): Promise<ImportPreview> {
    const j = await loadStaged(p, id);
    const creditor = await creditorFor(p, j.creditor_id);
    const today = calendarDate(clock.now(), creditor.time_zone);
    const file = await openJobFile(j, opts.locale);
    const rows: RowRecord[] = [];
    try {
      for await (const row of file.rows) {
        rows.push(row);
        if (rows.length >= PREVIEW_ROWS) break;
      }
    } catch (e) {
      if (e instanceof IntakeFileError) throw new AppError(IntakeErrors['intake.file_unreadable'], { reason: fileProblemText(e, opts.locale) });
      throw e;
    } finally {
      await file.close();
    }
    const header = file.header;
    const resolved = opts.mapping
      ? { mapping: opts.mapping, errors: validateMapping(header, opts.mapping, j.kind), source: 'given' as const }
      : await resolveMapping(j, header);
    const { mapping } = resolved;
    // Unknown fields or columns outside the header make no sense to validate rows with: drop them for the rows.
    const usable: Mapping = Object.fromEntries(
      Object.entries(mapping).filter(([k, i]) => fieldsOf(j.kind).some((f) => f.key === k) && Number.isInteger(i) && i >= 0 && i < header.length),
    );
    const validate = validator(j.kind, header, usable, { defaultCurrency: creditor.currency, today });
    const tracker = new DuplicateTracker(j.kind, header, usable);
    return {
      job: jobOut(j),
      format: file.format,
      header,
      encoding: file.encoding,
      delimiter: file.delimiter,
      mapping,
      mappingSource: resolved.source,
      mappingErrors: previewErrors(resolved.errors, header, mapping, j.kind, opts.locale),
      fields: fieldsOf(j.kind).map((f) => ({ key: f.key, label: { 'zh-CN': f.label['zh-CN'], en: f.label.en }, required: f.required, type: f.type, help: f.help ? { 'zh-CN': f.help['zh-CN'], en: f.help.en } : null })),
      rows: rows.map((row) => {
        const v = validate(row.cells);
        const dup = v.ok ? tracker.check(v.record) : null;
        const errors = v.ok ? (dup ? [dup] : []) : v.errors;
        return { rowNumber: row.rowNumber, cells: row.cells, ok: errors.length === 0, errors: previewErrors(errors, header, usable, j.kind, opts.locale) };
      }),
    };
  }

  /**
   * Runs a staged import with the mapping the user confirmed: checks it against the file's header (400 naming the
   * fields), stores it on the job, optionally saves it as the creditor's mapping for this kind (by header text, so
   * it still applies when the columns are reordered), and queues the job.
   */
  async function runStaged(p: Principal, id: string, input: { mapping: Mapping; saveMapping: boolean }, locale: Locale): Promise<ImportJob> {
    const j = await loadStaged(p, id);
    const file = await openJobFile(j, locale);
    const header = file.header;
    await file.close();
    const errors = validateMapping(header, input.mapping, j.kind);
    if (errors.length) {
      const fixed = withColumn(errors, header, input.mapping, j.kind);
      throw new AppError(IntakeErrors['intake.bad_mapping'], {
        reason: rowErrorText(fixed, locale),
        issues: fixed.map((e) => ({ path: `mapping.${e.field}`, message: e.message['zh-CN'], messageEn: e.message.en })),
      });
    }
    const actor = actorOf(p);
    await db.transaction().execute(async (trx) => {
      const r = await trx.updateTable('import_job').set({ status: 'queued', mapping_json: input.mapping }).where('id', '=', id).where('status', '=', 'staged').executeTakeFirst();
      if (Number(r.numUpdatedRows) !== 1) throw new AppError(IntakeErrors['intake.not_staged'], { id });
      if (input.saveMapping) {
        const saved = mappingByHeader(header, input.mapping);
        await trx
          .insertInto('creditor_mapping')
          .values({ creditor_id: j.creditor_id, kind: j.kind, mapping_json: saved, updated_at: now() })
          .onConflict((oc) => oc.columns(['creditor_id', 'kind']).doUpdateSet({ mapping_json: saved, updated_at: now() }))
          .execute();
        await audit.record(actor, { action: 'intake.mapping.saved', entityType: 'creditor', entityId: j.creditor_id, meta: { kind: j.kind, importJobId: id, mapping: saved } }, trx);
      }
      await audit.record(actor, { action: 'intake.import.queued', entityType: 'import_job', entityId: id, meta: { kind: j.kind, fileName: j.file_name, saveMapping: input.saveMapping } }, trx);
    });
    await ctx.queue.enqueue('intake.import', { importJobId: id }, { jobKey: `intake.import:${id}` });
    return jobOut(await loadJob('system', id));
  }

  /** Discards a staged upload: the file is deleted and the job is `cancelled`. */
  async function discardImport(p: Principal, id: string): Promise<ImportJob> {
    const j = await loadStaged(p, id);
    await db.transaction().execute(async (trx) => {
      const r = await trx.updateTable('import_job').set({ status: 'cancelled', file_path: null, finished_at: now() }).where('id', '=', id).where('status', '=', 'staged').executeTakeFirst();
      if (Number(r.numUpdatedRows) !== 1) throw new AppError(IntakeErrors['intake.not_staged'], { id });
      await audit.record(actorOf(p), { action: 'intake.import.discarded', entityType: 'import_job', entityId: id, meta: { kind: j.kind, fileName: j.file_name } }, trx);
    });
    if (isUpload(j.file_path)) await rm(j.file_path, { force: true });
    return jobOut(await loadJob('system', id));
  }

  /** Jobs left `running` or `queued` by a process that died: enqueue them again (each re-runs from the start). */
  async function resumeInterrupted(): Promise<number> {
    const stuck = await db.selectFrom('import_job').select('id').where('source', '=', 'file').where('status', 'in', ['queued', 'running']).execute();
    for (const s of stuck) await ctx.queue.enqueue('intake.import', { importJobId: s.id }, { jobKey: `intake.import:${s.id}` });
    return stuck.length;
  }

  return { createImport, runImport, previewImport, runStaged, discardImport, getImport, listImports, rejectedFile, template, importBatch, resumeInterrupted, uploadDir };
}

export type IntakeService = ReturnType<typeof createIntakeService>;
