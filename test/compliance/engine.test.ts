import { describe, expect, it } from 'vitest';
import { ScenarioError } from '../../src/core/compliance/engine.js';
import { call, decide, event, fired, issueExample, scenario, shippedEngine } from './helpers.js';

describe('time windows (CN-G01, CN-B01, US-T01)', () => {
  const cn = (at: string, over = {}) => decide(scenario({ at, ...over }));
  it.each([
    ['2026-03-02T21:59:59+08:00', 'allow', '2026-03-02T21:59:59+08:00'],
    ['2026-03-02T22:00:00+08:00', 'block', '2026-03-03T08:00:00+08:00'],
    ['2026-03-02T23:59:59+08:00', 'block', '2026-03-03T08:00:00+08:00'],
    ['2026-03-03T00:00:00+08:00', 'block', '2026-03-03T08:00:00+08:00'],
    ['2026-03-03T07:59:59+08:00', 'block', '2026-03-03T08:00:00+08:00'],
    ['2026-03-03T08:00:00+08:00', 'allow', '2026-03-03T08:00:00+08:00'],
    // The same instant written in UTC: the debtor's zone decides, not the writer's.
    ['2026-03-02T14:00:00Z', 'block', '2026-03-03T08:00:00+08:00'],
    ['2026-03-02T13:59:59Z', 'allow', '2026-03-02T21:59:59+08:00'],
  ])('call at %s → %s, next %s', (at, outcome, next) => {
    const d = cn(at);
    expect(d.outcome).toBe(outcome);
    expect(d.nextAllowedAt).toBe(next);
    if (outcome === 'block') {
      expect(fired(d, 'block')).toEqual(['CN-G01']);
      const r = d.reasons[0]!;
      expect(r).toMatchObject({ pack: 'cn-gbt-45251-2025', packVersion: '2025.1', authority: 'national_standard', citation: expect.stringContaining('GB/T 45251-2025') });
      expect(r.message['zh-CN']).toContain('22:00');
      expect(r.detail?.en).toContain('Asia/Shanghai');
    }
  });

  it('a letter is not bound by the hours', () => {
    expect(cn('2026-03-02T23:00:00+08:00', { action: { channel: 'letter' } }).outcome).toBe('allow');
  });

  it('recorded consent covering the instant allows with a warning; consent recorded later or for another channel does not', () => {
    const consent = event('2026-03-01T09:00:00+08:00', 'consent', { channel: 'call', from: '2026-03-02T22:00:00+08:00', until: '2026-03-02T23:00:00+08:00' });
    expect(cn('2026-03-02T22:30:00+08:00', { events: [consent] }).outcome).toBe('warn');
    expect(cn('2026-03-02T23:00:00+08:00', { events: [consent] }).outcome).toBe('block');
    expect(cn('2026-03-02T22:30:00+08:00', { events: [{ ...consent, at: '2026-03-02T22:40:00+08:00' }] }).outcome).toBe('block');
    expect(cn('2026-03-02T22:30:00+08:00', { events: [{ ...consent, channel: 'sms' }] }).outcome).toBe('block');
    expect(cn('2026-03-02T22:30:00+08:00', { events: [{ ...consent, partyId: 'c1' }] }).outcome).toBe('block');
  });

  it('a consent starting later is the earliest lawful alternative', () => {
    const consent = event('2026-03-01T09:00:00+08:00', 'consent', { from: '2026-03-02T23:00:00+08:00', until: '2026-03-02T23:30:00+08:00' });
    const d = cn('2026-03-02T22:30:00+08:00', { events: [consent] });
    expect(d.outcome).toBe('block');
    expect(d.nextAllowedAt).toBe('2026-03-02T23:00:00+08:00');
  });

  const us = (at: string, zones: string[]) => decide(scenario({ packs: ['us-regf'], at, parties: [{ id: 'p1', role: 'debtor', timeZones: zones }] }));
  it.each([
    // Spring forward in New York (2026-03-08 02:00 EST → 03:00 EDT).
    ['2026-03-08T07:59:00-04:00', ['America/New_York'], 'block', '2026-03-08T08:00:00-04:00'],
    ['2026-03-07T21:00:00-05:00', ['America/New_York'], 'block', '2026-03-08T08:00:00-04:00'],
    ['2026-03-07T20:59:59-05:00', ['America/New_York'], 'allow', '2026-03-07T20:59:59-05:00'],
    ['2026-03-08T08:00:00-04:00', ['America/New_York'], 'allow', '2026-03-08T08:00:00-04:00'],
    // Fall back (2026-11-01 02:00 EDT → 01:00 EST): 01:30 happens twice, 08:00 once.
    ['2026-11-01T01:30:00-05:00', ['America/New_York'], 'block', '2026-11-01T08:00:00-05:00'],
    ['2026-11-01T07:59:59-05:00', ['America/New_York'], 'block', '2026-11-01T08:00:00-05:00'],
    ['2026-11-01T20:59:00-05:00', ['America/New_York'], 'allow', '2026-11-01T20:59:00-05:00'],
    // London's spring forward (2026-03-29 01:00 GMT → 02:00 BST).
    ['2026-03-29T07:00:00+01:00', ['Europe/London'], 'block', '2026-03-29T08:00:00+01:00'],
    // Two candidate zones: allowed only where both windows overlap.
    ['2026-06-01T10:00:00-04:00', ['America/New_York', 'America/Los_Angeles'], 'block', '2026-06-01T11:00:00-04:00'],
    ['2026-06-01T20:30:00-04:00', ['America/New_York', 'America/Los_Angeles'], 'allow', '2026-06-01T20:30:00-04:00'],
    ['2026-06-01T21:00:00-04:00', ['America/New_York', 'America/Los_Angeles'], 'block', '2026-06-02T11:00:00-04:00'],
  ])('US call at %s in %j → %s, next %s', (at, zones, outcome, next) => {
    const d = us(at, zones);
    expect(d.outcome).toBe(outcome);
    expect(d.nextAllowedAt).toBe(next);
    if (outcome === 'block') expect(fired(d, 'block')).toContain('US-T01');
  });

  it('candidate zones whose windows never overlap block until the location is fixed', () => {
    const d = us('2026-01-15T12:00:00Z', ['Europe/London', 'Asia/Shanghai', 'America/Los_Angeles']);
    expect(d.outcome).toBe('block');
    expect(d.nextAllowedAt).toBeNull();
    expect(d.reasons[0]?.detail?.en).toContain('never overlap');
  });

  it('packs compose strictest-wins: CN allows 21:30, the US pack does not', () => {
    const d = decide(scenario({ packs: ['cn-gbt-45251-2025', 'us-regf'], at: '2026-03-02T21:30:00+08:00' }));
    expect(d.outcome).toBe('block');
    expect(fired(d, 'block')).toEqual(['US-T01']);
    expect(d.nextAllowedAt).toBe('2026-03-03T08:00:00+08:00');
  });
});

describe('counting units', () => {
  const today = (h: string) => `2026-03-02T${h}:00+08:00`;
  it('CN-G02: three active effective conversations per debtor per local day, across the lender and all agencies', () => {
    const history = [call(today('09:00'), 'conversation'), call(today('10:00'), 'conversation', { collectorId: 'agency-b', debtIds: ['d2'] }), call(today('11:00'), 'conversation', { contactPoint: 'm2' })];
    const d = decide(scenario({ history }));
    expect(fired(d, 'block')).toEqual(['CN-G02']);
    // Next local day at 00:00, then the night window → 08:00.
    expect(d.nextAllowedAt).toBe('2026-03-03T08:00:00+08:00');
    expect(decide(scenario({ history: history.slice(0, 2) })).outcome).toBe('allow');
  });
  it('CN-G02 counts only outbound conversations, in the debtor\'s local day', () => {
    const base = [call(today('09:00'), 'conversation'), call(today('10:00'), 'conversation')];
    expect(decide(scenario({ history: [...base, call(today('11:00'), 'no_answer')] })).outcome).toBe('allow');
    expect(decide(scenario({ history: [...base, call(today('11:00'), 'conversation', { direction: 'inbound' })] })).outcome).toBe('allow');
    // 23:59:59 the previous local day (15:59:59Z) does not count; 00:00 local (16:00Z) does.
    expect(decide(scenario({ history: [...base, call('2026-03-01T15:59:59Z', 'conversation')] })).outcome).toBe('allow');
    expect(decide(scenario({ history: [...base, call('2026-03-01T16:00:00Z', 'conversation')] })).outcome).toBe('block');
  });
  it('CN-B02: six unanswered attempts per contact number per day — per number, not per debtor', () => {
    const history = ['08:00', '09:00', '10:00', '11:00', '12:00', '13:00'].map((h, i) => call(today(h), (['no_answer', 'busy', 'switched_off', 'rejected', 'voicemail', 'not_in_service'] as const)[i]));
    const s = { packs: ['cn-cba-2026'], history };
    const d = decide(scenario(s));
    expect(fired(d, 'block')).toEqual(['CN-B02']);
    expect(d.nextAllowedAt).toBe('2026-03-03T08:00:00+08:00');
    expect(decide(scenario({ ...s, action: { contactPoint: 'm2' } })).outcome).toBe('allow');
    expect(decide(scenario({ ...s, history: history.slice(1) })).outcome).toBe('allow');
    expect(decide(scenario({ ...s, history: [...history.slice(1), call(today('13:30'), 'conversation')] })).outcome).toBe('allow');
  });

  const usParty = [{ id: 'p1', role: 'debtor' as const, timeZones: ['America/New_York'] }];
  const day = (d: number, h = '10:00') => `2026-04-${String(d).padStart(2, '0')}T${h}:00-04:00`;
  const us = (history: ReturnType<typeof call>[], at: string, action = {}) =>
    decide(scenario({ packs: ['us-regf'], parties: usParty, history, at, action }));
  it('US-F01: seven calls in seven consecutive days, per collector × person × debt; busy and not-in-service excluded', () => {
    const seven = [1, 2, 3, 4, 5, 6, 7].map((d) => call(day(d), 'no_answer'));
    const d = us(seven, day(7, '15:00'));
    expect(fired(d, 'block')).toEqual(['US-F01']);
    expect(d.reasons[0]?.authority).toBe('presumption');
    // Day 8's window holds days 2..8: six calls → allowed from 08:00.
    expect(d.nextAllowedAt).toBe('2026-04-08T08:00:00-04:00');
    expect(us(seven, day(7, '15:00'), { debtIds: ['d2'] }).outcome).toBe('allow');
    expect(us(seven, day(7, '15:00'), { collectorId: 'agency-b' }).outcome).not.toBe('block');
    const withBusy = [...seven.slice(1), call(day(7, '09:00'), 'busy'), call(day(7, '09:10'), 'not_in_service')];
    expect(us(withBusy, day(7, '15:00')).outcome).not.toBe('block');
    const withVoicemail = [...seven.slice(1), call(day(7, '09:00'), 'voicemail')];
    expect(us(withVoicemail, day(7, '15:00')).outcome).toBe('block');
  });
  it('US-F01 cooldown: a conversation in either direction starts 7 days for every debt discussed', () => {
    const conv = call(day(1, '10:00'), 'conversation', { debtIds: ['d1', 'd2'] });
    const d = us([conv], day(7, '15:00'));
    expect(fired(d, 'block')).toEqual(['US-F01']);
    expect(d.nextAllowedAt).toBe('2026-04-08T08:00:00-04:00');
    expect(us([conv], day(7, '15:00'), { debtIds: ['d2'] }).outcome).toBe('block');
    expect(us([{ ...conv, debtIds: ['d1'] }], day(3), { debtIds: ['d2'] }).outcome).toBe('allow');
    expect(us([{ ...conv, direction: 'inbound' }], day(3)).outcome).toBe('block');
    expect(us([conv], day(8, '08:00')).outcome).toBe('allow');
  });
  it('US-F03: calls under direct prior consent within 7 days of it are not counted; after the TTL they are', () => {
    const consent = event('2026-04-01T09:00:00-04:00', 'consent', { channel: 'call', from: '2026-04-01T09:00:00-04:00', until: '2026-04-30T00:00:00-04:00' });
    const conv = call(day(2), 'conversation');
    const s = (at: string) => decide(scenario({ packs: ['us-regf'], parties: usParty, history: [conv], events: [consent], at }));
    expect(s(day(3)).outcome).not.toBe('block'); // consent given on day 1; day 3 is within 7 days
    expect(s(day(7)).outcome).not.toBe('block'); // day 7 is the 7th day
    // Conservative reading: a conversation on a consented call still starts the 7-day period (day 2..8);
    // on day 8 the consent is 8 days old and no longer excludes the new call.
    expect(fired(s(day(8, '09:00')), 'block')).toEqual(['US-F01']);
    expect(s(day(8, '09:00')).nextAllowedAt).toBe('2026-04-09T00:00:00-04:00');
    const seven = [1, 2, 3, 4, 5, 6, 7].map((d) => call(day(d + 1), 'no_answer'));
    const after = decide(scenario({ packs: ['us-regf'], parties: usParty, history: seven, events: [consent], at: day(9, '09:00') }));
    // day 9: calls on days 2..7 were under consent (not counted), the call on day 8 counts: allowed.
    expect(after.outcome).not.toBe('block');
  });
  it('US-F06 rebuttal factor: a second unanswered call to one number within five minutes warns until five minutes pass', () => {
    const d = us([call('2026-04-02T10:00:30-04:00', 'no_answer')], '2026-04-02T10:03:00-04:00');
    expect(d.outcome).toBe('warn');
    expect(fired(d, 'warn')).toContain('US-F06');
    expect(us([call('2026-04-02T10:00:30-04:00', 'no_answer')], '2026-04-02T10:05:30-04:00').outcome).toBe('allow');
  });
});

describe('third parties', () => {
  const fails = ['09:00', '10:00', '11:00'].map((h) => call(`2026-03-02T${h}:00+08:00`, 'no_answer'));
  const tp = (partyId: string, history: ReturnType<typeof call>[] = [], packs = ['cn-cba-2026'], extra = {}) =>
    decide(scenario({ packs, history, action: { partyId, contactPoint: 'x1' }, ...extra }));
  it('CN-B03: an unrelated third party only once the debtor is lost (3 consecutive failed contacts), with a warning', () => {
    expect(fired(tp('t1'), 'block')).toEqual(['CN-B03']);
    expect(tp('t1').nextAllowedAt).toBeNull();
    expect(tp('t1', fails.slice(0, 2)).outcome).toBe('block');
    const d = tp('t1', fails);
    expect(d.outcome).toBe('warn');
    expect(d.reasons[0]?.detail?.en).toContain('never disclose');
    // A conversation with the debtor after the failures: reachable again.
    expect(tp('t1', [...fails, call('2026-03-02T12:00:00+08:00', 'conversation')]).outcome).toBe('block');
    // An invalid number on the debtor's only line is enough.
    expect(tp('t1', [call('2026-03-02T09:00:00+08:00', 'not_in_service')]).outcome).toBe('warn');
  });
  it('CN-B03: never again after the third party refuses', () => {
    const d = tp('t1', fails, ['cn-cba-2026'], { events: [event('2026-03-02T12:00:00+08:00', 'third_party_refused', { partyId: 't1' })] });
    expect(d.outcome).toBe('block');
    expect(d.nextAllowedAt).toBeNull();
  });
  it('debt-related spouse: CBA allows, GB/T requires the debtor to be unreachable or dead', () => {
    expect(tp('s1').outcome).toBe('allow');
    expect(tp('s1', [], ['cn-gbt-45251-2025']).outcome).toBe('block');
    expect(tp('s1', [], ['cn-gbt-45251-2025'], { events: [event('2026-02-01T10:00:00+08:00', 'deceased')] }).outcome).toBe('warn');
    expect(tp('g1', [], ['cn-gbt-45251-2025']).outcome).toBe('allow');
  });
  it('card rules never allow unrelated third parties', () => {
    expect(tp('t1', fails, ['cn-card-2011']).outcome).toBe('block');
  });
  it('no debt details to a third party; the debtor may hear them', () => {
    const content = '【某某资产】您好，请转告张三尽快处理其逾期欠款。';
    const d = tp('t1', fails, ['cn-cba-2026'], { action: { partyId: 't1', channel: 'sms', content, contactPoint: 'x1' } });
    expect(fired(d, 'block')).toContain('CN-B03');
    const spans = d.reasons.find((r) => r.ruleId === 'CN-B03' && r.spans)?.spans ?? [];
    expect(spans.map((s) => s.text).join('')).toMatch(/逾期|欠款/);
    const toDebtor = decide(scenario({ packs: ['cn-cba-2026'], action: { channel: 'sms', content } }));
    expect(fired(toDebtor, 'block')).not.toContain('CN-B03');
  });
  it('US-L01: one location conversation with a third party', () => {
    const us = { parties: [{ id: 'p1', role: 'debtor' as const, timeZones: ['America/New_York'] }, { id: 't1', role: 'third_party' as const, timeZones: ['America/New_York'] }], at: '2026-04-02T10:00:00-04:00' };
    expect(tp('t1', [], ['us-regf'], us).outcome).toBe('warn');
    const once = [call('2026-04-01T10:00:00-04:00', 'conversation', { partyId: 't1', contactPoint: 'x1' })];
    expect(fired(tp('t1', once, ['us-regf'], us), 'block')).toContain('US-L01');
  });
});

describe('holds', () => {
  const at = '2026-03-02T15:00:00+08:00';
  it.each([
    ['dispute on d1 blocks calls about d1', ['concord-baseline'], event('2026-03-01T10:00:00+08:00', 'dispute', { debtIds: ['d1'] }), {}, 'block', 'CC-H01'],
    ['dispute on d1 does not block calls about d2', ['concord-baseline'], event('2026-03-01T10:00:00+08:00', 'dispute', { debtIds: ['d1'] }), { debtIds: ['d2'] }, 'allow', null],
    ['complaint', ['concord-baseline'], event('2026-03-01T10:00:00+08:00', 'hold_complaint'), {}, 'block', 'CC-H02'],
    ['bankruptcy', ['concord-baseline'], event('2026-03-01T10:00:00+08:00', 'bankruptcy'), {}, 'block', 'CC-H05'],
    ['cease request', ['concord-baseline'], event('2026-03-01T10:00:00+08:00', 'cease'), {}, 'block', 'CC-H06'],
    ['cease acknowledgement is the one thing allowed', ['concord-baseline'], event('2026-03-01T10:00:00+08:00', 'cease'), { channel: 'letter', purpose: 'cease_acknowledgement' }, 'allow', null],
    ['signed card plan stops collection (CN-C04)', ['cn-card-2011'], event('2026-03-01T10:00:00+08:00', 'plan_signed', { debtIds: ['d1'] }), {}, 'block', 'CN-C04'],
    ['attorney: no direct contact with the debtor (US-T04)', ['us-regf'], event('2026-03-01T10:00:00+08:00', 'attorney'), {}, 'block', 'US-T04'],
    ['attorney: the attorney may be contacted', ['us-regf'], event('2026-03-01T10:00:00+08:00', 'attorney'), { partyId: 'a1' }, 'allow', null],
    ['a hold recorded after the planned instant does not apply', ['concord-baseline'], event('2026-03-02T16:00:00+08:00', 'hold_complaint'), {}, 'allow', null],
  ] as const)('%s', (_name, packs, ev, action, outcome, rule) => {
    const d = decide(scenario({ packs: [...packs], at, events: [ev], action: action as object }));
    expect(d.outcome).toBe(outcome);
    if (rule) {
      expect(fired(d, 'block')).toContain(rule);
      expect(d.nextAllowedAt).toBeNull();
    }
  });
  it('a breached plan lifts the plan hold', () => {
    const events = [event('2026-02-01T10:00:00+08:00', 'plan_signed', { debtIds: ['d1'] }), event('2026-03-01T10:00:00+08:00', 'plan_breached', { debtIds: ['d1'] })];
    expect(decide(scenario({ packs: ['cn-card-2011', 'concord-baseline'], at, events })).outcome).toBe('allow');
  });
  it('a hardship hold with a review date ends at the start of that day, then warns that the review is due', () => {
    const events = [event('2026-02-01T10:00:00+08:00', 'hold_hardship', { reviewOn: '2026-03-10' })];
    const d = decide(scenario({ packs: ['concord-baseline'], at, events }));
    expect(fired(d, 'block')).toEqual(['CC-H03']);
    expect(d.nextAllowedAt).toBe('2026-03-10T00:00:00+08:00');
    const later = decide(scenario({ packs: ['cn-default'], at: '2026-03-10T09:00:00+08:00', events }));
    expect(later.outcome).toBe('warn');
    expect(fired(later, 'warn')).toContain('CC-H03');
  });
  it('a deceased debtor is not contacted', () => {
    expect(fired(decide(scenario({ packs: ['cn-default'], at, events: [event('2026-02-01T10:00:00+08:00', 'deceased')] })), 'block')).toContain('CC-H04');
  });
});

describe('party designations', () => {
  it('US-T02: a designated inconvenient daily span blocks until it ends; the designation binds from when it was made', () => {
    const parties = [{ id: 'p1', role: 'debtor' as const, timeZones: ['America/New_York'] }];
    const ev = event('2026-04-01T09:00:00-04:00', 'inconvenient_time', { from: '12:00', until: '13:00' });
    const at = (t: string) => decide(scenario({ packs: ['us-regf'], parties, events: [ev], at: t }));
    const d = at('2026-04-02T12:30:00-04:00');
    expect(fired(d, 'block')).toEqual(['US-T02']);
    expect(d.nextAllowedAt).toBe('2026-04-02T13:00:00-04:00');
    expect(at('2026-04-02T11:59:59-04:00').outcome).toBe('allow');
    expect(at('2026-04-02T13:00:00-04:00').outcome).toBe('allow');
    expect(at('2026-04-01T08:30:00-04:00').outcome).toBe('allow');
  });
  it('US-T02/T03: the party calling at that time may be answered once through the same medium', () => {
    const parties = [{ id: 'p1', role: 'debtor' as const, timeZones: ['America/New_York'] }];
    const ev = event('2026-04-01T09:00:00-04:00', 'inconvenient_time', { from: '12:00', until: '13:00' });
    // The party called and left a voicemail (a conversation would start the 7-day period of US-F01).
    const inbound = call('2026-04-02T12:10:00-04:00', 'voicemail', { direction: 'inbound' });
    const s = (history: ReturnType<typeof call>[]) => decide(scenario({ packs: ['us-regf'], parties, events: [ev], history, at: '2026-04-02T12:20:00-04:00' }));
    expect(s([inbound]).outcome).toBe('warn');
    expect(s([inbound, call('2026-04-02T12:15:00-04:00', 'conversation')]).outcome).toBe('block');
  });
  it('US-E03: a medium opt-out blocks that medium; one reply when the person uses it; a bare confirmation is allowed', () => {
    const parties = [{ id: 'p1', role: 'debtor' as const, timeZones: ['America/New_York'] }];
    const content = 'Acme Recovery: this is a communication from a debt collector. Reply STOP to opt out.';
    const base = { packs: ['us-regf'], parties, at: '2026-04-02T10:00:00-04:00', events: [event('2026-04-01T10:00:00-04:00', 'medium_opt_out', { channel: 'sms' })] };
    const sms = (history: ReturnType<typeof call>[] = [], action = {}) => decide(scenario({ ...base, history, action: { channel: 'sms', content, ...action } }));
    expect(fired(sms(), 'block')).toEqual(['US-E03']);
    expect(decide(scenario({ ...base })).outcome).toBe('allow'); // calls are another medium
    const inbound = { ...call('2026-04-01T18:00:00-04:00', undefined, { direction: 'inbound' }), channel: 'sms' as const };
    expect(sms([inbound]).outcome).toBe('warn');
    const replied = { ...call('2026-04-01T18:05:00-04:00', 'delivered'), channel: 'sms' as const };
    expect(sms([inbound, replied]).outcome).toBe('block');
    expect(sms([], { purpose: 'opt_out_confirmation' }).outcome).toBe('warn');
  });
});

describe('field visits', () => {
  const visit = (action = {}, packs = ['cn-gbt-45251-2025', 'cn-cba-2026', 'cn-nifa-2018'], extra = {}) =>
    decide(scenario({ packs, action: { channel: 'visit', contactPoint: 'addr-1', agentIds: ['u1', 'u2'], recording: true, ...action }, ...extra }));
  it('two qualified collectors with recording on: allowed', () => {
    expect(visit().outcome).toBe('allow');
  });
  it('CN-B05: at least two collectors', () => {
    expect(fired(visit({ agentIds: ['u1'] }), 'block')).toEqual(['CN-B05']);
  });
  it('CN-P08: recording must be on', () => {
    expect(fired(visit({ recording: false }), 'block')).toEqual(['CN-P08']);
  });
  it('CN-G04: an expired field-visit certificate or stale training blocks; a future certificate gives the date', () => {
    const agents = [
      { id: 'u1', certificates: [{ kind: 'field_visit', validUntil: '2026-03-01' }], lastTrainingOn: '2025-12-01' },
      { id: 'u2', certificates: [{ kind: 'field_visit', validUntil: '2027-01-01' }], lastTrainingOn: '2025-03-01' },
    ];
    const d = visit({}, undefined, { agents });
    expect(fired(d, 'block')).toEqual(['CN-G04']);
    expect(d.reasons[0]?.detail?.en).toMatch(/u1: field_visit.*u2: training/);
    const future = [
      { id: 'u1', certificates: [{ kind: 'field_visit', validFrom: '2026-03-05', validUntil: '2027-03-05' }], lastTrainingOn: '2026-01-01' },
      { id: 'u2', certificates: [{ kind: 'field_visit', validUntil: '2027-01-01' }], lastTrainingOn: '2026-01-01' },
    ];
    expect(visit({}, undefined, { agents: future }).nextAllowedAt).toBe('2026-03-05T08:00:00+08:00');
  });
  it('an expired collector certificate blocks calls (the channel it qualifies for), but a missing one does not', () => {
    const agents = [{ id: 'u1', certificates: [{ kind: 'collector', validUntil: '2026-02-28' }] }];
    expect(fired(decide(scenario({ agents })), 'block')).toEqual(['CN-G04']);
    expect(decide(scenario({ agents: [{ id: 'u1' }] })).outcome).toBe('allow');
  });
  it('UK-10: no visit to a vulnerable customer', () => {
    const parties = [{ id: 'p1', role: 'debtor' as const, timeZones: ['Europe/London'], vulnerable: true }];
    const d = visit({}, ['uk-fca-conc7'], { parties, at: '2026-03-02T11:00:00Z' });
    expect(fired(d, 'block')).toEqual(['UK-10']);
  });
});

describe('content rules', () => {
  const sms = (content: string, packs = ['cn-default'], action = {}) => decide(scenario({ packs, action: { channel: 'sms', content, ...action } }));
  it('threats are blocked with the offending span; a negated statement is not', () => {
    const d = sms('【某某资产】张先生，你再不还钱，我们就上门抓你。');
    expect(d.outcome).toBe('block');
    const r = d.reasons.find((x) => x.ruleId === 'CN-B04');
    expect(r?.spans?.some((s) => s.text.includes('抓'))).toBe(true);
    expect(sms('【某某资产】张先生您好，我们不会上门打扰您，请方便时回电协商还款，回复TD退订。').outcome).toBe('allow');
  });
  it('messages must identify the institution (CN-B06)', () => {
    expect(fired(sms('张先生您好，请尽快还款。'), 'block')).toContain('CN-B06');
    expect(fired(sms('张先生您好，我是某某资产管理有限公司的工作人员，请尽快还款。'), 'block')).not.toContain('CN-B06');
  });
  it('US: an SMS without an opt-out method or the debt-collector disclosure is blocked', () => {
    const parties = [{ id: 'p1', role: 'debtor' as const, timeZones: ['America/New_York'] }];
    const d = decide(scenario({ packs: ['us-regf'], parties, at: '2026-04-02T10:00:00-04:00', action: { channel: 'sms', content: 'Please pay your balance today.' } }));
    expect(fired(d, 'block').sort()).toEqual(['US-C03', 'US-E01']);
    const ok = decide(scenario({ packs: ['us-regf'], parties, at: '2026-04-02T10:00:00-04:00', action: { channel: 'sms', content: 'Acme Recovery: this is a communication from a debt collector. Reply STOP to opt out.' } }));
    expect(ok.outcome).toBe('allow');
  });
  it('impersonating a court is blocked under both CN and US packs', () => {
    expect(fired(sms('【某某资产】我是人民法院的，你的案子已经立案了。'), 'block')).toContain('CN-B04');
    const parties = [{ id: 'p1', role: 'debtor' as const, timeZones: ['America/New_York'] }];
    const d = decide(scenario({ packs: ['us-regf'], parties, at: '2026-04-02T10:00:00-04:00', action: { channel: 'call', content: 'This is the police. You will be arrested if you do not pay.' } }));
    expect(fired(d, 'block')).toEqual(expect.arrayContaining(['US-C01', 'US-C02']));
  });
});

describe('packs and scenarios', () => {
  it('effective dates: the superseded NIFA 2024 guideline applies before 2025-02-28 only', () => {
    const history = ['09:00', '10:00', '11:00'].map((h) => call(`2024-06-03T${h}:00+08:00`, 'conversation'));
    expect(fired(decide(scenario({ packs: ['cn-nifa-2024'], history, at: '2024-06-03T15:00:00+08:00' })), 'block')).toEqual(['CN-N01']);
    const later = ['09:00', '10:00', '11:00'].map((h) => call(`2025-03-03T${h}:00+08:00`, 'conversation'));
    expect(decide(scenario({ packs: ['cn-nifa-2024'], history: later, at: '2025-03-03T15:00:00+08:00' })).outcome).toBe('allow');
    expect(decide(scenario({ packs: ['cn-gbt-45251-2025'], at: '2025-02-27T23:00:00+08:00' })).outcome).toBe('allow');
    expect(decide(scenario({ packs: ['cn-gbt-45251-2025'], at: '2025-02-28T23:00:00+08:00' })).outcome).toBe('block');
  });
  it('the Chinese default set is GB/T + CBA + the NIFA content rules + the baseline', () => {
    const rules = shippedEngine().resolve(['cn-default']);
    const packs = new Set(rules.map((r) => r.pack.id));
    expect([...packs].sort()).toEqual(['cn-cba-2026', 'cn-gbt-45251-2025', 'cn-nifa-2018', 'concord-baseline']);
    expect(rules.filter((r) => r.pack.id === 'cn-nifa-2018').every((r) => r.rule.kind === 'content')).toBe(true);
  });
  it('an unknown pack names its position', () => {
    expect(() => decide(scenario({ packs: ['cn-gbt-45251-2025', 'nope'] }))).toThrowError(ScenarioError);
    try {
      decide(scenario({ packs: ['cn-gbt-45251-2025', 'nope'] }));
    } catch (e) {
      expect((e as ScenarioError).path).toBe('packs[1]');
    }
  });
  it('every rule id of REGULATIONS.md is in a shipped pack with a citation', async () => {
    const { existsSync, readFileSync } = await import('node:fs');
    // The rule table lives outside the repository (../shared); a copy of its ids is kept beside this test and
    // checked against the table whenever the table is present.
    const copy = JSON.parse(readFileSync(new URL('./regulation-ids.json', import.meta.url), 'utf8')) as { ids: string[] };
    const table = new URL('../../../shared/domain/REGULATIONS.md', import.meta.url);
    if (existsSync(table)) {
      const text = readFileSync(table, 'utf8');
      expect([...new Set([...text.matchAll(/^\| ((?:CN|US|UK)-[A-Z0-9]+) \|/gm)].map((m) => m[1]))]).toEqual(copy.ids);
    }
    const ids = new Set(copy.ids);
    const shipped = new Map<string, string>();
    for (const p of shippedEngine().packs()) for (const r of p.rules) shipped.set(r.id, r.citation);
    expect(ids.size).toBeGreaterThan(60);
    const missing = [...ids].filter((id) => id && !shipped.has(id));
    expect(missing).toEqual([]);
  });
  it('the example scenario of the issue is allowed', () => {
    const d = shippedEngine().decide(issueExample);
    expect(d).toEqual({ outcome: 'allow', reasons: [], nextAllowedAt: '2026-03-02T21:59:00+08:00' });
  });
});
