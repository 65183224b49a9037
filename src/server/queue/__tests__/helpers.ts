// Shared test fixtures for the queue drivers: a silent logger, a gate to hold handlers mid-run, and a
// poll-until helper (waiting for a state, never asserting how long it took).
import { z } from 'zod';
import { createLogger } from '../../platform/logger.js';
import { defineJob, type JobContext, type JobDefinition } from '../job.js';

export const silentLogger = createLogger('silent');

type Truthy<T> = Exclude<T, false | null | undefined | 0 | ''>;

/** Poll `probe` until it returns a truthy value; fail with `what` if it never does. */
export async function waitFor<T>(what: string, probe: () => Promise<T> | T, timeoutMs = 15_000): Promise<Truthy<T>> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const v = await probe();
    if (v) return v as Truthy<T>;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 10));
  }
}

/** A promise the test opens by hand, to hold handlers while it inspects the queue. */
export function gate(): { wait: Promise<void>; open(): void } {
  let open!: () => void;
  const wait = new Promise<void>((r) => {
    open = r;
  });
  return { wait, open };
}

export type Call = { payload: unknown; ctx: JobContext };

/** A job whose behaviour each test sets; every call is recorded. */
export function scriptedJob<P>(name: string, payload: z.ZodType<P>, extra: Partial<JobDefinition<P>> = {}) {
  const calls: Call[] = [];
  const state = { behaviour: async (_p: P, _ctx: JobContext): Promise<void> => {} };
  const def = defineJob<P>({
    name,
    version: 1,
    payload,
    ...extra,
    handler: async (p, ctx) => {
      calls.push({ payload: p, ctx });
      await state.behaviour(p, ctx);
    },
  });
  return { def, calls, state };
}

export const numberPayload = z.object({ n: z.number().int() });
export const debtorPayload = z.object({ debtor: z.object({ phone: z.string().regex(/^1\d{10}$/) }), amountMinor: z.number().int() });

/** v2 of a job whose v1 payload was `{ amount: yuan }`; v2 stores minor units. */
export function versionedJob(seen: unknown[]) {
  return defineJob({
    name: 'test.versioned',
    version: 2,
    payload: z.object({ amountMinor: z.number().int() }),
    upgrade: (p, from) => (from === 1 ? { amountMinor: Math.round((p as { amount: number }).amount * 100) } : p),
    handler: async (p) => {
      seen.push(p);
    },
  });
}

