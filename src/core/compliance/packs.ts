import type { ContentCategory } from './content.js';
import type { ActionPurpose, Authority, Channel, ContactResult, Direction, EventType, Localized, PartyRole } from './types.js';

// Rule packs are data (rulepacks/*.yaml): each rule names one of the engine's rule kinds and carries the
// parameters a compliance officer may change without code. The kinds are the engine's vocabulary.

export type RuleStatus = 'V' | 'S' | 'U';

interface RuleBase {
  id: string;
  title: Localized;
  authority: Authority;
  outcome: 'block' | 'warn';
  citation: string;
  /** REGULATIONS.md: V verbatim, S secondary sources, U unverified. */
  status: RuleStatus;
  effectiveFrom?: string | undefined;
  effectiveTo?: string | undefined;
  /** Channels the rule governs; absent = all. */
  channels?: Channel[] | undefined;
  /** Optional rules may ship switched off (e.g. quiet days); mandatory ones may not. */
  enabled?: boolean | undefined;
  message: Localized;
  note?: string | undefined;
}

export type CountKey = 'party' | 'contact_point' | 'debt' | 'collector';

export interface AttemptFilter {
  channels: Channel[];
  directions: Direction[];
  /** Only these results count (absent = every result). */
  results?: ContactResult[] | undefined;
  /** These results never count. */
  excludeResults?: ContactResult[] | undefined;
}

export interface TimeWindowRule extends RuleBase {
  kind: 'time_window';
  params: { start: string; end: string; startInclusive: boolean; endInclusive: boolean; consentOverrides: boolean };
}
export interface InconvenientTimeRule extends RuleBase {
  kind: 'inconvenient_time';
  params: { consentOverrides: boolean; replyOnce: boolean };
}
export interface FrequencyRule extends RuleBase {
  kind: 'frequency';
  params: {
    limit: number;
    per: CountKey[];
    period: 'local_day' | 'rolling_days' | 'rolling_minutes';
    length?: number | undefined;
    count: AttemptFilter;
    /** Attempts made under a consent given directly, within this many local days of it (day 1 = consent day), do not count. */
    consentExcludesDays?: number | undefined;
  };
}
export interface CooldownRule extends RuleBase {
  kind: 'cooldown';
  params: { days: number; per: CountKey[]; trigger: AttemptFilter; consentExcludesDays?: number | undefined };
}
export interface ThirdPartyRule extends RuleBase {
  kind: 'third_party';
  params: {
    always: PartyRole[];
    whenDebtorUnreachable: PartyRole[];
    /** Consecutive failed outbound attempts to the debtor that make the debtor unreachable. */
    failuresForUnreachable: number;
    failureResults: ContactResult[];
    /** A deceased debtor counts as unreachable (CN-G03). */
    deceasedIsUnreachable: boolean;
    /** At most this many conversations with one third party (US-L01: one). */
    maxConversations?: number | undefined;
    stopOnRefusal: boolean;
  };
}
export interface HoldRule extends RuleBase {
  kind: 'hold';
  params: {
    events: EventType[];
    /** `party`: contacts to the party who raised it; `debts`: any contact about the debts it names (all when none named). */
    scope: 'party' | 'debts';
    /** The hold binds only contacts to parties in these roles (absent = all). */
    targets?: PartyRole[] | undefined;
    liftedBy?: EventType[] | undefined;
    /** The hold ends at the start of its reviewOn day; afterwards the rule warns that the review is due. */
    untilReview?: boolean | undefined;
    allowPurposes?: ActionPurpose[] | undefined;
  };
}
export interface MediumOptOutRule extends RuleBase {
  kind: 'medium_opt_out';
  params: { replyOnce: boolean; allowPurposes: ActionPurpose[] };
}
export interface VisitTeamRule extends RuleBase {
  kind: 'visit_team';
  params: { minAgents: number };
}
export interface RecordingRule extends RuleBase {
  kind: 'recording';
  params: Record<string, never>;
}
export interface QualificationRule extends RuleBase {
  kind: 'qualification';
  params: { certificate: string; required: boolean; trainingWithinDays?: number | undefined };
}
export interface VulnerableRule extends RuleBase {
  kind: 'vulnerable';
  params: Record<string, never>;
}
export interface ContentRule extends RuleBase {
  kind: 'content';
  params: {
    categories?: ContentCategory[] | undefined;
    /** Any mention of the debt to a party other than the debtor. */
    disclosure?: boolean | undefined;
    /** Roles to whom the debt may be named (default: debtor, guarantor, attorney, executor). */
    disclosureExempt?: PartyRole[] | undefined;
    require?: 'identity' | 'debtCollectorDisclosure' | 'optOut' | undefined;
  };
}
export interface QuietDaysRule extends RuleBase {
  kind: 'quiet_days';
  params: { weekdays: number[]; dates: string[] };
}
/** Obligations that no contact decision turns on (retention, caps, evaluations): listed with their parameters for the modules that enforce them. */
export interface ObligationRule extends RuleBase {
  kind: 'obligation';
  params: Record<string, unknown>;
}

export type Rule =
  | TimeWindowRule | InconvenientTimeRule | FrequencyRule | CooldownRule | ThirdPartyRule | HoldRule | MediumOptOutRule
  | VisitTeamRule | RecordingRule | QualificationRule | VulnerableRule | ContentRule | QuietDaysRule | ObligationRule;
export type RuleKind = Rule['kind'];

export interface RulePack {
  id: string;
  version: string;
  title: Localized;
  jurisdiction: string;
  /** Zone of the pack's effective dates and the default zone of a party with none. */
  timeZone: string;
  source: string;
  effectiveFrom?: string | undefined;
  effectiveTo?: string | undefined;
  rules: Rule[];
}

export interface PackSet {
  id: string;
  title: Localized;
  /** Pack ids, or `pack#kind,kind` to take only rules of those kinds. */
  packs: string[];
}
