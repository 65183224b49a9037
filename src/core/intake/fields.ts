// The columns of an import file. A placement row is one loan; the debtor's columns repeat on each of a debtor's
// loans. Labels are what the template writes; aliases are other header texts creditors commonly use. Header
// matching (mapping.ts) ignores case, spaces, full/half width and a trailing "*".

import { addressKinds } from '../../contracts/constants.js';
import type { FieldDef, FieldType, ImportKind, Localized } from './types.js';

type Opts = { values?: readonly string[]; help?: Localized };

function def(kind: ImportKind, key: string, type: FieldType, required: boolean, zh: string, en: string, aliases: readonly string[], opts: Opts = {}): FieldDef {
  return { key, kind, required, type, label: { 'zh-CN': zh, en }, aliases, ...opts };
}

const DATE_HELP: Localized = { 'zh-CN': '格式：YYYY-MM-DD、YYYY/M/D、YYYYMMDD 或 YYYY年M月D日', en: 'YYYY-MM-DD, YYYY/M/D, YYYYMMDD or YYYY年M月D日' };
const AMOUNT_HELP: Localized = {
  'zh-CN': '非负金额，最多 2 位小数；可带千分位逗号、¥ 或「元」',
  en: 'non-negative amount, at most 2 decimals; thousands separators, ¥ or 元 are allowed',
};
const PHONE_HELP: Localized = {
  'zh-CN': '手机 11 位（可带 +86）或座机 区号-号码[-分机]',
  en: 'an 11-digit mobile (optionally +86) or a landline area code-number[-extension]',
};

export const genders = ['male', 'female'] as const;
export const lenderTypeValues = ['licensed', 'private'] as const;
export const languages = ['zh-CN', 'en'] as const;
export const contactRoles = ['spouse', 'emergency_contact', 'guarantor', 'third_party'] as const;

const P = 'placements' as const;
const Q = 'payments' as const;

const LOAN_ID_ALIASES = ['借据号', '借据编号', '贷款编号', '合同编号', '合同号', '借款合同编号', '借款合同号', 'loan no', 'loan number', 'contract no', 'contract number'];

function addressPair(kind: string, zh: string, en: string, regionAliases: string[], detailAliases: string[]): FieldDef[] {
  return [
    def(P, `${kind}Region`, 'text', false, `${zh}所在地区`, `${en} region`, [`${zh}地区`, ...regionAliases], {
      help: { 'zh-CN': '省/市/区，可选', en: 'province / city / district, optional' },
    }),
    def(P, `${kind}Address`, 'text', false, zh, `${en} address`, detailAliases, {
      help: { 'zh-CN': '详细地址；填写了地区时必填', en: 'street address; required when the region is given' },
    }),
  ];
}

function contact(n: 1 | 2 | 3): FieldDef[] {
  const first = n === 1;
  return [
    def(P, `contact${n}Name`, 'text', false, `联系人${n}姓名`, `Contact ${n} name`, [
      `联系人${n}`, `contact${n}`, ...(first ? ['联系人姓名', '紧急联系人', '紧急联系人姓名', 'contact name', 'emergency contact'] : []),
    ]),
    def(P, `contact${n}Relationship`, 'text', false, `联系人${n}关系`, `Contact ${n} relationship`, [
      `联系人${n}与本人关系`, ...(first ? ['联系人关系', '紧急联系人关系', '与本人关系', 'contact relationship', 'relationship'] : []),
    ], { help: { 'zh-CN': '如 配偶、父母、子女、兄弟姐妹、朋友、同事、担保人', en: 'e.g. 配偶 (spouse), 父母 (parent), 朋友 (friend), 担保人 (guarantor)' } }),
    def(P, `contact${n}Phone`, 'phone', false, `联系人${n}电话`, `Contact ${n} phone`, [
      `联系人${n}手机`, `联系人${n}手机号`, `联系人${n}号码`, ...(first ? ['联系人电话', '联系人手机', '紧急联系人电话', '紧急联系人手机', 'contact phone'] : []),
    ], { help: PHONE_HELP }),
    def(P, `contact${n}Role`, 'enum', false, `联系人${n}角色`, `Contact ${n} role`, first ? ['联系人角色', 'contact role'] : [], {
      values: contactRoles,
      help: {
        'zh-CN': '配偶 / 紧急联系人 / 担保人 / 第三方；为空时按关系推断',
        en: 'spouse / emergency_contact / guarantor / third_party; derived from the relationship when empty',
      },
    }),
  ];
}

export const placementFields: readonly FieldDef[] = [
  def(P, 'debtorExternalId', 'text', true, '客户编号', 'Customer ID', ['客户号', '客户ID', '客户代码', '债务人编号', '借款人编号', 'customer no', 'customer number', 'debtor id', 'borrower id', 'client id']),
  def(P, 'fullName', 'text', true, '姓名', 'Full name', ['客户姓名', '借款人姓名', '债务人姓名', '借款人', 'name', 'borrower name', 'customer name', 'debtor name']),
  def(P, 'nationalId', 'national_id', false, '身份证号', 'National ID number', ['身份证', '身份证号码', '证件号', '证件号码', '公民身份号码', 'id number', 'id card', 'id card number', 'national id', 'resident id'], {
    help: { 'zh-CN': '18 位居民身份证号（GB 11643），校验位必须正确', en: '18-character resident ID (GB 11643) with a correct check digit' },
  }),
  def(P, 'gender', 'enum', false, '性别', 'Gender', ['sex'], {
    values: genders,
    help: { 'zh-CN': '男 / 女；为空时取自身份证号', en: 'male / female; taken from the national ID when empty' },
  }),
  def(P, 'birthDate', 'date', false, '出生日期', 'Date of birth', ['生日', '出生年月日', 'birth date', 'birthday', 'dob'], {
    help: { 'zh-CN': `${DATE_HELP['zh-CN']}；为空时取自身份证号`, en: `${DATE_HELP.en}; taken from the national ID when empty` },
  }),
  def(P, 'phone1', 'mobile', false, '手机号码', 'Mobile phone', ['手机', '手机号', '电话1', '联系电话', '本人电话', '本人手机', '本人手机号', 'mobile', 'mobile number', 'cell phone', 'phone', 'phone 1'], {
    help: { 'zh-CN': '11 位手机号，可带 +86', en: '11-digit mainland mobile, optionally +86' },
  }),
  def(P, 'phone2', 'phone', false, '电话2', 'Phone 2', ['备用电话', '备用电话1', '其他电话', '家庭电话', '住宅电话', 'home phone', 'alternate phone'], { help: PHONE_HELP }),
  def(P, 'phone3', 'phone', false, '电话3', 'Phone 3', ['备用电话2', '单位电话', '公司电话', '办公电话', 'work phone', 'office phone'], { help: PHONE_HELP }),
  def(P, 'email', 'email', false, '电子邮箱', 'Email', ['邮箱', '电子邮件', '邮件', '邮箱地址', 'email address', 'e-mail'], {
    help: { 'zh-CN': '可填多个，用分号分隔', en: 'several allowed, separated by semicolons' },
  }),
  def(P, 'employer', 'text', false, '工作单位', 'Employer', ['单位名称', '公司名称', '工作单位名称', 'company', 'employer name']),
  def(P, 'occupation', 'text', false, '职业', 'Occupation', ['职务', 'job', 'job title']),
  def(P, 'monthlyIncome', 'amount', false, '月收入', 'Monthly income', ['收入', '月收入(元)', 'income'], { help: AMOUNT_HELP }),
  def(P, 'preferredLanguage', 'enum', false, '首选语言', 'Preferred language', ['语言', '沟通语言', 'language'], {
    values: languages,
    help: { 'zh-CN': '中文 / 英文（zh-CN / en）', en: 'Chinese / English (zh-CN / en)' },
  }),
  ...addressPair('residence', '住宅地址', 'Residence', ['居住地区', '现居住地区'], ['居住地址', '现住址', '现居住地址', '家庭住址', '家庭地址', '住址', 'home address']),
  ...addressPair('household', '户籍地址', 'Household registration', ['户籍所在地区', '户籍地区'], ['户口地址', '户籍所在地', '户口所在地', '户籍住址', 'hukou address', 'registered address']),
  ...addressPair('work', '单位地址', 'Work', ['工作地区', '单位所在地区'], ['公司地址', '工作地址', '办公地址', 'office address', 'employer address']),
  ...addressPair('other', '其他地址', 'Other', [], []),
  def(P, 'addressKind', 'address_kind', false, '地址类型', 'Address kind', ['address type'], {
    values: addressKinds,
    help: { 'zh-CN': '住宅 / 户籍 / 单位 / 其他；为空时为其他', en: 'residence / household_registration / work / other; other when empty' },
  }),
  def(P, 'addressRegion', 'text', false, '地址所在地区', 'Address region', ['所在地区', '地区', '省市区', 'region']),
  def(P, 'address', 'text', false, '地址', 'Address', ['详细地址', 'address detail']),
  ...contact(1),
  ...contact(2),
  ...contact(3),
  def(P, 'externalLoanId', 'text', true, '借款编号', 'Loan ID', LOAN_ID_ALIASES),
  def(P, 'product', 'text', true, '产品名称', 'Product', ['产品', '贷款产品', '借款产品', 'product name']),
  def(P, 'currency', 'currency', false, '币种', 'Currency', ['货币', '币别', 'currency code'], {
    help: { 'zh-CN': 'ISO 4217 代码，默认 CNY', en: 'ISO 4217 code, CNY by default' },
  }),
  def(P, 'principal', 'amount', true, '借款金额', 'Principal', ['贷款金额', '合同金额', '放款金额', '借款本金', '本金', 'loan amount', 'principal amount'], { help: AMOUNT_HELP }),
  def(P, 'apr', 'rate', true, '年化利率', 'APR', ['年利率', '借款年利率', '合同年利率', '合同利率', '利率', 'annual rate', 'interest rate', 'annual interest rate'], {
    help: {
      'zh-CN': '如 18%、0.18 或 18：不带 % 时 ≤1 视为小数，大于 1 视为百分数（1% 及以下请带 %）；最多精确到 0.01%',
      en: 'e.g. 18%, 0.18 or 18: without %, a value ≤ 1 is a fraction and a larger one a percentage (write 1 % or less with %); at most 0.01 % precision',
    },
  }),
  def(P, 'fees', 'amount', false, '合同费用', 'Contract fees', ['费用', '手续费', '服务费', 'fees', 'fee'], { help: AMOUNT_HELP }),
  def(P, 'originationDate', 'date', true, '放款日期', 'Origination date', ['借款日期', '放款日', '贷款日期', '合同日期', '合同签订日期', '起息日', 'loan date', 'disbursement date', 'contract date'], {
    help: { 'zh-CN': `${DATE_HELP['zh-CN']}；不能晚于今天`, en: `${DATE_HELP.en}; not after today` },
  }),
  def(P, 'termMonths', 'int', true, '借款期数', 'Term (months)', ['期数', '期限', '借款期限', '贷款期限', '总期数', '借款期限(月)', 'term', 'term months', 'tenor'], {
    help: { 'zh-CN': '月数，1–360', en: 'months, 1–360' },
  }),
  def(P, 'lenderType', 'enum', true, '出借人类型', 'Lender type', ['放款机构类型', '机构类型', '出借方类型', 'lender'], {
    values: lenderTypeValues,
    help: { 'zh-CN': '持牌（持牌金融机构）/ 非持牌（民间借贷）', en: 'licensed (licensed institution) / private (private lending)' },
  }),
  def(P, 'outstandingPrincipal', 'amount', true, '剩余本金', 'Outstanding principal', ['未还本金', '待还本金', '逾期本金', '欠款本金', 'principal outstanding', 'principal due'], { help: AMOUNT_HELP }),
  def(P, 'outstandingInterest', 'amount', false, '剩余利息', 'Outstanding interest', ['未还利息', '待还利息', '逾期利息', '欠款利息', 'interest outstanding', 'interest due'], { help: AMOUNT_HELP }),
  def(P, 'outstandingPenalty', 'amount', false, '剩余罚息', 'Outstanding penalty interest', ['罚息', '未还罚息', '逾期罚息', 'penalty', 'penalty interest', 'outstanding penalty'], { help: AMOUNT_HELP }),
  def(P, 'outstandingFees', 'amount', false, '剩余费用', 'Outstanding fees', ['未还费用', '逾期费用', '滞纳金', 'late fees', 'fees due'], { help: AMOUNT_HELP }),
  def(P, 'firstDueDate', 'date', false, '首期还款日', 'First due date', ['首次还款日', '首期还款日期', '首期应还日期', 'first payment date', 'first due'], {
    help: { 'zh-CN': `${DATE_HELP['zh-CN']}；不能早于放款日期`, en: `${DATE_HELP.en}; not before the origination date` },
  }),
  def(P, 'overdueSince', 'date', false, '逾期起始日', 'Overdue since', ['逾期日期', '首次逾期日', '逾期开始日期', '逾期日', 'overdue date', 'delinquency date', 'default date'], {
    help: { 'zh-CN': `${DATE_HELP['zh-CN']}；在放款日期与今天之间`, en: `${DATE_HELP.en}; between the origination date and today` },
  }),
  def(P, 'balanceDate', 'date', false, '余额日期', 'Balance date', ['余额截止日', '数据日期', '截止日期', '账单日期', 'as of date', 'balance as of', 'data date'], {
    help: {
      'zh-CN': `${DATE_HELP['zh-CN']}；剩余本金、利息、罚息、费用所截止的日期，不晚于今天。该日及之后的还款会从余额中扣减；不填则为导入当天`,
      en: `${DATE_HELP.en}; the day the outstanding amounts describe, not after today. Payments from that day on reduce them; empty = the import day`,
    },
  }),
];

export const paymentFields: readonly FieldDef[] = [
  def(Q, 'externalId', 'text', true, '还款流水号', 'Payment ID', ['流水号', '交易流水号', '还款编号', '交易编号', '支付流水号', 'payment no', 'transaction id', 'transaction no', 'reference']),
  def(Q, 'externalLoanId', 'text', true, '借款编号', 'Loan ID', LOAN_ID_ALIASES),
  def(Q, 'amount', 'amount', true, '还款金额', 'Amount', ['金额', '实还金额', '还款额', '交易金额', 'payment amount', 'amount paid'], {
    help: { 'zh-CN': '大于 0，最多 2 位小数；可带千分位逗号、¥ 或「元」', en: 'greater than 0, at most 2 decimals; thousands separators, ¥ or 元 are allowed' },
  }),
  def(Q, 'currency', 'currency', false, '币种', 'Currency', ['货币', '币别', 'currency code'], {
    help: { 'zh-CN': 'ISO 4217 代码，默认 CNY', en: 'ISO 4217 code, CNY by default' },
  }),
  def(Q, 'paidOn', 'date', true, '还款日期', 'Paid on', ['实还日期', '交易日期', '入账日期', '还款时间', 'payment date', 'paid date', 'transaction date'], {
    help: { 'zh-CN': `${DATE_HELP['zh-CN']}；不能晚于今天`, en: `${DATE_HELP.en}; not after today` },
  }),
  def(Q, 'channel', 'text', true, '还款渠道', 'Channel', ['渠道', '支付渠道', '还款方式', '支付方式', 'payment channel', 'payment method'], {
    help: {
      'zh-CN': '最多 40 个字符；代扣、银行转账、线上、柜台、现金、其他 会转换为标准代码',
      en: 'at most 40 characters; auto_debit, bank_transfer, online, counter, cash, other (or their Chinese names) become standard codes',
    },
  }),
  def(Q, 'reversalOf', 'text', false, '冲正原流水号', 'Reversal of', ['原流水号', '原交易流水号', '被冲正流水号', 'reverses', 'original payment id']),
];

export function fieldsOf(kind: ImportKind): readonly FieldDef[] {
  return kind === 'placements' ? placementFields : paymentFields;
}

/** Accepted spellings of enum values (compared after the header normalisation: case, width and spaces ignored). */
export const enumSynonyms: Record<string, Record<string, readonly string[]>> = {
  gender: { male: ['男', '男性', 'm'], female: ['女', '女性', 'f'] },
  lenderType: {
    licensed: ['持牌', '持牌机构', '持牌金融机构', '金融机构', 'licensed institution'],
    private: ['非持牌', '民间', '民间借贷', '个人', '非持牌机构', 'private lending', 'private lender'],
  },
  preferredLanguage: { 'zh-CN': ['zh', '中文', '汉语', '简体中文', '普通话', 'chinese'], en: ['英文', '英语', 'english'] },
  contactRole: {
    spouse: ['配偶'],
    emergency_contact: ['紧急联系人', 'emergency contact'],
    guarantor: ['担保人', '保证人'],
    third_party: ['第三方', '第三人', '关系人', '其他', 'other', 'third party'],
  },
  addressKind: {
    residence: ['住宅', '住宅地址', '居住地址', '现住址', '家庭住址', '家庭', 'home'],
    household_registration: ['户籍', '户籍地址', '户口', '户口所在地', '户籍所在地', 'hukou', 'household registration', 'household'],
    work: ['单位', '单位地址', '工作单位', '公司', '公司地址', '工作地址', 'office'],
    other: ['其他', '其他地址'],
  },
};

/** Display names of enum values for messages and the template. */
export const enumLabels: Record<string, Record<string, Localized>> = {
  gender: { male: { 'zh-CN': '男', en: 'male' }, female: { 'zh-CN': '女', en: 'female' } },
  lenderType: { licensed: { 'zh-CN': '持牌', en: 'licensed' }, private: { 'zh-CN': '非持牌', en: 'private' } },
  preferredLanguage: { 'zh-CN': { 'zh-CN': '中文', en: 'zh-CN' }, en: { 'zh-CN': '英文', en: 'en' } },
  contactRole: {
    spouse: { 'zh-CN': '配偶', en: 'spouse' },
    emergency_contact: { 'zh-CN': '紧急联系人', en: 'emergency_contact' },
    guarantor: { 'zh-CN': '担保人', en: 'guarantor' },
    third_party: { 'zh-CN': '第三方', en: 'third_party' },
  },
  addressKind: {
    residence: { 'zh-CN': '住宅', en: 'residence' },
    household_registration: { 'zh-CN': '户籍', en: 'household_registration' },
    work: { 'zh-CN': '单位', en: 'work' },
    other: { 'zh-CN': '其他', en: 'other' },
  },
};

/** The synonym table of an enum field: contact1Role … contact3Role share `contactRole`. */
export const enumGroupOf = (key: string): string => (/^contact\dRole$/.test(key) ? 'contactRole' : key);

const SPOUSE = ['配偶', '丈夫', '妻子', '老公', '老婆', '爱人', '夫妻', 'spouse', 'husband', 'wife'];
const GUARANTOR = ['担保人', '保证人', 'guarantor'];
const EMERGENCY = [
  '父母', '父亲', '母亲', '爸爸', '妈妈', '子女', '儿子', '女儿', '兄弟姐妹', '兄弟', '姐妹', '哥哥', '姐姐', '弟弟', '妹妹', '朋友', '同事',
  'parent', 'parents', 'father', 'mother', 'child', 'children', 'son', 'daughter', 'sibling', 'siblings', 'brother', 'sister', 'friend', 'colleague', 'coworker',
];

/** The party role of a contact from the relationship text (配偶 → spouse, 担保人 → guarantor, family/friends/colleagues → emergency_contact, else third_party). */
export function roleOfRelationship(relationship: string): 'spouse' | 'emergency_contact' | 'guarantor' | 'third_party' {
  const r = relationship.normalize('NFKC').trim().toLowerCase();
  if (SPOUSE.includes(r)) return 'spouse';
  if (GUARANTOR.includes(r)) return 'guarantor';
  if (EMERGENCY.includes(r)) return 'emergency_contact';
  return 'third_party';
}
