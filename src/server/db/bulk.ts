// Set-based writes shared by the batch paths (the nightly run, allocation): many rows changed by one statement per
// chunk instead of one round trip per row. Runs on PostgreSQL and SQLite ≥ 3.33 (UPDATE … FROM).
import { PostgresAdapter, sql, type Kysely } from 'kysely';
import type { DB } from './schema.js';

/**
 * Column types a changed value is cast to (VALUES parameters have no type of their own on PostgreSQL). `timestamp` and
 * `date` are the migrations' instants and days: timestamptz / date on PostgreSQL, ISO text on SQLite.
 */
export type BulkColumnType = 'text' | 'integer' | 'bigint' | 'real' | 'timestamp' | 'date';

const castName = (pg: boolean, t: BulkColumnType) => (t === 'timestamp' ? (pg ? 'timestamptz' : 'text') : t === 'date' ? (pg ? 'date' : 'text') : t);

const CHUNK = 500;
const ident = (name: string) => sql.id(name);

/**
 * `UPDATE table SET col = v.col… [, set…] FROM (VALUES …) v WHERE table.key = v.key [AND where…]`, 500 rows per
 * statement. Each row gives the key and every column of `columns`, cast to the column's type. `set`: the same value
 * for every row; `where`: equalities every updated row must also meet. Returns the number of rows updated.
 */
export async function updateByKey(
  db: Kysely<DB>,
  table: keyof DB & string,
  key: string,
  columns: Readonly<Record<string, BulkColumnType>>,
  rows: ReadonlyArray<Readonly<Record<string, unknown>>>,
  opts: { set?: Readonly<Record<string, unknown>>; where?: Readonly<Record<string, unknown>> } = {},
): Promise<number> {
  const cols = Object.keys(columns);
  const pg = db.getExecutor().adapter instanceof PostgresAdapter;
  let updated = 0;
  for (let i = 0; i < rows.length; i += CHUNK) {
    const part = rows.slice(i, i + CHUNK);
    // VALUES columns are named column1, column2, … on both dialects: column1 is the key.
    const values = sql.join(part.map((r) => {
      if (r[key] === undefined || r[key] === null) throw new Error(`updateByKey ${table}: a row has no ${key}`);
      return sql`(${sql.join([sql`cast(${r[key]} as text)`, ...cols.map((c) => sql`cast(${r[c] ?? null} as ${sql.raw(castName(pg, columns[c]!))})`)])})`;
    }));
    const sets = [
      ...cols.map((c, j) => sql`${ident(c)} = ${sql.raw(`v.column${j + 2}`)}`),
      ...Object.entries(opts.set ?? {}).map(([c, v]) => sql`${ident(c)} = ${v}`),
    ];
    const where = [sql`${sql.ref(`${table}.${key}`)} = v.column1`, ...Object.entries(opts.where ?? {}).map(([c, v]) => sql`${sql.ref(`${table}.${c}`)} = ${v}`)];
    const r = await sql`update ${ident(table)} set ${sql.join(sets)} from (values ${values}) as v where ${sql.join(where, sql` and `)}`.execute(db);
    updated += Number(r.numAffectedRows ?? 0n);
  }
  return updated;
}
