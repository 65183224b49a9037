// Small tables shared by the calculator, the case's plans and the approvals inbox.
import { Table, Tag } from 'antd';
import { useTranslation } from 'react-i18next';
import type { PlanOut } from '../../../contracts/negotiation.js';
import type { Bilingual } from '../../../core/negotiation/index.js';
import { formatMoney } from '../../app/format.js';

export type ScheduleLine = { seq: number; dueDate: string; paymentMinor: number; principalMinor: number; interestMinor: number; balanceMinor?: number; paidMinor?: number; status?: string };

/** A plan's installments: due date, payment and its split; the balance (calculator) or what was paid (stored plans). */
export const ScheduleTable = ({ rows, currency, testId }: { rows: ScheduleLine[]; currency: string; testId?: string }) => {
  const { t } = useTranslation();
  const stored = rows.some((r) => r.status !== undefined);
  return (
    <Table<ScheduleLine>
      size="small"
      rowKey="seq"
      dataSource={rows}
      pagination={rows.length > 12 ? { pageSize: 12, size: 'small', showSizeChanger: false } : false}
      data-testid={testId}
      columns={[
        { title: t('negotiation.seq'), dataIndex: 'seq', width: 56, align: 'right' },
        { title: t('negotiation.dueDate'), dataIndex: 'dueDate', width: 110 },
        { title: t('negotiation.payment'), dataIndex: 'paymentMinor', align: 'right', render: (v: number) => formatMoney(v, currency) },
        { title: t('negotiation.principal'), dataIndex: 'principalMinor', align: 'right', render: (v: number) => formatMoney(v, currency) },
        { title: t('negotiation.interest'), dataIndex: 'interestMinor', align: 'right', render: (v: number) => formatMoney(v, currency) },
        stored
          ? { title: t('negotiation.paid'), dataIndex: 'paidMinor', align: 'right', render: (v: number) => formatMoney(v, currency) }
          : { title: t('negotiation.balance'), dataIndex: 'balanceMinor', align: 'right', render: (v: number) => formatMoney(v, currency) },
        ...(stored
          ? [{ title: t('negotiation.status'), dataIndex: 'status', width: 96, render: (v: InstallmentStatus) => <Tag color={installmentColor[v]}>{t(`negotiation.installmentStatus.${v}`)}</Tag> }]
          : []),
      ]}
    />
  );
};

type InstallmentStatus = 'upcoming' | 'due' | 'paid' | 'partial' | 'missed';
const installmentColor: Record<InstallmentStatus, string> = { upcoming: 'default', due: 'blue', paid: 'green', partial: 'gold', missed: 'red' };

export const planStatusColor: Record<PlanOut['status'], string> = {
  proposed: 'orange', approved: 'blue', active: 'processing', completed: 'green', broken: 'red', rejected: 'default', cancelled: 'default',
};

/** The summary in the reader's language. */
export const useBilingual = () => {
  const { i18n } = useTranslation();
  return (b: Bilingual) => (i18n.language === 'en' ? b.en : b['zh-CN']);
};

/** A stored plan's installments as schedule lines. */
export const planLines = (p: PlanOut): ScheduleLine[] =>
  p.installments.map((i) => ({ seq: i.seq, dueDate: i.dueDate, paymentMinor: i.amountMinor, principalMinor: i.principalMinor, interestMinor: i.interestMinor, paidMinor: i.paidMinor, status: i.status }));
