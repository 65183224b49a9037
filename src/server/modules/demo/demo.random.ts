// Seeded choices for the demo generator. Each debtor gets its own stream keyed by (seed, index), so a
// debtor's content does not depend on how many debtors came before it or on the batch it was built in.

export type Rng = {
  /** Uniform in [0, 1). */
  next(): number;
  /** Integer in [min, max], both inclusive. */
  int(min: number, max: number): number;
  chance(p: number): boolean;
  pick<T>(items: readonly T[]): T;
  /** Picks by relative weight: [[value, weight], …]. */
  weighted<T>(pairs: readonly (readonly [T, number])[]): T;
};

// 32-bit FNV-1a over the key parts, then mulberry32: small, fast and good enough for test data.
function hashKey(parts: readonly number[]): number {
  let h = 0x811c9dc5;
  for (const p of parts) {
    const s = String(p);
    for (let i = 0; i < s.length; i++) {
      h ^= s.charCodeAt(i);
      h = Math.imul(h, 0x01000193);
    }
    h ^= 0x2c; // separator, so (1, 23) and (12, 3) differ
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}

export function createRng(...key: number[]): Rng {
  let a = hashKey(key);
  const next = (): number => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const rng: Rng = {
    next,
    int: (min, max) => min + Math.floor(next() * (max - min + 1)),
    chance: (p) => next() < p,
    pick: (items) => {
      if (items.length === 0) throw new RangeError('pick from an empty list');
      return items[Math.floor(next() * items.length)]!;
    },
    weighted: (pairs) => {
      const total = pairs.reduce((s, [, w]) => s + w, 0);
      let r = next() * total;
      for (const [v, w] of pairs) {
        r -= w;
        if (r < 0) return v;
      }
      return pairs[pairs.length - 1]![0];
    },
  };
  return rng;
}
