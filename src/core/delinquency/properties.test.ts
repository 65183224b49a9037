import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { addDays, toDay } from './dates.js';
import { dpdHistory, ledgerAsOf } from './ledger.js';
import type { PolicyInput } from './policy.js';
import { replay } from './replay.js';
import { pay, reverse } from './test-factories.js';
import { components, type Account, type Component, type Installment, type Ledger, type LedgerEvent, type Payment } from './types.js';
import { prepare } from './validate.js';

// Random loans, policies and payment histories (all dates as offsets from the 2024-01-01 contract date).
const ORIGIN = '2024-01-01';
const day = (offset: number) => addDays(ORIGIN, offset);

const scheduleArb = fc
  .array(fc.record({ gap: fc.integer({ min: 1, max: 45 }), principal: fc.integer({ min: 0, max: 200_000 }), interest: fc.integer({ min: 0, max: 6_000 }), fees: fc.integer({ min: 0, max: 1_000 }) }), { minLength: 1, maxLength: 4 })
  .map((rows) => {
    let offset = 0;
    return rows.map((r, i): Installment => {
      offset += r.gap;
      return { seq: i + 1, dueDate: day(offset), principalMinor: i === 0 ? r.principal + 1 : r.principal, interestMinor: r.interest, feesMinor: r.fees };
    });
  });

const accountFor = (schedule: Installment[], lenderType: Account['lenderType']): Account => ({
  id: 'PROP', currency: 'CNY', principalMinor: schedule.reduce((t, s) => t + s.principalMinor, 0), aprBp: 1500, originationDate: ORIGIN,
  termMonths: schedule.length, lenderType, contractFeesMinor: schedule.reduce((t, s) => t + s.feesMinor, 0),
});

const policyArb: fc.Arbitrary<PolicyInput> = fc.record({
  waterfall: fc.record({
    components: fc.shuffledSubarray([...components], { minLength: 4, maxLength: 4 }) as fc.Arbitrary<Component[]>,
    installmentOrder: fc.constantFrom('oldest_due_first' as const, 'newest_due_first' as const),
    sweep: fc.constantFrom('by_installment' as const, 'by_component' as const),
  }),
  penalty: fc.record({
    rateBp: fc.integer({ min: 0, max: 5_000 }), onInterest: fc.boolean(), graceDays: fc.integer({ min: 0, max: 5 }),
    graceMode: fc.constantFrom('defer' as const, 'backdate' as const), rounding: fc.constantFrom('down' as const, 'half_up' as const),
    lateFeeMinor: fc.integer({ min: 0, max: 2_000 }), dayBasis: fc.constantFrom(365 as const, 360 as const),
  }),
  caps: fc.record({ limitToCap: fc.boolean() }),
  dpd: fc.record({ toleranceMinor: fc.integer({ min: 0, max: 100 }) }),
});

const paymentsArb = (maxDay: number) =>
  fc.array(fc.record({ amount: fc.integer({ min: 1, max: 150_000 }), at: fc.integer({ min: 0, max: maxDay }), id: fc.integer({ min: 0, max: 99 }) }), { maxLength: 6 })
    .map((rows) => rows.map((r, i) => pay(`P${r.id}-${i}`, r.amount, day(r.at))));

/** Payments plus reversals of some of them (each dated on or after its payment). */
const eventsArb = (maxDay: number) =>
  paymentsArb(maxDay).chain((payments) =>
    fc.tuple(fc.constant(payments), fc.array(fc.tuple(fc.boolean(), fc.integer({ min: 0, max: 60 })), { minLength: payments.length, maxLength: payments.length })),
  ).map(([payments, flags]) => {
    const events: LedgerEvent[] = [...payments];
    payments.forEach((p, i) => {
      const [reversed, lag] = flags[i] ?? [false, 0];
      if (reversed) events.push(reverse(`R-${p.id}`, p.id, addDays(p.valueDate, lag)));
    });
    return events;
  });

const caseArb = fc.record({
  schedule: scheduleArb, lenderType: fc.constantFrom('licensed' as const, 'private' as const), policy: policyArb,
  events: eventsArb(250), asOf: fc.integer({ min: 0, max: 300 }),
});

const withoutReversals = ({ reversals: _r, ...rest }: Ledger) => rest;

describe('ledger properties', () => {
  it('money is conserved: Σ payments counted = Σ allocations + credit (per payment too)', () => {
    fc.assert(fc.property(caseArb, ({ schedule, lenderType, policy, events, asOf }) => {
      const l = ledgerAsOf(accountFor(schedule, lenderType), schedule, events, policy, day(asOf));
      const reversed = new Set(l.reversals.map((r) => r.paymentId));
      const counted = events.filter((e): e is Payment => e.kind === 'payment' && e.valueDate <= l.asOf && !reversed.has(e.id));
      const paid = counted.reduce((t, p) => t + p.amountMinor, 0);
      expect(l.allocations.reduce((t, a) => t + a.amountMinor, 0) + l.creditMinor).toBe(paid);
      for (const app of l.payments) expect(app.allocatedMinor + app.creditMinor).toBe(app.amountMinor);
      expect(l.payments.map((p) => p.paymentId).sort()).toEqual(counted.map((p) => p.id).sort());
    }));
  });

  it('balances are consistent: 0 ≤ paid ≤ charged, totals add up, credit only when nothing due is owed', () => {
    fc.assert(fc.property(caseArb, ({ schedule, lenderType, policy, events, asOf }) => {
      const l = ledgerAsOf(accountFor(schedule, lenderType), schedule, events, policy, day(asOf));
      for (const i of l.installments) for (const c of components) {
        expect(i.paid[c]).toBeGreaterThanOrEqual(0);
        expect(i.outstanding[c]).toBe(i.charged[c] - i.paid[c]);
        expect(i.outstanding[c]).toBeGreaterThanOrEqual(0);
      }
      expect(l.totals.outstandingMinor).toBe(l.totals.dueMinor + l.totals.notDueMinor);
      if (l.creditMinor > 0) expect(l.totals.dueMinor).toBe(0);
      expect(l.dpd).toBeGreaterThanOrEqual(0);
    }));
  });

  it('limiting to the cap keeps what the ledger books within the cap', () => {
    fc.assert(fc.property(caseArb, ({ schedule, lenderType, policy, events, asOf }) => {
      const l = ledgerAsOf(accountFor(schedule, lenderType), schedule, events, { ...policy, caps: { limitToCap: true } }, day(asOf));
      expect(l.caps.contract.bookedMinor).toBeLessThanOrEqual(l.caps.contract.capMinor);
      expect(l.caps.overdue.bookedMinor).toBeLessThanOrEqual(l.caps.overdue.capMinor);
    }));
  });

  it('applying then reversing a payment returns the pre-payment ledger', () => {
    const arb = fc.record({
      schedule: scheduleArb, lenderType: fc.constantFrom('licensed' as const, 'private' as const), policy: policyArb, base: paymentsArb(250),
      extra: fc.record({ amount: fc.integer({ min: 1, max: 150_000 }), at: fc.integer({ min: 0, max: 250 }), lag: fc.integer({ min: 0, max: 40 }) }),
      after: fc.integer({ min: 0, max: 60 }),
    });
    fc.assert(fc.property(arb, ({ schedule, lenderType, policy, base, extra, after }) => {
      const account = accountFor(schedule, lenderType);
      const p = pay('EXTRA', extra.amount, day(extra.at));
      const r = reverse('R-EXTRA', 'EXTRA', day(extra.at + extra.lag));
      const asOf = day(extra.at + extra.lag + after);
      const before = ledgerAsOf(account, schedule, base, policy, asOf);
      const undone = ledgerAsOf(account, schedule, [...base, p, r], policy, asOf);
      expect(withoutReversals(undone)).toEqual(withoutReversals(before));
    }));
  });

  it('jumping from event day to event day gives exactly the day-by-day replay', () => {
    fc.assert(fc.property(caseArb, ({ schedule, lenderType, policy, events, asOf }) => {
      const ctx = prepare(accountFor(schedule, lenderType), schedule, events, policy);
      const end = toDay(day(asOf), 'asOf');
      const excluded = new Set(ctx.reversals.filter((r) => r.day <= end).map((r) => r.reversal.paymentId));
      expect(replay(ctx, excluded, end)).toEqual(replay(ctx, excluded, end, () => undefined));
    }));
  });

  it('is deterministic whatever the order of the events', () => {
    fc.assert(fc.property(caseArb, fc.integer(), ({ schedule, lenderType, policy, events, asOf }, seed) => {
      const account = accountFor(schedule, lenderType);
      const shuffled = [...events].sort((a, b) => ((a.id.length * 31 + seed) % 7) - ((b.id.length * 17 + seed) % 5)).reverse();
      expect(ledgerAsOf(account, schedule, shuffled, policy, day(asOf))).toEqual(ledgerAsOf(account, schedule, events, policy, day(asOf)));
    }));
  });
});

describe('DPD properties', () => {
  it('never negative, and non-decreasing day by day while no payment happens', () => {
    const arb = fc.record({ schedule: scheduleArb, lenderType: fc.constantFrom('licensed' as const, 'private' as const), policy: policyArb, payments: paymentsArb(120), quietFrom: fc.integer({ min: 0, max: 120 }) });
    fc.assert(fc.property(arb, ({ schedule, lenderType, policy, payments, quietFrom }) => {
      const before = payments.filter((p) => p.valueDate <= day(quietFrom));
      const h = dpdHistory(accountFor(schedule, lenderType), schedule, before, policy, day(quietFrom), day(quietFrom + 200));
      expect(h).toHaveLength(201);
      h.forEach((p, i) => {
        expect(p.dpd).toBeGreaterThanOrEqual(0);
        if (i > 0) expect(p.dpd).toBeGreaterThanOrEqual(h[i - 1]!.dpd);
      });
    }));
  });

  it('dpdHistory agrees with ledgerAsOf on every day, reversals included', () => {
    const arb = fc.record({ c: caseArb, from: fc.integer({ min: -5, max: 200 }), span: fc.integer({ min: 0, max: 40 }) });
    fc.assert(fc.property(arb, ({ c, from, span }) => {
      const account = accountFor(c.schedule, c.lenderType);
      const h = dpdHistory(account, c.schedule, c.events, c.policy, day(from), day(from + span));
      for (const p of h) {
        const l = ledgerAsOf(account, c.schedule, c.events, c.policy, p.date);
        expect([p.dpd, p.bucket]).toEqual([l.dpd, l.bucket]);
      }
    }), { numRuns: 40 });
  });
});
