export type JobTable = {
  id: string;
  task: string;
  version: number;
  payload_json: unknown;
  status: 'pending' | 'running' | 'succeeded' | 'failed';
  attempts: number;
  max_attempts: number;
  run_at: string;
  job_key: string | null;
  locked_by: string | null;
  locked_at: string | null;
  last_error: string | null;
  created_at: string;
  updated_at: string;
  finished_at: string | null;
};
export type QueueTables = { job: JobTable };
