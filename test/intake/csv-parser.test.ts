import { parse } from 'csv-parse/sync';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { CsvParser, type ParsedRecord } from '../../src/server/modules/intake/reader/csv-parser.js';

function parseAll(text: string, delimiter: string, cuts: number[]): ParsedRecord[] {
  const parser = new CsvParser(delimiter, 1 << 20, 1 << 24);
  const out: ParsedRecord[] = [];
  let from = 0;
  for (const cut of [...cuts].sort((a, b) => a - b)) {
    parser.push(text.slice(from, cut), out);
    from = cut;
  }
  parser.push(text.slice(from), out);
  parser.end(out);
  return out;
}

const breaks = (s: string): number => (s.match(/\r\n|\r|\n/g) ?? []).length;

describe('CsvParser', () => {
  it('agrees with csv-parse on random RFC 4180 documents cut into random chunks', () => {
    const field = fc.string({ unit: fc.constantFrom('a', '中', '𠀀', ' ', ',', ';', '"', '\n', '\r', '\r\n'), maxLength: 6 });
    const doc = fc.record({
      rows: fc.array(fc.array(fc.tuple(field, fc.boolean()), { minLength: 1, maxLength: 4 }), { minLength: 1, maxLength: 6 }),
      delimiter: fc.constantFrom(',', ';', '\t'),
      eol: fc.constantFrom('\n', '\r\n', '\r'),
      trailingEol: fc.boolean(),
      cuts: fc.array(fc.nat(), { maxLength: 8 }),
    });
    fc.assert(
      fc.property(doc, ({ rows, delimiter, eol, trailingEol, cuts }) => {
        const records = rows.map((cells) =>
          cells
            .map(([value, forceQuotes]) => (forceQuotes || /["\r\n]/.test(value) || value.includes(delimiter) ? `"${value.replace(/"/g, '""')}"` : value))
            .join(delimiter),
        );
        const text = records.join(eol) + (trailingEol ? eol : '');
        const ours = parseAll(text, delimiter, cuts.map((c) => c % (text.length + 1)));
        const oracle = parse(text, { delimiter, record_delimiter: ['\r\n', '\n', '\r'], relax_column_count: true, skip_empty_lines: true }) as string[][];
        expect(ours.map((r) => r.cells)).toEqual(oracle);
        // Raw text and start lines, from how the document was built (empty lines are skipped).
        const expected: { raw: string; line: number }[] = [];
        let line = 1;
        for (const raw of records) {
          if (raw !== '') expected.push({ raw, line });
          line += breaks(raw) + 1;
        }
        expect(ours.map((r) => ({ raw: r.raw, line: r.line }))).toEqual(expected);
      }),
      { numRuns: 2000 },
    );
  });

  it('reads a CRLF split between two pushes as one line end', () => {
    const parser = new CsvParser(',', 100, 1000);
    const out: ParsedRecord[] = [];
    parser.push('a,b\r', out);
    parser.push('\n1,"x\r', out);
    parser.push('\ny"\r', out);
    parser.push('\n2,3', out);
    parser.end(out);
    expect(out.map((r) => [r.line, r.cells, r.raw])).toEqual([
      [1, ['a', 'b'], 'a,b'],
      [2, ['1', 'x\r\ny'], '1,"x\r\ny"'],
      [4, ['2', '3'], '2,3'],
    ]);
  });

  it('limits cells in bytes (UTF-8) and records in characters', () => {
    const out: ParsedRecord[] = [];
    expect(() => new CsvParser(',', 9, 1000).push('a,中中中中\n', out)).toThrow(/column 2/); // 12 bytes
    expect(() => new CsvParser(',', 12, 1000).push('a,中中中中\n', out)).not.toThrow();
    const long = new CsvParser(',', 10, 20);
    expect(() => long.push('1234567890,1234567890,1234567890', out)).toThrow(expect.objectContaining({ code: 'cell_too_large', line: 1 }));
  });
});
