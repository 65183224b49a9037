// The one error mapper (DESIGN §4): AppError kinds → HTTP status; Fastify and zod errors → the same
// body shape with zh-CN/en messages chosen by Accept-Language. Nothing a client sends yields a 500.
import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify';
import { hasZodFastifySchemaValidationErrors } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { translateValidationMessage } from '../../contracts/messages.js';
import { AppError, errorMessage, type ErrorKind, type FieldIssue, type Locale } from '../platform/errors.js';
import { requestLocale } from './locale.js';

const statusOf: Record<ErrorKind, number> = {
  validation: 400,
  unauthenticated: 401,
  forbidden: 403,
  not_found: 404,
  conflict: 409,
  too_large: 413,
  rate_limited: 429,
  locked: 423,
  unavailable: 503,
  internal: 500,
};

export function httpStatus(kind: ErrorKind): number {
  return statusOf[kind];
}

const zh = z.locales.zhCN().localeError;
const en = z.locales.en().localeError;

function valueAt(root: unknown, path: (string | number)[]): unknown {
  let v = root;
  for (const k of path) {
    if (v === null || typeof v !== 'object') return undefined;
    v = (v as Record<string | number, unknown>)[k];
  }
  return v;
}

type RawIssue = { keyword: string; instancePath: string; message?: string; params?: Record<string, unknown> };

/** Field issues in the request's language, with the dotted path of the field. */
export function localiseIssues(raw: RawIssue[], source: unknown, locale: Locale, prefix: string): FieldIssue[] {
  return raw.flatMap((r) => {
    // An unknown field is reported at its own path, one issue per field.
    const keys = r.keyword === 'unrecognized_keys' ? (r.params?.keys as string[] | undefined) : undefined;
    if (keys?.length) {
      const base = r.instancePath.split('/').filter(Boolean);
      return keys.map((k) => ({ path: [prefix, ...base, k].filter(Boolean).join('.'), message: locale === 'zh-CN' ? `未知字段 "${k}"` : `Unknown field "${k}"` }));
    }
    const path = r.instancePath.split('/').filter(Boolean);
    const dotted = [prefix, ...path].filter(Boolean).join('.');
    const custom = r.message ? translateValidationMessage(r.message, locale) : undefined;
    if (custom) return { path: dotted, message: custom };
    const issue = { code: r.keyword, path, ...(r.params ?? {}), input: valueAt(source, path) } as never;
    const map = locale === 'zh-CN' ? zh : en;
    const out = map(issue);
    const message = typeof out === 'string' ? out : (out?.message ?? r.message ?? r.keyword);
    return [{ path: dotted, message }];
  });
}

export type ErrorBody = { error: { code: string; message: string; requestId: string; issues?: FieldIssue[] } };

function send(reply: FastifyReply, status: number, body: ErrorBody) {
  return reply.status(status).type('application/json; charset=utf-8').send(body);
}

/** Fastify's own client errors (bad JSON, wrong content type, body too large …) → our codes. */
function fastifyClientError(err: FastifyError): { code: string; kind: ErrorKind; details: Record<string, unknown> } | undefined {
  switch (err.code) {
    case 'FST_ERR_CTP_BODY_TOO_LARGE':
      return { code: 'common.payload_too_large', kind: 'too_large', details: {} };
    case 'FST_ERR_CTP_INVALID_MEDIA_TYPE':
    case 'FST_ERR_CTP_INVALID_CONTENT_LENGTH':
      return { code: 'common.unsupported_media', kind: 'validation', details: {} };
    case 'FST_ERR_CTP_EMPTY_JSON_BODY':
      return { code: 'common.bad_json', kind: 'validation', details: { reason: 'empty body' } };
    case 'FST_ERR_CTP_INVALID_JSON_BODY':
      return { code: 'common.bad_json', kind: 'validation', details: { reason: err.message } };
    default:
      break;
  }
  if (err instanceof SyntaxError || (err.statusCode === 400 && /JSON/i.test(err.message))) return { code: 'common.bad_json', kind: 'validation', details: { reason: err.message } };
  if (err.statusCode && err.statusCode >= 400 && err.statusCode < 500) return { code: 'common.bad_request', kind: 'validation', details: { reason: err.message } };
  return undefined;
}

export function errorHandler(bodyLimit: number) {
  return (err: FastifyError, req: FastifyRequest, reply: FastifyReply) => {
    const locale = requestLocale(req);
    const requestId = String(req.id);
    if (err instanceof AppError) {
      const status = httpStatus(err.kind);
      if (status >= 500) req.log.error({ err }, 'server error');
      const body: ErrorBody = { error: { code: err.code, message: errorMessage(err.code, locale, err.details), requestId } };
      if (err.details.issues) body.error.issues = err.details.issues.map((i) => ({ path: i.path, message: locale === 'en' && i.messageEn ? i.messageEn : i.message }));
      if (typeof err.details.retryAfterSeconds === 'number') reply.header('retry-after', String(err.details.retryAfterSeconds));
      return send(reply, status, body);
    }
    if (hasZodFastifySchemaValidationErrors(err)) {
      const ctx = (err as { validationContext?: string }).validationContext ?? 'body';
      const source = ctx === 'body' ? req.body : ctx === 'querystring' ? req.query : ctx === 'params' ? req.params : req.headers;
      const prefix = ctx === 'body' ? '' : ctx === 'querystring' ? 'query' : ctx;
      const issues = localiseIssues(err.validation as RawIssue[], source, locale, prefix);
      const summary = issues.map((i) => `${i.path || '(body)'}: ${i.message}`).join('; ');
      return send(reply, 400, { error: { code: 'common.validation', message: errorMessage('common.validation', locale, { summary }), requestId, issues } });
    }
    const client = fastifyClientError(err);
    if (client) {
      return send(reply, httpStatus(client.kind), { error: { code: client.code, message: errorMessage(client.code, locale, { ...client.details, limit: bodyLimit }), requestId } });
    }
    req.log.error({ err }, 'unhandled error');
    return send(reply, 500, { error: { code: 'common.internal', message: errorMessage('common.internal', locale, { requestId }), requestId } });
  };
}
