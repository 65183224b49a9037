import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { isChinaLandline, isChinaMobile, normalisePhone, phoneKind } from './phone.js';

describe('isChinaMobile', () => {
  it.each([
    ['13812345678', true],
    ['19912345678', true],
    ['15000000000', true],
    ['12812345678', false], // second digit 2
    ['10812345678', false],
    ['1381234567', false], // 10 digits
    ['138123456789', false], // 12 digits
    ['138 1234 5678', false], // formatting belongs to normalisePhone
    ['+8613812345678', false],
    ['23812345678', false],
    ['1381234567a', false],
    ['', false],
  ])('%j → %s', (s, ok) => expect(isChinaMobile(s)).toBe(ok));
});

describe('isChinaLandline', () => {
  it.each([
    ['010-22345678', true],
    ['01062345678', true],
    ['021-6234567', true],
    ['0755-26123456', true],
    ['07552612345', true],
    ['0571-8765432', true],
    ['011-12345678', false], // 011 is not an area code
    ['010-1234567890', false], // local number too long
    ['010-123456', false], // too short
    ['010-02345678', false], // local numbers start 2-9
    ['0755--2612345', false],
    ['755-26123456', false], // no trunk 0
    ['13812345678', false],
    ['', false],
  ])('%j → %s', (s, ok) => expect(isChinaLandline(s)).toBe(ok));
});

describe('normalisePhone', () => {
  it.each([
    ['13812345678', '13812345678'],
    [' 138 1234 5678 ', '13812345678'],
    ['138-1234-5678', '13812345678'],
    ['+86 138 1234 5678', '13812345678'],
    ['+86-13812345678', '13812345678'],
    ['008613812345678', '13812345678'],
    ['8613812345678', '13812345678'],
    ['(010) 6234-5678', '01062345678'],
    ['010-62345678', '01062345678'],
    ['+86 10 6234 5678', '01062345678'],
    ['010-12345678', null], // local numbers never start with 1
    ['+86 755 2612 3456', '075526123456'],
    ['+86 0755 26123456', '075526123456'],
    ['0086 21 62345678', '02162345678'],
    ['+1 415 555 0100', null],
    ['12812345678', null],
    ['138123456', null],
    ['abc', null],
    ['', null],
  ])('%j → %j', (s, want) => expect(normalisePhone(s)).toBe(want));

  it('classifies', () => {
    expect(phoneKind('+86 138 1234 5678')).toBe('mobile');
    expect(phoneKind('0755-26123456')).toBe('landline');
    expect(phoneKind('12345')).toBeNull();
  });
});

const mobile = fc.tuple(fc.integer({ min: 3, max: 9 }), fc.stringMatching(/^\d{9}$/)).map(([b, rest]) => `1${b}${rest}`);

describe('properties', () => {
  it('normalising a formatted mobile gives back the bare number, which is a mobile', () => {
    const prefix = fc.constantFrom('', '+86', '+86 ', '0086', '86', '+86-');
    const sep = fc.constantFrom('', ' ', '-');
    fc.assert(
      fc.property(mobile, prefix, sep, (m, p, s) => {
        const formatted = `${p}${m.slice(0, 3)}${s}${m.slice(3, 7)}${s}${m.slice(7)}`;
        const n = normalisePhone(formatted);
        expect(n).toBe(m);
        expect(isChinaMobile(n!)).toBe(true);
        expect(isChinaLandline(n!)).toBe(false);
      }),
    );
  });

  it('normalisation is idempotent', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 20 }), (s) => {
        const n = normalisePhone(s);
        if (n !== null) expect(normalisePhone(n)).toBe(n);
      }),
    );
  });

  it('a landline with or without the dash normalises to the same digits', () => {
    const area = fc.constantFrom('010', '020', '021', '0755', '0571', '0991');
    const local = fc.tuple(fc.integer({ min: 2, max: 9 }), fc.stringMatching(/^\d{6,7}$/)).map(([a, b]) => `${a}${b}`);
    fc.assert(
      fc.property(area, local, (a, l) => {
        expect(isChinaLandline(`${a}-${l}`)).toBe(true);
        expect(normalisePhone(`${a}-${l}`)).toBe(`${a}${l}`);
        expect(normalisePhone(`+86 ${a.slice(1)} ${l}`)).toBe(`${a}${l}`);
      }),
    );
  });
});
