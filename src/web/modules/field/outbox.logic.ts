// The field phone's offline outbox, the pure part (issue 8, item 5): what an item is, which one is sent next, what a
// send's result does to the queue, and how the waiting items change what the collector sees of a visit. No I/O: the
// IndexedDB store and the fetches are in outbox.ts.
import type { FieldVisitOut } from '../../../contracts/field.js';

export type OutboxKind = 'check_in' | 'outcome' | 'evidence' | 'leave' | 'check_out' | 'sos';

/** A mutation waiting to reach the server, in the order it was made. `id` is its client id (a UUID). */
export type OutboxItem = {
  id: string;
  seq: number;
  /** Who made it: only that user's session replays it (another user signing in on the phone leaves it waiting). */
  userId: string;
  kind: OutboxKind;
  stopId: string | null;
  /** Path with query; JSON body, or a file with its type (evidence). */
  method: 'POST' | 'PUT';
  path: string;
  json?: Record<string, unknown>;
  file?: Blob;
  contentType?: string;
  capturedAt: string;
  state: 'pending' | 'failed';
  /** Why the server refused it on replay, shown to the collector. */
  error?: string;
  /** What it changes on screen before it syncs (e.g. the outcome code). */
  preview?: { outcomeCode?: string; fileName?: string };
};

/** How a send ended: accepted; refused by the server (kept, shown, not retried); or not delivered (retry later). */
export type SendResult = { kind: 'ok' } | { kind: 'refused'; message: string } | { kind: 'retry' };

/** A failed request → what to do: a network failure, a server error (5xx, 408, 429) or an ended session is retried. */
export function classify(status: number, message: string): SendResult {
  if (status === 0 || status >= 500 || status === 408 || status === 429 || status === 401) return { kind: 'retry' };
  return { kind: 'refused', message };
}

export const byOrder = (a: OutboxItem, b: OutboxItem) => a.seq - b.seq || a.id.localeCompare(b.id);

/** The next item to send: the oldest pending one (items are replayed in the order they were made). */
export function nextToSend(items: readonly OutboxItem[]): OutboxItem | undefined {
  return [...items].filter((i) => i.state === 'pending').sort(byOrder)[0];
}

/** The queue after a send of `id`: accepted → gone; refused → kept as failed with the reason; retry → unchanged. */
export function afterSend(items: readonly OutboxItem[], id: string, r: SendResult): OutboxItem[] {
  if (r.kind === 'ok') return items.filter((i) => i.id !== id);
  if (r.kind === 'retry') return [...items];
  return items.map((i) => (i.id === id ? { ...i, state: 'failed' as const, error: r.message } : i));
}

/** The items the signed-in user made; nobody else's are shown or replayed. */
export const ownedBy = (items: readonly OutboxItem[], userId: string | null): OutboxItem[] => (userId ? items.filter((i) => i.userId === userId) : []);

export const waiting = (items: readonly OutboxItem[]) => items.filter((i) => i.state === 'pending').length;
export const nextSeq = (items: readonly OutboxItem[], now: number) => Math.max(now, ...items.map((i) => i.seq + 1));

/**
 * The visit as the collector should see it with its waiting items applied: a queued check-in shows it checked in,
 * a queued outcome shows it done with that code, "asked to leave" shows it left, a check-out shows it checked out.
 * `pending` says the state shown is not on the server yet.
 */
export function withPending(v: FieldVisitOut, items: readonly OutboxItem[], stopId: string): FieldVisitOut & { pending: boolean } {
  const mine = items.filter((i) => i.stopId === stopId && i.state === 'pending').sort(byOrder);
  let out: FieldVisitOut & { pending: boolean } = { ...v, pending: false };
  for (const i of mine) {
    if (i.kind === 'check_in' && out.status === 'planned') out = { ...out, status: 'checked_in', checkedInAt: i.capturedAt, pending: true };
    else if (i.kind === 'outcome' && out.status === 'checked_in') out = { ...out, status: 'done', outcomeCode: i.preview?.outcomeCode ?? null, endedAt: i.capturedAt, pending: true };
    else if (i.kind === 'leave' && out.status === 'checked_in') out = { ...out, status: 'left', outcomeCode: 'asked_to_leave', endedAt: i.capturedAt, checkedOutAt: i.capturedAt, pending: true };
    else if (i.kind === 'check_out' && out.status === 'done' && out.checkedOutAt === null) out = { ...out, checkedOutAt: i.capturedAt, pending: true };
  }
  return out;
}
