// A few days of contact history for the demo collectors' first cases, made the way real attempts are made:
// each one decided by the compliance engine at its own (simulated) time and recorded with its decision, so the
// decision log, the case timelines and the "what may I do now" panel have something true to show.
import type { ContactResult } from '../../core/compliance/types.js';
import { createComplianceService } from '../modules/compliance/index.js';
import { createRng } from '../modules/demo/demo.random.js';
import type { UserPrincipal } from '../platform/access.js';
import { fakeClock } from '../platform/clock.js';
import type { Runtime } from '../runtime.js';

const RESULTS: ReadonlyArray<readonly [ContactResult, number]> = [
  ['conversation', 30], ['no_answer', 35], ['busy', 10], ['switched_off', 10], ['rejected', 10], ['voicemail', 5],
];
const HOUR = 3_600_000;

export async function seedDemoContacts(rt: Runtime, opts: { usernames: string[]; seed: number; casesPerUser?: number }): Promise<{ attempts: number; blocked: number }> {
  const { db } = rt.ctx;
  if (await db.selectFrom('contact_attempt').select('id').limit(1).executeTakeFirst()) return { attempts: 0, blocked: 0 };
  const clock = fakeClock(rt.ctx.clock.now());
  const compliance = createComplianceService({ ...rt.ctx, clock }, { cases: rt.services.cases, staff: rt.services.staff });
  const now = rt.ctx.clock.now().getTime();
  // Local midnight in Shanghai three days ago.
  const dayStart = Math.floor((now + 8 * HOUR) / (24 * HOUR)) * 24 * HOUR - 8 * HOUR;
  const plan: Array<{ at: number; p: UserPrincipal; caseId: string; debtorId: string; phoneId: string; k: number }> = [];
  for (const [ui, username] of opts.usernames.entries()) {
    const u = await db.selectFrom('app_user').selectAll().where('username', '=', username).executeTakeFirst();
    if (!u) continue;
    const p: UserPrincipal = { kind: 'user', userId: u.id, username: u.username, displayName: u.display_name, role: u.role, teamId: u.team_id, creditorId: u.creditor_id, sessionId: 'demo', ip: null, requestId: null };
    const cases = await db.selectFrom('collection_case as c').innerJoin('phone as ph', (j) => j.onRef('ph.debtor_id', '=', 'c.debtor_id').on('ph.contact_person_id', 'is', null))
      .select(['c.id', 'c.debtor_id', 'ph.id as phone_id']).where('c.assigned_user_id', '=', u.id).orderBy('c.dpd', 'desc').orderBy('c.id').limit(opts.casesPerUser ?? 12).execute();
    const seen = new Set<string>();
    for (const [ci, c] of cases.entries()) {
      if (seen.has(c.id)) continue;
      seen.add(c.id);
      const rng = createRng(opts.seed, 7001, ui, ci);
      for (let d = -3; d <= 0; d++) {
        const n = rng.int(0, 4);
        for (let k = 0; k < n; k++) {
          // Mostly working hours; now and then a late evening try the engine refuses.
          const hour = rng.chance(0.08) ? 22 + rng.next() : 8.5 + rng.next() * 13;
          const at = dayStart + d * 24 * HOUR + Math.floor(hour * HOUR);
          if (at < now) plan.push({ at, p, caseId: c.id, debtorId: c.debtor_id, phoneId: c.phone_id, k: plan.length });
        }
      }
    }
  }
  plan.sort((a, b) => a.at - b.at || a.k - b.k);
  let blocked = 0;
  for (const a of plan) {
    clock.set(new Date(a.at));
    const r = await compliance.attempt(a.p, a.caseId, { channel: 'call', partyKind: 'debtor', partyId: a.debtorId, contactPointId: a.phoneId, recording: true });
    if (r.attempt.status === 'blocked') {
      blocked++;
      continue;
    }
    const rng = createRng(opts.seed, 7002, a.k);
    clock.set(new Date(a.at + rng.int(1, 6) * 60_000));
    await compliance.complete(a.p, r.attempt.id, { result: rng.weighted(RESULTS) });
  }
  return { attempts: plan.length, blocked };
}
