// One-year Loan Prime Rate (一年期贷款市场报价利率, LPR), yearly data.
//
// Source: the monthly LPR announcements of the National Interbank Funding Center (全国银行间同业拆借中心, published
// on www.chinamoney.com.cn and relayed by the People's Bank of China, www.pbc.gov.cn) under the LPR reform
// (PBoC announcement 〔2019〕第15号, first quotation 2019-08-20). The LPR is published on the 20th of each month
// (the next business day when the 20th is not one) and is in force from its publication date. Only the dates on
// which the one-year figure changed are listed; each figure stays in force until the next row.
//
// SPC 民间借贷规定 (法释〔2020〕17号) Art. 25 ¶2 defines the cap's "一年期贷款市场报价利率" as this series, which
// begins 2019-08-20; earlier contract dates have no LPR (see caps.ts).
//
// MAINTENANCE: extend this table when a new figure is published (check each month's announcement). Rows last
// added: 2025-05-20. A contract dated after a change that is missing here would get a stale (too high or too low)
// cap, so keep this current.

export type LprRow = { effectiveFrom: string; rateBp: number };

export const LPR_1Y: readonly LprRow[] = [
  { effectiveFrom: '2019-08-20', rateBp: 425 },
  { effectiveFrom: '2019-09-20', rateBp: 420 },
  { effectiveFrom: '2019-11-20', rateBp: 415 },
  { effectiveFrom: '2020-02-20', rateBp: 405 },
  { effectiveFrom: '2020-04-20', rateBp: 385 },
  { effectiveFrom: '2021-12-20', rateBp: 380 },
  { effectiveFrom: '2022-01-20', rateBp: 370 },
  { effectiveFrom: '2022-08-22', rateBp: 365 },
  { effectiveFrom: '2023-06-20', rateBp: 355 },
  { effectiveFrom: '2023-08-21', rateBp: 345 },
  { effectiveFrom: '2024-07-22', rateBp: 335 },
  { effectiveFrom: '2024-10-21', rateBp: 310 },
  { effectiveFrom: '2025-05-20', rateBp: 300 },
];
