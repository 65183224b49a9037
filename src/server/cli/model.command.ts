import { createWriteStream, readFileSync, writeFileSync } from 'node:fs';
import { once } from 'node:events';
import { performance } from 'node:perf_hooks';
import { Command, InvalidArgumentError } from 'commander';
import {
  createScorer, DatasetError, ModelFormatError, parseModel, reasonCodes, serializeModel, trainModel, type Cell, type ModelKind, type Table,
} from '../../core/scoring/index.js';
import { IntakeFileError, openRowFile } from '../modules/intake/reader/index.js';
import { print } from './shared.js';

// `concord model train|score`: the generic model CLI for lenders' data scientists and for benchmarking
// (issue 9, part 2). Needs no database. Reads CSV (or XLSX) with a header through the intake reader (encoding and
// delimiter detected). See docs/scoring.md. Exit 2 on unreadable input or a bad model file.

type TrainOpts = {
  csv: string; label: string; positive?: string; id?: string; exclude?: string[]; categorical?: string[];
  model: ModelKind; seed: number; out: string;
};
type ScoreOpts = { model: string; csv: string; out: string; id?: string; reasons?: number; lang: 'en' | 'zh-CN' };

const list = (v: string): string[] => v.split(',').map((s) => s.trim()).filter((s) => s !== '');
const integer = (name: string, min: number) => (v: string): number => {
  const n = Number(v);
  if (!Number.isInteger(n) || n < min) throw new InvalidArgumentError(`${name} must be an integer ≥ ${min}`);
  return n;
};

function fail(message: string): void {
  process.stderr.write(message + '\n');
  process.exitCode = 2;
}

const known = (e: unknown): e is Error => e instanceof DatasetError || e instanceof ModelFormatError || e instanceof IntakeFileError;

async function readTable(file: string): Promise<Table> {
  const f = await openRowFile(file);
  const rows: Cell[][] = [];
  for await (const r of f.rows) rows.push(r.cells.length > f.header.length ? r.cells.slice(0, f.header.length) : r.cells);
  return { columns: f.header, rows };
}

const csvField = (s: string): string => (/[",\r\n]/.test(s) ? `"${s.replaceAll('"', '""')}"` : s);
const fmt = (x: number, digits = 4): string => (Number.isFinite(x) ? x.toFixed(digits) : 'n/a');

async function train(opts: TrainOpts): Promise<void> {
  if (opts.model !== 'logistic' && opts.model !== 'gbdt') return fail(`--model must be logistic or gbdt, not ${String(opts.model)}`);
  const started = performance.now();
  let table: Table;
  try {
    table = await readTable(opts.csv);
  } catch (e) {
    return fail(`cannot read ${opts.csv}: ${e instanceof Error ? e.message : String(e)}`);
  }
  let model;
  try {
    model = trainModel(table, {
      label: opts.label, positive: opts.positive, id: opts.id, exclude: opts.exclude, categorical: opts.categorical, kind: opts.model, seed: opts.seed,
    });
  } catch (e) {
    if (known(e)) return fail(e.message);
    throw e;
  }
  writeFileSync(opts.out, serializeModel(model) + '\n');
  const t = model.training;
  const categorical = model.features.filter((f) => f.kind === 'categorical').length;
  const size = model.kind === 'gbdt' ? `${model.params.trees.length} trees` : `${model.encoding.columns.length} coefficients, λ ${model.params.l2}`;
  print(`model ${model.kind}: P(${model.label.column} = ${model.label.positive})`);
  print(`rows ${t.rows} (${t.positives} positive${t.droppedRows > 0 ? `, ${t.droppedRows} without a label dropped` : ''}), features ${model.features.length} (${categorical} categorical), ${size}`);
  print(`training AUC ${fmt(t.auc)}, log-loss ${fmt(t.logLoss)}` + (t.validationAuc === undefined ? '' : `; validation AUC ${fmt(t.validationAuc)} on ${t.validationRows} held-out rows`));
  print(`wrote ${opts.out} in ${((performance.now() - started) / 1000).toFixed(1)} s`);
}

async function score(opts: ScoreOpts): Promise<void> {
  if (opts.lang !== 'en' && opts.lang !== 'zh-CN') return fail(`--lang must be en or zh-CN, not ${String(opts.lang)}`);
  let model;
  try {
    model = parseModel(readFileSync(opts.model, 'utf8'));
  } catch (e) {
    if (known(e)) return fail(`${opts.model}: ${e.message}`);
    return fail(`cannot read ${opts.model}: ${e instanceof Error ? e.message : String(e)}`);
  }
  let file;
  try {
    file = await openRowFile(opts.csv);
  } catch (e) {
    return fail(`cannot read ${opts.csv}: ${e instanceof Error ? e.message : String(e)}`);
  }
  const idName = opts.id ?? (model.id !== undefined && file.header.includes(model.id) ? model.id : undefined);
  const idIndex = idName === undefined ? -1 : file.header.indexOf(idName);
  if (idName !== undefined && idIndex < 0) {
    await file.close();
    return fail(`no id column "${idName}" in ${opts.csv}`);
  }
  let scorer;
  try {
    scorer = createScorer(model, file.header);
  } catch (e) {
    await file.close();
    if (known(e)) return fail(`${opts.csv}: ${e.message}`);
    throw e;
  }
  const k = opts.reasons ?? 0;
  const out = createWriteStream(opts.out);
  const header = [idName ?? 'row', 'probability', ...Array.from({ length: k }, (_, i) => `reason_${i + 1}`)];
  let buffer = header.map(csvField).join(',') + '\n';
  let n = 0;
  try {
    for await (const row of file.rows) {
      const cells = row.cells;
      const fields = [idIndex >= 0 ? (cells[idIndex] ?? '') : String(row.rowNumber), String(scorer.probability(cells))];
      if (k > 0) {
        const reasons = reasonCodes(model, scorer, cells, { top: k });
        for (let i = 0; i < k; i++) {
          const r = reasons[i];
          fields.push(r ? `${r.labels[opts.lang]} (${r.contribution >= 0 ? '+' : ''}${r.contribution.toFixed(3)})` : '');
        }
      }
      buffer += fields.map(csvField).join(',') + '\n';
      n++;
      if (buffer.length > 1 << 16) {
        if (!out.write(buffer)) await once(out, 'drain');
        buffer = '';
      }
    }
  } catch (e) {
    out.destroy();
    if (known(e)) return fail(`${opts.csv}: ${e.message}`);
    throw e;
  }
  out.end(buffer);
  await once(out, 'finish');
  print(`scored ${n} rows with the ${model.kind} model → ${opts.out}`);
}

export function modelCommand(): Command {
  const model = new Command('model').description('Train and apply scoring models on CSV files / 评分模型训练与评分');
  model
    .command('train')
    .description('Train a model on a CSV file with a header and write it as JSON')
    .requiredOption('--csv <file>', 'training data (CSV or XLSX with a header)')
    .requiredOption('--label <column>', 'label column')
    .option('--positive <value>', 'label value counted as positive (guessed for 0/1, yes/no, true/false, good/bad)')
    .option('--id <column>', 'row id column (not a feature; used by `model score`)')
    .option('--exclude <columns>', 'comma-separated columns that are not features', list)
    .option('--categorical <columns>', 'comma-separated columns read as categorical although numeric', list)
    .option('--model <kind>', 'logistic | gbdt', 'gbdt')
    .option('--seed <n>', 'random seed (subsampling, validation split)', integer('--seed', 0), 1)
    .requiredOption('--out <file>', 'model JSON to write')
    .action((opts: TrainOpts) => train(opts));
  model
    .command('score')
    .description('Score a CSV file with a saved model: writes id (or row number) and the probability of the positive label')
    .requiredOption('--model <file>', 'model JSON from `model train`')
    .requiredOption('--csv <file>', 'rows to score (CSV or XLSX with a header holding the feature columns)')
    .requiredOption('--out <file>', 'predictions CSV to write')
    .option('--id <column>', 'id column (default: the model\'s id column when present, else the row number)')
    .option('--reasons <n>', 'add the top n reason codes per row', integer('--reasons', 0))
    .option('--lang <lang>', 'reason labels: en | zh-CN (feature names unless labels were supplied)', 'en')
    .action((opts: ScoreOpts) => score(opts));
  return model;
}
