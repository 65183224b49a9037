import { Command } from 'commander';
import { loadConfig } from '../config/index.js';
import { openDatabase } from '../db/database.js';
import { migrateToLatest } from '../db/migrator.js';
import { print } from './shared.js';

export function migrateCommand(): Command {
  return new Command('migrate').description('Bring the database schema up to date / 迁移数据库').action(async () => {
    const config = loadConfig();
    const handle = openDatabase({ url: config.databaseUrl });
    try {
      const { applied } = await migrateToLatest(handle);
      print(applied.length ? `applied: ${applied.join(', ')}` : 'database is up to date');
    } finally {
      await handle.close();
    }
  });
}
