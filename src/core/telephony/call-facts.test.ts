import { describe, expect, it } from 'vitest';
import { callFacts, type CallEvent } from './call-facts.js';

const ev = (type: CallEvent['type'], at: string, extra: Partial<CallEvent> = {}): CallEvent => ({
  type, at, durationSec: null, result: null, recordingUrl: null, recordingSha256: null, ...extra,
});

describe('callFacts', () => {
  it('no events: waiting, nothing known', () => {
    expect(callFacts([])).toEqual({ state: 'waiting', startedAt: null, answeredAt: null, endedAt: null, durationSec: null, result: null, recordingUrl: null, recordingSha256: null });
  });

  it('a full call: times, the dialer\'s duration, result and recording', () => {
    const f = callFacts([
      ev('started', '2026-03-02T02:00:00.000Z'),
      ev('answered', '2026-03-02T02:00:10.000Z'),
      ev('ended', '2026-03-02T02:02:00.000Z', { durationSec: 105, result: 'rpc_promise', recordingUrl: 's3://rec/a.wav', recordingSha256: 'ab'.repeat(32) }),
    ]);
    expect(f).toEqual({
      state: 'ended', startedAt: '2026-03-02T02:00:00.000Z', answeredAt: '2026-03-02T02:00:10.000Z', endedAt: '2026-03-02T02:02:00.000Z',
      durationSec: 105, result: 'rpc_promise', recordingUrl: 's3://rec/a.wav', recordingSha256: 'ab'.repeat(32),
    });
  });

  it('is independent of arrival order: ended first, started later', () => {
    const events = [
      ev('ended', '2026-03-02T02:01:30.000Z', { result: 'rpc_other' }),
      ev('answered', '2026-03-02T02:00:30.000Z'),
      ev('started', '2026-03-02T02:00:00.000Z'),
    ];
    const f = callFacts(events);
    expect(f).toMatchObject({ state: 'ended', startedAt: '2026-03-02T02:00:00.000Z', endedAt: '2026-03-02T02:01:30.000Z', result: 'rpc_other' });
    // No duration from the dialer: answered → ended.
    expect(f.durationSec).toBe(60);
    expect(callFacts([...events].reverse())).toEqual(f);
  });

  it('ended without started: the end is known, the start is not; a late started fills the gap', () => {
    const ended = ev('ended', '2026-03-02T02:00:40.000Z', { result: 'no_answer' });
    expect(callFacts([ended])).toMatchObject({ state: 'ended', startedAt: null, endedAt: '2026-03-02T02:00:40.000Z', durationSec: null, result: 'no_answer' });
    expect(callFacts([ended, ev('started', '2026-03-02T02:00:00.000Z')])).toMatchObject({ state: 'ended', startedAt: '2026-03-02T02:00:00.000Z', result: 'no_answer' });
  });

  it('states before the end', () => {
    expect(callFacts([ev('started', '2026-03-02T02:00:00.000Z')]).state).toBe('started');
    expect(callFacts([ev('answered', '2026-03-02T02:00:05.000Z'), ev('started', '2026-03-02T02:00:00.000Z')]).state).toBe('answered');
  });

  it('a recording posted on a later event wins over none; the latest result wins', () => {
    const f = callFacts([
      ev('ended', '2026-03-02T02:01:00.000Z', { result: 'busy' }),
      ev('ended', '2026-03-02T02:01:05.000Z', { recordingUrl: 'https://rec.example/1.mp3' }),
    ]);
    expect(f.result).toBe('busy');
    expect(f.recordingUrl).toBe('https://rec.example/1.mp3');
    expect(f.endedAt).toBe('2026-03-02T02:01:05.000Z');
  });
});
