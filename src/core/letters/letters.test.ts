import { describe, expect, it } from 'vitest';
import { CN_LETTER_ELEMENTS, letterRequirements, missingLetterElements, US_VALIDATION_ELEMENTS } from './elements.js';
import { itemize, usFederalHolidays, validationPeriod } from './validation-period.js';

describe('letter elements', () => {
  it('takes CN-C03 elements from letterElements and the §1006.34(c) list from validationPeriodDays', () => {
    const cn = letterRequirements([{ id: 'CN-C03', params: { letterElements: ['name', 'balance', 'seal'] } }, { id: 'X', params: { events: ['dispute'] } }]);
    expect(cn.kind).toBe('collection_notice');
    expect(cn.elements.map((e) => e.id)).toEqual(['name', 'balance', 'seal']);
    const us = letterRequirements([{ id: 'US-V01', params: { deliverWithinDays: 5, validationPeriodDays: 30 } }]);
    expect(us).toMatchObject({ kind: 'validation_notice', validationPeriodDays: 30 });
    expect(us.elements).toEqual(US_VALIDATION_ELEMENTS);
    expect(letterRequirements([]).elements).toEqual([]);
  });

  it('names what a Chinese letter lacks: variables and wording; the seal comes from the layout', () => {
    const full = '{{debtorName}}：您在{{creditorName}}的欠款{{amountDue}}已逾期，依据借款合同催收。您享有的权利……如有异议请联系。{{agencyName}} 联系电话 400-000-0000';
    expect(missingLetterElements(full, CN_LETTER_ELEMENTS)).toEqual([]);
    const missing = missingLetterElements(full.replace('如有异议请联系。', '').replace('{{amountDue}}', '若干'), CN_LETTER_ELEMENTS);
    expect(missing.map((m) => [m.element.id, m.variables, m.wording])).toEqual([['balance', ['amountDue'], false], ['dispute_method', [], true]]);
    // A variable's name is no wording: "{{agencyName}}" does not count as 联系方式.
    expect(missingLetterElements('{{debtorName}}{{amountDue}}{{creditorName}}依据 权利 异议 {{agencyName}}', CN_LETTER_ELEMENTS).map((m) => m.element.id)).toEqual(['contact_details']);
  });
});

describe('validation period (12 CFR 1006.34(b)(5))', () => {
  it('knows the observed federal holidays', () => {
    const h = usFederalHolidays(2026);
    for (const d of ['2026-01-01', '2026-01-19', '2026-02-16', '2026-05-25', '2026-06-19', '2026-07-03', '2026-09-07', '2026-10-12', '2026-11-11', '2026-11-26', '2026-12-25']) expect(h.has(d), d).toBe(true);
    expect(h.has('2026-07-04')).toBe(false); // a Saturday: observed on Friday 3 July
    expect(usFederalHolidays(2021).has('2021-12-31')).toBe(true); // 1 January 2022 was a Saturday
  });

  it('assumes receipt on the fifth business day after mailing and ends the period 30 days later', () => {
    // Monday 30 November 2026: Tue–Fri and Monday 7 December.
    expect(validationPeriod('2026-11-30')).toEqual({ mailedOn: '2026-11-30', assumedReceipt: '2026-12-07', endDate: '2027-01-06' });
    // Mailed on Monday 23 November 2026: Thanksgiving (26th) and the weekend do not count.
    expect(validationPeriod('2026-11-23').assumedReceipt).toBe('2026-12-01');
    // Around Christmas and New Year's Day 2027 (Friday 1 January).
    expect(validationPeriod('2026-12-23').assumedReceipt).toBe('2026-12-31');
    expect(validationPeriod('2026-12-28').assumedReceipt).toBe('2027-01-05');
  });
});

describe('itemization', () => {
  it('adds interest and fees to the amount on the itemization date and takes off payments: the current amount is what is owed', () => {
    const { rows, total } = itemize([
      { reference: 'L1', originationDate: '2026-01-15', principalMinor: 100_000, outstandingPrincipalMinor: 80_000, outstandingInterestMinor: 3_000, outstandingPenaltyMinor: 500, outstandingFeesMinor: 200 },
      { reference: 'L2', originationDate: '2026-03-01', principalMinor: 50_000, outstandingPrincipalMinor: 50_000, outstandingInterestMinor: 0, outstandingPenaltyMinor: 0, outstandingFeesMinor: 0 },
    ]);
    expect(rows[0]).toEqual({ reference: 'L1', itemizationDate: '2026-01-15', onItemizationDateMinor: 100_000, interestMinor: 3_000, feesMinor: 700, paymentsCreditsMinor: 20_000, currentMinor: 83_700 });
    expect(total).toEqual({ onItemizationDateMinor: 150_000, interestMinor: 3_000, feesMinor: 700, paymentsCreditsMinor: 20_000, currentMinor: 133_700 });
  });
});
