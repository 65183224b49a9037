import { describe, expect, it } from 'vitest';
import { assessAffordability, planAffordability, type AffordabilityInput } from './affordability.js';
import { DEFAULT_ALLOWANCES } from './allowances.js';
import { NegotiationError } from './errors.js';

const base: AffordabilityInput = {
  currency: 'CNY', region: 'CN-urban', household: { adults: 2, children: 1 }, otherDebtPaymentsMinor: 150_000, lumpSumAvailableMinor: 500_000,
  incomes: [{ kind: 'salary', monthlyMinor: 800_000, verification: 'verified', source: 'payslip 2026-10' }],
};

describe('allowances (NBS 2024 per-capita consumption / 12, OECD-modified scale)', () => {
  it('derive from the published annual figures', () => {
    expect(DEFAULT_ALLOWANCES.map((r) => [r.region, r.firstAdultMinor, r.additionalAdultMinor, r.childMinor])).toEqual([
      ['CN', 235_225, 117_613, 70_568], // 28,227 / 12 = 2,352.25; × 0.5 = 1,176.125; × 0.3 = 705.675
      ['CN-urban', 287_975, 143_988, 86_393], // 34,557 / 12 = 2,879.75
      ['CN-rural', 160_667, 80_333, 48_200], // 19,280 / 12 = 1,606.67
    ]);
  });
});

describe('assessAffordability', () => {
  it('verified ¥8,000, urban household of 2 + 1, ¥1,500 other debts → ¥1,316.44 disposable, ¥658.22 a month', () => {
    const a = assessAffordability(base);
    expect(a).toMatchObject({
      incomeMinor: 800_000, allowanceMinor: 518_356, essentialExpensesMinor: 518_356, expenseBasis: 'allowance', householdSize: 3,
      disposableMinor: 131_644, maxAffordableMinor: 65_822, debtToIncomeBp: 1_875, lumpSumAvailableMinor: 500_000, flags: [],
    });
    expect(a.summary.en).toContain('Monthly income ¥8,000.00 (verified)');
    expect(a.summary.en).toContain('up to ¥658.22 a month');
    expect(a.summary['zh-CN']).toContain('每月最多可还 ¥658.22');
    expect(a.summary['zh-CN']).toContain('城镇3口之家必要支出标准 ¥5,183.56');
  });

  it('stated income weighted, stated essentials above the allowance used and flagged', () => {
    const a = assessAffordability(
      { ...base, region: 'CN', household: { adults: 1 }, otherDebtPaymentsMinor: 0, statedEssentialMinor: 300_000, lumpSumAvailableMinor: undefined,
        incomes: [{ kind: 'salary', monthlyMinor: 200_000, verification: 'verified' }, { kind: 'business', monthlyMinor: 500_000, verification: 'stated' }] },
      { allowances: DEFAULT_ALLOWANCES, affordableShareBp: 4_000, statedIncomeWeightBp: 8_000, expenseRule: 'higher' },
    );
    // 200,000 + 80 % × 500,000 = 600,000; essentials max(235,225, 300,000); 40 % of 300,000.
    expect(a).toMatchObject({ incomeMinor: 600_000, essentialExpensesMinor: 300_000, expenseBasis: 'stated', disposableMinor: 300_000, maxAffordableMinor: 120_000, lumpSumAvailableMinor: null });
    expect(a.flags).toEqual(['income_unverified', 'stated_expenses_above_allowance']);
    expect(a.summary.en).toContain('partly unverified');
  });

  it('stated essentials below the allowance: the allowance applies (rule "higher")', () => {
    expect(assessAffordability({ ...base, statedEssentialMinor: 100_000 }).essentialExpensesMinor).toBe(518_356);
  });

  it('no room: negative disposable → 0 a month, flagged, summary suggests deferral', () => {
    const a = assessAffordability({ ...base, incomes: [{ kind: 'benefits', monthlyMinor: 300_000, verification: 'stated' }] });
    expect(a.disposableMinor).toBe(300_000 - 518_356 - 150_000);
    expect(a.maxAffordableMinor).toBe(0);
    expect(a.flags).toContain('disposable_negative');
    expect(a.summary.en).toContain('no room for monthly payments');
    expect(a.summary['zh-CN']).toContain('暂缓还款');
  });

  it('no income → DTI null', () => {
    const a = assessAffordability({ ...base, incomes: [] });
    expect(a.debtToIncomeBp).toBeNull();
    expect(a.flags).toContain('no_income');
  });

  it('rejects an unknown region, a currency mismatch and bad numbers', () => {
    expect(() => assessAffordability({ ...base, region: 'XX' })).toThrow(NegotiationError);
    expect(() => assessAffordability({ ...base, currency: 'USD' })).toThrow(/currency/);
    expect(() => assessAffordability({ ...base, household: { adults: 0 } })).toThrow(/household.adults/);
    expect(() => assessAffordability({ ...base, incomes: [{ kind: 'salary', monthlyMinor: -1, verification: 'verified' }] })).toThrow(/incomes\[0\]/);
  });
});

describe('planAffordability', () => {
  const a = assessAffordability(base);
  it('within capacity: affordable, DTI with the plan', () => {
    const fit = planAffordability(a, 60_000);
    expect(fit).toMatchObject({ affordable: true, debtToIncomeWithPlanBp: 2_625 }); // (1,500 + 600) / 8,000
    expect(fit.verdict.en).toBe('Affordable: the highest installment, ¥600.00, is within the ¥658.22 a month the debtor can pay; with this plan, debt payments take 26.25% of income.');
    expect(fit.summary.en.startsWith(a.summary.en)).toBe(true);
  });
  it('above capacity: not affordable, names the gap', () => {
    const fit = planAffordability(a, 70_000);
    expect(fit.affordable).toBe(false);
    expect(fit.verdict.en).toContain('exceeds the ¥658.22 a month the debtor can pay by ¥41.78');
    expect(fit.verdict['zh-CN']).toContain('差额 ¥41.78');
  });
  it('exactly at capacity is affordable', () => {
    expect(planAffordability(a, 65_822).affordable).toBe(true);
  });
});
