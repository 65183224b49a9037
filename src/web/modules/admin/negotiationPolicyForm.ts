// The negotiation policy drawer's form ⇄ the wire (PATCH /api/admin/creditors/:id `negotiationPolicy`).
// The form is in the units staff think in — money in yuan (major units), shares in % — and shows the effective
// policy: the engine's defaults (DEFAULT_PLAN_POLICY, DEFAULT_AUTHORITY, DEFAULT_GRACE_DAYS) under the creditor's
// override. The wire is in minor units and basis points. Pure: no React, no antd.
import type { NegotiationPolicyInput } from '../../../contracts/negotiation.js';
import { DEFAULT_AUTHORITY, type AuthorityLimits } from '../../../core/negotiation/authority.js';
import { DEFAULT_BUCKET_POLICY, DEFAULT_GRACE_DAYS, DEFAULT_PLAN_POLICY, type BucketPolicy } from '../../../core/negotiation/policy.js';

/** The buckets the table offers overrides for (src/core/delinquency buckets; M0 is current, it uses the default). */
export const policyBuckets = ['M1', 'M2', 'M3', 'M4', 'M5', 'M6+'] as const;
export type PolicyBucket = (typeof policyBuckets)[number];
export const roles = ['collector', 'supervisor'] as const;
export type Role = (typeof roles)[number];
/** A bucket's choice for a yes/no field: the default's, or its own. */
export type Tri = 'inherit' | 'yes' | 'no';

export type DefaultValues = {
  maxTermMonths: number | null;
  minInstallment: number | null;
  maxDiscountPct: number | null;
  planRatePct: number | null;
  freezePenalty: boolean;
  maxDeferralMonths: number | null;
  stepUp: boolean;
  stepEveryMonths: number | null;
  stepPct: number | null;
  settlementDueDays: number | null;
};
/** An empty number or 'inherit' = the default bucket's value. */
export type BucketValues = {
  maxTermMonths: number | null;
  minInstallment: number | null;
  maxDiscountPct: number | null;
  freezePenalty: Tri;
  stepUp: Tri;
  stepEveryMonths: number | null;
  stepPct: number | null;
  maxDeferralMonths: number | null;
};
export type LimitValues = { maxDiscountPct: number | null; maxTermMonths: number | null; maxWaived: number | null };
export type NegotiationFormValues = {
  default: DefaultValues;
  buckets: Record<PolicyBucket, BucketValues>;
  monthlyKeepPct: number | null;
  authority: Record<Role, LimitValues>;
  graceDays: number | null;
};

type BucketInput = Partial<BucketPolicy>;

/** The same object without its undefined fields (a stored JSON may carry them). */
const given = <T extends object>(o: T | undefined): Partial<T> => Object.fromEntries(Object.entries(o ?? {}).filter(([, v]) => v !== undefined)) as Partial<T>;
const pctOf = (bp: number) => bp / 100;
const bpOf = (pct: number | null | undefined, fallback: number) => (pct === null || pct === undefined ? fallback : Math.round(pct * 100));
const isSet = (v: number | null | undefined): v is number => v !== null && v !== undefined && !Number.isNaN(v);

/** Fraction digits of the creditor's currency (CNY: 2). */
export const minorDigits = (currency: string): number => {
  try {
    return new Intl.NumberFormat('zh-CN', { style: 'currency', currency }).resolvedOptions().maximumFractionDigits ?? 2;
  } catch {
    return 2;
  }
};

/** The stored override filled with the defaults: what the engine applies (the bucket overrides include the code's). */
export const effectiveNegotiationPolicy = (stored: NegotiationPolicyInput | null) => {
  const buckets: Record<string, BucketInput> = { ...DEFAULT_PLAN_POLICY.buckets };
  for (const [k, v] of Object.entries(stored?.plan?.buckets ?? {})) buckets[k] = { ...(buckets[k] ?? {}), ...given(v) } as BucketInput;
  return {
    default: { ...DEFAULT_BUCKET_POLICY, ...given(stored?.plan?.default) } as BucketPolicy,
    buckets,
    monthlyKeepBp: stored?.plan?.monthlyKeepBp ?? DEFAULT_PLAN_POLICY.monthlyKeepBp,
    authority: {
      collector: { ...DEFAULT_AUTHORITY.collector, ...given(stored?.authority?.collector) } as AuthorityLimits,
      supervisor: { ...DEFAULT_AUTHORITY.supervisor, ...given(stored?.authority?.supervisor) } as AuthorityLimits,
    },
    graceDays: stored?.graceDays ?? DEFAULT_GRACE_DAYS,
  };
};

export const toNegotiationForm = (stored: NegotiationPolicyInput | null, digits: number): NegotiationFormValues => {
  const e = effectiveNegotiationPolicy(stored);
  const major = (minor: number) => minor / 10 ** digits;
  const d = e.default;
  const bucket = (b: PolicyBucket): BucketValues => {
    const o = e.buckets[b] ?? {};
    return {
      maxTermMonths: o.maxTermMonths ?? null,
      minInstallment: o.minInstallmentMinor === undefined ? null : major(o.minInstallmentMinor),
      maxDiscountPct: o.maxDiscountBp === undefined ? null : pctOf(o.maxDiscountBp),
      freezePenalty: o.freezePenalty === undefined ? 'inherit' : o.freezePenalty ? 'yes' : 'no',
      stepUp: o.stepUp === undefined ? 'inherit' : o.stepUp === null ? 'no' : 'yes',
      stepEveryMonths: o.stepUp ? o.stepUp.everyMonths : null,
      stepPct: o.stepUp ? pctOf(o.stepUp.stepBp) : null,
      maxDeferralMonths: o.maxDeferralMonths ?? null,
    };
  };
  const limits = (l: AuthorityLimits): LimitValues => ({ maxDiscountPct: pctOf(l.maxDiscountBp), maxTermMonths: l.maxTermMonths, maxWaived: major(l.maxWaivedMinor) });
  return {
    default: {
      maxTermMonths: d.maxTermMonths,
      minInstallment: major(d.minInstallmentMinor),
      maxDiscountPct: pctOf(d.maxDiscountBp),
      planRatePct: pctOf(d.planRateBp),
      freezePenalty: d.freezePenalty,
      maxDeferralMonths: d.maxDeferralMonths,
      stepUp: d.stepUp !== null,
      stepEveryMonths: (d.stepUp ?? DEFAULT_BUCKET_POLICY.stepUp)?.everyMonths ?? null,
      stepPct: pctOf((d.stepUp ?? DEFAULT_BUCKET_POLICY.stepUp)?.stepBp ?? 0),
      settlementDueDays: d.settlementDueDays,
    },
    buckets: Object.fromEntries(policyBuckets.map((b) => [b, bucket(b)])) as Record<PolicyBucket, BucketValues>,
    monthlyKeepPct: pctOf(e.monthlyKeepBp),
    authority: { collector: limits(e.authority.collector), supervisor: limits(e.authority.supervisor) },
    graceDays: e.graceDays,
  };
};

/**
 * The override to store: the default bucket, the authority matrix and the grace days in full (what the admin saw),
 * and per bucket the cells that are filled. An emptied cell means "as the default bucket": where the code itself
 * overrides that bucket (M4–M6+ terms and discounts) the default bucket's value is sent, since leaving it out would
 * keep the code's. Buckets the table does not show (M0, …) and fields it has no column for are kept as stored.
 */
export const fromNegotiationForm = (v: NegotiationFormValues, stored: NegotiationPolicyInput | null, digits: number): NegotiationPolicyInput => {
  const minor = (major: number | null | undefined, fallback: number) => (isSet(major) ? Math.round(major * 10 ** digits) : fallback);
  const D = DEFAULT_BUCKET_POLICY;
  const fallbackStep = D.stepUp ?? { everyMonths: 6, stepBp: 2_000 };
  const dv = v.default;
  const def: BucketPolicy = {
    maxTermMonths: isSet(dv.maxTermMonths) ? dv.maxTermMonths : D.maxTermMonths,
    minInstallmentMinor: minor(dv.minInstallment, D.minInstallmentMinor),
    maxDiscountBp: bpOf(dv.maxDiscountPct, D.maxDiscountBp),
    planRateBp: bpOf(dv.planRatePct, D.planRateBp),
    freezePenalty: dv.freezePenalty,
    maxDeferralMonths: isSet(dv.maxDeferralMonths) ? dv.maxDeferralMonths : D.maxDeferralMonths,
    stepUp: dv.stepUp ? { everyMonths: isSet(dv.stepEveryMonths) ? dv.stepEveryMonths : fallbackStep.everyMonths, stepBp: bpOf(dv.stepPct, fallbackStep.stepBp) } : null,
    settlementDueDays: isSet(dv.settlementDueDays) ? dv.settlementDueDays : D.settlementDueDays,
  };

  const buckets: Record<string, BucketInput> = {};
  for (const [k, o] of Object.entries(stored?.plan?.buckets ?? {})) if (!(policyBuckets as readonly string[]).includes(k)) buckets[k] = given(o) as BucketInput;
  for (const b of policyBuckets) {
    const cell = v.buckets[b];
    const code: BucketInput = DEFAULT_PLAN_POLICY.buckets[b] ?? {};
    const kept = given(stored?.plan?.buckets?.[b]);
    const out: BucketInput = {};
    // Fields without a column stay as stored.
    if (kept.planRateBp !== undefined) out.planRateBp = kept.planRateBp;
    if (kept.settlementDueDays !== undefined) out.settlementDueDays = kept.settlementDueDays;
    const num = <K extends 'maxTermMonths' | 'minInstallmentMinor' | 'maxDiscountBp' | 'maxDeferralMonths'>(key: K, value: number | null) => {
      if (value !== null) out[key] = value;
      else if (code[key] !== undefined) out[key] = def[key];
    };
    num('maxTermMonths', isSet(cell.maxTermMonths) ? cell.maxTermMonths : null);
    num('minInstallmentMinor', isSet(cell.minInstallment) ? minor(cell.minInstallment, 0) : null);
    num('maxDiscountBp', isSet(cell.maxDiscountPct) ? bpOf(cell.maxDiscountPct, 0) : null);
    num('maxDeferralMonths', isSet(cell.maxDeferralMonths) ? cell.maxDeferralMonths : null);
    if (cell.freezePenalty !== 'inherit') out.freezePenalty = cell.freezePenalty === 'yes';
    else if (code.freezePenalty !== undefined) out.freezePenalty = def.freezePenalty;
    if (cell.stepUp === 'no') out.stepUp = null;
    else if (cell.stepUp === 'yes') {
      const base = def.stepUp ?? fallbackStep;
      out.stepUp = { everyMonths: isSet(cell.stepEveryMonths) ? cell.stepEveryMonths : base.everyMonths, stepBp: bpOf(cell.stepPct, base.stepBp) };
    } else if (code.stepUp !== undefined) out.stepUp = def.stepUp;
    if (Object.keys(out).length > 0) buckets[b] = out;
  }

  const limits = (l: LimitValues, fallback: AuthorityLimits): AuthorityLimits => ({
    maxDiscountBp: bpOf(l.maxDiscountPct, fallback.maxDiscountBp),
    maxTermMonths: isSet(l.maxTermMonths) ? l.maxTermMonths : fallback.maxTermMonths,
    maxWaivedMinor: minor(l.maxWaived, fallback.maxWaivedMinor),
  });
  return {
    plan: { default: def, buckets, monthlyKeepBp: bpOf(v.monthlyKeepPct, DEFAULT_PLAN_POLICY.monthlyKeepBp) },
    authority: { collector: limits(v.authority.collector, DEFAULT_AUTHORITY.collector), supervisor: limits(v.authority.supervisor, DEFAULT_AUTHORITY.supervisor) },
    graceDays: isSet(v.graceDays) ? v.graceDays : DEFAULT_GRACE_DAYS,
  };
};

/** The API's path ("negotiationPolicy.plan.buckets.M1.maxTermMonths", maybe with "body." or "/") as segments. */
export const negotiationSegments = (path: string): string[] => {
  const segs = path.split(/[.[\]/]/).filter(Boolean);
  if (segs[0] === 'body') segs.shift();
  if (segs[0] === 'negotiationPolicy') segs.shift();
  return segs;
};

/** Wire field → form field (stepUp's parts have their own controls). */
const formKey = (key: string, sub: string | undefined): string | null => {
  if (key === 'stepUp') return sub === 'everyMonths' ? 'stepEveryMonths' : sub === 'stepBp' ? 'stepPct' : 'stepUp';
  const renamed: Record<string, string> = { maxDiscountBp: 'maxDiscountPct', minInstallmentMinor: 'minInstallment', planRateBp: 'planRatePct', maxWaivedMinor: 'maxWaived' };
  return renamed[key] ?? key;
};
const defaultKeys = ['maxTermMonths', 'minInstallment', 'maxDiscountPct', 'planRatePct', 'freezePenalty', 'maxDeferralMonths', 'stepUp', 'stepEveryMonths', 'stepPct', 'settlementDueDays'];
const bucketKeys = ['maxTermMonths', 'minInstallment', 'maxDiscountPct', 'freezePenalty', 'stepUp', 'stepEveryMonths', 'stepPct', 'maxDeferralMonths'];
const limitKeys = ['maxDiscountPct', 'maxTermMonths', 'maxWaived'];

/**
 * The form field an API issue belongs to, or null when the form has no control for it. The engine checks a bucket
 * as the default merged with its override, so a bucket the table does not show (M0) names the default's field.
 */
export const negotiationFieldOf = (segs: readonly string[]): (string | number)[] | null => {
  const [section, a, b, c] = segs;
  if (section === 'graceDays') return ['graceDays'];
  if (section === 'authority' && (a === 'collector' || a === 'supervisor') && b) {
    const k = formKey(b, undefined);
    return k && limitKeys.includes(k) ? ['authority', a, k] : null;
  }
  if (section !== 'plan' || !a) return null;
  if (a === 'monthlyKeepBp') return ['monthlyKeepPct'];
  if (a === 'default' && b) {
    const k = formKey(b, c);
    return k && defaultKeys.includes(k) ? ['default', k] : null;
  }
  if (a === 'buckets' && b && c) {
    const k = formKey(c, segs[4]);
    if (!k) return null;
    if ((policyBuckets as readonly string[]).includes(b) && bucketKeys.includes(k)) return ['buckets', b, k];
    return defaultKeys.includes(k) ? ['default', k] : null;
  }
  return null;
};
