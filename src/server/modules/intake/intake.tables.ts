export type ImportKind = 'placements' | 'payments';
export type ImportStatus = 'staged' | 'queued' | 'running' | 'completed' | 'failed' | 'cancelled';

export type ImportJobTable = {
  id: string;
  creditor_id: string;
  kind: ImportKind;
  /** 'file': an uploaded or local file read by the job; 'api': a JSON batch, processed in the request. */
  source: 'file' | 'api';
  status: ImportStatus;
  file_name: string;
  file_path: string | null;
  /** The encoding asked for ('auto', 'utf8', 'gbk'), replaced by the detected one once the file is read. */
  encoding: string | null;
  delimiter: string | null;
  /** The mapping asked for (null: the creditor's saved one, else automatic), replaced by the one used. */
  mapping_json: unknown;
  total_rows: number;
  accepted_rows: number;
  rejected_rows: number;
  inserted_rows: number;
  updated_rows: number;
  unchanged_rows: number;
  bytes_read: number;
  total_bytes: number | null;
  rejected_file_path: string | null;
  /** A file-level error ('empty_file: …'), for a failed job. */
  error: string | null;
  created_by: string | null;
  created_at: string;
  started_at: string | null;
  finished_at: string | null;
};

export type PlacementBatchTable = { id: string; creditor_id: string; import_job_id: string; received_at: string };

export type CreditorMappingTable = { creditor_id: string; kind: ImportKind; mapping_json: unknown; updated_at: string };

export type IntakeTables = { import_job: ImportJobTable; placement_batch: PlacementBatchTable; creditor_mapping: CreditorMappingTable };
