// From a table of cells to features: missing values, numeric parsing, categorical detection and level ordering,
// the label, and a seeded stratified split.
import { makeRng } from '../random.js';
import type { CategoricalFeature, Cell, FeatureSpec, Table } from './types.js';

/** Cell texts read as missing (compared trimmed and case-insensitively), besides null and undefined. */
export const MISSING_TOKENS: readonly string[] = ['', 'na', 'n/a', 'nan', 'null', 'none', '?'];
/** The categorical level standing for a missing value, when training had missing values. */
export const MISSING_LEVEL = '(missing)';
/** Categorical columns keep at most this many levels (the most frequent); the rest read as unseen. */
export const MAX_LEVELS = 254;
/** Pseudo-count pulling a rare level's positive rate toward the overall rate when ordering levels. */
const LEVEL_SMOOTHING = 10;

const MISSING = new Set(MISSING_TOKENS);

export class DatasetError extends Error {
  constructor(message: string, readonly field?: string) {
    super(message);
    this.name = 'DatasetError';
  }
}

export function isMissing(c: Cell): boolean {
  if (c === null || c === undefined) return true;
  if (typeof c === 'number') return Number.isNaN(c);
  return MISSING.has(c.trim().toLowerCase());
}

/** The number in a cell; NaN when missing or not a number. */
export function toNumber(c: Cell): number {
  if (typeof c === 'number') return c;
  if (isMissing(c)) return Number.NaN;
  const n = Number((c as string).trim());
  return Number.isFinite(n) ? n : Number.NaN;
}

/** The category text of a cell; null when missing. */
export function toCategory(c: Cell): string | null {
  if (isMissing(c)) return null;
  return typeof c === 'number' ? String(c) : (c as string).trim();
}

export function columnIndex(columns: readonly string[], name: string, what = 'column'): number {
  const i = columns.indexOf(name);
  if (i < 0) throw new DatasetError(`no ${what} "${name}" (columns: ${columns.join(', ')})`, name);
  return i;
}

const POSITIVE_GUESSES = ['1', 'yes', 'y', 'true', 'bad', 'default', 'positive'];

/**
 * Label values as 0/1 (NaN where the label is missing). Without `positive`, a two-valued label whose one value is
 * 1 / yes / y / true / bad / default / positive (case-insensitive) counts that value as positive.
 */
export function labelVector(table: Table, column: string, positive?: string): { y: Float64Array; positive: string } {
  const j = columnIndex(table.columns, column, 'label column');
  const values = new Set<string>();
  for (const row of table.rows) {
    const v = toCategory(row[j]);
    if (v !== null) values.add(v);
  }
  let pos = positive;
  if (pos === undefined) {
    const guesses = [...values].filter((v) => POSITIVE_GUESSES.includes(v.toLowerCase()));
    if (values.size !== 2 || guesses.length !== 1) {
      throw new DatasetError(`label column "${column}" has values ${[...values].slice(0, 10).join(', ')}: say which is positive`, column);
    }
    pos = guesses[0]!;
  } else if (!values.has(pos)) {
    throw new DatasetError(`label column "${column}" never holds the positive value "${pos}"`, column);
  }
  if (values.size < 2) throw new DatasetError(`label column "${column}" has only one value`, column);
  const y = new Float64Array(table.rows.length);
  table.rows.forEach((row, i) => {
    const v = toCategory(row[j]);
    y[i] = v === null ? Number.NaN : v === pos ? 1 : 0;
  });
  return { y, positive: pos };
}

export type FeatureOptions = {
  /** Columns that are not features (label, id, excluded). */
  skip: readonly string[];
  /** Columns read as categorical even when every value is a number. */
  categorical?: readonly string[];
};

/**
 * Fits the feature schema on training rows `rows` of `table` with 0/1 labels `y`: a column is categorical when
 * declared or when a non-missing value is not a number; numeric columns keep their median, categorical columns
 * their levels ordered by smoothed positive rate.
 */
export function fitFeatures(table: Table, y: ArrayLike<number>, rows: ArrayLike<number>, options: FeatureOptions): FeatureSpec[] {
  for (const name of options.categorical ?? []) columnIndex(table.columns, name, 'categorical column');
  const declared = new Set(options.categorical ?? []);
  const skip = new Set(options.skip);
  const features: FeatureSpec[] = [];
  table.columns.forEach((name, j) => {
    if (skip.has(name)) return;
    let numeric = !declared.has(name);
    let hasMissing = false;
    const values: number[] = [];
    for (let k = 0; k < rows.length; k++) {
      const c = table.rows[rows[k]!]![j];
      if (isMissing(c)) {
        hasMissing = true;
        continue;
      }
      const n = toNumber(c);
      if (Number.isNaN(n)) numeric = false;
      else if (numeric) values.push(n);
    }
    if (numeric) features.push({ name, kind: 'numeric', median: median(values), hasMissing });
    else features.push(fitCategorical(table, j, name, y, rows, hasMissing));
  });
  if (features.length === 0) throw new DatasetError('no feature columns left');
  return features;
}

function fitCategorical(table: Table, j: number, name: string, y: ArrayLike<number>, rows: ArrayLike<number>, hasMissing: boolean): CategoricalFeature {
  const counts = new Map<string, { n: number; pos: number }>();
  let pos = 0;
  for (let k = 0; k < rows.length; k++) {
    const r = rows[k]!;
    const level = toCategory(table.rows[r]![j]) ?? MISSING_LEVEL;
    const s = counts.get(level) ?? { n: 0, pos: 0 };
    s.n++;
    s.pos += y[r]!;
    pos += y[r]!;
    counts.set(level, s);
  }
  const prior = rows.length > 0 ? pos / rows.length : 0.5;
  const rate = (s: { n: number; pos: number }) => (s.pos + LEVEL_SMOOTHING * prior) / (s.n + LEVEL_SMOOTHING);
  const kept = [...counts.entries()]
    .sort((a, b) => b[1].n - a[1].n || (a[0] < b[0] ? -1 : 1))
    .slice(0, MAX_LEVELS)
    .sort((a, b) => rate(a[1]) - rate(b[1]) || (a[0] < b[0] ? -1 : 1));
  return { name, kind: 'categorical', levels: kept.map(([level]) => level), hasMissing };
}

export function median(values: number[]): number {
  if (values.length === 0) return 0;
  const s = Float64Array.from(values).sort();
  const m = s.length >> 1;
  return s.length % 2 === 1 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
}

/**
 * Raw feature values per feature (column-major): a numeric feature's number (NaN when missing), a categorical
 * feature's level index (−1 when unseen). Columns are found by name in `columns`.
 */
export type RawReader = (cells: readonly Cell[], out: Float64Array) => void;

export function rawReader(features: readonly FeatureSpec[], columns: readonly string[]): RawReader {
  const idx = features.map((f) => columnIndex(columns, f.name, 'feature column'));
  const lookups = features.map((f) => (f.kind === 'categorical' ? new Map(f.levels.map((l, i) => [l, i])) : null));
  return (cells, out) => {
    for (let f = 0; f < features.length; f++) {
      const c = cells[idx[f]!];
      const lookup = lookups[f];
      if (lookup) {
        const level = toCategory(c) ?? MISSING_LEVEL;
        out[f] = lookup.get(level) ?? -1;
      } else {
        out[f] = toNumber(c);
      }
    }
  };
}

/** Column-major raw values of the given rows: result[f][k] for row rows[k]. */
export function rawColumns(table: Table, features: readonly FeatureSpec[], rows: ArrayLike<number>): Float64Array[] {
  const read = rawReader(features, table.columns);
  const cols = features.map(() => new Float64Array(rows.length));
  const buf = new Float64Array(features.length);
  for (let k = 0; k < rows.length; k++) {
    read(table.rows[rows[k]!]!, buf);
    for (let f = 0; f < features.length; f++) cols[f]![k] = buf[f]!;
  }
  return cols;
}

/**
 * Stratified split: within each class the rows are shuffled with makeRng(seed) and round(share × count) of them
 * go to `second`. Rows with a NaN label are left out. Both lists are in ascending row order.
 */
export function stratifiedSplit(y: ArrayLike<number>, share: number, seed: number): { first: number[]; second: number[] } {
  const rng = makeRng(seed);
  const first: number[] = [];
  const second: number[] = [];
  for (const cls of [0, 1]) {
    const idx: number[] = [];
    for (let i = 0; i < y.length; i++) if (y[i] === cls) idx.push(i);
    shuffle(idx, rng.below);
    const cut = Math.round(share * idx.length);
    second.push(...idx.slice(0, cut));
    first.push(...idx.slice(cut));
  }
  return { first: first.sort((a, b) => a - b), second: second.sort((a, b) => a - b) };
}

/** Fisher–Yates with a seeded `below(n)`. */
export function shuffle<T>(a: T[], below: (n: number) => number): void {
  for (let i = a.length - 1; i > 0; i--) {
    const j = below(i + 1);
    const t = a[i]!;
    a[i] = a[j]!;
    a[j] = t;
  }
}
