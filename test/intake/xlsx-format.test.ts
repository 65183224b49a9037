import { describe, expect, it } from 'vitest';
import {
  builtinDateKind,
  classifyFormatCode,
  columnNumber,
  formatNumber,
  isoCellText,
  serialToText,
  unescapeOoxml,
} from '../../src/server/modules/intake/reader/xlsx-format.js';
import { StringTable } from '../../src/server/modules/intake/reader/string-table.js';

describe('number formats', () => {
  it.each([
    ['yyyy-mm-dd', 'date'],
    ['yyyy/m/d;@', 'date'],
    ['yyyy"年"m"月"d"日"', 'date'],
    ['[$-804]yyyy"年"m"月"d"日"', 'date'],
    ['[DBNum1][$-804]yyyy"年"m"月"d"日"', 'date'],
    ['mmm-yy', 'date'],
    ['d-mmm', 'date'],
    ['aaaa', 'date'],
    ['yyyy/m/d h:mm', 'datetime'],
    ['yyyy-mm-dd hh:mm:ss', 'datetime'],
    ['h:mm:ss', 'time'],
    ['h:mm AM/PM', 'time'],
    ['上午/下午h"时"mm"分"', 'time'],
    ['mm:ss', 'time'],
    ['[h]:mm:ss', null],
    ['General', null],
    ['0.00', null],
    ['#,##0.00_);[Red](#,##0.00)', null],
    ['0.00E+00', null],
    ['0.00%', null],
    ['"¥"#,##0.00', null],
    ['[$¥-804]#,##0.00', null],
    ['#,##0 "元"', null],
    ['@', null],
  ])('%s → %s', (code, kind) => {
    expect(classifyFormatCode(code)).toBe(kind);
  });

  it('knows the built-in date formats, the Chinese ones included', () => {
    expect([14, 22, 20, 31, 57, 58, 32].map(builtinDateKind)).toEqual(['date', 'datetime', 'time', 'date', 'date', 'date', 'time']);
    expect([0, 1, 2, 4, 9, 10, 11, 46, 49].map(builtinDateKind)).toEqual(Array(9).fill(null));
  });
});

describe('serial dates', () => {
  it('follows the 1900 system and its leap-year bug', () => {
    expect([0, 1, 59, 60, 61, 45306, 2958465].map((n) => serialToText(n, 'date', false))).toEqual([
      '1900-01-00',
      '1900-01-01',
      '1900-02-28',
      '1900-02-29',
      '1900-03-01',
      '2024-01-15',
      '9999-12-31',
    ]);
  });

  it('follows the 1904 system', () => {
    expect([0, 1, 43844].map((n) => serialToText(n, 'date', true))).toEqual(['1904-01-01', '1904-01-02', '2024-01-15']);
  });

  it('rounds times to the second and carries into the next day', () => {
    expect(serialToText(45306.5729166667, 'datetime', false)).toBe('2024-01-15 13:45:00');
    expect(serialToText(45306.99999999, 'datetime', false)).toBe('2024-01-16 00:00:00');
    expect(serialToText(0.75, 'time', false)).toBe('18:00:00');
    expect(serialToText(45306.75, 'date', false)).toBe('2024-01-15');
  });

  it('leaves values outside Excel dates alone', () => {
    expect(serialToText(-1, 'date', false)).toBeNull();
    expect(serialToText(2958466, 'date', false)).toBeNull();
    expect(serialToText(Number.NaN, 'date', false)).toBeNull();
  });
});

describe('cell text', () => {
  it.each([
    [1234.56, '1234.56'],
    [1234.5599999999999, '1234.56'],
    [0.1 + 0.2, '0.3'],
    [1.0000000002, '1.0000000002'],
    [100, '100'],
    [-0, '0'],
    [-12.5, '-12.5'],
    [1e-7, '0.0000001'],
    [1.5e21, '1500000000000000000000'],
    [123456789012345678, '123456789012346000'],
    [9007199254740991, '9007199254740991'],
    [1 / 3, '0.333333333333333'],
  ])('%s → %s', (n, text) => {
    expect(formatNumber(n)).toBe(text);
  });

  it('decodes OOXML escapes', () => {
    expect(unescapeOoxml('a_x000D_\nb')).toBe('a\r\nb');
    expect(unescapeOoxml('_x005F_x0041_')).toBe('_x0041_');
    expect(unescapeOoxml('plain_x')).toBe('plain_x');
  });

  it('reads ISO dates and column letters', () => {
    expect(isoCellText('2024-01-15T00:00:00Z')).toBe('2024-01-15');
    expect(isoCellText('2024-01-15T13:45:30')).toBe('2024-01-15 13:45:30');
    expect(['A1', 'Z9', 'AA10', 'XFD1048576', '12'].map(columnNumber)).toEqual([1, 26, 27, 16384, 0]);
  });
});

describe('StringTable', () => {
  it('returns every entry across page boundaries', () => {
    const table = new StringTable();
    const entries: string[] = [];
    for (let i = 0; i < 200_000; i++) entries.push(i % 7 === 0 ? '' : `${'浙江省杭州市'.slice(0, i % 6)}${i}`.repeat(1 + (i % 3)));
    entries.push('x'.repeat(3 << 20)); // longer than a page
    entries.push('last');
    for (const entry of entries) table.push(entry);
    table.flush();
    expect(table.size).toBe(entries.length);
    expect(entries.every((entry, i) => table.get(i) === entry)).toBe(true);
    expect([table.get(-1), table.get(entries.length), table.get(Number.NaN)]).toEqual([undefined, undefined, undefined]);
  });
});
