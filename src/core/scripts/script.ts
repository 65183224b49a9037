// The call script (话术, issue 5): its sections, its variables, which locale a debtor's preferred language picks,
// and which situation the case's record points to. Pure: no I/O.

export const scriptLocales = ['zh-CN', 'en'] as const;
export type ScriptLocale = (typeof scriptLocales)[number];

/** The situations a collector may meet once the right party is on the line (or a third party answers). */
export const scriptSituations = ['unemployment', 'illness', 'dispute', 'hardship', 'refusal', 'third_party'] as const;
export type ScriptSituation = (typeof scriptSituations)[number];

/** Every section, in reading order: the opening, the purpose, one per situation, negotiation, closing. */
export const scriptSections = ['opening', 'purpose', ...scriptSituations, 'negotiation', 'closing'] as const;
export type ScriptSection = (typeof scriptSections)[number];

export const scriptVariables = ['collectorName', 'agencyName', 'creditorName', 'debtorName', 'amountDue'] as const;
export type ScriptVariable = (typeof scriptVariables)[number];
export type ScriptValues = Record<ScriptVariable, string>;

/** Variables the third-party lines may not use: naming the creditor or the amount tells the listener about the debt. */
export const thirdPartyForbiddenVariables: readonly ScriptVariable[] = ['creditorName', 'amountDue'];
/** The opening identifies the collector and the institution (CN-P06, CN-B06, US-F07). */
export const openingRequiredVariables: readonly ScriptVariable[] = ['collectorName', 'agencyName'];

const VAR = /\{\{\s*([A-Za-z_][A-Za-z0-9_]*)\s*\}\}/g;

export function variablesIn(text: string): string[] {
  const out: string[] = [];
  for (const m of text.matchAll(VAR)) if (!out.includes(m[1]!)) out.push(m[1]!);
  return out;
}

export function unknownScriptVariables(text: string): string[] {
  return variablesIn(text).filter((v) => !(scriptVariables as readonly string[]).includes(v));
}

export function renderScript(text: string, values: ScriptValues): string {
  return text.replace(VAR, (_, name: string) => values[name as ScriptVariable] ?? '');
}

/** English for a debtor whose preferred language is English; Chinese (Mandarin wording) for everyone else. */
export function scriptLocaleFor(preferredLanguage: string | null | undefined): ScriptLocale {
  return /^en\b/i.test(preferredLanguage ?? '') ? 'en' : 'zh-CN';
}

// --- which situation the record points to

export type SituationEvent = { type: string; at: string; untilAt: string | null };
export type SituationNote = { at: string; text: string };
export type SituationInput = {
  events: SituationEvent[];
  /** Notes of the case's logged contacts, any order. */
  notes: SituationNote[];
  occupation: string | null;
  now: string;
};
export type SituationReason =
  | { source: 'event'; eventType: string; at: string; keyword: string | null }
  | { source: 'note'; at: string; keyword: string }
  | { source: 'none' };
export type SituationChoice = { situation: ScriptSituation | null; reason: SituationReason };

/** A note or an occupation older than this says nothing about today. */
const NOTE_DAYS = 60;

const UNEMPLOYMENT = /失业|下岗|裁员|被辞退|辞退|被开除|没(?:有)?工作|待业|无业|找工作|\b(?:unemployed|laid off|lost (?:my|his|her|their) job|out of work|jobless)\b/i;
const ILLNESS = /生病|患病|住院|手术|病重|重病|治疗|化疗|癌|病了|身体不好|\b(?:ill|illness|sick|hospital(?:i[sz]ed)?|surgery|treatment|cancer)\b/i;

function keywordIn(re: RegExp, text: string | null | undefined): string | null {
  const m = text ? re.exec(text) : null;
  return m ? m[0] : null;
}

/**
 * The situation the case's record points to, and why. Recorded events first, most pressing first: a dispute
 * (collection pauses while it is checked), a hardship hold (refined to illness or unemployment when a recent note or
 * the debtor's occupation says so), a cease request (refusal), the debtor recorded unreachable (calls reach third
 * parties). Without such an event, a recent note that speaks of illness or unemployment. Otherwise none.
 */
export function chooseSituation(input: SituationInput): SituationChoice {
  const nowMs = Date.parse(input.now);
  const live = input.events.filter((e) => Date.parse(e.at) <= nowMs && (e.untilAt === null || Date.parse(e.untilAt) > nowMs));
  const latest = (type: string) => live.filter((e) => e.type === type).sort((a, b) => b.at.localeCompare(a.at))[0];
  const recentNotes = input.notes
    .filter((n) => Date.parse(n.at) <= nowMs && nowMs - Date.parse(n.at) <= NOTE_DAYS * 86_400_000)
    .sort((a, b) => b.at.localeCompare(a.at));

  const dispute = latest('dispute');
  if (dispute) return { situation: 'dispute', reason: { source: 'event', eventType: 'dispute', at: dispute.at, keyword: null } };

  const hardship = latest('hold_hardship');
  if (hardship) {
    for (const n of recentNotes) {
      const ill = keywordIn(ILLNESS, n.text);
      if (ill) return { situation: 'illness', reason: { source: 'event', eventType: 'hold_hardship', at: hardship.at, keyword: ill } };
      const jobless = keywordIn(UNEMPLOYMENT, n.text);
      if (jobless) return { situation: 'unemployment', reason: { source: 'event', eventType: 'hold_hardship', at: hardship.at, keyword: jobless } };
    }
    const occ = keywordIn(UNEMPLOYMENT, input.occupation);
    if (occ) return { situation: 'unemployment', reason: { source: 'event', eventType: 'hold_hardship', at: hardship.at, keyword: occ } };
    return { situation: 'hardship', reason: { source: 'event', eventType: 'hold_hardship', at: hardship.at, keyword: null } };
  }

  const cease = latest('cease');
  if (cease) return { situation: 'refusal', reason: { source: 'event', eventType: 'cease', at: cease.at, keyword: null } };

  const unreachable = latest('unreachable');
  if (unreachable) return { situation: 'third_party', reason: { source: 'event', eventType: 'unreachable', at: unreachable.at, keyword: null } };

  for (const n of recentNotes) {
    const ill = keywordIn(ILLNESS, n.text);
    if (ill) return { situation: 'illness', reason: { source: 'note', at: n.at, keyword: ill } };
    const jobless = keywordIn(UNEMPLOYMENT, n.text);
    if (jobless) return { situation: 'unemployment', reason: { source: 'note', at: n.at, keyword: jobless } };
  }
  return { situation: null, reason: { source: 'none' } };
}
