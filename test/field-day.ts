// A planned field day for integration tests: certified field collectors of one team, cases with geocoded addresses,
// approved visit requests and today's route for the first two collectors (planned by the team's supervisor).
import { expect } from 'vitest';
import type { FieldStopOut, FieldTodayOut } from '../src/contracts/field.js';
import type { VisitPlanOut, VisitRequestOut } from '../src/contracts/visits.js';
import { newId } from '../src/server/platform/ids.js';
import type { Client, TestApp } from './app.js';
import { make } from './factories.js';

/** A field-visit certificate valid through mid-2027 and a passed annual training, as the packs require of a visit. */
export async function certifyFieldCollector(t: TestApp, userId: string, i: number): Promise<void> {
  const at = t.clock.now().toISOString();
  await t.db.db.insertInto('staff_certificate').values({
    id: newId(), user_id: userId, kind: 'field_visit', number: `WF-${i}`, issuer: '测试', valid_from: '2026-01-01', valid_until: '2027-06-30', created_at: at, updated_at: at, created_by: 'system',
  }).execute();
  await t.db.db.insertInto('staff_training').values({
    id: newId(), user_id: userId, course: '年度培训', completed_on: '2026-10-01', result: 'passed', score: 90, hours: 8, created_at: at, created_by: 'system',
  }).execute();
}

export type FieldDay = { field: Array<Client & { id: string }>; supervisor: Client & { id: string }; outsider: Client & { id: string }; stops: FieldStopOut[] };

export async function planFieldDay(t: TestApp, opts: { date: string; stops: number; collectors?: number }): Promise<FieldDay> {
  const db = t.db.db;
  const creditorId = (await make.creditor(db)).id;
  const team = await make.team(db);
  const collector = await t.userWith('collector', { teamId: team.id });
  const supervisor = await t.userWith('supervisor', { teamId: team.id });
  const approver = await t.userWith('supervisor', { teamId: team.id });
  const outsider = await t.userWith('supervisor', { teamId: (await make.team(db)).id });
  const field: Array<Client & { id: string }> = [];
  for (let i = 0; i < (opts.collectors ?? 3); i++) {
    const f = await t.userWith('field_collector', { teamId: team.id });
    field.push(f);
    await certifyFieldCollector(t, f.id, i);
  }
  for (let i = 0; i < opts.stops; i++) {
    const c = await make.debtorWithCase(db, t.rt.ctx.pii, t.clock, { creditorId, assignedTeamId: team.id, fullName: `外访债务人${i}` });
    await db.updateTable('address').set({ latitude: 39.9 + 0.01 * i, longitude: 116.4 + 0.01 * i }).where('id', '=', c.addressId).execute();
    const req = await collector.post(`/api/cases/${c.caseId}/visit-requests`, { addressId: c.addressId, reason: '电话多次未接通，上门核实', priority: 2 });
    expect(req.statusCode, req.body).toBe(201);
    expect((await approver.post(`/api/visit-requests/${(req.json() as VisitRequestOut).id}/approve`, {})).statusCode).toBe(200);
  }
  const plan = await supervisor.post('/api/visit-plans', { date: opts.date, collectorIds: [field[0]!.id, field[1]!.id], base: { latitude: 39.91, longitude: 116.41 } });
  expect(plan.statusCode, plan.body).toBe(201);
  expect((plan.json() as VisitPlanOut).routes[0]!.stops).toHaveLength(opts.stops);
  const stops = ((await field[0]!.get('/api/field/today')).json() as FieldTodayOut).stops;
  expect(stops).toHaveLength(opts.stops);
  return { field, supervisor, outsider, stops };
}

/** A check-in body at the stop's address. */
export const atStop = (stop: FieldStopOut, extra: Record<string, unknown> = {}) => ({
  latitude: stop.dossier.address.latitude!, longitude: stop.dossier.address.longitude!, accuracy: 20, ...extra,
});
