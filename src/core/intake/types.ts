// Shapes shared by the intake core (issue "Portfolio intake"): field definitions, row errors and the records a valid
// row becomes. The server import job (src/server/modules/intake) is written against these names.

export type ImportKind = 'placements' | 'payments';
export const importKinds = ['placements', 'payments'] as const satisfies readonly ImportKind[];

export type Localized = { 'zh-CN': string; en: string };
export type IntakeLocale = keyof Localized;

export type FieldType =
  | 'text'
  | 'date'
  | 'amount'
  | 'rate'
  | 'int'
  | 'national_id'
  | 'mobile'
  | 'phone'
  | 'email'
  | 'address_kind'
  | 'currency'
  | 'enum';

export interface FieldDef {
  key: string;
  kind: ImportKind;
  required: boolean;
  type: FieldType;
  /** Canonical values of an `enum` / `address_kind` field (what the record holds). */
  values?: readonly string[];
  label: Localized;
  /** Other header texts that map to this field (zh and en); matched like labels. */
  aliases: readonly string[];
  help?: Localized;
}

/** Field key → 0-based column index in the header. */
export type Mapping = Record<string, number>;

export interface RowError {
  /** Field key; '' when the error is not about one field. */
  field: string;
  /** The header text of the column, or the field's zh-CN label when the field is not mapped. */
  column: string;
  code: string;
  message: Localized;
}

export type Gender = 'male' | 'female';
export type ContactRole = 'spouse' | 'emergency_contact' | 'guarantor' | 'third_party';
export type IntakeAddressKind = 'residence' | 'household_registration' | 'work' | 'other';

export interface PlacementRecord {
  debtor: {
    externalId: string;
    fullName: string;
    nationalId: string | null;
    gender: Gender | null;
    birthDate: string | null;
    employer: string | null;
    occupation: string | null;
    monthlyIncomeMinor: number | null;
    preferredLanguage: string | null;
  };
  phones: Array<{ number: string; kind: 'mobile' | 'landline' }>;
  emails: string[];
  addresses: Array<{ kind: IntakeAddressKind; region: string; detail: string }>;
  contacts: Array<{ name: string; relationship: string; role: ContactRole; phone: string | null }>;
  account: {
    externalLoanId: string;
    product: string;
    currency: string;
    principalMinor: number;
    aprBp: number;
    feesMinor: number;
    originationDate: string;
    termMonths: number;
    lenderType: 'licensed' | 'private';
    outstandingPrincipalMinor: number;
    outstandingInterestMinor: number;
    outstandingPenaltyMinor: number;
    outstandingFeesMinor: number;
    firstDueDate: string | null;
    overdueSince: string | null;
    /** The day the outstanding amounts describe (null: the import day). */
    balanceDate: string | null;
  };
}

export interface PaymentRecord {
  externalId: string;
  externalLoanId: string;
  amountMinor: number;
  currency: string;
  paidOn: string;
  channel: string;
  reversalOf: string | null;
}

export type RowResult<T> = { ok: true; record: T } | { ok: false; errors: RowError[] };

export interface RowOptions {
  /** ISO 4217 code used when the row has no currency cell (default CNY). */
  defaultCurrency?: string;
  /** The import's calendar date, YYYY-MM-DD (the caller reads the clock: src/core does not). */
  today: string;
}
