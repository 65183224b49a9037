import { describe, expect, it } from 'vitest';
import { negotiationPolicyInputSchema, type NegotiationPolicyInput } from '../../../contracts/negotiation.js';
import { resolveNegotiationPolicy } from '../../../server/modules/negotiation/negotiation.policy.js';
import { fromNegotiationForm, negotiationFieldOf, negotiationSegments, toNegotiationForm } from './negotiationPolicyForm.js';

// The drawer's form shows the effective policy in yuan and %, and saves an override the server accepts that resolves
// to what the form showed.
describe('negotiation policy form', () => {
  it('shows the defaults in yuan and %, with the code’s bucket overrides and empty cells elsewhere', () => {
    const f = toNegotiationForm(null, 2);
    expect(f.default).toMatchObject({ maxTermMonths: 36, minInstallment: 100, maxDiscountPct: 20, planRatePct: 0, freezePenalty: true, maxDeferralMonths: 3, stepUp: true, stepEveryMonths: 6, stepPct: 20, settlementDueDays: 30 });
    expect(f.buckets.M1).toEqual({ maxTermMonths: null, minInstallment: null, maxDiscountPct: null, freezePenalty: 'inherit', stepUp: 'inherit', stepEveryMonths: null, stepPct: null, maxDeferralMonths: null });
    expect(f.buckets.M4).toMatchObject({ maxTermMonths: 48, maxDiscountPct: 30 });
    expect(f.buckets['M6+']).toMatchObject({ maxTermMonths: 60, maxDiscountPct: 50 });
    expect(f.authority).toEqual({ collector: { maxDiscountPct: 10, maxTermMonths: 12, maxWaived: 1_000 }, supervisor: { maxDiscountPct: 30, maxTermMonths: 36, maxWaived: 20_000 } });
    expect(f.graceDays).toBe(3);
    expect(f.monthlyKeepPct).toBe(97);
  });

  it('saving the defaults unchanged stores a policy that resolves to the defaults', () => {
    const out = fromNegotiationForm(toNegotiationForm(null, 2), null, 2);
    expect(negotiationPolicyInputSchema.safeParse(out).success).toBe(true);
    expect(resolveNegotiationPolicy(out)).toEqual(resolveNegotiationPolicy({}));
  });

  it('converts yuan to minor units and % to basis points, and keeps what the table does not show', () => {
    const stored: NegotiationPolicyInput = { plan: { buckets: { M0: { maxTermMonths: 6 }, M2: { planRateBp: 350, maxDeferralMonths: 1 } } } };
    const f = toNegotiationForm(stored, 2);
    expect(f.buckets.M2.maxDeferralMonths).toBe(1);
    f.authority.collector.maxDiscountPct = 12.5;
    f.authority.supervisor.maxWaived = 30_000.5;
    f.buckets.M1.maxTermMonths = 18;
    f.buckets.M1.minInstallment = 250.75;
    f.buckets.M1.freezePenalty = 'no';
    f.buckets.M3.stepUp = 'yes';
    f.buckets.M3.stepPct = 10;
    f.buckets.M5.stepUp = 'no';
    f.buckets.M2.maxDeferralMonths = null;
    f.graceDays = 7;
    const out = fromNegotiationForm(f, stored, 2);
    expect(negotiationPolicyInputSchema.safeParse(out).success).toBe(true);
    expect(out.authority?.collector).toEqual({ maxDiscountBp: 1_250, maxTermMonths: 12, maxWaivedMinor: 100_000 });
    expect(out.authority?.supervisor?.maxWaivedMinor).toBe(3_000_050);
    expect(out.plan?.buckets?.M1).toEqual({ maxTermMonths: 18, minInstallmentMinor: 25_075, freezePenalty: false });
    // The interval not given: the default bucket's.
    expect(out.plan?.buckets?.M3).toEqual({ stepUp: { everyMonths: 6, stepBp: 1_000 } });
    expect(out.plan?.buckets?.M5?.stepUp).toBeNull();
    // M2's deferral emptied: the stored rate (no column) stays, the deferral follows the default again.
    expect(out.plan?.buckets?.M2).toEqual({ planRateBp: 350 });
    expect(out.plan?.buckets?.M0).toEqual({ maxTermMonths: 6 });
    expect(out.graceDays).toBe(7);
    // Reopened, the form shows what was saved.
    const again = toNegotiationForm(out, 2);
    expect(again.buckets.M1).toMatchObject({ maxTermMonths: 18, minInstallment: 250.75, freezePenalty: 'no' });
    expect(again.authority.collector.maxDiscountPct).toBe(12.5);
    expect(again.graceDays).toBe(7);
  });

  it('an emptied cell that the code overrides (M4 term) follows the default bucket, not the code’s 48 months', () => {
    const f = toNegotiationForm(null, 2);
    f.default.maxTermMonths = 24;
    f.buckets.M4.maxTermMonths = null;
    const out = fromNegotiationForm(f, null, 2);
    const resolved = resolveNegotiationPolicy(out);
    expect({ ...resolved.plan.default, ...resolved.plan.buckets.M4 }.maxTermMonths).toBe(24);
    expect({ ...resolved.plan.default, ...resolved.plan.buckets.M5 }.maxTermMonths).toBe(60);
  });

  it('names the form field of a server issue', () => {
    const field = (path: string) => negotiationFieldOf(negotiationSegments(path));
    expect(field('negotiationPolicy.authority.supervisor.maxDiscountBp')).toEqual(['authority', 'supervisor', 'maxDiscountPct']);
    expect(field('body.negotiationPolicy.plan.buckets.M6+.maxTermMonths')).toEqual(['buckets', 'M6+', 'maxTermMonths']);
    expect(field('negotiationPolicy.plan.buckets.M2.stepUp.stepBp')).toEqual(['buckets', 'M2', 'stepPct']);
    expect(field('negotiationPolicy.plan.buckets.M0.minInstallmentMinor')).toEqual(['default', 'minInstallment']);
    expect(field('negotiationPolicy.plan.default.stepUp.everyMonths')).toEqual(['default', 'stepEveryMonths']);
    expect(field('negotiationPolicy.plan.monthlyKeepBp')).toEqual(['monthlyKeepPct']);
    expect(field('negotiationPolicy.graceDays')).toEqual(['graceDays']);
    expect(field('negotiationPolicy.plan.buckets.M1.planRateBp')).toEqual(['default', 'planRatePct']);
    expect(field('negotiationPolicy.authority.creditor')).toBeNull();
  });
});
