// 合规 → 消息模板 (issue 6): the templates with their latest version (待审批 / 已批准), maker and approver; create a
// template or a new version in a drawer; approve a pending version (never one's own: maker–checker). A second tab
// lists the outbox (发送记录) by status with the failure reason.
import { PlusOutlined } from '@ant-design/icons';
import { Button, Card, Select, Space, Table, Tabs, Tag, Tooltip, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { isApiError } from '../../api/client.js';
import { useCan, useMe } from '../../app/auth.js';
import { formatDateTime } from '../../app/format.js';
import { ErrorResult } from '../../app/Results.js';
import { outboxStatuses, useApproveVersion, useMessages, useTemplates, type MessageTemplate, type OutboxMessage, type OutboxStatus, type TemplateVersion } from './messagingApi.js';
import { TemplateDrawer } from './TemplateDrawer.js';
import { CampaignsTab } from '../campaigns/CampaignsTab.js';

export const outboxStatusColor: Record<OutboxStatus, string> = {
  queued: 'blue', sending: 'processing', sent: 'green', delivered: 'green', failed: 'red', expired: 'default', unknown: 'orange',
};

export const OutboxStatusTag = ({ status }: { status: OutboxStatus }) => {
  const { t } = useTranslation();
  return <Tag color={outboxStatusColor[status]} data-testid="message-status" data-status={status}>{t(`messaging.statuses.${status}`)}</Tag>;
};

/** A user id as the reader knows it: 我 for oneself, otherwise the id's last characters (full id on hover). */
const useUserLabel = () => {
  const { t } = useTranslation();
  const me = useMe().data;
  return (id: string | null) => {
    if (!id) return <Typography.Text type="secondary">{t('common.none')}</Typography.Text>;
    if (me && id === me.id) return <span>{t('messaging.me', { name: me.displayName })}</span>;
    return (
      <Tooltip title={id}>
        <Typography.Text code style={{ fontSize: 12 }}>{id.slice(-8)}</Typography.Text>
      </Tooltip>
    );
  };
};

const TemplatesTab = () => {
  const { t } = useTranslation();
  const can = useCan();
  const me = useMe().data;
  const user = useUserLabel();
  const list = useTemplates(false);
  const approve = useApproveVersion();
  const [drawer, setDrawer] = useState<{ key: number; template: MessageTemplate | null } | null>(null);
  const [approveError, setApproveError] = useState<string | null>(null);
  const manage = can('templates.manage');

  const approveButton = (v: TemplateVersion) => {
    if (!can('templates.approve') || v.status !== 'pending') return null;
    const own = me?.id === v.createdBy;
    const button = (
      <Button
        size="small"
        type="primary"
        disabled={own}
        loading={approve.isPending && approve.variables === v.id}
        data-testid="template-approve"
        onClick={() => {
          setApproveError(null);
          approve.mutate(v.id, { onError: (e) => setApproveError(isApiError(e) ? e.message : t('common.requestFailed')) });
        }}
      >
        {t('messaging.approve')}
      </Button>
    );
    return own ? <Tooltip title={t('messaging.cannotApproveOwn')}><span>{button}</span></Tooltip> : button;
  };

  if (list.isError) return <ErrorResult error={list.error} onRetry={() => void list.refetch()} />;
  return (
    <Space orientation="vertical" size={12} style={{ width: '100%' }}>
      <Space style={{ justifyContent: 'space-between', width: '100%' }}>
        <Typography.Text type="secondary">{t('messaging.intro')}</Typography.Text>
        {manage && (
          <Button type="primary" icon={<PlusOutlined />} onClick={() => setDrawer({ key: Date.now(), template: null })} data-testid="template-create">
            {t('messaging.create')}
          </Button>
        )}
      </Space>
      {approveError && <Typography.Text type="danger" data-testid="template-approve-error">{approveError}</Typography.Text>}
      <Table<MessageTemplate>
        size="small"
        rowKey="id"
        loading={list.isPending}
        dataSource={list.data?.items ?? []}
        pagination={{ pageSize: 20, hideOnSinglePage: true }}
        data-testid="template-table"
        expandable={{
          expandedRowRender: (r) => (
            <Table<TemplateVersion>
              size="small"
              rowKey="id"
              pagination={false}
              dataSource={r.versions}
              columns={[
                { title: t('messaging.version'), dataIndex: 'version', width: 70, render: (n: number) => `v${n}` },
                { title: t('messaging.versionStatus'), dataIndex: 'status', width: 100, render: (s: TemplateVersion['status']) => <Tag color={s === 'approved' ? 'green' : s === 'pending' ? 'orange' : 'default'}>{t(`messaging.versionStatuses.${s}`)}</Tag> },
                {
                  title: t('messaging.content'),
                  dataIndex: 'body',
                  render: (b: string, v) => (
                    <div style={{ whiteSpace: 'pre-wrap' }}>
                      {v.subject && <div><Typography.Text strong>{v.subject}</Typography.Text></div>}
                      {b}
                    </div>
                  ),
                },
                { title: t('messaging.maker'), dataIndex: 'createdBy', width: 120, render: (id: string) => user(id) },
                { title: t('messaging.approver'), dataIndex: 'approvedBy', width: 120, render: (id: string | null) => user(id) },
                { title: t('messaging.approvedAt'), dataIndex: 'approvedAt', width: 140, render: (at: string | null) => formatDateTime(at) },
                { title: t('common.actions'), key: 'a', width: 90, render: (_, v) => approveButton(v) },
              ]}
            />
          ),
        }}
        columns={[
          { title: t('messaging.channel'), dataIndex: 'channel', width: 80, render: (c: MessageTemplate['channel']) => t(`messaging.channels.${c}`) },
          { title: t('messaging.locale'), dataIndex: 'locale', width: 90, render: (l: string) => (l === 'zh-CN' || l === 'en' ? t(`messaging.locales.${l}`) : l) },
          { title: t('messaging.name'), dataIndex: 'name', render: (n: string) => <span data-testid="template-row-name">{n}</span> },
          {
            title: t('messaging.latestStatus'),
            key: 'status',
            width: 150,
            render: (_, r) => {
              const v = r.versions[0];
              if (!v) return null;
              return (
                <Space size={4}>
                  <Tag color={v.status === 'approved' ? 'green' : v.status === 'pending' ? 'orange' : 'default'} data-testid="template-status" data-status={v.status}>
                    v{v.version} {t(`messaging.versionStatuses.${v.status}`)}
                  </Tag>
                  {v.status !== 'approved' && r.approvedVersionId && (
                    <Tooltip title={t('messaging.approvedInUse')}><Tag color="green">{t('messaging.hasApproved')}</Tag></Tooltip>
                  )}
                </Space>
              );
            },
          },
          { title: t('messaging.maker'), key: 'maker', width: 130, render: (_, r) => user(r.versions[0]?.createdBy ?? null) },
          { title: t('messaging.approver'), key: 'approver', width: 130, render: (_, r) => user(r.versions[0]?.approvedBy ?? null) },
          { title: t('messaging.updatedAt'), key: 'at', width: 140, render: (_, r) => formatDateTime(r.versions[0]?.createdAt) },
          {
            title: t('common.actions'),
            key: 'actions',
            width: 180,
            render: (_, r) => (
              <Space size={4}>
                {r.versions[0] && approveButton(r.versions[0])}
                {manage && (
                  <Button size="small" onClick={() => setDrawer({ key: Date.now(), template: r })} data-testid="template-new-version">
                    {t('messaging.newVersion')}
                  </Button>
                )}
              </Space>
            ),
          },
        ]}
      />
      {drawer && <TemplateDrawer key={drawer.key} open template={drawer.template} onClose={() => setDrawer(null)} />}
    </Space>
  );
};

const MessagesTab = () => {
  const { t } = useTranslation();
  const [status, setStatus] = useState<OutboxStatus | undefined>(undefined);
  const list = useMessages({ status });
  return (
    <Space orientation="vertical" size={12} style={{ width: '100%' }}>
      <Space>
        <Typography.Text>{t('messaging.status')}</Typography.Text>
        <Select<OutboxStatus | undefined>
          allowClear
          style={{ width: 160 }}
          placeholder={t('common.all')}
          value={status}
          onChange={(v) => setStatus(v)}
          data-testid="messages-status-filter"
          options={outboxStatuses.map((s) => ({ value: s, label: t(`messaging.statuses.${s}`) }))}
        />
        <Button onClick={() => void list.refetch()} loading={list.isFetching}>{t('common.refresh')}</Button>
      </Space>
      {list.isError ? (
        <ErrorResult error={list.error} onRetry={() => void list.refetch()} />
      ) : (
        <MessageTable items={list.data?.items ?? []} loading={list.isPending} showCase />
      )}
    </Space>
  );
};

export const MessageTable = ({ items, loading, showCase = false }: { items: OutboxMessage[]; loading?: boolean; showCase?: boolean }) => {
  const { t } = useTranslation();
  return (
    <Table<OutboxMessage>
      size="small"
      rowKey="id"
      loading={loading}
      dataSource={items}
      pagination={{ pageSize: 20, hideOnSinglePage: true }}
      // In the case page's work column: scroll sideways rather than wrap headers a character a line.
      scroll={{ x: 'max-content' }}
      data-testid="messages-table"
      columns={[
        { title: t('messaging.createdAt'), dataIndex: 'createdAt', width: 140, render: (at: string) => formatDateTime(at) },
        ...(showCase
          ? [{ title: t('messaging.case'), dataIndex: 'caseId', width: 110, render: (id: string) => <Link to={`/cases/${id}`}>{id.slice(-8)}</Link> }]
          : []),
        { title: t('messaging.channel'), dataIndex: 'channel', width: 70, render: (c: OutboxMessage['channel']) => t(`messaging.channels.${c}`) },
        { title: t('messaging.subject'), dataIndex: 'subject', render: (s: string | null) => s ?? t('common.none') },
        { title: t('messaging.status'), dataIndex: 'status', width: 100, render: (s: OutboxStatus) => <OutboxStatusTag status={s} /> },
        { title: t('messaging.attempts'), dataIndex: 'attempts', width: 90 },
        { title: t('messaging.sentAt'), dataIndex: 'sentAt', width: 140, render: (at: string | null) => formatDateTime(at) },
        {
          title: t('messaging.lastError'),
          dataIndex: 'lastError',
          render: (e: string | null, m) => (e ? <Typography.Text type={m.status === 'failed' || m.status === 'unknown' ? 'danger' : 'warning'} style={{ fontSize: 12 }}>{e}</Typography.Text> : t('common.none')),
        },
      ]}
    />
  );
};

export const MessageTemplatesPage = () => {
  const { t } = useTranslation();
  const can = useCan();
  return (
    <Card size="small" title={t('messaging.pageTitle')} data-testid="message-templates-page">
      <Tabs
        items={[
          { key: 'templates', label: t('messaging.templatesTab'), children: <TemplatesTab /> },
          ...(can('compliance.read') ? [{ key: 'messages', label: <span data-testid="messages-tab">{t('messaging.messagesTab')}</span>, children: <MessagesTab /> }] : []),
          ...(can('cases.assign') ? [{ key: 'campaigns', label: <span data-testid="campaigns-tab-label">{t('campaigns.tab')}</span>, children: <CampaignsTab /> }] : []),
        ]}
      />
    </Card>
  );
};
