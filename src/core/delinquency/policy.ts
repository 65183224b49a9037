// Per-creditor policy: waterfall, DPD tolerance, buckets, penalty interest and legal caps. Every field has a
// default; callers pass only what differs (resolvePolicy fills and validates the rest).

import type { Rounding } from './arith.js';
import { DEFAULT_BUCKETS, validateBuckets, type BucketBoundary } from './buckets.js';
import { DelinquencyError } from './errors.js';
import { components, type Component } from './types.js';

export type WaterfallPolicy = {
  /** A permutation of all four components: the order a payment pays them. */
  components: readonly Component[];
  installmentOrder: 'oldest_due_first' | 'newest_due_first';
  /**
   * `by_installment`: settle one installment component by component, then the next (期次优先).
   * `by_component`: pay the first component across all due installments, then the next component (科目优先).
   */
  sweep: 'by_installment' | 'by_component';
};

export type PenaltyPolicy = {
  /** Annual penalty (罚息) rate in bp on overdue principal; 0 = no penalty. */
  rateBp: number;
  /** Also charge the penalty rate on overdue contract interest (复利). */
  onInterest: boolean;
  graceDays: number;
  /**
   * `defer`: penalty counts from the day after due date + graceDays.
   * `backdate`: nothing if settled within grace; otherwise penalty counts from the day after the due date.
   */
  graceMode: 'defer' | 'backdate';
  /** Day-count basis: actual/365 (default) or actual/360 (PBoC 1999 rule: daily rate = annual / 360). */
  dayBasis: 365 | 360;
  /** How the exact cumulative accrual becomes minor units (see penalty.ts). */
  rounding: Rounding;
  /** One late fee (滞纳金) per installment still past due on the first chargeable day; booked under `fees`. */
  lateFeeMinor: number;
};

export type CapPolicy = {
  /** CN-I03: annual cap for licensed lenders (courts may cut charges above 24 % p.a.). */
  licensedRateBp: number;
  /** Private lenders: an explicit cap rate instead of 4 × LPR (e.g. counsel's figure for a pre-LPR contract). */
  privateRateBp: number | null;
  /** Book charges only up to the cap, so the collectible balance never includes the excess. */
  limitToCap: boolean;
  dayBasis: 365 | 360;
};

export type DpdPolicy = {
  /** An installment counts as unpaid only while its outstanding amount is above this (minor units). */
  toleranceMinor: number;
  /** Components whose outstanding counts toward the tolerance test. */
  components: readonly Component[];
};

export type DelinquencyPolicy = {
  waterfall: WaterfallPolicy;
  penalty: PenaltyPolicy;
  caps: CapPolicy;
  dpd: DpdPolicy;
  buckets: readonly BucketBoundary[];
};

export type PolicyInput = {
  waterfall?: Partial<WaterfallPolicy>;
  penalty?: Partial<PenaltyPolicy>;
  caps?: Partial<CapPolicy>;
  dpd?: Partial<DpdPolicy>;
  buckets?: readonly BucketBoundary[];
};

/**
 * Default order fees → penalty → interest → principal, oldest due first, installment by installment: Civil Code
 * Art. 561 (costs, then interest, then the principal debt, unless agreed otherwise) and Art. 560 (the debt that fell
 * due first is settled first).
 */
export const DEFAULT_POLICY: DelinquencyPolicy = Object.freeze({
  waterfall: Object.freeze({
    components: Object.freeze(['fees', 'penalty', 'interest', 'principal'] as const),
    installmentOrder: 'oldest_due_first',
    sweep: 'by_installment',
  } as const),
  penalty: Object.freeze({
    rateBp: 0, onInterest: false, graceDays: 0, graceMode: 'defer', dayBasis: 365, rounding: 'down', lateFeeMinor: 0,
  } as const),
  caps: Object.freeze({ licensedRateBp: 2400, privateRateBp: null, limitToCap: false, dayBasis: 365 } as const),
  dpd: Object.freeze({ toleranceMinor: 0, components: Object.freeze([...components]) }),
  buckets: DEFAULT_BUCKETS,
});

const bad = (path: string, msg: string, zh?: string) => new DelinquencyError('invalid_input', path, msg, zh);

function nonNegInt(v: unknown, path: string): void {
  if (typeof v !== 'number' || !Number.isSafeInteger(v) || v < 0) throw bad(path, `must be a non-negative integer, got ${String(v)}`);
}

function oneOf<T>(v: T, allowed: readonly T[], path: string): void {
  if (!allowed.includes(v)) throw bad(path, `must be one of ${allowed.join(', ')}, got ${String(v)}`);
}

function validateComponents(list: readonly Component[], path: string, permutation: boolean): void {
  if (!Array.isArray(list)) throw bad(path, 'must be a list of components');
  list.forEach((c, i) => oneOf(c, components, `${path}[${i}]`));
  if (new Set(list).size !== list.length) throw bad(path, 'lists a component twice', '同一科目出现了两次');
  if (permutation && list.length !== components.length) throw bad(path, `must list all of ${components.join(', ')}`, '须列出全部四个科目（费用、罚息、利息、本金）');
}

/** The same object without its undefined fields, so `{ rateBp: undefined }` means "the default". */
function given<T extends object>(o: T | undefined): Partial<T> {
  return Object.fromEntries(Object.entries(o ?? {}).filter(([, v]) => v !== undefined)) as Partial<T>;
}

/** Fills the defaults and validates; throws DelinquencyError naming the field. */
export function resolvePolicy(input: PolicyInput = {}): DelinquencyPolicy {
  const p: DelinquencyPolicy = {
    waterfall: { ...DEFAULT_POLICY.waterfall, ...given(input.waterfall) },
    penalty: { ...DEFAULT_POLICY.penalty, ...given(input.penalty) },
    caps: { ...DEFAULT_POLICY.caps, ...given(input.caps) },
    dpd: { ...DEFAULT_POLICY.dpd, ...given(input.dpd) },
    buckets: input.buckets ?? DEFAULT_POLICY.buckets,
  };
  validateComponents(p.waterfall.components, 'policy.waterfall.components', true);
  oneOf(p.waterfall.installmentOrder, ['oldest_due_first', 'newest_due_first'], 'policy.waterfall.installmentOrder');
  oneOf(p.waterfall.sweep, ['by_installment', 'by_component'], 'policy.waterfall.sweep');
  nonNegInt(p.penalty.rateBp, 'policy.penalty.rateBp');
  nonNegInt(p.penalty.graceDays, 'policy.penalty.graceDays');
  nonNegInt(p.penalty.lateFeeMinor, 'policy.penalty.lateFeeMinor');
  oneOf(p.penalty.graceMode, ['defer', 'backdate'], 'policy.penalty.graceMode');
  oneOf(p.penalty.dayBasis, [365, 360], 'policy.penalty.dayBasis');
  oneOf(p.penalty.rounding, ['down', 'half_up'], 'policy.penalty.rounding');
  if (typeof p.penalty.onInterest !== 'boolean') throw bad('policy.penalty.onInterest', 'must be a boolean');
  nonNegInt(p.caps.licensedRateBp, 'policy.caps.licensedRateBp');
  if (p.caps.privateRateBp !== null) nonNegInt(p.caps.privateRateBp, 'policy.caps.privateRateBp');
  oneOf(p.caps.dayBasis, [365, 360], 'policy.caps.dayBasis');
  if (typeof p.caps.limitToCap !== 'boolean') throw bad('policy.caps.limitToCap', 'must be a boolean');
  nonNegInt(p.dpd.toleranceMinor, 'policy.dpd.toleranceMinor');
  validateComponents(p.dpd.components, 'policy.dpd.components', false);
  if (p.dpd.components.length === 0) throw bad('policy.dpd.components', 'needs at least one component', '至少需要一个科目');
  validateBuckets(p.buckets);
  return p;
}
