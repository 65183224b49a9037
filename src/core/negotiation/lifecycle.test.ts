import { describe, expect, it } from 'vitest';
import { canTransition, evaluatePlan, evaluatePromises, type PaymentIn } from './lifecycle.js';

const pay = (date: string, amountMinor: number): PaymentIn => ({ date, amountMinor });

describe('evaluatePromises (grace 3 days)', () => {
  const p = { id: 'PTP1', dueDate: '2026-11-20', amountMinor: 50_000, madeOn: '2026-11-10' };
  const one = (payments: PaymentIn[], asOf: string) => evaluatePromises([p], payments, 3, asOf)[0]!;

  it('pending through the last day of grace, broken the day after when nothing came', () => {
    expect(one([], '2026-11-22').status).toBe('pending');
    expect(one([], '2026-11-23')).toMatchObject({ status: 'pending', graceEnds: '2026-11-23' });
    expect(one([], '2026-11-24')).toMatchObject({ status: 'broken', paidMinor: 0, shortfallMinor: 50_000 });
  });
  it('kept as soon as the amount is reached, even within grace', () => {
    expect(one([pay('2026-11-21', 30_000), pay('2026-11-23', 20_000)], '2026-11-23')).toMatchObject({ status: 'kept', keptOn: '2026-11-23', paidMinor: 50_000 });
    expect(one([pay('2026-11-15', 60_000)], '2026-11-15')).toMatchObject({ status: 'kept', keptOn: '2026-11-15', paidMinor: 50_000 });
  });
  it('partially kept after grace with some money', () => {
    expect(one([pay('2026-11-21', 30_000)], '2026-11-24')).toMatchObject({ status: 'partially_kept', paidMinor: 30_000, shortfallMinor: 20_000 });
    expect(one([pay('2026-11-21', 30_000)], '2026-11-22').status).toBe('pending');
  });
  it('ignores payments after grace, before the promise was made, and after asOf', () => {
    expect(one([pay('2026-11-24', 50_000)], '2026-11-30').status).toBe('broken');
    expect(one([pay('2026-11-05', 50_000)], '2026-11-30').status).toBe('broken');
    expect(one([pay('2026-11-21', 50_000)], '2026-11-20').status).toBe('pending');
  });
  it('several promises share payments oldest due first, each payment counted once', () => {
    const states = evaluatePromises(
      [{ id: 'B', dueDate: '2026-12-20', amountMinor: 30_000 }, { id: 'A', dueDate: '2026-11-20', amountMinor: 30_000 }],
      [pay('2026-11-18', 45_000)], 0, '2026-12-30');
    expect(states.map((s) => [s.id, s.status, s.paidMinor])).toEqual([['B', 'partially_kept', 15_000], ['A', 'kept', 30_000]]);
  });
});

describe('evaluatePlan (3 × ¥100 due the 15th, grace 5 days)', () => {
  const plan = [
    { seq: 1, dueDate: '2026-12-15', amountMinor: 10_000 },
    { seq: 2, dueDate: '2027-01-15', amountMinor: 10_000 },
    { seq: 3, dueDate: '2027-02-15', amountMinor: 10_000 },
  ];
  it('active while the first installment is within grace; broken the day after', () => {
    const a = evaluatePlan(plan, [], 5, '2026-12-20');
    expect(a).toMatchObject({ status: 'active', arrearsMinor: 10_000, broken: null, next: { seq: 1, amountDueMinor: 10_000 } });
    expect(a.installments.map((i) => i.status)).toEqual(['due', 'upcoming', 'upcoming']);
    const b = evaluatePlan(plan, [], 5, '2026-12-21');
    expect(b).toMatchObject({ status: 'broken', broken: { seq: 1, dueDate: '2026-12-15', brokenOn: '2026-12-21', shortfallMinor: 10_000 }, next: null });
    expect(b.installments[0]!.status).toBe('missed');
  });
  it('completed when payments reach the total, overpayment running ahead', () => {
    const s = evaluatePlan(plan, [pay('2026-12-14', 10_000), pay('2027-01-10', 25_000)], 5, '2027-01-10');
    expect(s).toMatchObject({ status: 'completed', completedOn: '2027-01-10', paidMinor: 35_000, arrearsMinor: 0 });
    expect(s.installments.map((i) => i.status)).toEqual(['paid', 'paid', 'paid']);
  });
  it('split payments within grace keep it active', () => {
    const s = evaluatePlan(plan, [pay('2026-12-15', 10_000), pay('2027-01-18', 5_000), pay('2027-01-20', 5_000)], 5, '2027-02-01');
    expect(s).toMatchObject({ status: 'active', paidMinor: 20_000, arrearsMinor: 0, next: { seq: 3, dueDate: '2027-02-15', amountDueMinor: 10_000 } });
  });
  it('a late payment does not revive a broken plan', () => {
    const s = evaluatePlan(plan, [pay('2026-12-22', 30_000)], 5, '2026-12-30');
    expect(s).toMatchObject({ status: 'broken', completedOn: null, broken: { seq: 1, brokenOn: '2026-12-21' } });
  });
  it('second installment missed → broken at seq 2 with the cumulative shortfall', () => {
    const s = evaluatePlan(plan, [pay('2026-12-15', 10_000), pay('2027-01-19', 4_000)], 5, '2027-01-21');
    expect(s.broken).toEqual({ seq: 2, dueDate: '2027-01-15', brokenOn: '2027-01-21', shortfallMinor: 6_000 });
  });
  it('tolerance forgives a small shortfall', () => {
    expect(evaluatePlan(plan, [pay('2026-12-15', 9_990)], 5, '2026-12-25', 10).status).toBe('active');
    expect(evaluatePlan(plan, [pay('2026-12-15', 9_990)], 5, '2026-12-25').status).toBe('broken');
  });
  it('rejects installments out of order', () => {
    expect(() => evaluatePlan([plan[1]!, plan[0]!], [], 0, '2027-01-01')).toThrow(/installments\[1\].dueDate/);
  });
});

describe('plan workflow', () => {
  it('proposed → approved → active → completed | broken; nothing leaves a final state', () => {
    expect(canTransition('proposed', 'approved')).toBe(true);
    expect(canTransition('approved', 'active')).toBe(true);
    expect(canTransition('active', 'broken')).toBe(true);
    expect(canTransition('proposed', 'active')).toBe(false);
    expect(canTransition('broken', 'active')).toBe(false);
    expect(canTransition('completed', 'broken')).toBe(false);
  });
});
