import { CloseOutlined } from '@ant-design/icons';
import { Button, Card, DatePicker, Input, Select, Space, Table, Tag, Tooltip, Typography } from 'antd';
import type { TableProps } from 'antd';
import dayjs from 'dayjs';
import { useTranslation } from 'react-i18next';
import { Link, useSearchParams } from 'react-router';
import { formatDateTime } from '../../app/format.js';
import { pagination } from '../../app/paging.js';
import { ErrorResult } from '../../app/Results.js';
import { channels, useDecisionLog, type Channel, type DecisionLogItem, type Outcome } from './complianceApi.js';
import { ChannelLabel, formatInstant, OutcomeTag, ReasonList, useColon } from './ComplianceParts.js';

const DAY = 'YYYY-MM-DD';
const outcomes = ['block', 'warn', 'allow'] as const satisfies readonly Outcome[];
const isOutcome = (v: string | null): v is Outcome => v !== null && (outcomes as readonly string[]).includes(v);
const isChannel = (v: string | null): v is Channel => v !== null && (channels as readonly string[]).includes(v);
const isDay = (v: string | null): v is string => v !== null && /^\d{4}-\d{2}-\d{2}$/.test(v);

export const DecisionLogPage = () => {
  const { t } = useTranslation();
  const colon = useColon();
  // Filters live in the URL (as on the case list), so a filtered log can be bookmarked and shared.
  const [params, setParams] = useSearchParams();
  const page = Math.max(1, Number(params.get('page')) || 1);
  const pageSize = Math.min(200, Math.max(1, Number(params.get('pageSize')) || 20));
  const outcomeParam = params.get('outcome');
  const outcome = isOutcome(outcomeParam) ? outcomeParam : undefined;
  const channelParam = params.get('channel');
  const channel = isChannel(channelParam) ? channelParam : undefined;
  const ruleId = params.get('ruleId')?.trim().toUpperCase() || undefined;
  const fromParam = params.get('from');
  const toParam = params.get('to');
  const from = isDay(fromParam) ? fromParam : undefined;
  const to = isDay(toParam) ? toParam : undefined;
  const caseId = params.get('caseId') || undefined;
  const userId = params.get('userId') || undefined;

  const update = (patch: Record<string, string | number | undefined>) => {
    const next = new URLSearchParams(params);
    for (const [k, v] of Object.entries(patch)) {
      if (v === undefined || v === '') next.delete(k);
      else next.set(k, String(v));
    }
    if (!('page' in patch)) next.delete('page');
    setParams(next, { replace: true });
  };

  const log = useDecisionLog({ page, pageSize, outcome, ruleId, channel, from, to, caseId, userId });
  if (log.isError && !log.data) return <ErrorResult error={log.error} onRetry={() => void log.refetch()} />;
  const blocked = log.data?.blockedByRule ?? [];

  const columns: TableProps<DecisionLogItem>['columns'] = [
    { title: t('compliance.log.time'), dataIndex: 'decidedAt', width: 140, render: (v: string) => formatDateTime(v) },
    {
      title: t('compliance.log.collector'),
      dataIndex: 'userName',
      width: 110,
      ellipsis: true,
      render: (v: string | null) => v ?? <Typography.Text type="secondary">{t('compliance.log.system')}</Typography.Text>,
    },
    { title: t('compliance.log.channel'), dataIndex: 'channel', width: 100, render: (c: Channel) => <ChannelLabel channel={c} /> },
    { title: t('compliance.log.party'), dataIndex: 'partyKind', width: 80, render: (k: DecisionLogItem['partyKind']) => t(`compliance.partyKinds.${k}`) },
    { title: t('compliance.log.outcome'), dataIndex: 'outcome', width: 80, render: (o: Outcome) => <OutcomeTag outcome={o} /> },
    {
      title: t('compliance.log.rules'),
      dataIndex: 'ruleIds',
      render: (ids: string[]) =>
        ids.length === 0 ? (
          <Typography.Text type="secondary">—</Typography.Text>
        ) : (
          <Space size={[4, 4]} wrap>
            {ids.map((id) => (
              <Tag key={id} style={{ marginInlineEnd: 0, cursor: 'pointer', fontFamily: 'monospace' }} onClick={() => update({ ruleId: id })}>
                {id}
              </Tag>
            ))}
          </Space>
        ),
    },
    {
      title: t('compliance.log.nextAllowed'),
      dataIndex: 'nextAllowedAt',
      width: 170,
      render: (v: string | null, r) =>
        r.outcome !== 'block' ? (
          <Typography.Text type="secondary">—</Typography.Text>
        ) : v ? (
          formatInstant(v)
        ) : (
          <Typography.Text type="danger">{t('compliance.sim.manual')}</Typography.Text>
        ),
    },
    {
      title: t('compliance.log.case'),
      dataIndex: 'caseId',
      width: 90,
      render: (id: string | null) => (id ? <Link to={`/cases/${id}`}>{t('compliance.log.openCase')}</Link> : '—'),
    },
  ];

  return (
    <Card
      size="small"
      title={t('compliance.log.title')}
      data-testid="decision-log"
      extra={
        <Space wrap size={8}>
          <Select<Outcome | 'all'>
            size="small"
            style={{ width: 124 }}
            value={outcome ?? 'all'}
            onChange={(v) => update({ outcome: v === 'all' ? undefined : v })}
            options={[{ value: 'all', label: t('compliance.log.allOutcomes') }, ...outcomes.map((o) => ({ value: o, label: t(`compliance.outcomes.${o}`) }))]}
            data-testid="log-outcome"
          />
          <Select<Channel | 'all'>
            size="small"
            style={{ width: 120 }}
            value={channel ?? 'all'}
            onChange={(v) => update({ channel: v === 'all' ? undefined : v })}
            options={[{ value: 'all', label: t('compliance.log.allChannels') }, ...channels.map((c) => ({ value: c, label: t(`compliance.channels.${c}`) }))]}
            data-testid="log-channel"
          />
          <Input.Search
            key={ruleId ?? ''}
            size="small"
            allowClear
            defaultValue={ruleId}
            placeholder={t('compliance.log.ruleFilter')}
            style={{ width: 200 }}
            onSearch={(v) => update({ ruleId: v.trim().toUpperCase() || undefined })}
            data-testid="log-rule"
          />
          <DatePicker.RangePicker
            size="small"
            style={{ width: 240 }}
            format={DAY}
            allowEmpty={[true, true]}
            placeholder={[t('compliance.log.dateFrom'), t('compliance.log.dateTo')]}
            value={[from ? dayjs(from, DAY) : null, to ? dayjs(to, DAY) : null]}
            onChange={(v) => update({ from: v?.[0]?.format(DAY), to: v?.[1]?.format(DAY) })}
            data-testid="log-dates"
          />
        </Space>
      }
    >
      <div style={{ display: 'flex', alignItems: 'center', flexWrap: 'wrap', gap: 6, marginBottom: 12 }} data-testid="blocked-by-rule">
        <Typography.Text type="secondary">{t('compliance.log.blockedByRule')}</Typography.Text>
        {blocked.length === 0 && !log.isPending && <Typography.Text type="secondary">{t('compliance.log.noBlocks')}</Typography.Text>}
        {blocked.map((b) => (
          <Tag.CheckableTag
            key={b.ruleId}
            checked={ruleId === b.ruleId}
            onChange={(on) => update({ ruleId: on ? b.ruleId : undefined })}
            style={{ border: '1px solid #ffa39e', marginInlineEnd: 0 }}
            data-testid={`blocked-${b.ruleId}`}
          >
            {t('compliance.log.blockedCount', { rule: b.ruleId, count: b.count })}
          </Tag.CheckableTag>
        ))}
        {ruleId && (
          <Tooltip title={t('compliance.log.clearRule')}>
            <Button size="small" type="text" icon={<CloseOutlined />} onClick={() => update({ ruleId: undefined })} data-testid="log-rule-clear">
              {ruleId}
            </Button>
          </Tooltip>
        )}
      </div>
      <Table<DecisionLogItem>
        size="small"
        rowKey="id"
        columns={columns}
        dataSource={log.data?.items ?? []}
        loading={log.isFetching}
        data-testid="decision-table"
        expandable={{
          rowExpandable: (r) => r.reasons.length > 0 || r.packs.length > 0,
          expandedRowRender: (r) => (
            <Space orientation="vertical" size={8} style={{ width: '100%', padding: '4px 0' }}>
              <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                {t('compliance.log.plannedAt')}
                {colon}
                {formatInstant(r.plannedAt)}
                <span style={{ display: 'inline-block', width: 16 }} />
                {t('compliance.log.packs')}
                {colon}
                {r.packs.map((p) => `${p.id}@${p.version}`).join(', ')}
              </Typography.Text>
              <ReasonList reasons={r.reasons} empty={<Typography.Text type="secondary">{t('compliance.log.noReasons')}</Typography.Text>} />
            </Space>
          ),
        }}
        pagination={pagination(t, {
          page,
          pageSize,
          total: log.data?.total,
          onChange: (p, ps) => update({ page: p === 1 ? undefined : p, pageSize: ps === 20 ? undefined : ps }),
        })}
      />
    </Card>
  );
};
