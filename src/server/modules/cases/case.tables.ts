import type { AddressKind, Bucket } from '../../../contracts/cases.js';

export type DebtorTable = {
  id: string;
  creditor_id: string;
  external_id: string;
  full_name: string;
  gender: 'male' | 'female' | null;
  birth_date: string | null;
  national_id_enc: string | null;
  national_id_hash: string | null;
  national_id_masked: string | null;
  time_zone: string;
  preferred_language: string;
  employer: string | null;
  occupation: string | null;
  monthly_income_minor: number | null;
  currency: string;
  created_at: string;
  updated_at: string;
};
export type CollectionCaseTable = {
  id: string;
  creditor_id: string;
  debtor_id: string;
  status: 'open' | 'paid' | 'closed' | 'recalled';
  bucket: Bucket;
  dpd: number;
  principal_due_minor: number;
  total_due_minor: number;
  currency: string;
  assigned_user_id: string | null;
  assigned_team_id: string | null;
  priority_score: number | null;
  next_action_at: string | null;
  opened_at: string;
  created_at: string;
  updated_at: string;
};
export type ContactPersonTable = {
  id: string;
  debtor_id: string;
  full_name: string;
  relationship: string;
  party_role: 'spouse' | 'guarantor' | 'emergency_contact' | 'third_party';
  created_at: string;
};
export type PhoneTable = {
  id: string;
  debtor_id: string;
  contact_person_id: string | null;
  kind: 'mobile' | 'home' | 'work';
  number_enc: string;
  number_hash: string;
  number_masked: string;
  status: 'valid' | 'invalid' | 'unknown';
  source: string;
  created_at: string;
};
export type EmailAddressTable = {
  id: string;
  debtor_id: string;
  contact_person_id: string | null;
  address_enc: string;
  address_hash: string;
  address_masked: string;
  status: 'valid' | 'invalid' | 'unknown';
  source: string;
  created_at: string;
};
export type AddressTable = {
  id: string;
  debtor_id: string;
  contact_person_id: string | null;
  kind: AddressKind;
  province_code: string | null;
  city_code: string | null;
  district_code: string | null;
  region_text: string;
  detail_enc: string;
  detail_masked: string;
  latitude: number | null;
  longitude: number | null;
  verification_status: 'verified' | 'unverified' | 'invalid';
  verified_at: string | null;
  source: string;
  created_at: string;
};
export type DebtAccountTable = {
  id: string;
  case_id: string;
  debtor_id: string;
  creditor_id: string;
  external_loan_id: string;
  product: string;
  lender_type: 'licensed' | 'private';
  currency: string;
  principal_minor: number;
  apr_bp: number;
  origination_date: string;
  term_months: number;
  outstanding_principal_minor: number;
  outstanding_interest_minor: number;
  outstanding_penalty_minor: number;
  outstanding_fees_minor: number;
  dpd: number;
  /** The day the outstanding figures describe (0006); null on loans written before. */
  balance_as_of: string | null;
  /** The day the loan became overdue as the creditor reports it (0006). */
  overdue_since: string | null;
  created_at: string;
  updated_at: string;
};
export type InstallmentTable = {
  id: string;
  debt_account_id: string;
  seq: number;
  due_date: string;
  principal_minor: number;
  interest_minor: number;
  paid_minor: number;
  status: 'paid' | 'partial' | 'due' | 'overdue';
};
export type PaymentTable = {
  id: string;
  debt_account_id: string;
  case_id: string;
  external_id: string;
  amount_minor: number;
  currency: string;
  paid_on: string;
  channel: string;
  /** Set by intake (0005); null on payments written before it. Unique with external_id. */
  creditor_id: string | null;
  /** The external id of the payment this one reverses. */
  reversal_of: string | null;
  import_job_id: string | null;
  created_at: string;
};

export type CaseTables = {
  debtor: DebtorTable;
  collection_case: CollectionCaseTable;
  contact_person: ContactPersonTable;
  phone: PhoneTable;
  email_address: EmailAddressTable;
  address: AddressTable;
  debt_account: DebtAccountTable;
  installment: InstallmentTable;
  payment: PaymentTable;
};
