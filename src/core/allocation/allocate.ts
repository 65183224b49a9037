// Allocation of scored cases to collectors (issue 9, part 4). Pure and deterministic: the same input gives the same
// assignments. Cases are taken by score (desc, then id); each goes to
//   1. its current collector, when eligible, under capacity and not due for recall (continuity);
//   2. otherwise the best eligible collector under capacity: for a field case (visit) the nearest base (great circle),
//      else the lowest load share; the case's own team first; ties by collector id;
//   3. otherwise the team pool (no collector), with the reason.
// Eligible = the collector's kind fits the action (visit → field, anything else → phone), every certificate rule of
// the compliance packs for the channel is met on the as-of day (the engine's `qualification` semantics), the debtor's
// language or dialect is spoken, and — for field work — the case's province or city is one of the collector's regions.
// Recall: no right-party contact for `recallAfterDays` → the current collector is passed over (another eligible one,
// or the pool when none).
import { haversineMeters } from '../field/geo.js';

export type CertificateRule = { certificate: string; required: boolean; trainingWithinDays?: number };
export type Point = { latitude: number; longitude: number };

export type AllocationCase = {
  id: string;
  score: number;
  /** The next action's kind: visit_request goes to field collectors, everything else to phone collectors. */
  kind: string;
  /** The debtor's preferred language or dialect (zh-CN, yue, wuu, nan, en …); null = any. */
  language: string | null;
  /** Province and city codes of the address that would be visited (or the debtor's first address). */
  province: string | null;
  city: string | null;
  /** The verified address to visit (field cases). */
  location: Point | null;
  currentUserId: string | null;
  teamId: string | null;
  /** Days without a right-party contact, counted from the later of the last one and when the current collector got the case. */
  daysWithoutRpc: number;
  /** The packs' certificate rules for the action's channel. */
  rules: CertificateRule[];
};

export type AllocationCollector = {
  id: string;
  teamId: string | null;
  kind: 'phone' | 'field';
  /** Languages and dialects spoken; empty = Mandarin only (zh-CN). */
  languages: string[];
  /** Province or city codes covered (field work); empty = any. */
  regions: string[];
  capacity: number;
  /** Open cases held that are not part of this allocation. */
  load: number;
  certificates: Array<{ kind: string; validFrom?: string; validUntil: string }>;
  lastTrainingOn?: string;
  base: Point | null;
};

export type AllocationPolicy = { asOf: string; recallAfterDays: number };

export type ExplanationCode =
  | 'continuity' | 'language' | 'region' | 'distance' | 'capacity' | 'certificate' | 'load' | 'team' | 'recall'
  | 'no_collector' | 'no_certificate' | 'no_language' | 'no_region' | 'full';
export type Explanation = { code: ExplanationCode; zh: string; en: string };

export type UnallocatedReason = 'no_collector' | 'no_certificate' | 'no_language' | 'no_region' | 'full';
export type AllocationOutcome = 'kept' | 'assigned' | 'recalled' | 'unallocated';

export type Allocation = {
  caseId: string;
  userId: string | null;
  teamId: string | null;
  /** kept: same collector; assigned: another (or a first) collector; recalled: taken from its collector for lack of contact (to another or the pool); unallocated: to the pool. */
  outcome: AllocationOutcome;
  reason: UnallocatedReason | null;
  distanceKm: number | null;
  explanation: Explanation[];
};

export class AllocationInputError extends Error {
  constructor(readonly field: string, message: string) {
    super(`${field}: ${message}`);
  }
}

const LANGUAGE_NAMES: Record<string, [string, string]> = {
  'zh-CN': ['普通话', 'Mandarin'], yue: ['粤语', 'Cantonese'], wuu: ['吴语', 'Wu'], nan: ['闽南语', 'Min Nan'], hak: ['客家话', 'Hakka'], en: ['英语', 'English'],
};
const languageName = (code: string): [string, string] => LANGUAGE_NAMES[code] ?? [code, code];
const MANDARIN = 'zh-CN';

const DAY = /^\d{4}-\d{2}-\d{2}$/;

/** The engine's `qualification` rule on the as-of day: a valid certificate of the kind (if required, or if the collector holds any of it) and training within the days. */
export function meetsCertificateRules(c: Pick<AllocationCollector, 'certificates' | 'lastTrainingOn'>, rules: CertificateRule[], asOf: string): boolean {
  for (const r of rules) {
    const certs = c.certificates.filter((x) => x.kind === r.certificate);
    const valid = certs.some((x) => (x.validFrom === undefined || x.validFrom <= asOf) && x.validUntil >= asOf);
    if (!valid && (r.required || certs.length > 0)) return false;
    if (r.trainingWithinDays !== undefined) {
      if (!c.lastTrainingOn || c.lastTrainingOn > asOf) return false;
      const days = (Date.parse(`${asOf}T00:00:00Z`) - Date.parse(`${c.lastTrainingOn}T00:00:00Z`)) / 86_400_000;
      if (days > r.trainingWithinDays) return false;
    }
  }
  return true;
}

const speaks = (c: AllocationCollector, language: string | null) =>
  language === null || (c.languages.length ? c.languages : [MANDARIN]).includes(language);
const covers = (c: AllocationCollector, k: AllocationCase) =>
  c.regions.length === 0 || (k.province !== null && c.regions.includes(k.province)) || (k.city !== null && c.regions.includes(k.city));

function validate(cases: AllocationCase[], collectors: AllocationCollector[], policy: AllocationPolicy) {
  if (!DAY.test(policy.asOf)) throw new AllocationInputError('asOf', `expected YYYY-MM-DD, got ${policy.asOf}`);
  if (!Number.isInteger(policy.recallAfterDays) || policy.recallAfterDays < 1) throw new AllocationInputError('recallAfterDays', 'must be a whole number ≥ 1');
  const ids = new Set<string>();
  collectors.forEach((c, i) => {
    if (ids.has(c.id)) throw new AllocationInputError(`collectors[${i}].id`, `duplicate collector ${c.id}`);
    ids.add(c.id);
    if (!Number.isInteger(c.capacity) || c.capacity < 0) throw new AllocationInputError(`collectors[${i}].capacity`, `must be a whole number ≥ 0 (collector ${c.id})`);
    if (!Number.isInteger(c.load) || c.load < 0) throw new AllocationInputError(`collectors[${i}].load`, `must be a whole number ≥ 0 (collector ${c.id})`);
  });
  const caseIds = new Set<string>();
  cases.forEach((k, i) => {
    if (caseIds.has(k.id)) throw new AllocationInputError(`cases[${i}].id`, `duplicate case ${k.id}`);
    caseIds.add(k.id);
    if (!Number.isFinite(k.score)) throw new AllocationInputError(`cases[${i}].score`, `not a number (case ${k.id})`);
  });
}

const capacityText = (used: number, cap: number): Explanation => ({ code: 'capacity', zh: `容量 ${used}/${cap}`, en: `Capacity ${used}/${cap}` });

/** Allocates `cases` among `collectors`; one result per case, in the input's order. */
export function allocate(cases: AllocationCase[], collectors: AllocationCollector[], policy: AllocationPolicy): Allocation[] {
  validate(cases, collectors, policy);
  const used = new Map(collectors.map((c) => [c.id, c.load]));
  const byId = new Map(collectors.map((c) => [c.id, c]));
  const sorted = [...collectors].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  const order = [...cases].sort((a, b) => b.score - a.score || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  const out = new Map<string, Allocation>();
  const room = (c: AllocationCollector) => used.get(c.id)! < c.capacity;

  for (const k of order) {
    const field = k.kind === 'visit_request';
    const kindOk = sorted.filter((c) => c.kind === (field ? 'field' : 'phone'));
    const certified = kindOk.filter((c) => meetsCertificateRules(c, k.rules, policy.asOf));
    const lingual = certified.filter((c) => speaks(c, k.language));
    const eligible = field ? lingual.filter((c) => covers(c, k)) : lingual;
    const skills = (c: AllocationCollector): Explanation[] => {
      const e: Explanation[] = [];
      if (k.rules.length) e.push({ code: 'certificate', zh: `证书有效: ${k.rules.map((r) => r.certificate).join('、')}`, en: `Certificate valid: ${k.rules.map((r) => r.certificate).join(', ')}` });
      if (k.language && k.language !== MANDARIN) {
        const [zh, en] = languageName(k.language);
        e.push({ code: 'language', zh: `语言匹配: ${zh}`, en: `Language match: ${en}` });
      }
      if (field && c.regions.length) {
        const r = k.province !== null && c.regions.includes(k.province) ? k.province : k.city;
        e.push({ code: 'region', zh: `区域匹配: ${r}`, en: `Region match: ${r}` });
      }
      return e;
    };
    const distance = (c: AllocationCollector) => (field && k.location && c.base ? haversineMeters(c.base, k.location) / 1000 : null);
    const take = (c: AllocationCollector, outcome: AllocationOutcome, lead: Explanation[]): Allocation => {
      const n = used.get(c.id)! + 1;
      used.set(c.id, n);
      const km = distance(c);
      const e = [...lead, ...skills(c)];
      if (km !== null) e.push({ code: 'distance', zh: `距离 ${km.toFixed(1)} km`, en: `Distance ${km.toFixed(1)} km` });
      e.push(capacityText(n, c.capacity));
      return { caseId: k.id, userId: c.id, teamId: c.teamId ?? k.teamId, outcome, reason: null, distanceKm: km === null ? null : Math.round(km * 10) / 10, explanation: e };
    };

    const current = k.currentUserId ? byId.get(k.currentUserId) : undefined;
    const recall = k.currentUserId !== null && k.daysWithoutRpc >= policy.recallAfterDays;
    const recallText: Explanation = { code: 'recall', zh: `${k.daysWithoutRpc} 天无有效联系，收回重分`, en: `No right-party contact for ${k.daysWithoutRpc} days: recalled` };
    if (current && !recall && eligible.includes(current) && room(current)) {
      out.set(k.id, take(current, 'kept', [{ code: 'continuity', zh: '延续原催收员', en: 'Kept with the current collector' }]));
      continue;
    }
    const candidates = eligible.filter((c) => room(c) && !(recall && c.id === k.currentUserId));
    if (candidates.length > 0) {
      const key = (c: AllocationCollector) => {
        const team = k.teamId !== null && c.teamId === k.teamId ? 0 : 1;
        const km = distance(c);
        return [team, field ? (km ?? Number.POSITIVE_INFINITY) : used.get(c.id)! / Math.max(1, c.capacity)] as const;
      };
      let best = candidates[0]!;
      let bk = key(best);
      for (const c of candidates.slice(1)) {
        const ck = key(c);
        if (ck[0] < bk[0] || (ck[0] === bk[0] && ck[1] < bk[1])) {
          best = c;
          bk = ck;
        }
      }
      const lead: Explanation[] = recall ? [recallText] : [];
      if (k.teamId !== null && best.teamId === k.teamId) lead.push({ code: 'team', zh: '本团队', en: 'Same team' });
      if (!field) lead.push({ code: 'load', zh: '负载最低', en: 'Lowest load' });
      out.set(k.id, take(best, recall ? 'recalled' : 'assigned', lead));
      continue;
    }
    const reason: UnallocatedReason = kindOk.length === 0 ? 'no_collector' : certified.length === 0 ? 'no_certificate' : lingual.length === 0 ? 'no_language' : eligible.length === 0 ? 'no_region' : 'full';
    const why: Record<UnallocatedReason, [string, string]> = {
      no_collector: [field ? '没有外访催收员' : '没有电话催收员', field ? 'No field collector' : 'No phone collector'],
      no_certificate: ['没有持有效证书的催收员', 'No collector with a valid certificate'],
      no_language: [`没有会${languageName(k.language ?? MANDARIN)[0]}的催收员`, `No collector speaks ${languageName(k.language ?? MANDARIN)[1]}`],
      no_region: ['没有负责该区域的外访催收员', 'No field collector covers the region'],
      full: ['合格催收员容量已满', 'Every eligible collector is at capacity'],
    };
    const e: Explanation[] = recall ? [recallText] : [];
    e.push({ code: reason, zh: `${why[reason][0]}，退回团队池`, en: `${why[reason][1]}: back to the team pool` });
    out.set(k.id, { caseId: k.id, userId: null, teamId: k.teamId, outcome: recall ? 'recalled' : 'unallocated', reason, distanceKm: null, explanation: e });
  }
  return cases.map((k) => out.get(k.id)!);
}
