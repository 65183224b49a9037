import { Command } from 'commander';
import type { NightlyReport } from '../../contracts/strategy.js';
import { agencyToday } from '../modules/strategy/index.js';
import { print, withRuntime } from './shared.js';

function table(r: NightlyReport): string {
  const lines = [`as of ${r.asOf} (previous run: ${r.previousAsOf ?? '—'}), ${r.scored} open cases scored in ${r.seconds.toFixed(1)} s`];
  const counts = (title: string, m: Record<string, number>) => `${title}: ${Object.keys(m).sort().map((k) => `${k} ${m[k]}`).join(', ') || '—'}`;
  lines.push(counts('bucket', r.byBucket), counts('segment', r.bySegment), counts('next action', r.byAction));
  lines.push(`score deciles: ${r.scoreDeciles.join(' ') || '—'}; mean ${r.meanScore?.toFixed(1) ?? '—'}; PSI vs previous ${r.psi?.toFixed(4) ?? '—'}`);
  if (r.rollRates.length) {
    lines.push('roll rates (previous bucket → now):');
    for (const x of r.rollRates) lines.push(`  ${x.from.padEnd(4)} → ${x.to.padEnd(8)} ${String(x.count).padStart(7)}  ${(x.share * 100).toFixed(1)}%`);
  }
  return lines.join('\n');
}

export function runCommand(): Command {
  return new Command('run')
    .description('The nightly run for a date: re-age, re-score, segment, next actions, report / 夜间批处理')
    .option('--as-of <date>', 'as-of date YYYY-MM-DD (default: today in Asia/Shanghai)')
    .option('--batch <n>', 'cases per batch (one transaction each)', (v) => Number.parseInt(v, 10))
    .option('--json', 'print the run as JSON')
    .action(async (o: { asOf?: string; batch?: number; json?: boolean }) => {
      const asOf = o.asOf ?? agencyToday(new Date());
      if (!/^\d{4}-\d{2}-\d{2}$/.test(asOf)) throw new Error(`run: --as-of must be YYYY-MM-DD, got ${asOf}`);
      const run = await withRuntime((rt) => rt.services.strategy.run(asOf, o.batch ? { batchSize: o.batch } : {}));
      print(o.json ? JSON.stringify(run, null, 2) : table(run.report!));
    });
}
