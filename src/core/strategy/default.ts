// The built-in strategy used when no version is active: the nightly run's first-slice rules, as segments.
//   DPD ≥ 91 → legal review; DPD ≥ 31 with a verified address → visit request; band C at DPD ≤ 30 with a mobile →
//   SMS; a usable phone → call; an email → email; otherwise skip trace.
import type { ActionKind, Conditions, Label, StrategyDefinition } from './types.js';

const seg = (id: string, name: Label, when: Conditions, action: ActionKind) => ({
  segment: { id, name, when, treatmentId: id },
  treatment: { id, name, steps: [{ from: 'dpd' as const, day: 0, action }] },
});

const parts = [
  seg('legal', { zh: '逾期91天以上', en: 'Over 90 days past due' }, { dpd: { min: 91 } }, 'legal_review'),
  seg('visit', { zh: '逾期31天以上且地址已核实', en: 'Over 30 DPD, verified address' }, { dpd: { min: 31 }, hasVerifiedAddress: true }, 'visit_request'),
  seg('sms', { zh: '低分早期有手机', en: 'Early, band C, has a mobile' }, { dpd: { max: 30 }, bands: ['C'], hasMobile: true }, 'sms'),
  seg('phone', { zh: '有电话', en: 'Has a phone' }, { hasPhone: true }, 'call'),
  seg('email', { zh: '有邮箱', en: 'Has an email' }, { hasEmail: true }, 'email'),
  seg('trace', { zh: '无联系方式', en: 'No contact point' }, {}, 'skip_trace'),
];

export const DEFAULT_STRATEGY: StrategyDefinition = { segments: parts.map((p) => p.segment), treatments: parts.map((p) => p.treatment) };
