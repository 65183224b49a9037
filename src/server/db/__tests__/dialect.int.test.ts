// The same values come back from both dialects: booleans and JSON by column convention, instants as
// ISO strings, dates as YYYY-MM-DD, 64-bit integers as numbers (or an error, never a silent rounding).
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDb, testDatabases, type TestDb } from '../../../../test/db.js';
import { columnTypes } from '../dialect.js';

describe.each(testDatabases())('dialect values on %s', (kind) => {
  let t: TestDb;
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  let db: any;
  beforeAll(async () => {
    t = await createTestDb(kind);
    db = t.db;
    const ty = columnTypes(t.dialect);
    await db.schema
      .createTable('probe')
      .addColumn('id', 'integer', (c: never) => (c as { primaryKey(): never }).primaryKey())
      .addColumn('is_ok', ty.bool)
      .addColumn('doc_json', ty.json)
      .addColumn('at', ty.timestamp)
      .addColumn('on_day', ty.date)
      .addColumn('amount', ty.bigint)
      .execute();
  });
  afterAll(() => t.drop());

  it('round-trips booleans, JSON (objects and arrays), instants, dates and money', async () => {
    await db.insertInto('probe').values({ id: 1, is_ok: true, doc_json: { a: [1, 2], b: '中文' }, at: new Date('2026-11-28T01:02:03.456Z'), on_day: '2026-02-28', amount: 9_007_199_254_740_991 }).execute();
    await db.insertInto('probe').values({ id: 2, is_ok: false, doc_json: [1, 'x'], at: '2026-11-28T01:02:03.000Z', on_day: '2026-03-01', amount: -5 }).execute();
    const rows = await db.selectFrom('probe').selectAll().orderBy('id').execute();
    expect(rows).toEqual([
      { id: 1, is_ok: true, doc_json: { a: [1, 2], b: '中文' }, at: '2026-11-28T01:02:03.456Z', on_day: '2026-02-28', amount: 9_007_199_254_740_991 },
      { id: 2, is_ok: false, doc_json: [1, 'x'], at: '2026-11-28T01:02:03.000Z', on_day: '2026-03-01', amount: -5 },
    ]);
    const counted = await db.selectFrom('probe').select(sql`count(*)`.as('n')).executeTakeFirst();
    expect(counted.n).toBe(2);
    const filtered = await db.selectFrom('probe').select('id').where('is_ok', '=', true).execute();
    expect(filtered).toEqual([{ id: 1 }]);
  });

  it('compares instants in order on both (ISO text sorts like time)', async () => {
    const later = await db.selectFrom('probe').select('id').where('at', '>', '2026-11-28T01:02:03.100Z').execute();
    expect(later).toEqual([{ id: 1 }]);
  });

  it.runIf(kind === 'postgres')('refuses to round a 64-bit integer beyond 2^53', async () => {
    await expect(sql`select 9007199254740993::bigint as n`.execute(db)).rejects.toThrow(/exceeds 2\^53/);
  });
});
