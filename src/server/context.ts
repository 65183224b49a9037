// What every service is built from. The composition root (main.ts / http/app.ts) makes one per process;
// tests make one per suite with a fake clock and the inline queue.
import type { Config } from './config/index.js';
import type { Db } from './db/database.js';
import type { DialectName } from './db/dialect.js';
import type { AuditLog } from './platform/audit.js';
import type { Clock } from './platform/clock.js';
import type { Logger } from './platform/logger.js';
import type { PiiCipher } from './platform/pii.js';
import type { QueueDriver } from './queue/job.js';

export type AppContext = {
  config: Config;
  db: Db;
  dialect: DialectName;
  clock: Clock;
  logger: Logger;
  pii: PiiCipher;
  audit: AuditLog;
  queue: QueueDriver;
};
