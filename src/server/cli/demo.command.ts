import { Command } from 'commander';
import { seedDemo } from './demo-seed.js';
import { print, withRuntime } from './shared.js';

export function demoCommand(): Command {
  return new Command('demo')
    .description('Load a synthetic, deterministic demo portfolio (clearly labelled; all people are fictitious) / 加载演示数据')
    .option('--debtors <n>', 'number of debtors', (v) => Number.parseInt(v, 10), 1000)
    .option('--seed <s>', 'random seed', (v) => Number.parseInt(v, 10), 42)
    .option('--password <p>', 'password for the demo users (default: generated and printed once)')
    .action(async (o: { debtors: number; seed: number; password?: string }) => {
      if (!Number.isInteger(o.debtors) || o.debtors < 0) throw new Error('--debtors must be a non-negative integer');
      if (!Number.isInteger(o.seed)) throw new Error('--seed must be an integer');
      const r = await withRuntime((rt) => seedDemo(rt, o));
      print(`demo: ${r.debtors} debtors, ${r.cases} cases, ${r.accounts} loans, ${r.payments} payments; ${r.creditors} creditors created; ${r.contacts.attempts} contact attempts decided (${r.contacts.blocked} blocked)`);
      if (r.usersCreated.length) print(`demo users: ${r.usersCreated.join(', ')}${r.demoPassword ? `  password: ${r.demoPassword}` : ''}`);
    });
}
