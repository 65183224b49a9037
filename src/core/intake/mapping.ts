// Header → field mapping. autoMapping proposes one from labels and aliases; the user may edit it, and
// validateMapping checks whatever comes back before rows are read.

import { fieldsOf } from './fields.js';
import type { FieldDef, ImportKind, Mapping, RowError } from './types.js';

/**
 * The comparison form of a header text: NFKC (full-width → half-width), lower case, without whitespace, a
 * required-marker "*", "_", "-", "." and ":" (so "借款金额*", "ＬＯＡＮ ＩＤ", "loan_id" and "Loan-ID" all agree).
 */
export function normaliseHeader(s: string): string {
  return (/[^\x00-\x7f]/.test(s) ? s.normalize('NFKC') : s)
    .toLowerCase()
    .replace(/[\s*_\-.:·]+/g, '');
}

/** A header without a trailing unit or note in brackets: "借款金额（元）" → "借款金额". */
const withoutBracketed = (n: string): string => n.replace(/[([【][^)\]】]*[)\]】]$/, '');

const lookups = new Map<ImportKind, Map<string, FieldDef>>();

/** Normalised label / alias / key → field. First definition wins (the tests keep them unique). */
export function headerLookup(kind: ImportKind): Map<string, FieldDef> {
  let m = lookups.get(kind);
  if (m) return m;
  m = new Map();
  for (const f of fieldsOf(kind)) {
    for (const text of [f.label['zh-CN'], f.label.en, f.key, ...f.aliases]) {
      const n = normaliseHeader(text);
      if (!m.has(n)) m.set(n, f);
    }
  }
  lookups.set(kind, m);
  return m;
}

/** The field a header text names, or undefined. */
export function fieldForHeader(text: string, kind: ImportKind): FieldDef | undefined {
  const lookup = headerLookup(kind);
  const n = normaliseHeader(text);
  if (n === '') return undefined;
  return lookup.get(n) ?? lookup.get(withoutBracketed(n));
}

/**
 * Propose a mapping: each header column whose text matches a field's label (zh-CN or en), key or alias maps to that
 * field. When two columns name the same field the first one is used and the other is left unmapped.
 * `unmappedColumns` lists the non-empty header texts left over; `missingRequired` the keys of required fields
 * with no column.
 */
export function autoMapping(header: readonly string[], kind: ImportKind): { mapping: Mapping; unmappedColumns: string[]; missingRequired: string[] } {
  const mapping: Mapping = {};
  const unmappedColumns: string[] = [];
  header.forEach((text, i) => {
    const f = fieldForHeader(text, kind);
    if (f && mapping[f.key] === undefined) mapping[f.key] = i;
    else if (text.trim() !== '') unmappedColumns.push(text);
  });
  const missingRequired = fieldsOf(kind)
    .filter((f) => f.required && mapping[f.key] === undefined)
    .map((f) => f.key);
  return { mapping, unmappedColumns, missingRequired };
}

/**
 * Problems with a mapping: a key that is no field of this kind (`unknown_field`), a column index that is not an
 * integer inside the header (`column_out_of_range`), a column given to two fields (`column_reused`, reported on the
 * second field) and a required field without a column (`required_unmapped`). Empty when the mapping is usable.
 */
export function validateMapping(header: readonly string[], mapping: Mapping, kind: ImportKind): RowError[] {
  const errors: RowError[] = [];
  const fields = new Map(fieldsOf(kind).map((f) => [f.key, f]));
  const usedBy = new Map<number, FieldDef>();
  for (const [key, index] of Object.entries(mapping)) {
    const f = fields.get(key);
    if (!f) {
      errors.push({
        field: key,
        column: Number.isInteger(index) && index >= 0 && index < header.length ? header[index]! : key,
        code: 'unknown_field',
        message: { 'zh-CN': `未知字段：${key}`, en: `unknown field: ${key}` },
      });
      continue;
    }
    if (!Number.isInteger(index) || index < 0 || index >= header.length) {
      errors.push({
        field: key,
        column: f.label['zh-CN'],
        code: 'column_out_of_range',
        message: { 'zh-CN': `列序号 ${index} 超出表头范围（共 ${header.length} 列）`, en: `column index ${index} is outside the header (${header.length} columns)` },
      });
      continue;
    }
    const other = usedBy.get(index);
    if (other) {
      errors.push({
        field: key,
        column: header[index]!,
        code: 'column_reused',
        message: {
          'zh-CN': `同一列已对应字段「${other.label['zh-CN']}」，不能再对应「${f.label['zh-CN']}」`,
          en: `the column is already mapped to "${other.label.en}" and cannot also be "${f.label.en}"`,
        },
      });
      continue;
    }
    usedBy.set(index, f);
  }
  for (const f of fields.values()) {
    if (f.required && mapping[f.key] === undefined) {
      errors.push({
        field: f.key,
        column: f.label['zh-CN'],
        code: 'required_unmapped',
        message: { 'zh-CN': `缺少必填列「${f.label['zh-CN']}」`, en: `required column "${f.label.en}" is missing` },
      });
    }
  }
  return errors;
}
