import { createHash, randomBytes } from 'node:crypto';

/** Opaque bearer secrets; only their SHA-256 is stored. */
export function newSecret(prefix: 'cs' | 'ck'): string {
  return `${prefix}_${randomBytes(32).toString('base64url')}`;
}

export const sha256 = (s: string): string => createHash('sha256').update(s).digest('hex');

/** The CSRF token of a session: derived from the session secret, which only the server and the
 *  httpOnly cookie know, so a cross-site page can neither read nor compute it. */
export const csrfTokenFor = (sessionSecret: string): string => createHash('sha256').update(`csrf:${sessionSecret}`).digest('base64url');
