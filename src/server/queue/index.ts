// The queue module's entry point: pick a driver by configuration (config.queue) and re-export the
// pieces modules use to define jobs.
import type { Db } from '../db/database.js';
import type { Clock } from '../platform/clock.js';
import type { Logger } from '../platform/logger.js';
import { createGraphileQueue, type GraphileQueueDeps } from './graphile.driver.js';
import { createInlineQueue, type InlineQueue, type InlineQueueDeps } from './inline.driver.js';
import type { QueueDriver } from './job.js';
import type { JobRegistry } from './registry.js';
import { createSqliteQueue, type SqliteQueueDeps } from './sqlite.driver.js';

export type QueueKind = QueueDriver['kind'];

/** Everything any driver may need; `createQueue` checks that the chosen driver's parts are there. */
export type QueueDeps = {
  registry: JobRegistry;
  logger: Logger;
  clock?: Clock;
  /** sqlite driver: the application database. */
  db?: Db;
  pollMs?: number;
  workerId?: string;
  /** graphile driver: PostgreSQL URL and graphile's schema. */
  connectionString?: string;
  schema?: string;
  localQueueSize?: number;
  onWorkerExit?: (reason: string) => void;
};

export function createQueue(kind: 'inline', deps: InlineQueueDeps): InlineQueue;
export function createQueue(kind: 'sqlite', deps: SqliteQueueDeps): QueueDriver;
export function createQueue(kind: 'graphile', deps: GraphileQueueDeps): QueueDriver;
export function createQueue(kind: QueueKind, deps: QueueDeps): QueueDriver;
export function createQueue(kind: QueueKind, deps: QueueDeps): QueueDriver {
  switch (kind) {
    case 'inline':
      return createInlineQueue(deps);
    case 'sqlite': {
      if (!deps.db) throw new Error('the sqlite queue needs the database (deps.db)');
      return createSqliteQueue({ ...deps, db: deps.db });
    }
    case 'graphile': {
      if (!deps.connectionString) throw new Error('the graphile queue needs a PostgreSQL connection string');
      return createGraphileQueue({ ...deps, connectionString: deps.connectionString });
    }
    default:
      throw new Error(`unknown queue kind ${String(kind satisfies never)}`);
  }
}

export { createGraphileQueue, createInlineQueue, createSqliteQueue };
export type { GraphileQueueDeps, InlineQueue, InlineQueueDeps, SqliteQueueDeps };
export { backoffMs, defineJob } from './job.js';
export type { AnyJobDefinition, EnqueueOptions, JobContext, JobDefinition, JobFilter, JobInfo, JobStatus, QueueDriver } from './job.js';
export { JobRegistry, QueueErrors } from './registry.js';
