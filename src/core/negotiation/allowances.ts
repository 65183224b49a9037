// Default regional allowance table for essential household expenses — CONFIGURABLE DEFAULTS, not a legal standard.
//
// Source of the figures: 国家统计局《2024年居民收入和消费支出情况》(National Bureau of Statistics, published
// 2025-01-17): per-capita consumption expenditure 2024 — national ¥28,227, urban ¥34,557, rural ¥19,280 a year.
// A person's monthly allowance is that figure / 12, rounded half up to the fen. It is the *average* spend per head,
// so it is generous to the debtor on purpose (forbearance first, CONC 7.3.4R / UK-02); a creditor sets its own table
// (e.g. the local 最低生活保障 standard, or the UK Standard Financial Statement spending guidelines) through
// AffordabilityConfig.allowances.
//
// Household scale (OECD-modified equivalence scale): the first adult counts 1, each further adult 0.5, each child
// under 14 counts 0.3 — a household of two adults and a child spends 1.8 × one person, not 3 ×.

import type { Bilingual } from './text.js';

export type AllowanceRow = {
  /** Key the caller passes as `region` (e.g. `CN`, `CN-urban`, or a creditor's own `CN-31` for Shanghai). */
  region: string;
  currency: string;
  label: Bilingual;
  /** Monthly allowance, minor units: first adult, each further adult, each child. */
  firstAdultMinor: number;
  additionalAdultMinor: number;
  childMinor: number;
  source: string;
};

export type AllowanceTable = readonly AllowanceRow[];

const NBS_2024 = '国家统计局《2024年居民收入和消费支出情况》(2025-01-17), 人均消费支出 2024 / 12; OECD-modified scale 1 / 0.5 / 0.3';

/** A row from an annual per-capita figure in major units (yuan): /12 per month, × scale, rounded half up to the fen. */
export function allowanceFromAnnual(region: string, label: Bilingual, annualMajor: number, currency = 'CNY', source = NBS_2024): AllowanceRow {
  // annual × 100 fen × weight/10 ÷ 12, half up: ⌊(2·num + den) / (2·den)⌋ with den = 120.
  const monthly = (weightTenths: number) => Math.floor((2 * annualMajor * 100 * weightTenths + 120) / 240);
  return { region, currency, label, firstAdultMinor: monthly(10), additionalAdultMinor: monthly(5), childMinor: monthly(3), source };
}

export const DEFAULT_ALLOWANCES: AllowanceTable = Object.freeze([
  allowanceFromAnnual('CN', { 'zh-CN': '全国', en: 'China (national)' }, 28_227),
  allowanceFromAnnual('CN-urban', { 'zh-CN': '城镇', en: 'China (urban)' }, 34_557),
  allowanceFromAnnual('CN-rural', { 'zh-CN': '农村', en: 'China (rural)' }, 19_280),
]);
