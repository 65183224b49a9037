import { z } from 'zod';
import { idSchema, localeSchema } from './common.js';

export const importKinds = ['placements', 'payments'] as const;
export const importKindSchema = z.enum(importKinds);
export const importStatusSchema = z.enum(['queued', 'running', 'completed', 'failed']);
export const importEncodingSchema = z.enum(['auto', 'utf8', 'gbk']);

/** Query of POST /api/intake/imports; the body is the file itself (application/octet-stream). */
export const uploadQuerySchema = z.strictObject({
  creditorId: idSchema,
  kind: importKindSchema,
  fileName: z.string().trim().min(1).max(200),
  encoding: importEncodingSchema.default('auto'),
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
