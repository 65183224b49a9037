// Recurring jobs without a cron daemon: each period slot is enqueued with a job key naming the slot,
// so any number of server processes enqueue it once between them.
import type { Clock } from '../platform/clock.js';
import type { Logger } from '../platform/logger.js';
import type { QueueDriver } from './job.js';

/**
 * A recurring job: slots of `everyMs` starting at `offsetMs` past the epoch's period boundaries (default 0: a daily job
 * at 00:00 UTC); a slot's job runs when the slot ends, i.e. at each boundary.
 */
export type ScheduleEntry = { name: string; everyMs: number; offsetMs?: number };

/** The slot `now` falls in, and when its job runs (the slot's end). */
export function slotOf(e: ScheduleEntry, now: number): { slot: number; runAt: Date } {
  const offset = e.offsetMs ?? 0;
  if (!(offset >= 0 && offset < e.everyMs)) throw new Error(`schedule ${e.name}: offsetMs must be within [0, everyMs), got ${offset}`);
  const slot = Math.floor((now - offset) / e.everyMs);
  return { slot, runAt: new Date((slot + 1) * e.everyMs + offset) };
}

export function startScheduler(deps: { queue: QueueDriver; clock: Clock; logger: Logger }, entries: ScheduleEntry[], tickMs = 60_000): { stop(): void } {
  const tick = async () => {
    const now = deps.clock.now().getTime();
    for (const e of entries) {
      try {
        const { slot, runAt } = slotOf(e, now);
        await deps.queue.enqueue(e.name, {}, { jobKey: `${e.name}:${slot}`, runAt });
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
