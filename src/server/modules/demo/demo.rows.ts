// Turns debtor plans into table rows: application ids, sealed personal data, one timestamp for the batch.
import type { Insertable } from 'kysely';
import type { DB } from '../../db/schema.js';
import { newId } from '../../platform/ids.js';
import type { PiiCipher } from '../../platform/pii.js';
import type { DebtorPlan } from './demo.plan.js';

export type DemoRows = { [T in 'debtor' | 'contact_person' | 'phone' | 'email_address' | 'address' | 'collection_case' | 'debt_account' | 'installment' | 'payment']: Insertable<DB[T]>[] };

export type RowContext = {
  pii: PiiCipher;
  nowIso: string;
  creditorIds: readonly string[];
  /** Next assignee for a case that is to be assigned (round-robin over the caller's users and teams). */
  nextAssignee(): { userId: string | null; teamId: string | null };
};

export function emptyRows(): DemoRows {
  return { debtor: [], contact_person: [], phone: [], email_address: [], address: [], collection_case: [], debt_account: [], installment: [], payment: [] };
}

/** Appends one debtor's rows to `out`. */
export function addDebtorRows(out: DemoRows, plan: DebtorPlan, ctx: RowContext): void {
  const { pii, nowIso: now } = ctx;
  const p = plan.person;
  const creditorId = ctx.creditorIds[plan.creditorIndex]!;
  const debtorId = newId();
  const nid = pii.seal('national_id', p.nationalId);
  out.debtor.push({
    id: debtorId,
    creditor_id: creditorId,
    external_id: plan.externalId,
    full_name: p.fullName,
    gender: p.gender,
    birth_date: p.birthDate,
    national_id_enc: nid.enc,
    national_id_hash: nid.hash,
    national_id_masked: nid.masked,
    time_zone: 'Asia/Shanghai',
    preferred_language: p.preferredLanguage,
    employer: p.employer,
    occupation: p.occupation,
    monthly_income_minor: p.monthlyIncomeMinor,
    currency: 'CNY',
    created_at: now,
    updated_at: now,
  });
  const phone = (number: string, status: 'valid' | 'invalid' | 'unknown', source: string, contactPersonId: string | null) => {
    const s = pii.seal('phone', number);
    out.phone.push({ id: newId(), debtor_id: debtorId, contact_person_id: contactPersonId, kind: 'mobile', number_enc: s.enc, number_hash: s.hash, number_masked: s.masked, status, source, created_at: now });
  };
  for (const ph of p.phones) phone(ph.number, ph.status, ph.source, null);
  if (p.email) {
    const s = pii.seal('email', p.email);
    out.email_address.push({ id: newId(), debtor_id: debtorId, contact_person_id: null, address_enc: s.enc, address_hash: s.hash, address_masked: s.masked, status: 'unknown', source: 'loan_application', created_at: now });
  }
  for (const a of p.addresses) {
    const s = pii.seal('address', a.detail);
    out.address.push({
      id: newId(),
      debtor_id: debtorId,
      contact_person_id: null,
      kind: a.kind,
      province_code: a.provinceCode,
      city_code: a.cityCode,
      district_code: a.districtCode,
      region_text: a.regionText,
      detail_enc: s.enc,
      detail_masked: s.masked,
      latitude: a.latitude,
      longitude: a.longitude,
      verification_status: a.verificationStatus,
      verified_at: a.verifiedAt,
      source: a.source,
      created_at: now,
    });
  }
  for (const c of p.contacts) {
    const id = newId();
    out.contact_person.push({ id, debtor_id: debtorId, full_name: c.fullName, relationship: c.relationship, party_role: c.partyRole, created_at: now });
    if (c.phone) phone(c.phone.number, c.phone.status, c.phone.source, id);
  }

  const caseId = newId();
  const assignee = plan.case.assign ? ctx.nextAssignee() : { userId: null, teamId: null };
  out.collection_case.push({
    id: caseId,
    creditor_id: creditorId,
    debtor_id: debtorId,
    status: 'open',
    bucket: plan.case.bucket,
    dpd: plan.case.dpd,
    principal_due_minor: plan.case.principalDueMinor,
    total_due_minor: plan.case.totalDueMinor,
    currency: 'CNY',
    assigned_user_id: assignee.userId,
    assigned_team_id: assignee.teamId,
    priority_score: null,
    next_action_at: null,
    opened_at: plan.case.openedAt,
    created_at: now,
    updated_at: now,
  });
  for (const loan of plan.loans) {
    const accountId = newId();
    out.debt_account.push({
      id: accountId,
      case_id: caseId,
      debtor_id: debtorId,
      creditor_id: creditorId,
      external_loan_id: loan.externalLoanId,
      product: loan.product,
      lender_type: loan.lenderType,
      currency: 'CNY',
      principal_minor: loan.principalMinor,
      apr_bp: loan.aprBp,
      origination_date: loan.originationDate,
      term_months: loan.termMonths,
      outstanding_principal_minor: loan.outstanding.principalMinor,
      outstanding_interest_minor: loan.outstanding.interestMinor,
      outstanding_penalty_minor: loan.outstanding.penaltyMinor,
      outstanding_fees_minor: loan.outstanding.feesMinor,
      dpd: loan.dpd,
      created_at: now,
      updated_at: now,
    });
    for (const i of loan.installments) {
      out.installment.push({ id: newId(), debt_account_id: accountId, seq: i.seq, due_date: i.dueDate, principal_minor: i.principalMinor, interest_minor: i.interestMinor, paid_minor: i.paidMinor, status: i.status });
    }
    for (const pay of loan.payments) {
      out.payment.push({ id: newId(), debt_account_id: accountId, case_id: caseId, external_id: pay.externalId, amount_minor: pay.amountMinor, currency: 'CNY', paid_on: pay.paidOn, channel: pay.channel, created_at: now });
    }
  }
}
