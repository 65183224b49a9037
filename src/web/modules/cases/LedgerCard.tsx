// Debtor 360 (issue "Portfolio intake, ledger and delinquency", part 6): each loan's balance breakdown, legal-cap
// warning, schedule, payments with their allocations and a 90-day DPD sparkline, from GET /api/cases/:id/ledger.
import { useQuery } from '@tanstack/react-query';
import { Alert, Card, Col, Empty, Row, Skeleton, Space, Table, Tag, theme, Tooltip, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { buckets, type Bucket } from '../../../contracts/constants.js';
import type { CaseLedger, LedgerAccount } from '../../../contracts/ledger.js';
import { api } from '../../api/client.js';
import { formatMoney } from '../../app/format.js';
import { ErrorResult } from '../../app/Results.js';
import { BucketTag } from './BucketTag.js';

type Component = 'principal' | 'interest' | 'penalty' | 'fees';
/** Display order (the waterfall order reversed: what a collector reads first). */
const shownComponents: readonly Component[] = ['principal', 'interest', 'penalty', 'fees'];
type Amounts = Record<Component, number>;
const total = (a: Amounts) => a.principal + a.interest + a.penalty + a.fees;
type Inst = LedgerAccount['installments'][number];
type Pay = LedgerAccount['payments'][number];

const statusColor: Record<Inst['status'], string> = { not_due: 'default', due: 'blue', past_due: 'red', within_tolerance: 'gold', paid: 'green' };
/** Channels the API may report with a translated label; anything else (e.g. the demo's 支付宝) is shown as stored. */
const knownChannels = ['auto_debit', 'bank_transfer', 'online', 'counter', 'cash', 'other'] as const;
const percent = (bp: number) => `${(bp / 100).toFixed(2).replace(/\.?0+$/, '')}%`;

const AnyBucketTag = ({ bucket }: { bucket: string }) =>
  (buckets as readonly string[]).includes(bucket) ? <BucketTag bucket={bucket as Bucket} /> : <Tag style={{ marginInlineEnd: 0 }}>{bucket}</Tag>;

/** A small SVG line of DPD per day; hover a point for its date and DPD. */
export const DpdSparkline = ({ points, height = 72 }: { points: LedgerAccount['dpdHistory']; height?: number }) => {
  const { token } = theme.useToken();
  const { t } = useTranslation();
  if (points.length === 0) return <Typography.Text type="secondary">—</Typography.Text>;
  const width = 360;
  const pad = 4;
  const max = Math.max(30, ...points.map((p) => p.dpd));
  const x = (i: number) => pad + (points.length === 1 ? 0 : (i * (width - 2 * pad)) / (points.length - 1));
  const y = (dpd: number) => height - pad - (dpd * (height - 2 * pad)) / max;
  const line = points.map((p, i) => `${x(i).toFixed(1)},${y(p.dpd).toFixed(1)}`).join(' ');
  const area = `${x(0).toFixed(1)},${y(0).toFixed(1)} ${line} ${x(points.length - 1).toFixed(1)},${y(0).toFixed(1)}`;
  const last = points[points.length - 1]!;
  const peak = Math.max(...points.map((p) => p.dpd));
  return (
    <div data-testid="dpd-sparkline">
      <svg viewBox={`0 0 ${width} ${height}`} width="100%" height={height} preserveAspectRatio="none" role="img" aria-label={t('ledger.history')}>
        {[30, 60, 90, 120, 150].filter((b) => b < max).map((b) => (
          <line key={b} x1={pad} x2={width - pad} y1={y(b)} y2={y(b)} stroke={token.colorBorderSecondary} strokeDasharray="3 3" vectorEffect="non-scaling-stroke" />
        ))}
        <polygon points={area} fill={token.colorErrorBg} stroke="none" />
        <polyline points={line} fill="none" stroke={token.colorError} strokeWidth={1.5} vectorEffect="non-scaling-stroke" />
        {points.map((p, i) => (
          <rect key={p.date} x={x(i) - (width - 2 * pad) / points.length / 2} y={0} width={(width - 2 * pad) / points.length} height={height} fill="transparent">
            <title>{`${p.date} · ${p.dpd} · ${p.bucket}`}</title>
          </rect>
        ))}
      </svg>
      <Space style={{ width: '100%', justifyContent: 'space-between', fontSize: token.fontSizeSM }}>
        <Typography.Text type="secondary" style={{ fontSize: token.fontSizeSM }}>{points[0]!.date}</Typography.Text>
        <Typography.Text type="secondary" style={{ fontSize: token.fontSizeSM }}>{t('ledger.historyMax', { dpd: peak })}</Typography.Text>
        <Typography.Text type="secondary" style={{ fontSize: token.fontSizeSM }}>{`${last.date} · ${last.dpd}`}</Typography.Text>
      </Space>
    </div>
  );
};

const LoanLedger = ({ a }: { a: LedgerAccount }) => {
  const { t } = useTranslation();
  const money = (v: number) => formatMoney(v, a.currency);
  const channelLabel = (c: string) => ((knownChannels as readonly string[]).includes(c) ? t(`ledger.channels.${c as (typeof knownChannels)[number]}`) : c);
  const componentLabel = (c: Component) => t(`ledger.components.${c}`);

  const breakdown = [
    ...shownComponents.map((c) => ({ key: c, label: componentLabel(c), charged: a.totals.charged[c], paid: a.totals.paid[c], outstanding: a.totals.outstanding[c] })),
    { key: 'total', label: t('ledger.total'), charged: total(a.totals.charged), paid: total(a.totals.paid), outstanding: a.totals.outstandingMinor },
  ];

  const allocationText = (p: Pay) => {
    if (p.reversalOf) return <Typography.Text type="secondary">{t('ledger.reversalOf', { id: p.reversalOf })}</Typography.Text>;
    if (p.reversed) return <Tag color="default">{t('ledger.reversed')}</Tag>;
    if (p.inBalance) return <Tag color="default">{t('ledger.inBalance', { date: a.balanceAsOf ?? '' })}</Tag>;
    const bySeq = new Map<number, string[]>();
    for (const x of p.allocations) {
      const parts = bySeq.get(x.seq) ?? [];
      parts.push(`${componentLabel(x.component)} ${money(x.amountMinor)}`);
      bySeq.set(x.seq, parts);
    }
    // seq 0: a loan without a schedule (the whole balance).
    const lines = [...bySeq].map(([seq, parts]) => (seq === 0 ? parts.join(' · ') : `#${seq} ${parts.join(' · ')}`));
    if (p.creditMinor > 0) lines.push(`${t('ledger.credit')} ${money(p.creditMinor)}`);
    // Paid before the due date: held as credit and applied on the due date(s).
    const creditDates = [...new Set(p.allocations.filter((x) => x.fromCredit).map((x) => x.date))];
    return (
      <Space size={6} align="start">
        <span style={{ whiteSpace: 'pre-line' }}>{lines.join('\n') || '—'}</span>
        {creditDates.length > 0 && (
          <Tooltip title={creditDates.join(', ')}>
            <Tag style={{ marginInlineEnd: 0 }}>{t('ledger.fromCredit')}</Tag>
          </Tooltip>
        )}
      </Space>
    );
  };

  return (
    <Card
      size="small"
      type="inner"
      data-testid={`ledger-${a.externalLoanId}`}
      title={
        <Space wrap size={[12, 4]}>
          <Typography.Text strong>{a.product}</Typography.Text>
          <Typography.Text copyable={{ text: a.externalLoanId }} type="secondary">{a.externalLoanId}</Typography.Text>
          <span>{t('cases.principal')} {money(a.principalMinor)}</span>
          <span>{t('ledger.apr')} {percent(a.aprBp)}</span>
          <Space size={4}>
            <Tag color={a.dpd > 0 ? 'red' : 'green'} style={{ marginInlineEnd: 0 }}>{t('ledger.dpd', { dpd: a.dpd })}</Tag>
            <AnyBucketTag bucket={a.bucket} />
          </Space>
        </Space>
      }
      extra={
        <Space size={4}>
          <Typography.Text type="secondary">{t('ledger.outstanding')}</Typography.Text>
          <Typography.Text strong type={a.totals.outstandingMinor > 0 ? 'danger' : undefined}>{money(a.totals.outstandingMinor)}</Typography.Text>
        </Space>
      }
    >
      <Space orientation="vertical" size={12} style={{ width: '100%' }}>
        {a.caps?.exceeded && (
          <Alert
            type="error"
            showIcon
            title={t('ledger.capExceeded', { amount: money(a.caps.excessMinor) })}
            description={t('ledger.capDetail', { rate: percent(a.caps.rateBp), cap: money(a.caps.capMinor), charged: money(a.caps.chargedMinor) })}
          />
        )}
        {a.caps && !a.caps.exceeded && a.caps.aprExceedsCap && (
          <Alert type="warning" showIcon title={t('ledger.aprAboveCap', { apr: percent(a.aprBp), rate: percent(a.caps.rateBp) })} />
        )}
        {a.problem !== null && <Alert type="warning" showIcon title={t('ledger.problem', { problem: a.problem })} />}
        {a.problem === null && a.basis === 'stored' && <Alert type="info" showIcon title={t('ledger.basisStored')} />}
        {a.problem === null && a.basis === 'account' && <Alert type="info" showIcon title={t('ledger.basisAccount', { date: a.balanceAsOf ?? '' })} />}
        <Row gutter={[16, 12]}>
          <Col xs={24} lg={12}>
            <Table
              size="small"
              rowKey="key"
              pagination={false}
              dataSource={breakdown}
              onRow={(r) => (r.key === 'total' ? { style: { fontWeight: 600 } } : {})}
              columns={[
                { title: t('ledger.component'), dataIndex: 'label' },
                { title: t('ledger.charged'), dataIndex: 'charged', align: 'right', render: (v: number) => money(v) },
                { title: t('ledger.paid'), dataIndex: 'paid', align: 'right', render: (v: number) => money(v) },
                { title: t('ledger.unpaid'), dataIndex: 'outstanding', align: 'right', render: (v: number) => money(v) },
              ]}
            />
            {(a.totals.pastDueMinor > 0 || a.totals.creditMinor > 0) && (
              <Space size={16} style={{ marginTop: 8 }}>
                {a.totals.pastDueMinor > 0 && <Typography.Text type="secondary">{t('ledger.pastDue')} <Typography.Text type="danger">{money(a.totals.pastDueMinor)}</Typography.Text></Typography.Text>}
                {a.totals.creditMinor > 0 && <Typography.Text type="secondary">{t('ledger.credit')} {money(a.totals.creditMinor)}</Typography.Text>}
              </Space>
            )}
          </Col>
          <Col xs={24} lg={12}>
            <Typography.Text type="secondary">{t('ledger.history')}</Typography.Text>
            <DpdSparkline points={a.dpdHistory} />
          </Col>
        </Row>
        {a.installments.length > 0 && (
          <Table<Inst>
            size="small"
            rowKey="seq"
            title={() => <Typography.Text strong>{t('ledger.schedule')}</Typography.Text>}
            pagination={a.installments.length > 12 ? { pageSize: 12, size: 'small', hideOnSinglePage: true } : false}
            dataSource={a.installments}
            columns={[
              { title: t('ledger.seq'), dataIndex: 'seq', width: 64, align: 'right' },
              { title: t('ledger.dueDate'), dataIndex: 'dueDate', width: 120 },
              {
                title: t('ledger.scheduled'), key: 'charged', align: 'right',
                render: (_: unknown, i) => (
                  <Tooltip title={shownComponents.filter((c) => i.charged[c] > 0).map((c) => `${componentLabel(c)} ${money(i.charged[c])}`).join(' · ')}>
                    {money(total(i.charged))}
                  </Tooltip>
                ),
              },
              { title: t('ledger.paid'), key: 'paid', align: 'right', render: (_: unknown, i) => money(total(i.paid)) },
              {
                title: t('ledger.unpaid'), dataIndex: 'outstandingMinor', align: 'right',
                render: (v: number, i) => (v > 0 && i.status === 'past_due' ? <Typography.Text type="danger">{money(v)}</Typography.Text> : money(v)),
              },
              {
                title: t('ledger.status'), dataIndex: 'status', width: 150,
                render: (s: Inst['status'], i) => (
                  <Tag color={statusColor[s]}>{t(`ledger.statuses.${s}`)}{i.dpd > 0 ? ` · ${i.dpd}` : ''}</Tag>
                ),
              },
            ]}
          />
        )}
        {a.basis !== 'stored' && (
          <Table<Pay>
            size="small"
            rowKey="externalId"
            title={() => <Typography.Text strong>{t('ledger.payments')}</Typography.Text>}
            locale={{ emptyText: t('ledger.noPayments') }}
            pagination={a.payments.length > 10 ? { pageSize: 10, size: 'small', hideOnSinglePage: true } : false}
            dataSource={a.payments}
            columns={[
              { title: t('ledger.paidOn'), dataIndex: 'paidOn', width: 120 },
              {
                title: t('ledger.amount'), dataIndex: 'amountMinor', align: 'right', width: 140,
                render: (v: number, p) => (p.reversed || p.reversalOf ? <Typography.Text delete={p.reversed} type="secondary">{money(v)}</Typography.Text> : money(v)),
              },
              { title: t('ledger.channel'), dataIndex: 'channel', width: 120, render: (c: string) => channelLabel(c) },
              { title: t('ledger.allocation'), key: 'alloc', render: (_: unknown, p) => allocationText(p) },
            ]}
          />
        )}
      </Space>
    </Card>
  );
};

export const LedgerCard = ({ caseId }: { caseId: string }) => {
  const { t } = useTranslation();
  const q = useQuery({ queryKey: ['cases', 'ledger', caseId], queryFn: ({ signal }) => api<CaseLedger>(`/api/cases/${caseId}/ledger`, { signal }) });
  return (
    <Card size="small" title={t('ledger.title')} extra={q.data && <Typography.Text type="secondary">{t('ledger.asOf', { date: q.data.asOf })}</Typography.Text>} data-testid="ledger-card">
      {q.isPending ? (
        <Skeleton active />
      ) : q.isError ? (
        <ErrorResult error={q.error} onRetry={() => void q.refetch()} />
      ) : q.data.accounts.length === 0 ? (
        <Empty description={t('ledger.none')} />
      ) : (
        <Space orientation="vertical" size={12} style={{ width: '100%' }}>
          {q.data.accounts.map((a) => <LoanLedger key={a.id} a={a} />)}
        </Space>
      )}
    </Card>
  );
};
