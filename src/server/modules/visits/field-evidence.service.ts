// Evidence of a field visit (issue 8, item 4): photos and recordings taken at the door. The phone computes the
// SHA-256 at capture, before the file can wait in its offline outbox; the server recomputes it and refuses a
// mismatch, so what is stored is what was captured. The phone's id for the file makes a resend harmless. The
// collectors on the route and the supervisors whose scope holds the case list them; a download is audited (a photo
// of a home is personal data). Supervisors also read the day's visit reports: outcome, times, length, evidence.
import type { EvidenceOut, EvidenceQuery, FieldReportOut } from '../../../contracts/field.js';
import type { AppContext } from '../../context.js';
import { actorOf, hasPermission, requirePermission, scopeOf, type Principal } from '../../platform/access.js';
import { calendarDate } from '../../platform/clock.js';
import { AppError, defineErrors } from '../../platform/errors.js';
import { scopeFilter, type CaseService } from '../cases/index.js';
import { sha256Hex } from '../documents/index.js';
import type { FieldService } from './field.service.js';
import type { FieldEvidenceTable } from './visits.tables.js';

/** Largest photo or recording accepted (a phone photo is 2–5 MB; a few minutes of compressed audio fit too). */
export const MAX_EVIDENCE_BYTES = 12 * 1024 * 1024;
const ZONE = 'Asia/Shanghai';

export const EvidenceErrors = defineErrors({
  'field.evidence_hash_mismatch': { kind: 'validation', zh: '文件的SHA-256与拍摄时记录的不一致，未保存：{sha256}', en: 'The file does not match the SHA-256 taken at capture; not stored: {sha256}' },
  'field.evidence_too_large': { kind: 'validation', zh: '文件超过 {limitMb} MB 上限', en: 'The file is larger than the {limitMb} MB limit' },
  'field.evidence_type': { kind: 'validation', zh: '只接受照片（image/*）或录音（audio/*）', en: 'Only photos (image/*) or recordings (audio/*) are accepted' },
  'field.evidence_conflict': { kind: 'conflict', zh: '该证据编号已用于另一个文件', en: 'This evidence id was already used for another file' },
  'field.evidence_not_found': { kind: 'not_found', zh: '证据不存在或不在您的权限范围内', en: 'No such evidence within your access' },
});

const issue = (path: string, zh: string, en: string) => ({ issues: [{ path, message: zh, messageEn: en }] });

export function kindOfMime(mime: string): 'photo' | 'audio' | null {
  const m = mime.split(';')[0]!.trim().toLowerCase();
  return /^image\/[\w.+-]+$/.test(m) ? 'photo' : /^audio\/[\w.+-]+$/.test(m) ? 'audio' : null;
}

type Meta = Omit<FieldEvidenceTable, 'content'>;
const META = ['id', 'visit_id', 'stop_id', 'case_id', 'kind', 'mime_type', 'size_bytes', 'sha256', 'captured_at', 'received_at', 'latitude', 'longitude', 'accuracy_m', 'uploaded_by'] as const;
const out = (r: Meta): EvidenceOut => ({
  id: r.id, visitId: r.visit_id, stopId: r.stop_id, kind: r.kind, mimeType: r.mime_type, sizeBytes: Number(r.size_bytes), sha256: r.sha256,
  capturedAt: r.captured_at, receivedAt: r.received_at, latitude: r.latitude, longitude: r.longitude, uploadedBy: r.uploaded_by,
});

export function createFieldEvidenceService(ctx: AppContext, deps: { cases: CaseService; field: FieldService }) {
  const { db, clock, audit } = ctx;

  /** PUT …/stops/:id/evidence/:evidenceId — stores the file once; a resend of the same bytes returns the stored row. */
  async function upload(p: Principal, stopId: string, evidenceId: string, mime: string, content: Buffer, q: EvidenceQuery): Promise<{ created: boolean; evidence: EvidenceOut }> {
    const { c, u } = await deps.field.stopOf(p, stopId);
    const kind = kindOfMime(mime);
    if (!kind) throw new AppError(EvidenceErrors['field.evidence_type'], issue('Content-Type', '只接受照片或录音', 'Only image/* or audio/*'));
    if (content.length > MAX_EVIDENCE_BYTES) throw new AppError(EvidenceErrors['field.evidence_too_large'], { limitMb: MAX_EVIDENCE_BYTES / 1024 / 1024, ...issue('file', '文件过大', 'File too large') });
    if (content.length === 0) throw new AppError('common.validation', { summary: 'file', ...issue('file', '文件为空', 'The file is empty') });
    const sha256 = sha256Hex(content);
    if (sha256 !== q.sha256) throw new AppError(EvidenceErrors['field.evidence_hash_mismatch'], { sha256: q.sha256, ...issue('sha256', `文件的SHA-256为 ${sha256}，与拍摄时记录的不一致`, `The file's SHA-256 is ${sha256}, not the one taken at capture`) });
    const existing = await db.selectFrom('field_evidence').select(META).where('id', '=', evidenceId).executeTakeFirst();
    if (existing) {
      if (existing.sha256 !== sha256 || existing.stop_id !== stopId || existing.uploaded_by !== u.userId) throw new AppError(EvidenceErrors['field.evidence_conflict'], issue('evidenceId', '该证据编号已用于另一个文件', 'Id used for another file'));
      return { created: false, evidence: out(existing) };
    }
    const visit = await db.selectFrom('field_visit').select(['id']).where('stop_id', '=', stopId).executeTakeFirst();
    if (!visit) throw new AppError('field.not_checked_in');
    const row: FieldEvidenceTable = {
      id: evidenceId, visit_id: visit.id, stop_id: stopId, case_id: c.id, kind, mime_type: mime.split(';')[0]!.trim().toLowerCase(), size_bytes: content.length, sha256, content,
      captured_at: new Date(q.capturedAt).toISOString(), received_at: clock.now().toISOString(),
      latitude: q.latitude ?? null, longitude: q.longitude ?? null, accuracy_m: q.accuracy ?? null, uploaded_by: u.userId,
    };
    await db.transaction().execute(async (trx) => {
      await trx.insertInto('field_evidence').values(row).execute();
      await audit.record(actorOf(p), { action: 'field.evidence', entityType: 'field_evidence', entityId: row.id, after: { stopId, visitId: visit.id, caseId: c.id, kind, sha256, sizeBytes: row.size_bytes, capturedAt: row.captured_at } }, trx);
    });
    const { content: _bytes, ...meta } = row;
    return { created: true, evidence: out(meta) };
  }

  /** Whether the caller may read a stop's evidence: a collector on its route, the route's planner, or a supervisor whose scope holds the case. */
  async function readableStop(p: Principal, stopId: string): Promise<void> {
    if (hasPermission(p, 'visits.plan')) {
      requirePermission(p, 'cases.read');
      const stop = await db.selectFrom('visit_plan_stop as s').innerJoin('visit_plan as pl', 'pl.id', 's.plan_id').select(['s.case_id', 'pl.created_by']).where('s.id', '=', stopId).executeTakeFirst();
      if (!stop) throw new AppError(EvidenceErrors['field.evidence_not_found']);
      if (p.kind === 'user' && stop.created_by === p.userId) return; // the route's planner, as for its incidents
      await deps.cases.get(p, stop.case_id).catch(() => {
        throw new AppError(EvidenceErrors['field.evidence_not_found']);
      });
    } else {
      await deps.field.stopOf(p, stopId);
    }
  }

  async function list(p: Principal, stopId: string): Promise<{ items: EvidenceOut[] }> {
    await readableStop(p, stopId);
    const rows = await db.selectFrom('field_evidence').select(META).where('stop_id', '=', stopId).orderBy('captured_at').orderBy('id').execute();
    return { items: rows.map(out) };
  }

  /** The bytes, after checking access and the stored hash; audited. */
  async function download(p: Principal, id: string): Promise<{ evidence: EvidenceOut; content: Buffer }> {
    const meta = await db.selectFrom('field_evidence').select(META).where('id', '=', id).executeTakeFirst();
    if (!meta) throw new AppError(EvidenceErrors['field.evidence_not_found']);
    await readableStop(p, meta.stop_id);
    const row = await db.selectFrom('field_evidence').select('content').where('id', '=', id).executeTakeFirstOrThrow();
    const content = Buffer.from(row.content);
    if (sha256Hex(content) !== meta.sha256) throw new Error(`field evidence ${id}: stored bytes do not match their SHA-256`);
    await audit.record(actorOf(p), { action: 'field.evidence_download', entityType: 'field_evidence', entityId: id, meta: { stopId: meta.stop_id, caseId: meta.case_id, kind: meta.kind } });
    return { evidence: out(meta), content };
  }

  /** The visits of the day's plans (default today, Beijing time) on cases in the supervisor's scope or on routes they planned, newest first, with evidence. */
  async function reports(p: Principal, date?: string): Promise<{ date: string; items: FieldReportOut[] }> {
    requirePermission(p, 'visits.plan');
    const day = date ?? calendarDate(clock.now(), ZONE);
    const rows = await db.selectFrom('field_visit as v')
      .innerJoin('visit_plan_stop as s', 's.id', 'v.stop_id')
      .innerJoin('visit_plan as pl', 'pl.id', 's.plan_id')
      .innerJoin('collection_case', 'collection_case.id', 'v.case_id')
      .innerJoin('address as a', 'a.id', 'v.address_id')
      .innerJoin('app_user as u', 'u.id', 'v.user_id')
      // The case in the caller's scope, or a route this supervisor planned (as for the route's incidents).
      .where((eb) => eb.or([scopeFilter(scopeOf(p))(eb), eb('pl.created_by', '=', p.kind === 'user' ? p.userId : '')]))
      .where('pl.plan_date', '=', day)
      .selectAll('v').select(['s.plan_id', 'a.region_text as region', 'u.display_name'])
      .orderBy('v.checked_in_at', 'desc').limit(500).execute();
    const ids = rows.map((r) => r.id);
    const evidence = ids.length ? await db.selectFrom('field_evidence').select(META).where('visit_id', 'in', ids).orderBy('captured_at').execute() : [];
    return {
      date: day,
      items: rows.map((r) => ({
        visitId: r.id, stopId: r.stop_id, planId: r.plan_id, caseId: r.case_id, userId: r.user_id, userName: r.display_name, region: r.region,
        visit: deps.field.visitOut(r), notes: r.notes, evidence: evidence.filter((e) => e.visit_id === r.id).map(out),
      })),
    };
  }

  return { upload, list, download, reports };
}

export type FieldEvidenceService = ReturnType<typeof createFieldEvidenceService>;
