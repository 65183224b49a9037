// Staff qualifications: certificates (status computed from the agency's calendar date) and training records.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ADMIN_PASSWORD, createTestApp, type Client, type TestApp } from '../app.js';
import { testDatabases } from '../db.js';

// The harness clock starts at 2026-11-28T02:00Z, i.e. 10:00 on 2026-11-28 in Asia/Shanghai.
const TODAY = '2026-11-28';
const addDays = (ymd: string, n: number) => new Date(Date.parse(`${ymd}T00:00:00Z`) + n * 86_400_000).toISOString().slice(0, 10);
const cert = (over: Record<string, unknown> = {}) => ({ kind: 'collector', number: 'ZS-2026-0001', issuer: '中国银行业协会', validFrom: '2026-01-01', validUntil: '2027-12-31', ...over });

type Cert = { id: string; userId: string; kind: string; validUntil: string; status: string; daysLeft: number; userDisplayName?: string };

describe.each(testDatabases())('staff qualifications on %s', (kind) => {
  let t: TestApp;
  let compliance: Client & { id: string };
  beforeAll(async () => {
    t = await createTestApp(kind);
    compliance = await t.userWith('compliance_officer');
  });
  afterAll(() => t.close());

  const auditOf = (entityId: string) =>
    t.rt.ctx.db.selectFrom('audit_log').select(['action', 'actor_id', 'before_json', 'after_json']).where('entity_id', '=', entityId).orderBy('seq').execute();
  const certsOf = async (c: Client, userId: string) => {
    const res = await c.get(`/api/staff/${userId}/qualifications`);
    expect(res.statusCode).toBe(200);
    return res.json().certificates as Cert[];
  };

  it('certificates: create, read, update, delete — each change audited with before/after', async () => {
    const u = await t.userWith('collector');
    const created = await t.admin.post(`/api/staff/${u.id}/certificates`, cert());
    expect(created.statusCode).toBe(201);
    const c = created.json();
    expect(c).toMatchObject({ userId: u.id, kind: 'collector', number: 'ZS-2026-0001', issuer: '中国银行业协会', validFrom: '2026-01-01', validUntil: '2027-12-31', status: 'valid' });
    expect(c.daysLeft).toBe(398);

    const read = await t.admin.get(`/api/staff/${u.id}/qualifications`);
    expect(read.statusCode).toBe(200);
    expect(read.json()).toEqual({ userId: u.id, certificates: [c], trainings: [] });

    const patched = await compliance.patch(`/api/staff/certificates/${c.id}`, { issuer: '中国互联网金融协会', validUntil: '2026-12-20' });
    expect(patched.statusCode).toBe(200);
    expect(patched.json()).toMatchObject({ id: c.id, issuer: '中国互联网金融协会', validUntil: '2026-12-20', status: 'expiring', daysLeft: 22 });
    expect(await certsOf(t.admin, u.id)).toEqual([patched.json()]);

    expect((await t.admin.delete(`/api/staff/certificates/${c.id}`)).json()).toEqual({ ok: true });
    expect(await certsOf(t.admin, u.id)).toEqual([]);
    expect((await t.admin.delete(`/api/staff/certificates/${c.id}`)).statusCode).toBe(404);
    const gone = await t.admin.patch(`/api/staff/certificates/${c.id}`, { issuer: 'x' }, { 'accept-language': 'en' });
    expect(gone.statusCode).toBe(404);
    expect(gone.json().error).toMatchObject({ code: 'staff.certificate_not_found', message: 'No such certificate' });

    const entries = await auditOf(c.id);
    expect(entries.map((e) => e.action)).toEqual(['staff_certificate.create', 'staff_certificate.update', 'staff_certificate.delete']);
    expect(entries[0]!.after_json).toMatchObject({ userId: u.id, kind: 'collector', validUntil: '2027-12-31' });
    expect(entries[1]!.before_json).toMatchObject({ issuer: '中国银行业协会', validUntil: '2027-12-31' });
    expect(entries[1]!.after_json).toMatchObject({ issuer: '中国互联网金融协会', validUntil: '2026-12-20' });
    expect(entries[1]!.actor_id).toBe(compliance.id);
    expect(entries[2]!.before_json).toMatchObject({ number: 'ZS-2026-0001' });
  });

  it('training records: create, list latest first, delete — audited', async () => {
    const u = await t.userWith('field_collector');
    const a = await t.admin.post(`/api/staff/${u.id}/trainings`, { course: '催收合规基础', completedOn: '2026-03-10', result: 'passed', score: 92.5, hours: 8 });
    expect(a.statusCode).toBe(201);
    expect(a.json()).toMatchObject({ userId: u.id, course: '催收合规基础', completedOn: '2026-03-10', result: 'passed', score: 92.5, hours: 8 });
    const b = await compliance.post(`/api/staff/${u.id}/trainings`, { course: '外访安全', completedOn: '2026-06-01', result: 'failed' });
    expect(b.statusCode).toBe(201);
    expect(b.json()).toMatchObject({ score: null, hours: null });
    const read = (await t.admin.get(`/api/staff/${u.id}/qualifications`)).json();
    expect(read.trainings.map((x: { course: string }) => x.course)).toEqual(['外访安全', '催收合规基础']);

    expect((await t.admin.delete(`/api/staff/trainings/${b.json().id}`)).statusCode).toBe(200);
    expect((await t.admin.get(`/api/staff/${u.id}/qualifications`)).json().trainings).toHaveLength(1);
    const again = await t.admin.delete(`/api/staff/trainings/${b.json().id}`);
    expect(again.statusCode).toBe(404);
    expect(again.json().error.code).toBe('staff.training_not_found');
    expect((await auditOf(b.json().id)).map((e) => e.action)).toEqual(['staff_training.create', 'staff_training.delete']);
    expect((await auditOf(a.json().id))[0]!.after_json).toMatchObject({ course: '催收合规基础', result: 'passed', score: 92.5 });

    const bad = await t.admin.post(`/api/staff/${u.id}/trainings`, { course: 'x', completedOn: '2026-06-01', result: 'excellent', score: 101 });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error.issues.map((i: { path: string }) => i.path).sort()).toEqual(['result', 'score']);
  });

  it('status: expiring within 30 days inclusive, expired from the day after validUntil, not yet valid before validFrom', async () => {
    const u = await t.userWith('collector');
    const cases: [number, string, number][] = [
      [-1, 'expired', -1],
      [0, 'expiring', 0],
      [29, 'expiring', 29],
      [30, 'expiring', 30],
      [31, 'valid', 31],
    ];
    for (const [days] of cases) {
      expect((await t.admin.post(`/api/staff/${u.id}/certificates`, cert({ number: `D${days}`, validFrom: '2025-01-01', validUntil: addDays(TODAY, days) }))).statusCode).toBe(201);
    }
    expect((await t.admin.post(`/api/staff/${u.id}/certificates`, cert({ number: 'FUTURE', validFrom: addDays(TODAY, 1), validUntil: addDays(TODAY, 400) }))).statusCode).toBe(201);
    const got = new Map((await certsOf(t.admin, u.id)).map((c) => [(c as unknown as { number: string }).number, c]));
    for (const [days, status, daysLeft] of cases) expect([days, got.get(`D${days}`)?.status, got.get(`D${days}`)?.daysLeft]).toEqual([days, status, daysLeft]);
    expect(got.get('FUTURE')?.status).toBe('not_yet_valid');

    // "Today" is the calendar date in Asia/Shanghai, not in UTC. Each step signs in afresh (sessions last 12 h).
    const numbered = async (at: string) => {
      t.clock.set(at);
      const admin = await t.login('admin', ADMIN_PASSWORD);
      return new Map((await certsOf(admin, u.id)).map((c) => [(c as unknown as { number: string }).number, c]));
    };
    const start = t.clock.now();
    try {
      // 16:30 UTC on the 27th is 00:30 on the 28th in Shanghai.
      const early = await numbered('2026-11-27T16:30:00.000Z');
      expect([early.get('D30')?.status, early.get('D31')?.status, early.get('D-1')?.status]).toEqual(['expiring', 'valid', 'expired']);
      // 15:59 UTC on the 28th is 23:59 on the 28th; a minute later it is the 29th there.
      expect((await numbered('2026-11-28T15:59:00.000Z')).get('D31')?.status).toBe('valid');
      const next = await numbered('2026-11-28T16:00:00.000Z');
      expect([next.get('D31')?.status, next.get('D31')?.daysLeft, next.get('D0')?.status, next.get('FUTURE')?.status]).toEqual(['expiring', 30, 'expired', 'valid']);
    } finally {
      t.clock.set(start);
    }
  });

  it('validFrom after validUntil is a 400 naming validUntil, in both languages; a PATCH is checked against the stored dates', async () => {
    const u = await t.userWith('collector');
    const zh = await t.admin.post(`/api/staff/${u.id}/certificates`, cert({ validFrom: '2027-01-01', validUntil: '2026-12-31' }));
    expect(zh.statusCode).toBe(400);
    expect(zh.json().error.code).toBe('common.validation');
    expect(zh.json().error.issues).toEqual([{ path: 'validUntil', message: '到期日不能早于生效日' }]);
    const en = await t.admin.post(`/api/staff/${u.id}/certificates`, cert({ validFrom: '2027-01-01', validUntil: '2026-12-31' }), { 'accept-language': 'en' });
    expect(en.json().error.issues).toEqual([{ path: 'validUntil', message: 'must not be before the valid-from date' }]);
    // A bad date is reported once, at its own field.
    const badDate = await t.admin.post(`/api/staff/${u.id}/certificates`, cert({ validFrom: '2026-02-30', validUntil: '2026-01-01', kind: 'k'.repeat(41) }));
    expect(badDate.statusCode).toBe(400);
    expect(badDate.json().error.issues.map((i: { path: string }) => i.path).sort()).toEqual(['kind', 'validFrom']);
    expect(badDate.json().error.issues.find((i: { path: string }) => i.path === 'validFrom').message).toBe('应为有效日期（YYYY-MM-DD）');
    // Free-text kinds up to 40 characters are fine.
    expect((await t.admin.post(`/api/staff/${u.id}/certificates`, cert({ kind: '个人信息保护培训证书' }))).statusCode).toBe(201);

    const c = (await t.admin.post(`/api/staff/${u.id}/certificates`, cert({ validFrom: '2026-01-01', validUntil: '2026-12-31' }))).json();
    const both = await t.admin.patch(`/api/staff/certificates/${c.id}`, { validFrom: '2027-01-01', validUntil: '2026-06-30' });
    expect(both.statusCode).toBe(400);
    expect(both.json().error.issues[0].path).toBe('validUntil');
    const onlyFrom = await t.admin.patch(`/api/staff/certificates/${c.id}`, { validFrom: '2027-01-01' }, { 'accept-language': 'en' });
    expect(onlyFrom.statusCode).toBe(400);
    expect(onlyFrom.json().error).toMatchObject({ code: 'staff.invalid_validity', issues: [{ path: 'validFrom', message: 'must not be after the valid-until date' }] });
    const onlyUntil = await t.admin.patch(`/api/staff/certificates/${c.id}`, { validUntil: '2025-12-31' });
    expect(onlyUntil.json().error.issues).toEqual([{ path: 'validUntil', message: '到期日不能早于生效日' }]);
    expect((await auditOf(c.id)).map((e) => e.action)).toEqual(['staff_certificate.create']);
  });

  it('an unknown user is a 404 with a message in the request language', async () => {
    const missing = '01900000-0000-7000-8000-000000000000';
    const res = await t.admin.post(`/api/staff/${missing}/certificates`, cert());
    expect(res.statusCode).toBe(404);
    expect(res.json().error).toMatchObject({ code: 'staff.user_not_found', message: '用户不存在' });
    expect((await t.admin.post(`/api/staff/${missing}/trainings`, { course: 'x', completedOn: TODAY, result: 'passed' })).statusCode).toBe(404);
    expect((await t.admin.get(`/api/staff/${missing}/qualifications`, { 'accept-language': 'en' })).json().error.message).toBe('No such user');
  });

  it('a collector cannot manage qualifications but reads their own; nobody else without staff.manage reads them', async () => {
    const me = await t.userWith('collector');
    const other = await t.userWith('collector');
    const supervisor = await t.userWith('supervisor');
    const c = (await t.admin.post(`/api/staff/${me.id}/certificates`, cert())).json();
    const tr = (await t.admin.post(`/api/staff/${me.id}/trainings`, { course: '合规', completedOn: '2026-05-01', result: 'passed' })).json();

    const mine = await me.get(`/api/staff/${me.id}/qualifications`);
    expect(mine.statusCode).toBe(200);
    expect(mine.json().certificates.map((x: Cert) => x.id)).toEqual([c.id]);
    expect(mine.json().trainings.map((x: { id: string }) => x.id)).toEqual([tr.id]);

    for (const [who, client] of [['other collector', other], ['supervisor', supervisor]] as const) {
      const res = await client.get(`/api/staff/${me.id}/qualifications`);
      expect(res.statusCode, who).toBe(403);
      expect(res.body).not.toContain('ZS-2026-0001');
    }
    // Forbidden before the user is looked up: a made-up id is 403 too, not 404.
    expect((await other.get('/api/staff/01900000-0000-7000-8000-000000000000/qualifications')).statusCode).toBe(403);

    const attempts = [
      me.post(`/api/staff/${me.id}/certificates`, cert()),
      me.patch(`/api/staff/certificates/${c.id}`, { validUntil: '2030-01-01' }),
      me.delete(`/api/staff/certificates/${c.id}`),
      me.post(`/api/staff/${me.id}/trainings`, { course: '自学', completedOn: '2026-05-02', result: 'passed' }),
      me.delete(`/api/staff/trainings/${tr.id}`),
      me.get('/api/staff/certificates/expiring'),
    ];
    for (const res of await Promise.all(attempts)) {
      expect(res.statusCode).toBe(403);
      expect(res.json().error.code).toBe('auth.forbidden');
    }
    // Forbidden before the body is validated.
    expect((await me.post(`/api/staff/${me.id}/certificates`, { nonsense: true })).statusCode).toBe(403);
    expect(await certsOf(t.admin, me.id)).toHaveLength(1);
    expect((await auditOf(c.id)).map((e) => e.action)).toEqual(['staff_certificate.create']);
  });

  it('expiring: active users’ certificates due within N days or expired, renewed ones left out, with display names', async () => {
    const a = await t.userWith('collector');
    const b = await t.userWith('field_collector');
    const gone = await t.userWith('collector');
    const post = async (userId: string, over: Record<string, unknown>) => {
      const res = await t.admin.post(`/api/staff/${userId}/certificates`, cert({ validFrom: '2024-01-01', ...over }));
      expect(res.statusCode).toBe(201);
      return res.json() as Cert;
    };
    const aExpired = await post(a.id, { kind: 'qa', number: 'A-QA', validUntil: addDays(TODAY, -10) });
    const aSoon = await post(a.id, { kind: 'collector', number: 'A-COL', validUntil: addDays(TODAY, 12) });
    await post(a.id, { kind: 'field_visit', number: 'A-FV', validUntil: addDays(TODAY, 45) });
    // b's collector certificate expired, but was renewed.
    await post(b.id, { kind: 'collector', number: 'B-OLD', validUntil: addDays(TODAY, -3) });
    await post(b.id, { kind: 'collector', number: 'B-NEW', validUntil: addDays(TODAY, 700) });
    const bSoon = await post(b.id, { kind: 'field_visit', number: 'B-FV', validUntil: addDays(TODAY, 30) });
    // A disabled user's certificates need no renewal.
    await post(gone.id, { kind: 'collector', number: 'G-COL', validUntil: addDays(TODAY, 5) });
    expect((await t.admin.patch(`/api/admin/users/${gone.id}`, { status: 'disabled' })).statusCode).toBe(200);

    const mine = (items: Cert[]) => items.filter((i) => [a.id, b.id, gone.id].includes(i.userId));
    const res = await compliance.get('/api/staff/certificates/expiring');
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({ today: TODAY, days: 30 });
    expect(mine(res.json().items).map((i) => [i.id, i.status])).toEqual([
      [aExpired.id, 'expired'],
      [aSoon.id, 'expiring'],
      [bSoon.id, 'expiring'],
    ]);
    expect(mine(res.json().items)[0]).toMatchObject({ userDisplayName: '测试collector', daysLeft: -10 });

    const wider = (await t.admin.get('/api/staff/certificates/expiring?days=60')).json();
    expect(mine(wider.items).map((i: Cert & { number?: string }) => i.number)).toEqual(['A-QA', 'A-COL', 'B-FV', 'A-FV']);
    const expiredOnly = (await t.admin.get('/api/staff/certificates/expiring?days=0')).json();
    expect(mine(expiredOnly.items).map((i: Cert) => i.id)).toEqual([aExpired.id]);
    const bad = await t.admin.get('/api/staff/certificates/expiring?days=-1');
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error.issues[0].path).toBe('query.days');
  });

  it('agentsFor: every requested user with all certificates and the latest passed training', async () => {
    const a = await t.userWith('collector');
    const b = await t.userWith('collector');
    await t.admin.post(`/api/staff/${a.id}/certificates`, cert({ kind: 'collector', number: 'AG-1', validFrom: '2026-01-01', validUntil: '2027-01-01' }));
    await t.admin.post(`/api/staff/${a.id}/certificates`, cert({ kind: 'field_visit', number: 'AG-2', validFrom: '2025-01-01', validUntil: '2025-12-31' }));
    for (const [completedOn, result] of [
      ['2026-04-01', 'passed'],
      ['2026-09-15', 'passed'],
      ['2026-10-20', 'failed'],
      ['2026-02-01', 'passed'],
    ]) {
      expect((await t.admin.post(`/api/staff/${a.id}/trainings`, { course: `课程 ${completedOn}`, completedOn, result })).statusCode).toBe(201);
    }
    await t.admin.post(`/api/staff/${b.id}/trainings`, { course: '未通过', completedOn: '2026-10-01', result: 'failed' });
    const unknown = '01900000-0000-7000-8000-000000000001';

    const agents = await t.rt.services.staff.agentsFor([a.id, b.id, unknown, a.id]);
    expect(agents).toEqual([
      {
        id: a.id,
        certificates: [
          { kind: 'collector', number: 'AG-1', validFrom: '2026-01-01', validUntil: '2027-01-01' },
          { kind: 'field_visit', number: 'AG-2', validFrom: '2025-01-01', validUntil: '2025-12-31' },
        ],
        lastTrainingOn: '2026-09-15',
      },
      { id: b.id, certificates: [] },
      { id: unknown, certificates: [] },
    ]);
    expect('lastTrainingOn' in agents[1]!).toBe(false);
    expect(await t.rt.services.staff.agentsFor([])).toEqual([]);
  });
});
