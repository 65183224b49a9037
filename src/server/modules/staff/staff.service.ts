// Staff qualifications: certificates and training records per user. Admins and compliance officers manage
// them (staff.manage); a user may read their own. A certificate's status is computed from the agency's
// calendar date on every read. Every change is audited in the transaction that makes it.
import {
  EXPIRING_WITHIN_DAYS,
  type Certificate,
  type CertificateStatus,
  type CreateCertificate,
  type CreateTraining,
  type ExpiringCertificate,
  type Qualifications,
  type Training,
  type UpdateCertificate,
} from '../../../contracts/staff.js';
import type { AppContext } from '../../context.js';
import { actorOf, requirePermission, type Principal } from '../../platform/access.js';
import { AppError, defineErrors } from '../../platform/errors.js';
import { newId } from '../../platform/ids.js';
import { staffRepository } from './staff.repository.js';
import { calendarDate as calendarDateIn } from '../../platform/clock.js';
import type { StaffCertificateTable, StaffTrainingTable } from './staff.tables.js';

export const StaffErrors = defineErrors({
  'staff.user_not_found': { kind: 'not_found', zh: '用户不存在', en: 'No such user' },
  'staff.certificate_not_found': { kind: 'not_found', zh: '资格证书不存在', en: 'No such certificate' },
  'staff.training_not_found': { kind: 'not_found', zh: '培训记录不存在', en: 'No such training record' },
  'staff.invalid_validity': { kind: 'validation', zh: '证书有效期无效：到期日早于生效日', en: 'Invalid validity: the certificate would expire before it becomes valid' },
});

/** The agency works in China time: "today" for certificates is the calendar date there. */
export const AGENCY_TIME_ZONE = 'Asia/Shanghai';

/** The calendar date (YYYY-MM-DD) in a time zone at an instant; the agency's zone by default. */
export const calendarDate = (instant: Date, timeZone: string = AGENCY_TIME_ZONE): string => calendarDateIn(instant, timeZone);

const utcDay = (ymd: string) => Date.UTC(Number(ymd.slice(0, 4)), Number(ymd.slice(5, 7)) - 1, Number(ymd.slice(8, 10)));
/** Whole days from `from` to `to` (negative when `to` is earlier). */
export const daysBetween = (from: string, to: string): number => Math.round((utcDay(to) - utcDay(from)) / 86_400_000);
export const addDays = (ymd: string, n: number): string => new Date(utcDay(ymd) + n * 86_400_000).toISOString().slice(0, 10);

/**
 * expired: the last valid day has passed; expiring: it is at most EXPIRING_WITHIN_DAYS away (today counts);
 * not_yet_valid: it starts after today; else valid.
 */
export function certificateStatus(c: { validFrom: string; validUntil: string }, today: string): { status: CertificateStatus; daysLeft: number } {
  const daysLeft = daysBetween(today, c.validUntil);
  const status: CertificateStatus = daysLeft < 0 ? 'expired' : daysLeft <= EXPIRING_WITHIN_DAYS ? 'expiring' : c.validFrom > today ? 'not_yet_valid' : 'valid';
  return { status, daysLeft };
}

const certificateOut = (c: StaffCertificateTable, today: string): Certificate => ({
  id: c.id,
  userId: c.user_id,
  kind: c.kind,
  number: c.number,
  issuer: c.issuer,
  validFrom: c.valid_from,
  validUntil: c.valid_until,
  ...certificateStatus({ validFrom: c.valid_from, validUntil: c.valid_until }, today),
  createdAt: c.created_at,
  updatedAt: c.updated_at,
});
const trainingOut = (t: StaffTrainingTable): Training => ({
  id: t.id,
  userId: t.user_id,
  course: t.course,
  completedOn: t.completed_on,
  result: t.result,
  score: t.score === null ? null : Number(t.score),
  hours: t.hours === null ? null : Number(t.hours),
  createdAt: t.created_at,
});

/** What the audit log keeps of a certificate or a training record. */
const certificateAudit = (c: StaffCertificateTable) => ({ userId: c.user_id, kind: c.kind, number: c.number, issuer: c.issuer, validFrom: c.valid_from, validUntil: c.valid_until });
const trainingAudit = (t: StaffTrainingTable) => ({ userId: t.user_id, course: t.course, completedOn: t.completed_on, result: t.result, score: t.score, hours: t.hours });

/** An agent as the compliance engine sees it (src/core/compliance ScenarioAgent). */
export type AgentQualifications = {
  id: string;
  certificates: Array<{ kind: string; number?: string; validFrom?: string; validUntil: string }>;
  lastTrainingOn?: string;
};

const CHUNK = 500;
const chunks = <T>(xs: T[]): T[][] => Array.from({ length: Math.ceil(xs.length / CHUNK) }, (_, i) => xs.slice(i * CHUNK, (i + 1) * CHUNK));

export function createStaffService(ctx: AppContext) {
  const repo = staffRepository(ctx.db);
  const { db, clock, audit } = ctx;
  const now = () => clock.now().toISOString();
  const today = () => calendarDate(clock.now());
  const actorId = (p: Principal) => (p.kind === 'user' ? p.userId : p.tokenId);

  async function requireUser(userId: string) {
    const u = await repo.findUser(userId);
    if (!u) throw new AppError(StaffErrors['staff.user_not_found'], { userId });
    return u;
  }

  /** A user's certificates (latest expiry first) and training records (latest first). */
  async function qualifications(p: Principal, userId: string): Promise<Qualifications> {
    // The permission is checked before the user is looked up: an outsider learns nothing of who exists.
    if (!(p.kind === 'user' && p.userId === userId)) requirePermission(p, 'staff.manage');
    await requireUser(userId);
    const [certificates, trainings] = await Promise.all([repo.listCertificates(userId), repo.listTrainings(userId)]);
    const d = today();
    return { userId, certificates: certificates.map((c) => certificateOut(c, d)), trainings: trainings.map(trainingOut) };
  }

  async function createCertificate(p: Principal, userId: string, input: CreateCertificate): Promise<Certificate> {
    requirePermission(p, 'staff.manage');
    await requireUser(userId);
    const t = now();
    const row: StaffCertificateTable = {
      id: newId(),
      user_id: userId,
      kind: input.kind,
      number: input.number,
      issuer: input.issuer,
      valid_from: input.validFrom,
      valid_until: input.validUntil,
      created_at: t,
      updated_at: t,
      created_by: actorId(p),
    };
    await db.transaction().execute(async (trx) => {
      await repo.insertCertificate(trx, row);
      await audit.record(actorOf(p), { action: 'staff_certificate.create', entityType: 'staff_certificate', entityId: row.id, after: certificateAudit(row) }, trx);
    });
    return certificateOut(row, today());
  }

  async function updateCertificate(p: Principal, id: string, patch: UpdateCertificate): Promise<Certificate> {
    requirePermission(p, 'staff.manage');
    const before = await repo.findCertificate(id);
    if (!before) throw new AppError(StaffErrors['staff.certificate_not_found'], { id });
    const next: StaffCertificateTable = {
      ...before,
      kind: patch.kind ?? before.kind,
      number: patch.number ?? before.number,
      issuer: patch.issuer ?? before.issuer,
      valid_from: patch.validFrom ?? before.valid_from,
      valid_until: patch.validUntil ?? before.valid_until,
    };
    if (next.valid_from > next.valid_until) {
      // Only one of the dates was sent: name that field.
      const path = patch.validUntil !== undefined ? 'validUntil' : 'validFrom';
      throw new AppError(StaffErrors['staff.invalid_validity'], {
        issues: [{ path, message: path === 'validUntil' ? '到期日不能早于生效日' : '生效日不能晚于到期日', messageEn: path === 'validUntil' ? 'must not be before the valid-from date' : 'must not be after the valid-until date' }],
      });
    }
    const changed = (['kind', 'number', 'issuer', 'valid_from', 'valid_until'] as const).some((k) => next[k] !== before[k]);
    if (!changed) return certificateOut(before, today());
    next.updated_at = now();
    await db.transaction().execute(async (trx) => {
      const { id: _id, user_id: _u, created_at: _c, created_by: _b, ...set } = next;
      await repo.updateCertificate(trx, id, set);
      await audit.record(actorOf(p), { action: 'staff_certificate.update', entityType: 'staff_certificate', entityId: id, before: certificateAudit(before), after: certificateAudit(next) }, trx);
    });
    return certificateOut(next, today());
  }

  async function deleteCertificate(p: Principal, id: string): Promise<void> {
    requirePermission(p, 'staff.manage');
    const before = await repo.findCertificate(id);
    if (!before) throw new AppError(StaffErrors['staff.certificate_not_found'], { id });
    await db.transaction().execute(async (trx) => {
      await repo.deleteCertificate(trx, id);
      await audit.record(actorOf(p), { action: 'staff_certificate.delete', entityType: 'staff_certificate', entityId: id, before: certificateAudit(before) }, trx);
    });
  }

  async function createTraining(p: Principal, userId: string, input: CreateTraining): Promise<Training> {
    requirePermission(p, 'staff.manage');
    await requireUser(userId);
    const row: StaffTrainingTable = {
      id: newId(),
      user_id: userId,
      course: input.course,
      completed_on: input.completedOn,
      result: input.result,
      score: input.score ?? null,
      hours: input.hours ?? null,
      created_at: now(),
      created_by: actorId(p),
    };
    await db.transaction().execute(async (trx) => {
      await repo.insertTraining(trx, row);
      await audit.record(actorOf(p), { action: 'staff_training.create', entityType: 'staff_training', entityId: row.id, after: trainingAudit(row) }, trx);
    });
    return trainingOut(row);
  }

  async function deleteTraining(p: Principal, id: string): Promise<void> {
    requirePermission(p, 'staff.manage');
    const before = await repo.findTraining(id);
    if (!before) throw new AppError(StaffErrors['staff.training_not_found'], { id });
    await db.transaction().execute(async (trx) => {
      await repo.deleteTraining(trx, id);
      await audit.record(actorOf(p), { action: 'staff_training.delete', entityType: 'staff_training', entityId: id, before: trainingAudit(before) }, trx);
    });
  }

  /**
   * Certificates of active users that expire within `days` days of today or have expired, soonest first.
   * One that a later certificate of the same kind has replaced (a renewal) is left out.
   */
  async function expiring(p: Principal, days: number = EXPIRING_WITHIN_DAYS): Promise<{ today: string; days: number; items: ExpiringCertificate[] }> {
    requirePermission(p, 'staff.manage');
    const d = today();
    const rows = await repo.expiringCertificates(addDays(d, days));
    return { today: d, days, items: rows.map(({ username, display_name, ...c }) => ({ ...certificateOut(c, d), username, userDisplayName: display_name })) };
  }

  /**
   * For the compliance engine (internal, no permission check): each requested user with all their
   * certificates and the date of their latest passed training. Unknown ids come back with no certificates.
   */
  async function agentsFor(userIds: string[]): Promise<AgentQualifications[]> {
    const ids = [...new Set(userIds)];
    if (ids.length === 0) return [];
    const certificates = new Map<string, AgentQualifications['certificates']>();
    const lastTraining = new Map<string, string>();
    for (const part of chunks(ids)) {
      const [certs, trainings] = await Promise.all([repo.certificatesOf(part), repo.lastPassedTrainings(part)]);
      for (const c of certs) {
        const list = certificates.get(c.user_id) ?? [];
        list.push({ kind: c.kind, number: c.number, validFrom: c.valid_from, validUntil: c.valid_until });
        certificates.set(c.user_id, list);
      }
      for (const t of trainings) if (t.last_on) lastTraining.set(t.user_id, String(t.last_on));
    }
    return ids.map((id) => {
      const last = lastTraining.get(id);
      return { id, certificates: certificates.get(id) ?? [], ...(last ? { lastTrainingOn: last } : {}) };
    });
  }

  return { qualifications, createCertificate, updateCertificate, deleteCertificate, createTraining, deleteTraining, expiring, agentsFor };
}

export type StaffService = ReturnType<typeof createStaffService>;
