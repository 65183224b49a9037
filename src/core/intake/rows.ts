// Row validation: the cells of one row (as the reader hands them out) and a mapping → a record, or every problem
// of the row, each naming its column and the reason in zh-CN and en.

import { enumGroupOf, enumLabels, enumSynonyms, fieldsOf, roleOfRelationship } from './fields.js';
import { normaliseHeader } from './mapping.js';
import type { ContactRole, FieldDef, ImportKind, IntakeAddressKind, Localized, Mapping, PaymentRecord, PlacementRecord, RowError, RowOptions, RowResult } from './types.js';
import {
  currencyExponent, parseAmount, parseCurrency, parseDate as parseDateValue, parseEmails, parseMobile, parseNationalId, parsePhone, parseRate, parseWholeNumber, type Parsed,
} from './values.js';

/** Longest cell accepted for any field (characters). */
export const MAX_CELL_CHARS = 10_000;

/** Tighter limits for some fields (characters). */
const MAX_CHARS: Record<string, number> = {
  debtorExternalId: 64,
  externalLoanId: 64,
  externalId: 64,
  reversalOf: 64,
  fullName: 100,
  contact1Name: 100,
  contact2Name: 100,
  contact3Name: 100,
  contact1Relationship: 40,
  contact2Relationship: 40,
  contact3Relationship: 40,
  product: 200,
  channel: 40,
};

const TERM_MAX = 360;

function resolveOptions(options: RowOptions): { today: string; defaultCurrency: string } {
  const today = options.today;
  const parsed = parseDateValue(today);
  if (!parsed.ok || parsed.value !== today) throw new RangeError(`options.today must be a real YYYY-MM-DD date, got ${today}`);
  const cur = parseCurrency(options.defaultCurrency ?? 'CNY');
  if (!cur.ok) throw new RangeError(`options.defaultCurrency must be an ISO 4217 code, got ${options.defaultCurrency}`);
  return { today, defaultCurrency: cur.value };
}

const enumLookups = new Map<string, Map<string, string>>();

/** Normalised value or synonym → canonical value, per enum group (built once). */
function enumLookup(group: string, values: readonly string[]): Map<string, string> {
  let m = enumLookups.get(group);
  if (m) return m;
  m = new Map();
  for (const v of values) for (const s of [v, ...(enumSynonyms[group]?.[v] ?? [])]) m.set(normaliseHeader(s), v);
  enumLookups.set(group, m);
  return m;
}

const fieldMaps = new Map<ImportKind, Map<string, FieldDef>>();
const fieldMapOf = (kind: ImportKind): Map<string, FieldDef> => {
  let m = fieldMaps.get(kind);
  if (!m) fieldMaps.set(kind, (m = new Map(fieldsOf(kind).map((f) => [f.key, f]))));
  return m;
};

/** Reads one row's cells through the mapping and collects errors. */
class Row {
  readonly errors: RowError[] = [];
  private readonly failed = new Set<string>();
  private readonly fields: Map<string, FieldDef>;
  /** The trimmed cell of each field ('' when unmapped or past the row's end). */
  private readonly values = new Map<string, string>();

  constructor(
    kind: ImportKind,
    private readonly header: readonly string[],
    cells: readonly string[],
    private readonly mapping: Mapping,
  ) {
    this.fields = fieldMapOf(kind);
    // First pass: sizes and required fields, for every field.
    for (const f of this.fields.values()) {
      const i = mapping[f.key];
      const raw = i === undefined ? '' : (cells[i] ?? '');
      const trimmed = raw.trim();
      this.values.set(f.key, trimmed);
      const max = MAX_CHARS[f.key] ?? MAX_CELL_CHARS;
      if (raw.length > MAX_CELL_CHARS || trimmed.length > max) {
        this.fail(f.key, 'too_long', { 'zh-CN': `超过 ${max} 个字符`, en: `longer than ${max} characters` });
      } else if (f.required && trimmed === '') {
        this.fail(f.key, 'required', { 'zh-CN': '必填项为空', en: 'is required' });
      }
    }
  }

  def(key: string): FieldDef {
    const f = this.fields.get(key);
    if (!f) throw new Error(`intake: no field ${key}`);
    return f;
  }

  column(key: string): string {
    const i = this.mapping[key];
    if (i !== undefined && i >= 0 && i < this.header.length) return this.header[i]!;
    return this.def(key).label['zh-CN'];
  }

  label(key: string): Localized {
    return this.def(key).label;
  }

  private value(key: string): string {
    return this.values.get(key) ?? '';
  }

  fail(key: string, code: string, message: Localized): void {
    this.failed.add(key);
    this.errors.push({ field: key, column: this.column(key), code, message });
  }

  /** Trimmed text, or null when empty or already refused. */
  text(key: string): string | null {
    if (this.failed.has(key)) return null;
    const t = this.value(key);
    return t === '' ? null : t;
  }

  isFilled(key: string): boolean {
    return this.value(key) !== '';
  }

  parse<T>(key: string, parser: (s: string) => Parsed<T>): T | null {
    const t = this.text(key);
    if (t === null) return null;
    const r = parser(t);
    if (r.ok) return r.value;
    this.fail(key, r.code, r.message);
    return null;
  }

  enumValue<T extends string>(key: string): T | null {
    const t = this.text(key);
    if (t === null) return null;
    const f = this.def(key);
    const group = enumGroupOf(key);
    const v = enumLookup(group, f.values ?? []).get(normaliseHeader(t));
    if (v !== undefined) return v as T;
    const names = (f.values ?? []).map((v) => enumLabels[group]?.[v] ?? { 'zh-CN': v, en: v });
    this.fail(key, f.type === 'address_kind' ? 'address_kind' : 'enum_value', {
      'zh-CN': `取值应为：${names.map((l) => l['zh-CN']).join('、')}`,
      en: `must be one of: ${names.map((l) => l.en).join(', ')}`,
    });
    return null;
  }

  /** Must-not-be-after-today check for a parsed date. */
  notFuture(key: string, date: string | null, today: string): string | null {
    if (date !== null && date > today) {
      this.fail(key, 'date_future', { 'zh-CN': `不能晚于今天（${today}）`, en: `must not be after today (${today})` });
      return null;
    }
    return date;
  }

  notBefore(key: string, date: string | null, otherKey: string, other: string | null): void {
    if (date !== null && other !== null && date < other) {
      const l = this.label(otherKey);
      this.fail(key, 'date_before', { 'zh-CN': `不能早于${l['zh-CN']}（${other}）`, en: `must not be before ${l.en} (${other})` });
    }
  }
}

/** A required value that is present once the row has no errors. */
function must<T>(v: T | null): T {
  if (v === null) throw new Error('intake: required value missing in an error-free row');
  return v;
}

export function validatePlacementRow(
  header: readonly string[],
  cells: readonly string[],
  mapping: Mapping,
  options: RowOptions,
): RowResult<PlacementRecord> {
  const { today, defaultCurrency } = resolveOptions(options);
  const r = new Row('placements', header, cells, mapping);

  // Account currency first: amounts are read in its minor unit.
  const currency = r.parse('currency', parseCurrency) ?? defaultCurrency;
  const exp = currencyExponent(currency);
  const amount = (s: string): Parsed<number> => parseAmount(s, exp);

  // Debtor.
  const externalId = r.text('debtorExternalId');
  const fullName = r.text('fullName');
  const nid = r.parse('nationalId', (s) => parseNationalId(s, today));
  let gender = r.enumValue<'male' | 'female'>('gender');
  let birthDate = r.notFuture('birthDate', r.parse('birthDate', parseDateValue), today);
  if (nid) {
    if (gender === null && !r.isFilled('gender')) gender = nid.gender;
    else if (gender !== null && gender !== nid.gender) {
      const l = enumLabels.gender![nid.gender]!;
      r.fail('gender', 'gender_mismatch', { 'zh-CN': `与身份证号不符（身份证号为${l['zh-CN']}性）`, en: `does not match the national ID number (${l.en})` });
    }
    if (birthDate === null && !r.isFilled('birthDate')) birthDate = nid.birthDate;
    else if (birthDate !== null && birthDate !== nid.birthDate) {
      r.fail('birthDate', 'birth_date_mismatch', {
        'zh-CN': `与身份证号中的出生日期（${nid.birthDate}）不符`,
        en: `does not match the birth date in the national ID number (${nid.birthDate})`,
      });
    }
  }
  const employer = r.text('employer');
  const occupation = r.text('occupation');
  const monthlyIncomeMinor = r.parse('monthlyIncome', amount);
  const preferredLanguage = r.enumValue<string>('preferredLanguage');

  // Phones: phone1 is a mobile, phone2/3 mobile or landline; a number given twice is kept once.
  const phones: PlacementRecord['phones'] = [];
  const mobile = r.parse('phone1', parseMobile);
  if (mobile !== null) phones.push({ number: mobile, kind: 'mobile' });
  for (const key of ['phone2', 'phone3']) {
    const p = r.parse(key, parsePhone);
    if (p && !phones.some((q) => q.number === p.number)) phones.push(p);
  }
  const emails = r.parse('email', parseEmails) ?? [];

  // Addresses: one (region, detail) pair per kind, then a generic (kind, region, detail) triple.
  const addresses: PlacementRecord['addresses'] = [];
  const pairs: Array<[string, IntakeAddressKind]> = [
    ['residence', 'residence'],
    ['household', 'household_registration'],
    ['work', 'work'],
    ['other', 'other'],
  ];
  const addAddress = (kind: IntakeAddressKind | null, regionKey: string, detailKey: string, extraFilled: boolean): void => {
    const region = r.text(regionKey);
    const detail = r.text(detailKey);
    if (detail === null) {
      if ((r.isFilled(regionKey) || extraFilled) && r.isFilled(detailKey) === false) {
        r.fail(detailKey, 'address_detail_required', { 'zh-CN': '填写了地址信息但缺少详细地址', en: 'the street address is missing while other address columns are filled' });
      }
      return;
    }
    if (kind !== null) addresses.push({ kind, region: region ?? '', detail });
  };
  for (const [prefix, kind] of pairs) addAddress(kind, `${prefix}Region`, `${prefix}Address`, false);
  const kindFilled = r.isFilled('addressKind');
  const genericKind = r.enumValue<IntakeAddressKind>('addressKind');
  addAddress(kindFilled ? genericKind : 'other', 'addressRegion', 'address', kindFilled);

  // Contacts.
  const contacts: PlacementRecord['contacts'] = [];
  for (const n of [1, 2, 3]) {
    const keys = { name: `contact${n}Name`, rel: `contact${n}Relationship`, phone: `contact${n}Phone`, role: `contact${n}Role` };
    const any = Object.values(keys).some((k) => r.isFilled(k));
    const name = r.text(keys.name);
    const relationship = r.text(keys.rel);
    const phone = r.parse(keys.phone, parsePhone);
    const role = r.enumValue<ContactRole>(keys.role);
    if (!any) continue;
    if (!r.isFilled(keys.name)) r.fail(keys.name, 'contact_name_required', { 'zh-CN': `填写了联系人${n}的信息但缺少姓名`, en: `contact ${n} has details but no name` });
    if (!r.isFilled(keys.rel)) r.fail(keys.rel, 'contact_relationship_required', { 'zh-CN': `联系人${n}缺少与本人关系`, en: `contact ${n} has no relationship` });
    if (name !== null && relationship !== null) {
      contacts.push({ name, relationship, role: role ?? roleOfRelationship(relationship), phone: phone?.number ?? null });
    }
  }

  // Account.
  const externalLoanId = r.text('externalLoanId');
  const product = r.text('product');
  const principalMinor = r.parse('principal', amount);
  if (principalMinor === 0) r.fail('principal', 'amount_zero', { 'zh-CN': '借款金额必须大于 0', en: 'principal must be greater than 0' });
  const aprBp = r.parse('apr', parseRate);
  const feesMinor = r.parse('fees', amount) ?? 0;
  const originationDate = r.notFuture('originationDate', r.parse('originationDate', parseDateValue), today);
  const termMonths = r.parse('termMonths', (s) => parseWholeNumber(s, 1, TERM_MAX));
  const lenderType = r.enumValue<'licensed' | 'private'>('lenderType');
  const outstandingPrincipalMinor = r.parse('outstandingPrincipal', amount);
  const outstandingInterestMinor = r.parse('outstandingInterest', amount) ?? 0;
  const outstandingPenaltyMinor = r.parse('outstandingPenalty', amount) ?? 0;
  const outstandingFeesMinor = r.parse('outstandingFees', amount) ?? 0;
  const firstDueDate = r.parse('firstDueDate', parseDateValue);
  r.notBefore('firstDueDate', firstDueDate, 'originationDate', originationDate);
  const overdueSince = r.notFuture('overdueSince', r.parse('overdueSince', parseDateValue), today);
  r.notBefore('overdueSince', overdueSince, 'originationDate', originationDate);
  const balanceDate = r.notFuture('balanceDate', r.parse('balanceDate', parseDateValue), today);
  r.notBefore('balanceDate', balanceDate, 'originationDate', originationDate);
  if (birthDate !== null && originationDate !== null && originationDate < birthDate) {
    r.fail('originationDate', 'date_before', { 'zh-CN': `不能早于出生日期（${birthDate}）`, en: `must not be before the date of birth (${birthDate})` });
  }

  if (r.errors.length > 0) return { ok: false, errors: r.errors };
  return {
    ok: true,
    record: {
      debtor: {
        externalId: must(externalId),
        fullName: must(fullName),
        nationalId: nid?.id ?? null,
        gender,
        birthDate,
        employer,
        occupation,
        monthlyIncomeMinor,
        preferredLanguage,
      },
      phones,
      emails,
      addresses,
      contacts,
      account: {
        externalLoanId: must(externalLoanId),
        product: must(product),
        currency,
        principalMinor: must(principalMinor),
        aprBp: must(aprBp),
        feesMinor,
        originationDate: must(originationDate),
        termMonths: must(termMonths),
        lenderType: must(lenderType),
        outstandingPrincipalMinor: must(outstandingPrincipalMinor),
        outstandingInterestMinor,
        outstandingPenaltyMinor,
        outstandingFeesMinor,
        firstDueDate,
        overdueSince,
        balanceDate,
      },
    },
  };
}

const CHANNELS: Record<string, readonly string[]> = {
  auto_debit: ['代扣', '自动扣款', '自动代扣', '银行代扣', 'auto debit', 'autodebit', 'direct debit'],
  bank_transfer: ['银行转账', '转账', '对公转账', '银行汇款', '汇款', 'bank transfer', 'transfer', 'wire'],
  online: ['线上', '在线', '在线支付', '网上支付', 'app', '支付宝', '微信', '微信支付'],
  counter: ['柜台', '柜面', '网点'],
  cash: ['现金'],
  other: ['其他'],
};

/** Known channel names become the ledger's codes (auto_debit …); other text is kept as given. */
const channelLookup = new Map(Object.entries(CHANNELS).flatMap(([code, names]) => [code, ...names].map((n) => [normaliseHeader(n), code] as const)));

function normaliseChannel(s: string): string {
  return channelLookup.get(normaliseHeader(s)) ?? s;
}

export function validatePaymentRow(
  header: readonly string[],
  cells: readonly string[],
  mapping: Mapping,
  options: RowOptions,
): RowResult<PaymentRecord> {
  const { today, defaultCurrency } = resolveOptions(options);
  const r = new Row('payments', header, cells, mapping);
  const currency = r.parse('currency', parseCurrency) ?? defaultCurrency;
  const externalId = r.text('externalId');
  const externalLoanId = r.text('externalLoanId');
  const amountMinor = r.parse('amount', (s) => parseAmount(s, currencyExponent(currency)));
  if (amountMinor === 0) r.fail('amount', 'amount_zero', { 'zh-CN': '还款金额必须大于 0', en: 'amount must be greater than 0' });
  const paidOn = r.notFuture('paidOn', r.parse('paidOn', parseDateValue), today);
  const channel = r.text('channel');
  const reversalOf = r.text('reversalOf');
  if (reversalOf !== null && reversalOf === externalId) {
    r.fail('reversalOf', 'reversal_self', { 'zh-CN': '不能冲正本笔流水', en: 'a payment cannot reverse itself' });
  }
  if (r.errors.length > 0) return { ok: false, errors: r.errors };
  return {
    ok: true,
    record: {
      externalId: must(externalId),
      externalLoanId: must(externalLoanId),
      amountMinor: must(amountMinor),
      currency,
      paidOn: must(paidOn),
      channel: normaliseChannel(must(channel)),
      reversalOf,
    },
  };
}

/**
 * Duplicates inside one file: the external loan id of a placement, the external id of a payment. Keeps a Set of
 * the ids seen (about 100 bytes an id: ~100 MB for 1M rows at worst, usually far less). Feed it only rows that
 * validated; the first occurrence is accepted and each later one gets a `duplicate` error.
 */
export class DuplicateTracker {
  private readonly seen = new Set<string>();
  private readonly field: string;
  private readonly column: string;

  /** `header` and `mapping` are optional; with them the error names the file's column instead of the label. */
  constructor(
    private readonly kind: ImportKind,
    header?: readonly string[],
    mapping?: Mapping,
  ) {
    this.field = kind === 'placements' ? 'externalLoanId' : 'externalId';
    const f = fieldsOf(kind).find((d) => d.key === this.field)!;
    const i = mapping?.[this.field];
    this.column = header && i !== undefined && header[i] !== undefined ? header[i] : f.label['zh-CN'];
  }

  check(record: PlacementRecord | PaymentRecord): RowError | null {
    const id = 'account' in record ? record.account.externalLoanId : record.externalId;
    if (!this.seen.has(id)) {
      this.seen.add(id);
      return null;
    }
    const what: Localized = this.kind === 'placements' ? { 'zh-CN': '借款编号', en: 'loan ID' } : { 'zh-CN': '还款流水号', en: 'payment ID' };
    return {
      field: this.field,
      column: this.column,
      code: 'duplicate',
      message: { 'zh-CN': `${what['zh-CN']}「${id}」在本文件中重复出现`, en: `${what.en} "${id}" appears more than once in this file` },
    };
  }

  get size(): number {
    return this.seen.size;
  }
}

// Field key + zh-CN label → its labels, to show an unmapped field's column in the reader's language.
const labelsByField = new Map<string, Localized>();
for (const kind of ['placements', 'payments'] as const) for (const f of fieldsOf(kind)) labelsByField.set(`${f.key}\u0000${f.label['zh-CN']}`, f.label);

/**
 * The reason text of a rejected row: `列「身份证号」：身份证号校验位错误; 列「借款金额」：…` (zh-CN) or
 * `Column "National ID number": …; …` (en). A column that is a field's zh-CN label (unmapped field) is shown
 * with the label of `locale`.
 */
export function rowErrorText(errors: readonly RowError[], locale: 'zh-CN' | 'en'): string {
  return errors
    .map((e) => {
      const column = labelsByField.get(`${e.field}\u0000${e.column}`)?.[locale] ?? e.column;
      const message = e.message[locale];
      if (column === '') return message;
      return locale === 'zh-CN' ? `列「${column}」：${message}` : `Column "${column}": ${message}`;
    })
    .join('; ');
}
