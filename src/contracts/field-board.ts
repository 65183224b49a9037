// Field supervision (issue 8, items 2 and 6): the supervisor's live board of the day's routes, and the debtor's stated
// availability per address that the route planner intersects with the allowed hours.
import { z } from 'zod';
import { addressKinds } from './constants.js';
import { idSchema } from './common.js';

export const stopStates = ['planned', 'late', 'overdue', 'checked_in', 'overrun', 'done', 'left'] as const;
export type StopStateOut = (typeof stopStates)[number];

export const fieldBoardQuerySchema = z.strictObject({ date: z.string().regex(/^\d{4}-\d{2}-\d{2}$/).optional() });

const boardStop = z.object({
  stopId: idSchema,
  seq: z.number().int(),
  caseId: idSchema,
  requestId: idSchema,
  addressId: idSchema,
  addressKind: z.enum(addressKinds),
  region: z.string(),
  detailMasked: z.string(),
  thirdParty: z.boolean(),
  startAt: z.string(),
  endAt: z.string(),
  windowStartAt: z.string(),
  windowEndAt: z.string(),
  state: z.enum(stopStates),
  visit: z.object({
    checkedInAt: z.string(),
    endedAt: z.string().nullable(),
    outcomeCode: z.string().nullable(),
    distanceM: z.number().nullable(),
    distanceWarning: z.boolean(),
    /** Minutes from check-in to the end (or to now while open). */
    durationMin: z.number().nullable(),
    evidenceCount: z.number().int(),
  }).nullable(),
  incidents: z.array(z.object({ id: idSchema, kind: z.string(), createdAt: z.string() })),
});
export type FieldBoardStop = z.infer<typeof boardStop>;

export const fieldBoardSchema = z.object({
  date: z.string(),
  now: z.string(),
  graceMinutes: z.number().int(),
  routes: z.array(z.object({
    planId: idSchema,
    routeNo: z.number().int(),
    timeZone: z.string(),
    collectors: z.array(z.object({ id: idSchema, name: z.string() })),
    startAt: z.string().nullable(),
    endAt: z.string().nullable(),
    distanceKm: z.number(),
    stops: z.array(boardStop),
  })),
  totals: z.record(z.enum(stopStates), z.number().int()),
});
export type FieldBoardOut = z.infer<typeof fieldBoardSchema>;

const timeSchema = z.string().regex(/^\d{2}:\d{2}$/, 'HH:MM');
export const availabilityWindowSchema = z.strictObject({ dayOfWeek: z.number().int().min(1).max(7), from: timeSchema, to: timeSchema });
export const availabilityPutSchema = z.strictObject({ windows: z.array(availabilityWindowSchema).max(28) });
export type AvailabilityPut = z.infer<typeof availabilityPutSchema>;
export const availabilitySchema = z.object({
  addressId: idSchema,
  windows: z.array(z.object({ dayOfWeek: z.number().int(), from: z.string(), to: z.string() })),
  /** e.g. "周一至周五 18:00–21:00". */
  summary: z.object({ zh: z.string(), en: z.string() }),
});
export type AvailabilityOut = z.infer<typeof availabilitySchema>;
