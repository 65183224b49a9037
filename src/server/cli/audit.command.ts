import { Command } from 'commander';
import { verifyAuditChain } from '../platform/audit.js';
import { print, withRuntime } from './shared.js';

export function auditCommand(): Command {
  const audit = new Command('audit').description('Audit trail / 审计日志');
  audit
    .command('verify')
    .description('Check the hash chain; exit 1 and name the first broken row if any row was edited or deleted')
    .action(async () => {
      const r = await withRuntime((rt) => verifyAuditChain(rt.ctx.db), { migrate: false });
      if (r.ok) {
        print(`audit chain intact: ${r.rows} rows`);
        return;
      }
      print(`AUDIT CHAIN BROKEN at row ${r.brokenAtSeq} (${r.problem}): ${r.detail}`);
      process.exitCode = 1;
    });
  return audit;
}
