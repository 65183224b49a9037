// The synthetic demo portfolio (DESIGN §3: loaded on first start, clearly labelled as fiction).
// Content is a pure function of (seed, debtor index, clock); ids and ciphertexts are fresh each run.
// Re-running with the same seed skips debtors that already exist, so it is safe to call at every start.
import type { Kysely, Transaction } from 'kysely';
import type { DB } from '../../db/schema.js';
import type { Clock } from '../../platform/clock.js';
import { AppError, defineErrors } from '../../platform/errors.js';
import { newId } from '../../platform/ids.js';
import type { PiiCipher } from '../../platform/pii.js';
import { createDemoFaker, demoDebtorExternalId, planDebtor } from './demo.plan.js';
import { addDebtorRows, emptyRows, type DemoRows } from './demo.rows.js';

export type DemoDeps = { db: Kysely<DB>; pii: PiiCipher; clock: Clock };
export type DemoOptions = {
  /** How many debtors (one case each) the portfolio should hold for this seed. */
  debtors: number;
  /** Non-negative integer; the same seed and clock give the same content. */
  seed: number;
  /** How many demo creditors to spread the cases over (default 2). */
  creditors?: 1 | 2;
  /** Round-robin assignees for the ~85% of cases that get assigned: case j gets userIds[j % n] and teamIds[j % m]. */
  assign?: { userIds: string[]; teamIds: string[] };
};
/** Rows created by this call (creditors: demo creditors newly created; existing ones are reused). */
export type DemoResult = { creditors: number; debtors: number; cases: number; accounts: number; payments: number };

export const DemoErrors = defineErrors({
  'demo.invalid_options': { kind: 'validation', zh: '演示数据参数无效：{reason}', en: 'Invalid demo data options: {reason}' },
});

/** Fictitious creditors; the names say so (演示 … 虚构). */
export const DEMO_CREDITORS = [
  { code: 'DEMO-A', name: '演示消费金融有限公司（虚构）' },
  { code: 'DEMO-B', name: '演示小额贷款有限公司（虚构）' },
] as const;

/** Debtors per transaction. */
const CHUNK = 200;
/** Bound parameters per INSERT statement, well under SQLite's 32,766 and PostgreSQL's 65,535. */
const MAX_PARAMS = 16_000;

function validate(opts: DemoOptions): void {
  const bad = (reason: string) => new AppError(DemoErrors['demo.invalid_options'], { reason });
  if (!Number.isInteger(opts.debtors) || opts.debtors < 0 || opts.debtors > 1_000_000) throw bad('debtors must be an integer 0..1000000');
  if (!Number.isSafeInteger(opts.seed) || opts.seed < 0) throw bad('seed must be a non-negative integer');
  if (opts.creditors !== undefined && opts.creditors !== 1 && opts.creditors !== 2) throw bad('creditors must be 1 or 2');
}

/** The demo creditors' ids in DEMO_CREDITORS order, creating those that are missing. */
export async function ensureDemoCreditors(db: Kysely<DB>, clock: Clock, count: 1 | 2): Promise<{ ids: string[]; created: number }> {
  const wanted = DEMO_CREDITORS.slice(0, count);
  const codes = wanted.map((c) => c.code);
  const now = clock.now().toISOString();
  const before = await db.selectFrom('creditor').select('code').where('code', 'in', codes).execute();
  const have = new Set(before.map((r) => r.code));
  const missing = wanted.filter((c) => !have.has(c.code));
  if (missing.length > 0) {
    const rows = missing.map((c) => ({ id: newId(), code: c.code, name: c.name, time_zone: 'Asia/Shanghai', currency: 'CNY', status: 'active' as const, rule_pack_set: 'cn-default', created_at: now, updated_at: now }));
    // A concurrent start may have inserted them meanwhile: the unique code makes this a no-op then.
    await db.insertInto('creditor').values(rows).onConflict((oc) => oc.column('code').doNothing()).execute();
  }
  const after = await db.selectFrom('creditor').select(['id', 'code']).where('code', 'in', codes).execute();
  const byCode = new Map(after.map((r) => [r.code, r.id]));
  return { ids: codes.map((c) => byCode.get(c)!), created: after.length - before.length };
}

async function insertInChunks<R extends object>(rows: R[], insert: (part: R[]) => Promise<unknown>): Promise<void> {
  if (rows.length === 0) return;
  const size = Math.max(1, Math.floor(MAX_PARAMS / Object.keys(rows[0]!).length));
  for (let i = 0; i < rows.length; i += size) await insert(rows.slice(i, i + size));
}

// Parents before children, for the foreign keys.
async function insertRows(trx: Transaction<DB>, r: DemoRows): Promise<void> {
  await insertInChunks(r.debtor, (p) => trx.insertInto('debtor').values(p).execute());
  await insertInChunks(r.contact_person, (p) => trx.insertInto('contact_person').values(p).execute());
  await insertInChunks(r.phone, (p) => trx.insertInto('phone').values(p).execute());
  await insertInChunks(r.email_address, (p) => trx.insertInto('email_address').values(p).execute());
  await insertInChunks(r.address, (p) => trx.insertInto('address').values(p).execute());
  await insertInChunks(r.collection_case, (p) => trx.insertInto('collection_case').values(p).execute());
  await insertInChunks(r.debt_account, (p) => trx.insertInto('debt_account').values(p).execute());
  await insertInChunks(r.installment, (p) => trx.insertInto('installment').values(p).execute());
  await insertInChunks(r.payment, (p) => trx.insertInto('payment').values(p).execute());
}

function roundRobin(assign: DemoOptions['assign']): () => { userId: string | null; teamId: string | null } {
  let j = 0;
  const users = assign?.userIds ?? [];
  const teams = assign?.teamIds ?? [];
  return () => {
    const pick = { userId: users.length ? users[j % users.length]! : null, teamId: teams.length ? teams[j % teams.length]! : null };
    j++;
    return pick;
  };
}

/**
 * Generate (or top up) the demo portfolio for `opts.seed`: debtors 0..debtors-1, each with phones, addresses
 * of every kind, contacts, 1–2 loans with schedules and payments, and one open case. Debtors that already
 * exist (same external id) are skipped. Writes in transactions of CHUNK debtors.
 */
export async function generateDemoPortfolio(deps: DemoDeps, opts: DemoOptions): Promise<DemoResult> {
  validate(opts);
  const creditorCount = opts.creditors ?? 2;
  const now = deps.clock.now();
  const { ids: creditorIds, created } = await ensureDemoCreditors(deps.db, deps.clock, creditorCount);
  const faker = createDemoFaker();
  const ctx = { pii: deps.pii, nowIso: now.toISOString(), creditorIds, nextAssignee: roundRobin(opts.assign) };
  // Skip debtors already placed with any demo creditor, also one this call does not use.
  const allDemo = await deps.db.selectFrom('creditor').select('id').where('code', 'in', DEMO_CREDITORS.map((c) => c.code)).execute();
  const demoCreditorIds = allDemo.map((r) => r.id);
  const result: DemoResult = { creditors: created, debtors: 0, cases: 0, accounts: 0, payments: 0 };
  for (let start = 0; start < opts.debtors; start += CHUNK) {
    const indexes = Array.from({ length: Math.min(CHUNK, opts.debtors - start) }, (_, k) => start + k);
    await deps.db.transaction().execute(async (trx) => {
      const externalIds = indexes.map((i) => demoDebtorExternalId(opts.seed, i));
      const existing = await trx.selectFrom('debtor').select('external_id').where('creditor_id', 'in', demoCreditorIds).where('external_id', 'in', externalIds).execute();
      const skip = new Set(existing.map((r) => r.external_id));
      const rows = emptyRows();
      for (const i of indexes) {
        if (!skip.has(externalIds[i - start]!)) addDebtorRows(rows, planDebtor(faker, opts.seed, i, now, creditorCount), ctx);
      }
      await insertRows(trx, rows);
      result.debtors += rows.debtor.length;
      result.cases += rows.collection_case.length;
      result.accounts += rows.debt_account.length;
      result.payments += rows.payment.length;
    });
  }
  return result;
}
