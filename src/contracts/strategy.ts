// The nightly run (issue 9, part 5): run list and report, and a case's latest score with its reasons.
import { z } from 'zod';
import { idSchema } from './common.js';

export const asOfSchema = z.string().regex(/^\d{4}-\d{2}-\d{2}$/);

export const scoreReasonSchema = z.object({ code: z.string(), points: z.number(), zh: z.string(), en: z.string() });
export type ScoreReasonOut = z.infer<typeof scoreReasonSchema>;

/** 'letter' and 'none' (nothing due yet in the case's treatment) come with strategies (0028). */
export const nextActionKinds = ['call', 'sms', 'email', 'visit_request', 'legal_review', 'skip_trace', 'letter', 'none'] as const;
export type NextActionKind = (typeof nextActionKinds)[number];

const countMap = z.record(z.string(), z.number());
export const nightlyCountsSchema = z.object({ scored: z.number(), batches: z.number(), blockedActions: z.number() });
export type NightlyCounts = z.infer<typeof nightlyCountsSchema>;

/** Allocation counts of a run: kept / assigned / recalled collectors; pooled (no collector) by reason. */
export const allocationSummarySchema = z.object({
  allocated: z.number(), kept: z.number(), assigned: z.number(), recalled: z.number(), unallocated: z.number(), pooled: z.number(), pooledBy: countMap,
});
export type AllocationSummary = z.infer<typeof allocationSummarySchema>;
/** Scheduling counts of a run: scheduled by kind (sms, email, call, visit_request), flagged (legal_review, skip_trace), skipped by reason. */
export const scheduleSummarySchema = z.object({ scheduled: countMap, flagged: countMap, skipped: countMap });
export type ScheduleSummary = z.infer<typeof scheduleSummarySchema>;

export const nightlyReportSchema = z.object({
  asOf: asOfSchema,
  previousAsOf: asOfSchema.nullable(),
  scored: z.number(),
  byBucket: countMap,
  bySegment: countMap,
  byAction: countMap,
  /** Strategies (0028): cases per arm (champion / challenger / default = the built-in strategy), per arm/segment and arm/action. */
  byArm: countMap.optional(),
  byArmSegment: countMap.optional(),
  byArmAction: countMap.optional(),
  /** Previous run's bucket → this run's bucket (or paid / closed / recalled when the case left the open book). */
  rollRates: z.array(z.object({ from: z.string(), to: z.string(), count: z.number(), share: z.number() })),
  scoreDeciles: z.array(z.number()),
  meanScore: z.number().nullable(),
  psi: z.number().nullable(),
  seconds: z.number(),
  /** Absent in reports written before allocation and scheduling (0029). */
  allocation: allocationSummarySchema.optional(),
  scheduling: scheduleSummarySchema.optional(),
  /** Wall-clock seconds of the finishing step's phases (absent in older reports). */
  finishing: z.object({ allocation: z.number(), scheduling: z.number(), report: z.number() }).optional(),
});
export type NightlyReport = z.infer<typeof nightlyReportSchema>;

export const nightlyRunSchema = z.object({
  id: idSchema,
  asOf: asOfSchema,
  status: z.enum(['running', 'completed', 'failed']),
  attempts: z.number(),
  startedAt: z.string(),
  finishedAt: z.string().nullable(),
  error: z.string().nullable(),
  counts: nightlyCountsSchema.nullable(),
  report: nightlyReportSchema.nullable(),
});
export type NightlyRunOut = z.infer<typeof nightlyRunSchema>;
/** POST /api/runs: the run of the agency-local today was queued (202). */
export const nightlyRunRequestedSchema = z.object({ asOf: asOfSchema, jobId: z.string() });
export type NightlyRunRequested = z.infer<typeof nightlyRunRequestedSchema>;
export const nightlyRunListSchema = z.object({ items: z.array(nightlyRunSchema.omit({ report: true })) });

export const caseScoreSchema = z.object({
  caseId: idSchema,
  asOf: asOfSchema,
  score: z.number(),
  band: z.string(),
  segment: z.string(),
  reasons: z.array(scoreReasonSchema),
  nextAction: z.object({ kind: z.string(), channel: z.string().nullable(), at: z.string().nullable(), note: z.string().nullable() }),
  /** The run's allocation of the case on that date and why (0029); null before any allocation. */
  allocation: z.object({
    outcome: z.enum(['kept', 'assigned', 'recalled', 'unallocated']), reason: z.string().nullable(), userId: idSchema.nullable(), distanceKm: z.number().nullable(),
    explanation: z.array(z.object({ code: z.string(), zh: z.string(), en: z.string() })),
  }).nullable().optional(),
});
export const caseScoreResponseSchema = z.object({ score: caseScoreSchema.nullable() });
