// Counting decisions for a simulation: per segment, per action and per arm (and segment × action), keeping the
// first few cases of each segment as samples. Fed one decision at a time, so a large book can be paged through.
import type { ActionKind, Decision, Label } from './types.js';

export type Arm = 'champion' | 'challenger';
export type TallySample = { caseId: string; arm: Arm; kind: ActionKind; template: string | null; reason: Label };
export type TallyResult = {
  total: number;
  byArm: Record<Arm, number>;
  byAction: Partial<Record<ActionKind, number>>;
  segments: Array<{ arm: Arm; id: string; name: Label; count: number; byAction: Partial<Record<ActionKind, number>>; samples: TallySample[] }>;
};

export type Tally = { add(caseId: string, arm: Arm, d: Decision): void; result(): TallyResult };

export function createTally(samplesPerSegment = 5): Tally {
  let total = 0;
  const byArm: Record<Arm, number> = { champion: 0, challenger: 0 };
  const byAction: Partial<Record<ActionKind, number>> = {};
  const segments = new Map<string, TallyResult['segments'][number]>();
  return {
    add(caseId, arm, d) {
      total++;
      byArm[arm]++;
      byAction[d.kind] = (byAction[d.kind] ?? 0) + 1;
      const key = `${arm}\u0000${d.segment.id}`;
      let s = segments.get(key);
      if (!s) segments.set(key, (s = { arm, id: d.segment.id, name: d.segment.name, count: 0, byAction: {}, samples: [] }));
      s.count++;
      s.byAction[d.kind] = (s.byAction[d.kind] ?? 0) + 1;
      if (s.samples.length < samplesPerSegment) s.samples.push({ caseId, arm, kind: d.kind, template: d.template, reason: d.reason });
    },
    result: () => ({ total, byArm: { ...byArm }, byAction: { ...byAction }, segments: [...segments.values()] }),
  };
}
