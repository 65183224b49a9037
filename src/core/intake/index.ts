// Portfolio intake core (issue "Portfolio intake"): field definitions of placement and payment files, header
// mapping, row validation into records, in-file duplicate tracking, CSV templates and rejected-row reasons.
// Pure: no I/O. The only clock use is the default of `options.today` (China's date) when the caller omits it.
//
//   autoMapping(header, kind) → mapping proposal;  validateMapping(header, mapping, kind) → RowError[]
//   validatePlacementRow / validatePaymentRow(header, cells, mapping, { today, defaultCurrency }) → record | errors
//   new DuplicateTracker(kind).check(record) → duplicate error or null
//   templateCsv(kind, locale);  rowErrorText(errors, locale)
//
// Value rules (values.ts): dates YYYY-MM-DD, YYYY/M/D, YYYYMMDD, YYYY年M月D日 → YYYY-MM-DD; amounts to integer minor
// units by exact decimal arithmetic; APR with "%" is a percentage, without it ≤ 1 is a fraction and > 1 a
// percentage, to whole basis points; phones via core/person; currencies ISO 4217 (default CNY).
export type {
  ContactRole, FieldDef, FieldType, Gender, ImportKind, IntakeAddressKind, IntakeLocale, Localized, Mapping, PaymentRecord, PlacementRecord,
  RowError, RowOptions, RowResult,
} from './types.js';
export { importKinds } from './types.js';
export { contactRoles, enumLabels, enumSynonyms, fieldsOf, genders, languages, lenderTypeValues, paymentFields, placementFields, roleOfRelationship } from './fields.js';
export { autoMapping, fieldForHeader, normaliseHeader, validateMapping } from './mapping.js';
export { DuplicateTracker, MAX_CELL_CHARS, rowErrorText, validatePaymentRow, validatePlacementRow } from './rows.js';
export { csvCell, templateCsv } from './template.js';
export {
  ISO_4217, MAX_APR_BP, currencyExponent, parseAmount, parseCurrency, parseDate, parseEmails, parseMobile, parseNationalId, parsePhone, parseRate,
  parseWholeNumber, type Parsed,
} from './values.js';
