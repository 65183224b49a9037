import { Command } from 'commander';
import { auditCommand } from './audit.command.js';
import { demoCommand } from './demo.command.js';
import { importCommand } from './import.command.js';
import { migrateCommand } from './migrate.command.js';
import { modelCommand } from './model.command.js';
import { planCommand } from './plan.command.js';
import { policyCommand } from './policy.command.js';
import { routeCommand } from './route.command.js';
import { runCommand } from './run.command.js';
import { serveCommand } from './serve.command.js';
import { userCommand } from './user.command.js';
import { workerCommand } from './worker.command.js';

export function buildCli(): Command {
  const program = new Command('concord').description('Concord 催收管理平台 — compliance-first collections').version('0.1.0');
  program.addCommand(serveCommand());
  program.addCommand(workerCommand());
  program.addCommand(migrateCommand());
  program.addCommand(userCommand());
  program.addCommand(auditCommand());
  program.addCommand(demoCommand());
  program.addCommand(policyCommand());
  program.addCommand(routeCommand());
  program.addCommand(importCommand());
  program.addCommand(planCommand());
  program.addCommand(modelCommand());
  program.addCommand(runCommand());
  return program;
}
