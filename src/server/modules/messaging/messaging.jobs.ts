// `messaging.deliver` (enqueued with each outbox row: claims batches of due messages until its own has gone), `messaging.sweep` (every due queued message) and
// `messaging.reconcile` (stale `sending` → `unknown`). The service does the work; handlers are thin.
import { z } from 'zod';
import { defineJob } from '../../queue/job.js';
import type { MessagingService } from './messaging.service.js';

export function messagingJobs(messaging: () => MessagingService) {
  return [
    defineJob({ name: 'messaging.deliver', version: 1, payload: z.object({ messageId: z.string() }), handler: async (p, job) => {
      await messaging().deliverJob(p.messageId, job.signal);
    } }),
    defineJob({ name: 'messaging.sweep', version: 1, payload: z.object({}).passthrough(), handler: async () => {
      await messaging().deliverDue();
    } }),
    defineJob({ name: 'messaging.reconcile', version: 1, payload: z.object({}).passthrough(), handler: async () => {
      await messaging().reconcile();
    } }),
  ];
}
