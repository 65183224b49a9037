import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDb, testDatabases, type TestDb } from '../../../../test/db.js';
import { fakeClock } from '../clock.js';
import { createAuditLog, verifyAuditChain, type Actor } from '../audit.js';

const actor: Actor = { type: 'user', id: '0190f000-0000-7000-8000-000000000001', label: 'admin', ip: '127.0.0.1', requestId: 'r1' };

describe.each(testDatabases())('audit chain on %s', (kind) => {
  let t: TestDb;
  beforeAll(async () => {
    t = await createTestDb(kind);
    const audit = createAuditLog(t.db, t.dialect, fakeClock());
    for (let i = 0; i < 12; i++) {
      await audit.record(actor, { action: 'user.update', entityType: 'user', entityId: `u${i}`, before: { role: 'collector', n: i }, after: { role: 'supervisor', tags: ['a', 'b'] } });
    }
  });
  afterAll(() => t.drop());

  it('verifies an untouched chain', async () => {
    expect(await verifyAuditChain(t.db, 5)).toEqual({ ok: true, rows: 12, headSeq: 12 });
  });

  it('rolls the entry back with the caller transaction', async () => {
    const audit = createAuditLog(t.db, t.dialect, fakeClock());
    await expect(
      t.db.transaction().execute(async (trx) => {
        await audit.record(actor, { action: 'doomed' }, trx);
        throw new Error('rollback');
      }),
    ).rejects.toThrow('rollback');
    expect(await verifyAuditChain(t.db)).toMatchObject({ ok: true, rows: 12 });
  });

  it('appends concurrently without forking the chain', async () => {
    const audit = createAuditLog(t.db, t.dialect, fakeClock());
    await Promise.all(Array.from({ length: 10 }, (_, i) => audit.record(actor, { action: 'login', meta: { i } })));
    expect(await verifyAuditChain(t.db)).toMatchObject({ ok: true, rows: 22 });
  });

  it('appends a batch in order as one chain, interleaved with single entries', async () => {
    const audit = createAuditLog(t.db, t.dialect, fakeClock());
    const entries = Array.from({ length: 450 }, (_, i) => ({ action: 'case.assigned', entityType: 'collection_case', entityId: `c${i}`, meta: { i } }));
    await Promise.all([audit.recordMany(actor, entries), audit.record(actor, { action: 'login' })]);
    expect(await verifyAuditChain(t.db, 100)).toEqual({ ok: true, rows: 22 + 451, headSeq: 22 + 451 });
    const batch = await t.db.selectFrom('audit_log').select(['seq', 'entity_id']).where('action', '=', 'case.assigned').orderBy('seq').execute();
    expect(batch.map((r) => r.entity_id)).toEqual(entries.map((e) => e.entityId));
    expect(batch.at(-1)!.seq - batch[0]!.seq).toBe(449); // contiguous: nothing interleaved inside the batch
    await t.db.deleteFrom('audit_log').where('seq', '>', 22).execute();
    const last = await t.db.selectFrom('audit_log').select(['seq', 'hash']).where('seq', '=', 22).executeTakeFirstOrThrow();
    await t.db.updateTable('audit_head').set({ seq: last.seq, hash: last.hash }).where('id', '=', 1).execute();
  });

  it('reports an edited row by its seq', async () => {
    await t.db.updateTable('audit_log').set({ reason: 'covered up' }).where('seq', '=', 7).execute();
    expect(await verifyAuditChain(t.db, 5)).toMatchObject({ ok: false, brokenAtSeq: 7, problem: 'hash_mismatch' });
    await t.db.updateTable('audit_log').set({ reason: null }).where('seq', '=', 7).execute();
    expect(await verifyAuditChain(t.db)).toMatchObject({ ok: true });
  });

  it('reports an edited JSON body', async () => {
    await sql`update audit_log set after_json = ${JSON.stringify({ role: 'admin' })} where seq = 3`.execute(t.db);
    expect(await verifyAuditChain(t.db)).toMatchObject({ ok: false, brokenAtSeq: 3, problem: 'hash_mismatch' });
  });

  it('reports a deleted row in the middle and at the end', async () => {
    const t2 = await createTestDb(kind);
    try {
      const audit = createAuditLog(t2.db, t2.dialect, fakeClock());
      for (let i = 0; i < 5; i++) await audit.record(actor, { action: 'x', meta: { i } });
      await t2.db.deleteFrom('audit_log').where('seq', '=', 5).execute();
      expect(await verifyAuditChain(t2.db)).toMatchObject({ ok: false, brokenAtSeq: 5, problem: 'head_mismatch' });
      await t2.db.deleteFrom('audit_log').where('seq', '=', 2).execute();
      expect(await verifyAuditChain(t2.db)).toMatchObject({ ok: false, brokenAtSeq: 2, problem: 'missing_row' });
    } finally {
      await t2.drop();
    }
  });
});
