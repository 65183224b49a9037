import { createReadStream, existsSync, readdirSync } from 'node:fs';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { isUtf8 } from 'node:buffer';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable, Writable } from 'node:stream';
import ExcelJS from 'exceljs';
import iconv from 'iconv-lite';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  IntakeFileError,
  openRowFile,
  openRowStream,
  REASON_HEADER,
  writeRejectedCsv,
  type OpenedFile,
  type ReaderOptions,
  type RowRecord,
} from '../../src/server/modules/intake/reader/index.js';

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'intake-reader-test-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

let fileCount = 0;
async function fixture(name: string, content: string | Uint8Array): Promise<string> {
  const path = join(dir, `${++fileCount}-${name}`);
  await writeFile(path, content);
  return path;
}

async function readAll(file: OpenedFile): Promise<RowRecord[]> {
  const rows: RowRecord[] = [];
  for await (const row of file.rows) rows.push(row);
  return rows;
}

async function open(name: string, content: string | Uint8Array, options?: ReaderOptions): Promise<{ file: OpenedFile; rows: RowRecord[] }> {
  const file = await openRowFile(await fixture(name, content), options);
  return { file, rows: await readAll(file) };
}

async function* chunks(bytes: Uint8Array, size: number): AsyncGenerator<Uint8Array> {
  for (let i = 0; i < bytes.length; i += size) yield bytes.subarray(i, i + size);
}

/** The IntakeFileError a promise (or reading all rows) fails with. */
async function failure(run: () => Promise<unknown>): Promise<IntakeFileError> {
  try {
    await run();
  } catch (error) {
    expect(error).toBeInstanceOf(IntakeFileError);
    return error as IntakeFileError;
  }
  throw new Error('expected an IntakeFileError');
}

const gbk = (text: string): Buffer => iconv.encode(text, 'gbk');
const gb18030 = (text: string): Buffer => iconv.encode(text, 'gb18030');

/** A typical lender export, as Excel writes "CSV" on a Chinese Windows: GBK, CRLF. */
const PLACEMENT =
  '客户编号,姓名,身份证号,手机号,欠款金额,逾期天数,放款日期,地址\r\n' +
  'C001,张三,110101199001011234,13800138000,1234.56,30,2024/1/15,北京市朝阳区建国路88号\r\n' +
  'C002,李四,310101198505052345,13900139000,"12,000.00",95,2023/12/1,"上海市浦东新区世纪大道100号, 5楼"\r\n' +
  'C003,王小明,440301197712123456,13700137000,88.8,5,2024/2/29,深圳市南山区科技园\r\n';

describe('CSV encodings', () => {
  it('reads UTF-8', async () => {
    const { file, rows } = await open('utf8.csv', PLACEMENT);
    expect(file.format).toBe('csv');
    expect(file.encoding).toBe('utf8');
    expect(file.delimiter).toBe(',');
    expect(file.header).toEqual(['客户编号', '姓名', '身份证号', '手机号', '欠款金额', '逾期天数', '放款日期', '地址']);
    expect(rows.map((r) => r.cells[1])).toEqual(['张三', '李四', '王小明']);
    expect(rows[1]!.cells[4]).toBe('12,000.00');
    expect(rows[1]!.cells[7]).toBe('上海市浦东新区世纪大道100号, 5楼');
    expect(rows.map((r) => [r.rowNumber, r.line])).toEqual([[1, 2], [2, 3], [3, 4]]);
    expect(file.totalBytes).toBe(Buffer.byteLength(PLACEMENT));
    expect(file.bytesRead()).toBe(file.totalBytes);
  });

  it('strips a UTF-8 BOM', async () => {
    const { file, rows } = await open('bom.csv', `\uFEFF${PLACEMENT}`);
    expect(file.encoding).toBe('utf8-bom');
    expect(file.header[0]).toBe('客户编号');
    expect(rows).toHaveLength(3);
  });

  it('detects a typical GBK export, which is not valid UTF-8', async () => {
    const bytes = gbk(PLACEMENT);
    expect(isUtf8(bytes)).toBe(false);
    const { file, rows } = await open('gbk.csv', bytes);
    expect(file.encoding).toBe('gb18030');
    expect(file.header[7]).toBe('地址');
    expect(rows[2]!.cells).toEqual(['C003', '王小明', '440301197712123456', '13700137000', '88.8', '5', '2024/2/29', '深圳市南山区科技园']);
  });

  it.each([
    ['联通', '联通,1\r\n'],
    ['a header with one Chinese word', 'name,备注\r\nx,y\r\n'],
    ['common surnames', '姓名\r\n王\r\n李\r\n张\r\n刘\r\n陈\r\n杨\r\n赵\r\n黄\r\n周\r\n吴\r\n'],
  ])('does not take GBK for UTF-8: %s', async (_label, text) => {
    const { file } = await open('gbk-short.csv', gbk(text));
    expect(file.encoding).toBe('gb18030');
    expect(file.header.join(',')).toBe(text.split('\r\n')[0]);
  });

  it('reads GB18030 four-byte characters and the euro sign', async () => {
    const text = '姓名,备注\n𠀀𪚥,€100\n张三,㐀\n';
    const { file, rows } = await open('gb18030.csv', gb18030(text));
    expect(file.encoding).toBe('gb18030');
    expect(rows.map((r) => r.cells)).toEqual([['𠀀𪚥', '€100'], ['张三', '㐀']]);
    // GBK's one-byte euro (0x80, as Windows code page 936 writes it) reads too.
    const { rows: cp936 } = await open('cp936.csv', Buffer.concat([gbk('金额\n'), Buffer.from([0x80]), Buffer.from('5\n')]));
    expect(cp936[0]!.cells).toEqual(['€5']);
  });

  it('takes the encoding option over detection', async () => {
    // "浣犲ソ" in GBK is byte for byte "你好" in UTF-8: short text can be valid in both.
    const ambiguous = gbk('浣犲ソ\r\n1\r\n');
    expect((await open('ambiguous.csv', ambiguous)).file.header).toEqual(['你好']);
    const forced = await open('ambiguous.csv', ambiguous, { encoding: 'gbk' });
    expect(forced.file.encoding).toBe('gb18030');
    expect(forced.file.header).toEqual(['浣犲ソ']);
  });

  it.each([1, 3, 7])('keeps GBK characters split across %i-byte chunks', async (size) => {
    // Past the 64 KiB sniffing window, so the split happens in the streaming decoder too.
    let text = '编号,姓名,地址\r\n';
    for (let i = 0; text.length < 50_000; i++) text += `${i},欧阳娜娜${i},广东省广州市天河区珠江新城${i}号\r\n`;
    const bytes = gbk(text);
    expect(bytes.length).toBeGreaterThan(70_000);
    const file = await openRowStream(chunks(bytes, size), 'gbk.csv');
    const rows = await readAll(file);
    expect(file.encoding).toBe('gb18030');
    expect(rows.length).toBe(text.split('\r\n').length - 2);
    expect(rows.every((r, i) => r.cells[1] === `欧阳娜娜${i}` && r.cells[2] === `广东省广州市天河区珠江新城${i}号`)).toBe(true);
    expect(file.bytesRead()).toBe(bytes.length);
  });

  it('waits for the first non-ASCII bytes when the first 64 KiB are ASCII', async () => {
    let ascii = 'id,name,phone\n';
    for (let i = 0; ascii.length < 80_000; i++) ascii += `${i},x,1380000${i % 10000}\n`;
    const tail = '999999,张三,13800138000\n999998,李四,13900139000\n';

    const fromGbk = await openRowStream(chunks(Buffer.concat([Buffer.from(ascii), gbk(tail)]), 4096), 'late.csv');
    expect(fromGbk.encoding).toBe('utf8');
    const gbkRows = await readAll(fromGbk);
    expect(fromGbk.encoding).toBe('gb18030');
    expect(gbkRows.slice(-2).map((r) => r.cells[1])).toEqual(['张三', '李四']);

    const fromUtf8 = await openRowStream(chunks(Buffer.from(ascii + tail), 4096), 'late.csv');
    const utf8Rows = await readAll(fromUtf8);
    expect(fromUtf8.encoding).toBe('utf8');
    expect(utf8Rows.slice(-2).map((r) => r.cells[1])).toEqual(['张三', '李四']);
  });

  it('rejects bytes that are not in the encoding, with the line', async () => {
    const error = await failure(() => open('forced-utf8.csv', gbk(PLACEMENT), { encoding: 'utf8' }));
    expect(error.code).toBe('bad_encoding');
    expect(error.line).toBe(1);

    // Valid UTF-8 for the first 64 KiB, then a GBK line.
    let text = '编号,姓名\n';
    for (let i = 0; Buffer.byteLength(text) < 70_000; i++) text += `${i},张三\n`;
    const lines = text.split('\n').length;
    const late = await failure(() => open('late-gbk.csv', Buffer.concat([Buffer.from(text), gbk('1,李四\n')])));
    expect(late.code).toBe('bad_encoding');
    expect(late.line).toBe(lines);
  });

  it('rejects UTF-16 text', async () => {
    const error = await failure(() => open('utf16.csv', Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from('a\tb\r\n', 'utf16le')])));
    expect(error.code).toBe('bad_encoding');
  });
});

describe('CSV records', () => {
  it('reads quoted delimiters, doubled quotes and line breaks inside quotes, keeping the raw text', async () => {
    const text = 'a,b,c\n1,"x, y","he said ""hi"""\n2,"line1\nline2\nline3",z\n3,"",""""\n';
    const { rows } = await open('quoted.csv', text);
    expect(rows.map((r) => r.cells)).toEqual([
      ['1', 'x, y', 'he said "hi"'],
      ['2', 'line1\nline2\nline3', 'z'],
      ['3', '', '"'],
    ]);
    expect(rows.map((r) => r.line)).toEqual([2, 3, 6]);
    expect(rows.map((r) => r.raw)).toEqual(['1,"x, y","he said ""hi"""', '2,"line1\nline2\nline3",z', '3,"",""""']);
  });

  it('reads CRLF, CR and mixed line ends', async () => {
    const crlf = await open('crlf.csv', 'a,b\r\n1,"x\r\ny"\r\n2,z\r\n');
    expect(crlf.rows.map((r) => [r.line, ...r.cells, r.raw])).toEqual([
      [2, '1', 'x\r\ny', '1,"x\r\ny"'],
      [4, '2', 'z', '2,z'],
    ]);
    const cr = await open('cr.csv', 'a,b\r1,2\r3,4');
    expect(cr.rows.map((r) => [r.line, ...r.cells])).toEqual([[2, '1', '2'], [3, '3', '4']]);
    const mixed = await open('mixed.csv', 'a,b\r\n1,2\n3,4\r5,6\r\n');
    expect(mixed.rows.map((r) => [r.line, ...r.cells])).toEqual([[2, '1', '2'], [3, '3', '4'], [4, '5', '6']]);
  });

  it('skips empty lines and rows of empty cells, counting their lines', async () => {
    const { file, rows } = await open('blank.csv', '\n\na,b,c\n\n1,2,3\n,,\n  \n4,5,6\n\n\n\r\n');
    expect(file.header).toEqual(['a', 'b', 'c']);
    expect(rows.map((r) => [r.rowNumber, r.line, r.cells.join('|')])).toEqual([[1, 5, '1|2|3'], [2, 8, '4|5|6']]);
  });

  it('pads short rows to the header and keeps non-empty extra cells', async () => {
    const { file, rows } = await open('ragged.csv', ' a , b ,c,,\n1\n1,2,3,,,\n1,2,3,4\n');
    expect(file.header).toEqual(['a', 'b', 'c']);
    expect(rows.map((r) => r.cells)).toEqual([['1', '', ''], ['1', '2', '3'], ['1', '2', '3', '4']]);
  });

  it('is lenient with stray quotes, as Excel is', async () => {
    const { rows } = await open('stray.csv', 'size,name\n12",a"b\n"ab"c,d\n');
    expect(rows.map((r) => r.cells)).toEqual([['12"', 'a"b'], ['abc', 'd']]);
  });

  it('fails on an empty file', async () => {
    for (const content of ['', '\uFEFF', '\r\n\r\n  \n']) {
      expect((await failure(() => open('empty.csv', content))).code).toBe('empty_file');
    }
    expect((await failure(() => openRowStream(chunks(Buffer.alloc(0), 1), 'empty.csv'))).code).toBe('empty_file');
  });

  it('fails when no line has a value', async () => {
    expect((await failure(() => open('commas.csv', ',,,\r\n,,\r\n'))).code).toBe('no_header');
  });

  it('reads a header-only file as zero rows', async () => {
    for (const content of ['姓名,金额', '姓名,金额\r\n', '姓名,金额\r\n\r\n']) {
      const { file, rows } = await open('header-only.csv', content);
      expect(file.header).toEqual(['姓名', '金额']);
      expect(rows).toEqual([]);
    }
  });

  it('detects the delimiter from the header', async () => {
    const cases: [string, string][] = [
      [';', '姓名;金额;备注\n张三;1,5;x\n'],
      ['\t', '姓名\t金额\n张三\t1,5\n'],
      ['|', '姓名|金额\n张三|1,5\n'],
      [',', '姓名,"金额;元"\n张三,15\n'],
    ];
    for (const [delimiter, text] of cases) {
      const { file, rows } = await open('delimited.csv', text);
      expect(file.delimiter).toBe(delimiter);
      expect(rows[0]!.cells[1]).toBe(delimiter === ',' ? '15' : '1,5');
    }
    // Excel's "sep=" line.
    const sep = await open('sep.csv', 'sep=;\r\n姓名;金额,元\r\n张三;1\r\n');
    expect(sep.file.delimiter).toBe(';');
    expect(sep.file.header).toEqual(['姓名', '金额,元']);
    expect(sep.rows[0]!.line).toBe(3);
  });

  it('fails when the given delimiter leaves the header in one column that another would split', async () => {
    const text = '姓名;金额;备注\n张三;15;x\n';
    const error = await failure(() => open('semicolon.csv', text, { delimiter: ',' }));
    expect(error.code).toBe('bad_delimiter');
    expect(error.line).toBe(1);
    // A one-column file is fine.
    const single = await open('single.csv', '手机号\n13800138000\n', { delimiter: ',' });
    expect(single.rows[0]!.cells).toEqual(['13800138000']);
  });

  it('accepts 100 kB cells and fails on a cell over the limit, with its line and column', async () => {
    const big = '长'.repeat(100_000 / 3); // 100 kB of UTF-8
    const { rows } = await open('big.csv', `a,b\n1,"${big}"\n2,${big}\n`);
    expect(rows.map((r) => r.cells[1]!.length)).toEqual([big.length, big.length]);

    const error = await failure(() => open('too-big.csv', `a,b\n1,2\n3,"x\n${'y'.repeat(2000)}"\n`, { maxCellBytes: 1000 }));
    expect(error.code).toBe('cell_too_large');
    expect([error.line, error.column]).toEqual([3, 2]);

    // At the default limit (1 MiB), through the streaming path.
    const over = Buffer.from(`a,b,c\n1,2,3\n4,${'z'.repeat(1024 * 1024 + 1)},6\n`);
    const streamed = await failure(async () => readAll(await openRowStream(chunks(over, 65_536), 'over.csv')));
    expect(streamed.code).toBe('cell_too_large');
    expect([streamed.line, streamed.column]).toEqual([3, 2]);
  });

  it('fails on an unclosed quote with the line where it opened', async () => {
    const error = await failure(() => open('unclosed.csv', 'a,b\n1,2\n3,"never closed\n4,5\n6,7\n'));
    expect(error.code).toBe('unclosed_quote');
    expect([error.line, error.column]).toEqual([3, 2]);
  });

  it('stops a runaway quote before it fills memory', async () => {
    async function* runaway(): AsyncGenerator<Uint8Array> {
      yield Buffer.from('a,b\n1,"open\n');
      for (let i = 0; i < 10_000; i++) yield Buffer.from('x,y,z\n'.repeat(2000)); // 120 MB unless stopped
    }
    const file = await openRowStream(runaway(), 'runaway.csv');
    const error = await failure(() => readAll(file));
    expect(error.code).toBe('cell_too_large');
    expect(error.line).toBe(2);
    expect(file.bytesRead()).toBeLessThan(4 * 1024 * 1024);
  });
});

describe('CSV streaming', () => {
  it('respects back-pressure: a consumer that stops pulling stops the reading', async () => {
    let produced = 0;
    const source = Readable.from(
      (function* () {
        yield Buffer.from('id,name\n');
        for (let i = 0; i < 100_000; i++) {
          const chunk = Buffer.from(`${i},${'n'.repeat(1000)}\n`);
          produced += chunk.length;
          yield chunk;
        }
      })(),
    );
    const file = await openRowStream(source, 'slow.csv');
    const iterator = file.rows[Symbol.asyncIterator]();
    await iterator.next();
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(produced).toBeLessThan(1024 * 1024);
    expect(file.bytesRead()).toBeLessThan(1024 * 1024);
    await iterator.return?.();
    expect(source.destroyed).toBe(true);
  });

  it('closes the file when the consumer breaks out, or through close()', async () => {
    const path = await fixture('break.csv', 'a\n1\n2\n3\n');
    const file = await openRowFile(path);
    for await (const row of file.rows) {
      expect(row.cells).toEqual(['1']);
      break;
    }
    await expect(async () => {
      for await (const _ of file.rows) break;
    }).rejects.toThrow(/once/);

    const stream = createReadStream(path);
    const unread = await openRowStream(stream, 'break.csv');
    await unread.close();
    await unread.close();
    expect(stream.destroyed).toBe(true);
  });
});

describe('format detection', () => {
  it('rejects a legacy .xls (or password-protected) workbook', async () => {
    const ole = Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1, 0, 0, 0, 0]);
    expect((await failure(() => open('old.xls', ole))).code).toBe('bad_xlsx');
    expect((await failure(() => open('renamed.csv', ole))).code).toBe('bad_xlsx');
  });

  it('rejects an .xlsx that is not a zip, and a damaged zip', async () => {
    expect((await failure(() => open('fake.xlsx', 'a,b\n1,2\n'))).code).toBe('bad_xlsx');
    const damaged = Buffer.concat([Buffer.from([0x50, 0x4b, 0x03, 0x04]), Buffer.alloc(200, 7)]);
    expect((await failure(() => open('damaged.xlsx', damaged))).code).toBe('bad_xlsx');
  });
});

async function workbook(build: (wb: ExcelJS.Workbook) => void): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  build(wb);
  return Buffer.from(await wb.xlsx.writeBuffer());
}

describe('XLSX', () => {
  it('reads strings, numbers, dates, formulas and empty cells', async () => {
    const bytes = await workbook((wb) => {
      const ws = wb.addWorksheet('放款明细');
      ws.addRow(['姓名', '金额', '放款日期', '应还', '备注', '还款时间', '状态', '利率']);
      ws.addRow(['张三', 1234.56, new Date(Date.UTC(2024, 0, 15)), { formula: 'B2*2', result: 2469.12 }, null, new Date(Date.UTC(2024, 0, 15, 13, 45, 30)), true, 0.1 + 0.2]);
      ws.addRow(['李四', 100, 60, { formula: 'A3&"先生"', result: '李四先生' }, { richText: [{ text: '富' }, { text: '文本' }] }, 0.5, false, 1e-7]);
      ws.addRow([]);
      ws.addRow(['王五', -0.5, 1, { formula: 'NA()', result: { error: '#N/A' } }]);
      ws.addRow([' ', null, null]);
      ws.addRow(['赵六', 123456789012345, 2958465, null, null, 44927.99999999]);
      ws.getColumn(3).numFmt = 'yyyy"年"m"月"d"日"';
      ws.getCell('F2').numFmt = 'yyyy/m/d h:mm:ss';
      ws.getCell('F3').numFmt = 'h:mm:ss';
      ws.getCell('F7').numFmt = 'yyyy-mm-dd';
      ws.getCell('H2').numFmt = '0.00%';
    });
    const { file, rows } = await open('book.xlsx', bytes);
    expect(file.format).toBe('xlsx');
    expect(file.encoding).toBeNull();
    expect(file.delimiter).toBeNull();
    expect(file.header).toEqual(['姓名', '金额', '放款日期', '应还', '备注', '还款时间', '状态', '利率']);
    expect(rows.map((r) => [r.rowNumber, r.line, ...r.cells])).toEqual([
      [1, 2, '张三', '1234.56', '2024-01-15', '2469.12', '', '2024-01-15 13:45:30', 'TRUE', '0.3'],
      [2, 3, '李四', '100', '1900-02-29', '李四先生', '富文本', '12:00:00', 'FALSE', '0.0000001'],
      [3, 5, '王五', '-0.5', '1900-01-01', '#N/A', '', '', '', ''],
      [4, 7, '赵六', '123456789012345', '9999-12-31', '', '', '2023-01-01', '', ''],
    ]);
    expect(rows.every((r) => r.raw === undefined)).toBe(true);
    expect(file.bytesRead()).toBe(bytes.length);
  });

  it('reads serials 59, 60, 61 around the 1900 leap-year bug', async () => {
    const bytes = await workbook((wb) => {
      const ws = wb.addWorksheet('s');
      ws.addRow(['serial', 'date']);
      for (const n of [1, 59, 60, 61, 45306]) ws.addRow([n, n]);
      ws.getColumn(2).numFmt = 'yyyy-mm-dd';
    });
    const { rows } = await open('serials.xlsx', bytes);
    expect(rows.map((r) => r.cells)).toEqual([
      ['1', '1900-01-01'],
      ['59', '1900-02-28'],
      ['60', '1900-02-29'],
      ['61', '1900-03-01'],
      ['45306', '2024-01-15'],
    ]);
  });

  it('reads a workbook in the 1904 date system', async () => {
    const bytes = await workbook((wb) => {
      wb.properties.date1904 = true;
      const ws = wb.addWorksheet('mac');
      ws.addRow(['serial', 'date']);
      for (const n of [0, 1, 43844]) ws.addRow([n, n]);
      ws.getColumn(2).numFmt = 'yyyy-mm-dd';
    });
    const { rows } = await open('1904.xlsx', bytes);
    expect(rows.map((r) => r.cells[1])).toEqual(['1904-01-01', '1904-01-02', '2024-01-15']);
  });

  it('chooses the sheet by name or index, the first visible one by default', async () => {
    const bytes = await workbook((wb) => {
      const hidden = wb.addWorksheet('说明');
      hidden.state = 'hidden';
      hidden.addRow(['hidden']);
      wb.addWorksheet('第一批').addRow(['批次']).commit();
      wb.getWorksheet('第一批')!.addRow(['A']);
      const second = wb.addWorksheet('第二批');
      second.addRow(['批次']);
      second.addRow(['B']);
    });
    const path = await fixture('sheets.xlsx', bytes);
    expect((await readAll(await openRowFile(path)))[0]!.cells).toEqual(['A']);
    expect((await readAll(await openRowFile(path, { sheet: '第二批' })))[0]!.cells).toEqual(['B']);
    expect((await readAll(await openRowFile(path, { sheet: 2 })))[0]!.cells).toEqual(['B']);
    expect((await openRowFile(path, { sheet: 0 })).header).toEqual(['hidden']);
    const missing = await failure(() => openRowFile(path, { sheet: '第三批' }));
    expect(missing.code).toBe('bad_xlsx');
    expect(missing.message).toContain('第二批');
  });

  it('fails on a sheet with no rows', async () => {
    const bytes = await workbook((wb) => {
      wb.addWorksheet('空');
    });
    expect((await failure(() => open('empty-sheet.xlsx', bytes))).code).toBe('no_header');
  });

  it('keeps Chinese text whole across inflate chunks (streaming writer, shared and inline strings)', async () => {
    for (const useSharedStrings of [true, false]) {
      const path = join(dir, `chinese-${useSharedStrings}.xlsx`);
      const writer = new ExcelJS.stream.xlsx.WorkbookWriter({ filename: path, useSharedStrings });
      const ws = writer.addWorksheet('数据');
      ws.addRow(['姓名', '地址', '金额']).commit();
      for (let i = 0; i < 20_000; i++) ws.addRow([`张三丰${i}`, `浙江省杭州市西湖区文三路${i}号`, i + 0.25]).commit();
      await ws.commit();
      await writer.commit();
      const file = await openRowFile(path);
      let count = 0;
      for await (const row of file.rows) {
        expect(row.cells).toEqual([`张三丰${count}`, `浙江省杭州市西湖区文三路${count}号`, String(count + 0.25)]);
        count++;
      }
      expect(count).toBe(20_000);
    }
  });

  it('reads an XLSX stream through a temporary copy that is removed afterwards', async () => {
    const bytes = await workbook((wb) => {
      const ws = wb.addWorksheet('s');
      ws.addRow(['a', 'b']);
      ws.addRow(['x', 2]);
    });
    const before = readdirSync(tmpdir()).filter((n) => n.startsWith('concord-intake-')).length;
    const file = await openRowStream(chunks(bytes, 1000), 'upload.bin');
    expect(file.format).toBe('xlsx');
    expect(file.totalBytes).toBe(bytes.length);
    expect((await readAll(file)).map((r) => r.cells)).toEqual([['x', '2']]);
    expect(readdirSync(tmpdir()).filter((n) => n.startsWith('concord-intake-')).length).toBe(before);
  });

  it('reads a header-only sheet as zero rows, padding nothing', async () => {
    const bytes = await workbook((wb) => {
      const ws = wb.addWorksheet('s');
      ws.addRow([null, ' 姓名 ', '金额', null]);
    });
    const { file, rows } = await open('header-only.xlsx', bytes);
    expect(file.header).toEqual(['', '姓名', '金额']);
    expect(rows).toEqual([]);
  });

  it('removes the temporary copy when closed without reading', async () => {
    const bytes = await workbook((wb) => {
      const ws = wb.addWorksheet('s');
      ws.addRow(['a']);
      ws.addRow(['x']);
    });
    const count = () => readdirSync(tmpdir()).filter((n) => n.startsWith('concord-intake-')).length;
    const before = count();
    const file = await openRowStream(Readable.from([bytes]), 'upload.xlsx');
    expect(count()).toBe(before + 1);
    await file.close();
    expect(count()).toBe(before);
  });

  it('fails on a cell over the limit with its row and column', async () => {
    const bytes = await workbook((wb) => {
      const ws = wb.addWorksheet('s');
      ws.addRow(['a', 'b']);
      ws.addRow(['x', 'y']);
      ws.addRow(['x', 'z'.repeat(5000)]);
    });
    const error = await failure(async () => (await open('big.xlsx', bytes, { maxCellBytes: 1000 })).rows);
    expect(error.code).toBe('cell_too_large');
  });
});

describe('writeRejectedCsv', () => {
  async function written(run: (out: Writable) => Promise<void>): Promise<Buffer> {
    const parts: Buffer[] = [];
    const out = new Writable({
      highWaterMark: 16,
      write(chunk: Buffer, _encoding, callback) {
        parts.push(chunk);
        setImmediate(callback);
      },
    });
    await run(out);
    return Buffer.concat(parts);
  }

  it('writes the original records back with a reason column, as UTF-8 with a BOM', async () => {
    const file = await openRowFile(await fixture('rejects.csv', gbk('姓名;金额;备注\r\n张三;"1;5";"a ""b"""\r\n李四\r\n王五;3;"多\r\n行"\r\n')));
    const rows = await readAll(file);
    const out = await written(async (stream) => {
      const writer = writeRejectedCsv(stream, { header: file.header, delimiter: file.delimiter as ';' });
      for (const row of rows) await writer.write(row, `第${row.line}行: 金额无效`);
      await writer.end();
      expect(writer.rowsWritten).toBe(3);
    });
    expect([...out.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    expect(out.subarray(3).toString('utf8')).toBe(
      `姓名;金额;备注;${REASON_HEADER}\r\n` +
        '张三;"1;5";"a ""b""";第2行: 金额无效\r\n' +
        '李四;;;第3行: 金额无效\r\n' +
        '王五;3;"多\r\n行";第4行: 金额无效\r\n',
    );
  });

  it('quotes cells when there is no raw record (XLSX rows)', async () => {
    const path = join(dir, 'rejected.csv');
    const writer = writeRejectedCsv(path, { header: ['姓名', '地址'] });
    await writer.write({ cells: ['张三', '北京市, 朝阳区'] }, '缺少手机号');
    await writer.write({ cells: ['李四', 'say "hi"'], raw: 'not,the,same' }, 'x');
    await writer.end();
    expect(await readFile(path, 'utf8')).toBe(`\uFEFF姓名,地址,${REASON_HEADER}\r\n张三,"北京市, 朝阳区",缺少手机号\r\n李四,"say ""hi""",x\r\n`);
    expect(existsSync(path)).toBe(true);
  });
});
