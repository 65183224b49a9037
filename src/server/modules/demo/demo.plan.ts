// One debtor's complete demo content, as plain data, from (seed, index, as-of instant) alone.
import { Faker, base, en, zh_CN } from '@faker-js/faker';
import type { Bucket } from '../../../contracts/cases.js';
import { addDays, shanghaiDate, shanghaiInstant } from './demo.dates.js';
import { BUCKET_DPD, PRODUCT_NAMES, PRODUCT_PREFIX, bucketForDpd, pickBucket, pickFirstUnpaidDue, planLoan, type LoanPlan, type Product } from './demo.loans.js';
import { planPerson, type PersonPlan } from './demo.people.js';
import { createRng } from './demo.random.js';

export type CasePlan = {
  bucket: Bucket;
  dpd: number;
  principalDueMinor: number;
  totalDueMinor: number;
  openedAt: string;
  /** False for the share of cases left in the unassigned pool. */
  assign: boolean;
};
export type DebtorPlan = {
  index: number;
  /** 0 or 1: which demo creditor placed the case. */
  creditorIndex: number;
  externalId: string;
  person: PersonPlan;
  loans: LoanPlan[];
  case: CasePlan;
};

/** A private faker with the same locale chain as fakerZH_CN, so reseeding it disturbs nobody else. */
export function createDemoFaker(): Faker {
  return new Faker({ locale: [zh_CN, en, base] });
}

export const demoDebtorExternalId = (seed: number, index: number): string => `DEMO-${seed}-${String(index + 1).padStart(6, '0')}`;

/**
 * The plan for debtor `index` of the portfolio `seed`. Deterministic: the same arguments always give the
 * same plan, whatever was generated before (faker and the Rng are both reseeded from (seed, index)).
 */
export function planDebtor(faker: Faker, seed: number, index: number, now: Date, creditorCount: 1 | 2): DebtorPlan {
  faker.seed([seed, index]);
  const rng = createRng(seed, index);
  const asOf = shanghaiDate(now);
  const person = planPerson(faker, rng, asOf);
  const creditorIndex = creditorCount === 2 && rng.chance(0.4) ? 1 : 0;

  const bucket = pickBucket(rng);
  const [lo, hi] = BUCKET_DPD[bucket];
  const products = [...PRODUCT_NAMES];
  const product = rng.pick(products);
  const loanId = (k: number, p: Product) => `${PRODUCT_PREFIX[p]}-${seed}-${index + 1}-${k + 1}`;
  const loans: LoanPlan[] = [planLoan({ rng, asOf, firstUnpaidDue: pickFirstUnpaidDue(rng, asOf, lo, hi), product, externalLoanId: loanId(0, product) })];
  if (rng.chance(0.35)) {
    // A second loan, never further behind than the first, so the case DPD is the one drawn for its bucket.
    const second = rng.pick(products.filter((p) => p !== product));
    // Any 4 consecutive days include one on or before the 28th, so a DPD of at least 4 always has a due date.
    const first = loans[0]!.dpd;
    const due = first < 4 || rng.chance(0.4) ? pickFirstUnpaidDue(rng, asOf, 0, 0) : pickFirstUnpaidDue(rng, asOf, 1, first);
    loans.push(planLoan({ rng, asOf, firstUnpaidDue: due, product: second, externalLoanId: loanId(1, second) }));
  }

  const dpd = Math.max(...loans.map((l) => l.dpd));
  const principalDueMinor = loans.reduce((s, l) => s + l.outstanding.principalMinor, 0);
  const totalDueMinor = loans.reduce((s, l) => s + l.outstanding.principalMinor + l.outstanding.interestMinor + l.outstanding.penaltyMinor + l.outstanding.feesMinor, 0);
  // Placed with the agency some time after it fell behind (current cases: in the last few days).
  const placedDaysAgo = dpd > 0 ? rng.int(0, Math.min(dpd - 1, 90)) : rng.int(0, 3);
  const candidate = shanghaiInstant(addDays(asOf, -placedDaysAgo), rng.int(9, 17), rng.int(0, 59));
  const nowIso = now.toISOString();
  return {
    index,
    creditorIndex,
    externalId: demoDebtorExternalId(seed, index),
    person,
    loans,
    case: { bucket: bucketForDpd(dpd), dpd, principalDueMinor, totalDueMinor, openedAt: candidate > nowIso ? nowIso : candidate, assign: rng.chance(0.85) },
  };
}
