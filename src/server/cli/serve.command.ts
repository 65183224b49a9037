import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { Command } from 'commander';
import { loadConfig } from '../config/index.js';
import { buildApp } from '../http/app.js';
import { schedule } from '../jobs.js';
import { ensureBootstrap } from '../modules/identity/index.js';
import { startScheduler } from '../queue/scheduler.js';
import { openRuntime } from '../runtime.js';
import { seedDemo } from './demo-seed.js';
import { print, untilSignal } from './shared.js';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');

export function serveCommand(): Command {
  return new Command('serve')
    .description('Serve the API and the web app (migrates first) / 启动服务')
    .option('--no-demo', 'do not load the demo portfolio into an empty database')
    .option('--demo-debtors <n>', 'debtors in the demo portfolio', (v) => Number.parseInt(v, 10), 1000)
    .option('--port <port>', 'override PORT', (v) => Number.parseInt(v, 10))
    .option('--web-dir <dir>', 'built web app to serve', path.join(repoRoot, 'dist/web'))
    .action(async (o: { demo: boolean; demoDebtors: number; port?: number; webDir: string }) => {
      const config = loadConfig(undefined, o.port !== undefined ? { port: o.port } : {});
      const rt = await openRuntime(config);
      const { ctx } = rt;
      const boot = await ensureBootstrap(ctx);
      const banner: string[] = [];
      if (boot.adminCreated) {
        banner.push(boot.adminPassword ? `管理员 admin 已创建 / admin created — password (shown once): ${boot.adminPassword}` : 'admin created with CONCORD_ADMIN_PASSWORD');
      }
      const empty = !(await rt.services.cases.hasDebtors());
      if (o.demo && empty && o.demoDebtors > 0) {
        const t0 = Date.now();
        const r = await seedDemo(rt, { debtors: o.demoDebtors, seed: 42, password: config.adminPassword });
        banner.push(`演示数据 / demo data: ${r.debtors} debtors, ${r.cases} cases (${((Date.now() - t0) / 1000).toFixed(1)} s)`);
        if (r.usersCreated.length) banner.push(`演示用户 / demo users: ${r.usersCreated.join(', ')} — password: ${r.demoPassword ?? '(CONCORD_ADMIN_PASSWORD)'}`);
      }
      const app = await buildApp(ctx, rt.services, { webDir: o.webDir });
      await app.listen({ port: config.port, host: config.host });
      if (config.embeddedWorker) {
        await ctx.queue.start({ concurrency: config.workerConcurrency });
        // Imports left queued or running by a process that died run again (a staged one waits for its user).
        const resumed = await rt.services.intake.resumeInterrupted();
        if (resumed) ctx.logger.info({ resumed }, 'interrupted imports queued again');
      }
      const scheduler = startScheduler({ queue: ctx.queue, clock: ctx.clock, logger: ctx.logger }, schedule);
      const address = `http://localhost:${(app.server.address() as { port: number }).port}`;
      print(['', `Concord 催收管理平台 is running: ${address}`, `  database: ${ctx.dialect}  queue: ${ctx.queue.kind}${config.embeddedWorker ? ' (in-process worker)' : ''}`, ...banner.map((b) => `  ${b}`), ''].join('\n'));
      const sig = await untilSignal();
      ctx.logger.info({ sig }, 'shutting down');
      scheduler.stop();
      await app.close();
      await rt.close();
    });
}
