import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { describe, expect, it } from 'vitest';
import { openRowStream, type RowRecord } from '../../src/server/modules/intake/reader/index.js';

// Its own file, so its own worker: the heap other tests leave behind does not blur the numbers.
describe('intake reader memory', () => {
  it(
    'streams a generated 1,000,000-row CSV with flat memory',
    async () => {
      setFlagsFromString('--expose-gc');
      const gc = runInNewContext('gc') as () => void;
      const ROWS = 1_000_000;
      // Generated as it is read: the file never exists in memory or on disk.
      async function* generate(): AsyncGenerator<Uint8Array> {
        let text = '客户编号,姓名,身份证号,手机号,欠款金额,逾期天数,放款日期,地址\r\n';
        for (let i = 0; i < ROWS; i++) {
          text += `C${i},张三丰${i % 1000},11010119900101${i % 10000},1380013${i % 10000},${(i * 1.37).toFixed(2)},${i % 365},2024-01-${(i % 28) + 10},"浙江省杭州市西湖区文三路${i}号, 3楼"\r\n`;
          if (text.length > 32_768) {
            yield Buffer.from(text);
            text = '';
          }
        }
        yield Buffer.from(text);
      }
      gc();
      const base = process.memoryUsage().heapUsed;
      let peak = 0;
      let retained = 0;
      const file = await openRowStream(generate(), 'million.csv');
      let count = 0;
      let last: RowRecord | undefined;
      for await (const row of file.rows) {
        count++;
        last = row;
        // Peak: as the heap really is, garbage included.
        if (count % 10_000 === 0) peak = Math.max(peak, process.memoryUsage().heapUsed - base);
        // Retained: what survives a full collection — grows if anything is kept per row.
        if (count % 250_000 === 0) {
          gc();
          retained = Math.max(retained, process.memoryUsage().heapUsed - base);
        }
      }
      expect(count).toBe(ROWS);
      expect(last?.cells[0]).toBe(`C${ROWS - 1}`);
      expect(last?.line).toBe(ROWS + 1);
      expect(file.bytesRead()).toBeGreaterThan(100 * 1024 * 1024);
      expect(peak).toBeLessThan(64 * 1024 * 1024);
      expect(retained).toBeLessThan(8 * 1024 * 1024);
    },
    180_000,
  );
});
