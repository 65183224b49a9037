// A small seeded generator for property tests: the shared mulberry32 (src/core/random.ts), reproducible by seed.
import { makeRng } from '../random.js';

export type Rng = { int(min: number, max: number): number; pick<T>(xs: readonly T[]): T; seed: number };

export function rng(seed: number): Rng {
  const { next } = makeRng(seed);
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
