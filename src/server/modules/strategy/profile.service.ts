// Collector profiles (languages, regions, capacity, field base) that the nightly allocation reads, and a creditor's
// default reminder templates that scheduling uses when the strategy names none. A supervisor edits the collectors of
// their own team, admin anyone; every change is audited with before/after.
import type { z } from 'zod';
import type { CollectorProfile, ReminderTemplates, collectorProfileOutSchema } from '../../../contracts/allocation.js';
import type { AppContext } from '../../context.js';
import { actorOf, requirePermission, type Principal } from '../../platform/access.js';
import { AppError, defineErrors } from '../../platform/errors.js';

export const ProfileErrors = defineErrors({
  'allocation.not_collector': { kind: 'validation', zh: '只有催收员和外访催收员有分配档案：{userId}', en: 'Only collectors and field collectors have an allocation profile: {userId}' },
  'allocation.other_team': { kind: 'forbidden', zh: '主管只能修改本团队催收员的档案', en: "A supervisor may only edit their own team's collectors" },
  'allocation.bad_template': { kind: 'validation', zh: '模板不存在、渠道不符或没有已审批版本：{field}', en: 'No such template, another channel, or no approved version: {field}' },
});

export function createProfileService(ctx: AppContext) {
  const { db, clock, audit } = ctx;

  async function collector(p: Principal, userId: string) {
    requirePermission(p, 'cases.assign');
    const u = await db.selectFrom('app_user').select(['id', 'role', 'team_id']).where('id', '=', userId).executeTakeFirst();
    if (!u) throw new AppError('common.not_found', { entity: 'app_user' });
    if (u.role !== 'collector' && u.role !== 'field_collector') throw new AppError(ProfileErrors['allocation.not_collector'], { userId, issues: [{ path: 'userId', message: '不是催收员', messageEn: 'Not a collector' }] });
    if (p.kind === 'user' && p.role === 'supervisor' && (!p.teamId || u.team_id !== p.teamId)) throw new AppError(ProfileErrors['allocation.other_team']);
    return u;
  }

  async function getProfile(p: Principal, userId: string): Promise<z.infer<typeof collectorProfileOutSchema>> {
    await collector(p, userId);
    const r = await db.selectFrom('collector_profile').selectAll().where('user_id', '=', userId).executeTakeFirst();
    if (!r) return { userId, isDefault: true, updatedAt: null, profile: { languages: ['zh-CN'], regions: [], capacity: ctx.config.defaultCapacity, baseLatitude: null, baseLongitude: null } };
    return {
      userId, isDefault: false, updatedAt: r.updated_at,
      profile: { languages: r.languages_json as CollectorProfile['languages'], regions: r.regions_json, capacity: Number(r.capacity), baseLatitude: r.base_latitude === null ? null : Number(r.base_latitude), baseLongitude: r.base_longitude === null ? null : Number(r.base_longitude) },
    };
  }

  async function putProfile(p: Principal, userId: string, req: CollectorProfile) {
    await collector(p, userId);
    const before = await getProfile(p, userId);
    const now = clock.now().toISOString();
    const row = {
      languages_json: req.languages, regions_json: req.regions, capacity: req.capacity, base_latitude: req.baseLatitude, base_longitude: req.baseLongitude,
      updated_by: p.kind === 'user' ? p.userId : null, updated_at: now,
    };
    await db.transaction().execute(async (trx) => {
      await trx.insertInto('collector_profile').values({ user_id: userId, ...row }).onConflict((oc) => oc.column('user_id').doUpdateSet(row)).execute();
      await audit.record(actorOf(p), { action: 'collector_profile.update', entityType: 'app_user', entityId: userId, before: before.isDefault ? null : before.profile, after: req }, trx);
    });
    return getProfile(p, userId);
  }

  async function getReminderTemplates(p: Principal, creditorId: string): Promise<ReminderTemplates> {
    requirePermission(p, 'creditors.manage');
    const rows = await db.selectFrom('creditor_reminder_template').select(['channel', 'template_id']).where('creditor_id', '=', creditorId).execute();
    return { sms: rows.find((r) => r.channel === 'sms')?.template_id ?? null, email: rows.find((r) => r.channel === 'email')?.template_id ?? null };
  }

  async function putReminderTemplates(p: Principal, creditorId: string, req: ReminderTemplates): Promise<ReminderTemplates> {
    requirePermission(p, 'creditors.manage');
    if (!(await db.selectFrom('creditor').select('id').where('id', '=', creditorId).executeTakeFirst())) throw new AppError('common.not_found', { entity: 'creditor' });
    for (const channel of ['sms', 'email'] as const) {
      const id = req[channel];
      if (!id) continue;
      const ok = await db.selectFrom('message_template').innerJoin('message_template_version', 'message_template_version.template_id', 'message_template.id')
        .select('message_template.id').where('message_template.id', '=', id).where('message_template.channel', '=', channel).where('message_template_version.status', '=', 'approved').executeTakeFirst();
      if (!ok) throw new AppError(ProfileErrors['allocation.bad_template'], { field: channel, issues: [{ path: channel, message: '模板不存在、渠道不符或未审批', messageEn: 'No such approved template of this channel' }] });
    }
    const before = await getReminderTemplates(p, creditorId);
    const now = clock.now().toISOString();
    await db.transaction().execute(async (trx) => {
      await trx.deleteFrom('creditor_reminder_template').where('creditor_id', '=', creditorId).execute();
      for (const channel of ['sms', 'email'] as const) {
        const id = req[channel];
        if (id) await trx.insertInto('creditor_reminder_template').values({ creditor_id: creditorId, channel, template_id: id, updated_by: p.kind === 'user' ? p.userId : null, updated_at: now }).execute();
      }
      await audit.record(actorOf(p), { action: 'creditor.reminder_templates', entityType: 'creditor', entityId: creditorId, before, after: req }, trx);
    });
    return getReminderTemplates(p, creditorId);
  }

  return { getProfile, putProfile, getReminderTemplates, putReminderTemplates };
}
export type ProfileService = ReturnType<typeof createProfileService>;
