import { Command, Option } from 'commander';
import { buildSchedule, NegotiationError, parseDecimal, type Schedule } from '../../core/negotiation/index.js';
import { systemClock, type Clock } from '../platform/clock.js';

// `concord plan schedule`: prints a repayment schedule and its totals from the negotiation core — the check against
// published examples (issue 7). Needs no database. Amounts are typed in major units (1000000 = ¥1,000,000), the
// rate in percent a year (4.9). Exit 2 on bad input, naming the option.
// (`concord plan options --case ID` needs the case ledger and the database; it belongs with the server module.)

export type PlanIo = { out: (s: string) => void; err: (s: string) => void; clock: Clock };

const defaultIo: PlanIo = {
  out: (s) => void process.stdout.write(s + '\n'),
  err: (s) => void process.stderr.write(s + '\n'),
  clock: systemClock,
};

const METHODS = ['annuity', 'equal-principal', 'interest-free'] as const;
type Method = (typeof METHODS)[number];
const LABEL: Record<Method, string> = { annuity: '等额本息 annuity', 'equal-principal': '等额本金 equal principal', 'interest-free': '免息分期 interest-free' };

class InputError extends Error {}

/** "1000000" / "1234.5" major units → minor units (at most 2 decimals). */
export function majorToMinor(s: string, option: string): number {
  const r = parseDecimal(s);
  if (!r || (r.num * 100n) % r.den !== 0n) throw new InputError(`${option}: must be an amount with at most 2 decimals, got ${JSON.stringify(s)}`);
  const minor = (r.num * 100n) / r.den;
  if (minor <= 0n || minor > 1_000_000_000_000_000n) throw new InputError(`${option}: must be positive and at most 10^13, got ${s}`);
  return Number(minor);
}

/** "4.9" percent a year → 490 bp (exact; fractional bp allowed, e.g. 4.875 → 487.5). */
export function percentToBp(s: string, option: string): number {
  const r = parseDecimal(s);
  if (!r || r.den > 100_000_000n) throw new InputError(`${option}: must be a percentage such as 4.9, got ${JSON.stringify(s)}`);
  return Number(r.num * 100n) / Number(r.den);
}

/** 530727 → "5,307.27" (no currency symbol, for the table). */
export function formatAmount(minor: number): string {
  const sign = minor < 0 ? '-' : '';
  const abs = Math.abs(minor);
  return `${sign}${Math.floor(abs / 100).toString().replace(/\B(?=(\d{3})+(?!\d))/g, ',')}.${String(abs % 100).padStart(2, '0')}`;
}

export function renderSchedule(s: Schedule, currency: string): string {
  const cols = ['seq', 'due date', 'payment', 'principal', 'interest', 'balance'];
  const body = s.rows.map((r) => [String(r.seq), r.dueDate, formatAmount(r.paymentMinor), formatAmount(r.principalMinor), formatAmount(r.interestMinor), formatAmount(r.balanceMinor)]);
  const widths = cols.map((c, i) => Math.max(c.length, ...body.map((row) => row[i]!.length)));
  const line = (cells: string[]) => cells.map((c, i) => (i === 1 ? c.padEnd(widths[i]!) : c.padStart(widths[i]!))).join('  ');
  const t = s.totals;
  return [
    `${LABEL[s.method as Method]} — principal ${currency} ${formatAmount(s.principalMinor)}, ${s.annualRateBp / 100}% a year, ${s.months} months from ${s.startDate}`,
    'Rounding: each installment rounded half up to the minor unit; the last one takes the residual.',
    '',
    line(cols),
    ...body.map(line),
    '',
    `Totals (${t.installments} installments): payments ${formatAmount(t.paymentMinor)} · principal ${formatAmount(t.principalMinor)} · interest ${formatAmount(t.interestMinor)} ${currency}`,
    `Formula figures (bank calculators): ${s.method === 'equal-principal' ? 'first payment' : 'payment'} ${formatAmount(s.formula.paymentMinor)} · total interest ${formatAmount(s.formula.totalInterestMinor)} ${currency}`,
  ].join('\n');
}

type ScheduleOpts = { principal: string; annualRate: string; months: string; method: Method; start?: string; currency: string; json?: boolean };

export function planCommand(io: PlanIo = defaultIo): Command {
  const plan = new Command('plan').description('Repayment plans / 还款方案');
  plan
    .command('schedule')
    .description('Print a repayment schedule and its totals (no database needed)')
    .requiredOption('--principal <amount>', 'principal in major units, e.g. 1000000 = ¥1,000,000')
    .option('--annual-rate <percent>', 'nominal annual rate in percent, e.g. 4.9 (ignored for interest-free)', '0')
    .requiredOption('--months <n>', 'number of monthly installments (1–600)')
    .addOption(new Option('--method <method>', 'schedule method').choices(METHODS).default('annuity'))
    .option('--start <YYYY-MM-DD>', 'plan start; installment k is due k months later (default: today, UTC)')
    .option('--currency <code>', 'ISO 4217 code shown with the amounts', 'CNY')
    .option('--json', 'print the schedule as JSON (amounts in minor units)')
    .action((opts: ScheduleOpts) => {
      try {
        const months = Number(opts.months);
        if (!/^\d+$/.test(opts.months)) throw new InputError(`--months: must be a whole number, got ${JSON.stringify(opts.months)}`);
        const schedule = buildSchedule({
          method: opts.method, principalMinor: majorToMinor(opts.principal, '--principal'), annualRateBp: percentToBp(opts.annualRate, '--annual-rate'),
          months, startDate: opts.start ?? io.clock.now().toISOString().slice(0, 10),
        });
        io.out(opts.json ? JSON.stringify({ currency: opts.currency, ...schedule }, null, 2) : renderSchedule(schedule, opts.currency));
      } catch (e) {
        if (!(e instanceof InputError || e instanceof NegotiationError)) throw e;
        const option = e instanceof NegotiationError ? `--${{ principalMinor: 'principal', annualRateBp: 'annual-rate', startDate: 'start' }[e.path] ?? e.path}: ` : '';
        io.err(e instanceof NegotiationError ? `${option}${e.message.slice(e.path.length + 2)}` : e.message);
        process.exitCode = 2;
      }
    });
  return plan;
}
