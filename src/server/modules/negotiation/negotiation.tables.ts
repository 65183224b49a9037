import type { Affordability, Approval, Bilingual } from '../../../core/negotiation/index.js';
import type { PlanStatusName } from '../../../contracts/negotiation.js';

export type PromiseToPayTable = {
  id: string;
  case_id: string;
  debt_account_id: string | null;
  amount_minor: number;
  currency: string;
  due_date: string;
  /** The day the promise was made: payments from then on count toward it. */
  made_on: string;
  note: string | null;
  status: 'pending' | 'kept' | 'partially_kept' | 'broken';
  paid_minor: number;
  kept_on: string | null;
  evaluated_at: string | null;
  created_by: string;
  created_at: string;
  updated_at: string;
};

export type PaymentPlanTable = {
  id: string;
  case_id: string;
  creditor_id: string;
  /** The option kind: settlement, interest-free, annuity, equal-principal, step-up, deferral. */
  method: string;
  status: PlanStatusName;
  currency: string;
  /** What the case owed when the plan was made (the ledger's balance). */
  balance_minor: number;
  discount_bp: number;
  waived_minor: number;
  term_months: number;
  annual_rate_bp: number;
  total_minor: number;
  paid_minor: number;
  start_date: string;
  is_penalty_frozen: boolean;
  /** The affordability form as entered. */
  affordability_input_json: Record<string, unknown>;
  /** The engine's assessment, with its zh-CN/en summary. */
  affordability_json: Affordability;
  /** The option's summary (terms, why it is affordable, policy notes). */
  summary_json: Bilingual;
  required_approver: Approval['approver'];
  approval_json: Approval;
  approved_by: string | null;
  approved_at: string | null;
  decision_reason: string | null;
  activated_at: string | null;
  closed_at: string | null;
  evaluated_at: string | null;
  created_by: string;
  created_at: string;
  updated_at: string;
};

export type PlanInstallmentTable = {
  id: string;
  plan_id: string;
  seq: number;
  due_date: string;
  amount_minor: number;
  principal_minor: number;
  interest_minor: number;
  paid_minor: number;
  status: 'upcoming' | 'due' | 'paid' | 'partial' | 'missed';
};

export type NegotiationTables = {
  promise_to_pay: PromiseToPayTable;
  payment_plan: PaymentPlanTable;
  plan_installment: PlanInstallmentTable;
};
