import { z } from 'zod';
import { pageOf } from './common.js';

export const auditQuerySchema = z.strictObject({
  page: z.coerce.number().int().min(1).max(100_000).default(1),
  pageSize: z.coerce.number().int().min(1).max(200).default(50),
  action: z.string().trim().min(1).max(60).optional(),
  entityId: z.string().trim().min(1).max(60).optional(),
  actorId: z.string().trim().min(1).max(60).optional(),
});
export const auditEntrySchema = z.object({
  seq: z.number().int(),
  id: z.string(),
  at: z.string(),
  actorType: z.string(),
  actorId: z.string().nullable(),
  actorLabel: z.string().nullable(),
  action: z.string(),
  entityType: z.string().nullable(),
  entityId: z.string().nullable(),
  ip: z.string().nullable(),
  requestId: z.string().nullable(),
  reason: z.string().nullable(),
  before: z.unknown(),
  after: z.unknown(),
  meta: z.unknown(),
});
export const auditListSchema = pageOf(auditEntrySchema);

export const jobQuerySchema = z.strictObject({
  status: z.enum(['pending', 'running', 'succeeded', 'failed']).optional(),
  limit: z.coerce.number().int().min(1).max(500).default(100),
});
export const jobSchema = z.object({
  id: z.string(),
  name: z.string(),
  version: z.number().int(),
  status: z.string(),
  attempts: z.number().int(),
  maxAttempts: z.number().int(),
  runAt: z.string(),
  lastError: z.string().nullable(),
  createdAt: z.string(),
});
