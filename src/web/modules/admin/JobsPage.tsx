import { RedoOutlined, ReloadOutlined } from '@ant-design/icons';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { App, Button, Card, Segmented, Space, Table, Tag, Typography } from 'antd';
import type { TableProps } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api, itemsOf, type Page } from '../../api/client.js';
import { formatDateTime } from '../../app/format.js';
import { ErrorResult } from '../../app/Results.js';

type Status = 'failed' | 'pending' | 'running' | 'succeeded';
const statuses: Status[] = ['failed', 'pending', 'running', 'succeeded'];
const statusColor: Record<Status, string> = { failed: 'red', pending: 'default', running: 'processing', succeeded: 'green' };

/** A queue job as listed by the API (camelCase; snake_case from the `job` table accepted too). */
type Job = {
  id: string;
  task: string;
  status: Status;
  attempts: number;
  maxAttempts?: number;
  max_attempts?: number;
  runAt?: string;
  run_at?: string;
  updatedAt?: string;
  updated_at?: string;
  lastError?: string | null;
  last_error?: string | null;
};

export const JobsPage = () => {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const qc = useQueryClient();
  const [status, setStatus] = useState<Status>('failed');
  const jobs = useQuery({
    queryKey: ['admin', 'jobs', status],
    queryFn: async ({ signal }) => itemsOf(await api<Page<Job> | Job[]>('/api/admin/jobs', { query: { status }, signal })),
  });
  const retry = useMutation({
    mutationFn: (id: string) => api(`/api/admin/jobs/${id}/retry`, { method: 'POST' }),
    onSuccess: async () => {
      void message.success(t('jobs.retried'));
      await qc.invalidateQueries({ queryKey: ['admin', 'jobs'] });
    },
    onError: (err) => void message.error(err.message),
  });

  const columns: TableProps<Job>['columns'] = [
    { title: t('jobs.task'), dataIndex: 'task', width: 200, render: (v: string) => <Typography.Text code>{v}</Typography.Text> },
    { title: t('jobs.status'), dataIndex: 'status', width: 90, render: (s: Status) => <Tag color={statusColor[s]}>{t(`jobs.statuses.${s}`)}</Tag> },
    { title: t('jobs.attempts'), key: 'attempts', width: 90, align: 'right', render: (_: unknown, j) => `${j.attempts}/${j.maxAttempts ?? j.max_attempts ?? '?'}` },
    { title: t('jobs.runAt'), key: 'runAt', width: 150, render: (_: unknown, j) => formatDateTime(j.runAt ?? j.run_at) },
    { title: t('jobs.updatedAt'), key: 'updatedAt', width: 150, render: (_: unknown, j) => formatDateTime(j.updatedAt ?? j.updated_at) },
    {
      title: t('jobs.lastError'),
      key: 'lastError',
      render: (_: unknown, j) => {
        const err = j.lastError ?? j.last_error;
        return err ? (
          <Typography.Text type="danger" ellipsis={{ tooltip: err }} style={{ maxWidth: 420 }}>
            {err}
          </Typography.Text>
        ) : (
          '—'
        );
      },
    },
    {
      title: t('common.actions'),
      key: 'actions',
      width: 90,
      render: (_: unknown, j) =>
        j.status === 'failed' ? (
          <Button size="small" type="link" icon={<RedoOutlined />} loading={retry.isPending && retry.variables === j.id} onClick={() => retry.mutate(j.id)}>
            {t('jobs.retry')}
          </Button>
        ) : null,
    },
  ];

  return (
    <Card
      size="small"
      title={t('jobs.title')}
      extra={
        <Space>
          <Segmented<Status> size="small" value={status} onChange={setStatus} options={statuses.map((s) => ({ value: s, label: t(`jobs.statuses.${s}`) }))} />
          <Button size="small" icon={<ReloadOutlined />} onClick={() => void jobs.refetch()}>
            {t('common.refresh')}
          </Button>
        </Space>
      }
    >
      {jobs.isError ? (
        <ErrorResult error={jobs.error} onRetry={() => void jobs.refetch()} />
      ) : (
        <Table<Job> size="small" rowKey="id" columns={columns} dataSource={jobs.data ?? []} loading={jobs.isFetching} pagination={{ pageSize: 50, hideOnSinglePage: true }} data-testid="jobs-table" />
      )}
    </Card>
  );
};
