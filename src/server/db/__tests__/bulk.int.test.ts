// updateByKey: many rows changed by one statement per 500, the same on both dialects (types, nulls, set, where).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Kysely } from 'kysely';
import { createTestDb, testDatabases, type TestDb } from '../../../../test/db.js';
import { updateByKey } from '../bulk.js';
import { columnTypes } from '../dialect.js';
import type { DB } from '../schema.js';

describe.each(testDatabases())('updateByKey on %s', (kind) => {
  let t: TestDb;
  // A probe table the schema type does not know: the helper is typed for DB tables.
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  let db: any;
  beforeAll(async () => {
    t = await createTestDb(kind);
    db = t.db;
    const ty = columnTypes(t.dialect);
    await db.schema.createTable('bulk_probe').addColumn('id', 'text', (c: never) => (c as { primaryKey(): never }).primaryKey())
      .addColumn('n', 'integer').addColumn('amount', ty.bigint).addColumn('score', 'real').addColumn('label', 'text').addColumn('state', 'text').addColumn('at', ty.timestamp).execute();
    const rows = Array.from({ length: 1200 }, (_, i) => ({ id: `r${String(i).padStart(4, '0')}`, n: i, amount: i * 100, score: 0, label: 'old', state: i % 2 ? 'open' : 'closed', at: '2026-01-01T00:00:00.000Z' }));
    for (let i = 0; i < rows.length; i += 200) await db.insertInto('bulk_probe').values(rows.slice(i, i + 200)).execute();
  });
  afterAll(() => t.drop());

  it('sets each row its own typed values across chunks, the constant on all, only where the condition holds', async () => {
    const changes = Array.from({ length: 1100 }, (_, i) => ({ id: `r${String(i).padStart(4, '0')}`, n: -i, amount: 9_007_199_254_740_991 - i, score: i / 4, label: i === 7 ? null : `新${i}`, at: i === 1099 ? null : new Date(Date.UTC(2026, 10, 29, 8, 0, i % 60)).toISOString() }));
    const n = await updateByKey(db as Kysely<DB>, 'bulk_probe' as keyof DB & string, 'id', { n: 'integer', amount: 'bigint', score: 'real', label: 'text', at: 'timestamp' }, changes,
      { set: { label2: null }, where: { state: 'open' } }).catch(() => -1);
    expect(n).toBe(-1); // an unknown column is the database's error
    const m = await updateByKey(db as Kysely<DB>, 'bulk_probe' as keyof DB & string, 'id', { n: 'integer', amount: 'bigint', score: 'real', label: 'text', at: 'timestamp' }, changes,
      { set: { state: 'open' }, where: { state: 'open' } });
    expect(m).toBe(550); // the odd rows of the first 1,100
    const got = await db.selectFrom('bulk_probe').selectAll().orderBy('id').execute();
    expect(got[7]).toMatchObject({ n: -7, amount: 9_007_199_254_740_984, score: 1.75, label: null, at: '2026-11-29T08:00:07.000Z' });
    expect(got[8]).toMatchObject({ n: 8, amount: 800, score: 0, label: 'old', at: '2026-01-01T00:00:00.000Z' }); // closed: untouched
    expect(got[1099]).toMatchObject({ n: -1099, label: '新1099', at: null });
    expect(got[1101]).toMatchObject({ n: 1101, label: 'old' }); // not in the changes
    expect(typeof got[7].n).toBe('number');
  });

  it('does nothing for no rows, and names a row without its key', async () => {
    expect(await updateByKey(db as Kysely<DB>, 'bulk_probe' as keyof DB & string, 'id', { n: 'integer' }, [])).toBe(0);
    await expect(updateByKey(db as Kysely<DB>, 'bulk_probe' as keyof DB & string, 'id', { n: 'integer' }, [{ n: 1 }])).rejects.toThrow(/no id/);
  });
});
