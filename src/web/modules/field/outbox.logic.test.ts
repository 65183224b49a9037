import { describe, expect, it } from 'vitest';
import type { FieldVisitOut } from '../../../contracts/field.js';
import { afterSend, classify, nextSeq, nextToSend, ownedBy, waiting, withPending, type OutboxItem } from './outbox.logic.js';

const item = (id: string, seq: number, kind: OutboxItem['kind'], extra: Partial<OutboxItem> = {}): OutboxItem => ({
  id, seq, kind, userId: 'u1', stopId: 's1', method: 'POST', path: `/api/field/stops/s1/${kind}`, capturedAt: `2026-11-28T02:0${seq}:00.000Z`, state: 'pending', ...extra,
});
const planned: FieldVisitOut = {
  status: 'planned', checkedInAt: null, distanceM: null, accuracyM: null, distanceWarning: false, partnerUserId: null, outcomeCode: null, endedAt: null,
  receivedAt: null, checkedOutAt: null, durationS: null,
};

describe('outbox: classify a failed send', () => {
  it.each([
    [0, 'retry'], [500, 'retry'], [502, 'retry'], [503, 'retry'], [408, 'retry'], [429, 'retry'], [401, 'retry'],
    [400, 'refused'], [403, 'refused'], [404, 'refused'], [409, 'refused'], [413, 'refused'], [415, 'refused'],
  ] as const)('status %i → %s', (status, kind) => {
    const r = classify(status, 'why');
    expect(r.kind).toBe(kind);
    if (r.kind === 'refused') expect(r.message).toBe('why');
  });
});

describe('outbox: order and results', () => {
  const q = [item('c', 3, 'outcome'), item('a', 1, 'check_in'), item('b', 2, 'evidence'), item('z', 0, 'sos', { state: 'failed', error: 'x' })];

  it('sends the oldest pending item first, skipping failed ones', () => {
    expect(nextToSend(q)?.id).toBe('a');
    expect(nextToSend(afterSend(q, 'a', { kind: 'ok' }))?.id).toBe('b');
    expect(nextToSend([item('x', 5, 'sos', { state: 'failed' })])).toBeUndefined();
    expect(nextToSend([])).toBeUndefined();
  });

  it('ties on seq break by id, so the order is total', () => {
    expect(nextToSend([item('b', 1, 'sos'), item('a', 1, 'sos')])?.id).toBe('a');
  });

  it('removes an accepted item, keeps a refused one as failed with its reason, leaves the queue alone on retry', () => {
    expect(afterSend(q, 'b', { kind: 'ok' }).map((i) => i.id)).toEqual(['c', 'a', 'z']);
    const refused = afterSend(q, 'a', { kind: 'refused', message: '合规规则不允许此次上门' });
    expect(refused.find((i) => i.id === 'a')).toMatchObject({ state: 'failed', error: '合规规则不允许此次上门' });
    expect(nextToSend(refused)?.id).toBe('b');
    expect(afterSend(q, 'a', { kind: 'retry' })).toEqual(q);
    expect(afterSend(q, 'nope', { kind: 'ok' })).toEqual(q);
  });

  it('counts only what still waits, and numbers new items after the newest', () => {
    expect(waiting(q)).toBe(3);
    expect(nextSeq(q, 2)).toBe(4);
    expect(nextSeq([], 7)).toBe(7);
    expect(nextSeq(q, 100)).toBe(100);
  });
});

describe('outbox: what the collector sees before the sync', () => {
  it('a queued check-in, outcome and check-out move the visit along, marked pending', () => {
    const q = [item('a', 1, 'check_in'), item('b', 2, 'outcome', { preview: { outcomeCode: 'not_home' } }), item('c', 3, 'check_out')];
    expect(withPending(planned, q.slice(0, 1), 's1')).toMatchObject({ status: 'checked_in', checkedInAt: q[0]!.capturedAt, pending: true });
    expect(withPending(planned, q.slice(0, 2), 's1')).toMatchObject({ status: 'done', outcomeCode: 'not_home', pending: true });
    expect(withPending(planned, q, 's1')).toMatchObject({ status: 'done', checkedOutAt: q[2]!.capturedAt, pending: true });
  });

  it('asked to leave ends it; other stops, failed items and impossible steps change nothing', () => {
    const checkedIn = { ...planned, status: 'checked_in' as const, checkedInAt: '2026-11-28T02:00:00.000Z' };
    expect(withPending(checkedIn, [item('l', 1, 'leave')], 's1')).toMatchObject({ status: 'left', outcomeCode: 'asked_to_leave', pending: true });
    expect(withPending(planned, [item('a', 1, 'check_in', { stopId: 's2' })], 's1')).toEqual({ ...planned, pending: false });
    expect(withPending(planned, [item('a', 1, 'check_in', { state: 'failed' })], 's1')).toEqual({ ...planned, pending: false });
    expect(withPending(planned, [item('b', 1, 'outcome')], 's1')).toEqual({ ...planned, pending: false });
    expect(withPending(checkedIn, [item('a', 1, 'check_in')], 's1')).toEqual({ ...checkedIn, pending: false });
  });

  it('shows and replays only the signed-in user’s items: another user on the phone neither sees nor sends them', () => {
    const items = [item('a', 1, 'check_in'), item('b', 2, 'outcome', { userId: 'u2' }), item('c', 3, 'check_out')];
    expect(ownedBy(items, 'u1').map((i) => i.id)).toEqual(['a', 'c']);
    expect(nextToSend(ownedBy(items, 'u2'))?.id).toBe('b');
    expect(ownedBy(items, null)).toEqual([]);
  });
});
