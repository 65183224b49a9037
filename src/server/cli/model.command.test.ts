import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { auc, parseModel } from '../../core/scoring/index.js';
import { makeRng } from '../../core/random.js';
import { runCommand } from './test-run.js';
import { modelCommand } from './model.command.js';

const dir = mkdtempSync(join(tmpdir(), 'concord-model-cli-'));
const file = (name: string) => join(dir, name);

/** A CSV with an id, a numeric column with gaps, a text category, and a good/bad label driven by both. */
function writeCsv(name: string, n: number, seed: number): number[] {
  const rng = makeRng(seed);
  const lines = ['loan_id,income,region,note,status'];
  const labels: number[] = [];
  for (let i = 0; i < n; i++) {
    const income = Math.round(rng.next() * 100);
    const region = ['north', 'south', 'east'][rng.below(3)]!;
    const m = (income - 50) / 15 + (region === 'south' ? 1 : 0);
    const bad = rng.next() < 1 / (1 + Math.exp(-m)) ? 0 : 1;
    labels.push(bad);
    lines.push(`L${i},${rng.next() < 0.05 ? '' : income},${region},"a, ""quoted"" note",${bad ? 'bad' : 'good'}`);
  }
  writeFileSync(file(name), lines.join('\n') + '\n');
  return labels;
}

const run = (args: string[]) => runCommand(modelCommand(), args);

describe('concord model', () => {
  afterEach(() => {
    process.exitCode = undefined;
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it.each(['logistic', 'gbdt'])('trains a %s model and scores a file by id, without a database', async (kind) => {
    writeCsv('train.csv', 600, 1);
    const labels = writeCsv('new.csv', 300, 2);
    const trained = await run(['train', '--csv', file('train.csv'), '--label', 'status', '--id', 'loan_id', '--exclude', 'note', '--model', kind, '--seed', '3', '--out', file(`${kind}.json`)]);
    expect(trained.code).toBeUndefined();
    expect(trained.out).toMatch(/training AUC 0\.\d{4}/);
    expect(trained.out).toMatch(/P\(status = bad\)/);
    const model = parseModel(readFileSync(file(`${kind}.json`), 'utf8'));
    expect(model.features.map((f) => f.name)).toEqual(['income', 'region']);

    const scored = await run(['score', '--model', file(`${kind}.json`), '--csv', file('new.csv'), '--out', file(`${kind}.csv`), '--reasons', '1']);
    expect(scored.code).toBeUndefined();
    const lines = readFileSync(file(`${kind}.csv`), 'utf8').trim().split('\n');
    expect(lines[0]).toBe('loan_id,probability,reason_1');
    expect(lines).toHaveLength(301);
    expect(lines[1]).toMatch(/^L0,0\.\d+,(income|region) \([+-]\d\.\d{3}\)$/);
    const probs = lines.slice(1).map((l) => Number(l.split(',')[1]));
    expect(auc(labels, probs)).toBeGreaterThan(0.8);
  });

  it('numbers rows when there is no id column', async () => {
    writeCsv('train2.csv', 200, 4);
    await run(['train', '--csv', file('train2.csv'), '--label', 'status', '--exclude', 'loan_id,note', '--model', 'logistic', '--out', file('m2.json')]);
    const { code } = await run(['score', '--model', file('m2.json'), '--csv', file('train2.csv'), '--out', file('p2.csv')]);
    expect(code).toBeUndefined();
    const lines = readFileSync(file('p2.csv'), 'utf8').trim().split('\n');
    expect(lines[0]).toBe('row,probability');
    expect(lines[1]).toMatch(/^1,0\.\d+$/);
  });

  it('exits 2 naming the problem: unknown label column, bad model file, missing feature column', async () => {
    writeCsv('t3.csv', 50, 5);
    const a = await run(['train', '--csv', file('t3.csv'), '--label', 'nope', '--out', file('x.json')]);
    expect(a.code).toBe(2);
    expect(a.err).toMatch(/no label column "nope"/);
    writeFileSync(file('bad.json'), JSON.stringify({ format: 'concord-model', version: 1, kind: 'gbdt', label: { column: 'y', positive: '1' }, features: [] }));
    const b = await run(['score', '--model', file('bad.json'), '--csv', file('t3.csv'), '--out', file('y.csv')]);
    expect(b.code).toBe(2);
    expect(b.err).toMatch(/features must not be empty/);
    await run(['train', '--csv', file('t3.csv'), '--label', 'status', '--exclude', 'loan_id', '--model', 'logistic', '--out', file('m3.json')]);
    writeFileSync(file('other.csv'), 'income,status\n5,good\n');
    const c = await run(['score', '--model', file('m3.json'), '--csv', file('other.csv'), '--out', file('z.csv')]);
    expect(c.code).toBe(2);
    expect(c.err).toMatch(/feature column "region"/);
  });
});
