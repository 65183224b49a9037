// Supervisor tools (issue 5, item 6): the team board, reassigning and recalling cases.
import { z } from 'zod';
import { idSchema } from './common.js';

export const teamBoardQuerySchema = z.strictObject({
  /** The agency day (Asia/Shanghai); default today. */
  date: z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'msg.date').optional(),
  /** Admin: any team (default the first by name); supervisor: their own team only. */
  teamId: idSchema.optional(),
});
export type TeamBoardQuery = z.infer<typeof teamBoardQuerySchema>;

const ruleCountSchema = z.object({ ruleId: z.string(), count: z.number().int() });

const measuresSchema = z.object({
  /** Open cases assigned to the collector (now, not as of the date). */
  openCases: z.number().int(),
  /** Attempts decided that day and not blocked, every channel. */
  attempts: z.number().int(),
  /** Of those, calls. */
  calls: z.number().int(),
  /** Attempts completed with a conversation (result `conversation`). */
  conversations: z.number().int(),
  /** Promises to pay made that day (by the collector). */
  promisesMade: z.number().int(),
  /** The collector's promises kept that day (status kept, kept_on the day). */
  promisesKept: z.number().int(),
  /** The collector's promises due that day and still pending. */
  promisesDuePending: z.number().int(),
  /** Attempts the engine blocked that day. */
  blocked: z.number().int(),
  /** The rules that blocked most often that day (at most 3). */
  topBlockRules: z.array(ruleCountSchema),
  /** The latest attempt decided or completed (any day). */
  lastActivityAt: z.string().nullable(),
});
export type BoardMeasures = z.infer<typeof measuresSchema>;

export const teamBoardRowSchema = measuresSchema.extend({
  userId: idSchema,
  username: z.string(),
  displayName: z.string(),
  role: z.string(),
  status: z.enum(['active', 'disabled']),
});
export type TeamBoardRow = z.infer<typeof teamBoardRowSchema>;

export const teamBoardSchema = z.object({
  date: z.string(),
  /** The first instant of the day and of the next (ISO, UTC). */
  from: z.string(),
  to: z.string(),
  team: z.object({ id: idSchema, name: z.string() }),
  /** The teams the caller may look at (admin: all; supervisor: their own). */
  teams: z.array(z.object({ id: idSchema, name: z.string() })),
  rows: z.array(teamBoardRowSchema),
  totals: measuresSchema,
});
export type TeamBoard = z.infer<typeof teamBoardSchema>;

const caseIdsSchema = z.array(idSchema).min(1).max(500).refine((a) => new Set(a).size === a.length, 'msg.duplicate_case');

export const assignCasesSchema = z
  .strictObject({ caseIds: caseIdsSchema, userId: idSchema.optional(), teamId: idSchema.optional() })
  .refine((b) => (b.userId === undefined) !== (b.teamId === undefined), { message: 'msg.assign_target', path: ['userId'] });
export type AssignCases = z.infer<typeof assignCasesSchema>;

export const recallCasesSchema = z.strictObject({ caseIds: caseIdsSchema, reason: z.string().trim().min(2).max(500) });
export type RecallCases = z.infer<typeof recallCasesSchema>;

export const caseMoveResultSchema = z.object({
  updated: z.number().int(),
  cases: z.array(z.object({ id: idSchema, status: z.string(), assignedUserId: idSchema.nullable(), assignedTeamId: idSchema.nullable() })),
});
export type CaseMoveResult = z.infer<typeof caseMoveResultSchema>;

/** Who a supervisor may give cases to: the team's active collectors and the supervisor. */
export const assigneeListSchema = z.object({
  items: z.array(z.object({ id: idSchema, displayName: z.string(), username: z.string(), role: z.string(), teamId: idSchema.nullable() })),
});
export type AssigneeList = z.infer<typeof assigneeListSchema>;
