// Personal data: encrypted at rest, masked in responses by default, revealed with permission + reason +
// audit, found by exact phone through the keyed hash, and absent from every log line.
import { Writable } from 'node:stream';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLogger } from '../../src/server/platform/logger.js';
import { createTestApp, USER_PASSWORD, type TestApp } from '../app.js';
import { testDatabases } from '../db.js';
import { make, type DebtorWithCase } from '../factories.js';

describe.each(testDatabases())('personal data on %s', (kind) => {
  let t: TestApp;
  let c: DebtorWithCase;
  const logLines: string[] = [];
  beforeAll(async () => {
    const sink = new Writable({
      write(chunk, _e, cb) {
        logLines.push(String(chunk));
        cb();
      },
    });
    t = await createTestApp(kind, { logger: createLogger('debug', sink) });
    const cred = await make.creditor(t.rt.ctx.db);
    const team = await make.team(t.rt.ctx.db);
    c = await make.debtorWithCase(t.rt.ctx.db, t.rt.ctx.pii, t.clock, { creditorId: cred.id, assignedTeamId: team.id, addressDetail: '朝阳路88号3单元502室' });
    const collector = await t.userWith('collector', { teamId: team.id });
    // Exercise every path that handles personal data.
    expect((await collector.get(`/api/cases?q=${c.plain.phone}`)).json().total).toBe(1);
    expect((await collector.get(`/api/cases?q=${c.plain.nationalId}`)).json().total).toBe(1);
    await collector.get(`/api/cases/${c.caseId}`);
    for (const [field, itemId] of [['phone', c.phoneId], ['national_id', undefined], ['address', c.addressId]] as const) {
      const r = await collector.post(`/api/cases/${c.caseId}/reveal`, { field, itemId, reason: '与债务人核实身份' });
      expect(r.statusCode).toBe(200);
    }
    await t.admin.post('/api/admin/users', { username: 'pii-user', displayName: '新人', password: 'very-secret-password-9', role: 'collector' });
    await t.app.inject({ method: 'POST', url: '/api/auth/login', payload: { username: 'pii-user', password: 'wrong-secret-password-7' } });
  });
  afterAll(() => t.close());

  it('stores phones, national ids and street addresses only encrypted', async () => {
    const dump = JSON.stringify([
      await t.rt.ctx.db.selectFrom('debtor').selectAll().execute(),
      await t.rt.ctx.db.selectFrom('phone').selectAll().execute(),
      await t.rt.ctx.db.selectFrom('address').selectAll().execute(),
      await t.rt.ctx.db.selectFrom('audit_log').selectAll().execute(),
    ]);
    for (const plain of [c.plain.phone, c.plain.nationalId, c.plain.addressDetail]) expect(dump).not.toContain(plain);
  });

  it('masks by default in API responses', async () => {
    const body = (await t.admin.get(`/api/cases/${c.caseId}`)).body;
    for (const plain of [c.plain.phone, c.plain.nationalId, c.plain.addressDetail]) expect(body).not.toContain(plain);
    const d = JSON.parse(body);
    expect(d.phones[0].masked).toBe(`${c.plain.phone.slice(0, 3)}****${c.plain.phone.slice(-4)}`);
    expect(d.debtor.nationalIdMasked).toMatch(/^\d{3}\*{11}[\dX]{4}$/);
    expect(d.addresses[0].detailMasked).toBe('朝阳路88号****');
  });

  it('audits every reveal with who, why and what, never the value', async () => {
    const reveals = await t.rt.ctx.db.selectFrom('audit_log').selectAll().where('action', '=', 'pii.reveal').orderBy('seq').execute();
    expect(reveals).toHaveLength(3);
    expect(reveals.map((r) => (r.meta_json as { field: string }).field)).toEqual(['phone', 'national_id', 'address']);
    expect(reveals.every((r) => r.reason === '与债务人核实身份' && r.actor_type === 'user' && r.entity_id === c.caseId)).toBe(true);
  });

  it('a reveal without a reason is refused and not audited', async () => {
    const before = await t.rt.ctx.db.selectFrom('audit_log').select(sql<number>`count(*)`.as('n')).where('action', '=', 'pii.reveal').executeTakeFirstOrThrow();
    const r = await t.admin.post(`/api/cases/${c.caseId}/reveal`, { field: 'phone', itemId: c.phoneId });
    expect(r.statusCode).toBe(400);
    expect(r.json().error.issues[0].path).toBe('reason');
    const after = await t.rt.ctx.db.selectFrom('audit_log').select(sql<number>`count(*)`.as('n')).where('action', '=', 'pii.reveal').executeTakeFirstOrThrow();
    expect(Number(after.n)).toBe(Number(before.n));
  });

  it('no log line carries a phone, national id, street address or password', () => {
    const logs = logLines.join('');
    expect(logs).toContain('/api/cases'); // the request lines were logged …
    for (const secret of [c.plain.phone, c.plain.nationalId, c.plain.addressDetail, USER_PASSWORD, 'very-secret-password-9', 'wrong-secret-password-7']) {
      expect(logs).not.toContain(secret); // … without the data
    }
  });
});
