// 外访计划 (issue 8, parts 1–2): the supervisor approves or rejects pending visit requests (never their own — the
// server enforces it), then "生成路线" for a date and chosen field collectors: a table per collector or pair of
// ordered stops with planned arrival times (in the plan's time zone), and the requests that could not be planned.
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Alert, App, Button, Card, DatePicker, Form, InputNumber, Select, Space, Table, Tag, Typography } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import type { VisitPlanOut, VisitRequestOut } from '../../../contracts/visits.js';
import { isApiError } from '../../api/client.js';
import { formatDateTime } from '../../app/format.js';
import { ErrorResult } from '../../app/Results.js';
import { FieldIncidentsCard } from '../field/FieldIncidentsCard.js';
import { FieldReportsCard } from '../field/FieldReportsCard.js';
import { statusColor } from './VisitRequestCard.js';
import { VisitAddress } from './VisitRequestCard.js';
import { timeIn, visitApi, visitKeys } from './visitsApi.js';

type Stop = VisitPlanOut['routes'][number]['stops'][number];
type PlanForm = { date?: Dayjs; collectorIds?: string[]; lat?: number | null; lon?: number | null };

export const VisitPlanPage = () => {
  const { t, i18n } = useTranslation();
  const { message } = App.useApp();
  const qc = useQueryClient();
  const [form] = Form.useForm<PlanForm>();
  const [plan, setPlan] = useState<VisitPlanOut | null>(null);
  const [error, setError] = useState<string | null>(null);
  const pending = useQuery({ queryKey: visitKeys.byStatus('requested'), queryFn: ({ signal }) => visitApi.byStatus('requested', signal) });
  const approved = useQuery({ queryKey: visitKeys.byStatus('approved'), queryFn: ({ signal }) => visitApi.byStatus('approved', signal) });
  const collectors = useQuery({ queryKey: visitKeys.collectors, queryFn: ({ signal }) => visitApi.collectors(signal) });
  const fail = (e: unknown) => setError(isApiError(e) ? e.message : t('common.requestFailed'));
  const decide = useMutation({
    mutationFn: ({ id, decision }: { id: string; decision: 'approve' | 'reject' }) => visitApi.decide(id, decision),
    onSuccess: (_, v) => {
      setError(null);
      void message.success(v.decision === 'approve' ? t('visits.approvedMsg') : t('visits.rejectedMsg'));
      void qc.invalidateQueries({ queryKey: ['visits'] });
    },
    onError: fail,
  });
  const generate = useMutation({
    mutationFn: (v: PlanForm) =>
      visitApi.plan({
        date: v.date!.format('YYYY-MM-DD'),
        collectorIds: v.collectorIds ?? [],
        ...(typeof v.lat === 'number' && typeof v.lon === 'number' ? { base: { latitude: v.lat, longitude: v.lon } } : {}),
      }),
    onSuccess: (p) => {
      setError(null);
      setPlan(p);
      void message.success(t('visits.generated'));
      void qc.invalidateQueries({ queryKey: ['visits'] });
    },
    onError: fail,
  });

  if (pending.isError) return <ErrorResult error={pending.error} onRetry={() => void pending.refetch()} />;
  const pick = (x: { zh: string; en: string }) => (i18n.language === 'en' ? x.en : x.zh);
  const nameOf = (id: string) => collectors.data?.items.find((c) => c.id === id)?.name ?? id;

  return (
    <Space orientation="vertical" size={12} style={{ width: '100%' }} data-testid="visit-plan-page">
      {error && <Alert type="error" showIcon title={error} closable onClose={() => setError(null)} data-testid="visit-plan-error" />}
      <FieldIncidentsCard />
      <FieldReportsCard />
      <Card size="small" title={t('visits.pending')}>
        <Table<VisitRequestOut>
          size="small"
          rowKey="id"
          loading={pending.isPending}
          dataSource={pending.data?.items ?? []}
          pagination={false}
          locale={{ emptyText: t('visits.noPending') }}
          data-testid="visit-pending"
          columns={[
            { title: t('visits.createdAt'), dataIndex: 'createdAt', width: 140, render: (v: string) => formatDateTime(v) },
            { title: t('visits.case'), dataIndex: 'caseId', width: 100, render: (id: string) => <Link to={`/cases/${id}`}>{t('visits.openCase')}</Link> },
            {
              title: t('visits.address'), key: 'address',
              render: (_: unknown, r) => <VisitAddress address={r.address} />,
            },
            { title: t('visits.reason'), dataIndex: 'reason' },
            { title: t('visits.priority'), dataIndex: 'priority', width: 70, render: (p: number) => t(`visits.priorities.${p}` as 'visits.priorities.1') },
            { title: t('visits.requestedBy'), dataIndex: 'requestedByName', width: 120, render: (v: string | null) => v ?? '—' },
            {
              title: t('common.actions'), key: 'actions', width: 140,
              render: (_: unknown, r) => (
                <Space size={4}>
                  <Button size="small" type="primary" data-testid={`visit-approve-${r.id}`} loading={decide.isPending} onClick={() => decide.mutate({ id: r.id, decision: 'approve' })}>{t('visits.approve')}</Button>
                  <Button size="small" danger data-testid={`visit-reject-${r.id}`} loading={decide.isPending} onClick={() => decide.mutate({ id: r.id, decision: 'reject' })}>{t('visits.reject')}</Button>
                </Space>
              ),
            },
          ]}
        />
      </Card>

      <Card size="small" title={t('visits.planTitle')}>
        <Typography.Paragraph type="secondary">{t('visits.approvedWaiting', { count: approved.data?.items.length ?? 0 })}</Typography.Paragraph>
        <Form<PlanForm> form={form} layout="inline" initialValues={{ date: dayjs().add(1, 'day') }} onFinish={(v) => generate.mutate(v)} style={{ rowGap: 8 }}>
          <Form.Item name="date" label={t('visits.date')} rules={[{ required: true }]}>
            <DatePicker data-testid="visit-plan-date" allowClear={false} />
          </Form.Item>
          <Form.Item name="collectorIds" label={t('visits.collectors')} tooltip={t('visits.collectorsHint')} rules={[{ required: true }]}>
            <Select mode="multiple" style={{ minWidth: 320 }} data-testid="visit-plan-collectors" loading={collectors.isPending}
              options={(collectors.data?.items ?? []).map((c) => ({ value: c.id, label: c.name }))} />
          </Form.Item>
          <Form.Item name="lat" label={t('visits.baseLat')} tooltip={t('visits.baseHint')}>
            <InputNumber min={-90} max={90} step={0.01} style={{ width: 110 }} data-testid="visit-plan-lat" />
          </Form.Item>
          <Form.Item name="lon" label={t('visits.baseLon')}>
            <InputNumber min={-180} max={180} step={0.01} style={{ width: 120 }} data-testid="visit-plan-lon" />
          </Form.Item>
          <Button type="primary" htmlType="submit" loading={generate.isPending} data-testid="visit-plan-generate">{t('visits.generate')}</Button>
        </Form>
      </Card>

      {plan && (
        <Space orientation="vertical" size={12} style={{ width: '100%' }} data-testid="visit-plan-result">
          <Typography.Text type="secondary">{t('visits.baseShown', { lat: plan.base.latitude.toFixed(4), lon: plan.base.longitude.toFixed(4) })}</Typography.Text>
          {plan.routes.map((r) => (
            <Card
              key={r.routeNo}
              size="small"
              data-testid={`visit-route-${r.routeNo}`}
              title={`${t('visits.route', { no: r.routeNo })} · ${r.collectors.map((c) => c.name).join('、')}`}
              extra={<Typography.Text type="secondary">{t('visits.distance', { km: r.distanceKm.toFixed(1) })}{r.startAt ? ` · ${t('visits.window', { start: timeIn(r.startAt, plan.timeZone), end: timeIn(r.endAt, plan.timeZone) })}` : ''}</Typography.Text>}
            >
              <Table<Stop>
                size="small"
                rowKey="requestId"
                dataSource={r.stops}
                pagination={false}
                locale={{ emptyText: t('visits.noStops') }}
                columns={[
                  { title: t('visits.seq'), dataIndex: 'seq', width: 56 },
                  { title: t('visits.arrival'), dataIndex: 'arrivalAt', width: 80, render: (v: string) => timeIn(v, plan.timeZone) },
                  { title: t('visits.start'), dataIndex: 'startAt', width: 70, render: (v: string) => timeIn(v, plan.timeZone) },
                  { title: t('visits.end'), dataIndex: 'endAt', width: 70, render: (v: string) => timeIn(v, plan.timeZone) },
                  { title: t('visits.timeWindow'), key: 'window', width: 120, render: (_: unknown, s) => `${timeIn(s.windowStartAt, plan.timeZone)}–${timeIn(s.windowEndAt, plan.timeZone)}` },
                  { title: t('visits.kind'), dataIndex: 'addressKind', width: 90, render: (k: Stop['addressKind']) => t(`addressKinds.${k}`) },
                  { title: t('visits.address'), key: 'addr', render: (_: unknown, s) => `${s.region} ${s.detailMasked}` },
                  { title: t('visits.priority'), dataIndex: 'priority', width: 70, render: (p: number) => t(`visits.priorities.${p}` as 'visits.priorities.1') },
                  {
                    title: t('visits.compliance'), key: 'compliance', width: 110,
                    render: (_: unknown, s) => (
                      <Tag color={s.compliance.outcome === 'block' ? 'red' : s.compliance.outcome === 'warn' ? 'orange' : 'green'}
                        title={s.compliance.reasons.map((x) => `${x.ruleId} ${pick(x)}`).join('\n')}>
                        {t(`visits.outcomes.${s.compliance.outcome}` as 'visits.outcomes.allow')}
                      </Tag>
                    ),
                  },
                  { title: t('visits.case'), dataIndex: 'caseId', width: 90, render: (id: string) => <Link to={`/cases/${id}`}>{t('visits.openCase')}</Link> },
                ]}
              />
            </Card>
          ))}
          {plan.unpairedCollectorIds.length > 0 && <Alert type="info" showIcon title={t('visits.unpaired', { names: plan.unpairedCollectorIds.map(nameOf).join('、') })} />}
          <Card size="small" title={t('visits.unplanned')}>
            <Table<VisitPlanOut['unplanned'][number]>
              size="small"
              rowKey="requestId"
              dataSource={plan.unplanned}
              pagination={false}
              data-testid="visit-unplanned"
              columns={[
                {
                  title: t('visits.address'), key: 'address',
                  render: (_: unknown, u) =>
                    u.region === undefined ? '—' : `${u.addressKind ? t(`addressKinds.${u.addressKind}` as 'addressKinds.residence') : ''} ${u.region} ${u.detailMasked ?? ''}`,
                },
                { title: t('visits.priority'), dataIndex: 'priority', width: 80, render: (v: number | undefined) => (v === undefined ? '—' : t(`visits.priorities.${v}` as 'visits.priorities.1')) },
                {
                  title: t('visits.reason'), dataIndex: 'reason',
                  render: (reason: string, u) => {
                    const label = t(`visits.unplannedReasons.${reason}` as 'visits.unplannedReasons.no_coordinates');
                    return (
                      <Space orientation="vertical" size={0}>
                        <Tag color={statusColor.rejected}>{label}</Tag>
                        {/* The rules that block it; a detail that only repeats the reason is not shown twice. */}
                        {u.details.filter((d) => d.ruleId || pick(d) !== label).map((d, i) => <Typography.Text key={i} type="secondary">{d.ruleId ? `${d.ruleId} ` : ''}{pick(d)}</Typography.Text>)}
                      </Space>
                    );
                  },
                },
                { title: t('visits.case'), dataIndex: 'caseId', width: 100, render: (id: string) => <Link to={`/cases/${id}`}>{t('visits.openCase')}</Link> },
              ]}
            />
          </Card>
        </Space>
      )}
    </Space>
  );
};
