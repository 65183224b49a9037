// Idempotent mutations from the field phone (issue 8, item 5). The phone gives each action a client id (a UUID) and
// keeps it in its offline outbox until the server answers; a replay — the network dropped the answer, or the outbox
// resends after reconnecting — must not check in twice, record a second outcome or a second SOS. The first success is
// stored with its client id in the same transaction as the action, and a replay gets that stored result back.
// Refusals are not stored: replaying a refused action asks again (at the same captured time, so with the same answer).
import type { Kysely, Transaction } from 'kysely';
import { isUniqueViolation } from '../../db/dialect.js';
import type { DB } from '../../db/schema.js';
import type { Clock } from '../../platform/clock.js';
import { AppError, defineErrors } from '../../platform/errors.js';

export const FieldSyncErrors = defineErrors({
  'field.client_id_reused': { kind: 'conflict', zh: '该客户端编号已用于另一项操作', en: 'This client id was already used for another action' },
  'field.captured_at_invalid': { kind: 'validation', zh: '记录时间超出允许范围：{reason}', en: 'The captured time is out of range: {reason}' },
});

export type MutationKey = { clientId: string; userId: string; action: 'check_in' | 'outcome' | 'leave' | 'check_out' | 'sos'; stopId: string };
export type Remember<T> = (trx: Transaction<DB>, result: T) => Promise<void>;

/** How far back an offline action may have been captured (a working day), and how far ahead (phone clock skew). */
export const CAPTURE_MAX_AGE_MS = 12 * 3600_000;
export const CAPTURE_MAX_AHEAD_MS = 2 * 60_000;

/** The instant an action happened: the phone's captured time within the bounds, else now. `notBefore`: e.g. the check-in. */
export function capturedInstant(capturedAt: string | undefined, now: Date, notBefore?: string): Date {
  if (capturedAt === undefined) return now;
  const at = new Date(capturedAt);
  const fail = (zh: string, en: string) =>
    new AppError(FieldSyncErrors['field.captured_at_invalid'], { reason: zh, issues: [{ path: 'capturedAt', message: `记录时间${zh}`, messageEn: `capturedAt ${en}` }] });
  if (at.getTime() > now.getTime() + CAPTURE_MAX_AHEAD_MS) throw fail('晚于服务器时间（手机时钟有误？）', 'is later than the server time (is the phone clock wrong?)');
  if (at.getTime() < now.getTime() - CAPTURE_MAX_AGE_MS) throw fail('早于12小时前，不能再同步', 'is more than 12 hours ago and can no longer be synced');
  if (notBefore !== undefined && at.getTime() < new Date(notBefore).getTime()) throw fail('早于签到时间', 'is before the check-in');
  return at;
}

export function fieldMutations(db: Kysely<DB>, clock: Clock) {
  async function recall<T>(k: MutationKey): Promise<{ result: T } | undefined> {
    const row = await db.selectFrom('field_mutation').selectAll().where('client_id', '=', k.clientId).executeTakeFirst();
    if (!row) return undefined;
    if (row.user_id !== k.userId || row.action !== k.action || row.stop_id !== k.stopId) {
      throw new AppError(FieldSyncErrors['field.client_id_reused'], { issues: [{ path: 'clientId', message: '该客户端编号已用于另一项操作', messageEn: 'This client id was already used for another action' }] });
    }
    return { result: row.result_json as T };
  }

  /**
   * Runs `run` once per client id: a known id returns its stored result; `run` must call `remember` in the transaction
   * that makes the change. Without a client id (an online request from an older page) it simply runs.
   */
  async function once<T>(k: MutationKey | null, run: (remember: Remember<T>) => Promise<T>): Promise<T> {
    if (!k) return run(async () => {});
    const prev = await recall<T>(k);
    if (prev) return prev.result;
    const remember: Remember<T> = async (trx, result) => {
      await trx.insertInto('field_mutation').values({
        client_id: k.clientId, user_id: k.userId, action: k.action, stop_id: k.stopId, result_json: result as object, received_at: clock.now().toISOString(),
      }).execute();
    };
    try {
      return await run(remember);
    } catch (e) {
      // The same id sent twice at once: the other request won the insert; answer as it did.
      if (isUniqueViolation(e)) {
        const again = await recall<T>(k);
        if (again) return again.result;
      }
      throw e;
    }
  }

  return { once };
}
