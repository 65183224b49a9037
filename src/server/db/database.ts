// Kysely factory for SQLite (better-sqlite3) and PostgreSQL (pg). Values come back the same on both:
// instants as ISO strings, dates as YYYY-MM-DD, int8 as numbers, booleans and JSON by column convention.
import fs from 'node:fs';
import path from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import { Kysely, PostgresDialect, SqliteDialect, sql } from 'kysely';
import pg from 'pg';
import { DialectValuesPlugin, toDriverValue, type DialectName } from './dialect.js';
import type { DB } from './schema.js';

export type Db = Kysely<DB>;
/** schema: the PostgreSQL schema on the search_path when not the default (tests use one per suite). */
export type DbHandle = { db: Db; dialect: DialectName; url: string; schema?: string; close(): Promise<void> };

const INT8 = 20;
const NUMERIC = 1700;
const DATE = 1082;
const TIMESTAMP = 1114;
const TIMESTAMPTZ = 1184;

function toSafeNumber(s: string): number {
  const n = Number(s);
  if (!Number.isSafeInteger(n) && Number.isInteger(n)) throw new RangeError(`integer ${s} exceeds 2^53; refusing to lose precision`);
  return n;
}

/** Type parsers for one pool only: the global pg.types stay untouched. */
const pgTypes = {
  getTypeParser(oid: number, format?: 'text' | 'binary') {
    switch (oid) {
      case INT8:
      case NUMERIC:
        return toSafeNumber;
      case DATE:
        return (s: string) => s;
      case TIMESTAMP:
      case TIMESTAMPTZ:
        return (s: string) => new Date(s.includes('T') || /[+-]\d\d(:?\d\d)?$/.test(s) ? s : s + 'Z').toISOString();
      default:
        return pg.types.getTypeParser(oid, format ?? 'text');
    }
  },
} as unknown as pg.CustomTypesConfig;

export type OpenOptions = { url: string; poolSize?: number; schema?: string };

/** Open a database from a URL: `sqlite:<file>`, `sqlite::memory:` or `postgres://…`. */
export function openDatabase(opts: OpenOptions): DbHandle {
  const { url } = opts;
  if (url.startsWith('postgres://') || url.startsWith('postgresql://')) {
    const pool = new pg.Pool({
      connectionString: url,
      max: opts.poolSize ?? 10,
      types: pgTypes,
      ...(opts.schema ? { options: `-c search_path=${opts.schema}` } : {}),
    });
    const db = new Kysely<DB>({ dialect: new PostgresDialect({ pool }), plugins: [new DialectValuesPlugin('postgres')] });
    return { db, dialect: 'postgres', url, ...(opts.schema ? { schema: opts.schema } : {}), close: () => db.destroy() };
  }
  if (!url.startsWith('sqlite:')) throw new Error(`unsupported DATABASE_URL ${url.split(':')[0]}:`);
  const file = url.slice('sqlite:'.length);
  if (file !== ':memory:') fs.mkdirSync(path.dirname(path.resolve(file)), { recursive: true });
  const native = new BetterSqlite3(file);
  native.pragma('journal_mode = WAL');
  native.pragma('synchronous = NORMAL');
  native.pragma('foreign_keys = ON');
  native.pragma('busy_timeout = 5000');
  // 32 MiB of page cache (default 2 MiB): large imports and work lists keep their indexes' inner pages in memory.
  native.pragma('cache_size = -32768');
  const db = new Kysely<DB>({
    dialect: new SqliteDialect({ database: withStatementCache(native) }),
    plugins: [new DialectValuesPlugin('sqlite', { paramsInDriver: true })],
  });
  bulkInserters.set(db, sqliteBulkInsert(native));
  return { db, dialect: 'sqlite', url, close: () => db.destroy() };
}

/** Inserts rows (all of the first row's shape) into a table, in the transaction the caller holds. */
export type BulkInsert = (table: string, rows: readonly object[]) => void;
const bulkInserters = new WeakMap<Db, BulkInsert>();

/**
 * The fast path for bulk writes on SQLite: one prepared single-row INSERT per table and column list, run once per
 * row. Kysely compiles a multi-row INSERT anew for every batch and SQLite parses each of those large statements
 * (a different text for every row count); a prepared single-row statement does neither. Only for use inside a
 * Kysely transaction on the same database (SQLite has one connection: the statements run in that transaction).
 * Null on PostgreSQL, where a multi-row INSERT per round trip is the fast path.
 */
export const bulkInserterOf = (db: Db): BulkInsert | null => bulkInserters.get(db) ?? null;

function sqliteBulkInsert(native: BetterSqlite3.Database): BulkInsert {
  const statements = new Map<string, BetterSqlite3.Statement>();
  return (table, rows) => {
    if (rows.length === 0) return;
    const cols = Object.keys(rows[0]!);
    const key = `${table}\u0000${cols.join(',')}`;
    let stmt = statements.get(key);
    if (!stmt) {
      const quote = (id: string) => `"${id.replaceAll('"', '""')}"`;
      stmt = native.prepare(`insert into ${quote(table)} (${cols.map(quote).join(', ')}) values (${cols.map(() => '?').join(', ')})`);
      statements.set(key, stmt);
    }
    const values: unknown[] = new Array(cols.length);
    for (const row of rows) {
      const r = row as Record<string, unknown>;
      for (let i = 0; i < cols.length; i++) values[i] = toDriverValue('sqlite', r[cols[i]!] ?? null);
      stmt.run(values);
    }
  };
}

const sqliteParams = (params: readonly unknown[]) => params.map((v) => toDriverValue('sqlite', v));

/** A statement that converts parameters (booleans, Dates, JSON) the way better-sqlite3 needs them. */
function convertingStatement(stmt: BetterSqlite3.Statement) {
  return {
    get reader() {
      return stmt.reader;
    },
    get busy() {
      return stmt.busy;
    },
    all: (params: readonly unknown[]) => stmt.all(...sqliteParams(params)),
    run: (params: readonly unknown[]) => stmt.run(...sqliteParams(params)),
    iterate: (params: readonly unknown[]) => stmt.iterate(...sqliteParams(params)),
  };
}
type ConvertingStatement = ReturnType<typeof convertingStatement>;

/**
 * Kysely prepares every query anew; on SQLite preparing costs as much as running a small indexed query.
 * Statements are cached by SQL text (least recently used out); a statement busy in a streaming read is not shared.
 */
const MAX_CACHED_SQL = 4000;
function withStatementCache(native: BetterSqlite3.Database, max = 1000) {
  const cache = new Map<string, ConvertingStatement>();
  return {
    close: () => {
      cache.clear();
      native.close();
    },
    prepare(text: string) {
      // Long texts are generated (IN lists and multi-row VALUES of varying length): rarely the same twice, and each
      // prepared one holds its compiled program. Caching them grew an import's memory by ~100 MB; prepare anew.
      if (text.length > MAX_CACHED_SQL) return convertingStatement(native.prepare(text));
      let stmt = cache.get(text);
      if (stmt && !stmt.busy) {
        cache.delete(text);
        cache.set(text, stmt);
        return stmt;
      }
      stmt = convertingStatement(native.prepare(text));
      if (cache.size >= max) cache.delete(cache.keys().next().value!);
      cache.set(text, stmt);
      return stmt;
    },
  };
}

/** Cheap readiness probe. */
export async function pingDatabase(db: Db): Promise<void> {
  await sql`select 1`.execute(db);
}
