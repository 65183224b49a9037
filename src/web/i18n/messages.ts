import type { zhCN } from './zh-CN.js';

/** The shape every language file must have: zh-CN's keys, any strings. */
export type Messages = typeof zhCN;
export const languages = ['zh-CN', 'en'] as const;
export type Language = (typeof languages)[number];

/** Flattens nested messages to dotted keys, e.g. `nav.cases`. */
export const flattenMessages = (obj: object, prefix = ''): Record<string, string> => {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(obj)) {
    const key = prefix ? `${prefix}.${k}` : k;
    if (v !== null && typeof v === 'object') Object.assign(out, flattenMessages(v as object, key));
    else out[key] = String(v);
  }
  return out;
};
