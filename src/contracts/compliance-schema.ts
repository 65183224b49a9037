import { z } from 'zod';
import { decisionOutputSchema, scenarioInputSchema } from './compliance.js';

/** The public JSON Schemas of the simulator's input and output (documented in docs/compliance/). */
export function complianceJsonSchemas(): Record<'scenario' | 'decision', unknown> {
  const opts = { unrepresentable: 'any', io: 'input' } as const;
  return {
    scenario: {
      $id: 'https://concord.example/schemas/compliance/scenario.schema.json',
      title: 'Concord compliance scenario (one, or an array)',
      description: 'Input of `concord policy check` and POST /api/compliance/check. Instants are ISO 8601 with an offset; party zones are IANA names; inconvenient_time from/until are local HH:MM.',
      ...z.toJSONSchema(scenarioInputSchema, opts),
    },
    decision: {
      $id: 'https://concord.example/schemas/compliance/decision.schema.json',
      title: 'Concord compliance decision (one, or an array)',
      ...z.toJSONSchema(decisionOutputSchema, opts),
    },
  };
}
