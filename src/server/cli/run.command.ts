import { Command, InvalidArgumentError } from 'commander';
import { loadConfig } from '../config/index.js';
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

type RunFlags = { asOf?: string; batch?: number; json?: boolean; partitions?: number; wait: boolean; local?: boolean; inProcess?: boolean };

const positive = (name: string) => (v: string) => {
  const n = Number(v);
  if (!Number.isInteger(n) || n < 1) throw new InvalidArgumentError(`${name} must be a whole number ≥ 1, got ${v}`);
  return n;
};

export function runCommand(): Command {
  return new Command('run')
    .description('The nightly run for a date: re-age, re-score, segment, next actions, report / 夜间批处理')
    .option('--as-of <date>', 'as-of date YYYY-MM-DD (default: today in Asia/Shanghai)')
    .option('--batch <n>', 'cases per batch (one transaction each)', positive('--batch'))
    .option('--json', 'print the run as JSON')
    .option('--partitions <n>', 'PostgreSQL: case-id ranges for the workers (default: one per 10,000 open cases)', positive('--partitions'))
    .option('--no-wait', 'PostgreSQL: queue the partitions and return; the workers finish the run')
    .option('--local', 'PostgreSQL: this process works through the partitions itself (no worker needed)')
    .option('--in-process', 'PostgreSQL: the single-process run, without partitions (as on SQLite)')
    .action(async (o: RunFlags) => {
      const asOf = o.asOf ?? agencyToday(new Date());
      if (!/^\d{4}-\d{2}-\d{2}$/.test(asOf)) throw new Error(`run: --as-of must be YYYY-MM-DD, got ${asOf}`);
      const config = loadConfig();
      const partitioned = config.dialect === 'postgres' && !o.inProcess;
      if (!partitioned && (o.partitions || o.local || !o.wait)) {
        throw new Error('run: --partitions, --local and --no-wait need PostgreSQL (a partitioned run), not with --in-process or SQLite');
      }
      if (partitioned && config.queue !== 'graphile' && !o.local) throw new Error('run: a partitioned run queues graphile jobs: set CONCORD_QUEUE=graphile (or auto), or use --local');
      const run = await withRuntime(async (rt) => {
        const s = rt.services.strategy;
        if (!partitioned) return s.run(asOf, o.batch ? { batchSize: o.batch } : {});
        const started = await s.partitioned.start(asOf, { enqueue: !o.local, ...(o.partitions ? { partitions: o.partitions } : {}), ...(o.batch ? { batchSize: o.batch } : {}) });
        if (!o.wait) return null;
        if (o.local) return s.partitioned.runHere(started.id);
        let last = '';
        let idleSince = Date.now();
        let hinted = false;
        return s.partitioned.wait(started.id, {
          onProgress: (p) => {
            const line = `partitions ${p.done}/${p.partitions} done, ${p.running} running, ${p.scored} cases scored`;
            if (p.running || p.done) idleSince = Date.now();
            if (!hinted && Date.now() - idleSince > 15_000) {
              hinted = true;
              process.stderr.write('no worker has taken a partition yet: start `concord worker`, or run again with --local\n');
            }
            if (line !== last) process.stderr.write(line + '\n');
            last = line;
          },
        });
      }, partitioned && !o.local ? { queue: 'graphile' } : {});
      if (!run) {
        print(`nightly run ${asOf}: partitions queued for the workers`);
        return;
      }
      print(o.json ? JSON.stringify(run, null, 2) : table(run.report!));
    });
}
