import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { RULE_POINTS, ruleScore, type RuleScoreInput } from './rule-score.js';

const quiet: RuleScoreInput = {
  daysPastDue: 75, paymentsLast30Days: 0, paymentsLast90Days: 0, promisesKept: 0, promisesBroken: 0,
  contactAttempts: 0, rightPartyContacts: 0, addressVerified: false,
};

describe('ruleScore', () => {
  it.each([
    // [case, input overrides, score, reason codes]
    ['61–90 DPD and nothing else: the base', {}, 50, []],
    ['current, paid, promises kept, reachable, verified: clamped at 100', { daysPastDue: 0, paymentsLast30Days: 1, paymentsLast90Days: 2, promisesKept: 5, contactAttempts: 4, rightPartyContacts: 3, addressVerified: true }, 100, ['dpd_current', 'promises_kept', 'paid_30d', 'rpc_high', 'address_verified']],
    ['DPD 400, promises broken, unreachable: clamped at 0', { daysPastDue: 400, promisesBroken: 4, contactAttempts: 6 }, 0, ['dpd_over_360', 'promises_broken', 'unreachable']],
    ['DPD 45, paid 60 days ago, one kept and one broken, one contact in 4 attempts', { daysPastDue: 45, paymentsLast90Days: 1, promisesKept: 1, promisesBroken: 1, contactAttempts: 4, rightPartyContacts: 1 }, 50 + 10 + 10 + 8 - 10 + 5, ['dpd_31_60', 'paid_90d', 'promises_broken', 'promises_kept', 'rpc_some']],
    ['DPD 100, verified address', { daysPastDue: 100, addressVerified: true }, 45, ['dpd_91_180', 'address_verified']],
  ] as const)('%s', (_name, overrides, score, codes) => {
    const r = ruleScore({ ...quiet, ...overrides });
    expect(r.score).toBe(score);
    expect(r.reasons.map((x) => x.code)).toEqual(codes);
    for (const x of r.reasons) expect(x.labels['zh-CN']).not.toBe('');
  });

  it('reasons add up to the score minus the base unless clamped; the score stays in [0, 100]', () => {
    const count = fc.integer({ min: 0, max: 6 });
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 800 }), count, count, count, count, count, count, fc.boolean(), (dpd, p30, p90, kept, broken, att, rpc, verified) => {
        const r = ruleScore({ daysPastDue: dpd, paymentsLast30Days: p30, paymentsLast90Days: p30 + p90, promisesKept: kept, promisesBroken: broken, contactAttempts: att + rpc, rightPartyContacts: rpc, addressVerified: verified });
        const sum = RULE_POINTS.base + r.reasons.reduce((s, x) => s + x.points, 0);
        expect(r.score).toBe(Math.max(0, Math.min(100, sum)));
      }),
    );
  });

  it('rejects negative or non-finite counts', () => {
    expect(() => ruleScore({ ...quiet, promisesKept: -1 })).toThrow(/promisesKept/);
    expect(() => ruleScore({ ...quiet, daysPastDue: Number.NaN })).toThrow(/daysPastDue/);
  });
});
