import { describe, expect, it } from 'vitest';
import { fieldsOf, paymentFields, placementFields } from './fields.js';
import { autoMapping, normaliseHeader, validateMapping } from './mapping.js';
import { importKinds } from './types.js';

describe('field definitions', () => {
  it.each(importKinds)('%s: keys, labels and aliases are unique after normalisation', (kind) => {
    const owner = new Map<string, string>();
    const keys = new Set<string>();
    for (const f of fieldsOf(kind)) {
      expect(keys.has(f.key)).toBe(false);
      keys.add(f.key);
      expect(f.kind).toBe(kind);
      for (const text of [f.label['zh-CN'], f.label.en, f.key, ...f.aliases]) {
        const n = normaliseHeader(text);
        const prev = owner.get(n);
        expect(prev === undefined || prev === f.key, `"${text}" names both ${prev} and ${f.key}`).toBe(true);
        owner.set(n, f.key);
      }
    }
  });

  it('enum fields list their values', () => {
    for (const f of [...placementFields, ...paymentFields]) {
      if (f.type === 'enum' || f.type === 'address_kind') expect(f.values?.length).toBeGreaterThan(0);
    }
  });
});

describe('autoMapping', () => {
  it('maps a Chinese header', () => {
    const header = ['客户编号', '客户姓名', '身份证号码', '手机号', '借据号', '产品', '贷款金额', '年利率', '放款日期', '期数', '机构类型', '未还本金', '备注'];
    const { mapping, unmappedColumns, missingRequired } = autoMapping(header, 'placements');
    expect(mapping).toEqual({
      debtorExternalId: 0, fullName: 1, nationalId: 2, phone1: 3, externalLoanId: 4, product: 5, principal: 6, apr: 7, originationDate: 8, termMonths: 9,
      lenderType: 10, outstandingPrincipal: 11,
    });
    expect(unmappedColumns).toEqual(['备注']);
    expect(missingRequired).toEqual([]);
  });

  it('maps an English header (case and spaces ignored) and reports missing required fields', () => {
    const header = ['Customer ID', 'NAME', 'ID Number', 'Mobile', 'Loan No', 'product name', 'Loan Amount', 'APR', 'Loan Date', 'Term (months)', 'Lender Type', 'Notes'];
    const { mapping, unmappedColumns, missingRequired } = autoMapping(header, 'placements');
    expect(mapping).toMatchObject({ debtorExternalId: 0, fullName: 1, nationalId: 2, phone1: 3, externalLoanId: 4, product: 5, principal: 6, apr: 7, originationDate: 8, termMonths: 9, lenderType: 10 });
    expect(unmappedColumns).toEqual(['Notes']);
    expect(missingRequired).toEqual(['outstandingPrincipal']);
  });

  it('maps a mixed header with full-width characters, required markers and bracketed units', () => {
    const header = ['客户编号*', 'Ｆｕｌｌ　Ｎａｍｅ', '借款编号＊', 'Ｐｒｏｄｕｃｔ', '借款金额（元）', '年化利率(%)', 'loan_date', 'TERM', '出借人类型', 'Outstanding-Principal', '剩余利息（元）', '邮箱', 'Contact 1 Name', '联系人１关系'];
    const { mapping, unmappedColumns, missingRequired } = autoMapping(header, 'placements');
    expect(mapping).toEqual({
      debtorExternalId: 0, fullName: 1, externalLoanId: 2, product: 3, principal: 4, apr: 5, originationDate: 6, termMonths: 7, lenderType: 8,
      outstandingPrincipal: 9, outstandingInterest: 10, email: 11, contact1Name: 12, contact1Relationship: 13,
    });
    expect(unmappedColumns).toEqual([]);
    expect(missingRequired).toEqual([]);
  });

  it('keeps the first of two columns naming one field and leaves the second unmapped', () => {
    const { mapping, unmappedColumns } = autoMapping(['流水号', '交易流水号', '借款编号', '金额', '还款日期', '渠道'], 'payments');
    expect(mapping).toEqual({ externalId: 0, externalLoanId: 2, amount: 3, paidOn: 4, channel: 5 });
    expect(unmappedColumns).toEqual(['交易流水号']);
  });

  it('accepts field keys as headers', () => {
    const header = paymentFields.map((f) => f.key);
    expect(autoMapping(header, 'payments').missingRequired).toEqual([]);
    expect(Object.keys(autoMapping(header, 'payments').mapping)).toHaveLength(paymentFields.length);
  });
});

describe('validateMapping', () => {
  const header = ['还款流水号', '借款编号', '还款金额', '还款日期', '还款渠道'];
  const good = { externalId: 0, externalLoanId: 1, amount: 2, paidOn: 3, channel: 4 };

  it('accepts a complete mapping', () => {
    expect(validateMapping(header, good, 'payments')).toEqual([]);
  });

  it('reports unknown fields, out-of-range and reused columns and missing required fields', () => {
    const errors = validateMapping(header, { externalId: 0, externalLoanId: 0, amount: 9, paidOn: 3.5, bogus: 4 }, 'payments');
    expect(errors.map((e) => [e.field, e.code, e.column])).toEqual([
      ['externalLoanId', 'column_reused', '还款流水号'],
      ['amount', 'column_out_of_range', '还款金额'],
      ['paidOn', 'column_out_of_range', '还款日期'],
      ['bogus', 'unknown_field', '还款渠道'],
      ['channel', 'required_unmapped', '还款渠道'],
    ]);
    for (const e of errors) {
      expect(e.message['zh-CN']).toMatch(/[\u4e00-\u9fff]/);
      expect(e.message.en).toMatch(/[a-z]/);
    }
    expect(errors[0]!.message.en).toContain('Payment ID');
    expect(errors[4]!.message['zh-CN']).toBe('缺少必填列「还款渠道」');
  });

  it('reports placements without their required columns', () => {
    const codes = validateMapping([], {}, 'placements');
    expect(codes.map((e) => e.field).sort()).toEqual(placementFields.filter((f) => f.required).map((f) => f.key).sort());
  });
});
