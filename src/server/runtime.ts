// The composition root shared by `serve`, `worker` and the CLI: config → database (migrated) → keys →
// audit → queue → services. Tests build the same thing with a fake clock and the inline queue.
import type { Config } from './config/index.js';
import type { AppContext } from './context.js';
import { openDatabase, type DbHandle } from './db/database.js';
import { migrateToLatest } from './db/migrator.js';
import { allJobs } from './jobs.js';
import { createAuditLog } from './platform/audit.js';
import { simulatedClock, systemClock, type Clock } from './platform/clock.js';
import { createLogger, type Logger } from './platform/logger.js';
import { createPiiCipher, resolveSecretKey } from './platform/pii.js';
import { createQueue, JobRegistry, type QueueDriver } from './queue/index.js';
import { createServices, type Services } from './services.js';

export type Runtime = { ctx: AppContext; services: Services; registry: JobRegistry; handle: DbHandle; close(): Promise<void> };

export type RuntimeOptions = {
  clock?: Clock;
  logger?: Logger;
  /** Override the configured queue driver (tests use 'inline'). */
  queue?: Config['queue'];
  migrate?: boolean;
  /** An already-open database (tests). */
  handle?: DbHandle;
  /** The worker stopped for good (graphile: its schema was migrated by a newer release). */
  onWorkerExit?: (reason: string) => void;
};

export async function openRuntime(config: Config, opts: RuntimeOptions = {}): Promise<Runtime> {
  const logger = opts.logger ?? createLogger(config.logLevel);
  const clock = opts.clock ?? (config.clockStart ? simulatedClock(config.clockStart) : systemClock);
  if (config.clockStart && !opts.clock) logger.warn({ clock: config.clockStart }, 'simulated clock (CONCORD_CLOCK): for demonstrations and tests only');
  const handle = opts.handle ?? openDatabase({ url: config.databaseUrl });
  if (opts.migrate !== false) {
    const { applied } = await migrateToLatest(handle);
    if (applied.length) logger.info({ applied }, 'database migrated');
  }
  const pii = createPiiCipher(resolveSecretKey({ secretKey: config.secretKey, dataDir: config.dataDir, allowGenerate: handle.dialect === 'sqlite' }));
  const audit = createAuditLog(handle.db, handle.dialect, clock);
  const registry = new JobRegistry();
  // The queue needs the registry and the jobs need the context: fill the context first, then the queue.
  const ctx = { config, db: handle.db, dialect: handle.dialect, clock, logger, pii, audit } as AppContext;
  // The jobs use the runtime's own messaging service (created below, before any job can run), so close() reaches it.
  const made: { services?: Services } = {};
  for (const job of allJobs(ctx, () => made.services!.messaging)) registry.register(job);
  const kind = opts.queue ?? config.queue;
  const queue: QueueDriver =
    kind === 'graphile'
      ? createQueue('graphile', { registry, logger, clock, connectionString: config.databaseUrl, ...(opts.onWorkerExit ? { onWorkerExit: opts.onWorkerExit } : {}) })
      : kind === 'sqlite'
        ? createQueue('sqlite', { registry, logger, clock, db: handle.db })
        : createQueue('inline', { registry, logger, clock });
  ctx.queue = queue;
  const services = (made.services = createServices(ctx));
  return {
    ctx,
    services,
    registry,
    handle,
    async close() {
      await queue.stop({ timeoutMs: 10_000 });
      // After the queue: no job is sending any more. Unbinds the SMPP session and closes the SMTP transport.
      await services.messaging.close();
      if (!opts.handle) await handle.close();
    },
  };
}
