import { z } from 'zod';
import { idSchema, localeSchema, pageOf } from './common.js';
import { delinquencyPolicySchema } from './ledger.js';
import { negotiationPolicyInputSchema } from './negotiation.js';

import { can, defaultTokenScopes, permissions, rolePermissions, roles, tokenScopes, type Permission, type Role, type TokenScope } from './constants.js';

export { can, defaultTokenScopes, permissions, rolePermissions, roles, tokenScopes, type Permission, type Role, type TokenScope };
export const roleSchema = z.enum(roles);

const username = z.string().trim().min(3).max(40).regex(/^[a-zA-Z0-9._-]+$/, 'msg.username_chars');
// OWASP: length over composition rules; 10+ characters.
const password = z.string().min(10, 'msg.password_length').max(200);

export const loginRequestSchema = z.strictObject({ username: z.string().trim().min(1).max(40), password: z.string().min(1).max(200) });
export const meSchema = z.object({
  id: idSchema,
  username: z.string(),
  displayName: z.string(),
  role: roleSchema,
  teamId: idSchema.nullable(),
  creditorId: idSchema.nullable(),
  locale: localeSchema,
  permissions: z.array(z.string()),
});
export type Me = z.infer<typeof meSchema>;
export const loginResponseSchema = z.object({ user: meSchema, csrfToken: z.string() });

export const userSchema = z.object({
  id: idSchema,
  username: z.string(),
  displayName: z.string(),
  role: roleSchema,
  teamId: idSchema.nullable(),
  creditorId: idSchema.nullable(),
  locale: localeSchema,
  status: z.enum(['active', 'disabled']),
  lockedUntil: z.string().nullable(),
  lastLoginAt: z.string().nullable(),
  createdAt: z.string(),
});
export type User = z.infer<typeof userSchema>;
export const userListSchema = pageOf(userSchema);

export const createUserSchema = z.strictObject({
  username,
  displayName: z.string().trim().min(1).max(60),
  password,
  role: roleSchema,
  teamId: idSchema.nullable().optional(),
  creditorId: idSchema.nullable().optional(),
  locale: localeSchema.default('zh-CN'),
});
export type CreateUser = z.infer<typeof createUserSchema>;
export const updateUserSchema = z.strictObject({
  displayName: z.string().trim().min(1).max(60).optional(),
  role: roleSchema.optional(),
  teamId: idSchema.nullable().optional(),
  creditorId: idSchema.nullable().optional(),
  locale: localeSchema.optional(),
  status: z.enum(['active', 'disabled']).optional(),
  password: password.optional(),
});
export type UpdateUser = z.infer<typeof updateUserSchema>;
export const changePasswordSchema = z.strictObject({ currentPassword: z.string().min(1).max(200), newPassword: password });

export const teamSchema = z.object({ id: idSchema, name: z.string(), kind: z.enum(['phone', 'field', 'mixed']), memberCount: z.number().int(), createdAt: z.string() });
export type Team = z.infer<typeof teamSchema>;
export const createTeamSchema = z.strictObject({ name: z.string().trim().min(1).max(60), kind: z.enum(['phone', 'field', 'mixed']).default('phone') });
export const updateTeamSchema = z.strictObject({ name: z.string().trim().min(1).max(60).optional(), kind: z.enum(['phone', 'field', 'mixed']).optional() });

export const creditorSchema = z.object({
  id: idSchema,
  code: z.string(),
  name: z.string(),
  timeZone: z.string(),
  currency: z.string(),
  status: z.enum(['active', 'inactive']),
  /** Compliance rule-pack set or pack ids (space-separated) its contacts are decided under. */
  rulePackSet: z.string(),
  /** The creditor's delinquency policy as given (null: the engine's defaults). */
  delinquencyPolicy: delinquencyPolicySchema.nullable(),
  /** The creditor's negotiation policy and authority matrix as given (null: the defaults). */
  negotiationPolicy: negotiationPolicyInputSchema.nullable(),
  createdAt: z.string(),
});
export type Creditor = z.infer<typeof creditorSchema>;
const timeZone = z.string().refine((tz) => {
  try {
    new Intl.DateTimeFormat('en', { timeZone: tz });
    return true;
  } catch {
    return false;
  }
}, 'msg.time_zone');
const rulePackSet = z.string().trim().regex(/^[a-z0-9-]+(#[a-z_,]+)?( [a-z0-9-]+(#[a-z_,]+)?)*$/, 'msg.pack_list').max(300);
export const createCreditorSchema = z.strictObject({
  code: z.string().trim().min(2).max(30).regex(/^[A-Za-z0-9_-]+$/, 'msg.code_chars'),
  name: z.string().trim().min(1).max(100),
  timeZone: timeZone.default('Asia/Shanghai'),
  currency: z.string().regex(/^[A-Z]{3}$/, 'msg.currency').default('CNY'),
  rulePackSet: rulePackSet.optional(),
  delinquencyPolicy: delinquencyPolicySchema.nullable().optional(),
  negotiationPolicy: negotiationPolicyInputSchema.nullable().optional(),
});
export const updateCreditorSchema = z.strictObject({
  name: z.string().trim().min(1).max(100).optional(),
  timeZone: timeZone.optional(),
  status: z.enum(['active', 'inactive']).optional(),
  rulePackSet: rulePackSet.optional(),
  /** null: back to the defaults. */
  delinquencyPolicy: delinquencyPolicySchema.nullable().optional(),
  /** Plan policy per bucket, authority matrix, grace days; null: back to the defaults. */
  negotiationPolicy: negotiationPolicyInputSchema.nullable().optional(),
});

export const apiTokenSchema = z.object({
  id: idSchema,
  creditorId: idSchema,
  name: z.string(),
  prefix: z.string(),
  createdAt: z.string(),
  expiresAt: z.string().nullable(),
  lastUsedAt: z.string().nullable(),
  revokedAt: z.string().nullable(),
  /** What the token may do. */
  scopes: z.array(z.enum(tokenScopes)),
});
export const createApiTokenSchema = z.strictObject({
  name: z.string().trim().min(1).max(60),
  expiresInDays: z.number().int().min(1).max(3650).optional(),
  /** Default: cases.read + intake.manage (a lender's integration); a dialer's token gets telephony.webhook. */
  scopes: z.array(z.enum(tokenScopes)).min(1).max(tokenScopes.length).optional(),
});
/** The token itself is shown once, at creation. */
export const createdApiTokenSchema = z.object({ token: apiTokenSchema, secret: z.string() });
