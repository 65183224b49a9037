import { createEngine, type Engine } from '../../src/core/compliance/engine.js';
import type { Decision, HistoryEntry, Scenario, ScenarioEvent } from '../../src/core/compliance/types.js';
import { loadPacks } from '../../src/server/modules/compliance/packs.loader.js';

let engine: Engine | undefined;
/** The engine over the shipped rule packs. */
export function shippedEngine(): Engine {
  if (!engine) {
    const { packs, sets } = loadPacks();
    engine = createEngine(packs, sets);
  }
  return engine;
}

/** A scenario with one debtor (p1, Asia/Shanghai), two debts, a collector agency-a and two qualified agents. */
type Over = Partial<Omit<Scenario, 'action'>> & { action?: Partial<Scenario['action']> };
export function scenario(over: Over = {}): Scenario {
  const { action, ...rest } = over;
  return {
    packs: ['cn-gbt-45251-2025'],
    at: '2026-03-02T15:00:00+08:00',
    parties: [
      { id: 'p1', role: 'debtor', timeZones: ['Asia/Shanghai'] },
      { id: 'c1', role: 'emergency_contact', timeZones: ['Asia/Shanghai'] },
      { id: 's1', role: 'spouse', timeZones: ['Asia/Shanghai'] },
      { id: 't1', role: 'third_party', timeZones: ['Asia/Shanghai'] },
      { id: 'g1', role: 'guarantor', timeZones: ['Asia/Shanghai'] },
      { id: 'a1', role: 'attorney', timeZones: ['Asia/Shanghai'] },
    ],
    debts: [{ id: 'd1', accountNumber: 'A-1', lender: 'licensed' }, { id: 'd2', accountNumber: 'A-2', lender: 'licensed' }],
    agents: [
      { id: 'u1', certificates: [{ kind: 'field_visit', validUntil: '2027-01-01' }, { kind: 'collector', validUntil: '2027-01-01' }], lastTrainingOn: '2025-12-01' },
      { id: 'u2', certificates: [{ kind: 'field_visit', validUntil: '2027-01-01' }], lastTrainingOn: '2025-12-01' },
    ],
    history: [],
    events: [],
    ...rest,
    action: { channel: 'call', partyId: 'p1', contactPoint: 'm1', debtIds: ['d1'], collectorId: 'agency-a', agentIds: ['u1'], recording: true, ...action },
  };
}

export function call(at: string, result: HistoryEntry['result'], over: Partial<HistoryEntry> = {}): HistoryEntry {
  return { at, channel: 'call', direction: 'outbound', partyId: 'p1', contactPoint: 'm1', debtIds: ['d1'], collectorId: 'agency-a', result, ...over };
}

export function event(at: string, type: ScenarioEvent['type'], over: Partial<ScenarioEvent> = {}): ScenarioEvent {
  return { at, type, partyId: 'p1', ...over };
}

export function decide(s: Scenario): Decision {
  return shippedEngine().decide(s);
}

/** Rule ids that fired with the given outcome. */
export function fired(d: Decision, outcome?: 'warn' | 'block'): string[] {
  return d.reasons.filter((r) => !outcome || r.outcome === outcome).map((r) => r.ruleId);
}

/** The example scenario of the compliance issue, verbatim. */
export const issueExample: Scenario = {
  packs: ['cn-gbt-45251-2025'], at: '2026-03-02T21:59:00+08:00',
  action: { channel: 'call', partyId: 'p1', contactPoint: 'm1', debtIds: ['d1'], collectorId: 'agency-a', agentIds: ['u1'], content: 'optional text', recording: true },
  parties: [{ id: 'p1', role: 'debtor', timeZones: ['Asia/Shanghai'], vulnerable: false }],
  debts: [{ id: 'd1', accountNumber: 'A-1', lender: 'licensed' }],
  agents: [{ id: 'u1', certificates: [{ kind: 'field_visit', validUntil: '2027-01-01' }], lastTrainingOn: '2026-06-01' }],
  history: [{ at: '2026-03-02T10:00:00+08:00', channel: 'call', direction: 'outbound', partyId: 'p1', contactPoint: 'm1', debtIds: ['d1'], collectorId: 'agency-a', result: 'conversation' }],
  events: [{ at: '2026-03-01T09:00:00+08:00', type: 'consent', partyId: 'p1', channel: 'call', from: '2026-03-02T22:00:00+08:00', until: '2026-03-02T23:00:00+08:00' }],
};
