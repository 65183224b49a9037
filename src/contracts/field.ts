// Field view (issue 8, item 4, first slice): today's route for a field collector, the pre-visit dossier, check-in,
// the outcome, "asked to leave" and SOS.
import { z } from 'zod';
import { addressKinds } from './constants.js';
import { idSchema } from './common.js';

/** What happened at the door. Cash is never collected: a payment is only ever made through the official channel. */
export const fieldOutcomeCodes = [
  'met_debtor', 'met_third_party', 'not_home', 'refused_to_open', 'address_invalid', 'moved', 'hostile_left', 'promise', 'plan', 'paid_official',
] as const;
export type FieldOutcomeCode = (typeof fieldOutcomeCodes)[number];
export const fieldVisitStatuses = ['planned', 'checked_in', 'done', 'left'] as const;

const dateSchema = z.string().regex(/^\d{4}-\d{2}-\d{2}$/);

export const checkInSchema = z.strictObject({
  latitude: z.number().min(-90).max(90),
  longitude: z.number().min(-180).max(180),
  /** The browser's accuracy radius in metres. */
  accuracy: z.number().min(0).max(100_000),
  partnerUserId: idSchema.optional(),
});
export type CheckIn = z.infer<typeof checkInSchema>;

export const outcomeSchema = z.strictObject({
  code: z.enum(fieldOutcomeCodes),
  notes: z.string().trim().max(2000).optional(),
  promise: z.strictObject({ amountMinor: z.number().int().min(1).max(1e13), dueDate: dateSchema }).optional(),
});
export type FieldOutcome = z.infer<typeof outcomeSchema>;

export const sosSchema = z.strictObject({
  stopId: idSchema.optional(),
  latitude: z.number().min(-90).max(90).optional(),
  longitude: z.number().min(-180).max(180).optional(),
});

const visitOut = z.object({
  status: z.enum(fieldVisitStatuses),
  checkedInAt: z.string().nullable(),
  distanceM: z.number().nullable(),
  accuracyM: z.number().nullable(),
  distanceWarning: z.boolean(),
  partnerUserId: idSchema.nullable(),
  outcomeCode: z.string().nullable(),
  endedAt: z.string().nullable(),
});
export type FieldVisitOut = z.infer<typeof visitOut>;

export const fieldStopSchema = z.object({
  id: idSchema,
  planId: idSchema,
  routeNo: z.number().int(),
  seq: z.number().int(),
  caseId: idSchema,
  startAt: z.string(),
  endAt: z.string(),
  windowStartAt: z.string(),
  windowEndAt: z.string(),
  partners: z.array(z.object({ id: idSchema, name: z.string() })),
  visit: visitOut,
  dossier: z.object({
    debtorName: z.string(),
    preferredLanguage: z.string(),
    creditorName: z.string(),
    dpd: z.number().int(),
    bucket: z.string(),
    phones: z.array(z.object({ kind: z.string(), masked: z.string(), status: z.string(), own: z.boolean() })),
    address: z.object({
      id: idSchema, kind: z.enum(addressKinds), region: z.string(), detailMasked: z.string(), verificationStatus: z.string(),
      latitude: z.number().nullable(), longitude: z.number().nullable(), thirdParty: z.boolean(),
    }),
    accounts: z.array(z.object({ product: z.string(), principalMinor: z.number(), outstandingMinor: z.number(), dpd: z.number().int(), currency: z.string() })),
    payments: z.array(z.object({ paidOn: z.string(), amountMinor: z.number(), currency: z.string(), channel: z.string() })),
    contacts: z.array(z.object({ at: z.string(), channel: z.string(), status: z.string(), result: z.string().nullable() })),
    promises: z.array(z.object({ dueDate: z.string(), amountMinor: z.number(), currency: z.string(), status: z.string() })),
    affordability: z.object({ zh: z.string(), en: z.string() }).nullable(),
  }),
});
export type FieldStopOut = z.infer<typeof fieldStopSchema>;
export const fieldTodaySchema = z.object({ date: z.string(), checkinWarnMeters: z.number(), stops: z.array(fieldStopSchema) });
export type FieldTodayOut = z.infer<typeof fieldTodaySchema>;

export const incidentSchema = z.object({
  id: idSchema,
  kind: z.enum(['sos', 'asked_to_leave']),
  userId: idSchema,
  userName: z.string().nullable(),
  stopId: idSchema.nullable(),
  caseId: idSchema.nullable(),
  latitude: z.number().nullable(),
  longitude: z.number().nullable(),
  createdAt: z.string(),
});
export type IncidentOut = z.infer<typeof incidentSchema>;
export const incidentListSchema = z.object({ items: z.array(incidentSchema) });
