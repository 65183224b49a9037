// Click-to-call (issue 5, item 5): the dialer's webhook and what the web app reads of a call.
import { z } from 'zod';
import { callEventTypes } from '../core/telephony/call-facts.js';
import { idSchema } from './common.js';
import { deskResultCodeSchema } from './desk.js';

export const telephonyModes = ['tel', 'webhook'] as const;
export type TelephonyMode = (typeof telephonyModes)[number];

/** What the dialer posts: one event of a call placed for a decided attempt; `eventId` makes it idempotent. */
export const callEventRequestSchema = z.strictObject({
  /** The dialer's own id for this event (unique across all its events): a replay returns the stored event. */
  eventId: z.string().trim().min(1).max(100),
  attemptId: idSchema,
  type: z.enum(callEventTypes),
  at: z.string().datetime({ offset: true }),
  durationSec: z.number().int().min(0).max(86_400).optional(),
  /** One of the desk's call result codes (有效通话…, 无人接听, 忙线, 关机, 停机, 空号, 拒接 …). */
  result: deskResultCodeSchema.optional(),
  /** Where the dialer keeps the recording, stored as given and never fetched. */
  recordingUrl: z.string().url().max(2000).optional(),
  recordingSha256: z.string().regex(/^[0-9a-f]{64}$/i).optional(),
});
export type CallEventRequest = z.infer<typeof callEventRequestSchema>;

export const callEventSchema = z.object({
  id: idSchema,
  eventId: z.string(),
  attemptId: idSchema,
  type: z.enum(callEventTypes),
  at: z.string(),
  durationSec: z.number().int().nullable(),
  result: deskResultCodeSchema.nullable(),
  recordingUrl: z.string().nullable(),
  recordingSha256: z.string().nullable(),
  receivedAt: z.string(),
});
export type CallEventOut = z.infer<typeof callEventSchema>;

export const callFactsSchema = z.object({
  state: z.enum(['waiting', 'started', 'answered', 'ended']),
  startedAt: z.string().nullable(),
  answeredAt: z.string().nullable(),
  endedAt: z.string().nullable(),
  durationSec: z.number().int().nullable(),
  result: deskResultCodeSchema.nullable(),
  recordingUrl: z.string().nullable(),
  recordingSha256: z.string().nullable(),
});

/** A call as the web app sees it while the dialog is open (polled in webhook mode). */
export const attemptCallSchema = z.object({
  attemptId: idSchema,
  status: z.enum(['blocked', 'allowed', 'completed']),
  call: callFactsSchema,
  events: z.array(callEventSchema),
});
export type AttemptCall = z.infer<typeof attemptCallSchema>;

export const telephonyConfigSchema = z.object({ mode: z.enum(telephonyModes) });
export type TelephonyConfig = z.infer<typeof telephonyConfigSchema>;

/** tel mode: the number of an allowed call attempt, for a tel: link (revealed for that attempt only, audited). */
export const dialResponseSchema = z.object({ attemptId: idSchema, telUri: z.string() });
export type DialResponse = z.infer<typeof dialResponseSchema>;
