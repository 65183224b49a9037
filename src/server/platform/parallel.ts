/**
 * Calls `fn` for each item with at most `limit` calls in flight (a batch job's independent chunks on a connection pool;
 * 1 = one after the other). Resolves when all are done; on the first failure no further item is started and, once the
 * calls in flight have settled, it rejects with that error.
 */
export async function forEachLimit<T>(items: readonly T[], limit: number, fn: (item: T, index: number) => Promise<void>): Promise<void> {
  if (!Number.isInteger(limit) || limit < 1) throw new Error(`forEachLimit: limit must be an integer ≥ 1, got ${limit}`);
  let next = 0;
  let failed: { error: unknown } | null = null;
  const lane = async () => {
    while (!failed && next < items.length) {
      const i = next++;
      try {
        await fn(items[i]!, i);
      } catch (error) {
        failed ??= { error };
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, lane));
  if (failed) throw (failed as { error: unknown }).error;
}
