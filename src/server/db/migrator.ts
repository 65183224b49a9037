// One ordered list of migrations for both dialects. A migration receives the dialect's column types,
// so it never branches on the dialect itself.
import { type Kysely, type Migration, type MigrationProvider, type MigrationResultSet, Migrator } from 'kysely';
import { columnTypes, type ColumnTypes, type DialectName } from './dialect.js';
import { migrations } from './migrations/index.js';
import type { DbHandle } from './database.js';

export type MigrationContext = { dialect: DialectName; t: ColumnTypes };
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type ConcordMigration = { name: string; up(db: Kysely<any>, ctx: MigrationContext): Promise<void> };

class ListProvider implements MigrationProvider {
  constructor(private readonly dialect: DialectName) {}
  async getMigrations(): Promise<Record<string, Migration>> {
    const ctx: MigrationContext = { dialect: this.dialect, t: columnTypes(this.dialect) };
    const out: Record<string, Migration> = {};
    const names = new Set<string>();
    for (const m of migrations) {
      if (names.has(m.name)) throw new Error(`duplicate migration ${m.name}`);
      names.add(m.name);
      out[m.name] = { up: (db) => m.up(db, ctx) };
    }
    return out;
  }
}

/** Bring the schema up to date; throws with the failing migration's name. */
export async function migrateToLatest(h: Pick<DbHandle, 'db' | 'dialect' | 'schema'>): Promise<{ applied: string[] }> {
  // With a schema, Kysely must look for its bookkeeping tables there and not in any other schema.
  const migrator = new Migrator({ db: h.db, provider: new ListProvider(h.dialect), ...(h.schema ? { migrationTableSchema: h.schema } : {}) });
  const res: MigrationResultSet = await migrator.migrateToLatest();
  if (res.error) {
    const failed = res.results?.find((r) => r.status === 'Error');
    throw new Error(`migration ${failed?.migrationName ?? '?'} failed: ${String((res.error as Error).message ?? res.error)}`);
  }
  return { applied: (res.results ?? []).filter((r) => r.status === 'Success').map((r) => r.migrationName) };
}
