import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseInstant } from '../../src/core/compliance/engine.js';
import type { HistoryEntry, Scenario, ScenarioEvent } from '../../src/core/compliance/types.js';
import { call, decide, scenario } from './helpers.js';

// nextAllowedAt, when not null, is itself allowed, and no earlier minute between the planned instant and it is.

const MIN = 60_000;
const zones = ['Asia/Shanghai', 'America/New_York', 'Europe/London', 'America/Los_Angeles'];
// Instants around DST changes and ordinary days of 2026.
const anchors = ['2026-03-08T05:00:00Z', '2026-03-29T00:00:00Z', '2026-11-01T05:00:00Z', '2026-10-25T00:00:00Z', '2026-06-15T12:00:00Z', '2026-01-10T20:00:00Z'].map(Date.parse);

const iso = (ms: number) => new Date(ms).toISOString();

const arbScenario = fc.record({
  packs: fc.constantFrom(['cn-default'], ['us-default'], ['uk-default'], ['cn-default', 'us-regf'], ['us-regf', 'us-ma-940cmr7']),
  anchor: fc.constantFrom(...anchors),
  offsetMin: fc.integer({ min: -36 * 60, max: 36 * 60 }),
  zones: fc.subarray(zones, { minLength: 1, maxLength: 2 }),
  channel: fc.constantFrom('call', 'sms', 'call', 'visit'),
  debt: fc.constantFrom(['d1'], ['d2'], ['d1', 'd2']),
  history: fc.array(fc.record({
    agoMin: fc.integer({ min: 1, max: 10 * 24 * 60 }),
    result: fc.constantFrom('conversation', 'no_answer', 'busy', 'voicemail', 'not_in_service'),
    cp: fc.constantFrom('m1', 'm2'),
    debt: fc.constantFrom(['d1'], ['d2'], ['d1', 'd2']),
    collector: fc.constantFrom('agency-a', 'agency-b'),
    inbound: fc.boolean(),
  }), { maxLength: 25 }),
  designation: fc.option(fc.record({ from: fc.integer({ min: 0, max: 23 }), len: fc.integer({ min: 1, max: 5 }) })),
  consent: fc.option(fc.record({ startMin: fc.integer({ min: -600, max: 600 }), lenMin: fc.integer({ min: 10, max: 600 }) })),
});

type Params = typeof arbScenario extends fc.Arbitrary<infer T> ? T : never;
function build(p: Params): Scenario {
  const at = p.anchor + p.offsetMin * MIN;
  const history: HistoryEntry[] = p.history.map((h) => call(iso(at - h.agoMin * MIN), h.result as HistoryEntry['result'], {
    contactPoint: h.cp, debtIds: [...h.debt], collectorId: h.collector, direction: h.inbound ? 'inbound' : 'outbound',
  }));
  const events: ScenarioEvent[] = [];
  if (p.designation) {
    const hh = (n: number) => `${String(n % 24).padStart(2, '0')}:00`;
    events.push({ at: iso(at - 30 * 24 * 60 * MIN), type: 'inconvenient_time', partyId: 'p1', from: hh(p.designation.from), until: hh(p.designation.from + p.designation.len) });
  }
  if (p.consent) {
    const from = at + p.consent.startMin * MIN;
    events.push({ at: iso(at - 24 * 60 * MIN), type: 'consent', partyId: 'p1', channel: 'call', from: iso(from), until: iso(from + p.consent.lenMin * MIN) });
  }
  return scenario({
    packs: [...p.packs], at: iso(at), history, events,
    parties: [{ id: 'p1', role: 'debtor', timeZones: p.zones }],
    action: { channel: p.channel as Scenario['action']['channel'], debtIds: [...p.debt], agentIds: ['u1', 'u2'], recording: true, content: undefined },
  });
}

describe('nextAllowedAt', () => {
  it('is allowed, and no earlier minute is', () => {
    fc.assert(fc.property(arbScenario, (p) => {
      const s = build(p);
      const d = decide(s);
      const t0 = parseInstant(s.at);
      if (d.outcome !== 'block') {
        expect(d.nextAllowedAt).not.toBeNull();
        expect(parseInstant(d.nextAllowedAt!)).toBe(t0);
        return;
      }
      if (d.nextAllowedAt === null) return;
      const next = parseInstant(d.nextAllowedAt);
      expect(next).toBeGreaterThan(t0);
      expect(decide({ ...s, at: iso(next) }).outcome).not.toBe('block');
      // Every whole minute strictly between the planned instant and nextAllowedAt is blocked (capped at 3 days).
      const first = Math.ceil(t0 / MIN) * MIN;
      const last = Math.min(next - 1, t0 + 3 * 24 * 60 * MIN);
      for (let m = first; m <= last; m += MIN) {
        if (m === t0) continue;
        const o = decide({ ...s, at: iso(m) }).outcome;
        if (o !== 'block') throw new Error(`${iso(m)} is allowed but nextAllowedAt is ${d.nextAllowedAt} (at ${s.at})`);
      }
    }), { numRuns: 250, seed: 20261128 });
  }, 120_000);
});
