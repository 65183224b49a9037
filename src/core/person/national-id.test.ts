import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { makeNationalId, nationalIdCheckDigit, validateNationalId } from './national-id.js';

const AS_OF = '2026-11-28';

describe('nationalIdCheckDigit', () => {
  // The GB 11643-1999 example (11010519491231002X), a long-published specimen, and two checked by hand.
  it.each([
    ['11010519491231002', 'X'],
    ['44052418800101001', '4'],
    ['11010120000101001', '0'],
    ['11010119900307001', '1'],
  ])('%s → %s', (first17, check) => {
    expect(nationalIdCheckDigit(first17)).toBe(check);
  });

  it.each(['1101051949123100', '110105194912310021', '1101051949123100A', ''])('rejects %j', (bad) => {
    expect(() => nationalIdCheckDigit(bad)).toThrow(RangeError);
  });
});

describe('validateNationalId', () => {
  it.each([
    ['11010519491231002X', { ok: true, birthDate: '1949-12-31', gender: 'female', regionCode: '110105' }],
    ['11010519491231002x', { ok: true, birthDate: '1949-12-31', gender: 'female', regionCode: '110105' }],
    ['440524188001010014', { ok: false, reason: 'birth_date' }], // 1880 is before MIN_BIRTH_YEAR
    ['110101199003070011', { ok: true, birthDate: '1990-03-07', gender: 'male', regionCode: '110101' }],
    ['110101199003070010', { ok: false, reason: 'checksum' }],
    ['110101200002290018', null], // computed below: 29 Feb 2000 exists
    ['11010519491231002', { ok: false, reason: 'length' }],
    ['11010519491231002X1', { ok: false, reason: 'length' }],
    ['', { ok: false, reason: 'length' }],
    ['01010519491231002X', { ok: false, reason: 'format' }], // region cannot start with 0
    ['1101051949123100XX', { ok: false, reason: 'format' }],
    ['11010519491231002Y', { ok: false, reason: 'format' }],
    ['１１０１０５１９４９１２３１００２X'.slice(0, 18), { ok: false, reason: 'format' }], // full-width digits
    ['110101199002300011', { ok: false, reason: 'birth_date' }], // 30 Feb
    ['110101190002290011', { ok: false, reason: 'birth_date' }], // 1900 is not a leap year
    ['110101199013010011', { ok: false, reason: 'birth_date' }], // month 13
    ['110101202611290011', { ok: false, reason: 'birth_date' }], // the day after asOf
    ['110105194912310021', { ok: false, reason: 'checksum' }],
    ['110105194912310020', { ok: false, reason: 'checksum' }],
  ])('%s', (id, expected) => {
    const want = expected ?? { ok: true, birthDate: '2000-02-29', gender: 'male', regionCode: '110101' };
    const input = expected === null ? id.slice(0, 17) + nationalIdCheckDigit(id.slice(0, 17)) : id;
    expect(validateNationalId(input, AS_OF)).toEqual(want);
  });

  it('accepts a birth date equal to asOf and rejects it one day earlier', () => {
    const id = makeNationalId('310104', '2026-11-28', 1);
    expect(validateNationalId(id, '2026-11-28')).toMatchObject({ ok: true, birthDate: '2026-11-28' });
    expect(validateNationalId(id, '2026-11-27')).toEqual({ ok: false, reason: 'birth_date' });
  });

  it('throws on an unreal asOf', () => {
    expect(() => validateNationalId('11010519491231002X', '2026-02-30')).toThrow(RangeError);
  });
});

describe('makeNationalId', () => {
  it('builds the GB 11643 example', () => {
    expect(makeNationalId('110105', '1949-12-31', 2)).toBe('11010519491231002X');
    expect(makeNationalId('110105', '1949-12-31', '002')).toBe('11010519491231002X');
  });
  it.each([
    ['11010', '1990-01-01', 1],
    ['010105', '1990-01-01', 1],
    ['110105', '1990-02-30', 1],
    ['110105', '19900101', 1],
    ['110105', '1899-12-31', 1],
    ['110105', '1990-01-01', 1000],
    ['110105', '1990-01-01', -1],
    ['110105', '1990-01-01', 1.5],
    ['110105', '1990-01-01', 'abc'],
  ] as const)('rejects (%s, %s, %s)', (region, date, seq) => {
    expect(() => makeNationalId(region, date, seq)).toThrow(RangeError);
  });
});

// Arbitraries: a region code, a real birth date up to asOf, a sequence code.
const region = fc.integer({ min: 110000, max: 829999 }).map(String);
const birth = fc
  .date({ min: new Date('1900-01-01T00:00:00Z'), max: new Date(`${AS_OF}T00:00:00Z`), noInvalidDate: true })
  .map((d) => d.toISOString().slice(0, 10));
const sequence = fc.integer({ min: 0, max: 999 });

describe('properties', () => {
  it('every generated id validates and round-trips its parts', () => {
    fc.assert(
      fc.property(region, birth, sequence, (r, b, s) => {
        const id = makeNationalId(r, b, s);
        expect(id).toHaveLength(18);
        expect(validateNationalId(id, AS_OF)).toEqual({ ok: true, birthDate: b, gender: s % 2 === 1 ? 'male' : 'female', regionCode: r });
      }),
    );
  });

  it('changing any one character to another valid character invalidates the id', () => {
    fc.assert(
      fc.property(region, birth, sequence, fc.integer({ min: 0, max: 17 }), fc.integer({ min: 1, max: 10 }), (r, b, s, pos, delta) => {
        const id = makeNationalId(r, b, s);
        const alphabet = pos === 17 ? '0123456789X' : '0123456789';
        const from = alphabet.indexOf(id[pos]!);
        const to = alphabet[(from + delta) % alphabet.length]!;
        fc.pre(to !== id[pos]);
        const changed = id.slice(0, pos) + to + id.slice(pos + 1);
        const res = validateNationalId(changed, AS_OF);
        expect(res.ok).toBe(false);
        // A change outside the birth date can only be caught by the check character.
        if (pos < 6 || pos >= 14) expect(res).toEqual({ ok: false, reason: pos === 0 && to === '0' ? 'format' : 'checksum' });
      }),
    );
  });

  it('swapping two different adjacent digits is detected', () => {
    fc.assert(
      fc.property(region, birth, sequence, fc.integer({ min: 0, max: 15 }), (r, b, s, pos) => {
        const id = makeNationalId(r, b, s);
        fc.pre(id[pos] !== id[pos + 1]);
        const swapped = id.slice(0, pos) + id[pos + 1] + id[pos] + id.slice(pos + 2);
        expect(validateNationalId(swapped, AS_OF).ok).toBe(false);
      }),
    );
  });
});
