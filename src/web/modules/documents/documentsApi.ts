// Case documents (generated PDFs: plan agreements, letters): the list and the file URLs. A file opens in a new tab
// with the session cookie; every download is audited on the server.
import { useQuery } from '@tanstack/react-query';
import type { CaseDocument } from '../../../contracts/documents.js';
import { api } from '../../api/client.js';

export const documentKeys = { forCase: (caseId: string) => ['documents', caseId] as const };

export const documentFileUrl = (id: string, download = false) => `/api/documents/${id}/file${download ? '?download=1' : ''}`;

export const useCaseDocuments = (caseId: string) =>
  useQuery({ queryKey: documentKeys.forCase(caseId), queryFn: ({ signal }) => api<{ items: CaseDocument[] }>(`/api/cases/${caseId}/documents`, { signal }) });
