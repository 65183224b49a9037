// Ability to pay (还款能力): income − essential expenses − other debts' payments = disposable income; a configurable
// share of it is the most this debt may ask a month. UK CONC 7.3 (REGULATIONS UK-02/UK-03): refusing a reasonable,
// affordable proposal is likely a breach, and so is pressing for payments the debtor cannot make (UK-04).
//
// Rules (all money in minor units, all rounding down — capacity is never overstated):
//   counted income   = Σ verified + ⌊Σ stated × statedIncomeWeightBp / 10,000⌋
//   allowance        = row.firstAdult + (adults − 1) × row.additionalAdult + children × row.child   (allowances.ts)
//   essential        = by expenseRule: 'higher' (default) max(allowance, stated) · 'allowance' · 'stated'
//   disposable       = income − essential − other debt payments (may be negative)
//   max affordable   = max(0, ⌊disposable × affordableShareBp / 10,000⌋)
//   debt-to-income   = other debt payments / income, in bp (⌊·⌋; null when income is 0)

import { DEFAULT_ALLOWANCES, type AllowanceRow, type AllowanceTable } from './allowances.js';
import { checkInt, NegotiationError } from './errors.js';
import { formatBp, formatMoney, type Bilingual } from './text.js';

export const incomeKinds = ['salary', 'business', 'pension', 'benefits', 'rental', 'other'] as const;
export type IncomeKind = (typeof incomeKinds)[number];

export type IncomeItem = {
  kind: IncomeKind;
  monthlyMinor: number;
  /** `verified` = seen in a document (payslip, bank statement, tax record); `stated` = the debtor's word. */
  verification: 'stated' | 'verified';
  /** What it was verified against, or who stated it ("payslip 2026-10", "debtor on call 2026-11-03"). */
  source?: string;
};

export type AffordabilityInput = {
  currency: string;
  incomes: readonly IncomeItem[];
  household: { adults: number; children?: number };
  /** Key of a row of the allowance table (`CN`, `CN-urban`, `CN-rural` by default). */
  region: string;
  /** The debtor's own monthly figure for essentials (rent, food, utilities, transport, medical); optional. */
  statedEssentialMinor?: number;
  /** Monthly payments to other creditors. */
  otherDebtPaymentsMinor?: number;
  /** Money available now for a lump sum (savings, family help); undefined = not asked. */
  lumpSumAvailableMinor?: number;
};

export type AffordabilityConfig = {
  allowances: AllowanceTable;
  /** Share of disposable income this debt may take; default 5,000 bp = 50 %, the rest is a buffer for the unexpected. */
  affordableShareBp: number;
  /** Weight of stated (unverified) income; default 10,000 = counted in full. 8,000 counts 80 %. */
  statedIncomeWeightBp: number;
  expenseRule: 'higher' | 'allowance' | 'stated';
};

export const DEFAULT_AFFORDABILITY_CONFIG: AffordabilityConfig = Object.freeze({
  allowances: DEFAULT_ALLOWANCES,
  affordableShareBp: 5_000,
  statedIncomeWeightBp: 10_000,
  expenseRule: 'higher',
});

export type AffordabilityFlag = 'income_unverified' | 'no_income' | 'stated_expenses_above_allowance' | 'disposable_negative';

export type Affordability = {
  currency: string;
  region: string;
  householdSize: number;
  verifiedIncomeMinor: number;
  statedIncomeMinor: number;
  /** Income after the stated-income weight. */
  incomeMinor: number;
  allowanceMinor: number;
  essentialExpensesMinor: number;
  expenseBasis: 'allowance' | 'stated';
  otherDebtPaymentsMinor: number;
  disposableMinor: number;
  /** Other debts' payments / income in bp; null without income. */
  debtToIncomeBp: number | null;
  maxAffordableMinor: number;
  affordableShareBp: number;
  lumpSumAvailableMinor: number | null;
  flags: AffordabilityFlag[];
  /** Why: the arithmetic in words. */
  summary: Bilingual;
};

export function assessAffordability(input: AffordabilityInput, config: AffordabilityConfig = DEFAULT_AFFORDABILITY_CONFIG): Affordability {
  const adults = checkInt(input.household?.adults, 'household.adults', 1, 50);
  const children = checkInt(input.household.children ?? 0, 'household.children', 0, 50);
  checkInt(config.affordableShareBp, 'config.affordableShareBp', 0, 10_000);
  checkInt(config.statedIncomeWeightBp, 'config.statedIncomeWeightBp', 0, 10_000);
  const row = allowanceRow(config.allowances, input.region, input.currency);
  let verified = 0;
  let stated = 0;
  input.incomes.forEach((i, k) => {
    const v = checkInt(i.monthlyMinor, `incomes[${k}].monthlyMinor`);
    if (i.verification === 'verified') verified += v;
    else if (i.verification === 'stated') stated += v;
    else throw new NegotiationError('invalid_input', `incomes[${k}].verification`, "must be 'stated' or 'verified'");
  });
  const income = verified + Math.floor((stated * config.statedIncomeWeightBp) / 10_000);
  const allowance = row.firstAdultMinor + (adults - 1) * row.additionalAdultMinor + children * row.childMinor;
  const statedEss = input.statedEssentialMinor === undefined ? null : checkInt(input.statedEssentialMinor, 'statedEssentialMinor');
  const useStated = statedEss !== null && (config.expenseRule === 'stated' || (config.expenseRule === 'higher' && statedEss > allowance));
  const essential = useStated ? statedEss : allowance;
  const other = checkInt(input.otherDebtPaymentsMinor ?? 0, 'otherDebtPaymentsMinor');
  const disposable = income - essential - other;
  const flags: AffordabilityFlag[] = [];
  if (stated > 0) flags.push('income_unverified');
  if (income === 0) flags.push('no_income');
  if (statedEss !== null && statedEss > allowance) flags.push('stated_expenses_above_allowance');
  if (disposable < 0) flags.push('disposable_negative');
  const a: Affordability = {
    currency: input.currency, region: row.region, householdSize: adults + children, verifiedIncomeMinor: verified, statedIncomeMinor: stated,
    incomeMinor: income, allowanceMinor: allowance, essentialExpensesMinor: essential, expenseBasis: useStated ? 'stated' : 'allowance',
    otherDebtPaymentsMinor: other, disposableMinor: disposable, debtToIncomeBp: income > 0 ? Math.floor((other * 10_000) / income) : null,
    maxAffordableMinor: Math.max(0, Math.floor((disposable * config.affordableShareBp) / 10_000)), affordableShareBp: config.affordableShareBp,
    lumpSumAvailableMinor: input.lumpSumAvailableMinor === undefined ? null : checkInt(input.lumpSumAvailableMinor, 'lumpSumAvailableMinor'),
    flags, summary: { 'zh-CN': '', en: '' },
  };
  a.summary = describeCapacity(a, row);
  return a;
}

function allowanceRow(table: AllowanceTable, region: string, currency: string): AllowanceRow {
  const row = table.find((r) => r.region === region);
  if (!row) throw new NegotiationError('invalid_input', 'region', `no allowance row for ${JSON.stringify(region)} (have ${table.map((r) => r.region).join(', ')})`);
  if (row.currency !== currency) throw new NegotiationError('invalid_input', 'currency', `allowance row ${region} is in ${row.currency}, not ${currency}`);
  return row;
}

function describeCapacity(a: Affordability, row: AllowanceRow): Bilingual {
  const m = (v: number) => formatMoney(v, a.currency);
  const incomeZh = a.statedIncomeMinor > 0 ? (a.verifiedIncomeMinor > 0 ? '部分未核实' : '自述、未核实') : '已核实';
  const incomeEn = a.statedIncomeMinor > 0 ? (a.verifiedIncomeMinor > 0 ? 'partly unverified' : 'stated, not verified') : 'verified';
  const essZh = a.expenseBasis === 'stated' ? `自述必要支出 ${m(a.essentialExpensesMinor)}（高于${row.label['zh-CN']}标准 ${m(a.allowanceMinor)}）` : `${row.label['zh-CN']}${a.householdSize}口之家必要支出标准 ${m(a.essentialExpensesMinor)}`;
  const essEn = a.expenseBasis === 'stated' ? `stated essential spending ${m(a.essentialExpensesMinor)} (above the ${row.label.en} allowance ${m(a.allowanceMinor)})` : `essential spending of ${m(a.essentialExpensesMinor)} for a household of ${a.householdSize} (${row.label.en} allowance)`;
  const head = {
    'zh-CN': `月收入 ${m(a.incomeMinor)}（${incomeZh}），扣除${essZh}和其他债务月供 ${m(a.otherDebtPaymentsMinor)}，可支配收入为 ${m(a.disposableMinor)}`,
    en: `Monthly income ${m(a.incomeMinor)} (${incomeEn}) less ${essEn} and ${m(a.otherDebtPaymentsMinor)} of other debt payments leaves ${m(a.disposableMinor)} disposable`,
  };
  if (a.maxAffordableMinor === 0) {
    return {
      'zh-CN': `${head['zh-CN']}；目前没有余力按月还款，宜考虑暂缓还款或进一步了解情况。`,
      en: `${head.en}; there is no room for monthly payments now — consider a hardship deferral or a fuller review.`,
    };
  }
  return {
    'zh-CN': `${head['zh-CN']}；按其中 ${formatBp(a.affordableShareBp)} 计，每月最多可还 ${m(a.maxAffordableMinor)}。`,
    en: `${head.en}; at ${formatBp(a.affordableShareBp)} of that, up to ${m(a.maxAffordableMinor)} a month can go to this debt.`,
  };
}

/** `verdict` = the sentence about the plan; `summary` = the capacity arithmetic followed by the verdict (store it with the plan). */
export type PlanFit = { affordable: boolean; debtToIncomeWithPlanBp: number | null; verdict: Bilingual; summary: Bilingual };

/** Whether a plan whose highest monthly installment is `maxInstallmentMinor` fits, with the reason in both languages. */
export function planAffordability(a: Affordability, maxInstallmentMinor: number): PlanFit {
  const m = (v: number) => formatMoney(v, a.currency);
  const affordable = maxInstallmentMinor <= a.maxAffordableMinor;
  const dti = a.incomeMinor > 0 ? Math.floor(((a.otherDebtPaymentsMinor + maxInstallmentMinor) * 10_000) / a.incomeMinor) : null;
  const dtiZh = dti === null ? '' : `，计入本方案后债务收入比为 ${formatBp(dti)}`;
  const dtiEn = dti === null ? '' : `; with this plan, debt payments take ${formatBp(dti)} of income`;
  const verdict = affordable
    ? { 'zh-CN': `可负担：最高月供 ${m(maxInstallmentMinor)} 不超过每月可还上限 ${m(a.maxAffordableMinor)}${dtiZh}。`, en: `Affordable: the highest installment, ${m(maxInstallmentMinor)}, is within the ${m(a.maxAffordableMinor)} a month the debtor can pay${dtiEn}.` }
    : { 'zh-CN': `难以负担：最高月供 ${m(maxInstallmentMinor)} 超过每月可还上限 ${m(a.maxAffordableMinor)}，差额 ${m(maxInstallmentMinor - a.maxAffordableMinor)}${dtiZh}。`, en: `Not affordable: the highest installment, ${m(maxInstallmentMinor)}, exceeds the ${m(a.maxAffordableMinor)} a month the debtor can pay by ${m(maxInstallmentMinor - a.maxAffordableMinor)}${dtiEn}.` };
  return { affordable, debtToIncomeWithPlanBp: dti, verdict, summary: { 'zh-CN': `${a.summary['zh-CN']}${verdict['zh-CN']}`, en: `${a.summary.en} ${verdict.en}` } };
}
