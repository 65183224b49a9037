// Every job this codebase defines, and the schedule of the recurring ones. A module with jobs adds them here.
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

/** Recurring jobs: enqueued once per period slot by whichever server gets there first (the slot is the job key). */
export const schedule: { name: string; everyMs: number }[] = [
  { name: 'identity.sessions.purge', everyMs: 3_600_000 },
  { name: 'audit.verify', everyMs: 86_400_000 },
  { name: 'negotiation.evaluate', everyMs: 86_400_000 },
  { name: 'messaging.sweep', everyMs: 60_000 },
  { name: 'messaging.reconcile', everyMs: 300_000 },
  { name: 'strategy.nightly', everyMs: 86_400_000 },
  { name: 'strategy.nightly.sweep', everyMs: 60_000 },
  { name: 'visits.overrun', everyMs: 60_000 },
];
