/** A partition (case-id range) of a nightly run on PostgreSQL workers (0030). */
export type NightlyPartitionTable = {
  id: string;
  run_id: string;
  part_no: number;
  /** Exclusive lower bound (null: from the first case). */
  from_case_id: string | null;
  /** Inclusive upper bound (null: to the last case). */
  to_case_id: string | null;
  status: 'queued' | 'running' | 'done' | 'failed';
  /** Bumped when the partition is reclaimed from a dead worker: only the job of the current generation works on it. */
  generation: number;
  /** The last case id whose batch committed. */
  cursor_case_id: string | null;
  /** Handler runs that claimed the partition. */
  attempts: number;
  /** The handler run holding the partition (a random token), and the worker (host:pid) it runs in. */
  owner: string | null;
  worker: string | null;
  /** Real wall-clock ISO time of the owner's last sign of life. */
  heartbeat_at: string | null;
  scored: number;
  batches: number;
  blocked: number;
  error: string | null;
  enqueued_at: string;
  started_at: string | null;
  finished_at: string | null;
};

export type PartitionTables = { nightly_partition: NightlyPartitionTable };
