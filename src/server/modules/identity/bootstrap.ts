// First start: the agency row and the first admin. The admin's password comes from
// CONCORD_ADMIN_PASSWORD or is generated and returned so the caller prints it once.
import { randomBytes } from 'node:crypto';
import type { AppContext } from '../../context.js';
import { newId } from '../../platform/ids.js';
import { createIdentityService } from './identity.service.js';

export type BootstrapResult = { adminCreated: boolean; adminUsername: string; adminPassword?: string };

export function generatePassword(): string {
  // 16 characters from an alphabet without look-alikes (0/O, 1/l/I).
  const alphabet = 'ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz23456789';
  const bytes = randomBytes(16);
  return [...bytes].map((b) => alphabet[b % alphabet.length]).join('');
}

export async function ensureBootstrap(ctx: AppContext, opts: { agencyName?: string } = {}): Promise<BootstrapResult> {
  const identity = createIdentityService(ctx);
  if (!(await identity.getAgency())) {
    await identity.insertAgency({ id: newId(), name: opts.agencyName ?? 'Concord', created_at: ctx.clock.now().toISOString() });
  }
  if (Number((await identity.countUsers()).n) > 0) return { adminCreated: false, adminUsername: 'admin' };
  const password = ctx.config.adminPassword ?? generatePassword();
  await identity.createUser('system', { username: 'admin', displayName: '系统管理员', password, role: 'admin', locale: 'zh-CN' });
  return { adminCreated: true, adminUsername: 'admin', ...(ctx.config.adminPassword ? {} : { adminPassword: password }) };
}
