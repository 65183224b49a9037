// Synthetic debtors: identity, contact details, addresses and related persons. Pure: faker and the Rng
// are seeded by the caller; personal data stays plain here and is sealed when rows are built.
import type { Faker } from '@faker-js/faker';
import type { AddressKind } from '../../../contracts/cases.js';
import { isRealDate, makeNationalId, type Gender } from '../../../core/person/index.js';
import {
  coordinatesFor,
  householdDetail,
  otherDetail,
  pickDistrict,
  pickHomeProvince,
  pickNearbyDistrict,
  pickResidenceProvince,
  residenceDetail,
  workDetail,
  type District,
} from './demo.geo.js';
import { addDays, shanghaiInstant } from './demo.dates.js';
import type { Rng } from './demo.random.js';

/**
 * Demo national ids use sequence codes 990–999. Real order codes are handed out from 001 upwards per
 * district and birth date, so the 99x range is a recognisable (documented, not guaranteed) fake marker;
 * the id still passes the GB 11643 checksum so validation code paths are exercised.
 */
export const DEMO_ID_SEQUENCE_MIN = 990;

export type PhonePlan = { number: string; status: 'valid' | 'invalid' | 'unknown'; source: string };
export type AddressPlan = District & {
  kind: AddressKind;
  detail: string;
  latitude: number;
  longitude: number;
  verificationStatus: 'verified' | 'unverified' | 'invalid';
  verifiedAt: string | null;
  source: string;
};
export type ContactPlan = {
  fullName: string;
  relationship: string;
  partyRole: 'spouse' | 'emergency_contact' | 'third_party';
  phone: PhonePlan | null;
};
export type PersonPlan = {
  fullName: string;
  gender: Gender;
  birthDate: string;
  nationalId: string;
  preferredLanguage: string;
  employer: string | null;
  occupation: string | null;
  monthlyIncomeMinor: number | null;
  phones: PhonePlan[];
  email: string | null;
  addresses: AddressPlan[];
  contacts: ContactPlan[];
};

const OCCUPATIONS = ['职员', '销售', '司机', '教师', '个体经营', '外卖骑手', '快递员', '工人', '护士', '程序员', '厨师', '保安', '会计', '自由职业', '装修工', '导购'];

function mobile(faker: Faker): string {
  return faker.helpers.fromRegExp(/1[3-9][0-9]{9}/);
}

function birthDateFor(rng: Rng, asOf: string): string {
  const y = Number(asOf.slice(0, 4)) - rng.int(21, 60);
  const m = rng.int(1, 12);
  let d = rng.int(1, 31);
  while (!isRealDate(y, m, d)) d--;
  return `${y}-${String(m).padStart(2, '0')}-${String(d).padStart(2, '0')}`;
}

function languageFor(rng: Rng, residenceProvince: string): string {
  const local: Record<string, readonly [string, number]> = { '44': ['yue', 30], '45': ['yue', 15], '31': ['wuu', 10], '33': ['wuu', 8], '35': ['nan', 10] };
  const extra = local[residenceProvince];
  return rng.weighted([['zh-CN', 90], ['en', 2], ['wuu', 2], ['yue', 2], ...(extra ? [extra] : [])]);
}

function address(rng: Rng, kind: AddressKind, district: District, detail: string, asOf: string): AddressPlan {
  const verificationStatus = rng.weighted([['verified', 35], ['unverified', 55], ['invalid', 10]] as const);
  const verifiedAt = verificationStatus === 'verified' ? shanghaiInstant(addDays(asOf, -rng.int(10, 400)), rng.int(9, 17), rng.int(0, 59)) : null;
  const source = kind === 'other' ? rng.pick(['skip_trace', 'field_visit']) : rng.weighted([['loan_application', 80], ['creditor_update', 20]] as const);
  return { ...district, kind, detail, ...coordinatesFor(rng, district.provinceCode), verificationStatus, verifiedAt, source };
}

function addresses(rng: Rng, home: District, surname: string, asOf: string): AddressPlan[] {
  const residence = rng.chance(0.35) ? pickNearbyDistrict(rng, home) : pickDistrict(rng, pickResidenceProvince(rng, home.provinceCode));
  const work = rng.chance(0.85) ? pickNearbyDistrict(rng, residence) : pickDistrict(rng, residence.provinceCode);
  const out = [
    address(rng, 'residence', residence, residenceDetail(rng), asOf),
    address(rng, 'household_registration', home, householdDetail(rng, surname), asOf),
    address(rng, 'work', work, workDetail(rng), asOf),
  ];
  if (rng.chance(0.25)) out.push(address(rng, 'other', rng.chance(0.5) ? residence : home, otherDetail(rng), asOf));
  return out;
}

function contacts(faker: Faker, rng: Rng, surname: string, gender: Gender, age: number): ContactPlan[] {
  const out: ContactPlan[] = [];
  const phone = (p: number): PhonePlan | null =>
    rng.chance(p) ? { number: mobile(faker), status: rng.weighted([['valid', 75], ['unknown', 20], ['invalid', 5]] as const), source: 'loan_application' } : null;
  if (age >= 24 && rng.chance(0.55)) {
    out.push({ fullName: faker.person.fullName({ sex: gender === 'male' ? 'female' : 'male' }), relationship: '配偶', partyRole: 'spouse', phone: phone(0.8) });
  }
  const kin = rng.weighted([['父亲', 3], ['母亲', 3], ['兄弟', 2], ['姐妹', 2], ['朋友', 2]] as const);
  // Father and siblings share the surname; a mother usually keeps her own.
  const kinSex = kin === '父亲' || kin === '兄弟' ? 'male' : kin === '朋友' ? undefined : 'female';
  const kinName = kin === '母亲' || kin === '朋友' ? faker.person.fullName({ sex: kinSex }) : surname + faker.person.firstName(kinSex);
  if (out.length === 0 || rng.chance(0.7)) out.push({ fullName: kinName, relationship: kin, partyRole: 'emergency_contact', phone: phone(0.8) });
  if (rng.chance(0.45)) {
    out.push({ fullName: faker.person.fullName(), relationship: rng.pick(['同事', '朋友', '同学', '邻居']), partyRole: 'third_party', phone: phone(0.5) });
  }
  return out;
}

/** One synthetic person as of a date. */
export function planPerson(faker: Faker, rng: Rng, asOf: string): PersonPlan {
  const home = pickDistrict(rng, pickHomeProvince(rng));
  const birthDate = birthDateFor(rng, asOf);
  const sequence = rng.int(DEMO_ID_SEQUENCE_MIN, 999);
  const nationalId = makeNationalId(home.districtCode, birthDate, sequence);
  const gender: Gender = sequence % 2 === 1 ? 'male' : 'female';
  const surname = faker.person.lastName();
  const fullName = surname + faker.person.firstName(gender);
  const age = Number(asOf.slice(0, 4)) - Number(birthDate.slice(0, 4));
  const phones: PhonePlan[] = [{ number: mobile(faker), status: rng.weighted([['valid', 85], ['unknown', 10], ['invalid', 5]] as const), source: 'loan_application' }];
  if (rng.chance(0.4)) {
    const second = mobile(faker);
    if (second !== phones[0]!.number) phones.push({ number: second, status: rng.weighted([['valid', 50], ['unknown', 40], ['invalid', 10]] as const), source: rng.pick(['skip_trace', 'creditor_update']) });
  }
  const addrs = addresses(rng, home, surname, asOf);
  const employed = rng.chance(0.9);
  return {
    fullName,
    gender,
    birthDate,
    nationalId,
    preferredLanguage: languageFor(rng, addrs[0]!.provinceCode),
    employer: employed ? faker.company.name() : null,
    occupation: employed ? rng.pick(OCCUPATIONS) : rng.pick(['自由职业', '待业']),
    // Monthly income ¥3,000–¥30,000 in whole hundreds, skewed low; unknown for about one in ten.
    monthlyIncomeMinor: rng.chance(0.9) ? Math.round((3_000 + 27_000 * rng.next() ** 2) / 100) * 100 * 100 : null,
    phones,
    email: rng.chance(0.35) ? faker.internet.exampleEmail() : null,
    addresses: addrs,
    contacts: contacts(faker, rng, surname, gender, age),
  };
}
