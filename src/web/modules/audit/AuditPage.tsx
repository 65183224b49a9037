import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { Card, Input, Table, Tooltip, Typography } from 'antd';
import type { TableProps } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api, type Page } from '../../api/client.js';
import { formatDateTime } from '../../app/format.js';
import { pagination, usePaging } from '../../app/paging.js';
import { ErrorResult } from '../../app/Results.js';

/** One audit entry as the API lists it (column names as in `audit_log`; camelCase accepted too). */
type AuditRow = {
  id: string;
  seq?: number;
  at: string;
  actor_label?: string | null;
  actorLabel?: string | null;
  actor_type?: string;
  actorType?: string;
  action: string;
  entity_type?: string | null;
  entityType?: string | null;
  entity_id?: string | null;
  entityId?: string | null;
  ip?: string | null;
  reason?: string | null;
};

const entityOf = (r: AuditRow): string => {
  const type = r.entity_type ?? r.entityType;
  const id = r.entity_id ?? r.entityId;
  if (!type && !id) return '—';
  return id ? `${type ?? ''}:${id}` : (type ?? '');
};

export const AuditPage = () => {
  const { t } = useTranslation();
  const { page, pageSize, set: setPaging, reset: resetPaging } = usePaging(50);
  const [action, setAction] = useState('');
  const audit = useQuery({
    queryKey: ['audit', { page, pageSize, action }],
    queryFn: ({ signal }) => api<Page<AuditRow>>('/api/audit', { query: { page, pageSize, action: action || undefined }, signal }),
    placeholderData: keepPreviousData,
  });

  if (audit.isError && !audit.data) return <ErrorResult error={audit.error} onRetry={() => void audit.refetch()} />;

  const columns: TableProps<AuditRow>['columns'] = [
    { title: t('audit.at'), dataIndex: 'at', width: 150, render: (v: string) => formatDateTime(v) },
    { title: t('audit.actor'), key: 'actor', width: 160, render: (_: unknown, r) => r.actor_label ?? r.actorLabel ?? r.actor_type ?? r.actorType ?? '—' },
    { title: t('audit.action'), dataIndex: 'action', width: 200, render: (v: string) => <Typography.Text code>{v}</Typography.Text> },
    {
      title: t('audit.entity'),
      key: 'entity',
      ellipsis: { showTitle: false },
      render: (_: unknown, r) => (
        <Tooltip title={entityOf(r)} placement="topLeft">
          {entityOf(r)}
        </Tooltip>
      ),
    },
    { title: t('audit.ip'), dataIndex: 'ip', width: 130, render: (v: string | null) => v ?? '—' },
    { title: t('audit.reason'), dataIndex: 'reason', ellipsis: true, render: (v: string | null) => v ?? '—' },
  ];

  return (
    <Card
      size="small"
      title={t('audit.title')}
      extra={
        <Input.Search
          size="small"
          allowClear
          placeholder={t('audit.actionFilter')}
          style={{ width: 260 }}
          onSearch={(v) => {
            setAction(v.trim());
            resetPaging();
          }}
        />
      }
    >
      <Table<AuditRow>
        size="small"
        rowKey={(r) => r.id ?? String(r.seq)}
        columns={columns}
        dataSource={audit.data?.items ?? []}
        loading={audit.isFetching}
        data-testid="audit-table"
        pagination={pagination(t, { page, pageSize, total: audit.data?.total, onChange: setPaging, pageSizeOptions: [20, 50, 100, 200] })}
      />
    </Card>
  );
};
