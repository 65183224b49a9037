import { z } from 'zod';
import { idSchema, pageOf } from './common.js';

import { addressKinds, buckets, type AddressKind, type Bucket } from './constants.js';

export { addressKinds, buckets, type AddressKind, type Bucket };
export const bucketSchema = z.enum(buckets);

export const caseListQuerySchema = z.strictObject({
  page: z.coerce.number().int().min(1).max(100_000).default(1),
  pageSize: z.coerce.number().int().min(1).max(200).default(20),
  bucket: bucketSchema.optional(),
  creditorId: idSchema.optional(),
  q: z.string().trim().min(1).max(40).optional(),
  /** The cases assigned to one user (the team board's links). */
  assignedUserId: idSchema.optional(),
  status: z.enum(['open', 'paid', 'closed', 'recalled']).optional(),
});

export const caseSummarySchema = z.object({
  id: idSchema,
  creditorId: idSchema,
  creditorName: z.string(),
  debtorId: idSchema,
  debtorName: z.string(),
  status: z.string(),
  bucket: bucketSchema,
  dpd: z.number().int(),
  totalDueMinor: z.number().int(),
  currency: z.string(),
  assignedUserId: idSchema.nullable(),
  assignedTeamId: idSchema.nullable(),
  nextActionAt: z.string().nullable(),
});
export type CaseSummary = z.infer<typeof caseSummarySchema>;
export const caseListSchema = pageOf(caseSummarySchema);

const phoneOut = z.object({ id: idSchema, kind: z.string(), masked: z.string(), status: z.string(), contactPersonId: idSchema.nullable() });
const addressOut = z.object({
  id: idSchema,
  kind: z.enum(addressKinds),
  region: z.string(),
  detailMasked: z.string(),
  latitude: z.number().nullable(),
  longitude: z.number().nullable(),
  verificationStatus: z.string(),
  contactPersonId: idSchema.nullable(),
});
export const caseDetailSchema = caseSummarySchema.extend({
  /** Display names of the assigned collector and team (the case page's header). */
  assignedUserName: z.string().nullable(),
  assignedTeamName: z.string().nullable(),
  debtor: z.object({
    id: idSchema,
    fullName: z.string(),
    gender: z.string().nullable(),
    nationalIdMasked: z.string().nullable(),
    employer: z.string().nullable(),
    occupation: z.string().nullable(),
    monthlyIncomeMinor: z.number().int().nullable(),
    preferredLanguage: z.string(),
    timeZone: z.string(),
  }),
  phones: z.array(phoneOut),
  emails: z.array(z.object({ id: idSchema, masked: z.string(), status: z.string() })),
  addresses: z.array(addressOut),
  contacts: z.array(z.object({ id: idSchema, fullNameMasked: z.string(), relationship: z.string(), partyRole: z.string() })),
  accounts: z.array(
    z.object({
      id: idSchema,
      externalLoanId: z.string(),
      product: z.string(),
      principalMinor: z.number().int(),
      outstandingMinor: z.number().int(),
      dpd: z.number().int(),
      currency: z.string(),
    }),
  ),
});
export type CaseDetail = z.infer<typeof caseDetailSchema>;

/** Revealing personal data needs a reason; the reveal is audited. */
export const revealRequestSchema = z.strictObject({
  field: z.enum(['national_id', 'phone', 'email', 'address']),
  itemId: idSchema.optional(),
  reason: z.string().trim().min(4).max(200),
});
export const revealResponseSchema = z.object({ field: z.string(), itemId: z.string().nullable(), value: z.string() });
