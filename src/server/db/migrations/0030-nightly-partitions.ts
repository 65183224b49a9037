import type { ConcordMigration } from '../migrator.js';

// The nightly run on PostgreSQL workers (issue 9, part 5): a run is split into partitions (case-id ranges) that
// `strategy.partition` jobs process on any number of `concord worker` processes.
// - nightly_partition: one row per (run, partition): the range (after from_case_id, up to and including to_case_id; a
//   null bound is open), the cursor of its last committed batch, the generation (a partition reclaimed from a dead
//   worker gets a new one, and only the job of the current generation may work on it), the owner (one handler run)
//   and its heartbeat (real wall-clock ISO time), counts and timestamps.
// - nightly_run: the number of partitions (null: an in-process run), the finishing step's claim (owner and heartbeat,
//   so two workers completing the last partitions together cannot both finish), and the real start time for the
//   report's seconds (started_at follows the application's clock, which a demonstration may simulate).
export const m0030NightlyPartitions: ConcordMigration = {
  name: '0030-nightly-partitions',
  async up(db, { t }) {
    await db.schema
      .createTable('nightly_partition')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('run_id', 'text', (c) => c.notNull().references('nightly_run.id'))
      .addColumn('part_no', 'integer', (c) => c.notNull())
      .addColumn('from_case_id', 'text')
      .addColumn('to_case_id', 'text')
      .addColumn('status', 'text', (c) => c.notNull())
      .addColumn('generation', 'integer', (c) => c.notNull())
      .addColumn('cursor_case_id', 'text')
      .addColumn('attempts', 'integer', (c) => c.notNull())
      .addColumn('owner', 'text')
      .addColumn('worker', 'text')
      .addColumn('heartbeat_at', 'text')
      .addColumn('scored', 'integer', (c) => c.notNull())
      .addColumn('batches', 'integer', (c) => c.notNull())
      .addColumn('blocked', 'integer', (c) => c.notNull())
      .addColumn('error', 'text')
      .addColumn('enqueued_at', t.timestamp, (c) => c.notNull())
      .addColumn('started_at', t.timestamp)
      .addColumn('finished_at', t.timestamp)
      .addUniqueConstraint('nightly_partition_run_part_uq', ['run_id', 'part_no'])
      .execute();
    await db.schema.alterTable('nightly_run').addColumn('partitions', 'integer').execute();
    await db.schema.alterTable('nightly_run').addColumn('finisher', 'text').execute();
    await db.schema.alterTable('nightly_run').addColumn('finishing_at', 'text').execute();
    await db.schema.alterTable('nightly_run').addColumn('wall_started_at', 'text').execute();
  },
};
