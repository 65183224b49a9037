// Case documents: store a generated file with its SHA-256 in the caller's transaction (the action that made it
// commits or rolls back with it), list a case's documents, and hand one out — within the case's data scope, with
// an audit entry per download (a document carries personal data).
import { createHash } from 'node:crypto';
import type { Transaction } from 'kysely';
import type { CaseDocument } from '../../../contracts/documents.js';
import type { AppContext } from '../../context.js';
import type { DB } from '../../db/schema.js';
import { actorOf, requirePermission, scopeOf, type Principal } from '../../platform/access.js';
import type { Actor, AuditLog } from '../../platform/audit.js';
import { AppError, defineErrors } from '../../platform/errors.js';
import { newId } from '../../platform/ids.js';
import { scopeFilter } from '../cases/index.js';
import type { CaseDocumentTable, DocumentKind } from './documents.tables.js';

export const DocumentErrors = defineErrors({
  'documents.not_found': { kind: 'not_found', zh: '文书不存在或不在您的权限范围内', en: 'No such document within your access' },
});

export type NewDocument = {
  caseId: string; kind: DocumentKind; title: string; fileName: string; mimeType: string; locale: string; content: Buffer;
  sourceType: string | null; sourceId: string | null; createdBy: string | null; at: string;
};

export const sha256Hex = (b: Buffer) => createHash('sha256').update(b).digest('hex');

/** Writes the document in the caller's transaction, audited (the hash is in the entry, the bytes are not). */
export async function storeDocumentIn(trx: Transaction<DB>, audit: AuditLog, actor: Actor, d: NewDocument): Promise<string> {
  const id = newId();
  const sha256 = sha256Hex(d.content);
  await trx.insertInto('case_document').values({
    id, case_id: d.caseId, kind: d.kind, title: d.title, file_name: d.fileName, mime_type: d.mimeType, locale: d.locale, size_bytes: d.content.length,
    sha256, content: d.content, source_type: d.sourceType, source_id: d.sourceId, created_by: d.createdBy, created_at: d.at,
  }).execute();
  await audit.record(actor, { action: 'document.create', entityType: 'case_document', entityId: id, after: { caseId: d.caseId, kind: d.kind, sha256, sizeBytes: d.content.length, sourceType: d.sourceType, sourceId: d.sourceId } }, trx);
  return id;
}

const META = ['id', 'case_id', 'kind', 'title', 'file_name', 'mime_type', 'locale', 'size_bytes', 'sha256', 'source_type', 'source_id', 'created_by', 'created_at'] as const;
type Meta = Pick<CaseDocumentTable, (typeof META)[number]>;

export function createDocumentService(ctx: AppContext) {
  const { db } = ctx;

  /** Rows of documents (no bytes) of cases the principal may see, with the maker's name. */
  function scoped(p: Principal) {
    return db.selectFrom('case_document')
      .innerJoin('collection_case', 'collection_case.id', 'case_document.case_id')
      .leftJoin('app_user', 'app_user.id', 'case_document.created_by')
      .where(scopeFilter(scopeOf(p)))
      .select(META.map((c) => `case_document.${c}` as const))
      .select('app_user.display_name as created_by_name');
  }

  const out = (r: Meta & { created_by_name: string | null }): CaseDocument => ({
    id: r.id, caseId: r.case_id, kind: r.kind, title: r.title, fileName: r.file_name, mimeType: r.mime_type, locale: r.locale, sizeBytes: Number(r.size_bytes),
    sha256: r.sha256, sourceType: r.source_type, sourceId: r.source_id, createdBy: r.created_by, createdByName: r.created_by_name, createdAt: r.created_at,
  });

  /** GET /api/cases/:id/documents — newest first; a case outside the caller's scope is a 404, as the case itself. */
  async function listForCase(p: Principal, caseId: string): Promise<{ items: CaseDocument[] }> {
    requirePermission(p, 'cases.read');
    const inScope = await db.selectFrom('collection_case').select('id').where('id', '=', caseId).where(scopeFilter(scopeOf(p))).executeTakeFirst();
    if (!inScope) throw new AppError('common.not_found', { entity: 'case' });
    const rows = await scoped(p).where('case_document.case_id', '=', caseId).orderBy('case_document.created_at', 'desc').orderBy('case_document.id', 'desc').execute();
    return { items: rows.map(out) };
  }

  /** Source id → the latest document made from it (e.g. a plan's agreement). The caller has checked the scope of the sources. */
  async function latestFor(sourceType: string, sourceIds: string[]): Promise<Map<string, string>> {
    if (!sourceIds.length) return new Map();
    const rows = await db.selectFrom('case_document').select(['id', 'source_id']).where('source_type', '=', sourceType).where('source_id', 'in', sourceIds)
      .orderBy('created_at').orderBy('id').execute();
    return new Map(rows.map((r) => [r.source_id!, r.id]));
  }

  /** GET /api/documents/:id/file — the bytes, after checking the scope and the stored hash; audited. */
  async function download(p: Principal, id: string): Promise<{ doc: CaseDocument; content: Buffer }> {
    requirePermission(p, 'cases.read');
    const meta = await scoped(p).where('case_document.id', '=', id).executeTakeFirst();
    if (!meta) throw new AppError(DocumentErrors['documents.not_found']);
    const row = await db.selectFrom('case_document').select('content').where('id', '=', id).executeTakeFirstOrThrow();
    const content = Buffer.from(row.content);
    if (sha256Hex(content) !== meta.sha256) throw new Error(`document ${id}: stored bytes do not match their SHA-256`);
    await ctx.audit.record(actorOf(p), { action: 'document.download', entityType: 'case_document', entityId: id, meta: { caseId: meta.case_id, kind: meta.kind } });
    return { doc: out(meta), content };
  }

  return { listForCase, latestFor, download };
}

export type DocumentService = ReturnType<typeof createDocumentService>;
