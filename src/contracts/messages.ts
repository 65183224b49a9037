// Custom validation messages used in contracts are keys; server and web translate them.
export const validationMessages = {
  'msg.username_chars': { zh: '只能包含字母、数字和 . _ -', en: 'letters, digits, . _ - only' },
  'msg.code_chars': { zh: '只能包含字母、数字和 _ -', en: 'letters, digits, _ - only' },
  'msg.time_zone': { zh: '未知的 IANA 时区', en: 'unknown IANA time zone' },
  'msg.currency': { zh: '应为 ISO 4217 货币代码（如 CNY）', en: 'ISO 4217 currency code (e.g. CNY)' },
  'msg.password_length': { zh: '密码至少 10 个字符', en: 'at least 10 characters' },
} as const;
export type ValidationMessageKey = keyof typeof validationMessages;

export function translateValidationMessage(message: string, locale: 'zh-CN' | 'en'): string | undefined {
  const m = (validationMessages as Record<string, { zh: string; en: string }>)[message];
  return m ? (locale === 'zh-CN' ? m.zh : m.en) : undefined;
}
