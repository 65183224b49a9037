import { describe, expect, it } from 'vitest';
import { DEFAULT_AUTHORITY, requiredApprover, validateAuthority } from './authority.js';

const req = (discountBp: number, termMonths: number, waivedMinor: number) => ({ discountBp, termMonths, waivedMinor, currency: 'CNY' });

describe('requiredApprover (default matrix: collector 10 % / 12 m / ¥1,000; supervisor 30 % / 36 m / ¥20,000)', () => {
  it.each([
    [req(0, 6, 0), 'collector', []],
    [req(1_000, 12, 100_000), 'collector', []], // limits are inclusive
    [req(1_001, 12, 0), 'supervisor', ['discount']],
    [req(0, 13, 0), 'supervisor', ['term']],
    [req(0, 0, 100_001), 'supervisor', ['waived']],
    [req(3_000, 36, 2_000_000), 'supervisor', ['discount', 'term', 'waived']],
    [req(0, 37, 0), 'creditor', ['term']],
    [req(2_500, 24, 3_000_000), 'creditor', ['discount', 'term', 'waived']],
    [req(5_000, 6, 0), 'creditor', ['discount']],
  ] as const)('%o → %s', (r, approver, dims) => {
    const a = requiredApprover(r);
    expect(a.approver).toBe(approver);
    expect(a.reasons.map((x) => x.dimension)).toEqual(dims);
  });

  it('says which limit was exceeded, in both languages', () => {
    const a = requiredApprover(req(2_500, 24, 3_000_000));
    expect(a.reasons.map((r) => [r.exceeds, r.limit])).toEqual([['collector', 1_000], ['collector', 12], ['supervisor', 2_000_000]]);
    expect(a.reasons[0]!.message).toEqual({ 'zh-CN': '减免比例 25% 超过催收员权限 10%', en: "discount 25% exceeds the collector's limit of 10%" });
    expect(a.reasons[1]!.message.en).toBe("term 24 months exceeds the collector's limit of 12 months");
    expect(a.reasons[2]!.message['zh-CN']).toBe('减免金额 ¥30,000.00 超过主管权限 ¥20,000.00');
    expect(a.summary.en).toMatch(/^Needs approval by the creditor: /);
    expect(requiredApprover(req(0, 3, 0)).summary['zh-CN']).toBe('在催收员权限内，可直接确认。');
  });

  it('uses a creditor-set matrix and validates it', () => {
    const m = { collector: { maxDiscountBp: 0, maxTermMonths: 6, maxWaivedMinor: 0 }, supervisor: { maxDiscountBp: 500, maxTermMonths: 24, maxWaivedMinor: 50_000 } };
    expect(requiredApprover(req(500, 6, 50_000), m).approver).toBe('supervisor');
    expect(() => validateAuthority({ ...m, supervisor: { ...m.supervisor, maxTermMonths: 3 } })).toThrow(/supervisor.maxTermMonths/);
    expect(() => validateAuthority(DEFAULT_AUTHORITY)).not.toThrow();
    expect(() => requiredApprover(req(10_001, 1, 0))).toThrow(/discountBp/);
  });
});
