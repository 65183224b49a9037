import { z } from 'zod';
import { idSchema, localeSchema } from './common.js';

export const importKinds = ['placements', 'payments'] as const;
export const importKindSchema = z.enum(importKinds);
/** `staged`: uploaded and waiting for its mapping to be confirmed (never run until then); `cancelled`: a staged upload discarded. */
export const importStatuses = ['staged', 'queued', 'running', 'completed', 'failed', 'cancelled'] as const;
export const importStatusSchema = z.enum(importStatuses);
export const importEncodingSchema = z.enum(['auto', 'utf8', 'gbk']);

/** Query of POST /api/intake/imports; the body is the file itself (application/octet-stream). */
export const uploadQuerySchema = z.strictObject({
  creditorId: idSchema,
  kind: importKindSchema,
  fileName: z.string().trim().min(1).max(200),
  encoding: importEncodingSchema.default('auto'),
  /** `true`: store the file and create the job `staged` (preview, then run); default: queue it at once. */
  stage: z.enum(['true', 'false']).optional(),
});
export type UploadQuery = z.infer<typeof uploadQuerySchema>;

export const importJobSchema = z.object({
  id: z.string(),
  creditorId: z.string(),
  kind: importKindSchema,
  source: z.enum(['file', 'api']),
  status: importStatusSchema,
  fileName: z.string(),
  encoding: z.string().nullable(),
  totalRows: z.number().int(),
  acceptedRows: z.number().int(),
  rejectedRows: z.number().int(),
  insertedRows: z.number().int(),
  updatedRows: z.number().int(),
  unchangedRows: z.number().int(),
  bytesRead: z.number().int(),
  totalBytes: z.number().int().nullable(),
  /** 0–100, from the bytes read; 100 once completed. */
  percent: z.number(),
  hasRejectedFile: z.boolean(),
  error: z.string().nullable(),
  createdBy: z.string().nullable(),
  createdAt: z.string(),
  startedAt: z.string().nullable(),
  finishedAt: z.string().nullable(),
});
export type ImportJob = z.infer<typeof importJobSchema>;

/** Field key → 0-based column index in the file's header. */
export const mappingSchema = z.record(z.string().min(1).max(100), z.number().int().min(0).max(100_000));
export type ColumnMapping = z.infer<typeof mappingSchema>;

/** GET /api/intake/imports/:id/preview — `mapping` is a JSON object (field → column index); omitted: the mapping the run would use. */
export const previewQuerySchema = z.strictObject({ mapping: z.string().max(20_000).optional() });

export const previewErrorSchema = z.object({
  field: z.string().nullable(),
  /** The header text of the column (or the field's label when the field is not mapped). */
  column: z.string().nullable(),
  /** The column's index in the header, when the field is mapped. */
  columnIndex: z.number().int().nullable(),
  code: z.string(),
  /** In the request's language. */
  message: z.string(),
});
export type PreviewError = z.infer<typeof previewErrorSchema>;

export const intakeFieldSchema = z.object({
  key: z.string(),
  label: z.object({ 'zh-CN': z.string(), en: z.string() }),
  required: z.boolean(),
  type: z.string(),
  help: z.object({ 'zh-CN': z.string(), en: z.string() }).nullable(),
});
export type IntakeField = z.infer<typeof intakeFieldSchema>;

/** How many data rows a preview shows. */
export const PREVIEW_ROWS = 20;

export const importPreviewSchema = z.object({
  job: importJobSchema,
  format: z.enum(['csv', 'xlsx']),
  header: z.array(z.string()),
  /** Detected: 'utf8', 'utf8-bom', 'gb18030'; null for XLSX. */
  encoding: z.string().nullable(),
  delimiter: z.string().nullable(),
  mapping: mappingSchema,
  /** given: the mapping of the request; saved: the creditor's saved mapping (by header text); auto: from the header names. */
  mappingSource: z.enum(['given', 'saved', 'auto']),
  mappingErrors: z.array(previewErrorSchema),
  fields: z.array(intakeFieldSchema),
  /** The first PREVIEW_ROWS data rows, each validated with the mapping. */
  rows: z.array(z.object({ rowNumber: z.number().int(), cells: z.array(z.string()), ok: z.boolean(), errors: z.array(previewErrorSchema) })),
});
export type ImportPreview = z.infer<typeof importPreviewSchema>;

export const runImportSchema = z.strictObject({ mapping: mappingSchema, saveMapping: z.boolean().default(false) });
export type RunImportInput = z.infer<typeof runImportSchema>;

export const importListQuerySchema = z.strictObject({ creditorId: idSchema.optional(), limit: z.coerce.number().int().min(1).max(200).default(50) });
export const importListSchema = z.object({ items: z.array(importJobSchema) });

export const templateParamsSchema = z.strictObject({ kind: importKindSchema });
export const templateQuerySchema = z.strictObject({ locale: localeSchema.default('zh-CN') });

/** Largest JSON batch. */
export const MAX_BATCH_ROWS = 5000;
const cell = z.union([z.string().max(10_000), z.number(), z.boolean(), z.null()]);
export const batchRequestSchema = z.strictObject({
  kind: importKindSchema,
  /** Only for a user; an API token always writes to its own creditor. */
  creditorId: idSchema.optional(),
  rows: z.array(z.record(z.string().min(1).max(100), cell)).min(1).max(MAX_BATCH_ROWS),
});
export type BatchRequest = z.infer<typeof batchRequestSchema>;

export const rowErrorSchema = z.object({ field: z.string().nullable(), column: z.string().nullable(), code: z.string(), message: z.string() });
export const rowResultSchema = z.object({
  /** 0-based index into `rows`. */
  index: z.number().int(),
  status: z.enum(['inserted', 'updated', 'unchanged', 'rejected']),
  errors: z.array(rowErrorSchema).optional(),
});
export const batchResponseSchema = z.object({
  importJobId: z.string(),
  total: z.number().int(),
  accepted: z.number().int(),
  rejected: z.number().int(),
  inserted: z.number().int(),
  updated: z.number().int(),
  unchanged: z.number().int(),
  rows: z.array(rowResultSchema),
});
export type BatchResponse = z.infer<typeof batchResponseSchema>;
