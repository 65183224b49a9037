// Custom validation messages used in contracts are keys; server and web translate them.
export const validationMessages = {
  'msg.username_chars': { zh: '只能包含字母、数字和 . _ -', en: 'letters, digits, . _ - only' },
  'msg.code_chars': { zh: '只能包含字母、数字和 _ -', en: 'letters, digits, _ - only' },
  'msg.time_zone': { zh: '未知的 IANA 时区', en: 'unknown IANA time zone' },
  'msg.currency': { zh: '应为 ISO 4217 货币代码（如 CNY）', en: 'ISO 4217 currency code (e.g. CNY)' },
  'msg.password_length': { zh: '密码至少 10 个字符', en: 'at least 10 characters' },
  'msg.date': { zh: '应为有效日期（YYYY-MM-DD）', en: 'a valid date (YYYY-MM-DD)' },
  'msg.valid_until_before_from': { zh: '到期日不能早于生效日', en: 'must not be before the valid-from date' },
  'msg.instant': { zh: '应为带时区偏移的 ISO 8601 时刻（如 2026-03-02T21:59:00+08:00）', en: 'ISO 8601 instant with an offset (e.g. 2026-03-02T21:59:00+08:00)' },
  'msg.local_date': { zh: '应为 YYYY-MM-DD 日期', en: 'date as YYYY-MM-DD' },
  'msg.wall_time': { zh: '应为 HH:MM 本地时间', en: 'local time as HH:MM' },
  'msg.unknown_party': { zh: '场景中没有这个当事人 id', en: 'no party with this id in the scenario' },
  'msg.unknown_debt': { zh: '场景中没有这笔债务 id', en: 'no debt with this id in the scenario' },
  'msg.unknown_agent': { zh: '场景中没有这个催收员 id', en: 'no agent with this id in the scenario' },
  'msg.pack_list': { zh: '规则包或规则包组 id，以空格分隔', en: 'rule-pack or pack-set ids, separated by spaces' },
  'msg.unknown_pack': { zh: '未知的规则包', en: 'unknown rule pack' },
  'msg.consent_span': { zh: '同意须有 from 和 until，且 from 早于 until', en: 'a consent needs from and until, with from before until' },
  'msg.inconvenient_span': { zh: '不便时段须有 from 和 until（HH:MM）', en: 'an inconvenient time needs from and until (HH:MM)' },
  'msg.duplicate_case': { zh: '案件 id 重复', en: 'duplicate case id' },
  'msg.assign_target': { zh: '须指定 userId 或 teamId（二选一）', en: 'give userId or teamId (exactly one)' },
  'msg.timeline_kinds': { zh: '未知的时间线类型；可选：attempt, message, inbound, visit, payment, promise, plan, callback, event, document, reveal（以逗号分隔）', en: 'unknown timeline kind; known: attempt, message, inbound, visit, payment, promise, plan, callback, event, document, reveal (comma-separated)' },
} as const;
export type ValidationMessageKey = keyof typeof validationMessages;

export function translateValidationMessage(message: string, locale: 'zh-CN' | 'en'): string | undefined {
  const m = (validationMessages as Record<string, { zh: string; en: string }>)[message];
  return m ? (locale === 'zh-CN' ? m.zh : m.en) : undefined;
}
