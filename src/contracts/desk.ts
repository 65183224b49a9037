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
  z.object({ kind: z.literal('callback_due'), at: z.string() }),
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

// ── Logging a contact (issue 5, part 3) ─────────────────────────────────────────────────────────────────────
/**
 * The desk's result codes (GLOSSARY "Work": 有效通话, 无人接听/忙线/关机/停机/空号/拒接), refined for right-party
 * conversations; each maps onto the engine's contact result (`engine`), which is what the packs count.
 */
export const deskResultCodes = {
  rpc_promise: { group: 'rpc', engine: 'conversation', zh: '有效通话-承诺还款', en: 'RPC – promise to pay' },
  rpc_refused: { group: 'rpc', engine: 'conversation', zh: '有效通话-拒绝还款', en: 'RPC – refused to pay' },
  rpc_dispute: { group: 'rpc', engine: 'conversation', zh: '有效通话-有异议', en: 'RPC – dispute' },
  rpc_other: { group: 'rpc', engine: 'conversation', zh: '有效通话-其他', en: 'RPC – other' },
  third_party: { group: 'third_party', engine: 'conversation', zh: '第三方接听', en: 'Third party answered' },
  no_answer: { group: 'no_contact', engine: 'no_answer', zh: '无人接听', en: 'No answer' },
  busy: { group: 'no_contact', engine: 'busy', zh: '忙线', en: 'Busy' },
  switched_off: { group: 'no_contact', engine: 'switched_off', zh: '关机', en: 'Switched off' },
  rejected: { group: 'no_contact', engine: 'rejected', zh: '拒接', en: 'Rejected' },
  voicemail: { group: 'no_contact', engine: 'voicemail', zh: '语音信箱', en: 'Voicemail' },
  suspended: { group: 'bad_number', engine: 'not_in_service', zh: '停机', en: 'Suspended' },
  invalid_number: { group: 'bad_number', engine: 'not_in_service', zh: '空号', en: 'Invalid number' },
  wrong_number: { group: 'bad_number', engine: 'not_in_service', zh: '号码错误（非本人）', en: 'Wrong number' },
} as const;
export type DeskResultCode = keyof typeof deskResultCodes;
export const deskResultCodeSchema = z.enum(Object.keys(deskResultCodes) as [DeskResultCode, ...DeskResultCode[]]);
/** Result codes after which the number is marked invalid. */
export const badNumberCodes: readonly DeskResultCode[] = ['suspended', 'invalid_number', 'wrong_number'];

const reasonOutSchema = z.object({
  ruleId: z.string(),
  outcome: z.enum(['warn', 'block']),
  message: z.object({ 'zh-CN': z.string(), en: z.string() }),
  spans: z.array(z.object({ start: z.number().int(), end: z.number().int(), text: z.string() })).optional(),
}).passthrough();

export const outcomeRequestSchema = z.strictObject({
  resultCode: deskResultCodeSchema,
  rightParty: z.boolean(),
  /** The party reached; defaults to the attempt's party. */
  reachedPartyKind: z.enum(['debtor', 'contact_person']).optional(),
  reachedPartyId: idSchema.optional(),
  notes: z.string().max(5000).optional(),
  promise: z.strictObject({ amountMinor: z.number().int().min(1).max(1e13), dueDate: z.string().regex(/^\d{4}-\d{2}-\d{2}$/), debtAccountId: idSchema.optional() }).optional(),
  /** Callback instant (ISO with offset); checked against the engine for the same channel and contact point. */
  callbackAt: z.string().datetime({ offset: true }).optional(),
  dispute: z.boolean().optional(),
  complaint: z.boolean().optional(),
  hardship: z.boolean().optional(),
  cease: z.boolean().optional(),
  thirdPartyNoCall: z.boolean().optional(),
});
export type OutcomeRequest = z.infer<typeof outcomeRequestSchema>;

export const outcomeResponseSchema = z.object({
  attemptId: idSchema,
  status: z.literal('completed'),
  result: z.string(),
  resultCode: deskResultCodeSchema,
  promiseId: idSchema.nullable(),
  callbackId: idSchema.nullable(),
  eventIds: z.array(idSchema),
  phoneInvalidated: z.boolean(),
  noteWarnings: z.array(reasonOutSchema),
});
export type OutcomeResponse = z.infer<typeof outcomeResponseSchema>;

export const notesCheckRequestSchema = z.strictObject({ text: z.string().max(5000) });
export const callbackCheckRequestSchema = z.strictObject({ at: z.string().datetime({ offset: true }) });
export const checkResponseSchema = z.object({ outcome: z.enum(['allow', 'warn', 'block']), reasons: z.array(reasonOutSchema), nextAllowedAt: z.string().nullable() });
export type CheckResponse = z.infer<typeof checkResponseSchema>;
