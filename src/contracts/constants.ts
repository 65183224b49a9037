// Value lists and the role → permission table, free of zod so the browser bundle can import them
// without pulling in the schema library. The zod schemas in identity.ts and cases.ts are built from these.

// Roles from shared/domain/GLOSSARY.md.
export const roles = ['admin', 'supervisor', 'collector', 'field_collector', 'qa_reviewer', 'compliance_officer', 'auditor', 'creditor_viewer'] as const;
export type Role = (typeof roles)[number];

export const permissions = ['users.manage', 'teams.manage', 'creditors.manage', 'tokens.manage', 'cases.read', 'cases.assign', 'pii.reveal', 'audit.read', 'jobs.read', 'staff.manage', 'compliance.read', 'contacts.attempt', 'intake.manage', 'plans.approve', 'visits.plan', 'templates.manage', 'templates.approve', 'telephony.webhook', 'nightly.run'] as const;
export type Permission = (typeof permissions)[number];

/** What each role may do. Which rows it sees is its data scope (server/platform/access.ts). */
export const rolePermissions: Record<Role, readonly Permission[]> = {
  admin: ['users.manage', 'teams.manage', 'creditors.manage', 'tokens.manage', 'cases.read', 'cases.assign', 'pii.reveal', 'audit.read', 'jobs.read', 'staff.manage', 'compliance.read', 'intake.manage', 'plans.approve', 'visits.plan', 'templates.manage', 'templates.approve', 'nightly.run'],
  supervisor: ['cases.read', 'cases.assign', 'pii.reveal', 'compliance.read', 'contacts.attempt', 'intake.manage', 'plans.approve', 'visits.plan', 'templates.manage'],
  collector: ['cases.read', 'pii.reveal', 'contacts.attempt'],
  field_collector: ['cases.read', 'pii.reveal', 'contacts.attempt'],
  qa_reviewer: ['cases.read', 'compliance.read'],
  compliance_officer: ['cases.read', 'pii.reveal', 'audit.read', 'staff.manage', 'compliance.read', 'templates.manage', 'templates.approve'],
  auditor: ['audit.read', 'compliance.read'],
  creditor_viewer: ['cases.read'],
};

export const can = (role: Role, p: Permission): boolean => rolePermissions[role].includes(p);

/** What an API token may be granted (no role has `telephony.webhook`: only a dialer's token posts call events). */
export const tokenScopes = ['cases.read', 'intake.manage', 'telephony.webhook'] as const satisfies readonly Permission[];
export type TokenScope = (typeof tokenScopes)[number];
/** A token created without scopes (and every token made before scopes existed): a lender's integration. */
export const defaultTokenScopes: readonly TokenScope[] = ['cases.read', 'intake.manage'];

export const addressKinds = ['residence', 'household_registration', 'work', 'other'] as const;
export type AddressKind = (typeof addressKinds)[number];

/** Delinquency buckets (GLOSSARY: M1 = 1–30 DPD, M2 = 31–60 …); M0 = current. Boundaries are per creditor (issue "Portfolio intake"). */
export const buckets = ['M0', 'M1', 'M2', 'M3', 'M4', 'M5', 'M6+'] as const;
export type Bucket = (typeof buckets)[number];
