// Mainland China telephone numbers (MIIT numbering plan).
//   Mobile: 11 digits, 1[3-9]xxxxxxxxx.
//   Landline: trunk prefix 0 + area code + local number of 7 or 8 digits starting 2-9.
//     Area codes are 2 digits after the 0 for Beijing (10) and the 2x cities (Shanghai 21, Guangzhou 20 …),
//     3 digits for everything else (0755, 0571 …), so a digits-only number is never ambiguous.

const MOBILE = /^1[3-9]\d{9}$/;
// Optional single dash between area code and local number.
const LANDLINE = /^0(?:10|2\d|[3-9]\d{2})-?[2-9]\d{6,7}$/;
const SEPARATORS = /[\s().-]/g;

/** Exactly 11 digits in the form 1[3-9]xxxxxxxxx; no spaces or country code (use normalisePhone first). */
export function isChinaMobile(s: string): boolean {
  return MOBILE.test(s);
}

/** 0xx/0xxx area code, optional dash, 7–8 digit local number, e.g. 010-12345678, 0755-2345678, 02112345678. */
export function isChinaLandline(s: string): boolean {
  return LANDLINE.test(s);
}

/**
 * The canonical digits-only form of a mainland number, or null when the input is neither a mobile nor a
 * landline. Strips spaces, dots, dashes and parentheses and a +86 / 0086 / 86 country code; a landline given
 * internationally (+86 10 1234 5678) gets its trunk 0 back. The result matches PII lookup normalisation.
 */
export function normalisePhone(s: string): string | null {
  let d = s.trim().replace(SEPARATORS, '');
  if (d.startsWith('+')) {
    if (!d.startsWith('+86')) return null;
    d = d.slice(3);
  } else if (d.startsWith('0086')) {
    d = d.slice(4);
  } else if (d.startsWith('86') && d.length === 13 && MOBILE.test(d.slice(2))) {
    d = d.slice(2);
  } else if (/^\d+$/.test(d) && (MOBILE.test(d) || LANDLINE.test(d))) {
    return d;
  } else {
    return null;
  }
  // After a country code: a mobile as is, or a landline without its trunk 0.
  if (MOBILE.test(d) || LANDLINE.test(d)) return d;
  if (/^[1-9]/.test(d) && LANDLINE.test('0' + d)) return '0' + d;
  return null;
}

export type PhoneKind = 'mobile' | 'landline';

/** Which kind of mainland number `s` is after normalisation, or null. */
export function phoneKind(s: string): PhoneKind | null {
  const n = normalisePhone(s);
  if (n === null) return null;
  return MOBILE.test(n) ? 'mobile' : 'landline';
}
