// 数据看板 (issue 9, part 6): recovery, roll rates, promise-kept and contact rates, per collector, the score
// distribution and its drift, champion vs challenger — for a supervisor's team, or for an admin one team or the book.
import { useQuery } from '@tanstack/react-query';
import { Card, Col, DatePicker, Empty, Row, Select, Space, Statistic, Table, Typography } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { BarChart, HeatmapChart, LineChart } from 'echarts/charts';
import { GridComponent, LegendComponent, MarkLineComponent, TooltipComponent, VisualMapComponent } from 'echarts/components';
import * as echarts from 'echarts/core';
import { CanvasRenderer } from 'echarts/renderers';
import ReactEChartsCore from 'echarts-for-react/esm/core';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { CollectorRow, Dashboard } from '../../../contracts/dashboard.js';
import { api } from '../../api/client.js';
import { useMe } from '../../app/auth.js';
import { formatMoney } from '../../app/format.js';
import { ErrorResult } from '../../app/Results.js';

echarts.use([BarChart, LineChart, HeatmapChart, GridComponent, TooltipComponent, LegendComponent, VisualMapComponent, MarkLineComponent, CanvasRenderer]);

const pct = (x: number | null | undefined): string => (x === null || x === undefined ? '—' : `${(x * 100).toFixed(1)}%`);
const yuan = (minor: number): number => Math.round(minor) / 100;

const Chart = ({ option, height = 260, testId }: { option: echarts.EChartsCoreOption; height?: number; testId: string }) => (
  <div data-testid={testId}>
    <ReactEChartsCore echarts={echarts} option={{ animation: false, ...option }} style={{ height }} notMerge lazyUpdate />
  </div>
);

export const AnalyticsPage = () => {
  const { t } = useTranslation();
  const { data: me } = useMe();
  const [teamId, setTeamId] = useState<string | undefined>(undefined);
  const [range, setRange] = useState<[Dayjs, Dayjs] | null>(null);
  const query = { teamId, from: range?.[0].format('YYYY-MM-DD'), to: range?.[1].format('YYYY-MM-DD') };
  const q = useQuery({ queryKey: ['dashboard', query], queryFn: ({ signal }) => api<Dashboard>('/api/dashboard', { query, signal }) });
  if (q.isError) return <ErrorResult error={q.error} />;
  const d = q.data;
  const cur = d?.scope.currency ?? 'CNY';

  const filters = (
    <Space wrap>
      {me?.role !== 'supervisor' && (
        <Select
          allowClear
          style={{ minWidth: 180 }}
          placeholder={t('analytics.allTeams')}
          value={teamId}
          onChange={setTeamId}
          options={(d?.teams ?? []).map((x) => ({ value: x.id, label: x.name }))}
          data-testid="analytics-team"
        />
      )}
      <DatePicker.RangePicker
        value={range ?? (d ? [dayjs(d.scope.from), dayjs(d.scope.to)] : null)}
        onChange={(v) => setRange(v && v[0] && v[1] ? [v[0], v[1]] : null)}
        allowClear={false}
        disabledDate={(x) => x.isAfter(dayjs(), 'day')}
      />
    </Space>
  );

  return (
    <div data-testid="analytics">
      <Space style={{ width: '100%', justifyContent: 'space-between', marginBottom: 12 }} wrap>
        <Typography.Title level={4} style={{ margin: 0 }}>
          {t('analytics.title')}
          {d && <Typography.Text type="secondary" style={{ fontSize: 14, marginLeft: 12 }}>{d.scope.teamName ?? t('analytics.wholeBook')} · {d.scope.from} ~ {d.scope.to}</Typography.Text>}
        </Typography.Title>
        {filters}
      </Space>
      <Row gutter={[12, 12]}>
        <Col xs={12} lg={4}><Card size="small" loading={!d}><Statistic title={t('analytics.collected')} value={d ? formatMoney(d.recovery.collectedMinor, cur) : '—'} data-testid="stat-collected" /></Card></Col>
        <Col xs={12} lg={5}><Card size="small" loading={!d}><Statistic title={t('analytics.openBalance')} value={d ? formatMoney(d.recovery.openBalanceMinor, cur) : '—'} /></Card></Col>
        <Col xs={8} lg={5}><Card size="small" loading={!d}><Statistic title={t('analytics.recoveryRate')} value={pct(d?.recovery.rate)} data-testid="stat-recovery-rate" /></Card></Col>
        <Col xs={8} lg={5}><Card size="small" loading={!d}><Statistic title={t('analytics.keptRate')} value={pct(d?.promises.keptRate)} data-testid="stat-kept-rate" /></Card></Col>
        <Col xs={8} lg={5}><Card size="small" loading={!d}><Statistic title={t('analytics.contactRate')} value={pct(d?.contacts.rate)} data-testid="stat-contact-rate" /></Card></Col>
      </Row>
      {d && d.recovery.otherCurrencies.length > 0 && (
        <Typography.Paragraph type="secondary" style={{ marginTop: 8 }}>
          {t('analytics.otherCurrencies')}: {d.recovery.otherCurrencies.map((o) => `${formatMoney(o.collected.minor, o.collected.currency)} / ${formatMoney(o.open.minor, o.open.currency)}`).join('；')}
        </Typography.Paragraph>
      )}
      {d && (
        <Row gutter={[12, 12]} style={{ marginTop: 12 }}>
          <Col xs={24} xl={14}>
            <Card size="small" title={t('analytics.recoveryTitle')}>
              <Chart
                testId="chart-recovery"
                option={{
                  tooltip: { trigger: 'axis' },
                  legend: { top: 0, data: [t('analytics.dailyCollected'), t('analytics.cumulative')] },
                  grid: { left: 60, right: 60, top: 36, bottom: 30 },
                  xAxis: { type: 'category', data: d.recovery.daily.map((x) => x.day.slice(5)) },
                  yAxis: [{ type: 'value', name: cur }, { type: 'value', name: t('analytics.cumulative') }],
                  series: [
                    { name: t('analytics.dailyCollected'), type: 'bar', data: d.recovery.daily.map((x) => yuan(x.minor)) },
                    { name: t('analytics.cumulative'), type: 'line', yAxisIndex: 1, showSymbol: false, data: d.recovery.daily.reduce<number[]>((acc, x) => [...acc, (acc.at(-1) ?? 0) + yuan(x.minor)], []) },
                  ],
                }}
              />
            </Card>
          </Col>
          <Col xs={24} xl={10}>
            <Card size="small" title={t('analytics.rollTitle', { from: d.rollRates.fromAsOf ?? '—', to: d.rollRates.toAsOf ?? '—' })}>
              {d.rollRates.cells.length === 0 ? (
                <Empty description={t('analytics.noRuns')} />
              ) : (
                <RollHeatmap d={d} />
              )}
            </Card>
          </Col>
          <Col xs={24} lg={12} xl={8}>
            <Card size="small" title={t('analytics.promisesTitle', { made: d.promises.made })}>
              <Chart
                testId="chart-promises"
                height={220}
                option={{
                  tooltip: {},
                  grid: { left: 80, right: 20, top: 10, bottom: 30 },
                  xAxis: { type: 'value', minInterval: 1 },
                  yAxis: { type: 'category', data: (['kept', 'partially_kept', 'broken', 'pending'] as const).map((k) => t(`analytics.promise.${k}`)) },
                  series: [{ type: 'bar', data: (['kept', 'partially_kept', 'broken', 'pending'] as const).map((k, i) => ({ value: d.promises.due[k], itemStyle: { color: ['#52c41a', '#faad14', '#ff4d4f', '#bfbfbf'][i] } })), label: { show: true, position: 'right' } }],
                }}
              />
            </Card>
          </Col>
          <Col xs={24} lg={12} xl={8}>
            <Card size="small" title={t('analytics.contactsTitle')}>
              <Chart
                testId="chart-contacts"
                height={220}
                option={{
                  tooltip: { trigger: 'axis' },
                  legend: { top: 0, data: [t('analytics.attempts'), t('analytics.rightParty'), t('analytics.blocked')] },
                  grid: { left: 40, right: 20, top: 36, bottom: 30 },
                  xAxis: { type: 'category', data: d.contacts.byChannel.map((c) => t(`compliance.channels.${c.channel}`, { defaultValue: c.channel })) },
                  yAxis: { type: 'value', minInterval: 1 },
                  series: [
                    { name: t('analytics.attempts'), type: 'bar', data: d.contacts.byChannel.map((c) => c.attempts) },
                    { name: t('analytics.rightParty'), type: 'bar', data: d.contacts.byChannel.map((c) => c.rightParty) },
                    { name: t('analytics.blocked'), type: 'bar', data: d.contacts.byChannel.map((c) => c.blocked), itemStyle: { color: '#ff7875' } },
                  ],
                }}
              />
            </Card>
          </Col>
          <Col xs={24} xl={8}>
            <Card size="small" title={t('analytics.scoresTitle', { asOf: d.scores.asOf ?? '—' })}>
              <Chart
                testId="chart-scores"
                height={220}
                option={{
                  tooltip: { trigger: 'axis' },
                  legend: { top: 0, data: [t('analytics.latestRun'), t('analytics.previousRun')] },
                  grid: { left: 40, right: 20, top: 36, bottom: 30 },
                  xAxis: { type: 'category', data: d.scores.histogram.map((_, i) => (i === 9 ? '90–100' : `${i * 10}–${i * 10 + 9}`)) },
                  yAxis: { type: 'value', minInterval: 1 },
                  series: [
                    { name: t('analytics.latestRun'), type: 'bar', data: d.scores.histogram },
                    { name: t('analytics.previousRun'), type: 'bar', data: d.scores.previousHistogram, itemStyle: { color: '#d9d9d9' } },
                  ],
                }}
              />
            </Card>
          </Col>
          <Col xs={24} xl={8}>
            <Card size="small" title={t('analytics.driftTitle')}>
              <Chart
                testId="chart-drift"
                height={220}
                option={{
                  tooltip: { trigger: 'axis' },
                  grid: { left: 50, right: 80, top: 20, bottom: 30 },
                  xAxis: { type: 'category', data: d.scores.drift.map((x) => x.asOf.slice(5)) },
                  yAxis: { type: 'value', name: 'PSI' },
                  series: [
                    {
                      name: 'PSI', type: 'line', data: d.scores.drift.map((x) => x.psi),
                      markLine: { symbol: 'none', silent: true, data: [{ yAxis: 0.1, label: { formatter: t('analytics.psiWatch') } }, { yAxis: 0.25, label: { formatter: t('analytics.psiAct') }, lineStyle: { color: '#ff4d4f' } }] },
                    },
                  ],
                }}
              />
            </Card>
          </Col>
          <Col xs={24} xl={16}>
            <CollectorsTable rows={d.collectors} currency={cur} />
          </Col>
          {d.arms.length > 0 && (
            <Col xs={24} xl={8}>
              <ArmsTable d={d} />
            </Col>
          )}
        </Row>
      )}
    </div>
  );
};

const RollHeatmap = ({ d }: { d: Dashboard }) => {
  const froms = [...new Set(d.rollRates.cells.map((c) => c.from))].sort();
  const tos = [...new Set(d.rollRates.cells.map((c) => c.to))].sort();
  return (
    <Chart
      testId="chart-roll"
      option={{
        tooltip: { formatter: (p: { data: [number, number, number, number] }) => `${froms[p.data[1]]} → ${tos[p.data[0]]}: ${p.data[3]} (${p.data[2]}%)` },
        grid: { left: 60, right: 20, top: 10, bottom: 60 },
        xAxis: { type: 'category', data: tos, splitArea: { show: true } },
        yAxis: { type: 'category', data: froms, splitArea: { show: true } },
        visualMap: { min: 0, max: 100, calculable: false, orient: 'horizontal', left: 'center', bottom: 0, itemHeight: 120, text: ['100%', '0%'] },
        series: [
          {
            type: 'heatmap',
            data: d.rollRates.cells.map((c) => [tos.indexOf(c.to), froms.indexOf(c.from), Math.round(c.share * 1000) / 10, c.count]),
            label: { show: true, formatter: (p: { data: number[] }) => `${p.data[2]}%` },
          },
        ],
      }}
    />
  );
};

type ArmRow = Dashboard['arms'][number];
const ArmsTable = ({ d }: { d: Dashboard }) => {
  const { t } = useTranslation();
  return (
    <Card size="small" title={t('analytics.armsTitle', { asOf: d.scores.asOf ?? '—' })}>
      <Table<ArmRow>
        size="small"
        rowKey="arm"
        dataSource={d.arms}
        pagination={false}
        data-testid="analytics-arms"
        columns={[
          { title: t('analytics.col.arm'), dataIndex: 'arm', render: (a: ArmRow['arm']) => t(`analytics.arm.${a}`) },
          { title: t('analytics.col.cases'), dataIndex: 'cases', align: 'right' },
          { title: t('analytics.col.collected'), dataIndex: 'collectedMinor', align: 'right', render: (v: number) => formatMoney(v, d.scope.currency) },
          { title: t('analytics.col.rpcRate'), key: 'rpc', align: 'right', render: (_: unknown, r) => pct(r.attempts ? r.rightParty / r.attempts : null) },
          { title: t('analytics.col.keptRate'), key: 'kept', align: 'right', render: (_: unknown, r) => pct(r.promisesDecided ? r.promisesKept / r.promisesDecided : null) },
        ]}
      />
    </Card>
  );
};

const CollectorsTable = ({ rows, currency }: { rows: CollectorRow[]; currency: string }) => {
  const { t } = useTranslation();
  return (
    <Card size="small" title={t('analytics.collectorsTitle')}>
      <Table<CollectorRow>
        size="small"
        rowKey="userId"
        dataSource={rows}
        pagination={rows.length > 12 ? { pageSize: 12 } : false}
        scroll={{ x: 900 }}
        data-testid="analytics-collectors"
        columns={[
          { title: t('analytics.col.name'), dataIndex: 'displayName', fixed: 'left', width: 110 },
          { title: t('analytics.col.team'), dataIndex: 'teamName', width: 90, render: (v: string | null) => v ?? '—' },
          { title: t('analytics.col.openCases'), dataIndex: 'openCases', align: 'right', sorter: (a, b) => a.openCases - b.openCases },
          { title: t('analytics.col.balance'), dataIndex: 'balanceMinor', align: 'right', render: (v: number) => formatMoney(v, currency), sorter: (a, b) => a.balanceMinor - b.balanceMinor, onCell: () => ({ style: { whiteSpace: 'nowrap' } }) },
          { title: t('analytics.col.collected'), dataIndex: 'collectedMinor', align: 'right', render: (v: number) => formatMoney(v, currency), sorter: (a, b) => a.collectedMinor - b.collectedMinor, defaultSortOrder: 'descend', onCell: () => ({ style: { whiteSpace: 'nowrap' } }) },
          { title: t('analytics.col.attempts'), dataIndex: 'attempts', align: 'right' },
          { title: t('analytics.col.rpcRate'), key: 'rpc', align: 'right', render: (_: unknown, r) => pct(r.attempts ? r.rightPartyContacts / r.attempts : null) },
          { title: t('analytics.col.promisesMade'), dataIndex: 'promisesMade', align: 'right' },
          { title: t('analytics.col.keptRate'), key: 'kept', align: 'right', render: (_: unknown, r) => `${pct(r.promisesDue ? r.promisesKept / r.promisesDue : null)} (${r.promisesKept}/${r.promisesDue})` },
        ]}
      />
    </Card>
  );
};
