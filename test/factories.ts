// Factories for integration tests (DESIGN §5): each call inserts fresh, minimal, valid rows and returns
// what the test needs. No shared fixtures; unique keys come from new ids. Personal data goes through the
// PiiCipher exactly as production code stores it. Users belong to the identity module and are not made here.
import { randomInt } from 'node:crypto';
import type { Insertable, Kysely } from 'kysely';
import type { Bucket } from '../src/contracts/cases.js';
import { makeNationalId } from '../src/core/person/index.js';
import type { DB } from '../src/server/db/schema.js';
import { bucketForDpd } from '../src/server/modules/demo/index.js';
import type { Clock } from '../src/server/platform/clock.js';
import { newId } from '../src/server/platform/ids.js';
import type { PiiCipher } from '../src/server/platform/pii.js';

type Db = Kysely<DB>;
type CreditorRow = Insertable<DB['creditor']>;
type TeamRow = Insertable<DB['team']>;

const suffix = () => newId().replaceAll('-', '').slice(-10);

/** A random valid mainland mobile number (1[3-9] + 9 digits). */
export const randomMobile = (): string => `1${randomInt(3, 10)}${String(randomInt(0, 1_000_000_000)).padStart(9, '0')}`;

export type DebtorWithCaseInput = {
  creditorId: string;
  assignedUserId?: string | null;
  assignedTeamId?: string | null;
  fullName?: string;
  gender?: 'male' | 'female';
  birthDate?: string;
  /** Plain national id; default: a checksum-valid id for the birth date. */
  nationalId?: string;
  /** Plain mobile number; default: a random valid one. */
  phone?: string;
  /** Street detail of the residence address. */
  addressDetail?: string;
  regionText?: string;
  dpd?: number;
  /** Default: from dpd (M1 = 1–30 …). */
  bucket?: Bucket;
  principalMinor?: number;
  status?: 'open' | 'paid' | 'closed' | 'recalled';
  externalId?: string;
  preferredLanguage?: string;
  timeZone?: string;
};

export type DebtorWithCase = {
  debtorId: string;
  caseId: string;
  accountId: string;
  phoneId: string;
  addressId: string;
  /** The plain values that were sealed, for assertions. */
  plain: { nationalId: string; phone: string; addressDetail: string };
};

export const make = {
  async creditor(db: Db, overrides: Partial<CreditorRow> = {}): Promise<CreditorRow & { id: string }> {
    const now = new Date().toISOString();
    const s = suffix();
    const row = { id: newId(), code: `T-${s}`, name: `测试委托方 ${s}`, time_zone: 'Asia/Shanghai', currency: 'CNY', status: 'active' as const, rule_pack_set: 'cn-default', created_at: now, updated_at: now, ...overrides };
    await db.insertInto('creditor').values(row).execute();
    return row;
  },

  async team(db: Db, overrides: Partial<TeamRow> = {}): Promise<TeamRow & { id: string }> {
    const now = new Date().toISOString();
    const row = { id: newId(), name: `测试小组 ${suffix()}`, kind: 'phone' as const, created_at: now, updated_at: now, ...overrides };
    await db.insertInto('team').values(row).execute();
    return row;
  },

  /** A debtor with one mobile, one residence address, one open case and one debt account (no schedule). */
  async debtorWithCase(db: Db, pii: PiiCipher, clock: Clock, input: DebtorWithCaseInput): Promise<DebtorWithCase> {
    const now = clock.now().toISOString();
    const birthDate = input.birthDate ?? '1990-05-17';
    const gender = input.gender ?? 'male';
    const nationalId = input.nationalId ?? makeNationalId('110105', birthDate, gender === 'male' ? 991 : 990);
    const phone = input.phone ?? randomMobile();
    const addressDetail = input.addressDetail ?? '朝阳路88号3栋502';
    const dpd = input.dpd ?? 35;
    const principal = input.principalMinor ?? 1_000_000;
    const ids = { debtorId: newId(), caseId: newId(), accountId: newId(), phoneId: newId(), addressId: newId() };
    const nid = pii.seal('national_id', nationalId);
    const ph = pii.seal('phone', phone);
    const addr = pii.seal('address', addressDetail);
    await db.transaction().execute(async (trx) => {
      await trx
        .insertInto('debtor')
        .values({
          id: ids.debtorId, creditor_id: input.creditorId, external_id: input.externalId ?? `EXT-${suffix()}`, full_name: input.fullName ?? '测试债务人',
          gender, birth_date: birthDate, national_id_enc: nid.enc, national_id_hash: nid.hash, national_id_masked: nid.masked,
          time_zone: input.timeZone ?? 'Asia/Shanghai', preferred_language: input.preferredLanguage ?? 'zh-CN', employer: null, occupation: null,
          monthly_income_minor: null, currency: 'CNY', created_at: now, updated_at: now,
        })
        .execute();
      await trx
        .insertInto('phone')
        .values({ id: ids.phoneId, debtor_id: ids.debtorId, contact_person_id: null, kind: 'mobile', number_enc: ph.enc, number_hash: ph.hash, number_masked: ph.masked, status: 'valid', source: 'test', created_at: now })
        .execute();
      await trx
        .insertInto('address')
        .values({
          id: ids.addressId, debtor_id: ids.debtorId, contact_person_id: null, kind: 'residence', province_code: '11', city_code: '1101', district_code: '110105',
          region_text: input.regionText ?? '北京市朝阳区', detail_enc: addr.enc, detail_masked: addr.masked, latitude: 39.92, longitude: 116.44,
          verification_status: 'unverified', verified_at: null, source: 'test', created_at: now,
        })
        .execute();
      await trx
        .insertInto('collection_case')
        .values({
          id: ids.caseId, creditor_id: input.creditorId, debtor_id: ids.debtorId, status: input.status ?? 'open', bucket: input.bucket ?? bucketForDpd(dpd), dpd,
          principal_due_minor: principal, total_due_minor: principal, currency: 'CNY', assigned_user_id: input.assignedUserId ?? null,
          assigned_team_id: input.assignedTeamId ?? null, priority_score: null, next_action_at: null, opened_at: now, created_at: now, updated_at: now,
        })
        .execute();
      await trx
        .insertInto('debt_account')
        .values({
          id: ids.accountId, case_id: ids.caseId, debtor_id: ids.debtorId, creditor_id: input.creditorId, external_loan_id: `LOAN-${suffix()}`, product: '现金贷',
          lender_type: 'licensed', currency: 'CNY', principal_minor: principal, apr_bp: 1800, origination_date: '2026-01-15', term_months: 12,
          outstanding_principal_minor: principal, outstanding_interest_minor: 0, outstanding_penalty_minor: 0, outstanding_fees_minor: 0, dpd, created_at: now, updated_at: now,
        })
        .execute();
    });
    return { ...ids, plain: { nationalId, phone, addressDetail } };
  },
};
