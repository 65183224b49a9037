// The model registry (issue 9, part 1): portfolio models trained from Concord's history, versioned, one active.
import { z } from 'zod';
import { idSchema } from './common.js';

const day = z.string().regex(/^\d{4}-\d{2}-\d{2}$/);

export const modelMetricsSchema = z.object({
  /** On the 30 % holdout (stratified, seeded). */
  auc: z.number(),
  ks: z.number(),
  brier: z.number(),
  logLoss: z.number(),
  holdoutRows: z.number(),
  /** The rule score's AUC on the same holdout: the model should beat it before it is activated. */
  ruleAuc: z.number(),
});
export type ModelMetricsOut = z.infer<typeof modelMetricsSchema>;

export const scoringModelSchema = z.object({
  id: idSchema,
  version: z.number(),
  kind: z.enum(['logistic', 'gbdt']),
  status: z.enum(['candidate', 'active', 'retired']),
  asOf: day,
  labelDays: z.number(),
  labelShareBp: z.number(),
  historyFrom: day,
  historyTo: day,
  rows: z.number(),
  positives: z.number(),
  metrics: modelMetricsSchema,
  createdBy: z.string(),
  createdAt: z.string(),
  activatedBy: z.string().nullable(),
  activatedAt: z.string().nullable(),
});
export type ScoringModelOut = z.infer<typeof scoringModelSchema>;
export const scoringModelListSchema = z.object({ items: z.array(scoringModelSchema) });

export const trainModelSchema = z.strictObject({
  asOf: day.optional(),
  kind: z.enum(['logistic', 'gbdt']).default('gbdt'),
  /** The outcome window in days after the scoring date. */
  labelDays: z.number().int().min(7).max(180).default(30),
  /** Paid at least this share of the balance in the window (basis points; 0 = any payment). */
  labelShareBp: z.number().int().min(0).max(10_000).default(1000),
  /** How far back the history goes (days before asOf). */
  lookbackDays: z.number().int().min(30).max(730).default(180),
  seed: z.number().int().default(1),
});
export type TrainModelIn = z.infer<typeof trainModelSchema>;
