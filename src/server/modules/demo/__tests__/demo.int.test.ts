import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { make } from '../../../../../test/factories.js';
import { createTestDb, testDatabases, type TestDb } from '../../../../../test/db.js';
import { buckets } from '../../../../contracts/cases.js';
import { isChinaMobile, validateNationalId } from '../../../../core/person/index.js';
import type { Db } from '../../../db/database.js';
import { fakeClock } from '../../../platform/clock.js';
import { AppError } from '../../../platform/errors.js';
import { newId } from '../../../platform/ids.js';
import { createPiiCipher, maskNationalId, maskPhone, type PiiCipher, type PiiKind } from '../../../platform/pii.js';
import { DEMO_CREDITORS, DEMO_ID_SEQUENCE_MIN, bucketForDpd, generateDemoPortfolio, type DemoResult } from '../index.js';

const AS_OF = '2026-11-28';
const N = 200;
const SEED = 20261128;
const TABLES = ['debtor', 'contact_person', 'phone', 'email_address', 'address', 'collection_case', 'debt_account', 'installment', 'payment'] as const;
const ENC: Record<string, Record<string, PiiKind>> = {
  debtor: { national_id_enc: 'national_id' },
  phone: { number_enc: 'phone' },
  email_address: { address_enc: 'email' },
  address: { detail_enc: 'address' },
};
type Row = Record<string, unknown>;

async function allRows(db: Db, table: (typeof TABLES)[number] | 'creditor'): Promise<Row[]> {
  return (await db.selectFrom(table).selectAll().execute()) as Row[];
}

/** Users belong to the identity module; the test only needs rows the foreign key accepts. */
async function insertUsers(db: Db, n: number): Promise<string[]> {
  const now = new Date().toISOString();
  const ids = Array.from({ length: n }, () => newId());
  await db
    .insertInto('app_user')
    .values(ids.map((id, i) => ({ id, username: `demo-test-${id}`, display_name: `催收员${i}`, password_hash: 'x', role: 'collector', team_id: null, creditor_id: null, locale: 'zh-CN', status: 'active', failed_logins: 0, locked_until: null, last_login_at: null, created_at: now, updated_at: now })))
    .execute();
  return ids;
}

/**
 * Everything a portfolio says, with ids replaced by natural keys (creditor code, debtor external id, loan id, …),
 * ciphertexts replaced by their plaintext and assignees by their position in the lists given to the generator.
 */
async function contentOf(db: Db, pii: PiiCipher, assignees: { users: string[]; teams: string[] }): Promise<Record<string, string[]>> {
  const label = new Map<string, string>();
  for (const c of await allRows(db, 'creditor')) label.set(c.id as string, `creditor:${String(c.code)}`);
  assignees.users.forEach((id, i) => label.set(id, `user#${i}`));
  assignees.teams.forEach((id, i) => label.set(id, `team#${i}`));
  const out: Record<string, string[]> = {};
  for (const table of TABLES) {
    const rows = await allRows(db, table);
    // Natural keys first, so children can refer to them.
    for (const r of rows) {
      const key =
        table === 'debtor' ? `debtor:${String(r.external_id)}`
        : table === 'debt_account' ? `loan:${String(r.external_loan_id)}`
        : table === 'collection_case' ? `case:${label.get(r.debtor_id as string)!}`
        : table === 'contact_person' ? `contact:${label.get(r.debtor_id as string)!}:${String(r.full_name)}:${String(r.relationship)}`
        : null;
      if (key) label.set(r.id as string, key);
    }
    out[table] = rows
      .map((r) => {
        const c: Row = {};
        for (const [k, v] of Object.entries(r)) {
          if (k === 'id') continue;
          const kind = ENC[table]?.[k];
          c[k] = kind && typeof v === 'string' ? pii.decrypt(kind, v) : typeof v === 'string' && label.has(v) ? label.get(v) : v;
        }
        return JSON.stringify(c);
      })
      .sort();
  }
  return out;
}

// Independent re-statements of the rules in demo.loans.ts.
const daysBetween = (a: string, b: string) => Math.round((Date.parse(b) - Date.parse(a)) / 86_400_000);

describe.each(testDatabases())('demo portfolio on %s', (kind) => {
  const pii = createPiiCipher(randomBytes(32));
  const clock = fakeClock('2026-11-28T02:00:00Z');
  let a: TestDb;
  let b: TestDb;
  let c: TestDb;
  let result: DemoResult;
  let assignA: { users: string[]; teams: string[] };

  beforeAll(async () => {
    [a, b, c] = await Promise.all([createTestDb(kind), createTestDb(kind), createTestDb(kind)]);
    assignA = { users: await insertUsers(a.db, 3), teams: [(await make.team(a.db)).id, (await make.team(a.db)).id] };
    result = await generateDemoPortfolio({ db: a.db, pii, clock }, { debtors: N, seed: SEED, assign: { userIds: assignA.users, teamIds: assignA.teams } });
  });
  afterAll(async () => {
    await Promise.all([a?.drop(), b?.drop(), c?.drop()]);
  });

  it('creates two labelled demo creditors and reports what it inserted', async () => {
    const count = async (t: (typeof TABLES)[number]) => (await allRows(a.db, t)).length;
    expect(result).toEqual({ creditors: 2, debtors: N, cases: N, accounts: await count('debt_account'), payments: await count('payment') });
    expect(await count('debtor')).toBe(N);
    expect(await count('collection_case')).toBe(N);
    expect(result.accounts).toBeGreaterThanOrEqual(N);
    expect(result.accounts).toBeLessThanOrEqual(2 * N);
    expect(result.payments).toBeGreaterThan(N);
    const creditors = await a.db.selectFrom('creditor').select(['code', 'name', 'currency', 'time_zone']).orderBy('code').execute();
    expect(creditors.map((r) => r.code)).toEqual(['DEMO-A', 'DEMO-B']);
    for (const r of creditors) expect(r.name).toMatch(/^演示.*（虚构）$/);
  });

  it('fills debtor profiles: 1–3 contacts, income in whole yuan, mostly zh-CN, 1–2 loans per case', async () => {
    const debtors = await allRows(a.db, 'debtor');
    const contacts = await allRows(a.db, 'contact_person');
    const accounts = await allRows(a.db, 'debt_account');
    for (const d of debtors) {
      const mine = contacts.filter((x) => x.debtor_id === d.id);
      expect(mine.length).toBeGreaterThanOrEqual(1);
      expect(mine.length).toBeLessThanOrEqual(3);
      for (const cp of mine) expect(['配偶', '父亲', '母亲', '兄弟', '姐妹', '朋友', '同事', '同学', '邻居']).toContain(cp.relationship);
      expect(mine.filter((x) => x.party_role === 'spouse').every((x) => x.relationship === '配偶')).toBe(true);
      if (d.monthly_income_minor !== null) expect((d.monthly_income_minor as number) % 100).toBe(0);
      expect(d.full_name).toMatch(/^\p{Script=Han}{2,4}$/u);
      const loans = accounts.filter((x) => x.debtor_id === d.id);
      expect(loans.length === 1 || loans.length === 2).toBe(true);
    }
    const zh = debtors.filter((d) => d.preferred_language === 'zh-CN').length;
    expect(zh).toBeGreaterThan(N * 0.7);
    expect(zh).toBeLessThan(N);
    expect(debtors.filter((d) => d.employer !== null).length).toBeGreaterThan(N / 2);
  });

  it('gives every debtor residence, household registration and work addresses from real divisions', async () => {
    const addresses = await allRows(a.db, 'address');
    const kinds = new Map<string, Set<string>>();
    for (const ad of addresses) {
      const set = kinds.get(ad.debtor_id as string) ?? new Set<string>();
      set.add(ad.kind as string);
      kinds.set(ad.debtor_id as string, set);
      expect(ad.district_code).toMatch(/^\d{6}$/);
      expect((ad.district_code as string).startsWith(ad.city_code as string)).toBe(true);
      expect((ad.city_code as string).startsWith(ad.province_code as string)).toBe(true);
      expect(ad.region_text).toMatch(/^.+(省|市|自治区).+$/);
      expect(ad.latitude as number).toBeGreaterThan(18);
      expect(ad.latitude as number).toBeLessThan(54);
      expect(ad.longitude as number).toBeGreaterThan(73);
      expect(ad.longitude as number).toBeLessThan(136);
      expect(pii.decrypt('address', ad.detail_enc as string)).toMatch(/\d/);
    }
    expect(kinds.size).toBe(N);
    for (const set of kinds.values()) for (const k of ['residence', 'household_registration', 'work']) expect(set.has(k)).toBe(true);
    expect([...kinds.values()].filter((s) => s.has('other')).length).toBeGreaterThan(0);
  });

  it('stores national ids that pass GB 11643, agree with the debtor row and carry the demo sequence', async () => {
    const hukou = new Map((await allRows(a.db, 'address')).filter((r) => r.kind === 'household_registration').map((r) => [r.debtor_id, r.district_code]));
    for (const d of await allRows(a.db, 'debtor')) {
      const id = pii.decrypt('national_id', d.national_id_enc as string);
      const v = validateNationalId(id, AS_OF);
      expect(v).toEqual({ ok: true, birthDate: d.birth_date, gender: d.gender, regionCode: hukou.get(d.id) });
      expect(Number(id.slice(14, 17))).toBeGreaterThanOrEqual(DEMO_ID_SEQUENCE_MIN);
      expect(d.national_id_hash).toBe(pii.lookupHash('national_id', id));
      expect(d.national_id_masked).toBe(maskNationalId(id));
      expect(d.time_zone).toBe('Asia/Shanghai');
    }
  });

  it('stores valid mobiles with their lookup hash, for debtors and some contacts', async () => {
    const phones = await allRows(a.db, 'phone');
    expect(phones.length).toBeGreaterThanOrEqual(N);
    for (const p of phones) {
      const plain = pii.decrypt('phone', p.number_enc as string);
      expect(isChinaMobile(plain)).toBe(true);
      expect(p.number_hash).toBe(pii.lookupHash('phone', plain));
      expect(p.number_masked).toBe(maskPhone(plain));
    }
    expect(phones.some((p) => p.contact_person_id !== null)).toBe(true);
    const debtorsWithOwnPhone = new Set(phones.filter((p) => p.contact_person_id === null).map((p) => p.debtor_id));
    expect(debtorsWithOwnPhone.size).toBe(N);
  });

  it('never stores a phone, national id, email or street detail in plain text', async () => {
    const plains: string[] = [];
    for (const [table, cols] of Object.entries(ENC)) {
      for (const r of await allRows(a.db, table as (typeof TABLES)[number])) for (const [col, k] of Object.entries(cols)) plains.push(pii.decrypt(k, r[col] as string));
    }
    expect(plains.length).toBeGreaterThan(4 * N);
    for (const table of [...TABLES, 'creditor'] as const) {
      const text = (await allRows(a.db, table))
        .flatMap((r) => Object.entries(r).filter(([k]) => !k.endsWith('_enc')).map(([, v]) => String(v)))
        .join('\u0000');
      const leaked = plains.filter((p) => text.includes(p));
      expect(leaked, `plaintext in ${table}`).toEqual([]);
    }
  });

  it('spreads cases over the buckets with DPD, bucket and balances consistent with loans', async () => {
    const cases = await allRows(a.db, 'collection_case');
    const accounts = await allRows(a.db, 'debt_account');
    const seen = new Set(cases.map((r) => r.bucket));
    for (const bkt of buckets.slice(1)) expect(seen.has(bkt), bkt).toBe(true);
    for (const cs of cases) {
      const mine = accounts.filter((x) => x.case_id === cs.id);
      expect(mine.length).toBeGreaterThanOrEqual(1);
      expect(cs.dpd).toBe(Math.max(...mine.map((x) => x.dpd as number)));
      expect(cs.bucket).toBe(bucketForDpd(cs.dpd as number));
      const sum = (f: (x: Row) => number) => mine.reduce((s, x) => s + f(x), 0);
      expect(cs.principal_due_minor).toBe(sum((x) => x.outstanding_principal_minor as number));
      expect(cs.total_due_minor).toBe(sum((x) => (x.outstanding_principal_minor as number) + (x.outstanding_interest_minor as number) + (x.outstanding_penalty_minor as number) + (x.outstanding_fees_minor as number)));
      expect(cs).toMatchObject({ status: 'open', currency: 'CNY' });
      expect((cs.opened_at as string) <= '2026-11-28T02:00:00.000Z').toBe(true);
    }
  });

  it('has schedules that amortise the principal and payments that match what was paid', async () => {
    const accounts = await allRows(a.db, 'debt_account');
    const installments = await allRows(a.db, 'installment');
    const payments = await allRows(a.db, 'payment');
    for (const acc of accounts) {
      const sched = installments.filter((i) => i.debt_account_id === acc.id).sort((x, y) => (x.seq as number) - (y.seq as number));
      const pays = payments.filter((p) => p.debt_account_id === acc.id);
      const principal = acc.principal_minor as number;
      expect(principal).toBeGreaterThanOrEqual(100_000);
      expect(principal).toBeLessThanOrEqual(8_000_000);
      expect(acc.apr_bp as number).toBeLessThanOrEqual(2400);
      expect(acc.term_months as number).toBeGreaterThanOrEqual(3);
      expect(acc.term_months as number).toBeLessThanOrEqual(24);
      expect((acc.origination_date as string) < AS_OF).toBe(true);
      expect(sched.map((i) => i.seq)).toEqual(Array.from({ length: acc.term_months as number }, (_, k) => k + 1));
      expect(sched.reduce((s, i) => s + (i.principal_minor as number), 0)).toBe(principal);
      const paid = sched.reduce((s, i) => s + (i.paid_minor as number), 0);
      expect(pays.reduce((s, p) => s + (p.amount_minor as number), 0)).toBe(paid);
      for (const p of pays) {
        expect((p.paid_on as string) > (acc.origination_date as string) && (p.paid_on as string) <= AS_OF).toBe(true);
        expect(['银行转账', '支付宝', '微信']).toContain(p.channel);
      }
      // Interest before principal within an installment; the oldest unpaid installment due before today sets the DPD.
      let principalRepaid = 0;
      let oldestUnpaid: string | undefined;
      for (const i of sched) {
        const amount = (i.principal_minor as number) + (i.interest_minor as number);
        const p = i.paid_minor as number;
        principalRepaid += Math.max(0, p - (i.interest_minor as number));
        expect(i.status).toBe(p >= amount ? 'paid' : p > 0 ? 'partial' : (i.due_date as string) < AS_OF ? 'overdue' : 'due');
        if (!oldestUnpaid && p < amount && (i.due_date as string) < AS_OF) oldestUnpaid = i.due_date as string;
      }
      expect(acc.outstanding_principal_minor).toBe(principal - principalRepaid);
      expect(acc.dpd).toBe(oldestUnpaid ? daysBetween(oldestUnpaid, AS_OF) : 0);
      expect((acc.outstanding_penalty_minor as number) > 0).toBe((acc.dpd as number) > 0);
    }
  });

  it('assigns most cases round-robin and leaves some unassigned', async () => {
    const cases = await a.db.selectFrom('collection_case').innerJoin('debtor', 'debtor.id', 'collection_case.debtor_id').select(['debtor.external_id', 'assigned_user_id', 'assigned_team_id']).orderBy('debtor.external_id').execute();
    const assigned = cases.filter((r) => r.assigned_user_id !== null);
    expect(assigned.length).toBeGreaterThan(N / 2);
    expect(assigned.length).toBeLessThan(N);
    assigned.forEach((r, j) => {
      expect(r.assigned_user_id).toBe(assignA.users[j % 3]);
      expect(r.assigned_team_id).toBe(assignA.teams[j % 2]);
    });
    for (const r of cases.filter((x) => x.assigned_user_id === null)) expect(r.assigned_team_id).toBeNull();
  });

  it('generates identical content for the same seed and clock, and different content for another seed', async () => {
    const assignB = { users: await insertUsers(b.db, 3), teams: [(await make.team(b.db)).id, (await make.team(b.db)).id] };
    await generateDemoPortfolio({ db: b.db, pii, clock }, { debtors: N, seed: SEED, assign: { userIds: assignB.users, teamIds: assignB.teams } });
    const contentA = await contentOf(a.db, pii, assignA);
    const contentB = await contentOf(b.db, pii, assignB);
    expect(contentB).toEqual(contentA);

    await generateDemoPortfolio({ db: c.db, pii, clock }, { debtors: N, seed: SEED + 1 });
    const contentC = await contentOf(c.db, pii, { users: [], teams: [] });
    const nationalIds = (x: Record<string, string[]>) => new Set(x.debtor!.map((r) => (JSON.parse(r) as Row).national_id_enc as string));
    const idsA = nationalIds(contentA);
    const overlap = [...nationalIds(contentC)].filter((id) => idsA.has(id));
    expect(overlap.length).toBeLessThan(5);
    expect(contentC.installment).not.toEqual(contentA.installment);
  });

  it('reuses existing creditors and skips debtors that already exist; tops up new ones', async () => {
    const again = await generateDemoPortfolio({ db: a.db, pii, clock }, { debtors: N, seed: SEED });
    expect(again).toEqual({ creditors: 0, debtors: 0, cases: 0, accounts: 0, payments: 0 });
    const more = await generateDemoPortfolio({ db: a.db, pii, clock }, { debtors: N + 5, seed: SEED, creditors: 1 });
    expect(more).toMatchObject({ creditors: 0, debtors: 5, cases: 5 });
    const codes = await a.db.selectFrom('creditor').select('code').where('code', 'in', DEMO_CREDITORS.map((x) => x.code)).execute();
    expect(codes).toHaveLength(2);
    expect((await allRows(a.db, 'debtor')).length).toBe(N + 5);
    const latest = await a.db.selectFrom('debtor').innerJoin('creditor', 'creditor.id', 'debtor.creditor_id').select(['external_id', 'code']).where('external_id', '>', `DEMO-${SEED}-000200`).execute();
    expect(latest.map((r) => r.code)).toEqual(Array(5).fill('DEMO-A'));
  });

  it('rejects invalid options', async () => {
    for (const opts of [{ debtors: -1, seed: 1 }, { debtors: 1.5, seed: 1 }, { debtors: 1, seed: -3 }, { debtors: 1, seed: 1, creditors: 3 as 1 }]) {
      await expect(generateDemoPortfolio({ db: c.db, pii, clock }, opts)).rejects.toSatisfy((e) => e instanceof AppError && e.code === 'demo.invalid_options');
    }
  });
});
