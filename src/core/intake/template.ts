// Downloadable CSV templates: every field's label (required ones marked "*") and two example rows of made-up
// data that pass validation. The text starts with a UTF-8 BOM so Excel opens it as UTF-8; lines end in CRLF.

import { makeNationalId } from '../person/index.js';
import { fieldsOf } from './fields.js';
import type { ImportKind, IntakeLocale, Localized } from './types.js';

type Example = Record<string, string | Localized>;
const both = (zh: string, en: string): Localized => ({ 'zh-CN': zh, en });

// Fictitious people: the ids are checksum-valid but made up; the phone numbers are in reserved-looking ranges.
const placementExamples: readonly Example[] = [
  {
    debtorExternalId: 'C0001',
    fullName: '张三',
    nationalId: makeNationalId('110105', '1985-03-12', 123),
    gender: both('男', 'male'),
    birthDate: '1985-03-12',
    phone1: '13800000001',
    phone2: '010-62345678',
    email: 'zhangsan@example.com',
    employer: '示例科技有限公司',
    occupation: '工程师',
    monthlyIncome: '15,000.00',
    preferredLanguage: both('中文', 'zh-CN'),
    residenceRegion: '北京市朝阳区',
    residenceAddress: '示例路1号1单元101室',
    householdRegion: '北京市海淀区',
    householdAddress: '示例街2号',
    contact1Name: '李梅',
    contact1Relationship: both('配偶', 'spouse'),
    contact1Phone: '13900000002',
    contact2Name: '张建国',
    contact2Relationship: both('父亲', 'father'),
    contact2Phone: '13700000003',
    externalLoanId: 'L20230001',
    product: '示例消费贷',
    currency: 'CNY',
    principal: '50,000.00',
    apr: '18%',
    fees: '0',
    originationDate: '2023-01-15',
    termMonths: '12',
    lenderType: both('持牌', 'licensed'),
    outstandingPrincipal: '30,000.00',
    outstandingInterest: '1,250.50',
    outstandingPenalty: '320.00',
    outstandingFees: '50.00',
    firstDueDate: '2023-02-15',
    overdueSince: '2023-08-16',
  },
  {
    debtorExternalId: 'C0002',
    fullName: '李四',
    nationalId: makeNationalId('310104', '1990-07-08', 246),
    phone1: '+86 139 0000 0004',
    email: 'lisi@example.com',
    addressKind: both('单位', 'work'),
    addressRegion: '上海市浦东新区',
    address: '示例大道100号',
    contact1Name: '王芳',
    contact1Relationship: both('朋友', 'friend'),
    contact1Phone: '021-61234567',
    externalLoanId: 'L20230002',
    product: '示例现金贷',
    principal: '8000',
    apr: '0.24',
    originationDate: '2023-03-01',
    termMonths: '6',
    lenderType: both('非持牌', 'private'),
    outstandingPrincipal: '8000',
    outstandingInterest: '480.00',
    firstDueDate: '2023-04-01',
    overdueSince: '2023-04-02',
  },
];

const paymentExamples: readonly Example[] = [
  { externalId: 'P0001', externalLoanId: 'L20230001', amount: '1,000.00', currency: 'CNY', paidOn: '2023-09-01', channel: both('银行转账', 'bank_transfer') },
  { externalId: 'P0002', externalLoanId: 'L20230001', amount: '1,000.00', currency: 'CNY', paidOn: '2023-09-05', channel: both('银行转账', 'bank_transfer'), reversalOf: 'P0001' },
];

/** Quote a CSV cell when it holds a comma, a quote, a line break or edge spaces (RFC 4180). */
export function csvCell(s: string): string {
  return /[",\r\n]|^\s|\s$/.test(s) ? `"${s.replaceAll('"', '""')}"` : s;
}

/** The template text for `kind` in `locale`: BOM, header row, two example rows, CRLF line ends. */
export function templateCsv(kind: ImportKind, locale: IntakeLocale): string {
  const fields = fieldsOf(kind);
  const examples = kind === 'placements' ? placementExamples : paymentExamples;
  const header = fields.map((f) => f.label[locale] + (f.required ? '*' : ''));
  const rows = examples.map((ex) =>
    fields.map((f) => {
      const v = ex[f.key];
      return v === undefined ? '' : typeof v === 'string' ? v : v[locale];
    }),
  );
  return '\uFEFF' + [header, ...rows].map((r) => r.map(csvCell).join(',')).join('\r\n') + '\r\n';
}
