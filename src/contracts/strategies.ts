// Strategies (issue 9, part 3): strategies, their versions (draft → active → retired), champion/challenger and the
// simulation. The definition itself is validated by src/core/strategy (validateStrategy), which names each field.
import { z } from 'zod';
import { idSchema } from './common.js';

export const strategyCreateSchema = z.strictObject({
  name: z.string().trim().min(1).max(60),
  description: z.string().trim().max(500).optional(),
  /** Start from a copy of this version's definition (else the built-in default strategy). */
  fromVersionId: idSchema.optional(),
});
export const strategyVersionCreateSchema = z.strictObject({ fromVersionId: idSchema.optional() });
export const strategyDraftUpdateSchema = z.strictObject({
  definition: z.unknown(),
  challengerVersionId: idSchema.nullable().optional(),
  challengerShare: z.number().int().min(0).max(50).optional(),
  note: z.string().trim().max(500).nullable().optional(),
});
export type StrategyDraftUpdate = z.infer<typeof strategyDraftUpdateSchema>;
export const strategyValidateSchema = z.strictObject({ definition: z.unknown() });
export const strategyActivateSchema = z.strictObject({ reason: z.string().trim().max(500).optional() });
export const strategySimulateSchema = z.strictObject({
  /** Continue after this case id (the previous page's nextCursor). */
  cursor: idSchema.optional(),
  limit: z.number().int().min(1).max(5000).optional(),
  /** Simulate the version alone, without its challenger. */
  championOnly: z.boolean().optional(),
});
export type StrategySimulateRequest = z.infer<typeof strategySimulateSchema>;
