// The routing engine's PRNG is the shared one (src/core/random.ts).
export { makeRng, type Rng } from '../random.js';
