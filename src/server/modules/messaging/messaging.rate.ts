// Per-provider rate limit (issue 6): a token bucket per channel, refilled from the clock the caller passes in (the
// service's clock, so tests drive it with the fake one). Capacity = one second's worth (at least 1): a worker that was
// idle may send one second's messages at once, never more; over any window of t seconds at most rate·t + capacity.
// Per process: each worker process has its own SMPP session and a provider's throughput limit applies per bind.
export type RateLimiter = {
  /** Take one token at `nowMs`; false when the bucket is empty. */
  take(nowMs: number): boolean;
  /** Give back a token taken for a message that was not sent after all (blocked by the engine, claimed elsewhere). */
  refund(): void;
  /** Milliseconds from `nowMs` until one token is available (0 if one is). */
  waitMs(nowMs: number): number;
};

export function tokenBucket(ratePerSecond: number): RateLimiter {
  const capacity = Math.max(1, ratePerSecond);
  let tokens = capacity;
  let last: number | null = null;
  const refill = (nowMs: number) => {
    if (last !== null && nowMs > last) tokens = Math.min(capacity, tokens + ((nowMs - last) / 1000) * ratePerSecond);
    if (last === null || nowMs > last) last = nowMs;
  };
  return {
    take(nowMs) {
      refill(nowMs);
      if (tokens < 1) return false;
      tokens -= 1;
      return true;
    },
    refund() {
      tokens = Math.min(capacity, tokens + 1);
    },
    waitMs(nowMs) {
      refill(nowMs);
      return tokens >= 1 ? 0 : Math.ceil(((1 - tokens) / ratePerSecond) * 1000);
    },
  };
}
