import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { makeNationalId } from '../person/index.js';
import {
  currencyExponent, parseAmount, parseCurrency, parseDate, parseEmails, parseMobile, parseNationalId, parsePhone, parseRate, parseWholeNumber,
  type Parsed,
} from './values.js';

const TODAY = '2026-03-15';
const CJK = /[\u4e00-\u9fff]/;

/** An invalid value's result: the code, and messages in both languages holding the given fragments. */
function expectRefused<T>(r: Parsed<T>, code: string, zh: string, en: string): void {
  expect(r.ok).toBe(false);
  if (r.ok) return;
  expect(r.code).toBe(code);
  expect(r.message['zh-CN']).toMatch(CJK);
  expect(r.message['zh-CN']).toContain(zh);
  expect(r.message.en).not.toMatch(/[\u4e00-\u9fff]{3}/); // English text (may quote a Chinese format like 年月日)
  expect(r.message.en).toContain(en);
}

describe('parseDate', () => {
  it.each([
    ['2026-03-05', '2026-03-05'],
    ['2026/3/5', '2026-03-05'],
    ['2026/03/05', '2026-03-05'],
    ['2026.3.5', '2026-03-05'],
    ['20260305', '2026-03-05'],
    ['2026年3月5日', '2026-03-05'],
    ['２０２６年３月５日', '2026-03-05'],
    [' 2024-02-29 ', '2024-02-29'],
    ['2026-03-05 00:00:00', '2026-03-05'],
    ['2000-02-29', '2000-02-29'],
  ])('%j → %s', (s, v) => expect(parseDate(s)).toEqual({ ok: true, value: v }));

  it.each([
    ['2026-02-30', 'date_invalid', '不存在的日期', 'not a real calendar date'],
    ['2025-02-29', 'date_invalid', '不存在的日期', 'not a real calendar date'],
    ['1900-02-29', 'date_invalid', '不存在的日期', 'not a real calendar date'],
    ['20261301', 'date_invalid', '不存在的日期', 'not a real calendar date'],
    ['2026年2月30日', 'date_invalid', '不存在的日期', 'not a real calendar date'],
    ['1899-12-31', 'date_invalid', '年份不能早于 1900', 'year before 1900'],
    ['2026-3/5', 'date_format', '日期格式应为', 'date must be'],
    ['05/03/2026', 'date_format', '日期格式应为', 'date must be'],
    ['2026-03', 'date_format', '日期格式应为', 'date must be'],
    ['46000', 'date_format', '日期格式应为', 'date must be'],
    ['yesterday', 'date_format', '日期格式应为', 'date must be'],
  ])('%j refused (%s)', (s, code, zh, en) => expectRefused(parseDate(s), code, zh, en));
});

describe('parseAmount', () => {
  it.each([
    ['0', 0],
    ['1', 100],
    ['1234.56', 123456],
    ['1,234.56', 123456],
    ['1,234,567.8', 123456780],
    ['¥1,234.56', 123456],
    ['￥ 99', 9900],
    ['1234.56元', 123456],
    ['１２３４．５６', 123456],
    ['0.29', 29],
    ['0.07', 7],
    ['1.500', 150],
    ['90071992547409.91', 9007199254740991],
  ])('%j → %d', (s, v) => expect(parseAmount(s)).toEqual({ ok: true, value: v }));

  it('uses the currency exponent', () => {
    expect(parseAmount('1234', currencyExponent('JPY'))).toEqual({ ok: true, value: 1234 });
    expect(parseAmount('1.5', currencyExponent('JPY')).ok).toBe(false);
    expect(parseAmount('1.234', currencyExponent('KWD'))).toEqual({ ok: true, value: 1234 });
  });

  it.each([
    ['-5', 'amount_negative', '不能为负数', 'must not be negative'],
    ['-¥5.00', 'amount_negative', '不能为负数', 'must not be negative'],
    ['1.234', 'amount_decimals', '最多 2 位小数', 'at most 2 decimal places'],
    ['0.001', 'amount_decimals', '最多 2 位小数', 'at most 2 decimal places'],
    ['12,34', 'amount_format', '金额格式错误', 'not a valid amount'],
    ['1,2345.00', 'amount_format', '金额格式错误', 'not a valid amount'],
    ['1.2e5', 'amount_format', '金额格式错误', 'not a valid amount'],
    ['.5', 'amount_format', '金额格式错误', 'not a valid amount'],
    ['5.', 'amount_format', '金额格式错误', 'not a valid amount'],
    ['abc', 'amount_format', '金额格式错误', 'not a valid amount'],
    ['$5', 'amount_format', '金额格式错误', 'not a valid amount'],
    ['90071992547409.92', 'amount_too_large', '金额过大', 'too large'],
    ['99999999999999999999', 'amount_too_large', '金额过大', 'too large'],
  ])('%j refused (%s)', (s, code, zh, en) => expectRefused(parseAmount(s), code, zh, en));

  it('equals int*100+cents exactly for `${int}.${2 digits}` up to 2^53/100 (property)', () => {
    const maxInt = Math.floor(2 ** 53 / 100);
    fc.assert(
      fc.property(fc.integer({ min: 0, max: maxInt }), fc.integer({ min: 0, max: 99 }), (int, cents) => {
        const s = `${int}.${String(cents).padStart(2, '0')}`;
        const expected = BigInt(int) * 100n + BigInt(cents);
        const r = parseAmount(s);
        if (expected <= BigInt(Number.MAX_SAFE_INTEGER)) expect(r).toEqual({ ok: true, value: Number(expected) });
        else expect(r).toMatchObject({ ok: false, code: 'amount_too_large' });
      }),
      { numRuns: 2000 },
    );
  });

  it('thousands separators do not change the value (property)', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 10 ** 12 }), fc.integer({ min: 0, max: 99 }), (int, cents) => {
        const grouped = int.toLocaleString('en-US');
        const c = String(cents).padStart(2, '0');
        expect(parseAmount(`${grouped}.${c}`)).toEqual(parseAmount(`${int}.${c}`));
      }),
    );
  });
});

describe('parseRate (with % a percentage; without, ≤ 1 a fraction and > 1 a percentage)', () => {
  it.each([
    ['18%', 1800],
    ['18 %', 1800],
    ['18％', 1800],
    ['0.18', 1800],
    ['18', 1800],
    ['18.25%', 1825],
    ['18.25', 1825],
    ['0.1825', 1825],
    ['0.1825000', 1825],
    ['1', 10000],
    ['1%', 100],
    ['0.5%', 50],
    ['0', 0],
    ['0%', 0],
    ['1.5', 150],
    ['36', 3600],
    ['1000%', 100000],
  ])('%j → %d bp', (s, v) => expect(parseRate(s)).toEqual({ ok: true, value: v }));

  it.each([
    ['18.255%', 'rate_precision', '0.01%', 'one basis point'],
    ['0.18255', 'rate_precision', '0.01%', 'one basis point'],
    ['18.255', 'rate_precision', '0.01%', 'one basis point'],
    ['-18%', 'rate_negative', '不能为负数', 'must not be negative'],
    ['18%%', 'rate_format', '利率格式错误', 'not a valid rate'],
    ['eighteen', 'rate_format', '利率格式错误', 'not a valid rate'],
    ['1e-1', 'rate_format', '利率格式错误', 'not a valid rate'],
    ['1000.01%', 'rate_too_large', '1000%', 'above 1000 %'],
    ['1825', 'rate_too_large', '1000%', 'above 1000 %'],
  ])('%j refused (%s)', (s, code, zh, en) => expectRefused(parseRate(s), code, zh, en));
});

describe('parseWholeNumber', () => {
  it.each([
    ['12', 12],
    ['１２', 12],
    ['12期', 12],
    ['12 个月', 12],
    ['360', 360],
    ['1', 1],
  ])('%j → %d', (s, v) => expect(parseWholeNumber(s, 1, 360)).toEqual({ ok: true, value: v }));

  it.each([
    ['0', 'int_range', '1–360', 'between 1 and 360'],
    ['361', 'int_range', '1–360', 'between 1 and 360'],
    ['12.5', 'int_format', '应为整数', 'whole number'],
    ['-3', 'int_format', '应为整数', 'whole number'],
    ['十二', 'int_format', '应为整数', 'whole number'],
  ])('%j refused (%s)', (s, code, zh, en) => expectRefused(parseWholeNumber(s, 1, 360), code, zh, en));
});

describe('parseNationalId (GB 11643)', () => {
  const male = makeNationalId('110105', '1985-03-12', 123);
  const female = makeNationalId('310104', '1990-07-08', 246);
  it.each([
    [male, { id: male, birthDate: '1985-03-12', gender: 'male' }],
    [female, { id: female, birthDate: '1990-07-08', gender: 'female' }],
    ['11010519491231002x', { id: '11010519491231002X', birthDate: '1949-12-31', gender: 'female' }],
    [' 110105 19491231 002X ', { id: '11010519491231002X', birthDate: '1949-12-31', gender: 'female' }],
  ])('%j accepted', (s, v) => expect(parseNationalId(s, TODAY)).toEqual({ ok: true, value: v }));

  const future = makeNationalId('110105', '2026-03-16', 1);
  it.each([
    ['11010519491231002', 'national_id_length', '18 位', '18 characters'],
    ['1101051949123100', 'national_id_length', '18 位', '18 characters'],
    ['01010519491231002X', 'national_id_format', '格式错误', '17 digits'],
    ['1101051949123100XX', 'national_id_format', '格式错误', '17 digits'],
    ['110105194902300021', 'national_id_birth_date', '出生日期', 'birth date'],
    [future, 'national_id_birth_date', '出生日期', 'birth date'],
    ['110105194912310021', 'national_id_checksum', '校验位错误', 'check digit'],
  ])('%j refused (%s)', (s, code, zh, en) => expectRefused(parseNationalId(s, TODAY), code, zh, en));
});

describe('parseMobile', () => {
  it.each([
    ['13812345678', '13812345678'],
    ['138 1234 5678', '13812345678'],
    ['138-1234-5678', '13812345678'],
    ['+86 138 1234 5678', '13812345678'],
    ['8613812345678', '13812345678'],
    ['+86-19912345678', '19912345678'],
  ])('%j → %s', (s, v) => expect(parseMobile(s)).toEqual({ ok: true, value: v }));

  it.each(['12812345678', '1381234567', '138123456789', '010-62345678', '+1 415 555 0100', 'abc'])('%j refused', (s) =>
    expectRefused(parseMobile(s), 'mobile_format', '手机号码格式错误', 'not a mainland mobile number'),
  );
});

describe('parsePhone (mobile or landline)', () => {
  it.each([
    ['13812345678', '13812345678', 'mobile'],
    ['+86 138 1234 5678', '13812345678', 'mobile'],
    ['010-62345678', '01062345678', 'landline'],
    ['0755-2612345', '07552612345', 'landline'],
    ['(010) 6234-5678', '01062345678', 'landline'],
    ['010-62345678-123', '01062345678-123', 'landline'],
    ['010-62345678转123', '01062345678-123', 'landline'],
    ['0571-87654321 ext. 8', '057187654321-8', 'landline'],
    ['021 6123 4567#88', '02161234567-88', 'landline'],
  ])('%j → %s (%s)', (s, number, kind) => expect(parsePhone(s)).toEqual({ ok: true, value: { number, kind } }));

  it.each(['011-12345678', '010-123456', '62345678', '13812345678-12', '010-62345678-1234567', 'n/a'])('%j refused', (s) =>
    expectRefused(parsePhone(s), 'phone_format', '电话号码格式错误', 'not a mainland phone number'),
  );
});

describe('parseEmails', () => {
  it.each([
    ['a@example.com', ['a@example.com']],
    ['Zhang.San@Example.COM', ['Zhang.San@example.com']],
    ['a@example.com; b@example.cn', ['a@example.com', 'b@example.cn']],
    ['a@example.com；b@example.cn，a@example.com', ['a@example.com', 'b@example.cn']],
  ])('%j → %j', (s, v) => expect(parseEmails(s)).toEqual({ ok: true, value: v }));

  it.each(['a@', '@example.com', 'a@example', 'a b@example', 'a@@example.com', 'a..b@example.com', 'a@-example.com'])('%j refused', (s) =>
    expectRefused(parseEmails(s), 'email_format', '电子邮箱格式错误', 'not a valid email address'),
  );
});

describe('parseCurrency', () => {
  it.each([
    ['CNY', 'CNY'],
    ['cny', 'CNY'],
    ['ＵＳＤ', 'USD'],
    ['人民币', 'CNY'],
    ['RMB', 'CNY'],
    ['港币', 'HKD'],
    ['JPY', 'JPY'],
  ])('%j → %s', (s, v) => expect(parseCurrency(s)).toEqual({ ok: true, value: v }));

  it.each(['ABC', 'RMBY', 'US', '¥', 'XXX1'])('%j refused', (s) =>
    expectRefused(parseCurrency(s), 'currency_unknown', 'ISO 4217', 'ISO 4217'),
  );
});
