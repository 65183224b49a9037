// Collector profiles for allocation (issue 9, part 4) and a creditor's default reminder templates for scheduling.
import { z } from 'zod';
import { idSchema } from './common.js';

export const collectorLanguages = ['zh-CN', 'yue', 'wuu', 'nan', 'hak', 'en'] as const;
export const collectorProfileSchema = z.strictObject({
  languages: z.array(z.enum(collectorLanguages)).max(6),
  /** Province (2 digits) or city (4 digits) codes covered by field work; empty = any. */
  regions: z.array(z.string().regex(/^\d{2}(\d{2})?$/, '省级 2 位或市级 4 位行政区划代码 / a 2-digit province or 4-digit city code')).max(100),
  capacity: z.number().int().min(0).max(100_000),
  baseLatitude: z.number().min(-90).max(90).nullable(),
  baseLongitude: z.number().min(-180).max(180).nullable(),
}).refine((p) => (p.baseLatitude === null) === (p.baseLongitude === null), { path: ['baseLongitude'], message: '基地纬度和经度须同时填写 / latitude and longitude go together' });
export type CollectorProfile = z.infer<typeof collectorProfileSchema>;
export const collectorProfileOutSchema = z.object({ userId: idSchema, isDefault: z.boolean(), profile: collectorProfileSchema, updatedAt: z.string().nullable() });

export const reminderTemplatesSchema = z.strictObject({ sms: idSchema.nullable(), email: idSchema.nullable() });
export type ReminderTemplates = z.infer<typeof reminderTemplatesSchema>;
