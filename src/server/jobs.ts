// Every job this codebase defines, and the schedule of the recurring ones. A module with jobs adds them here.
import type { ScheduleEntry } from './queue/scheduler.js';
import type { AppContext } from './context.js';
import { auditJobs } from './modules/audit/index.js';
import { identityJobs } from './modules/identity/index.js';
import { intakeJobs } from './modules/intake/index.js';
import { messagingJobs, type MessagingService } from './modules/messaging/index.js';
import { campaignJobs, createCampaignService, type CampaignService } from './modules/campaigns/index.js';
import { negotiationJobs } from './modules/negotiation/index.js';
import { strategyJobs } from './modules/strategy/index.js';
import { visitJobs, type BoardService } from './modules/visits/index.js';
import type { JobDefinition } from './queue/job.js';
import { createServices } from './services.js';

/** `messagingOf` hands the jobs the runtime's messaging service (which the runtime closes on stop); without it they build their own. */
export function allJobs(ctx: AppContext, messagingOf?: () => MessagingService): JobDefinition<unknown>[] {
  // Each definition is typed by its own payload; the registry validates payloads at run time.
  let messaging: MessagingService | undefined;
  const msgJobs = messagingJobs(messagingOf ?? (() => (messaging ??= createServices(ctx).messaging)));
  // Campaigns send through the runtime's messaging service too.
  let campaigns: CampaignService | undefined;
  const campaignOf = () => {
    if (!campaigns) {
      const s = createServices(ctx);
      campaigns = createCampaignService(ctx, { cases: s.cases, compliance: s.compliance, messaging: messagingOf?.() ?? (messaging ??= s.messaging) });
    }
    return campaigns;
  };
  let board: BoardService | undefined;
  return [...identityJobs(ctx), ...auditJobs(ctx), ...intakeJobs(ctx), ...negotiationJobs(ctx), ...msgJobs, ...strategyJobs(ctx), ...campaignJobs(campaignOf), ...visitJobs(() => (board ??= createServices(ctx).board))] as unknown as JobDefinition<unknown>[];
}

const DAY_MS = 86_400_000;
/** A daily job's offset for a wall-clock time in the agency's zone (Asia/Shanghai: UTC+8, no daylight saving). */
export const agencyDailyAt = (hh: number, mm: number): number => ((((hh - 8) % 24) + 24) % 24) * 3_600_000 + mm * 60_000;

/** Recurring jobs: enqueued once per period slot by whichever server gets there first (the slot is the job key). */
export const schedule: ScheduleEntry[] = [
  { name: 'identity.sessions.purge', everyMs: 3_600_000 },
  { name: 'audit.verify', everyMs: DAY_MS },
  // After local midnight: yesterday's promises are settled (kept / broken) first, then the nightly run ages, scores and
  // allocates for the new day — hours before collectors start, not at 08:00 Shanghai (UTC midnight) as they do.
  { name: 'negotiation.evaluate', everyMs: DAY_MS, offsetMs: agencyDailyAt(0, 10) },
  { name: 'messaging.sweep', everyMs: 60_000 },
  { name: 'messaging.reconcile', everyMs: 300_000 },
  { name: 'strategy.nightly', everyMs: DAY_MS, offsetMs: agencyDailyAt(0, 30) },
  { name: 'strategy.nightly.sweep', everyMs: 60_000 },
  { name: 'strategy.prune', everyMs: DAY_MS, offsetMs: agencyDailyAt(4, 0) },
  { name: 'visits.overrun', everyMs: 60_000 },
];
