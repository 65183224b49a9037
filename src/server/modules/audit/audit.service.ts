// Reading the audit trail (auditors, admins, compliance). Reading it is itself not audited: it changes nothing.
import type { z } from 'zod';
import type { auditQuerySchema } from '../../../contracts/audit.js';
import type { AppContext } from '../../context.js';
import { requirePermission, type Principal } from '../../platform/access.js';

export function createAuditService(ctx: AppContext) {
  async function list(p: Principal, q: z.infer<typeof auditQuerySchema>) {
    requirePermission(p, 'audit.read');
    let base = ctx.db.selectFrom('audit_log');
    if (q.action) base = base.where('action', '=', q.action);
    if (q.entityId) base = base.where('entity_id', '=', q.entityId);
    if (q.actorId) base = base.where('actor_id', '=', q.actorId);
    const [rows, total] = await Promise.all([
      base.selectAll().orderBy('seq', 'desc').offset((q.page - 1) * q.pageSize).limit(q.pageSize).execute(),
      base.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow(),
    ]);
    return {
      items: rows.map((r) => ({
        seq: r.seq,
        id: r.id,
        at: r.at,
        actorType: r.actor_type,
        actorId: r.actor_id,
        actorLabel: r.actor_label,
        action: r.action,
        entityType: r.entity_type,
        entityId: r.entity_id,
        ip: r.ip,
        requestId: r.request_id,
        reason: r.reason,
        before: r.before_json,
        after: r.after_json,
        meta: r.meta_json,
      })),
      total: Number(total.n),
      page: q.page,
      pageSize: q.pageSize,
    };
  }
  return { list };
}
export type AuditService = ReturnType<typeof createAuditService>;
