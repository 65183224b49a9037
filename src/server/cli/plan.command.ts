import { Command, Option } from 'commander';
import { buildSchedule, NegotiationError, parseDecimal, type Schedule } from '../../core/negotiation/index.js';
import type { AffordabilityForm } from '../../contracts/negotiation-terms.js';
import type { PlanOptionsOut } from '../../contracts/negotiation.js';
import { AppError, errorMessage } from '../platform/errors.js';
import { systemClock, type Clock } from '../platform/clock.js';
import type { Runtime } from '../runtime.js';
import { withRuntime } from './shared.js';

// `concord plan schedule`: prints a repayment schedule and its totals from the negotiation core — the check against
// published examples (issue 7). Needs no database. Amounts are typed in major units (1000000 = ¥1,000,000), the
// rate in percent a year (4.9). Exit 2 on bad input, naming the option.
// `concord plan options --case ID [--income N --expenses N --household N] [--json]`: the case's plan options from
// its ledger balance and the creditor's policy (the negotiation module; opens the database, reads as the system).

export type PlanIo = {
  out: (s: string) => void;
  err: (s: string) => void;
  clock: Clock;
  /** Opens the runtime for the commands that need the database (tests pass their own). */
  runtime?: <T>(fn: (rt: Runtime) => Promise<T>) => Promise<T>;
};

const defaultIo: PlanIo = {
  out: (s) => void process.stdout.write(s + '\n'),
  err: (s) => void process.stderr.write(s + '\n'),
  clock: systemClock,
};

const KIND_LABEL: Record<string, string> = {
  settlement: '一次性结清 settlement', 'interest-free': '免息分期 interest-free', annuity: '等额本息 annuity', 'equal-principal': '等额本金 equal principal',
  'step-up': '递增还款 step-up', deferral: '延期还款 deferral',
};

export function renderOptions(o: PlanOptionsOut): string {
  const cur = o.debt.currency;
  const cols = ['rank', 'option', 'months', 'first', 'highest', 'total', 'discount', 'affordable', 'approver'];
  const body = o.options.map((x) => [
    String(x.rank), KIND_LABEL[x.kind] ?? x.kind, String(x.months), formatAmount(x.firstPaymentMinor), formatAmount(x.maxPaymentMinor), formatAmount(x.totalPayableMinor),
    `${x.discountBp / 100}%`, x.affordable ? 'yes' : 'no', x.approval.approver,
  ]);
  const widths = cols.map((c, i) => Math.max(c.length, ...body.map((row) => row[i]!.length)));
  const line = (cells: string[]) => cells.map((c, i) => (i === 1 ? c.padEnd(widths[i]!) : c.padStart(widths[i]!))).join('  ');
  return [
    `Case ${o.caseId} as of ${o.asOf}: owes ${cur} ${formatAmount(o.debt.balanceMinor)} (${o.debt.productType}, bucket ${o.debt.bucket}; new charges allowed under the caps: ${formatAmount(o.debt.chargeCapMinor)})`,
    `Policy ${o.policy.bucket}: up to ${o.policy.maxTermMonths} months, installments ≥ ${formatAmount(o.policy.minInstallmentMinor)}, discount ≤ ${o.policy.maxDiscountBp / 100}%, plan rate ${o.policy.planRateBp / 100}%`,
    '',
    o.affordability.summary['zh-CN'],
    o.affordability.summary.en,
    '',
    line(cols),
    ...body.map(line),
    ...(o.excluded.length ? ['', 'Not offered:', ...o.excluded.map((x) => `  ${KIND_LABEL[x.kind] ?? x.kind}: ${x.reason.en}`)] : []),
  ].join('\n');
}

type OptionsOpts = { case: string; income: string; expenses?: string; household: string; children: string; otherDebts: string; lumpSum?: string; verified?: boolean; hardship?: string; json?: boolean };

const wholeNumber = (v: string, option: string, min: number, max: number): number => {
  if (!/^\d+$/.test(v) || Number(v) < min || Number(v) > max) throw new InputError(`${option}: must be a whole number from ${min} to ${max}, got ${JSON.stringify(v)}`);
  return Number(v);
};
/** Like majorToMinor, but 0 is allowed (no income, no other debts). */
const amountOrZero = (v: string, option: string): number => (/^0+(\.0+)?$/.test(v) ? 0 : majorToMinor(v, option));

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

/** --first-payment in minor units: more than zero and less than the principal (the rest is scheduled). */
function firstPaymentOf(opts: { firstPayment?: string; principal: string }): number {
  const first = majorToMinor(opts.firstPayment!, '--first-payment');
  if (first <= 0 || first >= majorToMinor(opts.principal, '--principal')) throw new InputError(`--first-payment: must be more than 0 and less than --principal (${opts.principal}), got ${opts.firstPayment}`);
  return first;
}

type ScheduleOpts = { principal: string; annualRate: string; months: string; method: Method; start?: string; firstPayment?: string; currency: string; json?: boolean };

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
    .option('--first-payment <amount>', '首期还款 in major units, paid on the start date; the rest follows the method over --months')
    .option('--currency <code>', 'ISO 4217 code shown with the amounts', 'CNY')
    .option('--json', 'print the schedule as JSON (amounts in minor units)')
    .action((opts: ScheduleOpts) => {
      try {
        const months = Number(opts.months);
        if (!/^\d+$/.test(opts.months)) throw new InputError(`--months: must be a whole number, got ${JSON.stringify(opts.months)}`);
        const schedule = buildSchedule({
          method: opts.method, principalMinor: majorToMinor(opts.principal, '--principal'), annualRateBp: percentToBp(opts.annualRate, '--annual-rate'),
          months, startDate: opts.start ?? io.clock.now().toISOString().slice(0, 10),
          ...(opts.firstPayment !== undefined ? { firstPaymentMinor: firstPaymentOf(opts) } : {}),
        });
        io.out(opts.json ? JSON.stringify({ currency: opts.currency, ...schedule }, null, 2) : renderSchedule(schedule, opts.currency));
      } catch (e) {
        if (!(e instanceof InputError || e instanceof NegotiationError)) throw e;
        const option = e instanceof NegotiationError ? `--${{ principalMinor: 'principal', annualRateBp: 'annual-rate', startDate: 'start', firstPaymentMinor: 'first-payment' }[e.path] ?? e.path}: ` : '';
        io.err(e instanceof NegotiationError ? `${option}${e.message.slice(e.path.length + 2)}` : e.message);
        process.exitCode = 2;
      }
    });
  plan
    .command('options')
    .description("Plan options for a case from its ledger balance, the affordability figures and the creditor's policy (opens the database)")
    .requiredOption('--case <id>', 'case id')
    .option('--income <amount>', 'monthly income in major units', '0')
    .option('--expenses <amount>', 'stated essential expenses a month (default: the regional allowance)')
    .option('--household <n>', 'adults in the household', '1')
    .option('--children <n>', 'children in the household', '0')
    .option('--other-debts <amount>', "other debts' payments a month", '0')
    .option('--lump-sum <amount>', 'money available now for a settlement')
    .option('--verified', 'the income was verified against a document (default: stated)')
    .option('--hardship <months>', 'temporary hardship: offer a deferral of up to this many months')
    .option('--json', 'print the options as JSON (amounts in minor units)')
    .action(async (opts: OptionsOpts) => {
      let form: AffordabilityForm;
      let hardship: number | undefined;
      try {
        form = {
          incomeMinor: amountOrZero(opts.income, '--income'),
          incomeVerification: opts.verified ? 'verified' : 'stated',
          adults: wholeNumber(opts.household, '--household', 1, 50),
          children: wholeNumber(opts.children, '--children', 0, 50),
          otherDebtPaymentsMinor: amountOrZero(opts.otherDebts, '--other-debts'),
          ...(opts.expenses !== undefined ? { essentialExpensesMinor: amountOrZero(opts.expenses, '--expenses') } : {}),
          ...(opts.lumpSum !== undefined ? { lumpSumMinor: amountOrZero(opts.lumpSum, '--lump-sum') } : {}),
        };
        hardship = opts.hardship === undefined ? undefined : wholeNumber(opts.hardship, '--hardship', 1, 24);
      } catch (e) {
        if (!(e instanceof InputError)) throw e;
        io.err(e.message);
        process.exitCode = 2;
        return;
      }
      try {
        const result = await (io.runtime ?? withRuntime)((rt) => rt.services.negotiation.planOptionsSystem(opts.case, form, hardship));
        io.out(opts.json ? JSON.stringify(result, null, 2) : renderOptions(result));
      } catch (e) {
        if (!(e instanceof AppError)) throw e;
        io.err(`plan options: ${errorMessage(e.code, 'en', e.details)}`);
        process.exitCode = e.kind === 'not_found' ? 1 : 2;
      }
    });
  return plan;
}
