// Cell value parsers. Each takes the trimmed text of a non-empty cell and returns the normalised value or an error
// code with its message in zh-CN and en. Numbers are parsed from their decimal text with BigInt, never by float
// multiplication, so "0.29" is 29 minor units and not 28.999….

import { isRealDate, normalisePhone, validateNationalId, type Gender } from '../person/index.js';
import type { Localized } from './types.js';

export type Parsed<T> = { ok: true; value: T } | { ok: false; code: string; message: Localized };

const ok = <T>(value: T): Parsed<T> => ({ ok: true, value });
const bad = (code: string, zh: string, en: string): { ok: false; code: string; message: Localized } => ({ ok: false, code, message: { 'zh-CN': zh, en } });

/** Full-width digits, letters and punctuation (１２３，％￥) become their ASCII forms (NFKC). */
export const halfWidth = (s: string): string => (/[^\x00-\x7f]/.test(s) ? s.normalize('NFKC') : s);

const MAX_SAFE = BigInt(Number.MAX_SAFE_INTEGER);

// ---------------------------------------------------------------------------------------------------------------- dates

export const MIN_YEAR = 1900;

const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/;

const DATE_FORMATS: Array<{ re: RegExp }> = [
  { re: /^(\d{4})(\d{2})(\d{2})$/ },
  // 2026-03-05, 2026/3/5, 2026.3.5, optionally followed by a time (XLSX date-time cells read as "YYYY-MM-DD HH:MM:SS").
  { re: /^(\d{4})([-/.])(\d{1,2})\2(\d{1,2})(?:[ T]\d{1,2}:\d{2}(?::\d{2}(?:\.\d+)?)?)?$/ },
  { re: /^(\d{4})年(\d{1,2})月(\d{1,2})[日号]$/ },
];

const DATE_FORMAT_MSG = bad(
  'date_format',
  '日期格式应为 YYYY-MM-DD、YYYY/M/D、YYYYMMDD 或 YYYY年M月D日',
  'date must be YYYY-MM-DD, YYYY/M/D, YYYYMMDD or YYYY年M月D日',
);

/** A date in one of the accepted forms → YYYY-MM-DD. Impossible dates (2026-02-30) and years before 1900 are refused. */
export function parseDate(input: string): Parsed<string> {
  const s = halfWidth(input).trim();
  if (ISO_DATE.test(s)) {
    const [yn, mn, dn] = [Number(s.slice(0, 4)), Number(s.slice(5, 7)), Number(s.slice(8, 10))];
    if (isRealDate(yn, mn, dn) && yn >= MIN_YEAR) return ok(s);
  }
  let y: string | undefined;
  let m: string | undefined;
  let d: string | undefined;
  for (const [i, f] of DATE_FORMATS.entries()) {
    const r = f.re.exec(s);
    if (!r) continue;
    if (i === 1) [y, m, d] = [r[1], r[3], r[4]];
    else [y, m, d] = [r[1], r[2], r[3]];
    break;
  }
  if (y === undefined || m === undefined || d === undefined) return DATE_FORMAT_MSG;
  const [yn, mn, dn] = [Number(y), Number(m), Number(d)];
  if (!isRealDate(yn, mn, dn)) return bad('date_invalid', `不存在的日期：${s}`, `not a real calendar date: ${s}`);
  if (yn < MIN_YEAR) return bad('date_invalid', `年份不能早于 ${MIN_YEAR}：${s}`, `year before ${MIN_YEAR}: ${s}`);
  return ok(`${y}-${m.padStart(2, '0')}-${d.padStart(2, '0')}`);
}

// -------------------------------------------------------------------------------------------------------------- amounts

const PLAIN_AMOUNT = /^\d+(?:\.\d+)?$/;
const AMOUNT = /^(\d{1,3}(?:,\d{3})+|\d+)(?:\.(\d+))?$/;

/**
 * A non-negative amount → integer minor units with `exponent` decimals (2 for CNY).
 * Tolerated: surrounding spaces, thousands separators in groups of three ("1,234.56"), a leading "¥"/"￥" and a
 * trailing "元". Refused: a sign, more decimals than the currency has (trailing zeros beyond them are fine: "1.500"),
 * exponent notation, and results above Number.MAX_SAFE_INTEGER minor units.
 */
export function parseAmount(input: string, exponent = 2): Parsed<number> {
  let s = halfWidth(input).trim();
  let negative = false;
  if (!PLAIN_AMOUNT.test(s)) {
    s = s.replace(/^¥\s*/, '').replace(/\s*元$/, '').trim();
    if (/^-\s*/.test(s)) {
      negative = true;
      s = s.replace(/^-\s*/, '').replace(/^¥\s*/, '');
    }
  }
  const m = AMOUNT.exec(s);
  if (!m) return bad('amount_format', '金额格式错误（例：1234.56、1,234.56、¥1234.56 或 1234.56元）', 'not a valid amount (e.g. 1234.56, 1,234.56, ¥1234.56 or 1234.56元)');
  if (negative) return bad('amount_negative', '金额不能为负数', 'amount must not be negative');
  const intDigits = m[1]!.replaceAll(',', '');
  const frac = m[2] ?? '';
  if (frac.length > exponent && /[1-9]/.test(frac.slice(exponent))) {
    return bad('amount_decimals', `金额最多 ${exponent} 位小数`, `amount may have at most ${exponent} decimal places`);
  }
  // Minor units = the decimal digits with the point moved `exponent` places: string concatenation, no arithmetic.
  const digits = (intDigits + frac.slice(0, exponent).padEnd(exponent, '0')).replace(/^0+(?=\d)/, '');
  // Up to 15 digits is below 2^53, so Number() of the integer text is exact; longer ones are compared as BigInt.
  if (digits.length > 15 && BigInt(digits) > MAX_SAFE) return bad('amount_too_large', '金额过大', 'amount is too large');
  return ok(Number(digits));
}

// ---------------------------------------------------------------------------------------------------------------- rates

/** Largest APR accepted: 1000 % (100,000 bp). A bigger value is almost surely a unit mistake. */
export const MAX_APR_BP = 100_000;

/**
 * An annual rate → basis points (1 % = 100 bp). The rule:
 *   • with a percent sign the number is a percentage: "18%" = "18 %" = 1800 bp;
 *   • without one, a value ≤ 1 is a fraction ("0.18" = 1800 bp, "1" = 100 %) and a value > 1 a percentage
 *     ("18" = 1800 bp). So a rate of 1 % or less must carry the sign: "1%", "0.5%".
 * Precision: whole basis points, i.e. at most 2 decimals of a percentage or 4 of a fraction ("18.25%", "0.1825");
 * finer values ("18.255%") are refused rather than rounded.
 */
export function parseRate(input: string): Parsed<number> {
  let s = halfWidth(input).trim();
  const percent = s.endsWith('%');
  if (percent) s = s.slice(0, -1).trim();
  const negative = s.startsWith('-');
  if (negative) s = s.slice(1).trim();
  const m = /^(\d+)(?:\.(\d+))?$/.exec(s);
  if (!m) return bad('rate_format', '利率格式错误（例：18%、0.18 或 18）', 'not a valid rate (e.g. 18%, 0.18 or 18)');
  if (negative) return bad('rate_negative', '利率不能为负数', 'rate must not be negative');
  const intPart = m[1]!;
  const frac = m[2] ?? '';
  const greaterThanOne = BigInt(intPart) > 1n || (BigInt(intPart) === 1n && /[1-9]/.test(frac));
  const shift = percent || greaterThanOne ? 2 : 4; // percent → ×100 bp; fraction → ×10,000 bp
  if (frac.length > shift && /[1-9]/.test(frac.slice(shift))) {
    return bad(
      'rate_precision',
      '利率最多精确到 0.01%（1 个基点），如 18.25% 或 0.1825',
      'rate may be precise to at most 0.01 % (one basis point), e.g. 18.25% or 0.1825',
    );
  }
  const bp = BigInt(intPart) * 10n ** BigInt(shift) + BigInt(frac.slice(0, shift).padEnd(shift, '0'));
  if (bp > BigInt(MAX_APR_BP)) return bad('rate_too_large', '利率超过 1000%，请检查单位（18% 可写作 18%、0.18 或 18）', 'rate above 1000 %; check the unit (18 % is written 18%, 0.18 or 18)');
  return ok(Number(bp));
}

// ------------------------------------------------------------------------------------------------------------- integers

/** A non-negative whole number in [min, max]. A unit suffix 期 / 个月 / 月 is tolerated ("12期"). */
export function parseWholeNumber(input: string, min: number, max: number): Parsed<number> {
  const s = halfWidth(input).trim().replace(/\s*(?:期|个月|月)$/, '');
  if (!/^\d+$/.test(s)) return bad('int_format', '应为整数', 'must be a whole number');
  const n = Number(s);
  if (n < min || n > max) return bad('int_range', `应在 ${min}–${max} 之间`, `must be between ${min} and ${max}`);
  return ok(n);
}

// -------------------------------------------------------------------------------------------------------- national id

const NID_REASONS = {
  length: ['身份证号应为 18 位', 'national ID number must have 18 characters'],
  format: ['身份证号格式错误（17 位数字加 1 位数字或 X）', 'national ID number must be 17 digits and a digit or X'],
  birth_date: ['身份证号中的出生日期无效或晚于今天', 'the birth date in the national ID number is not real or is in the future'],
  checksum: ['身份证号校验位错误', 'national ID number check digit is wrong'],
} as const;

/** A GB 11643 resident id as of `today` → upper-case id with its birth date and gender. Spaces inside are ignored. */
export function parseNationalId(input: string, today: string): Parsed<{ id: string; birthDate: string; gender: Gender }> {
  const s = halfWidth(input).replace(/\s+/g, '').toUpperCase();
  const r = validateNationalId(s, today);
  if (!r.ok) {
    const [zh, en] = NID_REASONS[r.reason];
    return bad(`national_id_${r.reason}`, zh, en);
  }
  return ok({ id: s, birthDate: r.birthDate, gender: r.gender });
}

// --------------------------------------------------------------------------------------------------------------- phones

const EXTENSION = /^(.*?)(?:\s*(?:转|分机|ext\.?|x|#)\s*|-)(\d{1,6})$/i;

/** A mainland mobile: 11 digits 1[3-9]…; spaces, dashes and a +86 / 86 / 0086 prefix are removed. */
export function parseMobile(input: string): Parsed<string> {
  const n = normalisePhone(halfWidth(input));
  if (n === null || !/^1[3-9]\d{9}$/.test(n)) {
    return bad('mobile_format', '手机号码格式错误（11 位，1 开头，第二位 3–9，可带 +86）', 'not a mainland mobile number (11 digits 1[3-9]…, optionally +86)');
  }
  return ok(n);
}

/**
 * A mobile or a landline: area code 0xx / 0xxx, 7–8 digit local number, optional extension written "-123",
 * "转123", "ext 123" or "#123". The number is returned digits-only ("01062345678"); an extension follows a dash
 * ("01062345678-123").
 */
export function parsePhone(input: string): Parsed<{ number: string; kind: 'mobile' | 'landline' }> {
  const s = halfWidth(input).trim();
  const whole = normalisePhone(s);
  if (whole !== null) return ok({ number: whole, kind: /^1/.test(whole) ? 'mobile' : 'landline' });
  const m = EXTENSION.exec(s);
  if (m) {
    const base = normalisePhone(m[1]!);
    if (base !== null && base.startsWith('0')) return ok({ number: `${base}-${m[2]!}`, kind: 'landline' });
  }
  return bad(
    'phone_format',
    '电话号码格式错误（手机 11 位；座机 区号-7/8 位号码，可带分机）',
    'not a mainland phone number (11-digit mobile, or landline area code-7/8 digits with an optional extension)',
  );
}

// --------------------------------------------------------------------------------------------------------------- emails

const EMAIL = /^[A-Za-z0-9.!#$%&'*+/=?^_`{|}~-]+@[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?)+$/;

/** One or more addresses separated by ; , or spaces (either width). The domain is lower-cased. */
export function parseEmails(input: string): Parsed<string[]> {
  const parts = halfWidth(input).split(/[;,\s、]+/).filter((p) => p !== '');
  const out: string[] = [];
  for (const p of parts) {
    if (p.length > 254 || !EMAIL.test(p) || p.startsWith('.') || p.includes('..')) {
      return bad('email_format', `电子邮箱格式错误：${p}`, `not a valid email address: ${p}`);
    }
    const at = p.lastIndexOf('@');
    const e = p.slice(0, at) + p.slice(at).toLowerCase();
    if (!out.includes(e)) out.push(e);
  }
  return ok(out);
}

// ----------------------------------------------------------------------------------------------------------- currencies

/** Active ISO 4217 codes (2024 list, plus the fund codes that carry amounts). */
export const ISO_4217 = new Set(
  (
    'AED AFN ALL AMD ANG AOA ARS AUD AWG AZN BAM BBD BDT BGN BHD BIF BMD BND BOB BOV BRL BSD BTN BWP BYN BZD CAD CDF CHE ' +
    'CHF CHW CLF CLP CNY COP COU CRC CUP CVE CZK DJF DKK DOP DZD EGP ERN ETB EUR FJD FKP GBP GEL GHS GIP GMD GNF GTQ GYD ' +
    'HKD HNL HTG HUF IDR ILS INR IQD IRR ISK JMD JOD JPY KES KGS KHR KMF KPW KRW KWD KYD KZT LAK LBP LKR LRD LSL LYD MAD ' +
    'MDL MGA MKD MMK MNT MOP MRU MUR MVR MWK MXN MXV MYR MZN NAD NGN NIO NOK NPR NZD OMR PAB PEN PGK PHP PKR PLN PYG QAR ' +
    'RON RSD RUB RWF SAR SBD SCR SDG SEK SGD SHP SLE SOS SRD SSP STN SVC SYP SZL THB TJS TMT TND TOP TRY TTD TWD TZS UAH ' +
    'UGX USD USN UYI UYU UYW UZS VED VES VND VUV WST XAF XCD XCG XOF XPF YER ZAR ZMW ZWG'
  ).split(' '),
);

const EXPONENTS: Record<string, number> = {
  BIF: 0, CLP: 0, DJF: 0, GNF: 0, ISK: 0, JPY: 0, KMF: 0, KRW: 0, PYG: 0, RWF: 0, UGX: 0, UYI: 0, VND: 0, VUV: 0, XAF: 0,
  XOF: 0, XPF: 0, BHD: 3, IQD: 3, JOD: 3, KWD: 3, LYD: 3, OMR: 3, TND: 3, CLF: 4, UYW: 4,
};

/** Decimal places of a currency's minor unit (ISO 4217); 2 unless listed. */
export const currencyExponent = (code: string): number => EXPONENTS[code] ?? 2;

const CURRENCY_NAMES: Record<string, string> = {
  人民币: 'CNY', 元: 'CNY', rmb: 'CNY', 美元: 'USD', 港币: 'HKD', 港元: 'HKD', 澳门元: 'MOP', 新台币: 'TWD', 欧元: 'EUR', 日元: 'JPY', 英镑: 'GBP',
};

/** An ISO 4217 code (any case) or a common Chinese name (人民币, 美元, 港币 …) → the upper-case code. */
export function parseCurrency(input: string): Parsed<string> {
  const s = halfWidth(input).trim();
  const named = CURRENCY_NAMES[s.toLowerCase()];
  if (named) return ok(named);
  const code = s.toUpperCase();
  if (!ISO_4217.has(code)) return bad('currency_unknown', `不是 ISO 4217 货币代码（如 CNY）：${s}`, `not an ISO 4217 currency code (e.g. CNY): ${s}`);
  return ok(code);
}
