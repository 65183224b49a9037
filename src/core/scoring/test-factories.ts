// Generated data sets for the scoring tests (no files: CI clones only this repository).
import { makeRng } from '../random.js';
import type { Cell, Table } from './types.js';

/** One numeric feature x; label 1 exactly when x > 0 (linearly separable), plus a noise column. */
export function separable(n: number, seed: number): Table {
  const rng = makeRng(seed);
  const rows: Cell[][] = [];
  for (let i = 0; i < n; i++) {
    const x = rng.next() * 2 - 1;
    rows.push([String(i), x, rng.next(), x > 0 ? 1 : 0]);
  }
  return { columns: ['id', 'x', 'noise', 'y'], rows };
}

/** XOR-like: y = 1 when x1·x2 > 0 (labels flipped with probability `noise`). */
export function xor(n: number, seed: number, noise = 0.05): Table {
  const rng = makeRng(seed);
  const rows: Cell[][] = [];
  for (let i = 0; i < n; i++) {
    const a = rng.next() * 2 - 1;
    const b = rng.next() * 2 - 1;
    let y = a * b > 0 ? 1 : 0;
    if (rng.next() < noise) y = 1 - y;
    rows.push([a, b, y]);
  }
  return { columns: ['x1', 'x2', 'y'], rows };
}

/**
 * A logistic data set with a numeric column (10 % missing), a categorical column with three levels and a
 * missing-at-random label text 'yes' / 'no'. True log-odds: 1.5·x + {a: −1, b: 0, c: 1} − 0.2.
 */
export function mixed(n: number, seed: number): Table {
  const rng = makeRng(seed);
  const rows: Cell[][] = [];
  const effect: Record<string, number> = { a: -1, b: 0, c: 1 };
  for (let i = 0; i < n; i++) {
    const x = rng.next() * 4 - 2;
    const cat = ['a', 'b', 'c'][rng.below(3)]!;
    const m = 1.5 * x + effect[cat]! - 0.2;
    const y = rng.next() < 1 / (1 + Math.exp(-m)) ? 'yes' : 'no';
    rows.push([`r${i}`, rng.next() < 0.1 ? 'NA' : x.toFixed(4), cat, y]);
  }
  return { columns: ['id', 'x', 'grade', 'paid'], rows };
}
