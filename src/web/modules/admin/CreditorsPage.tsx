import { AuditOutlined, EditOutlined, KeyOutlined, PlusOutlined, SettingOutlined } from '@ant-design/icons';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { Alert, App, Badge, Button, Card, Form, Input, Modal, Select, Space, Table } from 'antd';
import type { TableProps } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { Creditor } from '../../../contracts/identity.js';
import { api } from '../../api/client.js';
import { applyApiErrors } from '../../api/formErrors.js';
import { formatDateTime } from '../../app/format.js';
import { ErrorResult } from '../../app/Results.js';
import { creditorsKey, useCreditors } from './adminApi.js';
import { NegotiationPolicyDrawer } from './NegotiationPolicyDrawer.js';
import { PolicyDrawer } from './PolicyDrawer.js';
import { TokensDrawer } from './TokensDrawer.js';
import { useRulePacks } from '../compliance/complianceApi.js';

type Values = { code: string; name: string; timeZone: string; currency: string; status: Creditor['status']; rulePackSet: string[] };
const timeZones = ['Asia/Shanghai', 'Asia/Hong_Kong', 'Asia/Singapore', 'Asia/Tokyo', 'Europe/London', 'America/New_York', 'UTC'];

const CreditorFormModal = ({ creditor, onClose }: { creditor: Creditor | null; onClose: (saved: boolean) => void }) => {
  const { t, i18n } = useTranslation();
  const qc = useQueryClient();
  const [form] = Form.useForm<Values>();
  const [formError, setFormError] = useState<string | null>(null);
  const packs = useRulePacks();
  const packOptions = [
    ...(packs.data?.sets ?? []).map((s) => ({ value: s.id, label: `${s.id} · ${i18n.language === 'en' ? s.title.en : s.title['zh-CN']}` })),
    ...(packs.data?.packs ?? []).map((p) => ({ value: p.id, label: `${p.id} · ${i18n.language === 'en' ? p.title.en : p.title['zh-CN']}` })),
  ];
  const save = useMutation({
    mutationFn: (v: Values) =>
      creditor
        ? api<Creditor>(`/api/admin/creditors/${creditor.id}`, { method: 'PATCH', body: { name: v.name.trim(), timeZone: v.timeZone, status: v.status, rulePackSet: v.rulePackSet.join(' ') } })
        : api<Creditor>('/api/admin/creditors', { method: 'POST', body: { code: v.code.trim(), name: v.name.trim(), timeZone: v.timeZone, currency: v.currency, rulePackSet: v.rulePackSet.join(' ') } }),
    onSuccess: async () => {
      await qc.invalidateQueries({ queryKey: creditorsKey });
      onClose(true);
    },
    onError: (err) => setFormError(applyApiErrors(form, err, t('common.requestFailed'))),
  });
  const initialValues: Partial<Values> = creditor
    ? { ...creditor, rulePackSet: creditor.rulePackSet.split(/\s+/).filter(Boolean) }
    : { timeZone: 'Asia/Shanghai', currency: 'CNY', status: 'active', rulePackSet: ['cn-default'] };
  return (
    <Modal
      open
      title={creditor ? t('creditors.editTitle') : t('creditors.create')}
      okText={t('common.save')}
      cancelText={t('common.cancel')}
      confirmLoading={save.isPending}
      onOk={() => form.submit()}
      onCancel={() => onClose(false)}
    >
      {formError && <Alert type="error" showIcon title={formError} style={{ marginBottom: 12 }} />}
      <Form<Values> form={form} layout="vertical" initialValues={initialValues} onFinish={(v) => save.mutate(v)}>
        <Form.Item name="code" label={t('creditors.code')} rules={[{ required: !creditor, pattern: /^[A-Za-z0-9_-]{2,30}$/, message: t('creditors.codeRequired') }]}>
          <Input autoComplete="off" disabled={!!creditor} />
        </Form.Item>
        <Form.Item name="name" label={t('creditors.name')} rules={[{ required: true, whitespace: true, max: 100, message: t('creditors.nameRequired') }]}>
          <Input autoComplete="off" />
        </Form.Item>
        <Space.Compact block>
          <Form.Item name="timeZone" label={t('creditors.timeZone')} style={{ flex: 2 }}>
            <Select showSearch options={timeZones.map((z) => ({ value: z, label: z }))} />
          </Form.Item>
          <Form.Item name="currency" label={t('creditors.currency')} style={{ flex: 1, marginInlineStart: 12 }} rules={[{ pattern: /^[A-Z]{3}$/ }]}>
            <Input disabled={!!creditor} maxLength={3} />
          </Form.Item>
        </Space.Compact>
        <Form.Item name="rulePackSet" label={t('creditors.rulePackSet')} extra={t('creditors.rulePackSetHelp')} rules={[{ required: true, type: 'array', min: 1, message: t('creditors.rulePackSetRequired') }]}>
          <Select mode="multiple" loading={packs.isLoading} options={packOptions} data-testid="creditor-rule-packs" />
        </Form.Item>
        {creditor && (
          <Form.Item name="status" label={t('creditors.status')}>
            <Select options={[{ value: 'active', label: t('creditors.active') }, { value: 'inactive', label: t('creditors.inactive') }]} />
          </Form.Item>
        )}
      </Form>
    </Modal>
  );
};

export const CreditorsPage = () => {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const creditors = useCreditors();
  const [editing, setEditing] = useState<Creditor | null | undefined>(undefined);
  const [tokensFor, setTokensFor] = useState<Creditor | null>(null);
  const [policyFor, setPolicyFor] = useState<Creditor | null>(null);
  const [negotiationFor, setNegotiationFor] = useState<Creditor | null>(null);

  if (creditors.isError && !creditors.data) return <ErrorResult error={creditors.error} onRetry={() => void creditors.refetch()} />;

  const columns: TableProps<Creditor>['columns'] = [
    { title: t('creditors.code'), dataIndex: 'code', width: 120 },
    { title: t('creditors.name'), dataIndex: 'name' },
    { title: t('creditors.timeZone'), dataIndex: 'timeZone', width: 130 },
    { title: t('creditors.currency'), dataIndex: 'currency', width: 70 },
    { title: t('creditors.rulePackSet'), dataIndex: 'rulePackSet', width: 180 },
    {
      title: t('creditors.status'),
      dataIndex: 'status',
      width: 100,
      render: (s: Creditor['status']) => <Badge status={s === 'active' ? 'success' : 'default'} text={t(s === 'active' ? 'creditors.active' : 'creditors.inactive')} />,
    },
    { title: t('creditors.createdAt'), dataIndex: 'createdAt', width: 140, render: (v: string) => formatDateTime(v) },
    {
      title: t('common.actions'),
      key: 'actions',
      width: 360,
      fixed: 'right',
      render: (_: unknown, c) => (
        <Space size={0}>
          <Button size="small" type="link" icon={<EditOutlined />} onClick={() => setEditing(c)}>
            {t('common.edit')}
          </Button>
          <Button size="small" type="link" icon={<KeyOutlined />} onClick={() => setTokensFor(c)} data-testid={`creditor-tokens-${c.code}`}>
            {t('creditors.tokens')}
          </Button>
          <Button
            size="small"
            type="link"
            icon={<SettingOutlined />}
            onClick={() => setPolicyFor(c)}
            title={c.delinquencyPolicy ? t('creditors.policy.customTitle') : t('creditors.policy.defaultsTitle')}
            data-policy={c.delinquencyPolicy ? 'custom' : 'default'}
            data-testid={`creditor-policy-${c.code}`}
          >
            <Badge dot={!!c.delinquencyPolicy} color="blue" offset={[4, 0]}>
              {t('creditors.policy.menu')}
            </Badge>
          </Button>
          <Button
            size="small"
            type="link"
            icon={<AuditOutlined />}
            onClick={() => setNegotiationFor(c)}
            title={c.negotiationPolicy ? t('creditors.negotiation.customTitle') : t('creditors.negotiation.defaultsTitle')}
            data-policy={c.negotiationPolicy ? 'custom' : 'default'}
            data-testid={`creditor-negotiation-${c.code}`}
          >
            <Badge dot={!!c.negotiationPolicy} color="blue" offset={[4, 0]}>
              {t('creditors.negotiation.menu')}
            </Badge>
          </Button>
        </Space>
      ),
    },
  ];

  return (
    <Card
      size="small"
      title={t('creditors.title')}
      extra={
        <Button type="primary" size="small" icon={<PlusOutlined />} onClick={() => setEditing(null)} data-testid="creditor-create">
          {t('creditors.create')}
        </Button>
      }
    >
      <Table<Creditor> size="small" rowKey="id" columns={columns} dataSource={creditors.data ?? []} loading={creditors.isFetching} pagination={false} scroll={{ x: 1300 }} data-testid="creditors-table" />
      {editing !== undefined && (
        <CreditorFormModal
          creditor={editing}
          onClose={(saved) => {
            setEditing(undefined);
            if (saved) void message.success(t('common.saved'));
          }}
        />
      )}
      <TokensDrawer creditor={tokensFor} onClose={() => setTokensFor(null)} />
      <PolicyDrawer creditor={policyFor} onClose={() => setPolicyFor(null)} />
      <NegotiationPolicyDrawer creditor={negotiationFor} onClose={() => setNegotiationFor(null)} />
    </Card>
  );
};
