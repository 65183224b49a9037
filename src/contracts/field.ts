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

/**
 * The phone's id for a mutation (a UUID it generates): the server does it once and answers a replay from the offline
 * outbox with the first result.
 */
const clientId = idSchema.optional();
/** When the phone captured the action (ISO-8601): an offline check-in is decided at this time, within bounds. */
const capturedAt = z.string().datetime({ offset: true }).optional();

export const checkInSchema = z.strictObject({
  latitude: z.number().min(-90).max(90),
  longitude: z.number().min(-180).max(180),
  /** The browser's accuracy radius in metres. */
  accuracy: z.number().min(0).max(100_000),
  partnerUserId: idSchema.optional(),
  clientId,
  capturedAt,
});
export type CheckIn = z.infer<typeof checkInSchema>;

export const outcomeSchema = z.strictObject({
  code: z.enum(fieldOutcomeCodes),
  notes: z.string().trim().max(2000).optional(),
  promise: z.strictObject({ amountMinor: z.number().int().min(1).max(1e13), dueDate: dateSchema }).optional(),
  clientId,
});
export type FieldOutcome = z.infer<typeof outcomeSchema>;

export const leaveSchema = z.strictObject({ clientId, capturedAt });
export type FieldLeave = z.infer<typeof leaveSchema>;

/** Check-out: the position is optional (the phone may have none when leaving). */
export const checkOutSchema = z.strictObject({
  latitude: z.number().min(-90).max(90).optional(),
  longitude: z.number().min(-180).max(180).optional(),
  accuracy: z.number().min(0).max(100_000).optional(),
  clientId,
  capturedAt,
});
export type CheckOut = z.infer<typeof checkOutSchema>;

export const evidenceKinds = ['photo', 'audio'] as const;
const coordinate = (min: number, max: number) => z.coerce.number().min(min).max(max).optional();
/** PUT /api/field/stops/:id/evidence/:evidenceId — the body is the file (image/* or audio/*), these are the query. */
export const evidenceQuerySchema = z.strictObject({
  sha256: z.string().regex(/^[0-9a-f]{64}$/, 'hex SHA-256'),
  capturedAt: z.string().datetime({ offset: true }),
  latitude: coordinate(-90, 90),
  longitude: coordinate(-180, 180),
  accuracy: coordinate(0, 100_000),
});
export type EvidenceQuery = z.infer<typeof evidenceQuerySchema>;

export const evidenceSchema = z.object({
  id: idSchema,
  visitId: idSchema,
  stopId: idSchema,
  kind: z.enum(evidenceKinds),
  mimeType: z.string(),
  sizeBytes: z.number().int(),
  sha256: z.string(),
  capturedAt: z.string(),
  receivedAt: z.string(),
  latitude: z.number().nullable(),
  longitude: z.number().nullable(),
  uploadedBy: idSchema,
});
export type EvidenceOut = z.infer<typeof evidenceSchema>;
export const evidenceListSchema = z.object({ items: z.array(evidenceSchema) });

export const sosSchema = z.strictObject({
  stopId: idSchema.optional(),
  clientId,
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
  /** When the server received the check-in (after checkedInAt when it was made offline). */
  receivedAt: z.string().nullable(),
  checkedOutAt: z.string().nullable(),
  durationS: z.number().nullable(),
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
export const fieldTodaySchema = z.object({ date: z.string(), checkinWarnMeters: z.number(), mapTileUrl: z.string().nullable(), stops: z.array(fieldStopSchema) });
export type FieldTodayOut = z.infer<typeof fieldTodaySchema>;

export const incidentSchema = z.object({
  id: idSchema,
  kind: z.enum(['sos', 'asked_to_leave', 'overrun']),
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

/** A visit as its supervisor reads it: who, what happened, when, how long, and its evidence. */
export const fieldReportSchema = z.object({
  visitId: idSchema,
  stopId: idSchema,
  planId: idSchema,
  caseId: idSchema,
  userId: idSchema,
  userName: z.string().nullable(),
  region: z.string(),
  visit: visitOut,
  notes: z.string().nullable(),
  evidence: z.array(evidenceSchema),
});
export type FieldReportOut = z.infer<typeof fieldReportSchema>;
export const fieldReportListSchema = z.object({ date: z.string(), items: z.array(fieldReportSchema) });
export const fieldReportQuerySchema = z.strictObject({ date: dateSchema.optional() });
