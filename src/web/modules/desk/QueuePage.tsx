// 我的队列: the collector's prioritised work list for the day, driven from the keyboard
// (j/k or ↓/↑ move, Enter opens the case, / focuses the search box).
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { Alert, Card, Col, Input, Row, Select, Space, Statistic, Table, Tag, Typography } from 'antd';
import type { InputRef, TableProps } from 'antd';
import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate, useSearchParams } from 'react-router';
import type { Bucket } from '../../../contracts/cases.js';
import { buckets } from '../../../contracts/constants.js';
import { queueStatuses, type QueueItem, type QueueResponse, type QueueWhy } from '../../../contracts/desk.js';
import { api } from '../../api/client.js';
import { formatDate, formatDateTime, formatMoney } from '../../app/format.js';
import { pagination } from '../../app/paging.js';
import { ErrorResult } from '../../app/Results.js';
import { BucketTag } from '../cases/BucketTag.js';

const languages = ['zh-CN', 'en', 'yue', 'wuu', 'nan'] as const;
const oneOf = <T extends string>(list: readonly T[], v: string | null): T | undefined => (v !== null && (list as readonly string[]).includes(v) ? (v as T) : undefined);

/** Typing in a field must not move the selection. */
const isTyping = (el: EventTarget | null): boolean =>
  el instanceof HTMLElement && (el.tagName === 'INPUT' || el.tagName === 'TEXTAREA' || el.tagName === 'SELECT' || el.isContentEditable);

export const QueuePage = () => {
  const { t, i18n } = useTranslation();
  const navigate = useNavigate();
  const [params, setParams] = useSearchParams();
  const page = Math.max(1, Number(params.get('page')) || 1);
  const pageSize = Math.min(200, Math.max(1, Number(params.get('pageSize')) || 20));
  const bucket = oneOf<Bucket>(buckets, params.get('bucket'));
  const status = oneOf(queueStatuses, params.get('status'));
  const language = oneOf(languages, params.get('language'));
  const creditorId = params.get('creditorId') ?? undefined;
  const q = params.get('q') ?? '';
  const [selected, setSelected] = useState(0);
  const search = useRef<InputRef>(null);

  const update = (patch: Record<string, string | number | undefined>) => {
    const next = new URLSearchParams(params);
    for (const [k, v] of Object.entries(patch)) {
      if (v === undefined || v === '') next.delete(k);
      else next.set(k, String(v));
    }
    setParams(next, { replace: true });
    setSelected(0);
  };

  const queue = useQuery({
    queryKey: ['desk', 'queue', { page, pageSize, bucket, status, language, creditorId, q }],
    queryFn: ({ signal }) => api<QueueResponse>('/api/queue', { query: { page, pageSize, bucket, status, language, creditorId, q: q || undefined }, signal }),
    placeholderData: keepPreviousData,
  });
  const items = queue.data?.items ?? [];
  const itemsRef = useRef(items);
  itemsRef.current = items;
  const selectedRef = useRef(selected);
  selectedRef.current = selected;

  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (e.ctrlKey || e.metaKey || e.altKey) return;
      if (e.key === '/' && !isTyping(e.target)) {
        e.preventDefault();
        search.current?.focus();
        return;
      }
      if (isTyping(e.target)) return;
      const n = itemsRef.current.length;
      if (n === 0) return;
      if (e.key === 'j' || e.key === 'ArrowDown') {
        e.preventDefault();
        setSelected((s) => Math.min(n - 1, s + 1));
      } else if (e.key === 'k' || e.key === 'ArrowUp') {
        e.preventDefault();
        setSelected((s) => Math.max(0, s - 1));
      } else if (e.key === 'Enter') {
        const row = itemsRef.current[Math.min(selectedRef.current, n - 1)];
        if (row) navigate(`/cases/${row.caseId}`);
      }
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [navigate]);

  if (queue.isError && !queue.data) return <ErrorResult error={queue.error} onRetry={() => void queue.refetch()} />;

  const en = i18n.language.startsWith('en');
  const whyText = (w: QueueWhy): string => {
    switch (w.kind) {
      case 'promise_due':
        return w.overdue ? t('desk.whyPromiseOverdue', { date: formatDate(w.dueDate) }) : t('desk.whyPromiseDue');
      case 'callback_due':
        return t('desk.whyCallbackDue', { at: formatDateTime(w.at) });
      case 'score':
        return t('desk.whyScore', { score: w.score });
      case 'next_action':
        return t('desk.whyNextAction', { at: formatDateTime(w.at) });
      case 'dpd':
        return t('desk.whyDpd', { dpd: w.dpd });
    }
  };
  const langLabel = (l: string | null): string => {
    const known = oneOf(languages, l);
    return known ? t(`desk.languages.${known}`) : (l ?? '—');
  };

  const columns: TableProps<QueueItem>['columns'] = [
    {
      title: t('desk.why'),
      key: 'why',
      width: 150,
      render: (_: unknown, row) => <Tag color={row.why.kind === 'promise_due' ? 'red' : row.why.kind === 'score' ? 'blue' : 'default'}>{whyText(row.why)}</Tag>,
    },
    { title: t('desk.debtor'), dataIndex: 'debtorName', render: (name: string, row) => <Space size={4}>{name}{row.preferredLanguage && row.preferredLanguage !== 'zh-CN' && <Tag>{langLabel(row.preferredLanguage)}</Tag>}</Space> },
    { title: t('desk.phone'), dataIndex: 'phoneMasked', width: 130, render: (v: string | null) => v ?? '—' },
    { title: t('desk.bucket'), dataIndex: 'bucket', width: 70, render: (b: Bucket) => <BucketTag bucket={b} /> },
    { title: t('desk.dpd'), dataIndex: 'dpd', width: 80, align: 'right' },
    { title: t('desk.totalDue'), dataIndex: 'totalDueMinor', width: 120, align: 'right', render: (v: number, row) => <span style={{ fontVariantNumeric: 'tabular-nums' }}>{formatMoney(v, row.currency)}</span> },
    { title: t('desk.score'), dataIndex: 'score', width: 70, align: 'right', render: (v: number | null) => v ?? '—' },
    { title: t('desk.topReason'), key: 'reason', ellipsis: true, render: (_: unknown, row) => (row.topReason ? (en ? row.topReason.en : row.topReason.zh) : '—') },
    {
      title: t('desk.nextAction'),
      key: 'next',
      width: 170,
      render: (_: unknown, row) => (
        <span>
          {row.nextAction.kind ? t(`desk.actions.${row.nextAction.kind}`, { defaultValue: row.nextAction.kind }) : '—'} {row.nextAction.at ? formatDateTime(row.nextAction.at) : ''}
        </span>
      ),
    },
  ];

  const counts = queue.data?.counts;
  const creditors = new Map(items.map((i) => [i.creditorId, i.creditorName]));
  return (
    <Space direction="vertical" style={{ width: '100%' }} size="middle">
      <Card size="small" title={t('desk.title')} extra={queue.data && <Typography.Text type="secondary">{t('desk.today', { date: queue.data.today })}</Typography.Text>}>
        <Row gutter={16} data-testid="queue-counts">
          <Col span={6}><Statistic title={t('desk.countTotal')} value={counts?.total ?? 0} data-testid="queue-count-total" /></Col>
          <Col span={6}><Statistic title={t('desk.countDueToday')} value={counts?.dueToday ?? 0} data-testid="queue-count-due" /></Col>
          <Col span={6}><Statistic title={t('desk.countPromises')} value={counts?.promisesDueToday ?? 0} data-testid="queue-count-promises" /></Col>
          <Col span={6}><Statistic title={t('desk.countContacted')} value={counts?.contactedToday ?? 0} data-testid="queue-count-contacted" /></Col>
        </Row>
      </Card>
      <Card
        size="small"
        title={
          <Space wrap>
            <Input.Search
              ref={search}
              size="small"
              allowClear
              defaultValue={q}
              placeholder={t('desk.searchPlaceholder')}
              style={{ width: 240 }}
              onSearch={(v) => update({ q: v.trim() || undefined, page: undefined })}
              data-testid="queue-search"
            />
            <Select<string>
              size="small"
              style={{ width: 110 }}
              value={bucket ?? 'all'}
              onChange={(v) => update({ bucket: v === 'all' ? undefined : v, page: undefined })}
              options={[{ value: 'all', label: t('desk.allBuckets') }, ...buckets.map((b) => ({ value: b, label: b }))]}
              data-testid="queue-bucket"
            />
            <Select<string>
              size="small"
              style={{ width: 160 }}
              value={creditorId ?? 'all'}
              onChange={(v) => update({ creditorId: v === 'all' ? undefined : v, page: undefined })}
              options={[{ value: 'all', label: t('desk.allCreditors') }, ...[...creditors].map(([value, label]) => ({ value, label }))]}
              data-testid="queue-creditor"
            />
            <Select<string>
              size="small"
              style={{ width: 110 }}
              value={status ?? 'open'}
              onChange={(v) => update({ status: v === 'open' ? undefined : v, page: undefined })}
              options={queueStatuses.map((s) => ({ value: s, label: t(`desk.status.${s}`) }))}
              data-testid="queue-status"
            />
            <Select<string>
              size="small"
              style={{ width: 120 }}
              value={language ?? 'all'}
              onChange={(v) => update({ language: v === 'all' ? undefined : v, page: undefined })}
              options={[{ value: 'all', label: t('desk.allLanguages') }, ...languages.map((l) => ({ value: l, label: langLabel(l) }))]}
              data-testid="queue-language"
            />
          </Space>
        }
      >
        <Alert type="info" showIcon={false} message={t('desk.keysHint')} style={{ marginBottom: 8, padding: '2px 8px' }} data-testid="queue-keys-hint" />
        <Table<QueueItem>
          size="small"
          rowKey="caseId"
          columns={columns}
          dataSource={items}
          loading={queue.isFetching}
          locale={{ emptyText: t('desk.empty') }}
          data-testid="queue-table"
          rowClassName={(_, i) => (i === selected ? 'ant-table-row-selected' : '')}
          onRow={(row, i) => ({ onClick: () => navigate(`/cases/${row.caseId}`), onMouseEnter: () => setSelected(i ?? 0), 'data-testid': `queue-row-${i ?? 0}`, style: { cursor: 'pointer' } }) as React.HTMLAttributes<HTMLElement>}
          pagination={pagination(t, {
            page,
            pageSize,
            total: queue.data?.total,
            onChange: (p, ps) => update({ page: p === 1 ? undefined : p, pageSize: ps === 20 ? undefined : ps }),
          })}
        />
      </Card>
    </Space>
  );
};
