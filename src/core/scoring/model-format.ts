// The saved model: `{ format: 'concord-model', version: 1, kind, label, id?, features, encoding, params,
// calibration, training }` as JSON. parseModel validates every field a scorer relies on and names the first bad
// one (a JSON path such as `params.trees[3].left[7]`).
import type { FeatureSpec, GbdtHyper, Model, Tree } from './types.js';

export const MODEL_FORMAT = 'concord-model';
export const MODEL_VERSION = 1;

export class ModelFormatError extends Error {
  constructor(readonly field: string, problem: string) {
    super(`invalid model: ${field} ${problem}`);
    this.name = 'ModelFormatError';
  }
}

/** JSON text of a model (non-finite training metrics are written as null). */
export function serializeModel(model: Model): string {
  return JSON.stringify(model, (_k, v: unknown) => (typeof v === 'number' && !Number.isFinite(v) ? null : v));
}

type Obj = Record<string, unknown>;
const fail = (field: string, problem: string): never => {
  throw new ModelFormatError(field, problem);
};
function obj(v: unknown, field: string): Obj {
  if (typeof v !== 'object' || v === null || Array.isArray(v)) fail(field, 'must be an object');
  return v as Obj;
}
function arr(v: unknown, field: string, length?: number): unknown[] {
  if (!Array.isArray(v)) fail(field, 'must be an array');
  const a = v as unknown[];
  if (length !== undefined && a.length !== length) fail(field, `must have ${length} entries, has ${a.length}`);
  return a;
}
function num(v: unknown, field: string, min = -Infinity, max = Infinity): number {
  if (typeof v !== 'number' || !Number.isFinite(v)) fail(field, 'must be a finite number');
  if ((v as number) < min || (v as number) > max) fail(field, `must be between ${min} and ${max}`);
  return v as number;
}
function int(v: unknown, field: string, min: number, max: number): number {
  const n = num(v, field, min, max);
  if (!Number.isInteger(n)) fail(field, 'must be an integer');
  return n;
}
function str(v: unknown, field: string): string {
  if (typeof v !== 'string') fail(field, 'must be a string');
  return v as string;
}
function oneOf<T extends string>(v: unknown, field: string, values: readonly T[]): T {
  if (!values.includes(v as T)) fail(field, `must be one of ${values.join(', ')}`);
  return v as T;
}

/** Validates GBDT hyper-parameters (also used for training options). */
export function checkHyper(h: GbdtHyper, at = 'params.hyper'): void {
  const o = obj(h, at);
  int(o.rounds, `${at}.rounds`, 1, 1e6);
  num(o.learningRate, `${at}.learningRate`, 1e-6, 1);
  int(o.maxLeaves, `${at}.maxLeaves`, 2, 1 << 16);
  int(o.maxDepth, `${at}.maxDepth`, 1, 64);
  int(o.minSamplesLeaf, `${at}.minSamplesLeaf`, 1, 1e9);
  num(o.minHessianLeaf, `${at}.minHessianLeaf`, 0);
  num(o.l2, `${at}.l2`, 0);
  num(o.minGain, `${at}.minGain`, 0);
  num(o.subsample, `${at}.subsample`, 1e-6, 1);
  num(o.colsample, `${at}.colsample`, 1e-6, 1);
  int(o.maxBins, `${at}.maxBins`, 3, 255);
  num(o.validationFraction, `${at}.validationFraction`, 0, 0.9);
  int(o.earlyStoppingRounds, `${at}.earlyStoppingRounds`, 1, 1e6);
  if (typeof o.refit !== 'boolean') fail(`${at}.refit`, 'must be a boolean');
}

function checkFeatures(v: unknown): FeatureSpec[] {
  const list = arr(v, 'features');
  if (list.length === 0) fail('features', 'must not be empty');
  return list.map((x, i) => {
    const at = `features[${i}]`;
    const f = obj(x, at);
    str(f.name, `${at}.name`);
    if (typeof f.hasMissing !== 'boolean') fail(`${at}.hasMissing`, 'must be a boolean');
    if (oneOf(f.kind, `${at}.kind`, ['numeric', 'categorical']) === 'numeric') num(f.median, `${at}.median`);
    else arr(f.levels, `${at}.levels`).forEach((l, k) => str(l, `${at}.levels[${k}]`));
    return f as FeatureSpec;
  });
}

function checkTree(t: Obj, at: string, nBins: number[]): void {
  const feature = arr(t.feature, `${at}.feature`);
  const n = feature.length;
  if (n === 0) fail(`${at}.feature`, 'must not be empty');
  for (const k of ['bin', 'missingLeft', 'left', 'right', 'value', 'cover'] as const) arr(t[k], `${at}.${k}`, n);
  const tree = t as Tree;
  for (let i = 0; i < n; i++) {
    const f = int(tree.feature[i], `${at}.feature[${i}]`, -1, nBins.length - 1);
    num(tree.value[i], `${at}.value[${i}]`);
    num(tree.cover[i], `${at}.cover[${i}]`, 0);
    if (f < 0) continue;
    int(tree.bin[i], `${at}.bin[${i}]`, 0, nBins[f]! - 1);
    int(tree.missingLeft[i], `${at}.missingLeft[${i}]`, 0, 1);
    // Children come after their parent, so a walk from the root always ends.
    int(tree.left[i], `${at}.left[${i}]`, i + 1, n - 1);
    int(tree.right[i], `${at}.right[${i}]`, i + 1, n - 1);
  }
}

function checkKind(m: Obj, features: FeatureSpec[]): void {
  const enc = obj(m.encoding, 'encoding');
  const params = obj(m.params, 'params');
  if (m.kind === 'logistic') {
    oneOf(enc.type, 'encoding.type', ['standardised-one-hot']);
    const cols = arr(enc.columns, 'encoding.columns');
    cols.forEach((x, j) => {
      const at = `encoding.columns[${j}]`;
      const c = obj(x, at);
      const f = features[int(c.feature, `${at}.feature`, 0, features.length - 1)]!;
      const role = oneOf(c.role, `${at}.role`, ['value', 'missing', 'level']);
      if ((role === 'level') !== (f.kind === 'categorical')) fail(`${at}.role`, `does not fit the ${f.kind} feature ${f.name}`);
      if (f.kind === 'categorical') int(c.level, `${at}.level`, 0, f.levels.length - 1);
      num(c.mean, `${at}.mean`);
      num(c.sd, `${at}.sd`, Number.MIN_VALUE);
    });
    num(params.intercept, 'params.intercept');
    arr(params.coefficients, 'params.coefficients', cols.length).forEach((c, j) => num(c, `params.coefficients[${j}]`));
    num(params.l2, 'params.l2', 0);
    int(params.iterations, 'params.iterations', 0, 1e9);
    return;
  }
  oneOf(enc.type, 'encoding.type', ['histogram-bins']);
  const edges = arr(enc.edges, 'encoding.edges', features.length);
  const nBins = features.map((f, i) => {
    const at = `encoding.edges[${i}]`;
    if (f.kind === 'categorical') {
      if (edges[i] !== null) fail(at, 'must be null for a categorical feature');
      if (f.levels.length > 254) fail(`features[${i}].levels`, 'must have at most 254 levels');
      return f.levels.length + 1;
    }
    const e = arr(edges[i], at);
    if (e.length > 253) fail(at, 'must have at most 253 edges');
    e.forEach((v, k) => {
      num(v, `${at}[${k}]`);
      if (k > 0 && (v as number) <= (e[k - 1] as number)) fail(`${at}[${k}]`, 'must be greater than the edge before it');
    });
    return e.length + 2;
  });
  num(params.baseScore, 'params.baseScore');
  checkHyper(params.hyper as GbdtHyper);
  arr(params.trees, 'params.trees').forEach((t, i) => checkTree(obj(t, `params.trees[${i}]`), `params.trees[${i}]`, nBins));
}

/** Parses and validates model JSON (text or an already parsed value). Throws ModelFormatError naming the field. */
export function parseModel(input: string | unknown): Model {
  let value = input;
  if (typeof input === 'string') {
    try {
      value = JSON.parse(input);
    } catch (e) {
      throw new ModelFormatError('(document)', `is not JSON: ${e instanceof Error ? e.message : String(e)}`);
    }
  }
  const m = obj(value, '(document)');
  if (m.format !== MODEL_FORMAT) fail('format', `must be "${MODEL_FORMAT}"`);
  if (m.version !== MODEL_VERSION) fail('version', `must be ${MODEL_VERSION} (this Concord reads version ${MODEL_VERSION} only)`);
  oneOf(m.kind, 'kind', ['logistic', 'gbdt']);
  const label = obj(m.label, 'label');
  str(label.column, 'label.column');
  str(label.positive, 'label.positive');
  if (m.id !== undefined) str(m.id, 'id');
  const features = checkFeatures(m.features);
  checkKind(m, features);
  const cal = obj(m.calibration, 'calibration');
  oneOf(cal.method, 'calibration.method', ['platt', 'none']);
  num(cal.a, 'calibration.a');
  num(cal.b, 'calibration.b');
  const t = obj(m.training, 'training');
  for (const k of ['rows', 'positives', 'droppedRows', 'seed'] as const) num(t[k], `training.${k}`);
  for (const k of ['auc', 'logLoss', 'validationAuc'] as const) {
    // serializeModel writes NaN (e.g. an AUC with one class) as null.
    if (t[k] === null) t[k] = Number.NaN;
    else if (t[k] !== undefined || k !== 'validationAuc') num(t[k], `training.${k}`);
  }
  return m as Model;
}
