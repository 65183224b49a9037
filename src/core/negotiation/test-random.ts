// A small seeded generator for property tests (fast-check is not installed here): mulberry32, reproducible by seed.

export type Rng = { int(min: number, max: number): number; pick<T>(xs: readonly T[]): T; seed: number };

export function rng(seed: number): Rng {
  let a = seed >>> 0;
  const next = (): number => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  return {
    seed,
    int: (min, max) => min + Math.floor(next() * (max - min + 1)),
    pick: (xs) => xs[Math.floor(next() * xs.length)]!,
  };
}

/** Runs `body` for `runs` seeds; a failure names the seed so it can be replayed alone. */
export function forSeeds(runs: number, body: (r: Rng) => void, firstSeed = 1): void {
  for (let s = firstSeed; s < firstSeed + runs; s++) {
    try {
      body(rng(s));
    } catch (e) {
      throw new Error(`seed ${s}: ${e instanceof Error ? e.message : String(e)}`, { cause: e });
    }
  }
}
