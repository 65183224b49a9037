import type { ErrorResponse } from '../../contracts/common.js';
import { currentLanguage } from '../i18n/index.js';

export type Issue = { path: string; message: string };

/** An error response from the API: `{error:{code,message,requestId,issues?}}`, or a network failure (status 0). */
export class ApiError extends Error {
  readonly status: number;
  readonly code: string;
  readonly issues: Issue[];
  readonly requestId: string | null;

  constructor(status: number, code: string, message: string, issues: Issue[] = [], requestId: string | null = null) {
    super(message);
    this.name = 'ApiError';
    this.status = status;
    this.code = code;
    this.issues = issues;
    this.requestId = requestId;
  }
}

export const isApiError = (e: unknown): e is ApiError => e instanceof ApiError;

const csrfCookie = 'concord_csrf';
let lastCsrfToken: string | null = null;
let onUnauthorized: (() => void) | null = null;

/** Remember the token from the last login or /me response (used when the cookie is not readable). */
export const setCsrfToken = (token: string | null): void => {
  lastCsrfToken = token;
};

/** Called on a 401 from any request except the session probes themselves. */
export const setUnauthorizedHandler = (fn: (() => void) | null): void => {
  onUnauthorized = fn;
};

const readCookie = (name: string): string | null => {
  if (typeof document === 'undefined') return null;
  for (const part of document.cookie.split(';')) {
    const [k, ...rest] = part.trim().split('=');
    if (k === name) return decodeURIComponent(rest.join('='));
  }
  return null;
};

/** The CSRF token to send with a state-changing request (for callers that cannot use `api`, e.g. an XHR upload). */
export const csrfToken = (): string | null => readCookie(csrfCookie) ?? lastCsrfToken;

/** Tells the app the session ended (for callers that cannot use `api`). */
export const notifyUnauthorized = (): void => {
  onUnauthorized?.();
};

export type Query = Record<string, string | number | boolean | null | undefined>;

export const withQuery = (path: string, query?: Query): string => {
  if (!query) return path;
  const params = new URLSearchParams();
  for (const [k, v] of Object.entries(query)) if (v !== undefined && v !== null && v !== '') params.set(k, String(v));
  const qs = params.toString();
  return qs ? `${path}?${qs}` : path;
};

type RequestOptions = { method?: 'GET' | 'POST' | 'PATCH' | 'PUT' | 'DELETE'; body?: unknown; query?: Query; signal?: AbortSignal };

// A 401 here means "not signed in", which the caller handles; everywhere else it means the session ended.
const sessionProbes = new Set(['/api/auth/me', '/api/auth/login']);

const toApiError = async (res: Response): Promise<ApiError> => {
  let body: Partial<ErrorResponse> | null = null;
  try {
    body = (await res.json()) as Partial<ErrorResponse>;
  } catch {
    body = null;
  }
  const e = body?.error;
  return new ApiError(res.status, e?.code ?? `http_${res.status}`, e?.message ?? res.statusText, e?.issues ?? [], e?.requestId ?? null);
};

/** Same-origin JSON fetch: language and CSRF headers, typed result, ApiError on failure. */
export const api = async <T>(path: string, opts: RequestOptions = {}): Promise<T> => {
  const method = opts.method ?? 'GET';
  const headers: Record<string, string> = { Accept: 'application/json', 'Accept-Language': currentLanguage() };
  if (opts.body !== undefined) headers['Content-Type'] = 'application/json';
  if (method !== 'GET') {
    const csrf = readCookie(csrfCookie) ?? lastCsrfToken;
    if (csrf) headers['x-csrf-token'] = csrf;
  }
  let res: Response;
  try {
    res = await fetch(withQuery(path, opts.query), {
      method,
      headers,
      credentials: 'same-origin',
      body: opts.body === undefined ? undefined : JSON.stringify(opts.body),
      signal: opts.signal,
    });
  } catch (err) {
    if (err instanceof DOMException && err.name === 'AbortError') throw err;
    throw new ApiError(0, 'network_error', err instanceof Error ? err.message : String(err));
  }
  if (!res.ok) {
    const error = await toApiError(res);
    if (res.status === 401 && !sessionProbes.has(path)) onUnauthorized?.();
    throw error;
  }
  if (res.status === 204) return undefined as T;
  const text = await res.text();
  return (text ? JSON.parse(text) : undefined) as T;
};

export type Page<T> = { items: T[]; total: number; page: number; pageSize: number };

/** Some list endpoints may return a bare array; accept both. */
export const itemsOf = <T>(data: Page<T> | T[] | undefined): T[] => (Array.isArray(data) ? data : (data?.items ?? []));
