// Click-to-call (issue 5, item 5): the facts of one call, folded from the events a dialer posted for its attempt.
// Pure and order-free: the dialer's events may arrive in any order (an `ended` before its `started`), and the facts
// are always computed from the whole set, so a late event fills a gap instead of overwriting a later one.

export const callEventTypes = ['started', 'answered', 'ended'] as const;
export type CallEventType = (typeof callEventTypes)[number];

export type CallEvent<R extends string = string> = {
  type: CallEventType;
  /** When it happened at the dialer (ISO instant). */
  at: string;
  durationSec: number | null;
  result: R | null;
  recordingUrl: string | null;
  recordingSha256: string | null;
};

/** waiting: nothing yet; started: dialling/ringing; answered: in conversation; ended: hung up. */
export type CallState = 'waiting' | 'started' | 'answered' | 'ended';

export type CallFacts<R extends string = string> = {
  state: CallState;
  startedAt: string | null;
  answeredAt: string | null;
  endedAt: string | null;
  /** Talk time: the dialer's figure when given, else answered → ended; null when unknown. */
  durationSec: number | null;
  result: R | null;
  recordingUrl: string | null;
  recordingSha256: string | null;
};

const ms = (iso: string) => Date.parse(iso);
const byAt = <E extends { at: string }>(a: E, b: E) => ms(a.at) - ms(b.at);

/** The call facts of a set of events (any order). Ties on `at` keep the given (arrival) order. */
export function callFacts<R extends string>(events: readonly CallEvent<R>[]): CallFacts<R> {
  const sorted = [...events].sort(byAt);
  const first = (type: CallEventType) => sorted.find((e) => e.type === type) ?? null;
  const lastWith = <K extends keyof CallEvent<R>>(key: K): CallEvent<R> | null => {
    for (let i = sorted.length - 1; i >= 0; i--) if (sorted[i]![key] !== null) return sorted[i]!;
    return null;
  };
  const started = first('started');
  const answered = first('answered');
  const endedEvents = sorted.filter((e) => e.type === 'ended');
  const ended = endedEvents.at(-1) ?? null;

  let durationSec: number | null = null;
  const given = [...endedEvents].reverse().find((e) => e.durationSec !== null);
  if (given) durationSec = given.durationSec;
  else if (ended && answered) durationSec = Math.max(0, Math.round((ms(ended.at) - ms(answered.at)) / 1000));

  const withRecording = lastWith('recordingUrl');
  return {
    state: ended ? 'ended' : answered ? 'answered' : started ? 'started' : 'waiting',
    startedAt: started?.at ?? null,
    answeredAt: answered?.at ?? null,
    endedAt: ended?.at ?? null,
    durationSec,
    result: lastWith('result')?.result ?? null,
    recordingUrl: withRecording?.recordingUrl ?? null,
    recordingSha256: withRecording?.recordingSha256 ?? lastWith('recordingSha256')?.recordingSha256 ?? null,
  };
}
