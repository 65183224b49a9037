// Test databases: a fresh migrated SQLite always, and a fresh PostgreSQL schema when TEST_DATABASE_URL
// is set (CI sets it). Integration suites run once per entry of `testDatabases()`.
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { loadConfig } from '../src/server/config/index.js';
import { openDatabase, type DbHandle } from '../src/server/db/database.js';
import { migrateToLatest } from '../src/server/db/migrator.js';

export type TestDbKind = 'sqlite' | 'postgres';

export function testDatabases(): TestDbKind[] {
  return loadConfig().testDatabaseUrl ? ['sqlite', 'postgres'] : ['sqlite'];
}

export function testPgUrl(): string | undefined {
  return loadConfig().testDatabaseUrl;
}

export type TestDb = DbHandle & { drop(): Promise<void> };

/**
 * Kysely's migrator introspects every schema on the server; when another suite creates or drops its
 * schema at that moment the introspection can fail ("schema … does not exist"). That is a race between
 * parallel test files, not a migration error: retry it.
 */
async function migrateWithRetry(handle: DbHandle, attempts = 5): Promise<void> {
  for (let i = 1; ; i++) {
    try {
      await migrateToLatest(handle);
      return;
    } catch (e) {
      const racing = handle.dialect === 'postgres' && /does not exist|concurrent|deadlock/i.test(String((e as Error).message));
      if (!racing || i >= attempts) throw e;
      await new Promise((r) => setTimeout(r, 50 * i));
    }
  }
}

/** A fresh, migrated database. Call drop() in afterAll. */
export async function createTestDb(kind: TestDbKind, opts: { migrate?: boolean } = {}): Promise<TestDb> {
  let handle: DbHandle;
  let schema: string | undefined;
  if (kind === 'postgres') {
    const url = testPgUrl();
    if (!url) throw new Error('TEST_DATABASE_URL is not set');
    schema = `t_${randomBytes(6).toString('hex')}`;
    const admin = new pg.Client({ connectionString: url });
    await admin.connect();
    await admin.query(`create schema ${schema}`);
    await admin.end();
    handle = openDatabase({ url, schema, poolSize: 5 });
  } else {
    handle = openDatabase({ url: 'sqlite::memory:' });
  }
  if (opts.migrate !== false) await migrateWithRetry(handle);
  return {
    ...handle,
    async drop() {
      await handle.close();
      if (kind === 'postgres' && schema) {
        const admin = new pg.Client({ connectionString: testPgUrl() });
        await admin.connect();
        await admin.query(`drop schema if exists ${schema} cascade`);
        await admin.end();
      }
    },
  };
}
