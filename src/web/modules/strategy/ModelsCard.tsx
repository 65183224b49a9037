// 评分模型: the model registry (issue 9, part 1) — train a portfolio model from the nightly history, compare its
// holdout AUC with the rule score's, activate one (the next nightly run scores with it).
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Alert, App, Button, Card, Form, InputNumber, Popconfirm, Select, Space, Table, Tag, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { ScoringModelOut } from '../../../contracts/models.js';
import { api } from '../../api/client.js';
import { formatDateTime } from '../../app/format.js';

const statusColor: Record<ScoringModelOut['status'], string> = { active: 'green', candidate: 'blue', retired: 'default' };
const auc = (x: number) => (Number.isFinite(x) ? x.toFixed(3) : '—');

export const ModelsCard = () => {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const qc = useQueryClient();
  const [error, setError] = useState<string | null>(null);
  const models = useQuery({ queryKey: ['models'], queryFn: ({ signal }) => api<{ items: ScoringModelOut[] }>('/api/models', { signal }) });
  const train = useMutation({
    mutationFn: (body: { kind: 'gbdt' | 'logistic'; labelDays: number; labelShareBp: number }) => api<ScoringModelOut>('/api/models', { method: 'POST', body }),
    onSuccess: (m) => {
      setError(null);
      void message.success(t('models.trained', { version: m.version, auc: auc(m.metrics.auc) }));
      void qc.invalidateQueries({ queryKey: ['models'] });
    },
    onError: (e: Error) => setError(e.message),
  });
  const activate = useMutation({
    mutationFn: (id: string) => api<ScoringModelOut>(`/api/models/${id}/activate`, { method: 'POST', body: {} }),
    onSuccess: (m) => {
      void message.success(t('models.activated', { version: m.version }));
      void qc.invalidateQueries({ queryKey: ['models'] });
    },
    onError: (e: Error) => void message.error(e.message),
  });
  const active = models.data?.items.find((m) => m.status === 'active');

  return (
    <Card size="small" title={t('models.title')} data-testid="models-card" style={{ marginBottom: 16 }}>
      <Typography.Paragraph type="secondary" style={{ marginBottom: 8 }}>
        {active ? t('models.activeNow', { version: active.version }) : t('models.ruleNow')}
      </Typography.Paragraph>
      <Form layout="inline" initialValues={{ kind: 'gbdt', labelDays: 30, sharePct: 10 }} onFinish={(v: { kind: 'gbdt' | 'logistic'; labelDays: number; sharePct: number }) => train.mutate({ kind: v.kind, labelDays: v.labelDays, labelShareBp: Math.round(v.sharePct * 100) })}>
        <Form.Item name="kind" label={t('models.kind')}>
          <Select style={{ width: 150 }} options={[{ value: 'gbdt', label: t('models.kinds.gbdt') }, { value: 'logistic', label: t('models.kinds.logistic') }]} />
        </Form.Item>
        <Form.Item name="labelDays" label={t('models.labelDays')}>
          <InputNumber min={7} max={180} />
        </Form.Item>
        <Form.Item name="sharePct" label={t('models.share')}>
          <InputNumber min={0} max={100} addonAfter="%" />
        </Form.Item>
        <Form.Item>
          <Button type="primary" htmlType="submit" loading={train.isPending} data-testid="models-train">{t('models.train')}</Button>
        </Form.Item>
      </Form>
      {error && <Alert type="warning" showIcon title={error} style={{ marginTop: 8 }} data-testid="models-error" />}
      <Table<ScoringModelOut>
        size="small"
        rowKey="id"
        style={{ marginTop: 12 }}
        loading={models.isPending}
        dataSource={models.data?.items ?? []}
        pagination={false}
        locale={{ emptyText: t('models.none') }}
        columns={[
          { title: t('models.version'), dataIndex: 'version', render: (v: number) => `v${v}`, width: 70 },
          { title: t('models.kind'), dataIndex: 'kind', render: (k: ScoringModelOut['kind']) => t(`models.kinds.${k}`) },
          { title: t('models.status'), dataIndex: 'status', render: (s: ScoringModelOut['status']) => <Tag color={statusColor[s]}>{t(`models.statuses.${s}`)}</Tag> },
          { title: t('models.history'), key: 'h', render: (_: unknown, m) => `${m.historyFrom} ~ ${m.historyTo}` },
          { title: t('models.rows'), key: 'rows', align: 'right', render: (_: unknown, m) => `${m.rows} / ${m.positives}` },
          { title: t('models.auc'), key: 'auc', align: 'right', render: (_: unknown, m) => <Space size={4}><b>{auc(m.metrics.auc)}</b><Typography.Text type="secondary">({t('models.rule')} {auc(m.metrics.ruleAuc)})</Typography.Text></Space> },
          { title: t('models.createdAt'), dataIndex: 'createdAt', render: (v: string) => formatDateTime(v) },
          {
            key: 'act',
            render: (_: unknown, m) =>
              m.status !== 'active' && (
                <Popconfirm title={t('models.activateConfirm', { version: m.version })} onConfirm={() => activate.mutate(m.id)}>
                  <Button size="small">{t('models.activate')}</Button>
                </Popconfirm>
              ),
          },
        ]}
      />
    </Card>
  );
};
