// Writes accepted intake records, one batch per transaction, keyed by the creditor's external ids so that the
// same rows written twice (a re-import, or a re-run after a crash) leave the tables as one write did:
// - placements: debtor by (creditor, external id), its one open case, the loan by (creditor, loan id); contact
//   points and contacts are added when missing (never removed: collectors add their own). A changed record is
//   updated with one audit entry naming the changed fields (never their values); an unchanged one is not touched.
// - payments: inserted by (creditor, external id) with ON CONFLICT DO NOTHING, so a payment is never applied twice;
//   the cases they pay are then recomputed (refreshCaseFigures: balances, DPD, bucket, open ↔ paid).
import type { Insertable, Transaction } from 'kysely';
import type { PaymentRecord, PlacementRecord, RowError } from '../../../core/intake/types.js';
import { bucketForDpd, daysBetween } from '../../../core/delinquency/index.js';
import type { BulkInsert } from '../../db/database.js';
import type { DB } from '../../db/schema.js';
import type { DebtAccountTable } from '../cases/case.tables.js';
import type { Bucket } from '../../../contracts/constants.js';
import type { Actor, AuditLog } from '../../platform/audit.js';
import { newId } from '../../platform/ids.js';
import { policyOf, refreshCaseFigures } from '../cases/index.js';
import { evaluateAfterPayments } from '../negotiation/index.js';
import { normalise, type PiiCipher } from '../../platform/pii.js';

export type RowOutcome = { status: 'inserted' | 'updated' | 'unchanged' } | { status: 'rejected'; errors: RowError[] };

export type WriteDeps = {
  pii: PiiCipher;
  audit: AuditLog;
  actor: Actor;
  creditor: { id: string; time_zone: string; currency: string };
  importJobId: string;
  nowIso: string;
  /** The creditor's calendar date: DPD is counted to it. */
  today: string;
  /** SQLite's prepared-statement fast path for new rows (bulkInserterOf); null/absent: multi-row INSERTs. */
  bulk?: BulkInsert | null;
};

/** Bound parameters per INSERT statement, well under SQLite's 32,766 and PostgreSQL's 65,535. */
const MAX_PARAMS = 16_000;
async function insertAll<T extends keyof DB & string>(trx: Transaction<DB>, table: T, rows: Insertable<DB[T]>[], bulk?: BulkInsert | null): Promise<void> {
  if (rows.length === 0) return;
  if (bulk) return bulk(table, rows);
  const size = Math.max(1, Math.floor(MAX_PARAMS / Object.keys(rows[0]!).length));
  for (let i = 0; i < rows.length; i += size) {
    // eslint-disable-next-line @typescript-eslint/no-explicit-any -- one helper for every table
    await trx.insertInto(table).values(rows.slice(i, i + size) as any).execute();
  }
}

const err = (field: string, column: string, code: string, zh: string, en: string): RowError => ({ field, column, code, message: { 'zh-CN': zh, en } });

/** DPD counted from the first overdue day: overdue since yesterday = 1 day past due. */
export function dpdFrom(overdueSince: string | null, today: string): number {
  if (!overdueSince) return 0;
  return Math.max(0, daysBetween(overdueSince, today));
}

const phoneKind = (k: 'mobile' | 'landline'): 'mobile' | 'home' => (k === 'mobile' ? 'mobile' : 'home');

/** What the file says about a loan (compared on re-import); DPD and the balance date follow from them. */
const ACCOUNT_FIELDS = ['product', 'lender_type', 'currency', 'principal_minor', 'apr_bp', 'origination_date', 'term_months', 'outstanding_principal_minor', 'outstanding_interest_minor', 'outstanding_penalty_minor', 'outstanding_fees_minor', 'overdue_since'] as const;
/** A change to one of these is a new creditor balance: it describes the import day. */
const BALANCE_FIELDS: ReadonlySet<string> = new Set(['outstanding_principal_minor', 'outstanding_interest_minor', 'outstanding_penalty_minor', 'outstanding_fees_minor']);
type AccountCols = Pick<DebtAccountTable, (typeof ACCOUNT_FIELDS)[number] | 'dpd'>;


function accountCols(a: PlacementRecord['account'], today: string): AccountCols {
  return {
    product: a.product,
    lender_type: a.lenderType,
    currency: a.currency,
    principal_minor: a.principalMinor,
    apr_bp: a.aprBp,
    origination_date: a.originationDate,
    term_months: a.termMonths,
    outstanding_principal_minor: a.outstandingPrincipalMinor,
    outstanding_interest_minor: a.outstandingInterestMinor,
    outstanding_penalty_minor: a.outstandingPenaltyMinor,
    outstanding_fees_minor: a.outstandingFeesMinor,
    overdue_since: a.overdueSince,
    dpd: dpdFrom(a.overdueSince, today),
  };
}

type DebtorCols = {
  full_name: string;
  gender: 'male' | 'female' | null;
  birth_date: string | null;
  national_id_hash: string | null;
  employer: string | null;
  occupation: string | null;
  monthly_income_minor: number | null;
  preferred_language: string;
};
const DEBTOR_FIELDS = ['full_name', 'gender', 'birth_date', 'national_id_hash', 'employer', 'occupation', 'monthly_income_minor', 'preferred_language'] as const;
/** What the audit entry calls a debtor column (the national id's hash is the national id). */
const debtorFieldName = (f: (typeof DEBTOR_FIELDS)[number]) => (f === 'national_id_hash' ? 'national_id' : f);

const same = (a: unknown, b: unknown) => (a === null || a === undefined ? b === null || b === undefined : a === b || (typeof a === 'number' || typeof b === 'number' ? Number(a) === Number(b) : false));

/** Address identity: kind, region and the normalised street detail. */
const addressKey = (kind: string, region: string, detail: string) => `${kind}\u0000${region.trim()}\u0000${normalise('address', detail)}`;
const contactKey = (name: string, relationship: string, role: string) => `${name.trim()}\u0000${relationship.trim()}\u0000${role}`;

export type PlacementItem = { record: PlacementRecord; rowNumber: number };

/** Writes one batch of placement records (in file order); returns one outcome per item. */
export async function writePlacements(trx: Transaction<DB>, deps: WriteDeps, items: PlacementItem[]): Promise<RowOutcome[]> {
  const { pii, creditor, nowIso: now, today } = deps;
  const outcomes: RowOutcome[] = items.map(() => ({ status: 'unchanged' }));
  if (items.length === 0) return outcomes;

  // Rows of one debtor (a debtor with several loans has several rows) are written together; the first row's
  // debtor data is the debtor's, contact points are the union of the rows'.
  const groups = new Map<string, number[]>();
  items.forEach((it, i) => {
    const g = groups.get(it.record.debtor.externalId);
    if (g) g.push(i);
    else groups.set(it.record.debtor.externalId, [i]);
  });
  const externalIds = [...groups.keys()];
  const loanIds = items.map((it) => it.record.account.externalLoanId);

  const debtors = await trx.selectFrom('debtor').selectAll().where('creditor_id', '=', creditor.id).where('external_id', 'in', externalIds).execute();
  const debtorByExt = new Map(debtors.map((d) => [d.external_id, d]));
  const debtorIds = debtors.map((d) => d.id);
  const some = debtorIds.length > 0;
  const [phones, emails, addresses, contacts, openCases, accountsByLoan] = await Promise.all([
    some ? trx.selectFrom('phone').select(['id', 'debtor_id', 'contact_person_id', 'number_hash']).where('debtor_id', 'in', debtorIds).execute() : [],
    some ? trx.selectFrom('email_address').select(['debtor_id', 'address_hash']).where('debtor_id', 'in', debtorIds).where('contact_person_id', 'is', null).execute() : [],
    some ? trx.selectFrom('address').select(['debtor_id', 'kind', 'region_text', 'detail_enc']).where('debtor_id', 'in', debtorIds).where('contact_person_id', 'is', null).execute() : [],
    some ? trx.selectFrom('contact_person').select(['id', 'debtor_id', 'full_name', 'relationship', 'party_role']).where('debtor_id', 'in', debtorIds).execute() : [],
    some
      ? trx.selectFrom('collection_case').selectAll().where('creditor_id', '=', creditor.id).where('debtor_id', 'in', debtorIds).where('status', '=', 'open').orderBy('opened_at').orderBy('id').execute()
      : [],
    trx.selectFrom('debt_account').selectAll().where('creditor_id', '=', creditor.id).where('external_loan_id', 'in', loanIds).execute(),
  ]);
  const byDebtor = <T extends { debtor_id: string }>(rows: T[]) => {
    const m = new Map<string, T[]>();
    for (const r of rows) {
      const l = m.get(r.debtor_id);
      if (l) l.push(r);
      else m.set(r.debtor_id, [r]);
    }
    return m;
  };
  const phonesOf = byDebtor(phones);
  const emailsOf = byDebtor(emails);
  const addressesOf = byDebtor(addresses);
  const contactsOf = byDebtor(contacts);
  const caseOf = new Map<string, (typeof openCases)[number]>();
  for (const c of openCases) if (!caseOf.has(c.debtor_id)) caseOf.set(c.debtor_id, c);
  const accountOf = new Map(accountsByLoan.map((a) => [a.external_loan_id, a]));
  const ins = {
    debtor: [] as Insertable<DB['debtor']>[],
    contact_person: [] as Insertable<DB['contact_person']>[],
    phone: [] as Insertable<DB['phone']>[],
    email_address: [] as Insertable<DB['email_address']>[],
    address: [] as Insertable<DB['address']>[],
    collection_case: [] as Insertable<DB['collection_case']>[],
    debt_account: [] as Insertable<DB['debt_account']>[],
  };
  const audits: Array<{ debtorId: string; externalId: string; rows: number[]; fields: string[] }> = [];
  const debtorUpdates: Array<{ id: string; set: Partial<DB['debtor']> }> = [];
  const accountUpdates: Array<{ id: string; set: Partial<DebtAccountTable> }> = [];
  /** Existing cases whose loans this batch adds or changes: their figures are recomputed after the writes. */
  const touchedCases = new Set<string>();

  const sealPhone = (debtorId: string, contactPersonId: string | null, number: string, kind: 'mobile' | 'home') => {
    const s = pii.seal('phone', number);
    ins.phone.push({ id: newId(), debtor_id: debtorId, contact_person_id: contactPersonId, kind, number_enc: s.enc, number_hash: s.hash, number_masked: s.masked, status: 'unknown', source: 'placement', created_at: now });
  };
  const sealEmail = (debtorId: string, email: string) => {
    const s = pii.seal('email', email);
    ins.email_address.push({ id: newId(), debtor_id: debtorId, contact_person_id: null, address_enc: s.enc, address_hash: s.hash, address_masked: s.masked, status: 'unknown', source: 'placement', created_at: now });
  };
  const sealAddress = (debtorId: string, a: PlacementRecord['addresses'][number]) => {
    const s = pii.seal('address', a.detail);
    ins.address.push({
      id: newId(), debtor_id: debtorId, contact_person_id: null, kind: a.kind, province_code: null, city_code: null, district_code: null, region_text: a.region,
      detail_enc: s.enc, detail_masked: s.masked, latitude: null, longitude: null, verification_status: 'unverified', verified_at: null, source: 'placement', created_at: now,
    });
  };
  const newCase = (debtorId: string, currency: string) => {
    const row = {
      id: newId(), creditor_id: creditor.id, debtor_id: debtorId, status: 'open' as const, bucket: 'M0' as const, dpd: 0, principal_due_minor: 0, total_due_minor: 0, currency,
      assigned_user_id: null, assigned_team_id: null, priority_score: null, next_action_at: null, opened_at: now, created_at: now, updated_at: now,
    };
    ins.collection_case.push(row);
    return row;
  };

  // A new case's figures: its loans as placed (a new loan has no payments yet).
  type Totals = { dpd: number; principal: number; total: number };
  const newCaseTotals = new Map<string, Totals[]>();
  const newCases = new Set<string>();
  for (const [externalId, idx] of groups) {
    const first = items[idx[0]!]!.record;
    const d = first.debtor;
    const nid = d.nationalId ? pii.seal('national_id', d.nationalId) : null;
    const want: DebtorCols = {
      full_name: d.fullName,
      gender: d.gender,
      birth_date: d.birthDate,
      national_id_hash: nid?.hash ?? null,
      employer: d.employer,
      occupation: d.occupation,
      monthly_income_minor: d.monthlyIncomeMinor,
      preferred_language: d.preferredLanguage ?? 'zh-CN',
    };
    const existing = debtorByExt.get(externalId);
    const changed: string[] = [];
    let debtorId: string;
    if (!existing) {
      debtorId = newId();
      ins.debtor.push({
        id: debtorId, creditor_id: creditor.id, external_id: externalId, ...want, national_id_enc: nid?.enc ?? null, national_id_masked: nid?.masked ?? null,
        time_zone: creditor.time_zone, currency: first.account.currency, created_at: now, updated_at: now,
      });
    } else {
      debtorId = existing.id;
      const set: Partial<DB['debtor']> = {};
      for (const f of DEBTOR_FIELDS) {
        if (!same(existing[f], want[f])) {
          changed.push(debtorFieldName(f));
          if (f === 'national_id_hash') Object.assign(set, { national_id_enc: nid?.enc ?? null, national_id_hash: nid?.hash ?? null, national_id_masked: nid?.masked ?? null });
          else Object.assign(set, { [f]: want[f] });
        }
      }
      if (changed.length) debtorUpdates.push({ id: debtorId, set: { ...set, updated_at: now } });
    }

    // Contact points: added when missing, compared by lookup hash (phones, emails) or by content (addresses).
    const ownPhones = new Set((phonesOf.get(debtorId) ?? []).filter((p) => p.contact_person_id === null).map((p) => p.number_hash));
    const ownEmails = new Set((emailsOf.get(debtorId) ?? []).map((e) => e.address_hash));
    const ownAddresses = new Set((addressesOf.get(debtorId) ?? []).map((a) => addressKey(a.kind, a.region_text, pii.decrypt('address', a.detail_enc))));
    const ownContacts = new Map((contactsOf.get(debtorId) ?? []).map((c) => [contactKey(c.full_name, c.relationship, c.party_role), c.id]));
    const contactPhones = new Set((phonesOf.get(debtorId) ?? []).filter((p) => p.contact_person_id !== null).map((p) => `${p.contact_person_id}\u0000${p.number_hash}`));
    const added = new Set<string>();
    for (const i of idx) {
      const r = items[i]!.record;
      for (const ph of r.phones) {
        const h = pii.lookupHash('phone', ph.number);
        if (ownPhones.has(h)) continue;
        ownPhones.add(h);
        sealPhone(debtorId, null, ph.number, phoneKind(ph.kind));
        added.add('phones');
      }
      for (const e of r.emails) {
        const h = pii.lookupHash('email', e);
        if (ownEmails.has(h)) continue;
        ownEmails.add(h);
        sealEmail(debtorId, e);
        added.add('emails');
      }
      for (const a of r.addresses) {
        const k = addressKey(a.kind, a.region, a.detail);
        if (ownAddresses.has(k)) continue;
        ownAddresses.add(k);
        sealAddress(debtorId, a);
        added.add('addresses');
      }
      for (const c of r.contacts) {
        const k = contactKey(c.name, c.relationship, c.role);
        let cid = ownContacts.get(k);
        if (!cid) {
          cid = newId();
          ownContacts.set(k, cid);
          ins.contact_person.push({ id: cid, debtor_id: debtorId, full_name: c.name.trim(), relationship: c.relationship.trim(), party_role: c.role, created_at: now });
          added.add('contacts');
        }
        if (c.phone) {
          const pk = `${cid}\u0000${pii.lookupHash('phone', c.phone)}`;
          if (!contactPhones.has(pk)) {
            contactPhones.add(pk);
            sealPhone(debtorId, cid, c.phone, 'mobile');
            added.add('contacts');
          }
        }
      }
    }
    if (existing) changed.push(...added);

    // The debtor's open case (one per debtor and creditor), created for a new debtor or when the old one closed.
    // A re-import of loans whose case was paid off stays with that case rather than opening an empty one.
    let caseId: string;
    const open = existing ? caseOf.get(debtorId) : undefined;
    const known = idx.map((i) => accountOf.get(items[i]!.record.account.externalLoanId)).find((a) => a && a.debtor_id === debtorId);
    if (open) caseId = open.id;
    else if (known) caseId = known.case_id;
    else caseId = newCase(debtorId, first.account.currency).id;
    if (!open && !known) newCases.add(caseId);

    for (const i of idx) {
      const r = items[i]!.record;
      const want = accountCols(r.account, today);
      const total = want.outstanding_principal_minor + want.outstanding_interest_minor + want.outstanding_penalty_minor + want.outstanding_fees_minor;
      const acc = accountOf.get(r.account.externalLoanId);
      if (acc && acc.debtor_id !== debtorId) {
        outcomes[i] = { status: 'rejected', errors: [err('externalLoanId', '', 'loan_other_debtor', '该借据号已属于另一位债务人', 'This loan id already belongs to another debtor')] };
        continue;
      }
      if (!acc) {
        const id = newId();
        ins.debt_account.push({ id, case_id: caseId, debtor_id: debtorId, creditor_id: creditor.id, external_loan_id: r.account.externalLoanId, ...want, balance_as_of: r.account.balanceDate ?? today, created_at: now, updated_at: now });
        if (newCases.has(caseId)) newCaseTotals.set(caseId, [...(newCaseTotals.get(caseId) ?? []), { dpd: want.dpd, principal: want.outstanding_principal_minor, total }]);
        else touchedCases.add(caseId);
        outcomes[i] = { status: 'inserted' };
        continue;
      }
      const set: Partial<DebtAccountTable> = {};
      const fields: string[] = [];
      for (const f of ACCOUNT_FIELDS) {
        if (!same(acc[f], want[f])) {
          fields.push(`account.${f}`);
          Object.assign(set, { [f]: want[f] });
          if (BALANCE_FIELDS.has(f)) set.balance_as_of = r.account.balanceDate ?? today;
        }
      }
      // A balance date given in the file is compared like the figures it dates.
      if (r.account.balanceDate !== null && !same(acc.balance_as_of, r.account.balanceDate)) {
        fields.push('account.balance_as_of');
        set.balance_as_of = r.account.balanceDate;
      }
      if (fields.length) {
        accountUpdates.push({ id: acc.id, set });
        touchedCases.add(acc.case_id);
        changed.push(...fields.filter((f) => !changed.includes(f)));
        outcomes[i] = { status: 'updated' };
      }
    }
    // Debtor-level changes count on the group's first row that is not otherwise rejected or inserted.
    if (existing && changed.length) {
      const firstKept = idx.find((i) => outcomes[i]!.status === 'unchanged');
      if (firstKept !== undefined) outcomes[firstKept] = { status: 'updated' };
      audits.push({ debtorId, externalId, rows: idx.map((i) => items[i]!.rowNumber), fields: [...new Set(changed)] });
    }
  }

  const { buckets } = policyOf((await trx.selectFrom('creditor').select('delinquency_policy_json').where('id', '=', creditor.id).executeTakeFirst())?.delinquency_policy_json);
  for (const row of ins.collection_case) {
    const accounts = newCaseTotals.get(row.id) ?? [];
    const dpd = accounts.reduce((m, a) => Math.max(m, a.dpd), 0);
    Object.assign(row, { dpd, bucket: bucketForDpd(dpd, buckets) as Bucket, principal_due_minor: accounts.reduce((s, a) => s + a.principal, 0), total_due_minor: accounts.reduce((s, a) => s + a.total, 0) });
  }

  // Parents before children, for the foreign keys.
  await insertAll(trx, 'debtor', ins.debtor, deps.bulk);
  await insertAll(trx, 'contact_person', ins.contact_person, deps.bulk);
  await insertAll(trx, 'phone', ins.phone, deps.bulk);
  await insertAll(trx, 'email_address', ins.email_address, deps.bulk);
  await insertAll(trx, 'address', ins.address, deps.bulk);
  await insertAll(trx, 'collection_case', ins.collection_case, deps.bulk);
  await insertAll(trx, 'debt_account', ins.debt_account, deps.bulk);
  for (const u of debtorUpdates) await trx.updateTable('debtor').set(u.set).where('id', '=', u.id).execute();
  for (const u of accountUpdates) await trx.updateTable('debt_account').set({ ...u.set, updated_at: now }).where('id', '=', u.id).execute();
  // Existing cases: figures from their loans and payments, exactly as the 360 page computes them.
  if (touchedCases.size) await refreshCaseFigures(trx, [...touchedCases], today, now);
  for (const a of audits) {
    await deps.audit.record(
      deps.actor,
      { action: 'intake.placement.updated', entityType: 'debtor', entityId: a.debtorId, meta: { importJobId: deps.importJobId, externalId: a.externalId, rows: a.rows, fields: a.fields } },
      trx,
    );
  }
  return outcomes;
}

export type PaymentItem = { record: PaymentRecord; rowNumber: number };

/** Inserts one batch of payments; an unknown loan id rejects the row, a payment already stored is unchanged. */
export async function writePayments(trx: Transaction<DB>, deps: WriteDeps, items: PaymentItem[]): Promise<RowOutcome[]> {
  if (items.length === 0) return [];
  const { creditor, nowIso: now } = deps;
  const loanIds = [...new Set(items.map((it) => it.record.externalLoanId))];
  const loans = await trx.selectFrom('debt_account').select(['id', 'case_id', 'external_loan_id']).where('creditor_id', '=', creditor.id).where('external_loan_id', 'in', loanIds).execute();
  const loanOf = new Map(loans.map((l) => [l.external_loan_id, l]));
  const stored = await trx
    .selectFrom('payment')
    .select('external_id')
    .where('creditor_id', '=', creditor.id)
    .where('external_id', 'in', items.map((it) => it.record.externalId))
    .execute();
  const have = new Set(stored.map((p) => p.external_id));
  const rows: Insertable<DB['payment']>[] = [];
  const outcomes = items.map((it): RowOutcome => {
    const r = it.record;
    const loan = loanOf.get(r.externalLoanId);
    if (!loan) return { status: 'rejected', errors: [err('externalLoanId', '', 'unknown_loan', `借据号 ${r.externalLoanId} 不存在（请先导入委案）`, `Unknown loan id ${r.externalLoanId} (import the placement first)`)] };
    if (have.has(r.externalId)) return { status: 'unchanged' };
    have.add(r.externalId);
    rows.push({
      id: newId(), creditor_id: creditor.id, debt_account_id: loan.id, case_id: loan.case_id, external_id: r.externalId, amount_minor: r.amountMinor, currency: r.currency,
      paid_on: r.paidOn, channel: r.channel, reversal_of: r.reversalOf, import_job_id: deps.importJobId, created_at: now,
    });
    return { status: 'inserted' };
  });
  // A concurrent import of the same payment loses the race quietly: the payment is stored once.
  for (let i = 0; i < rows.length; i += 1000) {
    await trx.insertInto('payment').values(rows.slice(i, i + 1000)).onConflict((oc) => oc.columns(['creditor_id', 'external_id']).doNothing()).execute();
  }
  // The cases' balances, DPD and status follow their payments.
  if (rows.length) await refreshCaseFigures(trx, [...new Set(rows.map((r) => r.case_id))], deps.today, now);
  if (rows.length) await evaluateAfterPayments(trx, [...new Set(rows.map((r) => r.case_id))], deps.today, { nowIso: now, audit: deps.audit, actor: deps.actor });
  return outcomes;
}
