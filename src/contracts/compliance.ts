import { z } from 'zod';
import {
  actionPurposes, authorities, channels, contactResults, eventTypes, partyRoles,
} from '../core/compliance/types.js';
import { isValidZone, parseDay, parseTimeOfDay } from '../core/compliance/zone.js';

// The public scenario format of the policy simulator (`concord policy check`, POST /api/compliance/check),
// documented as JSON Schema in docs/compliance/scenario.schema.json (generated from this file).

const INSTANT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:\d{2})$/;
export const instantSchema = z.string().regex(INSTANT, 'msg.instant').refine((s) => !Number.isNaN(Date.parse(s)), 'msg.instant');
export const localDateSchema = z.string().refine((s) => !Number.isNaN(parseDay(s)), 'msg.local_date');
export const wallTimeSchema = z.string().refine((s) => !Number.isNaN(parseTimeOfDay(s)), 'msg.wall_time');
const zoneSchema = z.string().refine(isValidZone, 'msg.time_zone');
const idString = z.string().min(1).max(200);

export const channelSchema = z.enum(channels);
export const contactResultSchema = z.enum(contactResults);
export const eventTypeSchema = z.enum(eventTypes);
export const partyRoleSchema = z.enum(partyRoles);
export const authoritySchema = z.enum(authorities);

export const scenarioActionSchema = z.object({
  channel: channelSchema,
  partyId: idString,
  contactPoint: idString.optional(),
  debtIds: z.array(idString).max(200).optional(),
  collectorId: idString.optional(),
  agentIds: z.array(idString).max(20).optional(),
  content: z.string().max(20_000).optional(),
  recording: z.boolean().optional(),
  institution: z.string().max(200).optional(),
  purpose: z.enum(actionPurposes).optional(),
});

export const scenarioPartySchema = z.object({
  id: idString,
  role: partyRoleSchema,
  timeZones: z.array(zoneSchema).max(10).optional(),
  vulnerable: z.boolean().optional(),
});

export const scenarioDebtSchema = z.object({
  id: idString,
  accountNumber: z.string().max(100).optional(),
  lender: z.enum(['licensed', 'private']).optional(),
  product: z.string().max(40).optional(),
});

export const certificateSchema = z.object({
  kind: z.string().min(1).max(40),
  number: z.string().max(100).optional(),
  validFrom: localDateSchema.optional(),
  validUntil: localDateSchema,
});

export const scenarioAgentSchema = z.object({
  id: idString,
  name: z.string().max(100).optional(),
  certificates: z.array(certificateSchema).max(50).optional(),
  lastTrainingOn: localDateSchema.optional(),
});

export const historyEntrySchema = z.object({
  at: instantSchema,
  channel: channelSchema,
  direction: z.enum(['outbound', 'inbound']),
  partyId: idString,
  contactPoint: idString.optional(),
  debtIds: z.array(idString).max(200).optional(),
  collectorId: idString.optional(),
  result: contactResultSchema.optional(),
});

export const scenarioEventSchema = z.object({
  at: instantSchema,
  type: eventTypeSchema,
  partyId: idString,
  channel: channelSchema.optional(),
  contactPoint: idString.optional(),
  debtIds: z.array(idString).max(200).optional(),
  from: z.string().optional(),
  until: z.string().optional(),
  reviewOn: localDateSchema.optional(),
}).superRefine((e, ctx) => {
  if (e.type === 'consent') {
    const ok = e.from !== undefined && e.until !== undefined && instantSchema.safeParse(e.from).success
      && instantSchema.safeParse(e.until).success && Date.parse(e.from) < Date.parse(e.until);
    if (!ok) ctx.addIssue({ code: 'custom', path: [e.from === undefined ? 'from' : 'until'], message: 'msg.consent_span' });
  } else if (e.type === 'inconvenient_time') {
    for (const k of ['from', 'until'] as const) {
      const v = e[k];
      if (v === undefined || Number.isNaN(parseTimeOfDay(v))) ctx.addIssue({ code: 'custom', path: [k], message: 'msg.inconvenient_span' });
    }
  } else {
    for (const k of ['from', 'until'] as const) {
      const v = e[k];
      if (v !== undefined && !instantSchema.safeParse(v).success) ctx.addIssue({ code: 'custom', path: [k], message: 'msg.instant' });
    }
  }
});

export const scenarioSchema = z.object({
  packs: z.array(z.string().min(1).max(100)).min(1).max(20),
  at: instantSchema,
  action: scenarioActionSchema,
  parties: z.array(scenarioPartySchema).min(1).max(100),
  debts: z.array(scenarioDebtSchema).max(200),
  agents: z.array(scenarioAgentSchema).max(50).optional(),
  history: z.array(historyEntrySchema).max(10_000).optional(),
  events: z.array(scenarioEventSchema).max(2_000).optional(),
}).superRefine((s, ctx) => {
  const parties = new Set(s.parties.map((p) => p.id));
  const debts = new Set(s.debts.map((d) => d.id));
  const agents = new Set((s.agents ?? []).map((a) => a.id));
  const party = (id: string, path: (string | number)[]) => {
    if (!parties.has(id)) ctx.addIssue({ code: 'custom', path, message: 'msg.unknown_party' });
  };
  const debtList = (ids: string[] | undefined, path: (string | number)[]) => {
    ids?.forEach((id, i) => { if (!debts.has(id)) ctx.addIssue({ code: 'custom', path: [...path, i], message: 'msg.unknown_debt' }); });
  };
  party(s.action.partyId, ['action', 'partyId']);
  debtList(s.action.debtIds, ['action', 'debtIds']);
  s.action.agentIds?.forEach((id, i) => { if (!agents.has(id)) ctx.addIssue({ code: 'custom', path: ['action', 'agentIds', i], message: 'msg.unknown_agent' }); });
  s.history?.forEach((h, i) => { party(h.partyId, ['history', i, 'partyId']); debtList(h.debtIds, ['history', i, 'debtIds']); });
  s.events?.forEach((e, i) => { party(e.partyId, ['events', i, 'partyId']); debtList(e.debtIds, ['events', i, 'debtIds']); });
});

/** One scenario or an array of them (the CLI and the API accept both). */
export const scenarioInputSchema = z.union([scenarioSchema, z.array(scenarioSchema).min(1).max(1000)]);

const localizedSchema = z.object({ 'zh-CN': z.string(), en: z.string() });

export const reasonSchema = z.object({
  ruleId: z.string(),
  pack: z.string(),
  packVersion: z.string(),
  authority: authoritySchema,
  outcome: z.enum(['warn', 'block']),
  message: localizedSchema,
  citation: z.string(),
  detail: localizedSchema.optional(),
  spans: z.array(z.object({ start: z.number(), end: z.number(), text: z.string(), category: z.string() })).optional(),
  until: z.string().nullable().optional(),
});

export const decisionSchema = z.object({
  outcome: z.enum(['allow', 'warn', 'block']),
  reasons: z.array(reasonSchema),
  nextAllowedAt: z.string().nullable(),
});
export const decisionOutputSchema = z.union([decisionSchema, z.array(decisionSchema)]);

// ---------- rule packs (rulepacks/*.yaml) ----------

const contentCategories = [
  'impersonation', 'threat_arrest', 'threat_violence', 'threat_exposure', 'insult', 'false_blacklist', 'false_legal',
  'induce_borrowing', 'extra_fees', 'debt_mention',
] as const;
const countKey = z.enum(['party', 'contact_point', 'debt', 'collector']);
const attemptFilter = z.strictObject({
  channels: z.array(channelSchema).min(1),
  directions: z.array(z.enum(['outbound', 'inbound'])).min(1),
  results: z.array(contactResultSchema).optional(),
  excludeResults: z.array(contactResultSchema).optional(),
});
const ruleBase = {
  id: z.string().regex(/^[A-Z]{2}-[A-Z0-9]+$/),
  title: localizedSchema,
  authority: authoritySchema,
  outcome: z.enum(['block', 'warn']),
  citation: z.string().min(1),
  status: z.enum(['V', 'S', 'U']),
  effectiveFrom: localDateSchema.optional(),
  effectiveTo: localDateSchema.optional(),
  channels: z.array(channelSchema).min(1).optional(),
  enabled: z.boolean().optional(),
  message: localizedSchema,
  note: z.string().optional(),
};
const empty = z.strictObject({});

export const ruleSchema = z.discriminatedUnion('kind', [
  z.strictObject({ ...ruleBase, kind: z.literal('time_window'), params: z.strictObject({ start: wallTimeSchema, end: wallTimeSchema, startInclusive: z.boolean(), endInclusive: z.boolean(), consentOverrides: z.boolean() }) }),
  z.strictObject({ ...ruleBase, kind: z.literal('inconvenient_time'), params: z.strictObject({ consentOverrides: z.boolean(), replyOnce: z.boolean() }) }),
  z.strictObject({ ...ruleBase, kind: z.literal('frequency'), params: z.strictObject({
    limit: z.number().int().min(1).max(1000), per: z.array(countKey).min(1),
    period: z.enum(['local_day', 'rolling_days', 'rolling_minutes']), length: z.number().int().min(1).max(1000).optional(),
    count: attemptFilter, consentExcludesDays: z.number().int().min(1).max(365).optional(),
  }) }),
  z.strictObject({ ...ruleBase, kind: z.literal('cooldown'), params: z.strictObject({ days: z.number().int().min(1).max(365), per: z.array(countKey).min(1), trigger: attemptFilter, consentExcludesDays: z.number().int().min(1).max(365).optional() }) }),
  z.strictObject({ ...ruleBase, kind: z.literal('third_party'), params: z.strictObject({
    always: z.array(partyRoleSchema), whenDebtorUnreachable: z.array(partyRoleSchema), failuresForUnreachable: z.number().int().min(0).max(100),
    failureResults: z.array(contactResultSchema), deceasedIsUnreachable: z.boolean(), maxConversations: z.number().int().min(0).optional(), stopOnRefusal: z.boolean(),
  }) }),
  z.strictObject({ ...ruleBase, kind: z.literal('hold'), params: z.strictObject({
    events: z.array(eventTypeSchema).min(1), scope: z.enum(['party', 'debts']), targets: z.array(partyRoleSchema).optional(),
    liftedBy: z.array(eventTypeSchema).optional(), untilReview: z.boolean().optional(), allowPurposes: z.array(z.enum(actionPurposes)).optional(),
  }) }),
  z.strictObject({ ...ruleBase, kind: z.literal('medium_opt_out'), params: z.strictObject({ replyOnce: z.boolean(), allowPurposes: z.array(z.enum(actionPurposes)) }) }),
  z.strictObject({ ...ruleBase, kind: z.literal('visit_team'), params: z.strictObject({ minAgents: z.number().int().min(1).max(10) }) }),
  z.strictObject({ ...ruleBase, kind: z.literal('recording'), params: empty }),
  z.strictObject({ ...ruleBase, kind: z.literal('qualification'), params: z.strictObject({ certificate: z.string().min(1), required: z.boolean(), trainingWithinDays: z.number().int().min(1).optional() }) }),
  z.strictObject({ ...ruleBase, kind: z.literal('vulnerable'), params: empty }),
  z.strictObject({ ...ruleBase, kind: z.literal('content'), params: z.strictObject({
    categories: z.array(z.enum(contentCategories)).optional(), disclosure: z.boolean().optional(),
    disclosureExempt: z.array(partyRoleSchema).optional(), require: z.enum(['identity', 'debtCollectorDisclosure', 'optOut']).optional(),
  }) }),
  z.strictObject({ ...ruleBase, kind: z.literal('quiet_days'), params: z.strictObject({ weekdays: z.array(z.number().int().min(0).max(6)), dates: z.array(localDateSchema) }) }),
  z.strictObject({ ...ruleBase, kind: z.literal('obligation'), params: z.record(z.string(), z.unknown()) }),
]);

export const rulePackSchema = z.strictObject({
  id: z.string().regex(/^[a-z0-9-]+$/),
  version: z.string().min(1),
  title: localizedSchema,
  jurisdiction: z.string(),
  timeZone: zoneSchema,
  source: z.string(),
  effectiveFrom: localDateSchema.optional(),
  effectiveTo: localDateSchema.optional(),
  rules: z.array(ruleSchema).min(1),
});

export const packSetSchema = z.strictObject({
  id: z.string().regex(/^[a-z0-9-]+$/),
  title: localizedSchema,
  packs: z.array(z.string().min(1)).min(1),
});

// ---------- API: packs, decision log, per-case panel, attempts, party events ----------

export const packSummarySchema = z.object({
  id: z.string(),
  version: z.string(),
  title: localizedSchema,
  jurisdiction: z.string(),
  timeZone: z.string(),
  source: z.string(),
  effectiveFrom: z.string().optional(),
  effectiveTo: z.string().optional(),
  rules: z.array(z.object({
    id: z.string(),
    kind: z.string(),
    title: localizedSchema,
    authority: authoritySchema,
    outcome: z.enum(['block', 'warn']),
    status: z.enum(['V', 'S', 'U']),
    citation: z.string(),
    channels: z.array(channelSchema).optional(),
    enabled: z.boolean(),
    effectiveFrom: z.string().optional(),
    effectiveTo: z.string().optional(),
    message: localizedSchema,
    note: z.string().optional(),
    params: z.record(z.string(), z.unknown()),
  })),
});
export const packListSchema = z.object({
  packs: z.array(packSummarySchema),
  sets: z.array(z.object({ id: z.string(), title: localizedSchema, packs: z.array(z.string()) })),
});

export const decisionLogQuerySchema = z.strictObject({
  page: z.coerce.number().int().min(1).max(100_000).default(1),
  pageSize: z.coerce.number().int().min(1).max(200).default(20),
  outcome: z.enum(['allow', 'warn', 'block']).optional(),
  ruleId: z.string().max(40).optional(),
  userId: z.string().uuid().optional(),
  caseId: z.string().uuid().optional(),
  channel: channelSchema.optional(),
  from: localDateSchema.optional(),
  to: localDateSchema.optional(),
  /** The zone `from` and `to` are days in (the reader's); default Asia/Shanghai. */
  timeZone: zoneSchema.optional(),
});
export const decisionLogItemSchema = z.object({
  id: z.string(),
  decidedAt: z.string(),
  plannedAt: z.string(),
  caseId: z.string().nullable(),
  userId: z.string().nullable(),
  userName: z.string().nullable(),
  channel: channelSchema,
  partyKind: z.enum(['debtor', 'contact_person']),
  outcome: z.enum(['allow', 'warn', 'block']),
  ruleIds: z.array(z.string()),
  nextAllowedAt: z.string().nullable(),
  packs: z.array(z.object({ id: z.string(), version: z.string() })),
  reasons: z.array(reasonSchema),
});
export const decisionLogSchema = z.object({
  items: z.array(decisionLogItemSchema),
  total: z.number().int(),
  page: z.number().int(),
  pageSize: z.number().int(),
  /** Blocked decisions in the filtered range per rule, most frequent first. */
  blockedByRule: z.array(z.object({ ruleId: z.string(), count: z.number().int() })),
});

export const panelItemSchema = z.object({
  channel: channelSchema,
  partyKind: z.enum(['debtor', 'contact_person']),
  partyId: z.string(),
  partyRole: partyRoleSchema,
  partyLabel: z.string(),
  contactPointId: z.string().nullable(),
  contactPointLabel: z.string().nullable(),
  decision: decisionSchema,
});
export const panelSchema = z.object({
  caseId: z.string(),
  at: z.string(),
  packs: z.array(z.string()),
  items: z.array(panelItemSchema),
});

export const attemptRequestSchema = z.strictObject({
  channel: channelSchema,
  partyKind: z.enum(['debtor', 'contact_person']),
  partyId: z.string().uuid(),
  contactPointId: z.string().uuid().optional(),
  debtIds: z.array(z.string().uuid()).max(50).optional(),
  content: z.string().max(5000).optional(),
  recording: z.boolean().default(false),
  /** Users on the attempt (a visit needs two); default: the caller. */
  agentIds: z.array(z.string().uuid()).max(5).optional(),
  purpose: z.enum(actionPurposes).optional(),
});
export const attemptSchema = z.object({
  id: z.string(),
  caseId: z.string(),
  channel: channelSchema,
  partyKind: z.enum(['debtor', 'contact_person']),
  partyId: z.string(),
  contactPointId: z.string().nullable(),
  plannedAt: z.string(),
  status: z.enum(['blocked', 'allowed', 'completed']),
  result: contactResultSchema.nullable(),
  userId: z.string().nullable(),
  notes: z.string().nullable(),
  decisionId: z.string().nullable(),
  outcome: z.enum(['allow', 'warn', 'block']).nullable(),
  ruleIds: z.array(z.string()),
});
export const attemptResponseSchema = z.object({ attempt: attemptSchema, decision: decisionSchema });
export const completeAttemptSchema = z.strictObject({ result: contactResultSchema, notes: z.string().max(5000).optional() });
export const attemptListSchema = z.object({ items: z.array(attemptSchema) });

export const contactEventRequestSchema = z.strictObject({
  type: eventTypeSchema,
  partyKind: z.enum(['debtor', 'contact_person']),
  partyId: z.string().uuid(),
  channel: channelSchema.optional(),
  contactPointId: z.string().uuid().optional(),
  debtIds: z.array(z.string().uuid()).max(50).optional(),
  from: z.string().optional(),
  until: z.string().optional(),
  reviewOn: localDateSchema.optional(),
  note: z.string().max(2000).optional(),
}).superRefine((e, ctx) => {
  const check = scenarioEventSchema.safeParse({ at: '2026-01-01T00:00:00Z', type: e.type, partyId: 'x', from: e.from, until: e.until });
  if (!check.success) for (const i of check.error.issues) ctx.addIssue({ code: 'custom', path: i.path, message: i.message });
});
export const contactEventSchema = z.object({
  id: z.string(),
  type: eventTypeSchema,
  partyKind: z.enum(['debtor', 'contact_person']),
  partyId: z.string(),
  channel: channelSchema.nullable(),
  contactPointId: z.string().nullable(),
  debtIds: z.array(z.string()).nullable(),
  at: z.string(),
  from: z.string().nullable(),
  until: z.string().nullable(),
  reviewOn: z.string().nullable(),
  note: z.string().nullable(),
  createdBy: z.string().nullable(),
});
export const contactEventListSchema = z.object({ items: z.array(contactEventSchema) });
