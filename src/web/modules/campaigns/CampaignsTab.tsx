// 合规 → 消息模板 → 群发活动 (issue 6, item 6): build a selection (creditor, bucket, DPD range, team, collector), pick
// an approved SMS or email template (not a plan confirmation: those carry {{planTerms}}), see what the compliance
// engine would do now — 允许立即发送 / 稍后发送 (from … to …) / 不可发送 with the rules that block — then confirm to
// create and start; the list below shows each campaign's progress, refreshed while one runs.
import { useQuery } from '@tanstack/react-query';
import { Alert, Button, Card, Col, Form, Input, InputNumber, Popconfirm, Progress, Row, Select, Space, Statistic, Table, Tag, Typography } from 'antd';
import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { buckets } from '../../../contracts/constants.js';
import { isApiError } from '../../api/client.js';
import { formatDateTime } from '../../app/format.js';
import { ErrorResult } from '../../app/Results.js';
import { useCreditors, useTeams } from '../admin/adminApi.js';
import { useTemplates, type MessageTemplate } from '../messaging/messagingApi.js';
import { supervisionApi, supervisionKeys } from '../supervision/supervisionApi.js';
import { useCampaignAction, useCampaigns, usePreview, type Campaign, type CampaignFilterInput, type CampaignPreview } from './campaignsApi.js';
import { isPlanConfirmation } from '../../../contracts/templates.js';

type Channel = 'sms' | 'email';
type FormValues = {
  name: string; channel: Channel; templateId?: string; creditorId?: string; bucket?: string; dpdMin?: number | null; dpdMax?: number | null; teamId?: string; assignedUserId?: string;
};

const statusColor: Record<Campaign['status'], string> = { draft: 'default', running: 'processing', done: 'green', cancelled: 'orange' };

/** A template a campaign may use: approved, on this channel, not a plan confirmation. */
const usable = (tp: MessageTemplate, channel: Channel) => {
  const v = tp.versions.find((x) => x.id === tp.approvedVersionId);
  return tp.channel === channel && !!v && !isPlanConfirmation(v);
};

const filterOf = (v: FormValues): CampaignFilterInput => {
  const f: CampaignFilterInput = {};
  if (v.creditorId) f.creditorId = v.creditorId;
  if (v.bucket) f.bucket = v.bucket as NonNullable<CampaignFilterInput['bucket']>;
  if (typeof v.dpdMin === 'number') f.dpdMin = v.dpdMin;
  if (typeof v.dpdMax === 'number') f.dpdMax = v.dpdMax;
  if (v.teamId) f.teamId = v.teamId;
  if (v.assignedUserId) f.assignedUserId = v.assignedUserId;
  return f;
};

const PreviewResult = ({ p }: { p: CampaignPreview }) => {
  const { t } = useTranslation();
  const rule = (id: string) => (id === 'no_contact_point' ? t('campaigns.noContactPoint') : id);
  return (
    <Space orientation="vertical" size={12} style={{ width: '100%' }} data-testid="campaign-preview">
      <Row gutter={16}>
        <Col span={6} data-testid="preview-total" data-count={p.total}><Statistic title={t('campaigns.total')} value={p.total} /></Col>
        <Col span={6} data-testid="preview-allowed" data-count={p.allowedNow}><Statistic title={t('campaigns.allowedNow')} value={p.allowedNow} styles={{ content: { color: '#389e0d' } }} /></Col>
        <Col span={6} data-testid="preview-later" data-count={p.later.count}>
          <Statistic title={t('campaigns.later')} value={p.later.count} styles={{ content: { color: '#d48806' } }} />
          {p.later.earliest && (
            <Typography.Text type="secondary" style={{ fontSize: 12 }}>
              {t('campaigns.laterRange', { from: formatDateTime(p.later.earliest), to: formatDateTime(p.later.latest) })}
            </Typography.Text>
          )}
        </Col>
        <Col span={6} data-testid="preview-never" data-count={p.never.count}>
          <Statistic title={t('campaigns.never')} value={p.never.count} styles={{ content: { color: '#cf1322' } }} />
          {p.never.byRule.map((r) => (
            <div key={r.ruleId}><Typography.Text type="secondary" style={{ fontSize: 12 }}>{rule(r.ruleId)}：{r.count}</Typography.Text></div>
          ))}
        </Col>
      </Row>
      <Table
        size="small"
        rowKey="caseId"
        pagination={false}
        dataSource={p.sample}
        title={() => t('campaigns.sample', { n: p.sample.length })}
        columns={[
          { title: t('campaigns.case'), dataIndex: 'caseId', width: 110, render: (id: string) => <Link to={`/cases/${id}`}>{id.slice(-8)}</Link> },
          { title: t('campaigns.debtor'), dataIndex: 'debtorName' },
          { title: t('campaigns.contactPoint'), dataIndex: 'contactPointMasked', render: (m: string | null) => m ?? t('common.none') },
          { title: t('campaigns.verdict'), dataIndex: 'outcome', width: 110, render: (o: 'allow' | 'later' | 'never') => <Tag color={o === 'allow' ? 'green' : o === 'later' ? 'gold' : 'red'}>{t(`campaigns.outcomes.${o}`)}</Tag> },
          {
            title: t('campaigns.reason'),
            key: 'reason',
            render: (_: unknown, s: CampaignPreview['sample'][number]) => (
              <span>{s.ruleIds.map(rule).join('、') || t('common.none')}{s.nextAllowedAt ? ` → ${formatDateTime(s.nextAllowedAt)}` : ''}</span>
            ),
          },
        ]}
      />
    </Space>
  );
};

export const CampaignsTab = () => {
  const { t } = useTranslation();
  const [form] = Form.useForm<FormValues>();
  const channel = Form.useWatch('channel', form) ?? 'sms';
  const teamId = Form.useWatch('teamId', form);
  // The collectors of the chosen team (default: the caller's own team), as the team board offers them.
  const assignees = useQuery({ queryKey: supervisionKeys.assignees(teamId), queryFn: ({ signal }) => supervisionApi.assignees(teamId, signal) });
  const templates = useTemplates(true);
  const creditors = useCreditors();
  const teams = useTeams();
  const campaigns = useCampaigns();
  const preview = usePreview();
  const action = useCampaignAction();
  const [previewed, setPreviewed] = useState<{ values: FormValues; result: CampaignPreview } | null>(null);
  const [error, setError] = useState<string | null>(null);
  const options = useMemo(() => (templates.data?.items ?? []).filter((x) => usable(x, channel)).map((x) => ({ value: x.id, label: x.name })), [templates.data, channel]);
  const errText = (e: unknown) => (isApiError(e) ? [e.message, ...e.issues.map((i) => `${i.path}: ${i.message}`)].join('；') : t('common.requestFailed'));

  const runPreview = async () => {
    setError(null);
    const values = await form.validateFields();
    preview.mutate({ templateId: values.templateId!, channel: values.channel, filter: filterOf(values) }, {
      onSuccess: (result) => setPreviewed({ values, result }),
      onError: (e) => { setPreviewed(null); setError(errText(e)); },
    });
  };

  const confirm = () => {
    if (!previewed) return;
    const v = previewed.values;
    action.mutate({ kind: 'create-start', body: { name: v.name, templateId: v.templateId!, channel: v.channel, filter: filterOf(v) } }, {
      onSuccess: () => { setPreviewed(null); form.resetFields(['name']); },
      onError: (e) => setError(errText(e)),
    });
  };

  return (
    <Space orientation="vertical" size={16} style={{ width: '100%' }} data-testid="campaigns-tab">
      <Typography.Text type="secondary">{t('campaigns.intro')}</Typography.Text>
      <Card size="small" title={t('campaigns.newTitle')}>
        <Form<FormValues> form={form} layout="vertical" initialValues={{ channel: 'sms' }} onValuesChange={() => setPreviewed(null)}>
          <Row gutter={12}>
            <Col xs={24} md={8}>
              <Form.Item name="name" label={t('campaigns.name')} rules={[{ required: true, whitespace: true, message: t('campaigns.nameRequired') }]}>
                <Input maxLength={200} placeholder={t('campaigns.namePlaceholder')} data-testid="campaign-name" />
              </Form.Item>
            </Col>
            <Col xs={12} md={4}>
              <Form.Item name="channel" label={t('campaigns.channel')}>
                <Select options={(['sms', 'email'] as const).map((c) => ({ value: c, label: t(`messaging.channels.${c}`) }))} onChange={() => form.setFieldValue('templateId', undefined)} />
              </Form.Item>
            </Col>
            <Col xs={24} md={12}>
              <Form.Item name="templateId" label={t('campaigns.template')} rules={[{ required: true, message: t('campaigns.templateRequired') }]} extra={t('campaigns.templateHelp', { planTerms: '{{planTerms}}' })}>
                <Select options={options} loading={templates.isPending} showSearch={{ optionFilterProp: 'label' }} data-testid="campaign-template" notFoundContent={t('campaigns.noTemplate')} />
              </Form.Item>
            </Col>
          </Row>
          <Row gutter={12}>
            <Col xs={24} md={6}>
              <Form.Item name="creditorId" label={t('campaigns.creditor')}>
                <Select allowClear placeholder={t('common.all')} options={(creditors.data ?? []).map((c) => ({ value: c.id, label: c.name }))} loading={creditors.isPending} />
              </Form.Item>
            </Col>
            <Col xs={12} md={4}>
              <Form.Item name="bucket" label={t('campaigns.bucket')}>
                <Select allowClear placeholder={t('common.all')} options={buckets.map((b) => ({ value: b, label: b }))} />
              </Form.Item>
            </Col>
            <Col xs={12} md={6}>
              <Form.Item label={t('campaigns.dpdRange')}>
                <Space.Compact>
                  <Form.Item name="dpdMin" noStyle><InputNumber min={0} precision={0} placeholder={t('campaigns.from')} data-testid="campaign-dpd-min" /></Form.Item>
                  <Form.Item
                    name="dpdMax"
                    noStyle
                    dependencies={['dpdMin']}
                    rules={[({ getFieldValue }) => ({
                      validator: (_, v: number | null | undefined) => {
                        const min = getFieldValue('dpdMin') as number | null | undefined;
                        return typeof v === 'number' && typeof min === 'number' && v < min ? Promise.reject(new Error(t('campaigns.dpdOrder'))) : Promise.resolve();
                      },
                    })]}
                  >
                    <InputNumber min={0} precision={0} placeholder={t('campaigns.to')} data-testid="campaign-dpd-max" />
                  </Form.Item>
                </Space.Compact>
              </Form.Item>
            </Col>
            <Col xs={12} md={4}>
              <Form.Item name="teamId" label={t('campaigns.team')}>
                <Select allowClear placeholder={t('campaigns.myScope')} options={(teams.data ?? []).map((x) => ({ value: x.id, label: x.name }))} loading={teams.isPending}
                  onChange={() => form.setFieldValue('assignedUserId', undefined)} />
              </Form.Item>
            </Col>
            <Col xs={12} md={4}>
              <Form.Item name="assignedUserId" label={t('campaigns.collector')}>
                <Select allowClear placeholder={t('common.all')} options={(assignees.data?.items ?? []).map((x) => ({ value: x.id, label: x.displayName }))} loading={assignees.isPending} />
              </Form.Item>
            </Col>
          </Row>
          <Space>
            <Button onClick={() => void runPreview()} loading={preview.isPending} data-testid="campaign-preview-button">{t('campaigns.preview')}</Button>
            <Popconfirm
              title={t('campaigns.confirmTitle')}
              description={previewed ? t('campaigns.confirmText', { now: previewed.result.allowedNow, later: previewed.result.later.count, never: previewed.result.never.count }) : undefined}
              onConfirm={confirm}
              okText={t('campaigns.start')}
              cancelText={t('common.cancel')}
              disabled={!previewed || previewed.result.total === 0}
            >
              <Button type="primary" disabled={!previewed || previewed.result.total === 0} loading={action.isPending} data-testid="campaign-start">{t('campaigns.createAndStart')}</Button>
            </Popconfirm>
          </Space>
        </Form>
        {error && <Alert style={{ marginTop: 12 }} type="error" showIcon title={error} data-testid="campaign-error" />}
        {previewed && <div style={{ marginTop: 16 }}><PreviewResult p={previewed.result} /></div>}
      </Card>

      {campaigns.isError ? (
        <ErrorResult error={campaigns.error} onRetry={() => void campaigns.refetch()} />
      ) : (
        <Table<Campaign>
          size="small"
          rowKey="id"
          loading={campaigns.isPending}
          dataSource={campaigns.data?.items ?? []}
          pagination={{ pageSize: 20, hideOnSinglePage: true }}
          data-testid="campaign-table"
          columns={[
            { title: t('campaigns.name'), dataIndex: 'name' },
            { title: t('campaigns.template'), key: 'tpl', render: (_, c) => `${c.templateName ?? c.templateId.slice(-8)}（${t(`messaging.channels.${c.channel}`)}）` },
            { title: t('campaigns.status'), dataIndex: 'status', width: 90, render: (s: Campaign['status']) => <Tag color={statusColor[s]} data-testid="campaign-status" data-status={s}>{t(`campaigns.statuses.${s}`)}</Tag> },
            {
              title: t('campaigns.previewCounts'),
              key: 'preview',
              render: (_, c) => t('campaigns.previewLine', { total: c.preview.total, now: c.preview.allowedNow, later: c.preview.later, never: c.preview.never }),
            },
            {
              title: t('campaigns.progress'),
              key: 'progress',
              width: 240,
              render: (_, c) => {
                const { pending, queued, skipped, failed } = c.progress;
                const all = pending + queued + skipped + failed;
                return (
                  <div>
                    <Progress size="small" percent={all ? Math.round(((all - pending) / all) * 100) : 100} status={c.status === 'running' ? 'active' : failed ? 'exception' : 'normal'} />
                    <Typography.Text type="secondary" style={{ fontSize: 12 }}>{t('campaigns.progressLine', { queued, skipped, failed, pending })}</Typography.Text>
                  </div>
                );
              },
            },
            { title: t('campaigns.createdAt'), dataIndex: 'createdAt', width: 140, render: (at: string) => formatDateTime(at) },
            {
              title: t('common.actions'),
              key: 'a',
              width: 150,
              render: (_, c) => (
                <Space size={4}>
                  {c.status === 'draft' && <Button size="small" type="primary" onClick={() => action.mutate({ kind: 'start', id: c.id }, { onError: (e) => setError(errText(e)) })}>{t('campaigns.start')}</Button>}
                  {/* A finished campaign may still have messages waiting (deferred to 08:00): cancelling withdraws them. */}
                  {(c.status === 'draft' || c.status === 'running' || (c.status === 'done' && c.progress.queued > 0)) && (
                    <Popconfirm title={t('campaigns.cancelConfirm')} onConfirm={() => action.mutate({ kind: 'cancel', id: c.id }, { onError: (e) => setError(errText(e)) })}>
                      <Button size="small" danger>{t('campaigns.cancel')}</Button>
                    </Popconfirm>
                  )}
                </Space>
              ),
            },
          ]}
        />
      )}
    </Space>
  );
};
