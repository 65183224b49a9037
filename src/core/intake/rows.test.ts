import { describe, expect, it } from 'vitest';
import { makeNationalId } from '../person/index.js';
import { paymentFields, placementFields } from './fields.js';
import { autoMapping } from './mapping.js';
import { DuplicateTracker, rowErrorText, validatePaymentRow, validatePlacementRow } from './rows.js';
import type { PlacementRecord, RowError, RowResult } from './types.js';

const TODAY = '2026-03-15';
const opts = { today: TODAY };
const NID = makeNationalId('110105', '1985-03-12', 123); // male
const header = placementFields.map((f) => f.label['zh-CN']);
const { mapping } = autoMapping(header, 'placements');

const base: Record<string, string> = {
  debtorExternalId: 'C1',
  fullName: '张三',
  externalLoanId: 'L1',
  product: '消费贷',
  principal: '10,000.00',
  apr: '18%',
  originationDate: '2025-01-10',
  termMonths: '12',
  lenderType: '持牌',
  outstandingPrincipal: '6000',
};

const cellsOf = (values: Record<string, string>): string[] => placementFields.map((f) => values[f.key] ?? '');
const place = (values: Record<string, string>, o: { today: string; defaultCurrency?: string } = opts): RowResult<PlacementRecord> =>
  validatePlacementRow(header, cellsOf({ ...base, ...values }), mapping, o);

function record(values: Record<string, string>): PlacementRecord {
  const r = place(values);
  if (!r.ok) throw new Error(rowErrorText(r.errors, 'en'));
  return r.record;
}
function errorsOf(values: Record<string, string>): RowError[] {
  const r = place(values);
  if (r.ok) throw new Error('expected errors');
  return r.errors;
}

describe('validatePlacementRow', () => {
  it('builds a record from a minimal row with defaults', () => {
    expect(record({})).toEqual({
      debtor: { externalId: 'C1', fullName: '张三', nationalId: null, gender: null, birthDate: null, employer: null, occupation: null, monthlyIncomeMinor: null, preferredLanguage: null },
      phones: [],
      emails: [],
      addresses: [],
      contacts: [],
      account: {
        externalLoanId: 'L1', product: '消费贷', currency: 'CNY', principalMinor: 1_000_000, aprBp: 1800, feesMinor: 0, originationDate: '2025-01-10', termMonths: 12,
        lenderType: 'licensed', outstandingPrincipalMinor: 600_000, outstandingInterestMinor: 0, outstandingPenaltyMinor: 0, outstandingFeesMinor: 0, firstDueDate: null,
        overdueSince: null, balanceDate: null,
      },
    });
  });

  it('trims cells and reads every section', () => {
    const r = record({
      debtorExternalId: '  C1 ', nationalId: NID.toLowerCase(), phone1: '+86 138 0000 0001', phone2: '010-62345678转8', phone3: '13800000001', email: 'a@example.com; b@example.com',
      employer: '某公司', occupation: '工程师', monthlyIncome: '¥12,000元', preferredLanguage: '中文', residenceRegion: '北京市朝阳区', residenceAddress: '示例路1号',
      workAddress: '示例大道2号', addressKind: '户籍', address: '示例街3号', contact1Name: '李梅', contact1Relationship: '配偶', contact1Phone: '139 0000 0002',
      contact2Name: '王五', contact2Relationship: '同事', contact3Name: '赵六', contact3Relationship: '邻居', contact3Role: '担保人', currency: 'usd', fees: '100',
      outstandingInterest: '1.5', outstandingPenalty: '0.07', outstandingFees: '3', firstDueDate: '2025/2/10', overdueSince: '2025年6月11日', lenderType: ' 民间借贷 ',
    });
    expect(r.debtor).toEqual({
      externalId: 'C1', fullName: '张三', nationalId: NID, gender: 'male', birthDate: '1985-03-12', employer: '某公司', occupation: '工程师', monthlyIncomeMinor: 1_200_000,
      preferredLanguage: 'zh-CN',
    });
    expect(r.phones).toEqual([{ number: '13800000001', kind: 'mobile' }, { number: '01062345678-8', kind: 'landline' }]);
    expect(r.emails).toEqual(['a@example.com', 'b@example.com']);
    expect(r.addresses).toEqual([
      { kind: 'residence', region: '北京市朝阳区', detail: '示例路1号' },
      { kind: 'work', region: '', detail: '示例大道2号' },
      { kind: 'household_registration', region: '', detail: '示例街3号' },
    ]);
    expect(r.contacts).toEqual([
      { name: '李梅', relationship: '配偶', role: 'spouse', phone: '13900000002' },
      { name: '王五', relationship: '同事', role: 'emergency_contact', phone: null },
      { name: '赵六', relationship: '邻居', role: 'guarantor', phone: null },
    ]);
    expect(r.account).toMatchObject({ currency: 'USD', feesMinor: 10_000, outstandingInterestMinor: 150, outstandingPenaltyMinor: 7, outstandingFeesMinor: 300, firstDueDate: '2025-02-10', overdueSince: '2025-06-11', lenderType: 'private' });
  });

  it.each([
    ['配偶', 'spouse'], ['老公', 'spouse'], ['wife', 'spouse'], ['担保人', 'guarantor'], ['父母', 'emergency_contact'], ['子女', 'emergency_contact'],
    ['兄弟姐妹', 'emergency_contact'], ['朋友', 'emergency_contact'], ['同事', 'emergency_contact'], ['Friend', 'emergency_contact'], ['邻居', 'third_party'], ['房东', 'third_party'],
  ])('derives the contact role of %s → %s', (rel, role) => {
    expect(record({ contact1Name: '某人', contact1Relationship: rel }).contacts[0]?.role).toBe(role);
  });

  it('uses the default currency and its minor unit', () => {
    const r = place({ principal: '100000', outstandingPrincipal: '5000' }, { today: TODAY, defaultCurrency: 'JPY' });
    expect(r.ok && r.record.account).toMatchObject({ currency: 'JPY', principalMinor: 100000, outstandingPrincipalMinor: 5000 });
    expect(() => place({}, { today: TODAY, defaultCurrency: 'XYZ' })).toThrow(RangeError);
    expect(() => place({}, { today: '2026-02-30' })).toThrow(RangeError);
  });

  it('reports every error of a row, each with its column and both languages', () => {
    const errors = errorsOf({
      fullName: '', nationalId: '110105198503121230', phone1: '12345', principal: '-1', apr: '18.255%', originationDate: '2026-02-30', termMonths: '400',
      lenderType: '银行', currency: 'ABC', email: 'x@', contact1Phone: '13800000001',
    });
    expect(errors.map((e) => [e.field, e.column, e.code])).toEqual([
      ['fullName', '姓名', 'required'],
      ['currency', '币种', 'currency_unknown'],
      ['nationalId', '身份证号', 'national_id_checksum'],
      ['phone1', '手机号码', 'mobile_format'],
      ['email', '电子邮箱', 'email_format'],
      ['contact1Name', '联系人1姓名', 'contact_name_required'],
      ['contact1Relationship', '联系人1关系', 'contact_relationship_required'],
      ['principal', '借款金额', 'amount_negative'],
      ['apr', '年化利率', 'rate_precision'],
      ['originationDate', '放款日期', 'date_invalid'],
      ['termMonths', '借款期数', 'int_range'],
      ['lenderType', '出借人类型', 'enum_value'],
    ]);
    for (const e of errors) {
      expect(e.message['zh-CN']).toMatch(/[\u4e00-\u9fff]/);
      expect(e.message.en.replace(/YYYY年M月D日|元/g, '')).not.toMatch(/[\u4e00-\u9fff]/);
    }
    expect(errors.find((e) => e.field === 'lenderType')?.message).toEqual({ 'zh-CN': '取值应为：持牌、非持牌', en: 'must be one of: licensed, private' });
  });

  it.each([
    ['gender', { gender: '女' }, 'gender_mismatch', '与身份证号不符', 'does not match'],
    ['birthDate', { birthDate: '1985-03-13' }, 'birth_date_mismatch', '1985-03-12', 'does not match'],
  ])('flags a %s that contradicts the national id', (field, values, code, zh, en) => {
    const e = errorsOf({ nationalId: NID, ...values });
    expect(e).toHaveLength(1);
    expect(e[0]).toMatchObject({ field, code });
    expect(e[0]!.message['zh-CN']).toContain(zh);
    expect(e[0]!.message.en).toContain(en);
  });

  it('accepts gender and birth date that agree with the national id', () => {
    expect(record({ nationalId: NID, gender: 'M', birthDate: '19850312' }).debtor).toMatchObject({ gender: 'male', birthDate: '1985-03-12' });
  });

  it.each([
    ['originationDate', 'date_future', { originationDate: '2026-03-16' }],
    ['overdueSince', 'date_future', { overdueSince: '2026-03-16' }],
    ['birthDate', 'date_future', { birthDate: '2026-03-16' }],
    ['firstDueDate', 'date_before', { firstDueDate: '2025-01-09' }],
    ['overdueSince', 'date_before', { overdueSince: '2024-12-31' }],
    ['originationDate', 'date_before', { birthDate: '2025-02-01' }],
    ['principal', 'amount_zero', { principal: '0' }],
    ['termMonths', 'int_range', { termMonths: '0' }],
    ['residenceAddress', 'address_detail_required', { residenceRegion: '北京市' }],
    ['address', 'address_detail_required', { addressKind: '单位' }],
    ['addressKind', 'address_kind', { addressKind: '宿舍', address: '某处' }],
    ['contact1Role', 'enum_value', { contact1Name: 'A', contact1Relationship: '朋友', contact1Role: '老板' }],
    ['contact2Relationship', 'contact_relationship_required', { contact2Name: 'A' }],
    ['phone2', 'phone_format', { phone2: '010-123' }],
    ['preferredLanguage', 'enum_value', { preferredLanguage: '法语' }],
    ['gender', 'enum_value', { gender: '未知' }],
    ['fullName', 'too_long', { fullName: '名'.repeat(101) }],
    ['employer', 'too_long', { employer: 'x'.repeat(10_001) }],
    ['externalLoanId', 'required', { externalLoanId: ' ' }],
  ] as const)('refuses %s (%s)', (field, code, values) => {
    const e = errorsOf(values);
    expect(e.map((x) => [x.field, x.code])).toEqual([[field, code]]);
  });

  it('allows a field of exactly 10,000 characters', () => {
    expect(record({ employer: 'x'.repeat(10_000) }).debtor.employer).toHaveLength(10_000);
  });

  it('treats an unmapped optional field as empty and names an unmapped required field by its label', () => {
    const h = ['客户编号', '姓名'];
    const r = validatePlacementRow(h, ['C1', '张三'], { debtorExternalId: 0, fullName: 1 }, opts);
    expect(r.ok).toBe(false);
    if (!r.ok) {
      expect(r.errors.map((e) => e.column)).toEqual(['借款编号', '产品名称', '借款金额', '年化利率', '放款日期', '借款期数', '出借人类型', '剩余本金']);
      expect(rowErrorText(r.errors.slice(0, 1), 'en')).toBe('Column "Loan ID": is required');
    }
  });

  it('reads short rows as empty cells', () => {
    const r = validatePlacementRow(header, [], mapping, opts);
    expect(r.ok).toBe(false);
  });
});

describe('validatePaymentRow', () => {
  const ph = paymentFields.map((f) => f.label.en);
  const pm = autoMapping(ph, 'payments').mapping;
  const pay = (v: Record<string, string>) =>
    validatePaymentRow(ph, paymentFields.map((f) => ({ externalId: 'P1', externalLoanId: 'L1', amount: '1,000.50', paidOn: '2026/3/1', channel: '代扣', ...v })[f.key] ?? ''), pm, opts);

  it('builds a record', () => {
    expect(pay({})).toEqual({ ok: true, record: { externalId: 'P1', externalLoanId: 'L1', amountMinor: 100050, currency: 'CNY', paidOn: '2026-03-01', channel: 'auto_debit', reversalOf: null } });
    expect(pay({ channel: '银行转账', reversalOf: 'P0' })).toMatchObject({ ok: true, record: { channel: 'bank_transfer', reversalOf: 'P0' } });
    expect(pay({ channel: '拉卡拉POS' })).toMatchObject({ ok: true, record: { channel: '拉卡拉POS' } });
  });

  it.each([
    ['amount', 'amount_zero', { amount: '0' }],
    ['amount', 'amount_decimals', { amount: '1.001' }],
    ['paidOn', 'date_future', { paidOn: '2026-03-16' }],
    ['paidOn', 'date_invalid', { paidOn: '2026-13-01' }],
    ['channel', 'too_long', { channel: 'x'.repeat(41) }],
    ['channel', 'required', { channel: '' }],
    ['reversalOf', 'reversal_self', { reversalOf: 'P1' }],
    ['externalId', 'too_long', { externalId: 'x'.repeat(65) }],
  ] as const)('refuses %s (%s)', (field, code, values) => {
    const r = pay(values);
    expect(r.ok ? [] : r.errors.map((e) => [e.field, e.code, e.column])).toEqual([[field, code, paymentFields.find((f) => f.key === field)!.label.en]]);
  });
});

describe('DuplicateTracker', () => {
  it('flags a repeated loan id in placements', () => {
    const t = new DuplicateTracker('placements');
    const a = record({});
    const b = record({ externalLoanId: 'L2' });
    expect(t.check(a)).toBeNull();
    expect(t.check(b)).toBeNull();
    const dup = t.check(record({ debtorExternalId: 'C9' }));
    expect(dup).toMatchObject({ field: 'externalLoanId', column: '借款编号', code: 'duplicate' });
    expect(dup!.message['zh-CN']).toBe('借款编号「L1」在本文件中重复出现');
    expect(dup!.message.en).toBe('loan ID "L1" appears more than once in this file');
    expect(t.size).toBe(2);
  });

  it('flags a repeated payment id, naming the file column when given', () => {
    const t = new DuplicateTracker('payments', ['流水号'], { externalId: 0 });
    const p = { externalId: 'P1', externalLoanId: 'L1', amountMinor: 1, currency: 'CNY', paidOn: '2026-01-01', channel: 'cash', reversalOf: null };
    expect(t.check(p)).toBeNull();
    expect(t.check({ ...p, externalId: 'P2' })).toBeNull();
    expect(t.check({ ...p, externalLoanId: 'L2' })).toMatchObject({ field: 'externalId', column: '流水号', code: 'duplicate' });
  });
});

describe('rowErrorText', () => {
  it('joins the errors of a row in each language', () => {
    const e = errorsOf({ nationalId: '110105198503121230', principal: 'abc' });
    expect(rowErrorText(e, 'zh-CN')).toBe('列「身份证号」：身份证号校验位错误; 列「借款金额」：金额格式错误（例：1234.56、1,234.56、¥1234.56 或 1234.56元）');
    expect(rowErrorText(e, 'en')).toBe(
      'Column "National ID number": national ID number check digit is wrong; Column "Principal": not a valid amount (e.g. 1234.56, 1,234.56, ¥1234.56 or 1234.56元)',
    );
  });

  it('keeps a file header that is not a label', () => {
    const e: RowError[] = [{ field: 'fullName', column: '客户姓名', code: 'required', message: { 'zh-CN': '必填项为空', en: 'is required' } }];
    expect(rowErrorText(e, 'en')).toBe('Column "客户姓名": is required');
    expect(rowErrorText([{ ...e[0]!, column: '' }], 'zh-CN')).toBe('必填项为空');
  });
});
