/** Rows grouped by a key, each group in the rows' order; the lookup gives [] for a key with no rows. */
export function groupBy<T>(rows: readonly T[], key: (r: T) => string): (k: string) => T[] {
  const m = new Map<string, T[]>();
  for (const r of rows) {
    const k = key(r);
    const l = m.get(k);
    if (l) l.push(r);
    else m.set(k, [r]);
  }
  return (k) => m.get(k) ?? [];
}
