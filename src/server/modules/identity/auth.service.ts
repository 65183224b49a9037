// Login, sessions and API tokens. Failed logins count per user (temporary lockout) and per IP (rate limit);
// both are recorded in the audit log.
import { timingSafeEqual } from 'node:crypto';
import { defaultTokenScopes, type Me } from '../../../contracts/identity.js';
import type { AppContext } from '../../context.js';
import type { Principal, TokenPrincipal, UserPrincipal } from '../../platform/access.js';
import { AppError, defineErrors } from '../../platform/errors.js';
import { newId } from '../../platform/ids.js';
import { hitRateLimit } from '../../platform/rate-limit.js';
import { identityRepository } from './identity.repository.js';
import { dummyHash, hashPassword, verifyPassword } from './passwords.js';
import { csrfTokenFor, newSecret, sha256 } from './tokens.js';
import { meOf } from './user.mappers.js';

export const AuthErrors = defineErrors({
  'auth.invalid_credentials': { kind: 'unauthenticated', zh: '用户名或密码错误', en: 'Wrong username or password' },
  'auth.locked': { kind: 'locked', zh: '登录失败次数过多，账号已临时锁定，请于 {until} 后重试', en: 'Too many failed logins; the account is locked until {until}' },
  'auth.rate_limited': { kind: 'rate_limited', zh: '登录尝试过于频繁，请 {retryAfterSeconds} 秒后再试', en: 'Too many login attempts; retry in {retryAfterSeconds} s' },
  'auth.unauthenticated': { kind: 'unauthenticated', zh: '请先登录', en: 'Please sign in' },
  'auth.wrong_current_password': { kind: 'validation', zh: '当前密码错误', en: 'The current password is wrong' },
  'auth.csrf': { kind: 'forbidden', zh: '缺少或错误的 CSRF 令牌，请刷新页面后重试', en: 'Missing or wrong CSRF token; reload the page and retry' },
});

const TOUCH_EVERY_MS = 60_000;

export type LoginInput = { username: string; password: string; ip: string | null; userAgent: string | null; requestId: string | null };
export type LoginResult = { sessionSecret: string; csrfToken: string; expiresAt: string; user: Me };


export function createAuthService(ctx: AppContext) {
  const repo = identityRepository(ctx.db);
  const { config, clock, audit } = ctx;
  const anon = (i: { ip: string | null; requestId: string | null }) => ({ type: 'anonymous' as const, id: null, label: null, ip: i.ip, requestId: i.requestId });

  async function login(input: LoginInput): Promise<LoginResult> {
    const now = clock.now();
    const nowIso = now.toISOString();
    const rate = await hitRateLimit(ctx.db, clock, `login:ip:${input.ip ?? '-'}`, config.loginRatePerMinute, 60_000);
    if (!rate.allowed) {
      await audit.record(anon(input), { action: 'auth.login_rate_limited', meta: { username: input.username } });
      throw new AppError(AuthErrors['auth.rate_limited'], { retryAfterSeconds: rate.retryAfterSeconds });
    }
    const user = await repo.findUserByUsername(input.username);
    if (!user) {
      await verifyPassword(await dummyHash(), input.password);
      await audit.record(anon(input), { action: 'auth.login_failed', meta: { username: input.username, reason: 'unknown_user' } });
      throw new AppError(AuthErrors['auth.invalid_credentials']);
    }
    if (user.locked_until && user.locked_until > nowIso) {
      await audit.record(anon(input), { action: 'auth.login_failed', entityType: 'user', entityId: user.id, meta: { username: user.username, reason: 'locked' } });
      throw new AppError(AuthErrors['auth.locked'], { until: user.locked_until, retryAfterSeconds: Math.ceil((Date.parse(user.locked_until) - now.getTime()) / 1000) });
    }
    const ok = await verifyPassword(user.password_hash, input.password);
    if (!ok || user.status !== 'active') {
      const failures = user.failed_logins + 1;
      const lock = failures >= config.loginMaxFailures ? new Date(now.getTime() + config.loginLockMinutes * 60_000).toISOString() : null;
      await repo.recordLoginFailure(user.id, lock ? 0 : failures, lock, nowIso);
      await audit.record(anon(input), {
        action: lock ? 'auth.locked' : 'auth.login_failed',
        entityType: 'user',
        entityId: user.id,
        meta: { username: user.username, reason: ok ? 'disabled' : 'wrong_password', failures },
      });
      if (lock) throw new AppError(AuthErrors['auth.locked'], { until: lock, retryAfterSeconds: config.loginLockMinutes * 60 });
      throw new AppError(AuthErrors['auth.invalid_credentials']);
    }
    const sessionSecret = newSecret('cs');
    const expiresAt = new Date(now.getTime() + config.sessionHours * 3_600_000).toISOString();
    const sessionId = newId();
    await repo.insertSession({
      id: sessionId,
      token_hash: sha256(sessionSecret),
      user_id: user.id,
      ip: input.ip,
      user_agent: input.userAgent?.slice(0, 300) ?? null,
      created_at: nowIso,
      last_seen_at: nowIso,
      expires_at: expiresAt,
      revoked_at: null,
    });
    await repo.recordLoginSuccess(user.id, nowIso);
    await audit.record(
      { type: 'user', id: user.id, label: user.username, ip: input.ip, requestId: input.requestId },
      { action: 'auth.login', entityType: 'session', entityId: sessionId },
    );
    return { sessionSecret, csrfToken: csrfTokenFor(sessionSecret), expiresAt, user: meOf(user) };
  }

  /** The principal behind a session cookie, or undefined when it is unknown, expired, revoked or disabled. */
  async function resolveSession(secret: string, meta: { ip: string | null; requestId: string | null }): Promise<(UserPrincipal & { me: Me }) | undefined> {
    const now = clock.now();
    const row = await repo.findLiveSession(sha256(secret), now.toISOString());
    if (!row || row.status !== 'active') return undefined;
    if (now.getTime() - Date.parse(row.last_seen_at) > TOUCH_EVERY_MS) await repo.touchSession(row.session_id, now.toISOString());
    return {
      kind: 'user',
      userId: row.id,
      username: row.username,
      displayName: row.display_name,
      role: row.role,
      teamId: row.team_id,
      creditorId: row.creditor_id,
      sessionId: row.session_id,
      ip: meta.ip,
      requestId: meta.requestId,
      me: meOf(row),
    };
  }

  async function resolveApiToken(secret: string, meta: { ip: string | null; requestId: string | null }): Promise<TokenPrincipal | undefined> {
    const row = await repo.findApiTokenByHash(sha256(secret));
    const nowIso = clock.now().toISOString();
    if (!row || row.revoked_at || (row.expires_at && row.expires_at <= nowIso)) return undefined;
    if (!row.last_used_at || Date.parse(nowIso) - Date.parse(row.last_used_at) > TOUCH_EVERY_MS) await repo.touchApiToken(row.id, nowIso);
    return { kind: 'api_token', tokenId: row.id, name: row.name, creditorId: row.creditor_id, ip: meta.ip, requestId: meta.requestId, scopes: row.scopes_json ?? defaultTokenScopes };
  }

  function checkCsrf(sessionSecret: string, header: string | undefined): void {
    const expected = Buffer.from(csrfTokenFor(sessionSecret));
    const got = Buffer.from(header ?? '');
    if (got.length !== expected.length || !timingSafeEqual(got, expected)) throw new AppError(AuthErrors['auth.csrf']);
  }

  async function logout(p: Principal): Promise<void> {
    if (p.kind !== 'user') return;
    await repo.revokeSession(p.sessionId, clock.now().toISOString());
    await audit.record({ type: 'user', id: p.userId, label: p.username, ip: p.ip, requestId: p.requestId }, { action: 'auth.logout', entityType: 'session', entityId: p.sessionId });
  }

  async function changePassword(p: Principal, current: string, next: string): Promise<void> {
    if (p.kind !== 'user') throw new AppError(AuthErrors['auth.unauthenticated']);
    const user = await repo.findUserById(p.userId);
    if (!user || !(await verifyPassword(user.password_hash, current))) {
      throw new AppError(AuthErrors['auth.wrong_current_password'], { issues: [{ path: 'currentPassword', message: '当前密码错误', messageEn: 'wrong current password' }] });
    }
    const t = clock.now().toISOString();
    const hash = await hashPassword(next);
    await ctx.db.transaction().execute(async (trx) => {
      await repo.updateUser(trx, user.id, { password_hash: hash, updated_at: t });
      // Other sessions of this user end; this one stays.
      await trx.updateTable('user_session').set({ revoked_at: t }).where('user_id', '=', user.id).where('id', '!=', p.sessionId).where('revoked_at', 'is', null).execute();
      await audit.record({ type: 'user', id: p.userId, label: p.username, ip: p.ip, requestId: p.requestId }, { action: 'auth.password_change', entityType: 'user', entityId: user.id }, trx);
    });
  }

  return { login, resolveSession, resolveApiToken, checkCsrf, logout, csrfTokenFor, changePassword };
}

export type AuthService = ReturnType<typeof createAuthService>;
