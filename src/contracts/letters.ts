// Letters (issue 6, item 5): a collection or validation notice generated from an approved letter template for one of
// the debtor's addresses, decided by the compliance engine (channel letter) and stored as a PDF on the case.
import { z } from 'zod';
import { idSchema } from './common.js';

export const letterRequestSchema = z.strictObject({
  templateId: idSchema,
  addressId: idSchema,
  /** A notice of visit (上门通知函): the visit request whose window {{visitWindow}} names. */
  visitRequestId: idSchema.optional(),
});
export type LetterRequest = z.infer<typeof letterRequestSchema>;
