import { stat } from 'node:fs/promises';
import path from 'node:path';
import { Command, Option } from 'commander';
import type { ImportProgress } from '../modules/intake/index.js';
import { print, withRuntime } from './shared.js';

const fmt = (n: number) => n.toLocaleString('en-US');

/** A `\r`-updated progress line on stderr: percent of bytes, rows, rows/s. */
function progressLine(started: number) {
  let last = 0;
  return (p: ImportProgress, force = false) => {
    const t = Date.now();
    if (!force && t - last < 200) return;
    last = t;
    const pct = p.totalBytes ? Math.min(100, (p.bytesRead / p.totalBytes) * 100) : 0;
    const rate = p.rows / Math.max(0.001, (t - started) / 1000);
    process.stderr.write(`\r${pct.toFixed(1).padStart(5)}%  ${fmt(p.rows)} rows  ${fmt(Math.round(rate))} rows/s  (${fmt(p.rejected)} rejected)   `);
  };
}

export function importCommand(): Command {
  return new Command('import')
    .description('Import a placements or payments file (CSV or XLSX) for a creditor, inline / 导入委案或还款文件')
    .argument('<file>', 'CSV or XLSX file')
    .requiredOption('--creditor <code>', 'creditor code')
    .addOption(new Option('--kind <kind>', 'what the file holds').choices(['placements', 'payments']).makeOptionMandatory())
    .addOption(new Option('--encoding <encoding>', 'CSV encoding').choices(['auto', 'utf8', 'gbk']).default('auto'))
    .action(async (file: string, o: { creditor: string; kind: 'placements' | 'payments'; encoding: 'auto' | 'utf8' | 'gbk' }) => {
      const filePath = path.resolve(file);
      await stat(filePath).catch(() => {
        throw new Error(`import: no such file ${filePath}`);
      });
      const job = await withRuntime(async (rt) => {
        const creditor = await rt.ctx.db.selectFrom('creditor').select('id').where('code', '=', o.creditor).executeTakeFirst();
        if (!creditor) throw new Error(`import: no creditor with code ${o.creditor}`);
        // A run of this same file that was killed is taken up again (from the beginning) rather than left behind.
        const interrupted = await rt.ctx.db
          .selectFrom('import_job')
          .select('id')
          .where('creditor_id', '=', creditor.id)
          .where('kind', '=', o.kind)
          .where('file_path', '=', filePath)
          .where('status', 'in', ['queued', 'running'])
          .orderBy('created_at', 'desc')
          .executeTakeFirst();
        const id = interrupted
          ? interrupted.id
          : (await rt.services.intake.createImport('system', { creditorId: creditor.id, kind: o.kind, filePath, fileName: path.basename(filePath), encoding: o.encoding }, { enqueue: false })).id;
        if (interrupted) process.stderr.write(`resuming interrupted import ${id} from the beginning\n`);
        const started = Date.now();
        const show = progressLine(started);
        const r = await rt.services.intake.runImport(id, { onProgress: (p) => show(p) });
        if (r.status === 'completed') {
          show({ rows: r.totalRows, accepted: r.acceptedRows, rejected: r.rejectedRows, bytesRead: r.totalBytes ?? r.bytesRead, totalBytes: r.totalBytes }, true);
          process.stderr.write(`\n`);
        }
        const rejectedPath = r.hasRejectedFile ? (await rt.ctx.db.selectFrom('import_job').select('rejected_file_path').where('id', '=', id).executeTakeFirst())?.rejected_file_path : null;
        return { ...r, rejectedPath, seconds: (Date.now() - started) / 1000 };
      });
      if (job.status !== 'completed') {
        process.stderr.write(`\nimport failed: ${job.error ?? job.status}\n`);
        process.exitCode = 1;
        return;
      }
      print(`import ${job.id}: total ${job.totalRows} / accepted ${job.acceptedRows} / rejected ${job.rejectedRows} / inserted ${job.insertedRows} / updated ${job.updatedRows} / unchanged ${job.unchangedRows}`);
      print(`time: ${job.seconds.toFixed(1)} s (${Math.round(job.totalRows / Math.max(job.seconds, 0.001))} rows/s)`);
      if (job.rejectedPath) print(`rejected rows: ${job.rejectedPath}`);
    });
}
