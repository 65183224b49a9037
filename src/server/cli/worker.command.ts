import { Command } from 'commander';
import { loadConfig } from '../config/index.js';
import { openRuntime } from '../runtime.js';
import { print, untilSignal } from './shared.js';

export function workerCommand(): Command {
  return new Command('worker')
    .description('Run background jobs (on PostgreSQL: any number of workers on any number of machines) / 后台任务')
    .option('-c, --concurrency <n>', 'jobs at once', (v) => Number.parseInt(v, 10))
    .action(async (o: { concurrency?: number }) => {
      const config = loadConfig();
      let endWorker: ((why: string) => void) | undefined;
      const rt = await openRuntime(config, {
        // The worker cannot continue (a newer release migrated the queue schema): exit non-zero so the supervisor restarts us.
        onWorkerExit: (reason) => {
          process.exitCode = 1;
          endWorker?.(`worker exit: ${reason}`);
        },
      });
      const concurrency = o.concurrency ?? config.workerConcurrency;
      await rt.ctx.queue.start({ concurrency });
      // Imports left queued or running by a process that died run again (a staged one waits for its user).
      const resumed = await rt.services.intake.resumeInterrupted();
      if (resumed) rt.ctx.logger.info({ resumed }, 'interrupted imports queued again');
      print(`concord worker: ${rt.ctx.queue.kind} queue, concurrency ${concurrency}, jobs: ${rt.registry.names().join(', ')}`);
      const sig = await untilSignal((end) => (endWorker = end));
      rt.ctx.logger.info({ sig }, 'worker stopping: finishing or releasing running jobs');
      await rt.close();
    });
}
