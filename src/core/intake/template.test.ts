import { describe, expect, it } from 'vitest';
import { fieldsOf } from './fields.js';
import { autoMapping, validateMapping } from './mapping.js';
import { DuplicateTracker, rowErrorText, validatePaymentRow, validatePlacementRow } from './rows.js';
import { csvCell, templateCsv } from './template.js';
import { importKinds } from './types.js';

/** Minimal RFC 4180 reader for the test (quoted fields, "" escapes, CRLF). */
function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let cell = '';
  let quoted = false;
  const endCell = (): void => {
    row.push(cell);
    cell = '';
  };
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') {
        cell += '"';
        i++;
      } else if (c === '"') quoted = false;
      else cell += c;
    } else if (c === '"') quoted = true;
    else if (c === ',') endCell();
    else if (c === '\r' && text[i + 1] === '\n') {
      endCell();
      rows.push(row);
      row = [];
      i++;
    } else cell += c;
  }
  if (cell !== '' || row.length > 0) {
    endCell();
    rows.push(row);
  }
  return rows;
}

const cases = importKinds.flatMap((kind) => (['zh-CN', 'en'] as const).map((locale) => [kind, locale] as const));

describe('templateCsv', () => {
  it.each(cases)('%s / %s: BOM, CRLF, a header of every field and two example rows', (kind, locale) => {
    const text = templateCsv(kind, locale);
    expect(text.startsWith('\uFEFF')).toBe(true);
    expect(text.endsWith('\r\n')).toBe(true);
    expect(text.slice(1).replaceAll('\r\n', '')).not.toMatch(/[\r\n]/);
    const rows = parseCsv(text.slice(1));
    expect(rows).toHaveLength(3);
    const fields = fieldsOf(kind);
    expect(rows[0]).toEqual(fields.map((f) => f.label[locale] + (f.required ? '*' : '')));
    for (const r of rows) expect(r).toHaveLength(fields.length);
  });

  it.each(cases)('%s / %s round-trips through autoMapping and its examples validate', (kind, locale) => {
    const [header, ...examples] = parseCsv(templateCsv(kind, locale).slice(1));
    const { mapping, unmappedColumns, missingRequired } = autoMapping(header!, kind);
    expect(missingRequired).toEqual([]);
    expect(unmappedColumns).toEqual([]);
    expect(validateMapping(header!, mapping, kind)).toEqual([]);
    const tracker = new DuplicateTracker(kind, header, mapping);
    for (const cells of examples) {
      const r = kind === 'placements' ? validatePlacementRow(header!, cells, mapping, { today: '2024-01-01' }) : validatePaymentRow(header!, cells, mapping, { today: '2024-01-01' });
      expect(r.ok, r.ok ? '' : rowErrorText(r.errors, 'en')).toBe(true);
      if (r.ok) expect(tracker.check(r.record)).toBeNull();
    }
  });

  it('examples validate with the default today and give the same records in both languages', () => {
    const records = (['zh-CN', 'en'] as const).map((locale) => {
      const [header, ...rows] = parseCsv(templateCsv('placements', locale).slice(1));
      const { mapping } = autoMapping(header!, 'placements');
      return rows.map((cells) => validatePlacementRow(header!, cells, mapping, { today: '2026-11-28' }));
    });
    expect(records[0]!.every((r) => r.ok)).toBe(true);
    // Relationship text is free text (配偶 / spouse); everything else is identical.
    const strip = (r: (typeof records)[number][number]) => (r.ok ? { ...r.record, contacts: r.record.contacts.map((c) => ({ ...c, relationship: '' })) } : r);
    expect(records[1]!.map(strip)).toEqual(records[0]!.map(strip));
  });
});

describe('csvCell', () => {
  it.each([
    ['plain', 'plain'],
    ['1,000.00', '"1,000.00"'],
    ['say "hi"', '"say ""hi"""'],
    ['a\nb', '"a\nb"'],
    [' edge', '" edge"'],
    ['', ''],
  ])('%j → %j', (s, v) => expect(csvCell(s)).toBe(v));
});
