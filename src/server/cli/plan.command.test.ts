import { afterEach, describe, expect, it } from 'vitest';
import { fakeClock } from '../platform/clock.js';
import { majorToMinor, percentToBp, planCommand } from './plan.command.js';

// Runs the command function in-process (no subprocess, no database).
async function run(...args: string[]): Promise<{ out: string; err: string; code: number | undefined }> {
  const out: string[] = [];
  const err: string[] = [];
  process.exitCode = undefined;
  const cmd = planCommand({ out: (s) => out.push(s), err: (s) => err.push(s), clock: fakeClock('2026-11-15T03:00:00.000Z') });
  for (const c of [cmd, ...cmd.commands]) c.exitOverride().configureOutput({ writeErr: (s) => void err.push(s) });
  await cmd.parseAsync(args, { from: 'user' });
  const code = process.exitCode as number | undefined;
  process.exitCode = undefined;
  return { out: out.join('\n'), err: err.join('\n'), code };
}

afterEach(() => {
  process.exitCode = undefined;
});

describe('concord plan schedule', () => {
  it('等额本息 1,000,000 / 360 / 4.9 %: 5,307.27 a month, formula interest 910,616.19', async () => {
    const { out, code } = await run('schedule', '--principal', '1000000', '--annual-rate', '4.9', '--months', '360', '--method', 'annuity', '--start', '2024-01-01');
    expect(code).toBeUndefined();
    const lines = out.split('\n');
    expect(lines[0]).toContain('等额本息');
    expect(lines.find((l) => /^\s+1\s/.test(l))).toMatch(/^\s+1\s+2024-02-01\s+5,307\.27\s+1,223\.94\s+4,083\.33\s+998,776\.06$/);
    expect(lines.find((l) => /^360\s/.test(l))).toMatch(/2054-01-01\s+5,305\.19\s+5,283\.62\s+21\.57\s+0\.00$/);
    expect(out).toContain('Totals (360 installments): payments 1,910,615.12 · principal 1,000,000.00 · interest 910,615.12 CNY');
    expect(out).toContain('payment 5,307.27 · total interest 910,616.19 CNY');
  });

  it('等额本金: first month 6,861.11, formula interest 737,041.67', async () => {
    const { out } = await run('schedule', '--principal', '1000000', '--annual-rate', '4.9', '--months', '360', '--method', 'equal-principal', '--start', '2024-01-01');
    expect(out).toMatch(/\n\s+1\s+2024-02-01\s+6,861\.11\s+2,777\.78\s+4,083\.33/);
    expect(out).toContain('first payment 6,861.11 · total interest 737,041.67');
  });

  it('--json prints the schedule in minor units; --start defaults to today (UTC) from the clock; due dates end-of-month safe', async () => {
    const { out } = await run('schedule', '--principal', '1200', '--months', '3', '--method', 'interest-free', '--json');
    const s = JSON.parse(out) as { currency: string; startDate: string; rows: { dueDate: string; paymentMinor: number }[]; totals: { paymentMinor: number } };
    expect(s.currency).toBe('CNY');
    expect(s.startDate).toBe('2026-11-15');
    expect(s.rows.map((r) => r.paymentMinor)).toEqual([40_000, 40_000, 40_000]);
    expect(s.totals.paymentMinor).toBe(120_000);
    const eom = JSON.parse((await run('schedule', '--principal', '300', '--months', '3', '--start', '2024-01-31', '--json')).out) as typeof s;
    expect(eom.rows.map((r) => r.dueDate)).toEqual(['2024-02-29', '2024-03-31', '2024-04-30']);
  });

  it('--first-payment: paid on the start date as row 1, the rest by the method; bounded by the principal', async () => {
    // ¥12,000 interest-free with ¥3,000 first: 3,000 on 2026-12-01, then 9 × 1,000 from 2027-01-01.
    const { out, code } = await run('schedule', '--principal', '12000', '--months', '9', '--method', 'interest-free', '--first-payment', '3000', '--start', '2026-12-01');
    expect(code).toBeUndefined();
    const rows = out.split('\n').filter((l) => /^\s*\d+\s+\d{4}-/.test(l));
    expect(rows).toHaveLength(10);
    expect(rows[0]).toMatch(/^\s+1\s+2026-12-01\s+3,000\.00\s+3,000\.00\s+0\.00\s+9,000\.00$/);
    expect(rows[9]).toMatch(/^\s*10\s+2027-09-01\s+1,000\.00\s+1,000\.00\s+0\.00\s+0\.00$/);
    const bad = await run('schedule', '--principal', '12000', '--months', '9', '--method', 'interest-free', '--first-payment', '12000');
    expect(bad.code).toBe(2);
    expect(bad.err).toContain('--first-payment: must be more than 0 and less than --principal (12000)');
  });

  it('exits 2 naming the option on bad input', async () => {
    expect(await run('schedule', '--principal', '10.001', '--months', '3')).toMatchObject({ code: 2, err: expect.stringContaining('--principal') });
    expect(await run('schedule', '--principal', '100', '--months', '0')).toMatchObject({ code: 2, err: expect.stringContaining('months') });
    expect(await run('schedule', '--principal', '100', '--months', '3', '--start', '2024-02-30')).toMatchObject({ code: 2, err: expect.stringContaining('--start') });
    expect(await run('schedule', '--principal', '100', '--months', '3', '--annual-rate', 'abc')).toMatchObject({ code: 2, err: expect.stringContaining('--annual-rate') });
    await expect(run('schedule', '--principal', '100', '--months', '3', '--method', 'balloon')).rejects.toThrow(/balloon/);
  });

  it('converts typed amounts and rates exactly', () => {
    expect(majorToMinor('1000000', 'p')).toBe(100_000_000);
    expect(majorToMinor('0.1', 'p')).toBe(10);
    expect(percentToBp('4.9', 'r')).toBe(490);
    expect(percentToBp('4.875', 'r')).toBe(487.5);
    expect(percentToBp('0', 'r')).toBe(0);
  });
});
