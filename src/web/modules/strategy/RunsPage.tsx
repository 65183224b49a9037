// 系统管理 → 夜间批处理: the nightly runs (issue 9, part 5) and a run's report — counts per bucket, segment and next
// action, the roll-rate matrix (previous bucket → current bucket) and the score drift (PSI) against the previous run.
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { App, Button, Card, Descriptions, Empty, Popconfirm, Space, Table, Tag, Typography } from 'antd';
import type { TableProps } from 'antd';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { NightlyReport, NightlyRunOut, NightlyRunRequested } from '../../../contracts/strategy.js';
import { api } from '../../api/client.js';
import { useCan } from '../../app/auth.js';
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
  const { message } = App.useApp();
  const qc = useQueryClient();
  const can = useCan();
  const [selected, setSelected] = useState<string | null>(null);
  // After "run now": the date asked for and its run count then; the list refreshes every 2 s until that date's run
  // has run once more and is no longer running (a run again of a date keeps its row and counts up its attempts).
  const [waiting, setWaiting] = useState<{ asOf: string; attempts: number } | null>(null);
  const finished = (items: RunRow[] | undefined, w: { asOf: string; attempts: number }) =>
    (items ?? []).some((r) => r.asOf === w.asOf && r.attempts > w.attempts && r.status !== 'running');
  const runs = useQuery({
    queryKey: ['runs'], queryFn: ({ signal }) => api<{ items: RunRow[] }>('/api/runs', { signal }),
    refetchInterval: (q) => ((waiting && !finished(q.state.data?.items, waiting)) || q.state.data?.items.some((r) => r.status === 'running') ? 2000 : false),
  });
  const runNow = useMutation({
    mutationFn: () => api<NightlyRunRequested>('/api/runs', { method: 'POST', body: {} }),
    onSuccess: (r) => {
      setWaiting({ asOf: r.asOf, attempts: runs.data?.items.find((x) => x.asOf === r.asOf)?.attempts ?? 0 });
      setSelected(null);
      void message.success(t('nightly.requested', { asOf: r.asOf }));
      void qc.invalidateQueries({ queryKey: ['runs'] });
    },
    onError: (e: Error) => void message.error(e.message),
  });
  useEffect(() => {
    if (!waiting || !finished(runs.data?.items, waiting)) return;
    // The finished run's report is shown, fetched afresh (a run again of a date keeps its id).
    const done = runs.data!.items.find((r) => r.asOf === waiting.asOf)!;
    setWaiting(null);
    setSelected(done.id);
    void qc.invalidateQueries({ queryKey: ['runs', done.id] });
    if (done.status === 'failed') void message.error(t('nightly.failedNow', { asOf: done.asOf, error: done.error ?? '' }));
  }, [waiting, runs.data, qc, message, t]);
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
      <Card size="small" title={t('nightly.title')} extra={can('nightly.run') && (
        <Popconfirm title={t('nightly.runNowConfirmTitle')} description={<div style={{ maxWidth: 360 }}>{t('nightly.runNowConfirm')}</div>} okText={t('nightly.runNow')} cancelText={t('common.cancel')}
          onConfirm={() => runNow.mutate()}>
          <Button type="primary" loading={runNow.isPending || waiting !== null} data-testid="run-now">{waiting ? t('nightly.runningNow') : t('nightly.runNow')}</Button>
        </Popconfirm>
      )}>
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
