// 系统管理 → 夜间批处理: the nightly runs (issue 9, part 5) and a run's report — counts per bucket, segment and next
// action, the roll-rate matrix (previous bucket → current bucket) and the score drift (PSI) against the previous run.
import { useQuery } from '@tanstack/react-query';
import { Card, Descriptions, Empty, Space, Table, Tag, Typography } from 'antd';
import type { TableProps } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { NightlyReport, NightlyRunOut } from '../../../contracts/strategy.js';
import { api } from '../../api/client.js';
import { formatDateTime } from '../../app/format.js';
import { ErrorResult } from '../../app/Results.js';
import { ModelsCard } from './ModelsCard.js';

type RunRow = Omit<NightlyRunOut, 'report'>;
const statusColor: Record<RunRow['status'], string> = { running: 'processing', completed: 'green', failed: 'red' };

const Counts = ({ title, m }: { title: string; m: Record<string, number> }) => (
  <Descriptions size="small" column={6} title={title} items={Object.keys(m).sort().map((k) => ({ key: k, label: k, children: m[k] }))} />
);

const RollMatrix = ({ r }: { r: NightlyReport }) => {
  const { t } = useTranslation();
  const froms = [...new Set(r.rollRates.map((x) => x.from))].sort();
  const tos = [...new Set(r.rollRates.map((x) => x.to))].sort();
  if (froms.length === 0) return <Typography.Text type="secondary">{t('nightly.noPrevious')}</Typography.Text>;
  const cell = (from: string, to: string) => r.rollRates.find((x) => x.from === from && x.to === to);
  const columns: TableProps<{ from: string }>['columns'] = [
    { title: t('nightly.fromTo'), dataIndex: 'from', width: 120 },
    ...tos.map((to) => ({
      title: to, key: to, align: 'right' as const,
      render: (_: unknown, row: { from: string }) => {
        const c = cell(row.from, to);
        return c ? `${c.count} (${(c.share * 100).toFixed(1)}%)` : '';
      },
    })),
  ];
  return <Table size="small" rowKey="from" pagination={false} columns={columns} dataSource={froms.map((from) => ({ from }))} data-testid="roll-matrix" />;
};

const Report = ({ id }: { id: string }) => {
  const { t } = useTranslation();
  const run = useQuery({ queryKey: ['runs', id], queryFn: ({ signal }) => api<NightlyRunOut>(`/api/runs/${id}`, { signal }) });
  if (run.isPending) return null;
  if (run.isError) return <ErrorResult error={run.error} onRetry={() => void run.refetch()} />;
  const r = run.data.report;
  if (!r) return <Empty description={t('nightly.noReport')} />;
  return (
    <Card size="small" title={t('nightly.reportTitle', { asOf: r.asOf })} data-testid="run-report">
      <Descriptions size="small" column={4} items={[
        { key: 'scored', label: t('nightly.scored'), children: r.scored },
        { key: 'prev', label: t('nightly.previous'), children: r.previousAsOf ?? t('common.none') },
        { key: 'mean', label: t('nightly.meanScore'), children: r.meanScore === null ? t('common.none') : r.meanScore.toFixed(1) },
        { key: 'psi', label: t('nightly.psi'), children: r.psi === null ? t('common.none') : r.psi.toFixed(4) },
        { key: 'deciles', label: t('nightly.deciles'), children: r.scoreDeciles.join(' · ') || t('common.none'), span: 4 },
      ]} />
      <Counts title={t('nightly.byBucket')} m={r.byBucket} />
      <Counts title={t('nightly.bySegment')} m={r.bySegment} />
      <Counts title={t('nightly.byAction')} m={Object.fromEntries(Object.entries(r.byAction).map(([k, v]) => [t(`nightly.actions.${k}`, { defaultValue: k }), v]))} />
      {r.allocation && (
        <Counts title={t('nightly.allocation')} m={{
          [t('nightly.alloc.allocated')]: r.allocation.allocated, [t('nightly.alloc.kept')]: r.allocation.kept, [t('nightly.alloc.assigned')]: r.allocation.assigned,
          [t('nightly.alloc.recalled')]: r.allocation.recalled,
          ...Object.fromEntries(Object.entries(r.allocation.pooledBy).map(([k, v]) => [`${t('nightly.alloc.pooled')} · ${t(`nightly.pooledBy.${k}`, { defaultValue: k })}`, v])),
        }} />
      )}
      {r.scheduling && (
        <Counts title={t('nightly.scheduling')} m={{
          ...Object.fromEntries(Object.entries(r.scheduling.scheduled).map(([k, v]) => [`${t('nightly.sched.scheduled')} · ${t(`nightly.actions.${k}`, { defaultValue: k })}`, v])),
          ...Object.fromEntries(Object.entries(r.scheduling.flagged).map(([k, v]) => [`${t('nightly.sched.flagged')} · ${t(`nightly.actions.${k}`, { defaultValue: k })}`, v])),
          ...Object.fromEntries(Object.entries(r.scheduling.skipped).map(([k, v]) => [`${t('nightly.sched.skipped')} · ${t(`nightly.skipped.${k}`, { defaultValue: k })}`, v])),
        }} />
      )}
      <Typography.Title level={5}>{t('nightly.rollRates')}</Typography.Title>
      <RollMatrix r={r} />
    </Card>
  );
};

export const RunsPage = () => {
  const { t } = useTranslation();
  const [selected, setSelected] = useState<string | null>(null);
  const runs = useQuery({ queryKey: ['runs'], queryFn: ({ signal }) => api<{ items: RunRow[] }>('/api/runs', { signal }) });
  if (runs.isError) return <ErrorResult error={runs.error} onRetry={() => void runs.refetch()} />;
  const columns: TableProps<RunRow>['columns'] = [
    { title: t('nightly.asOf'), dataIndex: 'asOf', width: 120 },
    { title: t('nightly.status'), dataIndex: 'status', width: 100, render: (s: RunRow['status']) => <Tag color={statusColor[s]}>{t(`nightly.statuses.${s}`)}</Tag> },
    { title: t('nightly.scored'), key: 'scored', width: 90, align: 'right', render: (_: unknown, r) => r.counts?.scored ?? '' },
    { title: t('nightly.attempts'), dataIndex: 'attempts', width: 80, align: 'right' },
    { title: t('nightly.startedAt'), dataIndex: 'startedAt', width: 160, render: (v: string) => formatDateTime(v) },
    { title: t('nightly.finishedAt'), dataIndex: 'finishedAt', width: 160, render: (v: string | null) => formatDateTime(v) },
    { title: t('nightly.error'), dataIndex: 'error', render: (v: string | null) => v ?? '' },
  ];
  const current = selected ?? runs.data?.items[0]?.id ?? null;
  return (
    <Space orientation="vertical" size={12} style={{ width: '100%' }} data-testid="runs-page">
      <Card size="small" title={t('nightly.title')}>
        <Typography.Paragraph type="secondary">{t('nightly.hint')}</Typography.Paragraph>
        <Table<RunRow> size="small" rowKey="id" loading={runs.isPending} columns={columns} dataSource={runs.data?.items ?? []} pagination={false}
          onRow={(r) => ({ onClick: () => setSelected(r.id), style: { cursor: 'pointer' } })}
          rowClassName={(r) => (r.id === current ? 'ant-table-row-selected' : '')} />
      </Card>
      {current && <Report id={current} />}
      <ModelsCard />
    </Space>
  );
};
