import { describe, expect, it } from 'vitest';
// A copy of the shared reference file (each case carries its source); CI clones only this repository.
import cases from '../../../test/fixtures/amortization/reference_cases.json' with { type: 'json' };
import { pmt, roundTo } from './pmt.js';
import { buildSchedule } from './schedule.js';

type Case = { id: string; fn: string; expected: number; source: string };
const all = cases as Case[];

/** Evaluates one spreadsheet argument: numbers, `%`, `*` and `/`, left to right ("8%/12", "18*12"). */
function arg(expr: string): number {
  const tokens = expr.replace(/\s/g, '').match(/\d+(?:\.\d+)?%?|[*/]/g) ?? [];
  let value = NaN;
  let op = '';
  for (const t of tokens) {
    if (t === '*' || t === '/') { op = t; continue; }
    const x = t.endsWith('%') ? Number(t.slice(0, -1)) / 100 : Number(t);
    value = op === '*' ? value * x : op === '/' ? value / x : x;
    op = '';
  }
  return value;
}

function evalPmt(fn: string): number {
  const m = /^PMT\((.*)\)$/.exec(fn.trim());
  if (!m?.[1]) throw new Error(`not a PMT call: ${fn}`);
  const [rate, nper, pv, fv, type] = m[1].split(/[,;]/).map(arg) as [number, number, number, number?, number?];
  return pmt(rate, nper, pv, fv ?? 0, (type ?? 0) as 0 | 1);
}

// 等额本息 / 等额本金: ¥1,000,000 over 360 months at 4.9 % a year.
const base = { principalMinor: 100_000_000, annualRateBp: 490, months: 360, startDate: '2024-01-01' } as const;
const annuity = buildSchedule({ method: 'annuity', ...base });
const equalPrincipal = buildSchedule({ method: 'equal-principal', ...base });
const yuan = (minor: number) => minor / 100;

const cn: Record<string, () => number> = {
  cn_dengebenxi_monthly: () => yuan(annuity.rows[0]!.paymentMinor),
  cn_dengebenxi_total_interest: () => yuan(annuity.formula.totalInterestMinor),
  cn_dengebenjin_first: () => yuan(equalPrincipal.rows[0]!.paymentMinor),
  cn_dengebenjin_total_interest: () => yuan(equalPrincipal.formula.totalInterestMinor),
};

describe('reference cases (test/fixtures/amortization/reference_cases.json)', () => {
  it('has every case covered', () => {
    for (const c of all) expect(c.fn.startsWith('PMT(') || c.id in cn, c.id).toBe(true);
    expect(all.length).toBeGreaterThanOrEqual(9);
  });

  it.each(all.filter((c) => c.fn.startsWith('PMT(')))('$id: $fn = $expected', (c) => {
    expect(roundTo(evalPmt(c.fn), 2)).toBe(c.expected);
  });

  it.each(all.filter((c) => c.id in cn))('$id: $fn = $expected', (c) => {
    expect(cn[c.id]!()).toBe(c.expected);
  });

  it('等额本息: every installment but the last is 5,307.27; the rows sum to the principal; the row interest is pinned', () => {
    expect(new Set(annuity.rows.slice(0, -1).map((r) => r.paymentMinor))).toEqual(new Set([530_727]));
    expect(annuity.formula.paymentMinor).toBe(530_727);
    expect(annuity.totals.principalMinor).toBe(100_000_000);
    // Rounded rows: the payment rounded up by 0.28 fen repays slightly faster, so 1.07 less interest than the formula.
    expect(annuity.totals.interestMinor).toBe(91_061_512);
    expect(annuity.rows.at(-1)).toMatchObject({ seq: 360, paymentMinor: 530_519, balanceMinor: 0 });
  });

  it('等额本金: first 6,861.11, then falling by about 11.34 a month; formula total 737,041.67, rows 737,041.08', () => {
    expect(equalPrincipal.rows[0]).toMatchObject({ principalMinor: 277_778, interestMinor: 408_333, paymentMinor: 686_111 });
    expect(equalPrincipal.rows[1]!.paymentMinor).toBe(684_977);
    expect(equalPrincipal.formula.paymentMinor).toBe(686_111);
    expect(equalPrincipal.totals.interestMinor).toBe(73_704_108);
    expect(equalPrincipal.totals.principalMinor).toBe(100_000_000);
  });

  it('PMT edge semantics: zero rate, type 1, fv only', () => {
    expect(pmt(0, 10, 1000)).toBe(-100);
    expect(pmt(0, 4, 1000, 200)).toBe(-300);
    expect(roundTo(pmt(0.08 / 12, 10, 10000, 0, 1), 2)).toBe(-1030.16);
    expect(pmt(0.05, 10, -1000)).toBeGreaterThan(0);
    expect(() => pmt(0.01, 0, 1000)).toThrow(/nper/);
  });
});
