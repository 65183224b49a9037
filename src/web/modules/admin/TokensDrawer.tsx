import { PlusOutlined } from '@ant-design/icons';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Alert, App, Button, Checkbox, Drawer, Form, Input, InputNumber, Modal, Popconfirm, Space, Table, Tag, Typography } from 'antd';
import type { TableProps } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { z } from 'zod';
import type { apiTokenSchema } from '../../../contracts/identity.js';
import { defaultTokenScopes, tokenScopes, type Creditor, type TokenScope } from '../../../contracts/identity.js';
import { api, itemsOf, type Page } from '../../api/client.js';
import { applyApiErrors } from '../../api/formErrors.js';
import { formatDateTime } from '../../app/format.js';
import { ErrorResult } from '../../app/Results.js';

type ApiToken = z.infer<typeof apiTokenSchema>;
type Values = { name: string; expiresInDays?: number | null; scopes: TokenScope[] };
const scopeKey = (s: TokenScope) => s.replace('.', '_') as 'cases_read' | 'intake_manage' | 'telephony_webhook';

const TokenStatus = ({ token }: { token: ApiToken }) => {
  const { t } = useTranslation();
  if (token.revokedAt) return <Tag>{t('tokens.revoked')}</Tag>;
  if (token.expiresAt && new Date(token.expiresAt).getTime() < Date.now()) return <Tag color="orange">{t('tokens.expired')}</Tag>;
  return <Tag color="green">{t('tokens.active')}</Tag>;
};

/** API tokens of one creditor: list, create (secret shown once), revoke. */
export const TokensDrawer = ({ creditor, onClose }: { creditor: Creditor | null; onClose: () => void }) => {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const qc = useQueryClient();
  const [form] = Form.useForm<Values>();
  const [formError, setFormError] = useState<string | null>(null);
  const [secret, setSecret] = useState<string | null>(null);
  const key = ['admin', 'tokens', creditor?.id] as const;
  const tokens = useQuery({
    queryKey: key,
    queryFn: async ({ signal }) => itemsOf(await api<Page<ApiToken> | ApiToken[]>(`/api/admin/creditors/${creditor?.id}/tokens`, { signal })),
    enabled: creditor !== null,
  });
  const create = useMutation({
    mutationFn: (v: Values) =>
      api<{ token: ApiToken; secret: string }>(`/api/admin/creditors/${creditor?.id}/tokens`, {
        method: 'POST',
        body: { name: v.name.trim(), ...(v.expiresInDays ? { expiresInDays: v.expiresInDays } : {}), scopes: v.scopes },
      }),
    onSuccess: async (res) => {
      setSecret(res.secret);
      form.resetFields();
      setFormError(null);
      await qc.invalidateQueries({ queryKey: key });
    },
    onError: (err) => setFormError(applyApiErrors(form, err, t('common.requestFailed'))),
  });
  const revoke = useMutation({
    mutationFn: (id: string) => api(`/api/admin/tokens/${id}`, { method: 'DELETE' }),
    onSuccess: async () => {
      void message.success(t('tokens.revokedOk'));
      await qc.invalidateQueries({ queryKey: key });
    },
    onError: (err) => void message.error(err.message),
  });

  const columns: TableProps<ApiToken>['columns'] = [
    { title: t('tokens.name'), dataIndex: 'name' },
    { title: t('tokens.prefix'), dataIndex: 'prefix', width: 150, render: (p: string) => <Typography.Text code style={{ whiteSpace: 'nowrap' }}>{p}…</Typography.Text> },
    { title: t('tokens.scopes'), dataIndex: 'scopes', render: (s: TokenScope[]) => s.map((x) => <Tag key={x}>{t(`tokens.scopeNames.${scopeKey(x)}`)}</Tag>) },
    { title: t('tokens.status'), key: 'status', width: 90, render: (_: unknown, tk) => <TokenStatus token={tk} /> },
    { title: t('tokens.createdAt'), dataIndex: 'createdAt', width: 140, render: (v: string) => formatDateTime(v) },
    { title: t('tokens.expiresAt'), dataIndex: 'expiresAt', width: 140, render: (v: string | null) => formatDateTime(v) },
    { title: t('tokens.lastUsedAt'), dataIndex: 'lastUsedAt', width: 140, render: (v: string | null) => formatDateTime(v) },
    {
      title: t('common.actions'),
      key: 'actions',
      width: 80,
      render: (_: unknown, tk) =>
        tk.revokedAt ? null : (
          <Popconfirm title={t('tokens.revokeConfirm')} okText={t('tokens.revoke')} cancelText={t('common.cancel')} onConfirm={() => revoke.mutate(tk.id)}>
            <Button size="small" type="link" danger>
              {t('tokens.revoke')}
            </Button>
          </Popconfirm>
        ),
    },
  ];

  return (
    <Drawer open={creditor !== null} onClose={onClose} size={960} title={creditor ? t('tokens.title', { name: creditor.name }) : ''} destroyOnHidden>
      {formError && <Alert type="error" showIcon title={formError} style={{ marginBottom: 12 }} />}
      <Form<Values> form={form} layout="inline" initialValues={{ scopes: [...defaultTokenScopes] }} onFinish={(v) => create.mutate(v)} style={{ marginBottom: 12, rowGap: 8 }}>
        <Form.Item name="name" label={t('tokens.name')} rules={[{ required: true, whitespace: true, max: 60, message: t('tokens.nameRequired') }]}>
          <Input autoComplete="off" style={{ width: 200 }} />
        </Form.Item>
        <Form.Item name="expiresInDays" label={t('tokens.expiresInDays')} tooltip={t('tokens.expiresInDaysHint')}>
          <InputNumber min={1} max={3650} precision={0} style={{ width: 110 }} />
        </Form.Item>
        <Form.Item name="scopes" label={t('tokens.scopes')} tooltip={t('tokens.scopesHint')} rules={[{ required: true, type: 'array', min: 1, message: t('tokens.scopesRequired') }]}>
          <Checkbox.Group data-testid="token-scopes" options={tokenScopes.map((s) => ({ value: s, label: t(`tokens.scopeNames.${scopeKey(s)}`) }))} />
        </Form.Item>
        <Button type="primary" htmlType="submit" icon={<PlusOutlined />} loading={create.isPending}>
          {t('tokens.create')}
        </Button>
      </Form>
      {tokens.isError ? (
        <ErrorResult error={tokens.error} onRetry={() => void tokens.refetch()} />
      ) : (
        <Table<ApiToken> size="small" rowKey="id" columns={columns} dataSource={tokens.data ?? []} loading={tokens.isFetching} pagination={false} />
      )}
      <Modal
        open={secret !== null}
        title={t('tokens.secretTitle')}
        onCancel={() => setSecret(null)}
        footer={
          <Button type="primary" onClick={() => setSecret(null)}>
            {t('common.close')}
          </Button>
        }
        mask={{ closable: false }}
      >
        <Space orientation="vertical" style={{ width: '100%' }}>
          <Alert type="warning" showIcon title={t('tokens.secretWarning')} />
          <Typography.Paragraph copyable={{ text: secret ?? '', tooltips: [t('common.copy'), t('tokens.copied')] }} code style={{ wordBreak: 'break-all', marginBottom: 0 }} data-testid="token-secret">
            {secret}
          </Typography.Paragraph>
        </Space>
      </Modal>
    </Drawer>
  );
};
