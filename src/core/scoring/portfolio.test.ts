import { describe, expect, it } from 'vitest';
import { makeRng } from '../random.js';
import { trainModel } from './model.js';
import { paidLabel, portfolioCells, portfolioScorer, portfolioTable, PORTFOLIO_COLUMNS, PORTFOLIO_LABEL } from './portfolio.js';

describe('portfolio model', () => {
  it('labels by the share of the balance paid in the window', () => {
    const rule = { days: 30, shareBp: 1000 };
    expect(paidLabel(100_000, 0, rule)).toBe(0);
    expect(paidLabel(100_000, 9_999, rule)).toBe(0);
    expect(paidLabel(100_000, 10_000, rule)).toBe(1);
    expect(paidLabel(100_000, 1, { days: 30, shareBp: 0 })).toBe(1);
    expect(paidLabel(0, 1, rule)).toBe(1);
  });

  it('builds cells in column order: booleans as 0/1, the bucket categorical, a missing feature null', () => {
    const cells = portfolioCells({ daysPastDue: 40, addressVerified: true, paymentsLast30Days: 2 }, 'M2');
    expect(cells).toHaveLength(PORTFOLIO_COLUMNS.length);
    expect(cells[PORTFOLIO_COLUMNS.indexOf('bucket')]).toBe('M2');
    expect(cells[PORTFOLIO_COLUMNS.indexOf('addressVerified')]).toBe(1);
    expect(cells[PORTFOLIO_COLUMNS.indexOf('promisesKept')]).toBeNull();
    const t = portfolioTable([{ features: { daysPastDue: 3 }, bucket: 'M1', label: 1 }]);
    expect(t.columns.at(-1)).toBe(PORTFOLIO_LABEL);
    expect(t.rows[0]!.at(-1)).toBe(1);
  });

  it('a model trained on history ranks recent payers first, deterministically, with the payment reason named', () => {
    const rng = makeRng(7);
    const rows = Array.from({ length: 600 }, () => {
      const pays = rng.below(3);
      const dpd = 1 + rng.below(120);
      const p = pays > 0 ? 0.7 : 0.1;
      return { features: { daysPastDue: dpd, paymentsLast30Days: pays, paymentsLast90Days: pays, promisesKept: 0, promisesBroken: 0, contactAttempts: 2, rightPartyContacts: 1, addressVerified: false }, bucket: dpd <= 30 ? 'M1' : dpd <= 60 ? 'M2' : 'M3', label: (rng.next() < p ? 1 : 0) as 0 | 1 };
    });
    const table = portfolioTable(rows);
    const model = trainModel(table, { label: PORTFOLIO_LABEL, positive: '1', kind: 'gbdt', seed: 3 });
    const score = portfolioScorer(model);
    const base = { daysPastDue: 45, paymentsLast90Days: 0, promisesKept: 0, promisesBroken: 0, contactAttempts: 2, rightPartyContacts: 1, addressVerified: false };
    const payer = score({ ...base, paymentsLast30Days: 2, paymentsLast90Days: 2 }, 'M2');
    const silent = score({ ...base, paymentsLast30Days: 0 }, 'M2');
    expect(payer.score).toBeGreaterThan(silent.score + 20);
    expect(payer.score).toBe(Math.round(payer.probability * 100));
    expect(payer.reasons.length).toBeGreaterThan(0);
    expect(payer.reasons.map((r) => r.zh).join()).toMatch(/近30天还款次数|近90天还款次数/);
    const again = portfolioScorer(trainModel(table, { label: PORTFOLIO_LABEL, positive: '1', kind: 'gbdt', seed: 3 }));
    expect(again({ ...base, paymentsLast30Days: 2, paymentsLast90Days: 2 }, 'M2')).toEqual(payer);
  });
});
