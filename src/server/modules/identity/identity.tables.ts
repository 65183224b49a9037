import type { DelinquencyPolicyInput } from '../../../contracts/ledger.js';
import type { Role, TokenScope } from '../../../contracts/identity.js';
import type { NegotiationPolicyInput } from '../../../contracts/negotiation.js';

export type AgencyTable = { id: string; name: string; created_at: string };
export type CreditorTable = {
  id: string;
  code: string;
  name: string;
  time_zone: string;
  currency: string;
  status: 'active' | 'inactive';
  /** The compliance rule-pack set (rulepacks/sets.yaml) or pack list its contacts are decided under; default cn-default. */
  rule_pack_set: string;
  /** The creditor's delinquency policy (waterfall, buckets, penalty, caps, DPD tolerance) as given; null = defaults (0006). */
  delinquency_policy_json: DelinquencyPolicyInput | null;
  /** The creditor's negotiation policy (plan policy, authority matrix, grace) as given; null = defaults (0008). */
  negotiation_policy_json: NegotiationPolicyInput | null;
  created_at: string;
  updated_at: string;
};
export type TeamTable = { id: string; name: string; kind: 'phone' | 'field' | 'mixed'; created_at: string; updated_at: string };
export type AppUserTable = {
  id: string;
  username: string;
  display_name: string;
  password_hash: string;
  role: Role;
  team_id: string | null;
  creditor_id: string | null;
  locale: 'zh-CN' | 'en';
  status: 'active' | 'disabled';
  failed_logins: number;
  locked_until: string | null;
  last_login_at: string | null;
  created_at: string;
  updated_at: string;
};
export type UserSessionTable = {
  id: string;
  token_hash: string;
  user_id: string;
  ip: string | null;
  user_agent: string | null;
  created_at: string;
  last_seen_at: string;
  expires_at: string;
  revoked_at: string | null;
};
export type ApiTokenTable = {
  id: string;
  creditor_id: string;
  name: string;
  token_prefix: string;
  token_hash: string;
  created_by: string;
  created_at: string;
  expires_at: string | null;
  last_used_at: string | null;
  revoked_at: string | null;
  /** Granted permissions; null: the integration default (tokens made before 0016-telephony). */
  scopes_json: TokenScope[] | null;
};
export type RateLimitTable = { key: string; window_start: string; count: number };

export type IdentityTables = {
  agency: AgencyTable;
  creditor: CreditorTable;
  team: TeamTable;
  app_user: AppUserTable;
  user_session: UserSessionTable;
  api_token: ApiTokenTable;
  rate_limit: RateLimitTable;
};
