// Resident identity card number (公民身份号码), GB 11643-1999: 18 characters =
//   6-digit address code (GB/T 2260 region of household registration at issue)
//   8-digit birth date YYYYMMDD
//   3-digit sequence code (顺序码; odd = male, even = female)
//   1 check character, ISO 7064 MOD 11-2 over the first 17 digits.
// Pure: no clock. Whether a birth date lies in the future is judged against the caller's `asOf` date.

export type Gender = 'male' | 'female';

export type NationalIdInvalidReason = 'length' | 'format' | 'birth_date' | 'checksum';

export type NationalIdResult =
  | { ok: true; birthDate: string; gender: Gender; regionCode: string }
  | { ok: false; reason: NationalIdInvalidReason };

// GB 11643-1999 §8.2: weight Wi = 2^(18-i) mod 11 for i = 1..17.
const WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2] as const;
// Check character for (Σ ai·Wi) mod 11 = 0..10.
const CHECK_CHARS = ['1', '0', 'X', '9', '8', '7', '6', '5', '4', '3', '2'] as const;

/** Earliest birth year accepted; the 18-digit number was introduced in 1999 for living residents. */
export const MIN_BIRTH_YEAR = 1900;

const FIRST17 = /^\d{17}$/;
const FULL = /^[1-9]\d{16}[\dX]$/;
const YMD = /^(\d{4})-(\d{2})-(\d{2})$/;

/** The check character for 17 digits. Throws RangeError when `first17` is not exactly 17 ASCII digits. */
export function nationalIdCheckDigit(first17: string): string {
  if (!FIRST17.test(first17)) throw new RangeError('nationalIdCheckDigit expects exactly 17 digits');
  let sum = 0;
  for (let i = 0; i < 17; i++) sum += (first17.charCodeAt(i) - 48) * WEIGHTS[i]!;
  return CHECK_CHARS[sum % 11]!;
}

/** True when y-m-d is a real Gregorian calendar date. */
export function isRealDate(y: number, m: number, d: number): boolean {
  if (!Number.isInteger(y) || !Number.isInteger(m) || !Number.isInteger(d)) return false;
  if (m < 1 || m > 12 || d < 1) return false;
  const leap = (y % 4 === 0 && y % 100 !== 0) || y % 400 === 0;
  const days = [31, leap ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][m - 1]!;
  return d <= days;
}

function parseYmd(s: string): { y: number; m: number; d: number } | null {
  const m = YMD.exec(s);
  if (!m) return null;
  const v = { y: Number(m[1]), m: Number(m[2]), d: Number(m[3]) };
  return isRealDate(v.y, v.m, v.d) ? v : null;
}

/**
 * Validate an 18-character resident id as of a calendar date (`YYYY-MM-DD`, the caller's "today").
 * A lower-case trailing `x` is accepted. Reasons are checked in order: length, format, birth_date, checksum.
 * Throws RangeError when `asOf` itself is not a real `YYYY-MM-DD` date (a programming error, not bad input).
 */
export function validateNationalId(s: string, asOf: string): NationalIdResult {
  if (!parseYmd(asOf)) throw new RangeError(`asOf must be a real YYYY-MM-DD date, got ${asOf}`);
  if (s.length !== 18) return { ok: false, reason: 'length' };
  const id = s.toUpperCase();
  if (!FULL.test(id)) return { ok: false, reason: 'format' };
  const y = Number(id.slice(6, 10));
  const m = Number(id.slice(10, 12));
  const d = Number(id.slice(12, 14));
  const birthDate = `${id.slice(6, 10)}-${id.slice(10, 12)}-${id.slice(12, 14)}`;
  if (y < MIN_BIRTH_YEAR || !isRealDate(y, m, d) || birthDate > asOf) return { ok: false, reason: 'birth_date' };
  if (nationalIdCheckDigit(id.slice(0, 17)) !== id[17]) return { ok: false, reason: 'checksum' };
  const gender: Gender = Number(id[16]) % 2 === 1 ? 'male' : 'female';
  return { ok: true, birthDate, gender, regionCode: id.slice(0, 6) };
}

/**
 * Build a checksum-valid id from its parts. `sequence` is the 3-digit order code 0..999
 * (odd = male, even = female). Throws RangeError on a malformed region code, an unreal date,
 * a birth year before MIN_BIRTH_YEAR or a sequence out of range.
 */
export function makeNationalId(regionCode6: string, birthDate: string, sequence: number | string): string {
  if (!/^[1-9]\d{5}$/.test(regionCode6)) throw new RangeError('regionCode6 must be 6 digits not starting with 0');
  const date = parseYmd(birthDate);
  if (!date || date.y < MIN_BIRTH_YEAR || date.y > 9999) throw new RangeError(`birthDate must be a real YYYY-MM-DD date, got ${birthDate}`);
  const seq = typeof sequence === 'string' ? (/^\d{1,3}$/.test(sequence) ? Number(sequence) : NaN) : sequence;
  if (!Number.isInteger(seq) || seq < 0 || seq > 999) throw new RangeError('sequence must be an integer 0..999');
  const first17 = regionCode6 + birthDate.replaceAll('-', '') + String(seq).padStart(3, '0');
  return first17 + nationalIdCheckDigit(first17);
}

/** Gender encoded by a sequence code: odd = male, even = female (GB 11643-1999 §6.3). */
export function genderOfSequence(sequence: number): Gender {
  return sequence % 2 === 1 ? 'male' : 'female';
}
