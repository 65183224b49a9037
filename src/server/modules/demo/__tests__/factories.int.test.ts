// The shared test factories (test/factories.ts) insert valid, sealed rows; checked here once per dialect.
import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { make } from '../../../../../test/factories.js';
import { createTestDb, testDatabases, type TestDb } from '../../../../../test/db.js';
import { isChinaMobile, validateNationalId } from '../../../../core/person/index.js';
import { fakeClock } from '../../../platform/clock.js';
import { createPiiCipher } from '../../../platform/pii.js';

describe.each(testDatabases())('test factories on %s', (kind) => {
  const pii = createPiiCipher(randomBytes(32));
  const clock = fakeClock('2026-11-28T02:00:00Z');
  let t: TestDb;
  beforeAll(async () => {
    t = await createTestDb(kind);
  });
  afterAll(() => t.drop());

  it('makes distinct creditors and teams, with overrides', async () => {
    const [c1, c2] = [await make.creditor(t.db), await make.creditor(t.db, { name: '某银行' })];
    expect(c1.code).not.toBe(c2.code);
    const team = await make.team(t.db, { kind: 'field' });
    const stored = await t.db.selectFrom('creditor').select(['id', 'name']).where('id', 'in', [c1.id, c2.id]).orderBy('name').execute();
    expect(stored.map((r) => r.name).sort()).toEqual([c1.name, '某银行'].sort());
    expect(await t.db.selectFrom('team').select('kind').where('id', '=', team.id).executeTakeFirstOrThrow()).toEqual({ kind: 'field' });
  });

  it('makes a debtor with a sealed phone, id and address, one case and one account', async () => {
    const creditor = await make.creditor(t.db);
    const team = await make.team(t.db);
    const made = await make.debtorWithCase(t.db, pii, clock, { creditorId: creditor.id, assignedTeamId: team.id, dpd: 95 });
    const again = await make.debtorWithCase(t.db, pii, clock, { creditorId: creditor.id, phone: '13800138000', gender: 'female' });
    expect(isChinaMobile(made.plain.phone)).toBe(true);
    expect(validateNationalId(made.plain.nationalId, '2026-11-28')).toMatchObject({ ok: true, gender: 'male' });

    const debtor = await t.db.selectFrom('debtor').selectAll().where('id', '=', made.debtorId).executeTakeFirstOrThrow();
    expect(pii.decrypt('national_id', debtor.national_id_enc!)).toBe(made.plain.nationalId);
    expect(debtor.national_id_hash).toBe(pii.lookupHash('national_id', made.plain.nationalId));
    const phone = await t.db.selectFrom('phone').selectAll().where('id', '=', made.phoneId).executeTakeFirstOrThrow();
    expect(pii.decrypt('phone', phone.number_enc)).toBe(made.plain.phone);
    expect(phone.number_hash).toBe(pii.lookupHash('phone', made.plain.phone));
    const address = await t.db.selectFrom('address').selectAll().where('id', '=', made.addressId).executeTakeFirstOrThrow();
    expect(address.kind).toBe('residence');
    expect(pii.decrypt('address', address.detail_enc)).toBe(made.plain.addressDetail);
    expect(address.detail_masked).not.toContain(made.plain.addressDetail);

    const c = await t.db.selectFrom('collection_case').selectAll().where('id', '=', made.caseId).executeTakeFirstOrThrow();
    expect(c).toMatchObject({ debtor_id: made.debtorId, creditor_id: creditor.id, bucket: 'M4', dpd: 95, status: 'open', assigned_team_id: team.id, assigned_user_id: null });
    const acc = await t.db.selectFrom('debt_account').selectAll().where('case_id', '=', made.caseId).execute();
    expect(acc.map((a) => a.id)).toEqual([made.accountId]);

    const other = await t.db.selectFrom('phone').select('number_hash').where('id', '=', again.phoneId).executeTakeFirstOrThrow();
    expect(other.number_hash).toBe(pii.lookupHash('phone', '13800138000'));
    expect(validateNationalId(again.plain.nationalId, '2026-11-28')).toMatchObject({ ok: true, gender: 'female' });
  });
});
