// The call script (话术, issue 5): the panel's script rendered for a case, and the supervisors' editor.
import { z } from 'zod';
import { scriptLocales, scriptSections, scriptSituations, type ScriptSection } from '../core/scripts/script.js';

export { scriptLocales, scriptSections, scriptSituations, scriptVariables } from '../core/scripts/script.js';
export type { ScriptLocale, ScriptSection, ScriptSituation, ScriptVariable } from '../core/scripts/script.js';

export const scriptLocaleSchema = z.enum(scriptLocales);
export const scriptSituationSchema = z.enum(scriptSituations);

const reasonOut = z.object({
  ruleId: z.string(),
  outcome: z.enum(['warn', 'block']),
  message: z.object({ 'zh-CN': z.string(), en: z.string() }),
  spans: z.array(z.object({ start: z.number().int(), end: z.number().int(), text: z.string() })).optional(),
}).passthrough();

export const scriptLineSchema = z.object({ body: z.string(), tip: z.string() });

export const caseScriptSchema = z.object({
  caseId: z.string(),
  locale: scriptLocaleSchema,
  /** The debtor's preferred language or dialect as recorded (zh-CN, en, yue, wuu, nan …). */
  preferredLanguage: z.string(),
  situation: scriptSituationSchema.nullable(),
  reason: z.discriminatedUnion('source', [
    z.object({ source: z.literal('event'), eventType: z.string(), at: z.string(), keyword: z.string().nullable() }),
    z.object({ source: z.literal('note'), at: z.string(), keyword: z.string() }),
    z.object({ source: z.literal('none') }),
  ]),
  opening: scriptLineSchema,
  purpose: scriptLineSchema,
  situations: z.object(Object.fromEntries(scriptSituations.map((s) => [s, scriptLineSchema])) as Record<(typeof scriptSituations)[number], typeof scriptLineSchema>),
  negotiation: scriptLineSchema,
  closing: scriptLineSchema,
});
export type CaseScript = z.infer<typeof caseScriptSchema>;

export const scriptItemSchema = z.object({
  locale: scriptLocaleSchema,
  section: z.enum(scriptSections),
  body: z.string(),
  tip: z.string(),
  version: z.number().int(),
  updatedBy: z.string().nullable(),
  updatedByName: z.string().nullable(),
  updatedAt: z.string(),
});
export type ScriptItem = z.infer<typeof scriptItemSchema>;
export const scriptListSchema = z.object({ items: z.array(scriptItemSchema) });
export type ScriptList = z.infer<typeof scriptListSchema>;

const sectionEdit = z.strictObject({
  body: z.string().trim().min(1).max(2000),
  tip: z.string().trim().max(1000),
  /** The version this edit started from (409 when someone saved in between). */
  version: z.number().int().min(1),
});
export const scriptUpdateSchema = z.strictObject({
  locale: scriptLocaleSchema,
  sections: z.strictObject(Object.fromEntries(scriptSections.map((s) => [s, sectionEdit.optional()])) as Record<ScriptSection, z.ZodOptional<typeof sectionEdit>>),
});
export type ScriptUpdate = z.infer<typeof scriptUpdateSchema>;

export const scriptUpdateResponseSchema = z.object({
  items: z.array(scriptItemSchema),
  /** Sections saved; unchanged sections are not counted. */
  changed: z.array(z.enum(scriptSections)),
  warnings: z.array(z.object({ section: z.enum(scriptSections), field: z.enum(['body', 'tip']), reason: reasonOut })),
});
export type ScriptUpdateResponse = z.infer<typeof scriptUpdateResponseSchema>;
