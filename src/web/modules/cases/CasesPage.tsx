import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { Button, Card, Input, Select, Space, Table, Tag } from 'antd';
import type { TableProps } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate, useSearchParams } from 'react-router';
import type { Bucket, CaseSummary } from '../../../contracts/cases.js';
import { buckets } from '../../../contracts/constants.js';
import { api, type Page } from '../../api/client.js';
import { formatDateTime, formatMoney } from '../../app/format.js';
import { pagination } from '../../app/paging.js';
import { ErrorResult } from '../../app/Results.js';
import { BucketTag } from './BucketTag.js';
import { useCan } from '../../app/auth.js';
import { AssignModal, RecallModal } from '../supervision/CaseMoveModals.js';

const isBucket = (v: string | null): v is Bucket => v !== null && (buckets as readonly string[]).includes(v);
const caseStatuses = ['open', 'paid', 'closed', 'recalled'] as const;
type CaseStatus = (typeof caseStatuses)[number];
const isStatus = (v: string | null): v is CaseStatus => v !== null && (caseStatuses as readonly string[]).includes(v);

export const CasesPage = () => {
  const { t } = useTranslation();
  const navigate = useNavigate();
  // Filters live in the URL so a list can be bookmarked, shared and restored with "back".
  const [params, setParams] = useSearchParams();
  const page = Math.max(1, Number(params.get('page')) || 1);
  const pageSize = Math.min(200, Math.max(1, Number(params.get('pageSize')) || 20));
  const bucketParam = params.get('bucket');
  const bucket = isBucket(bucketParam) ? bucketParam : undefined;
  const q = params.get('q') ?? '';
  // The team board links here with a collector's open cases.
  const assignedUserId = params.get('assignedUserId') || undefined;
  const statusParam = params.get('status');
  const status = isStatus(statusParam) ? statusParam : undefined;
  const canMove = useCan()('cases.assign');
  const [selected, setSelected] = useState<string[]>([]);
  const [moving, setMoving] = useState<'assign' | 'recall' | null>(null);

  const update = (patch: Record<string, string | number | undefined>) => {
    const nextParams = new URLSearchParams(params);
    for (const [k, v] of Object.entries(patch)) {
      if (v === undefined || v === '') nextParams.delete(k);
      else nextParams.set(k, String(v));
    }
    setParams(nextParams, { replace: true });
  };

  const list = useQuery({
    queryKey: ['cases', 'list', { page, pageSize, bucket, q, assignedUserId, status }],
    queryFn: ({ signal }) => api<Page<CaseSummary>>('/api/cases', { query: { page, pageSize, bucket, q: q || undefined, assignedUserId, status }, signal }),
    placeholderData: keepPreviousData,
  });

  if (list.isError && !list.data) return <ErrorResult error={list.error} onRetry={() => void list.refetch()} />;

  const columns: TableProps<CaseSummary>['columns'] = [
    {
      title: t('cases.debtorName'),
      dataIndex: 'debtorName',
      render: (name: string, row) => <Link to={`/cases/${row.id}`}>{name}</Link>,
    },
    { title: t('cases.creditorName'), dataIndex: 'creditorName', ellipsis: true },
    { title: t('cases.bucket'), dataIndex: 'bucket', width: 80, render: (b: Bucket) => <BucketTag bucket={b} /> },
    { title: t('cases.dpd'), dataIndex: 'dpd', width: 90, align: 'right' },
    { title: t('supervision.status'), dataIndex: 'status', width: 80, render: (v: CaseStatus) => t(`desk.status.${v}`) },
    {
      title: t('cases.totalDue'),
      dataIndex: 'totalDueMinor',
      width: 140,
      align: 'right',
      render: (v: number, row) => <span style={{ fontVariantNumeric: 'tabular-nums' }}>{formatMoney(v, row.currency)}</span>,
    },
    { title: t('cases.nextActionAt'), dataIndex: 'nextActionAt', width: 150, render: (v: string | null) => formatDateTime(v) },
  ];

  return (
    <Card
      size="small"
      title={t('cases.title')}
      extra={
        <Space wrap>
          {(assignedUserId || status) && (
            <Tag closable onClose={() => update({ assignedUserId: undefined, status: undefined, page: undefined })} data-testid="cases-board-filter">
              {t('supervision.filteredFromBoard')}
            </Tag>
          )}
          {canMove && (
            <>
              <Button size="small" disabled={selected.length === 0} onClick={() => setMoving('assign')} data-testid="cases-reassign">
                {t('supervision.reassign')}{selected.length ? ` (${selected.length})` : ''}
              </Button>
              <Button size="small" danger disabled={selected.length === 0} onClick={() => setMoving('recall')} data-testid="cases-recall">
                {t('supervision.recall')}
              </Button>
            </>
          )}
          <Select<Bucket | 'all'>
            size="small"
            style={{ width: 120 }}
            value={bucket ?? 'all'}
            onChange={(v) => update({ bucket: v === 'all' ? undefined : v, page: undefined })}
            options={[{ value: 'all', label: t('cases.allBuckets') }, ...buckets.map((b) => ({ value: b, label: b }))]}
            data-testid="cases-bucket"
          />
          <Input.Search
            size="small"
            allowClear
            defaultValue={q}
            placeholder={t('cases.searchPlaceholder')}
            style={{ width: 240 }}
            onSearch={(v) => update({ q: v.trim() || undefined, page: undefined })}
            data-testid="cases-search"
          />
        </Space>
      }
    >
      <Table<CaseSummary>
        size="small"
        rowKey="id"
        columns={columns}
        dataSource={list.data?.items ?? []}
        loading={list.isFetching}
        data-testid="cases-table"
        rowSelection={canMove ? { selectedRowKeys: selected, onChange: (keys) => setSelected(keys.map(String)), preserveSelectedRowKeys: true } : undefined}
        onRow={(row) => ({ onDoubleClick: () => navigate(`/cases/${row.id}`) })}
        pagination={pagination(t, {
          page,
          pageSize,
          total: list.data?.total,
          onChange: (p, ps) => update({ page: p === 1 ? undefined : p, pageSize: ps === 20 ? undefined : ps }),
        })}
      />
      <AssignModal open={moving === 'assign'} caseIds={selected} onClose={() => setMoving(null)} onDone={() => setSelected([])} />
      <RecallModal open={moving === 'recall'} caseIds={selected} onClose={() => setMoving(null)} onDone={() => setSelected([])} />
    </Card>
  );
};
