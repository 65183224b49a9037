import { keepPreviousData, useQuery } from '@tanstack/react-query';
import type { ErrorResponse } from '../../../contracts/common.js';
import type { ColumnMapping, ImportJob, ImportPreview, IntakeField, PreviewError } from '../../../contracts/intake.js';
import { api, ApiError, csrfToken, notifyUnauthorized, withQuery } from '../../api/client.js';
import { currentLanguage } from '../../i18n/index.js';

export type { ColumnMapping, ImportJob, ImportPreview, IntakeField, PreviewError };
export type ImportKind = ImportJob['kind'];
export type ImportStatus = ImportJob['status'];
export type ImportEncoding = 'auto' | 'utf8' | 'gbk';

export const importsKey = ['intake', 'imports'] as const;

const isActive = (j: ImportJob) => j.status === 'queued' || j.status === 'running';

/** Recent imports; polls every 2 s while any of them is still queued or running. */
export const useImports = (creditorId?: string, limit = 50) =>
  useQuery({
    queryKey: [...importsKey, { creditorId: creditorId ?? null, limit }],
    queryFn: async ({ signal }) => (await api<{ items: ImportJob[] }>('/api/intake/imports', { query: { creditorId, limit }, signal })).items,
    refetchInterval: (q) => ((q.state.data ?? []).some(isActive) ? 2000 : false),
    staleTime: 0,
  });

export const templateUrl = (kind: ImportKind, locale: 'zh-CN' | 'en') => withQuery(`/api/intake/templates/${kind}`, { locale });
export const rejectedUrl = (id: string) => `/api/intake/imports/${encodeURIComponent(id)}/rejected`;

export type UploadParams = { creditorId: string; kind: ImportKind; encoding: ImportEncoding; file: File; stage?: boolean };

/** One import job, polled every second while it is queued or running. */
export const useImport = (id: string | null) =>
  useQuery({
    queryKey: [...importsKey, 'one', id],
    queryFn: ({ signal }) => api<ImportJob>(`/api/intake/imports/${encodeURIComponent(id ?? '')}`, { signal }),
    enabled: !!id,
    refetchInterval: (q) => (q.state.data && isActive(q.state.data) ? 1000 : false),
    staleTime: 0,
  });

/** The preview of a staged upload with `mapping` (null: the mapping the run would use). */
export const usePreview = (id: string | null, mapping: ColumnMapping | null) =>
  useQuery({
    queryKey: [...importsKey, 'preview', id, mapping],
    queryFn: ({ signal }) =>
      api<ImportPreview>(`/api/intake/imports/${encodeURIComponent(id ?? '')}/preview`, { query: { mapping: mapping ? JSON.stringify(mapping) : undefined }, signal }),
    enabled: !!id,
    placeholderData: keepPreviousData,
    retry: false,
    staleTime: Infinity,
  });

export const runImport = (id: string, body: { mapping: ColumnMapping; saveMapping: boolean }) =>
  api<ImportJob>(`/api/intake/imports/${encodeURIComponent(id)}/run`, { method: 'POST', body });

export const discardImport = (id: string) => api<ImportJob>(`/api/intake/imports/${encodeURIComponent(id)}`, { method: 'DELETE' });

const xhrError = (xhr: XMLHttpRequest): ApiError => {
  let body: Partial<ErrorResponse> | null = null;
  try {
    body = JSON.parse(xhr.responseText) as Partial<ErrorResponse>;
  } catch {
    body = null;
  }
  const e = body?.error;
  return new ApiError(xhr.status, e?.code ?? `http_${xhr.status}`, e?.message ?? xhr.statusText, e?.issues ?? [], e?.requestId ?? null);
};

/**
 * Uploads the file as the raw request body (no multipart; the server streams it to disk).
 * XMLHttpRequest rather than fetch, for upload progress; `onProgress` gets 0–100.
 */
export const uploadImport = ({ creditorId, kind, encoding, file, stage }: UploadParams, onProgress?: (percent: number) => void): Promise<ImportJob> =>
  new Promise((resolve, reject) => {
    const xhr = new XMLHttpRequest();
    xhr.open('POST', withQuery('/api/intake/imports', { creditorId, kind, encoding, fileName: file.name, stage: stage ? 'true' : undefined }));
    xhr.withCredentials = true;
    xhr.setRequestHeader('Content-Type', 'application/octet-stream');
    xhr.setRequestHeader('Accept', 'application/json');
    xhr.setRequestHeader('Accept-Language', currentLanguage());
    const csrf = csrfToken();
    if (csrf) xhr.setRequestHeader('x-csrf-token', csrf);
    xhr.upload.onprogress = (ev) => {
      if (ev.lengthComputable && ev.total > 0) onProgress?.(Math.round((ev.loaded / ev.total) * 100));
    };
    xhr.onload = () => {
      if (xhr.status >= 200 && xhr.status < 300) {
        try {
          resolve(JSON.parse(xhr.responseText) as ImportJob);
        } catch (e) {
          reject(new ApiError(xhr.status, 'bad_response', e instanceof Error ? e.message : String(e)));
        }
        return;
      }
      if (xhr.status === 401) notifyUnauthorized();
      reject(xhrError(xhr));
    };
    xhr.onerror = () => reject(new ApiError(0, 'network_error', 'Network error'));
    xhr.onabort = () => reject(new ApiError(0, 'aborted', 'Aborted'));
    xhr.send(file);
  });
