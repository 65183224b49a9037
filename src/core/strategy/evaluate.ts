// Evaluate a strategy for one case: the first segment whose conditions hold (the last segment is the default), its
// treatment, and the step in effect — the last step in the treatment's order that is reached (its day offset from
// DPD or from treatment entry is ≤ the case's), whose own conditions hold, and whose channel the case can be reached
// on. No reached step → 'none' (nothing due yet); reached steps but no reachable channel → 'skip_trace'.
import type { ActionKind, CaseFacts, Conditions, Decision, Label, Range, Step, StrategyDefinition } from './types.js';

const inRange = (v: number, r: Range | undefined) => !r || ((r.min === undefined || v >= r.min) && (r.max === undefined || v <= r.max));
const inList = <T>(v: T, list: readonly T[] | undefined) => !list || list.includes(v);
const flag = (v: boolean, want: boolean | undefined) => want === undefined || v === want;

export function matches(c: Conditions, f: CaseFacts): boolean {
  return (
    inRange(f.dpd, c.dpd) && inList(f.bucket, c.buckets) && inList(f.band, c.bands) && inRange(f.score, c.score) && inRange(f.balance, c.balance) &&
    inList(f.creditorId, c.creditorIds) && (!c.products || f.products.some((p) => c.products!.includes(p))) &&
    flag(f.hasVerifiedAddress, c.hasVerifiedAddress) && flag(f.hasPhone, c.hasPhone) && flag(f.hasMobile, c.hasMobile) && flag(f.hasEmail, c.hasEmail) &&
    inList(f.promise, c.promise) && (!c.languages || (f.language !== null && c.languages.includes(f.language))) &&
    (!c.provinces || (f.province !== null && c.provinces.includes(f.province)))
  );
}

/** Whether the case has the contact point an action needs (letters go to any address on file; the server checks). */
export function reachable(kind: ActionKind, f: CaseFacts): boolean {
  switch (kind) {
    case 'call': return f.hasPhone;
    case 'sms': return f.hasMobile;
    case 'email': return f.hasEmail;
    case 'visit_request': return f.hasVerifiedAddress;
    default: return true;
  }
}

export const ACTION_LABELS: Record<ActionKind, Label> = {
  call: { zh: '电话', en: 'call' },
  sms: { zh: '短信', en: 'SMS' },
  email: { zh: '邮件', en: 'email' },
  letter: { zh: '信函', en: 'letter' },
  visit_request: { zh: '外访申请', en: 'visit request' },
  legal_review: { zh: '法务审查', en: 'legal review' },
  skip_trace: { zh: '失联修复', en: 'skip trace' },
  none: { zh: '暂无动作', en: 'no action yet' },
};

export function stepDay(s: Step, f: CaseFacts): number {
  return s.from === 'dpd' ? f.dpd : f.daysInTreatment;
}

const stepLabel = (s: Step): Label => ({
  zh: `${s.from === 'dpd' ? '逾期' : '入组'}第${s.day}天${ACTION_LABELS[s.action].zh}`,
  en: `${s.from === 'dpd' ? 'DPD' : 'day'} ${s.day} ${ACTION_LABELS[s.action].en}`,
});

/** Evaluate a validated definition (see validateStrategy) for one case. */
export function evaluate(def: StrategyDefinition, f: CaseFacts): Decision {
  const segment = def.segments.find((s) => matches(s.when, f)) ?? def.segments[def.segments.length - 1]!;
  const treatment = def.treatments.find((t) => t.id === segment.treatmentId);
  if (!treatment) throw new Error(`segment ${segment.id}: treatment ${segment.treatmentId} not found`);
  const seg = { id: segment.id, name: segment.name };
  const tr = { id: treatment.id, name: treatment.name };
  const head = { zh: `分群「${segment.name.zh}」· 处置「${treatment.name.zh}」`, en: `Segment "${segment.name.en}" · treatment "${treatment.name.en}"` };
  let unreachable: Step | null = null;
  for (let i = treatment.steps.length - 1; i >= 0; i--) {
    const s = treatment.steps[i]!;
    if (stepDay(s, f) < s.day || (s.when && !matches(s.when, f))) continue;
    if (!reachable(s.action, f)) {
      unreachable ??= s;
      continue;
    }
    const l = stepLabel(s);
    return { segment: seg, treatment: tr, stepIndex: i, kind: s.action, template: s.template ?? null, reason: { zh: `${head.zh} · 第${i + 1}步：${l.zh}`, en: `${head.en} · step ${i + 1}: ${l.en}` } };
  }
  if (unreachable) {
    const l = stepLabel(unreachable);
    return {
      segment: seg, treatment: tr, stepIndex: null, kind: 'skip_trace', template: null,
      reason: { zh: `${head.zh} · ${l.zh}无可用联系方式，转失联修复`, en: `${head.en} · ${l.en}: no usable contact point, skip trace` },
    };
  }
  return { segment: seg, treatment: tr, stepIndex: null, kind: 'none', template: null, reason: { zh: `${head.zh} · 尚无到期步骤`, en: `${head.en} · no step due yet` } };
}
