// One error type for the whole server (DESIGN §4). Modules declare their codes with a kind and
// zh-CN/en messages; only http/ turns a kind into a status code.
export type ErrorKind =
  | 'validation'
  | 'unauthenticated'
  | 'forbidden'
  | 'not_found'
  | 'conflict'
  | 'too_large'
  | 'rate_limited'
  | 'locked'
  | 'unavailable'
  | 'internal';

export type Locale = 'zh-CN' | 'en';
export type ErrorDef = { kind: ErrorKind; zh: string; en: string };

const catalogue = new Map<string, ErrorDef>();

/** Register a module's error codes; `{name}` placeholders are filled from the error's details. */
export function defineErrors<const T extends Record<string, ErrorDef>>(defs: T): { [K in keyof T]: K } {
  const codes = {} as { [K in keyof T]: K };
  for (const [code, def] of Object.entries(defs)) {
    const prior = catalogue.get(code);
    if (prior && (prior.zh !== def.zh || prior.kind !== def.kind)) throw new Error(`error code ${code} defined twice`);
    catalogue.set(code, def);
    (codes as Record<string, string>)[code] = code;
  }
  return codes;
}

export type FieldIssue = { path: string; message: string; messageEn?: string };
export type ErrorDetails = Record<string, unknown> & { issues?: FieldIssue[] };

export class AppError extends Error {
  constructor(
    readonly code: string,
    readonly details: ErrorDetails = {},
  ) {
    super(code);
    this.name = 'AppError';
  }
  get kind(): ErrorKind {
    return catalogue.get(this.code)?.kind ?? 'internal';
  }
}

export function errorDef(code: string): ErrorDef | undefined {
  return catalogue.get(code);
}

/** The user message for a code in a locale, with `{placeholders}` filled from details. */
export function errorMessage(code: string, locale: Locale, details: ErrorDetails = {}): string {
  const def = catalogue.get(code);
  const template = def ? (locale === 'zh-CN' ? def.zh : def.en) : code;
  return template.replace(/\{(\w+)\}/g, (_, k: string) => (details[k] === undefined ? `{${k}}` : String(details[k])));
}

export const CommonErrors = defineErrors({
  'common.validation': { kind: 'validation', zh: '请求内容有误：{summary}', en: 'The request is invalid: {summary}' },
  'common.not_found': { kind: 'not_found', zh: '未找到该{entity}', en: 'No such {entity}' },
  'common.route_not_found': { kind: 'not_found', zh: '接口不存在', en: 'No such endpoint' },
  'common.conflict': { kind: 'conflict', zh: '数据冲突：{reason}', en: 'Conflict: {reason}' },
  'common.payload_too_large': { kind: 'too_large', zh: '请求体过大（上限 {limit} 字节）', en: 'The request body is too large (limit {limit} bytes)' },
  'common.bad_json': { kind: 'validation', zh: '请求体不是有效的 JSON：{reason}', en: 'The request body is not valid JSON: {reason}' },
  'common.bad_request': { kind: 'validation', zh: '请求无效：{reason}', en: 'Bad request: {reason}' },
  'common.unsupported_media': { kind: 'validation', zh: '不支持的内容类型', en: 'Unsupported content type' },
  'common.internal': { kind: 'internal', zh: '服务器内部错误，请稍后重试（请求编号 {requestId}）', en: 'Internal error, please retry later (request {requestId})' },
  'common.unavailable': { kind: 'unavailable', zh: '服务暂不可用：{reason}', en: 'Service unavailable: {reason}' },
});
