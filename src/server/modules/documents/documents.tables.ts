// Row types of the documents module: PDFs generated for a case, kept with their bytes and SHA-256.
export type DocumentKind = 'plan_agreement' | 'collection_notice' | 'validation_notice' | 'visit_notice';

export type CaseDocumentTable = {
  id: string;
  case_id: string;
  kind: DocumentKind;
  title: string;
  file_name: string;
  mime_type: string;
  locale: string;
  size_bytes: number;
  /** Hex SHA-256 of `content`, taken when the document was made: proof that what is handed out is what was made. */
  sha256: string;
  content: Buffer;
  /** What the document was made from (e.g. `payment_plan` and the plan's id). */
  source_type: string | null;
  source_id: string | null;
  created_by: string | null;
  created_at: string;
};
export type DocumentTables = { case_document: CaseDocumentTable };
