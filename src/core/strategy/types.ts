// Strategy definitions (issue 9, part 3): ordered segments (conditions over case attributes; first match wins; the
// last segment is the default and has no conditions) → treatments (steps with day offsets and optional conditions).

/** What a step asks for. 'none': nothing is due yet (the treatment's first step is later). */
export const ACTION_KINDS = ['call', 'sms', 'email', 'letter', 'visit_request', 'legal_review', 'skip_trace', 'none'] as const;
export type ActionKind = (typeof ACTION_KINDS)[number];
/** The actions that send a message, so may name a message template. */
export const TEMPLATE_ACTIONS: ReadonlySet<string> = new Set<ActionKind>(['sms', 'email', 'letter']);
export const BANDS = ['A', 'B', 'C'] as const;
export type Band = (typeof BANDS)[number];
export const PROMISE_STATES = ['none', 'pending', 'kept', 'broken'] as const;
export type PromiseState = (typeof PROMISE_STATES)[number];

export type Range = { min?: number; max?: number };

/** Every given field must hold (AND); a list matches any of its values; an absent field matches everything. */
export type Conditions = {
  dpd?: Range;
  buckets?: string[];
  bands?: Band[];
  score?: Range;
  /** Outstanding balance in minor units (fen). */
  balance?: Range;
  creditorIds?: string[];
  products?: string[];
  hasVerifiedAddress?: boolean;
  hasPhone?: boolean;
  hasMobile?: boolean;
  hasEmail?: boolean;
  promise?: PromiseState[];
  languages?: string[];
  provinces?: string[];
};

export type Label = { zh: string; en: string };

export type Step = {
  /** Day offset origin: the case's days past due, or days since it entered the segment's treatment. */
  from: 'dpd' | 'entry';
  day: number;
  action: ActionKind;
  /** Message template code (sms, email, letter). */
  template?: string;
  when?: Conditions;
};

export type Treatment = { id: string; name: Label; steps: Step[] };
export type Segment = { id: string; name: Label; when: Conditions; treatmentId: string };
export type StrategyDefinition = { segments: Segment[]; treatments: Treatment[] };

/** The attributes a strategy reads from a case (built by the nightly run from Concord's tables). */
export type CaseFacts = {
  caseId: string;
  dpd: number;
  bucket: string;
  band: Band;
  score: number;
  balance: number;
  creditorId: string;
  products: string[];
  hasVerifiedAddress: boolean;
  hasPhone: boolean;
  hasMobile: boolean;
  hasEmail: boolean;
  promise: PromiseState;
  language: string | null;
  province: string | null;
  /** Days since the case entered its current treatment (0 on the first day). */
  daysInTreatment: number;
};

export type Decision = {
  segment: { id: string; name: Label };
  treatment: { id: string; name: Label };
  /** Index of the step in effect in the treatment's steps, or null when none is due yet. */
  stepIndex: number | null;
  kind: ActionKind;
  template: string | null;
  reason: Label;
};
