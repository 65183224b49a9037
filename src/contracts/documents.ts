// Case documents: generated PDFs (plan agreements, notices) listed on the case and downloaded with an audit entry.
import { z } from 'zod';

export const documentKinds = ['plan_agreement', 'collection_notice', 'validation_notice', 'visit_notice'] as const;

export const documentSchema = z.object({
  id: z.string(),
  caseId: z.string(),
  kind: z.enum(documentKinds),
  title: z.string(),
  fileName: z.string(),
  mimeType: z.string(),
  locale: z.string(),
  sizeBytes: z.number().int(),
  sha256: z.string(),
  sourceType: z.string().nullable(),
  sourceId: z.string().nullable(),
  createdBy: z.string().nullable(),
  createdByName: z.string().nullable(),
  createdAt: z.string(),
});
export type CaseDocument = z.infer<typeof documentSchema>;
export const documentListSchema = z.object({ items: z.array(documentSchema) });
