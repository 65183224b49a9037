// My queue (issue 5, part 1): the collector's prioritised work list for the day.
import { z } from 'zod';
import { bucketSchema } from './cases.js';
import { idSchema } from './common.js';

export const queueStatuses = ['open', 'paid', 'closed', 'recalled'] as const;

export const queueQuerySchema = z.strictObject({
  page: z.coerce.number().int().min(1).max(100_000).default(1),
  pageSize: z.coerce.number().int().min(1).max(200).default(20),
  bucket: bucketSchema.optional(),
  creditorId: idSchema.optional(),
  /** Default: open cases only. */
  status: z.enum(queueStatuses).optional(),
  language: z.string().trim().min(2).max(16).optional(),
  /** A debtor name prefix, or a full phone number (matched exactly through its keyed hash). */
  q: z.string().trim().min(1).max(40).optional(),
});
export type QueueQuery = z.infer<typeof queueQuerySchema>;

/** Why a row sits where it does; the web app words it in the user's language. */
export const queueWhySchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('promise_due'), dueDate: z.string(), overdue: z.boolean() }),
  z.object({ kind: z.literal('score'), score: z.number() }),
  z.object({ kind: z.literal('next_action'), at: z.string() }),
  z.object({ kind: z.literal('dpd'), dpd: z.number().int() }),
]);
export type QueueWhy = z.infer<typeof queueWhySchema>;

export const queueItemSchema = z.object({
  caseId: idSchema,
  debtorName: z.string(),
  phoneMasked: z.string().nullable(),
  creditorId: idSchema,
  creditorName: z.string(),
  status: z.string(),
  bucket: bucketSchema,
  dpd: z.number().int(),
  totalDueMinor: z.number().int(),
  currency: z.string(),
  preferredLanguage: z.string().nullable(),
  score: z.number().nullable(),
  topReason: z.object({ code: z.string(), zh: z.string(), en: z.string() }).nullable(),
  nextAction: z.object({ kind: z.string().nullable(), at: z.string().nullable() }),
  why: queueWhySchema,
});
export type QueueItem = z.infer<typeof queueItemSchema>;

export const queueCountsSchema = z.object({
  total: z.number().int(),
  dueToday: z.number().int(),
  promisesDueToday: z.number().int(),
  contactedToday: z.number().int(),
});
export type QueueCounts = z.infer<typeof queueCountsSchema>;

export const queueResponseSchema = z.object({
  today: z.string(),
  items: z.array(queueItemSchema),
  total: z.number().int(),
  page: z.number().int(),
  pageSize: z.number().int(),
  counts: queueCountsSchema,
});
export type QueueResponse = z.infer<typeof queueResponseSchema>;
