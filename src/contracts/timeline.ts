// The case timeline (issue 5, item 2; issue 6: SMS replies): one newest-first list of everything that happened on a
// case, keyset-paginated. The server sends codes and parameters; the web app words each entry in the user's language.
import { z } from 'zod';

export const timelineKinds = ['attempt', 'message', 'inbound', 'visit', 'payment', 'promise', 'plan', 'callback', 'event', 'document', 'reveal'] as const;
export type TimelineKind = (typeof timelineKinds)[number];

export const TIMELINE_MAX_LIMIT = 200;

export const timelineQuerySchema = z.strictObject({
  /** The `nextCursor` of the previous page (opaque). */
  before: z.string().min(1).max(400).optional(),
  limit: z.coerce.number().int().min(1).max(TIMELINE_MAX_LIMIT).default(50),
  /** Comma-separated kinds; default all the caller may see. */
  kinds: z
    .string()
    .max(200)
    .optional()
    .transform((s, ctx) => {
      if (s === undefined || s.trim() === '') return undefined;
      const parts = s.split(',').map((x) => x.trim()).filter(Boolean);
      const bad = parts.filter((x) => !(timelineKinds as readonly string[]).includes(x));
      if (bad.length > 0) {
        ctx.addIssue({ code: 'custom', message: 'msg.timeline_kinds' });
        return z.NEVER;
      }
      return [...new Set(parts)] as TimelineKind[];
    }),
});
export type TimelineQuery = z.infer<typeof timelineQuerySchema>;

/** Who did it: a user (by display name), the system (jobs, imports), the dialer, or the debtor (a reply). */
export const timelineActorSchema = z.object({
  type: z.enum(['user', 'system', 'dialer', 'debtor', 'api_token']),
  name: z.string().nullable(),
});

const detailValue = z.union([z.string(), z.number(), z.boolean(), z.null(), z.array(z.string())]);

export const timelineEntrySchema = z.object({
  /** `<kind>.<phase>:<row id>`: unique, stable. */
  id: z.string(),
  kind: z.enum(timelineKinds),
  /** What happened (e.g. `attempt.logged`, `plan.active`): the web's title key `timeline.titles.<phase>`. */
  phase: z.string(),
  at: z.string(),
  actor: timelineActorSchema,
  /** The title as an i18n code and its parameters (codes the web words: channel, status …). */
  title: z.object({ code: z.string(), params: z.record(z.string(), z.union([z.string(), z.number()])) }),
  /** Kind-specific facts (masked personal data only). */
  detail: z.record(z.string(), detailValue),
  /** Ids of the rows behind the entry (attemptId, planId, documentId …). */
  refs: z.record(z.string(), z.string()),
});
export type TimelineEntry = z.infer<typeof timelineEntrySchema>;

export const timelineResponseSchema = z.object({
  items: z.array(timelineEntrySchema),
  /** Pass as `before` for the next (older) page; null at the end. */
  nextCursor: z.string().nullable(),
  /** The kinds this caller may see (reveals: supervisors and oversight roles only). */
  kinds: z.array(z.enum(timelineKinds)),
});
export type TimelineResponse = z.infer<typeof timelineResponseSchema>;
