import { describe, expect, it } from 'vitest';
import { capRate, lprOneYearBp } from './caps.js';
import { LPR_1Y } from './data/lpr.js';
import { DelinquencyError } from './errors.js';
import { ledgerAsOf } from './ledger.js';
import { DEFAULT_POLICY, type PolicyInput } from './policy.js';
import { makeAccount, pay } from './test-factories.js';
import type { Account, Installment } from './types.js';

describe('one-year LPR table', () => {
  it.each([
    ['2019-08-20', 425], ['2019-09-19', 425], ['2019-09-20', 420], ['2019-11-20', 415], ['2020-02-20', 405],
    ['2020-04-20', 385], ['2021-12-19', 385], ['2021-12-20', 380], ['2022-01-20', 370], ['2022-08-22', 365],
    ['2023-06-20', 355], ['2023-08-21', 345], ['2024-03-01', 345], ['2024-07-22', 335], ['2024-10-21', 310],
    ['2025-05-19', 310], ['2025-05-20', 300], ['2026-01-01', 300],
  ])('%s → %i bp', (date, bp) => expect(lprOneYearBp(date)).toBe(bp));

  it('is sorted, starts at the 2019-08-20 reform and has plausible figures', () => {
    expect(LPR_1Y[0]?.effectiveFrom).toBe('2019-08-20');
    for (let i = 1; i < LPR_1Y.length; i++) expect(LPR_1Y[i]!.effectiveFrom > LPR_1Y[i - 1]!.effectiveFrom).toBe(true);
    for (const r of LPR_1Y) expect(r.rateBp).toBeGreaterThan(100);
  });

  it('throws lpr_unavailable before 2019-08-20', () => {
    expect(() => lprOneYearBp('2019-08-19')).toThrow(DelinquencyError);
    const error = (() => {
      try {
        lprOneYearBp('2018-06-01');
      } catch (e) {
        return e;
      }
      return null;
    })();
    expect(error).toMatchObject({ code: 'lpr_unavailable', path: 'account.originationDate' });
    expect(String(error)).toMatch(/no one-year LPR before 2019-08-20.*privateRateBp/);
  });
});

describe('capRate', () => {
  const caps = DEFAULT_POLICY.caps;
  it.each<[string, Partial<Account>, Partial<typeof caps>, object]>([
    ['private 2024-03-01: 4 × 3.45 % = 13.80 %', { lenderType: 'private', originationDate: '2024-03-01' }, {}, { rateBp: 1380, lprBp: 345, source: 'private_4x_lpr', transitional: false }],
    ['private 2020-01-01: 4 × 4.15 %, transitional', { lenderType: 'private', originationDate: '2020-01-01' }, {}, { rateBp: 1660, transitional: true }],
    ['private 2020-08-20: 4 × 3.85 %, not transitional', { lenderType: 'private', originationDate: '2020-08-20' }, {}, { rateBp: 1540, transitional: false }],
    ['private override', { lenderType: 'private', originationDate: '2018-01-01' }, { privateRateBp: 2400 }, { rateBp: 2400, source: 'private_override', lprBp: null }],
    ['licensed default 24 %', { lenderType: 'licensed', originationDate: '2018-01-01' }, {}, { rateBp: 2400, source: 'licensed', lprBp: null }],
    ['licensed configured 36 %', { lenderType: 'licensed' }, { licensedRateBp: 3600 }, { rateBp: 3600 }],
  ])('%s', (_, acct, over, expected) => expect(capRate(makeAccount(acct), { ...caps, ...over })).toMatchObject(expected));
});

// A 10,000-yuan loan (1,000,000 fen) made 2024-03-01, three monthly installments (等额本金-style principal
// 333,333 / 333,333 / 333,334). Contract interest at `monthlyBp` of the opening balance each month.
// Contractual balance per period and days: 1,000,000 × 31 (03-01→04-01), 666,667 × 30 (→05-01), 333,334 × 31 (→06-01).
function loan(lenderType: Account['lenderType'], interest: [number, number, number]): { account: Account; schedule: Installment[] } {
  return {
    account: { id: 'L', currency: 'CNY', principalMinor: 1_000_000, aprBp: 0, originationDate: '2024-03-01', termMonths: 3, lenderType, contractFeesMinor: 0 },
    schedule: [
      { seq: 1, dueDate: '2024-04-01', principalMinor: 333_333, interestMinor: interest[0], feesMinor: 0 },
      { seq: 2, dueDate: '2024-05-01', principalMinor: 333_333, interestMinor: interest[1], feesMinor: 0 },
      { seq: 3, dueDate: '2024-06-01', principalMinor: 333_334, interestMinor: interest[2], feesMinor: 0 },
    ],
  };
}
// 36 % a year = 3 % a month: 30,000 / 666,667 × 3 % = 20,000 / 333,334 × 3 % = 10,000 (rounded to fen).
const at36 = (t: Account['lenderType']) => {
  const l = loan(t, [30_000, 20_000, 10_000]);
  return { ...l, account: { ...l.account, aprBp: 3600 } };
};

describe('private loan contracted 2024-03-01 at 36 % (cap 4 × 3.45 % = 13.80 %)', () => {
  const { account, schedule } = at36('private');

  it.each([
    // cap = ⌊Σ B × 1,380 × days / 3,650,000⌋:
    //   #1 1,000,000 × 1,380 × 31 = 42,780,000,000 → 11,720.55
    //   #2   666,667 × 1,380 × 30 = 27,600,013,800 →  7,561.65  (cumulative 19,282.20)
    //   #3   333,334 × 1,380 × 31 = 14,260,028,520 →  3,906.86  (cumulative 23,189.05)
    ['2024-03-31', 0, 0],
    ['2024-04-01', 11_720, 30_000],
    ['2024-05-01', 19_282, 50_000],
    ['2024-06-01', 23_189, 60_000],
    ['2024-09-01', 23_189, 60_000], // contract interest stops at maturity
  ])('contract track as of %s: cap %i, charged %i', (asOf, cap, chargedMinor) => {
    const { caps } = ledgerAsOf(account, schedule, [], {}, asOf);
    expect(caps.contract).toEqual({ rateBp: 1380, capMinor: cap, chargedMinor, excessMinor: chargedMinor - cap, exceeded: chargedMinor > cap, bookedMinor: chargedMinor });
    expect(caps.aprExceedsCap).toBe(true);
  });

  it('overdue track: penalty at 36 % on unpaid principal, as of 2024-07-01', () => {
    // Days past due through 07-01: #1 91 (04-02…07-01), #2 61, #3 30.
    // cap = ⌊(333,333 × 91 + 333,333 × 61 + 333,334 × 30) × 1,380 / 3,650,000⌋ = ⌊60,666,636 × 1,380 / 3,650,000⌋ = ⌊22,936.97⌋
    // penalty per installment at 3,600 bp: ⌊29,917.78⌋ + ⌊20,054.77⌋ + ⌊9,863.03⌋ = 59,834
    const { caps } = ledgerAsOf(account, schedule, [], { penalty: { rateBp: 3600 } }, '2024-07-01');
    expect(caps.overdue).toEqual({ rateBp: 1380, capMinor: 22_936, chargedMinor: 59_834, excessMinor: 36_898, exceeded: true, bookedMinor: 59_834 });
    expect(caps).toMatchObject({ capMinor: 46_125, chargedMinor: 119_834, excessMinor: 36_811 + 36_898, exceeded: true });
  });

  it('limitToCap books only what the caps allow, so the collectible balance excludes the excess', () => {
    // Contract: cumulative caps 11,720 / 19,282 / 23,189 → interest booked 11,720 / 7,562 / 3,907.
    // Overdue: each installment's own cap ⌊11,468.48⌋ / ⌊7,687.66⌋ / ⌊3,780.83⌋ → 22,935 (≤ the account cap 22,936).
    const l = ledgerAsOf(account, schedule, [], { penalty: { rateBp: 3600 }, caps: { limitToCap: true } }, '2024-07-01');
    expect(l.installments.map((i) => [i.charged.interest, i.charged.penalty])).toEqual([[11_720, 11_468], [7_562, 7_687], [3_907, 3_780]]);
    expect(l.caps.contract).toMatchObject({ capMinor: 23_189, chargedMinor: 60_000, excessMinor: 36_811, bookedMinor: 23_189 });
    expect(l.caps.overdue).toMatchObject({ capMinor: 22_936, chargedMinor: 59_834, bookedMinor: 22_935 });
    expect(l.totals.outstandingMinor).toBe(1_000_000 + 23_189 + 22_935);
  });

  it('a penalty at exactly the cap rate never shows a one-fen excess (both round down)', () => {
    const { caps } = ledgerAsOf(account, schedule, [], { penalty: { rateBp: 1380 } }, '2024-07-01');
    expect(caps.overdue).toMatchObject({ capMinor: 22_936, chargedMinor: 22_935, exceeded: false });
  });

  it('the late fee counts in the overdue track and, when limiting, waits for cap room', () => {
    // One day past due (04-02): #1 cap ⌊333,333 × 1,380 / 3,650,000⌋ = ⌊126.03⌋ = 126; penalty at 36 %: ⌊328.77⌋ = 328.
    const policy: PolicyInput = { penalty: { rateBp: 3600, lateFeeMinor: 50_000 } };
    expect(ledgerAsOf(account, schedule, [], policy, '2024-04-02').caps.overdue).toMatchObject({ capMinor: 126, chargedMinor: 50_328, excessMinor: 50_202 });
    const limited = ledgerAsOf(account, schedule, [], { ...policy, caps: { limitToCap: true } }, '2024-04-02');
    expect(limited.installments[0]?.charged).toMatchObject({ fees: 126, penalty: 0 });
  });

  it('limiting keeps the waterfall honest: payments never meet the excess', () => {
    // Pay exactly the booked #1 amount on its due date: 11,720 interest + 333,333 principal.
    const l = ledgerAsOf(account, schedule, [pay('P1', 345_053, '2024-04-01')], { caps: { limitToCap: true } }, '2024-04-01');
    expect(l.installments[0]?.status).toBe('paid');
    expect(l.creditMinor).toBe(0);
  });
});

describe('licensed lender, default cap 24 %', () => {
  // cap = ⌊(1,000,000 × 31 + 666,667 × 30 + 333,334 × 31) × 2,400 / 3,650,000⌋ = ⌊40,328.79⌋ = 40,328
  it('18 % (1.5 % a month: 15,000 / 10,000 / 5,000 = 30,000) is under', () => {
    const { account, schedule } = loan('licensed', [15_000, 10_000, 5_000]);
    const { caps } = ledgerAsOf({ ...account, aprBp: 1800 }, schedule, [], {}, '2024-06-01');
    expect(caps.contract).toMatchObject({ rateBp: 2400, capMinor: 40_328, chargedMinor: 30_000, excessMinor: 0, exceeded: false });
    expect(caps.aprExceedsCap).toBe(false);
  });

  it('36 % (60,000) is over by 19,672', () => {
    const { account, schedule } = at36('licensed');
    const { caps } = ledgerAsOf(account, schedule, [], {}, '2024-06-01');
    expect(caps.contract).toMatchObject({ capMinor: 40_328, chargedMinor: 60_000, excessMinor: 19_672, exceeded: true });
    expect(caps).toMatchObject({ source: 'licensed', lprBp: null, transitional: false, exceeded: true });
  });

  it('overdue: 18 % penalty is under, 36 % is over (cap ⌊60,666,636 × 2,400 / 3,650,000⌋ = 39,890)', () => {
    const { account, schedule } = loan('licensed', [15_000, 10_000, 5_000]);
    // 18 %: ⌊14,958.89⌋ + ⌊10,027.39⌋ + ⌊4,931.52⌋ = 29,916
    expect(ledgerAsOf(account, schedule, [], { penalty: { rateBp: 1800 } }, '2024-07-01').caps.overdue).toMatchObject({ capMinor: 39_890, chargedMinor: 29_916, exceeded: false });
    expect(ledgerAsOf(account, schedule, [], { penalty: { rateBp: 3600 } }, '2024-07-01').caps.overdue).toMatchObject({ capMinor: 39_890, chargedMinor: 59_834, excessMinor: 19_944 });
  });

  it('the cap rate is configurable: at 36 % the same loan is within (cap ⌊60,493.18⌋)', () => {
    const { account, schedule } = at36('licensed');
    expect(ledgerAsOf(account, schedule, [], { caps: { licensedRateBp: 3600 } }, '2024-06-01').caps.contract).toMatchObject({ capMinor: 60_493, exceeded: false });
  });
});

describe('contract dates before the LPR series', () => {
  const { account, schedule } = at36('private');
  const old = { ...account, originationDate: '2019-03-01' };
  const oldSchedule = schedule.map((s, i) => ({ ...s, dueDate: ['2019-04-01', '2019-05-01', '2019-06-01'][i]! }));

  it('a private contract of 2019-03-01 throws lpr_unavailable', () => {
    expect(() => ledgerAsOf(old, oldSchedule, [], {}, '2019-07-01')).toThrow(/no one-year LPR before 2019-08-20/);
  });

  it('works with an explicit privateRateBp', () => {
    expect(ledgerAsOf(old, oldSchedule, [], { caps: { privateRateBp: 2400 } }, '2019-07-01').caps).toMatchObject({ rateBp: 2400, source: 'private_override' });
  });

  it('a licensed contract of the same date needs no LPR', () => {
    expect(ledgerAsOf({ ...old, lenderType: 'licensed' }, oldSchedule, [], {}, '2019-07-01').caps.rateBp).toBe(2400);
  });
});
