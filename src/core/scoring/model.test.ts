import { describe, expect, it } from 'vitest';
import { makeRng } from '../random.js';
import { DatasetError, labelVector, stratifiedSplit } from './dataset.js';
import { auc, sigmoid } from './metrics.js';
import { rawCoefficients } from './logistic.js';
import { createScorer, scoreRows, trainModel } from './model.js';
import { ModelFormatError, parseModel, serializeModel } from './model-format.js';
import { reasonCodes } from './reasons.js';
import { mixed, separable, xor } from './test-factories.js';
import type { Cell, Table } from './types.js';

// Small GBDT settings keep the suite fast; the defaults are exercised by the bench.
const FAST = { rounds: 150, learningRate: 0.1 };
const KINDS = ['logistic', 'gbdt'] as const;

function labels(table: Table, column: string, rows?: number[]): number[] {
  const { y } = labelVector(table, column);
  return (rows ?? table.rows.map((_, i) => i)).map((r) => y[r]!);
}

describe.each(KINDS)('%s', (kind) => {
  it('reaches AUC 1 on a separable training set, and generalises', () => {
    const train = separable(300, 1);
    const model = trainModel(train, { label: 'y', id: 'id', kind, gbdt: FAST });
    expect(model.training.auc).toBe(1);
    // Fresh rows may fall between the training rows closest to the boundary, where a tree's cut is a midpoint.
    const fresh = separable(200, 2);
    expect(auc(labels(fresh, 'y'), scoreRows(model, fresh))).toBeGreaterThan(kind === 'logistic' ? 0.9999 : 0.99);
  });

  it('is deterministic for a seed', () => {
    const t = mixed(400, 3);
    const a = trainModel(t, { label: 'paid', id: 'id', kind, seed: 7, gbdt: FAST });
    const b = trainModel(t, { label: 'paid', id: 'id', kind, seed: 7, gbdt: FAST });
    expect(serializeModel(a)).toBe(serializeModel(b));
    expect(Array.from(scoreRows(a, t))).toEqual(Array.from(scoreRows(b, t)));
  });

  it('handles missing values and unseen categories (documented behaviour)', () => {
    const t = mixed(500, 4);
    const model = trainModel(t, { label: 'paid', id: 'id', kind, gbdt: FAST });
    const x = model.features.find((f) => f.name === 'x')!;
    const grade = model.features.find((f) => f.name === 'grade')!;
    expect(x).toMatchObject({ kind: 'numeric', hasMissing: true });
    expect(grade).toMatchObject({ kind: 'categorical', hasMissing: false });
    const scorer = createScorer(model, t.columns);
    const rows: Cell[][] = [
      ['n1', null, 'a', ''], ['n2', '', 'zzz', ''], ['n3', 'NA', undefined, ''], ['n4', Number.NaN, '?', ''], ['n5', 'abc', 'b', ''],
    ];
    for (const r of rows) {
      const p = scorer.probability(r);
      expect(p).toBeGreaterThan(0);
      expect(p).toBeLessThan(1);
    }
    // A missing category, an unseen one and a non-numeric text in a numeric column all read as missing.
    expect(scorer.probability(['u', '1', 'zzz', ''])).toBe(scorer.probability(['u', '1', null, '']));
    expect(scorer.probability(['u', 'abc', 'a', ''])).toBe(scorer.probability(['u', 'NA', 'a', '']));
    const reasons = reasonCodes(model, scorer, ['u', 'NA', 'zzz', ''], { top: 2 });
    const values = Object.fromEntries(reasons.map((r) => [r.feature, r.value]));
    if ('grade' in values) expect(values.grade).toBe('(unseen)');
    if ('x' in values) expect(values.x).toBeNull();
  });

  it('scores by column name: order and extra columns do not matter; a missing feature column is named', () => {
    const t = mixed(300, 5);
    const model = trainModel(t, { label: 'paid', id: 'id', kind, gbdt: FAST });
    const reordered: Table = { columns: ['extra', 'grade', 'x'], rows: t.rows.map((r) => ['?', r[2], r[1]]) };
    expect(Array.from(scoreRows(model, reordered))).toEqual(Array.from(scoreRows(model, t)));
    expect(() => createScorer(model, ['x', 'id'])).toThrow(/feature column "grade"/);
  });

  it('round-trips through JSON with identical scores', () => {
    const t = mixed(300, 6);
    const model = trainModel(t, { label: 'paid', id: 'id', kind, gbdt: FAST });
    const back = parseModel(serializeModel(model));
    expect(back).toEqual(JSON.parse(serializeModel(model)));
    expect(Array.from(scoreRows(back, t))).toEqual(Array.from(scoreRows(model, t)));
  });

  it('reason codes: bias + contributions = margin; a rising feature pushes up on high values', () => {
    const t = mixed(600, 8);
    const model = trainModel(t, { label: 'paid', id: 'id', kind, gbdt: FAST });
    const scorer = createScorer(model, t.columns);
    for (const r of t.rows.slice(0, 50)) {
      const c = scorer.contributions(r);
      expect(c.bias + c.values.reduce((s, v) => s + v, 0)).toBeCloseTo(scorer.margin(r), 9);
    }
    const high = scorer.contributions(['h', '1.9', 'c', '']);
    const low = scorer.contributions(['l', '-1.9', 'a', '']);
    expect(high.values[0]).toBeGreaterThan(0);
    expect(low.values[0]).toBeLessThan(0);
    const reasons = reasonCodes(model, scorer, ['h', '1.9', 'c', ''], { top: 5, labels: { x: { 'zh-CN': '指标x', en: 'Index x' } } });
    expect(reasons.map((r) => Math.abs(r.contribution))).toEqual([...reasons.map((r) => Math.abs(r.contribution))].sort((a, b) => b - a));
    const rx = reasons.find((r) => r.feature === 'x')!;
    expect(rx).toMatchObject({ direction: 'up', value: 1.9, labels: { 'zh-CN': '指标x', en: 'Index x' } });
    const rg = reasons.find((r) => r.feature === 'grade');
    if (rg) expect(rg.labels).toEqual({ 'zh-CN': 'grade', en: 'grade' });
    expect(reasonCodes(model, scorer, ['h', '1.9', 'c', ''], { direction: 'down' }).every((r) => r.contribution < 0)).toBe(true);
  });
});

describe('logistic regression', () => {
  it('matches the closed-form maximum likelihood for one binary feature (λ = 0)', () => {
    // x = 0: 30 positive, 70 negative; x = 1: 60 positive, 40 negative.
    const rows: Cell[][] = [];
    const add = (x: number, y: number, k: number) => { for (let i = 0; i < k; i++) rows.push([x, y]); };
    add(0, 1, 30); add(0, 0, 70); add(1, 1, 60); add(1, 0, 40);
    const model = trainModel({ columns: ['x', 'y'], rows }, { label: 'y', kind: 'logistic', logistic: { l2: 0 } });
    if (model.kind !== 'logistic') throw new Error('kind');
    const raw = rawCoefficients(model.encoding, model.params.intercept, model.params.coefficients);
    expect(raw.intercept).toBeCloseTo(Math.log(30 / 70), 8);
    expect(raw.coefficients[0]).toBeCloseTo(Math.log(60 / 40) - Math.log(30 / 70), 8);
  });

  it('satisfies the penalised optimality condition Σ (y − p) z_j = λ w_j', () => {
    const rng = makeRng(11);
    const rows: Cell[][] = [];
    for (let i = 0; i < 400; i++) {
      const a = rng.next() * 3;
      const b = rng.next() * 10 - 5;
      rows.push([a, b, rng.next() < sigmoid(a - 0.3 * b - 1) ? 1 : 0]);
    }
    const table = { columns: ['a', 'b', 'y'], rows };
    const l2 = 2.5;
    const model = trainModel(table, { label: 'y', kind: 'logistic', logistic: { l2 } });
    if (model.kind !== 'logistic') throw new Error('kind');
    const { y } = labelVector(table, 'y');
    const scorer = createScorer(model, table.columns);
    const grad = [0, 0, 0];
    rows.forEach((r, i) => {
      const resid = y[i]! - scorer.probability(r);
      grad[0]! += resid;
      model.encoding.columns.forEach((c, j) => (grad[j + 1]! += resid * (((r[c.feature] as number) - c.mean) / c.sd)));
    });
    expect(grad[0]).toBeCloseTo(0, 6);
    model.params.coefficients.forEach((w, j) => expect(grad[j + 1]).toBeCloseTo(l2 * w, 6));
    // And the known signs of the generating model.
    expect(model.params.coefficients[0]).toBeGreaterThan(0);
    expect(model.params.coefficients[1]).toBeLessThan(0);
  });
});

describe('gradient-boosted trees', () => {
  it('beat logistic regression on an XOR-like set', () => {
    const t = xor(1200, 9);
    const { y } = labelVector(t, 'y');
    const split = stratifiedSplit(y, 0.3, 1);
    const test = split.second.map((r) => y[r]!);
    const score = (kind: 'logistic' | 'gbdt') => auc(test, scoreRows(trainModel(t, { label: 'y', kind, rows: split.first, gbdt: FAST }), t, split.second));
    const g = score('gbdt');
    const l = score('logistic');
    expect(g).toBeGreaterThan(0.9);
    expect(l).toBeLessThan(0.65);
  });

  it('early-stops on the validation split, calibrates on it, and can refit on all rows', () => {
    const t = mixed(500, 14);
    const m = trainModel(t, { label: 'paid', id: 'id', gbdt: FAST });
    if (m.kind !== 'gbdt') throw new Error('kind');
    expect(m.training.validationRows).toBe(100);
    expect(m.params.trees.length).toBeLessThan(FAST.rounds);
    expect(m.calibration.method).toBe('platt');
    const r = trainModel(t, { label: 'paid', id: 'id', gbdt: { ...FAST, refit: true } });
    if (r.kind !== 'gbdt') throw new Error('kind');
    expect(r.params.trees.length).toBe(Math.round((m.params.trees.length * 500) / 400));
    expect(r.calibration).toEqual(m.calibration);
  });

  it('depends on the seed (subsampling)', () => {
    const t = mixed(400, 12);
    const a = trainModel(t, { label: 'paid', id: 'id', seed: 1, gbdt: FAST });
    const b = trainModel(t, { label: 'paid', id: 'id', seed: 2, gbdt: FAST });
    expect(serializeModel(a)).not.toBe(serializeModel(b));
  });
});

describe('dataset handling', () => {
  it('detects categorical columns, honours declared ones, guesses the positive label', () => {
    const t: Table = { columns: ['n', 'code', 'txt', 'y'], rows: [[1, 3, 'a', 'yes'], [2, 4, 'b', 'no'], [3, 3, 'a', 'yes'], [4, 4, 'b', 'no']] };
    const model = trainModel(t, { label: 'y', kind: 'logistic', categorical: ['code'] });
    expect(model.label.positive).toBe('yes');
    expect(model.features.map((f) => `${f.name}:${f.kind}`)).toEqual(['n:numeric', 'code:categorical', 'txt:categorical']);
  });

  it('names the column on bad input', () => {
    const t = mixed(50, 1);
    expect(() => trainModel(t, { label: 'nope' })).toThrow(DatasetError);
    expect(() => trainModel(t, { label: 'paid', exclude: ['zz'] })).toThrow(/excluded column "zz"/);
    expect(() => trainModel(t, { label: 'grade' })).toThrow(/say which is positive/);
    expect(() => trainModel(t, { label: 'paid', positive: 'maybe' })).toThrow(/never holds/);
  });

  it('drops rows without a label', () => {
    const t = mixed(100, 2);
    const rows = t.rows.map((r, i) => (i < 10 ? [r[0], r[1], r[2], 'NA'] : r));
    const model = trainModel({ columns: t.columns, rows }, { label: 'paid', id: 'id', kind: 'logistic' });
    expect(model.training).toMatchObject({ rows: 90, droppedRows: 10 });
  });
});

describe('parseModel', () => {
  const t = mixed(200, 13);
  const gbdt = JSON.parse(serializeModel(trainModel(t, { label: 'paid', id: 'id', gbdt: { ...FAST, rounds: 5 } }))) as Record<string, unknown>;
  const logistic = JSON.parse(serializeModel(trainModel(t, { label: 'paid', id: 'id', kind: 'logistic' }))) as Record<string, unknown>;
  const broken = (m: Record<string, unknown>, edit: (m: any) => void) => { // eslint-disable-line @typescript-eslint/no-explicit-any
    const c = structuredClone(m);
    edit(c);
    return c;
  };
  const field = (v: unknown): string => {
    try {
      parseModel(v);
    } catch (e) {
      if (e instanceof ModelFormatError) return e.field;
      throw e;
    }
    return '(valid)';
  };

  it('names the bad field', () => {
    expect(field('not json')).toBe('(document)');
    expect(field(broken(gbdt, (m) => (m.format = 'other')))).toBe('format');
    expect(field(broken(gbdt, (m) => (m.version = 2)))).toBe('version');
    expect(field(broken(gbdt, (m) => (m.kind = 'forest')))).toBe('kind');
    expect(field(broken(gbdt, (m) => (m.features[0].median = 'x')))).toBe('features[0].median');
    expect(field(broken(gbdt, (m) => (m.params.trees[0].left[0] = 0)))).toBe('params.trees[0].left[0]');
    expect(field(broken(gbdt, (m) => (m.params.trees[1].value.length = 1)))).toBe('params.trees[1].value');
    expect(field(broken(gbdt, (m) => (m.encoding.edges[0] = [3, 2])))).toBe('encoding.edges[0][1]');
    expect(field(broken(gbdt, (m) => (m.params.hyper.learningRate = 0)))).toBe('params.hyper.learningRate');
    expect(field(broken(logistic, (m) => m.params.coefficients.pop()))).toBe('params.coefficients');
    expect(field(broken(logistic, (m) => (m.encoding.columns[0].sd = 0)))).toBe('encoding.columns[0].sd');
    expect(field(broken(logistic, (m) => (m.calibration.method = 'isotonic')))).toBe('calibration.method');
    expect(field(gbdt)).toBe('(valid)');
    expect(field(logistic)).toBe('(valid)');
  });
});
