// Field visits (issue 8, parts 1–2): visit requests and day route plans.
import { z } from 'zod';
import { addressKinds } from './constants.js';
import { idSchema } from './common.js';

export const visitRequestStatuses = ['requested', 'approved', 'rejected', 'planned', 'done', 'cancelled'] as const;
export type VisitRequestStatus = (typeof visitRequestStatuses)[number];

const dateSchema = z.string().regex(/^\d{4}-\d{2}-\d{2}$/);
const localized = z.object({ ruleId: z.string().optional(), zh: z.string(), en: z.string() });

export const createVisitRequestSchema = z.strictObject({
  addressId: idSchema,
  reason: z.string().trim().min(1).max(500),
  /** 1 low, 2 normal, 3 high. */
  priority: z.number().int().min(1).max(3).default(2),
});
export type CreateVisitRequest = z.infer<typeof createVisitRequestSchema>;

export const visitDecisionSchema = z.strictObject({ reason: z.string().trim().max(500).optional() });
export const visitRequestQuerySchema = z.strictObject({ status: z.enum(visitRequestStatuses).optional() });

export const visitRequestSchema = z.object({
  id: idSchema,
  caseId: idSchema,
  addressId: idSchema,
  address: z.object({
    kind: z.enum(addressKinds),
    region: z.string(),
    detailMasked: z.string(),
    verificationStatus: z.string(),
    thirdParty: z.boolean(),
    hasCoordinates: z.boolean(),
  }),
  requestedBy: idSchema,
  requestedByName: z.string().nullable(),
  reason: z.string(),
  priority: z.number().int(),
  status: z.enum(visitRequestStatuses),
  approvedBy: idSchema.nullable(),
  approvedAt: z.string().nullable(),
  decisionReason: z.string().nullable(),
  plannedDate: z.string().nullable(),
  planId: idSchema.nullable(),
  createdAt: z.string(),
  /** Warnings of the compliance engine when the request was made (e.g. a third party: never disclose the debt). */
  warnings: z.array(localized).optional(),
});
export type VisitRequestOut = z.infer<typeof visitRequestSchema>;
export const visitRequestListSchema = z.object({ items: z.array(visitRequestSchema) });

export const createVisitPlanSchema = z.strictObject({
  date: dateSchema,
  collectorIds: z.array(idSchema).min(1).max(60),
  base: z.strictObject({ latitude: z.number().min(-90).max(90), longitude: z.number().min(-180).max(180) }).optional(),
  timeZone: z.string().max(64).optional(),
});
export type CreateVisitPlan = z.infer<typeof createVisitPlanSchema>;

const stopSchema = z.object({
  seq: z.number().int(),
  requestId: idSchema,
  caseId: idSchema,
  addressKind: z.enum(addressKinds),
  region: z.string(),
  detailMasked: z.string(),
  priority: z.number().int(),
  arrivalAt: z.string(),
  startAt: z.string(),
  endAt: z.string(),
  windowStartAt: z.string(),
  windowEndAt: z.string(),
  travelKm: z.number(),
  compliance: z.object({ outcome: z.string(), reasons: z.array(z.object({ ruleId: z.string(), zh: z.string(), en: z.string(), outcome: z.string() })) }),
});

export const visitPlanSchema = z.object({
  id: idSchema,
  date: z.string(),
  timeZone: z.string(),
  base: z.object({ latitude: z.number(), longitude: z.number(), source: z.string() }),
  settings: z.record(z.string(), z.unknown()),
  routes: z.array(z.object({
    routeNo: z.number().int(),
    collectors: z.array(z.object({ id: idSchema, name: z.string() })),
    distanceKm: z.number(),
    startAt: z.string().nullable(),
    endAt: z.string().nullable(),
    stops: z.array(stopSchema),
  })),
  unplanned: z.array(z.object({
    requestId: idSchema, caseId: idSchema,
    /** The visit's address and priority (absent on plans stored before they were recorded). */
    addressKind: z.enum(addressKinds).optional(), region: z.string().optional(), detailMasked: z.string().optional(), priority: z.number().int().optional(),
    reason: z.string(), details: z.array(localized),
  })),
  unpairedCollectorIds: z.array(idSchema),
  createdBy: idSchema,
  createdAt: z.string(),
});
export type VisitPlanOut = z.infer<typeof visitPlanSchema>;

export const fieldCollectorListSchema = z.object({ items: z.array(z.object({ id: idSchema, name: z.string(), teamId: idSchema.nullable() })) });
