// Person data rules: resident identity numbers (GB 11643-1999) and mainland phone numbers.
export {
  MIN_BIRTH_YEAR,
  genderOfSequence,
  isRealDate,
  makeNationalId,
  nationalIdCheckDigit,
  validateNationalId,
  type Gender,
  type NationalIdInvalidReason,
  type NationalIdResult,
} from './national-id.js';
export { isChinaLandline, isChinaMobile, normalisePhone, phoneKind, type PhoneKind } from './phone.js';
