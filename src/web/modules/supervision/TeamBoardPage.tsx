// 团队看板 (issue 5, item 6): per collector of the team, what they did on an agency day — attempts, calls,
// conversations, promises made / kept / due and still pending, blocked attempts with the rules that blocked them —
// with a totals row. Refreshes every minute; numbers link to the filtered case list or decision log, and
// 重新分配 opens the collector's open cases in the case list, where they are selected and moved.
import { ReloadOutlined } from '@ant-design/icons';
import { Button, Card, DatePicker, Select, Space, Table, Tag, Tooltip, Typography } from 'antd';
import type { TableProps } from 'antd';
import dayjs from 'dayjs';
import { useTranslation } from 'react-i18next';
import { Link, useSearchParams } from 'react-router';
import type { BoardMeasures } from '../../../contracts/supervision.js';
import { useCan } from '../../app/auth.js';
import { formatDateTime } from '../../app/format.js';
import { ErrorResult } from '../../app/Results.js';
import { useTeamBoard } from './supervisionApi.js';

const isDay = (v: string | null): v is string => v !== null && /^\d{4}-\d{2}-\d{2}$/.test(v) && dayjs(v).isValid();

export const TeamBoardPage = () => {
  const { t } = useTranslation();
  const can = useCan();
  const [params, setParams] = useSearchParams();
  const dateParam = params.get('date');
  const date = isDay(dateParam) ? dateParam : undefined;
  const teamId = params.get('teamId') || undefined;
  const board = useTeamBoard(date, teamId);

  const update = (patch: Record<string, string | undefined>) => {
    const next = new URLSearchParams(params);
    for (const [k, v] of Object.entries(patch)) {
      if (v) next.set(k, v);
      else next.delete(k);
    }
    setParams(next, { replace: true });
  };

  if (board.isError && !board.data) return <ErrorResult error={board.error} onRetry={() => void board.refetch()} />;
  const data = board.data;
  const day = data?.date ?? date;
  const decisions = (userId: string | undefined, extra: Record<string, string> = {}) =>
    `/compliance/decisions?${new URLSearchParams({ outcome: 'block', ...(day ? { from: day, to: day } : {}), ...(userId ? { userId } : {}), ...extra }).toString()}`;
  const casesOf = (userId: string) => `/cases?${new URLSearchParams({ assignedUserId: userId, status: 'open' }).toString()}`;
  const num = (n: number, to: string | null, testId: string) =>
    to && n > 0 ? <Link to={to} data-testid={testId}>{n}</Link> : <span data-testid={testId}>{n}</span>;

  type Row = BoardMeasures & { key: string; userId?: string; displayName: string; status?: string };
  const rules = (r: Row) =>
    r.topBlockRules.length === 0 ? (
      <Typography.Text type="secondary">—</Typography.Text>
    ) : (
      <Space size={2} wrap>
        {r.topBlockRules.map((x) => (
          <Tag key={x.ruleId} color="red" style={{ marginInlineEnd: 0 }}>
            {can('compliance.read') ? <Link to={decisions(r.userId, { ruleId: x.ruleId })}>{x.ruleId}</Link> : x.ruleId} ×{x.count}
          </Tag>
        ))}
      </Space>
    );

  const columns: TableProps<Row>['columns'] = [
    {
      title: t('supervision.collector'),
      dataIndex: 'displayName',
      fixed: 'left',
      width: 140,
      render: (v: string, r) => (
        <Space size={4}>
          <span>{v}</span>
          {r.status === 'disabled' && <Tag>{t('supervision.disabled')}</Tag>}
        </Space>
      ),
    },
    { title: t('supervision.openCases'), dataIndex: 'openCases', align: 'right', width: 90, render: (n: number, r) => num(n, r.userId ? casesOf(r.userId) : null, `board-open-${r.key}`) },
    { title: t('supervision.attempts'), dataIndex: 'attempts', align: 'right', width: 80, render: (n: number, r) => <span data-testid={`board-attempts-${r.key}`}>{n}</span> },
    { title: t('supervision.calls'), dataIndex: 'calls', align: 'right', width: 70 },
    { title: t('supervision.conversations'), dataIndex: 'conversations', align: 'right', width: 80, render: (n: number, r) => <span data-testid={`board-conversations-${r.key}`}>{n}</span> },
    { title: t('supervision.promisesMade'), dataIndex: 'promisesMade', align: 'right', width: 90, render: (n: number, r) => <span data-testid={`board-promises-${r.key}`}>{n}</span> },
    { title: t('supervision.promisesKept'), dataIndex: 'promisesKept', align: 'right', width: 90 },
    { title: <Tooltip title={t('supervision.promisesDueHint')}>{t('supervision.promisesDue')}</Tooltip>, dataIndex: 'promisesDuePending', align: 'right', width: 100 },
    {
      title: t('supervision.blocked'),
      dataIndex: 'blocked',
      align: 'right',
      width: 80,
      render: (n: number, r) => num(n, can('compliance.read') ? decisions(r.userId) : null, `board-blocked-${r.key}`),
    },
    { title: t('supervision.topRules'), key: 'rules', width: 200, render: (_: unknown, r) => rules(r) },
    { title: t('supervision.lastActivity'), dataIndex: 'lastActivityAt', width: 140, render: (v: string | null) => formatDateTime(v) },
    {
      title: t('common.actions'),
      key: 'actions',
      width: 110,
      render: (_: unknown, r) =>
        r.userId && r.openCases > 0 ? (
          <Link to={casesOf(r.userId)} data-testid={`board-move-${r.key}`}>
            {t('supervision.reassign')}
          </Link>
        ) : null,
    },
  ];

  const rows: Row[] = (data?.rows ?? []).map((r) => ({ ...r, key: r.username }));
  const totals: Row | null = data ? { ...data.totals, key: 'total', displayName: t('supervision.total') } : null;

  return (
    <Card
      size="small"
      title={data ? t('supervision.boardTitleOf', { team: data.team.name }) : t('supervision.boardTitle')}
      data-testid="team-board"
      extra={
        <Space wrap>
          {data && data.teams.length > 1 && (
            <Select
              size="small"
              style={{ width: 160 }}
              value={data.team.id}
              onChange={(v) => update({ teamId: v })}
              options={data.teams.map((x) => ({ value: x.id, label: x.name }))}
              data-testid="board-team"
            />
          )}
          <DatePicker
            size="small"
            allowClear={false}
            value={day ? dayjs(day) : dayjs()}
            onChange={(d) => update({ date: d && !d.isSame(dayjs(), 'day') ? d.format('YYYY-MM-DD') : undefined })}
            data-testid="board-date"
          />
          <Tooltip title={t('supervision.autoRefresh')}>
            <Button size="small" icon={<ReloadOutlined />} loading={board.isFetching} onClick={() => void board.refetch()} data-testid="board-refresh" />
          </Tooltip>
        </Space>
      }
    >
      <Table<Row>
        size="small"
        rowKey="key"
        columns={columns}
        dataSource={rows}
        loading={board.isPending}
        pagination={false}
        scroll={{ x: 'max-content' }}
        locale={{ emptyText: t('supervision.noCollectors') }}
        data-testid="board-table"
        summary={() =>
          totals && rows.length > 0 ? (
            <Table.Summary fixed>
              <Table.Summary.Row data-testid="board-totals">
                {columns.map((c, i) => {
                  const key = 'dataIndex' in c ? (c.dataIndex as keyof Row) : c.key;
                  const value =
                    i === 0 ? <Typography.Text strong>{totals.displayName}</Typography.Text>
                      : key === 'rules' ? rules(totals)
                        : key === 'lastActivityAt' ? formatDateTime(totals.lastActivityAt)
                          : key === 'actions' ? null
                            : <Typography.Text strong data-testid={`board-total-${String(key)}`}>{String(totals[key as keyof BoardMeasures] ?? '')}</Typography.Text>;
                  return (
                    <Table.Summary.Cell key={String(key ?? i)} index={i} align={c.align}>
                      {value}
                    </Table.Summary.Cell>
                  );
                })}
              </Table.Summary.Row>
            </Table.Summary>
          ) : null
        }
      />
      <Typography.Paragraph type="secondary" style={{ marginTop: 8, marginBottom: 0 }}>
        {t('supervision.boardNote')}
      </Typography.Paragraph>
    </Card>
  );
};
