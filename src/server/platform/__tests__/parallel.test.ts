import { describe, expect, it } from 'vitest';
import { forEachLimit } from '../parallel.js';

const tick = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('forEachLimit', () => {
  it('runs every item with at most `limit` in flight', async () => {
    let inFlight = 0;
    let peak = 0;
    const seen: number[] = [];
    await forEachLimit([5, 1, 4, 2, 3, 0, 2], 3, async (ms, i) => {
      inFlight++;
      peak = Math.max(peak, inFlight);
      await tick(ms);
      seen.push(i);
      inFlight--;
    });
    expect(seen.sort()).toEqual([0, 1, 2, 3, 4, 5, 6]);
    expect(peak).toBe(3);
  });

  it('with limit 1 runs in order', async () => {
    const order: number[] = [];
    await forEachLimit([3, 0, 2, 1], 1, async (ms, i) => {
      await tick(ms);
      order.push(i);
    });
    expect(order).toEqual([0, 1, 2, 3]);
  });

  it('stops starting items after a failure and rejects with it once the running ones settle', async () => {
    const started: number[] = [];
    let settled = 0;
    await expect(forEachLimit([0, 1, 2, 3, 4, 5], 2, async (_x, i) => {
      started.push(i);
      await tick(i === 1 ? 1 : 5);
      settled++;
      if (i === 1) throw new Error('chunk 1 failed');
    })).rejects.toThrow('chunk 1 failed');
    expect(started).toEqual([0, 1]); // 1 failed before 0 finished: nothing else was started
    expect(settled).toBe(2); // and 0, still running then, was waited for
  });

  it('refuses a limit below 1 and does nothing for no items', async () => {
    await expect(forEachLimit([1], 0, async () => {})).rejects.toThrow(/limit/);
    await forEachLimit([], 4, async () => { throw new Error('never'); });
  });
});
