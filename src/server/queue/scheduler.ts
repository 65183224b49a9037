// Recurring jobs without a cron daemon: each period slot is enqueued with a job key naming the slot,
// so any number of server processes enqueue it once between them.
import type { Clock } from '../platform/clock.js';
import type { Logger } from '../platform/logger.js';
import type { QueueDriver } from './job.js';

export type ScheduleEntry = { name: string; everyMs: number };

export function startScheduler(deps: { queue: QueueDriver; clock: Clock; logger: Logger }, entries: ScheduleEntry[], tickMs = 60_000): { stop(): void } {
  const tick = async () => {
    const now = deps.clock.now().getTime();
    for (const e of entries) {
      const slot = Math.floor(now / e.everyMs);
      try {
        await deps.queue.enqueue(e.name, {}, { jobKey: `${e.name}:${slot}`, runAt: new Date((slot + 1) * e.everyMs) });
      } catch (err) {
        deps.logger.warn({ err, job: e.name }, 'could not schedule job');
      }
    }
  };
  void tick();
  const timer = setInterval(() => void tick(), tickMs);
  timer.unref();
  return { stop: () => clearInterval(timer) };
}
