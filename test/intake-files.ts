// Placement and payment files for intake tests: deterministic rows with the zh-CN column names a lender uses.
import { makeNationalId } from '../src/core/person/index.js';

export const PLACEMENT_HEADER = [
  '客户编号', '姓名', '身份证号', '手机号码', '住宅地址所在地区', '住宅地址', '联系人1姓名', '联系人1关系', '联系人1电话',
  '借款编号', '产品名称', '借款金额', '年化利率', '放款日期', '借款期数', '出借人类型', '剩余本金', '剩余利息', '逾期起始日',
];
export const PAYMENT_HEADER = ['还款流水号', '借款编号', '还款金额', '还款日期', '还款渠道'];

const SURNAMES = '王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗';
const GIVEN = '伟芳娜秀英敏静丽强磊军洋勇艳杰娟涛明超秀兰霞平刚桂英';

/** Row i of a placements file (one debtor, one loan). */
export function placementRow(i: number, over: Partial<Record<(typeof PLACEMENT_HEADER)[number], string>> = {}): string[] {
  const birth = `19${70 + (i % 30)}-0${1 + (i % 9)}-1${i % 10}`;
  const name = SURNAMES[i % SURNAMES.length]! + GIVEN[(i * 7) % GIVEN.length]! + (i % 3 === 0 ? GIVEN[(i * 3) % GIVEN.length]! : '');
  const values: Record<string, string> = {
    客户编号: `C${String(i).padStart(7, '0')}`,
    姓名: name,
    身份证号: makeNationalId('110105', birth, 100 + (i % 800)),
    手机号码: `13${String(800_000_000 + i).padStart(9, '0')}`,
    住宅地址所在地区: '北京市朝阳区',
    住宅地址: `朝阳路${(i % 200) + 1}号${(i % 9) + 1}栋${(i % 30) + 101}`,
    联系人1姓名: '张三',
    联系人1关系: '配偶',
    联系人1电话: `15${String(900_000_000 + i).padStart(9, '0')}`,
    借款编号: `L${String(i).padStart(8, '0')}`,
    产品名称: '现金贷',
    借款金额: String(10_000 + (i % 50) * 1000),
    年化利率: '18%',
    放款日期: '2025-01-15',
    借款期数: '12',
    出借人类型: '持牌',
    剩余本金: String(8000 + (i % 50) * 800) + '.50',
    剩余利息: '120.00',
    逾期起始日: '2026-10-01',
    ...over,
  };
  return PLACEMENT_HEADER.map((h) => values[h] ?? '');
}

const quote = (s: string) => (/[",\r\n]/.test(s) ? `"${s.replaceAll('"', '""')}"` : s);
export const csv = (rows: string[][]): string => rows.map((r) => r.map(quote).join(',')).join('\r\n') + '\r\n';

export function paymentRow(i: number, loanIndex: number, over: Partial<Record<(typeof PAYMENT_HEADER)[number], string>> = {}): string[] {
  const values: Record<string, string> = { 还款流水号: `P${String(i).padStart(8, '0')}`, 借款编号: `L${String(loanIndex).padStart(8, '0')}`, 还款金额: '500.00', 还款日期: '2026-11-01', 还款渠道: '代扣', ...over };
  return PAYMENT_HEADER.map((h) => values[h] ?? '');
}
