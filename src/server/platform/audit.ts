// Append-only, hash-chained audit log (DESIGN §4). Each row's hash covers its content and the
// previous row's hash; audit_head is locked while a row is appended so the chain has one line even
// with many server processes. `verifyAuditChain` finds the first row that was edited or deleted.
import { createHash } from 'node:crypto';
import type { Kysely, Transaction } from 'kysely';
import type { DB } from '../db/schema.js';
import type { DialectName } from '../db/dialect.js';
import type { Clock } from './clock.js';
import { newId } from './ids.js';
import type { AuditLogTable } from './audit.tables.js';

export type Actor = {
  type: AuditLogTable['actor_type'];
  id: string | null;
  label: string | null;
  ip?: string | null;
  requestId?: string | null;
};
export const systemActor: Actor = { type: 'system', id: null, label: 'system' };

export type AuditEntry = {
  action: string;
  entityType?: string | null;
  entityId?: string | null;
  reason?: string | null;
  before?: unknown;
  after?: unknown;
  meta?: unknown;
};

const GENESIS = '0'.repeat(64);

/** JSON with sorted keys, so a row read back from jsonb hashes the same as when written. */
export function canonicalJson(v: unknown): string {
  if (v === undefined || v === null) return 'null';
  if (Array.isArray(v)) return `[${v.map(canonicalJson).join(',')}]`;
  if (typeof v === 'object') {
    const o = v as Record<string, unknown>;
    return `{${Object.keys(o)
      .filter((k) => o[k] !== undefined)
      .sort()
      .map((k) => `${JSON.stringify(k)}:${canonicalJson(o[k])}`)
      .join(',')}}`;
  }
  return JSON.stringify(v);
}

type HashedFields = Omit<AuditLogTable, 'hash'>;

export function auditRowHash(r: HashedFields): string {
  const body = canonicalJson({
    seq: r.seq,
    id: r.id,
    at: r.at,
    actor_type: r.actor_type,
    actor_id: r.actor_id,
    actor_label: r.actor_label,
    action: r.action,
    entity_type: r.entity_type,
    entity_id: r.entity_id,
    ip: r.ip,
    request_id: r.request_id,
    reason: r.reason,
    before: r.before_json,
    after: r.after_json,
    meta: r.meta_json,
    prev_hash: r.prev_hash,
  });
  return createHash('sha256').update(body).digest('hex');
}

export type AuditLog = {
  /** Append one entry; pass the caller's transaction so the entry commits or rolls back with the change. */
  record(actor: Actor, entry: AuditEntry, trx?: Transaction<DB>): Promise<void>;
  /**
   * Append entries in order, as `record` would one by one, with one lock of the head and one write per 200 rows (a
   * batch job's thousand moves are not a thousand serialised round trips).
   */
  recordMany(actor: Actor, entries: readonly AuditEntry[], trx?: Transaction<DB>): Promise<void>;
};

export function createAuditLog(db: Kysely<DB>, dialect: DialectName, clock: Clock): AuditLog {
  const append = async (trx: Transaction<DB>, actor: Actor, entries: readonly AuditEntry[]) => {
    if (entries.length === 0) return;
    let q = trx.selectFrom('audit_head').select(['seq', 'hash']).where('id', '=', 1);
    if (dialect === 'postgres') q = q.forUpdate();
    const head = await q.executeTakeFirstOrThrow();
    let { seq, hash } = head;
    const at = clock.now().toISOString();
    const rows = entries.map((e) => {
      const row: HashedFields = {
        seq: seq + 1,
        id: newId(),
        at,
        actor_type: actor.type,
        actor_id: actor.id,
        actor_label: actor.label,
        action: e.action,
        entity_type: e.entityType ?? null,
        entity_id: e.entityId ?? null,
        ip: actor.ip ?? null,
        request_id: actor.requestId ?? null,
        reason: e.reason ?? null,
        before_json: e.before ?? null,
        after_json: e.after ?? null,
        meta_json: e.meta ?? null,
        prev_hash: hash,
      };
      seq = row.seq;
      hash = auditRowHash(row);
      return { ...row, hash };
    });
    for (let i = 0; i < rows.length; i += 200) await trx.insertInto('audit_log').values(rows.slice(i, i + 200)).execute();
    await trx.updateTable('audit_head').set({ seq, hash }).where('id', '=', 1).execute();
  };
  const recordMany: AuditLog['recordMany'] = async (actor, entries, trx) => {
    if (trx) return append(trx, actor, entries);
    await db.transaction().execute((t) => append(t, actor, entries));
  };
  return { recordMany, record: (actor, entry, trx) => recordMany(actor, [entry], trx) };
}

export type AuditVerification =
  | { ok: true; rows: number; headSeq: number }
  | { ok: false; rows: number; brokenAtSeq: number; problem: 'hash_mismatch' | 'broken_link' | 'missing_row' | 'head_mismatch'; detail: string };

/** Walk the chain in seq order, in pages, and report the first broken link. */
export async function verifyAuditChain(db: Kysely<DB>, pageSize = 5000): Promise<AuditVerification> {
  const head = await db.selectFrom('audit_head').select(['seq', 'hash']).where('id', '=', 1).executeTakeFirstOrThrow();
  let prevHash = GENESIS;
  let expectedSeq = 1;
  let rows = 0;
  for (;;) {
    const page = await db.selectFrom('audit_log').selectAll().where('seq', '>=', expectedSeq).orderBy('seq').limit(pageSize).execute();
    if (page.length === 0) break;
    for (const r of page) {
      if (r.seq !== expectedSeq) return { ok: false, rows, brokenAtSeq: expectedSeq, problem: 'missing_row', detail: `row ${expectedSeq} is missing (next present: ${r.seq})` };
      if (r.prev_hash !== prevHash) return { ok: false, rows, brokenAtSeq: r.seq, problem: 'broken_link', detail: `row ${r.seq} does not point at row ${r.seq - 1}` };
      const { hash, ...rest } = r;
      if (auditRowHash(rest) !== hash) return { ok: false, rows, brokenAtSeq: r.seq, problem: 'hash_mismatch', detail: `row ${r.seq} (${r.action}) was modified after it was written` };
      prevHash = hash;
      expectedSeq++;
      rows++;
    }
  }
  if (head.seq !== expectedSeq - 1 || head.hash !== prevHash) {
    return { ok: false, rows, brokenAtSeq: expectedSeq, problem: 'head_mismatch', detail: `the chain ends at row ${expectedSeq - 1} but the head records row ${head.seq}: trailing rows were deleted or the head was edited` };
  }
  return { ok: true, rows, headSeq: head.seq };
}
