import { z } from 'zod';
import { idSchema } from './common.js';

/** Certificate kinds the UI offers; any other kind is free text (up to 40 characters). */
export const certificateKinds = ['collector', 'field_visit', 'qa'] as const;
export type CertificateKind = (typeof certificateKinds)[number];
/** Computed on read from the agency's calendar date, never stored. */
export const certificateStatuses = ['valid', 'expiring', 'expired', 'not_yet_valid'] as const;
export type CertificateStatus = (typeof certificateStatuses)[number];
export const trainingResults = ['passed', 'failed'] as const;
export type TrainingResult = (typeof trainingResults)[number];
/** A certificate whose last valid day is at most this many days away is `expiring`. */
export const EXPIRING_WITHIN_DAYS = 30;

/** A calendar date, YYYY-MM-DD (real dates only: no 2026-02-30). */
export const dateSchema = z.iso.date('msg.date');

const kind = z.string().trim().min(1).max(40);
const certificateFields = {
  kind,
  number: z.string().trim().min(1).max(60),
  issuer: z.string().trim().min(1).max(100),
  validFrom: dateSchema,
  validUntil: dateSchema,
};
const validRange = { message: 'msg.valid_until_before_from', path: ['validUntil'] };
/** validFrom ≤ validUntil, judged only when both are real dates (a bad date is reported once, by its own field). */
const ordered = (c: { validFrom?: unknown; validUntil?: unknown }) =>
  !dateSchema.safeParse(c.validFrom).success || !dateSchema.safeParse(c.validUntil).success || (c.validFrom as string) <= (c.validUntil as string);

export const createCertificateSchema = z.strictObject(certificateFields).refine(ordered, validRange);
export type CreateCertificate = z.infer<typeof createCertificateSchema>;
/** Any subset; when both dates are sent they are checked here, otherwise against the stored one. */
export const updateCertificateSchema = z
  .strictObject({
    kind: kind.optional(),
    number: certificateFields.number.optional(),
    issuer: certificateFields.issuer.optional(),
    validFrom: dateSchema.optional(),
    validUntil: dateSchema.optional(),
  })
  .refine(ordered, validRange);
export type UpdateCertificate = z.infer<typeof updateCertificateSchema>;

export const certificateSchema = z.object({
  id: idSchema,
  userId: idSchema,
  kind: z.string(),
  number: z.string(),
  issuer: z.string(),
  validFrom: z.string(),
  validUntil: z.string(),
  status: z.enum(certificateStatuses),
  /** Days from the agency's today to validUntil: 0 on the last valid day, negative once expired. */
  daysLeft: z.number().int(),
  createdAt: z.string(),
  updatedAt: z.string(),
});
export type Certificate = z.infer<typeof certificateSchema>;

export const createTrainingSchema = z.strictObject({
  course: z.string().trim().min(1).max(100),
  completedOn: dateSchema,
  result: z.enum(trainingResults),
  score: z.number().min(0).max(100).nullable().optional(),
  hours: z.number().positive().max(1000).nullable().optional(),
});
export type CreateTraining = z.infer<typeof createTrainingSchema>;
export const trainingSchema = z.object({
  id: idSchema,
  userId: idSchema,
  course: z.string(),
  completedOn: z.string(),
  result: z.enum(trainingResults),
  score: z.number().nullable(),
  hours: z.number().nullable(),
  createdAt: z.string(),
});
export type Training = z.infer<typeof trainingSchema>;

export const qualificationsSchema = z.object({ userId: idSchema, certificates: z.array(certificateSchema), trainings: z.array(trainingSchema) });
export type Qualifications = z.infer<typeof qualificationsSchema>;

export const expiringQuerySchema = z.strictObject({ days: z.coerce.number().int().min(0).max(365).default(EXPIRING_WITHIN_DAYS) });
export const expiringCertificateSchema = certificateSchema.extend({ username: z.string(), userDisplayName: z.string() });
export type ExpiringCertificate = z.infer<typeof expiringCertificateSchema>;
export const expiringListSchema = z.object({ today: z.string(), days: z.number().int(), items: z.array(expiringCertificateSchema) });
