// Public face of the documents module: generated case documents (PDF) and their rendering.
export { createDocumentService, DocumentErrors, sha256Hex, storeDocumentIn, type DocumentService, type NewDocument } from './documents.service.js';
export { documentRoutes } from './documents.routes.js';
export { renderPdf, type PdfBlock, type PdfSpec } from './documents.pdf.js';
export type { DocumentKind, DocumentTables } from './documents.tables.js';
