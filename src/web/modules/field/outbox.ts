// The field phone's offline outbox, the I/O part (issue 8, item 5): every mutation of the field view (check-in,
// outcome, evidence, asked to leave, check-out, SOS) is first written to IndexedDB with its client id, then sent.
// Online, the page waits for the answer as before; without a network (or when the send fails on the network) the item
// stays and is replayed in order on the `online` event and by a timer. The server does each client id once, so a
// replay never duplicates. Raw IndexedDB (one object store, a few calls): no wrapper library is needed.
import { useCallback, useEffect, useState } from 'react';
import { ApiError, csrfToken } from '../../api/client.js';
import { currentLanguage } from '../../i18n/index.js';
import { afterSend, classify, nextSeq, nextToSend, ownedBy, type OutboxItem, type SendResult } from './outbox.logic.js';

const DB_NAME = 'concord-field';
const STORE = 'outbox';
const RETRY_MS = 15_000;

let dbp: Promise<IDBDatabase> | null = null;
function openDb(): Promise<IDBDatabase> {
  dbp ??= new Promise((resolve, reject) => {
    const req = indexedDB.open(DB_NAME, 1);
    req.onupgradeneeded = () => req.result.createObjectStore(STORE, { keyPath: 'id' });
    req.onsuccess = () => resolve(req.result);
    req.onerror = () => reject(req.error ?? new Error('indexedDB'));
  });
  return dbp;
}
async function tx<T>(mode: IDBTransactionMode, fn: (s: IDBObjectStore) => IDBRequest<T>): Promise<T> {
  const db = await openDb();
  return new Promise((resolve, reject) => {
    const r = fn(db.transaction(STORE, mode).objectStore(STORE));
    r.onsuccess = () => resolve(r.result);
    r.onerror = () => reject(r.error ?? new Error('indexedDB'));
  });
}
const all = () => tx<OutboxItem[]>('readonly', (s) => s.getAll() as IDBRequest<OutboxItem[]>);
const put = (i: OutboxItem) => tx('readwrite', (s) => s.put(i));
const del = (id: string) => tx('readwrite', (s) => s.delete(id));

/** Who wants to hear that the queue changed (the banner, the stop page) and that an item was accepted. */
const listeners = new Set<() => void>();
const notify = () => listeners.forEach((l) => l());
let onSynced: ((i: OutboxItem, result: unknown) => void) | null = null;
/** The signed-in user: the outbox shows and replays only their items. */
let owner: string | null = null;
export const setOutboxOwner = (userId: string | null) => {
  if (owner === userId) return;
  owner = userId;
  notify();
  if (userId && navigator.onLine) void flush();
};
export const setOnSynced = (fn: typeof onSynced) => {
  onSynced = fn;
};

/** One send of an item: the server's JSON answer, or an ApiError (status 0 = no network). */
async function send(i: OutboxItem, replay: boolean): Promise<unknown> {
  const headers: Record<string, string> = { Accept: 'application/json', 'Accept-Language': currentLanguage() };
  const csrf = csrfToken();
  if (csrf) headers['x-csrf-token'] = csrf;
  // The captured time goes only with a replay: online, the server's own clock is the time of the action.
  const body = i.file ?? JSON.stringify({ ...i.json, clientId: i.id, ...(replay && i.kind !== 'outcome' && i.kind !== 'sos' ? { capturedAt: i.capturedAt } : {}) });
  headers['Content-Type'] = i.file ? (i.contentType ?? 'application/octet-stream') : 'application/json';
  let res: Response;
  try {
    res = await fetch(i.path, { method: i.method, headers, body, credentials: 'same-origin' });
  } catch (e) {
    throw new ApiError(0, 'network_error', e instanceof Error ? e.message : String(e));
  }
  const text = await res.text();
  const data = text ? (JSON.parse(text) as unknown) : undefined;
  if (!res.ok) {
    const err = (data as { error?: { code?: string; message?: string; issues?: Array<{ path: string; message: string }> } } | undefined)?.error;
    throw new ApiError(res.status, err?.code ?? `http_${res.status}`, err?.message ?? res.statusText, err?.issues ?? []);
  }
  return data;
}

const resultOf = (e: unknown): SendResult => (e instanceof ApiError ? classify(e.status, e.message) : { kind: 'retry' });

let flushing: Promise<void> | null = null;
/** Replays the queue in order until it is empty, a send fails on the network, or only failed items are left. */
export function flush(): Promise<void> {
  flushing ??= (async () => {
    try {
      for (;;) {
        if (!owner) return;
        let items = ownedBy(await all(), owner);
        const next = nextToSend(items);
        if (!next) return;
        let r: SendResult;
        let result: unknown;
        try {
          result = await send(next, true);
          r = { kind: 'ok' };
        } catch (e) {
          r = resultOf(e);
        }
        if (r.kind === 'retry') return;
        items = afterSend(items, next.id, r);
        if (r.kind === 'ok') await del(next.id);
        else await put(items.find((i) => i.id === next.id)!);
        if (r.kind === 'ok') onSynced?.(next, result);
        notify();
      }
    } finally {
      flushing = null;
    }
  })();
  return flushing;
}

export const QUEUED = Symbol('queued');
export type NewItem = Omit<OutboxItem, 'id' | 'seq' | 'userId' | 'capturedAt' | 'state'> & { id?: string };

/**
 * Records a mutation and sends it. Online with nothing older waiting: the server's answer (a refusal is thrown and
 * the item dropped — the collector sees the error on the spot, as without an outbox). Otherwise: QUEUED.
 */
export async function submit<T>(n: NewItem): Promise<T | typeof QUEUED> {
  if (!owner) throw new Error('outbox: no signed-in user');
  const all_ = await all();
  const items = ownedBy(all_, owner);
  const item: OutboxItem = { ...n, id: n.id ?? crypto.randomUUID(), seq: nextSeq(all_, Date.now()), userId: owner, capturedAt: new Date().toISOString(), state: 'pending' };
  await put(item);
  notify();
  if (!navigator.onLine || items.some((i) => i.state === 'pending')) {
    void flush();
    return QUEUED;
  }
  try {
    const result = (await send(item, false)) as T;
    await del(item.id);
    notify();
    return result;
  } catch (e) {
    const r = resultOf(e);
    if (r.kind === 'retry') return QUEUED;
    await del(item.id);
    notify();
    throw e;
  }
}

export const dismiss = async (id: string) => {
  await del(id);
  notify();
};

/** The queue as React state, replayed on reconnect and every 15 s while anything waits; and whether we are online. */
export function useOutbox() {
  const [items, setItems] = useState<OutboxItem[]>([]);
  const [online, setOnline] = useState(typeof navigator === 'undefined' ? true : navigator.onLine);
  const reload = useCallback(() => {
    void all().then((xs) => setItems(ownedBy(xs, owner)), () => setItems([]));
  }, []);
  useEffect(() => {
    listeners.add(reload);
    reload();
    const up = () => {
      setOnline(true);
      void flush();
    };
    const down = () => setOnline(false);
    window.addEventListener('online', up);
    window.addEventListener('offline', down);
    const timer = window.setInterval(() => {
      if (navigator.onLine) void flush();
    }, RETRY_MS);
    if (navigator.onLine) void flush();
    return () => {
      listeners.delete(reload);
      window.removeEventListener('online', up);
      window.removeEventListener('offline', down);
      window.clearInterval(timer);
    };
  }, [reload]);
  return { items, online };
}

/** Hex SHA-256 of a file, computed in the browser at capture (before it can wait in the outbox). */
export async function sha256Hex(b: Blob): Promise<string> {
  const digest = await crypto.subtle.digest('SHA-256', await b.arrayBuffer());
  return [...new Uint8Array(digest)].map((x) => x.toString(16).padStart(2, '0')).join('');
}
