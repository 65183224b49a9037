// Campaigns (issue 6, item 6): an approved SMS or email template sent to a selection of cases, previewed first with
// the compliance engine's verdict per case (allowed now, later, never) without recording anything.
import { z } from 'zod';
import { bucketSchema } from './cases.js';
import { idSchema } from './common.js';

export const campaignChannels = ['sms', 'email'] as const;
export const campaignStatuses = ['draft', 'running', 'done', 'cancelled'] as const;

export const campaignFilterSchema = z.strictObject({
  bucket: bucketSchema.optional(),
  creditorId: idSchema.optional(),
  status: z.enum(['open', 'paid', 'closed', 'recalled']).optional(),
  assignedUserId: idSchema.optional(),
  teamId: idSchema.optional(),
  dpdMin: z.number().int().min(0).max(100_000).optional(),
  dpdMax: z.number().int().min(0).max(100_000).optional(),
}).refine((f) => f.dpdMin === undefined || f.dpdMax === undefined || f.dpdMin <= f.dpdMax, { path: ['dpdMax'], message: 'dpdMax must not be below dpdMin' });
export type CampaignFilterInput = z.infer<typeof campaignFilterSchema>;

export const campaignPreviewSchema = z.strictObject({ templateId: idSchema, channel: z.enum(campaignChannels), filter: campaignFilterSchema });
export const campaignCreateSchema = z.strictObject({
  name: z.string().trim().min(1).max(200), templateId: idSchema, channel: z.enum(campaignChannels), filter: campaignFilterSchema,
});
export type CampaignPreviewRequest = z.infer<typeof campaignPreviewSchema>;
export type CampaignCreateRequest = z.infer<typeof campaignCreateSchema>;

export type TargetVerdict = {
  caseId: string; debtorName: string; contactPointId: string | null; contactPointMasked: string | null;
  outcome: 'allow' | 'later' | 'never'; ruleIds: string[]; nextAllowedAt: string | null;
};

export type CampaignPreview = {
  total: number;
  allowedNow: number;
  later: { count: number; earliest: string | null; latest: string | null };
  /** By the first blocking rule (or `no_contact_point`), most frequent first. */
  never: { count: number; byRule: Array<{ ruleId: string; count: number }> };
  sample: TargetVerdict[];
};

export type Campaign = {
  id: string; name: string; templateId: string; templateName: string | null; channel: 'sms' | 'email'; filter: CampaignFilterInput;
  status: (typeof campaignStatuses)[number];
  preview: { total: number; allowedNow: number; later: number; never: number };
  progress: { pending: number; queued: number; skipped: number; failed: number };
  createdBy: string; createdAt: string; startedAt: string | null; finishedAt: string | null;
};
