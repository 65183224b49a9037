// 审批 (issue 5, item 6): one inbox for what waits on the caller's decision, a tab per kind the caller may decide —
// plans beyond the proposer's authority (the negotiation ApprovalsPage as it is), visit requests awaiting approval
// (the visits API), template versions pending approval (the messaging API; compliance officers and admin).
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { Alert, App, Badge, Button, Card, Space, Table, Tabs, Tag, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useSearchParams } from 'react-router';
import type { VisitRequestOut } from '../../../contracts/visits.js';
import { isApiError } from '../../api/client.js';
import { useCan, useMe } from '../../app/auth.js';
import { formatDateTime } from '../../app/format.js';
import { ForbiddenResult } from '../../app/Results.js';
import { useApproveVersion, type MessageTemplate, type TemplateVersion } from '../messaging/messagingApi.js';
import { ApprovalsPage } from '../negotiation/ApprovalsPage.js';
import { VisitAddress } from '../visits/VisitRequestCard.js';
import { visitApi } from '../visits/visitsApi.js';
import { useInboxCounts } from './supervisionApi.js';

type Tab = 'plans' | 'visits' | 'templates';
const tabPerm = { plans: 'plans.approve', visits: 'visits.plan', templates: 'templates.approve' } as const;

const VisitRequestsTab = ({ requests, loading }: { requests: VisitRequestOut[]; loading: boolean }) => {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const qc = useQueryClient();
  const [error, setError] = useState<string | null>(null);
  const decide = useMutation({
    mutationFn: ({ id, decision }: { id: string; decision: 'approve' | 'reject' }) => visitApi.decide(id, decision),
    onSuccess: (_, v) => {
      setError(null);
      void message.success(v.decision === 'approve' ? t('visits.approvedMsg') : t('visits.rejectedMsg'));
      void qc.invalidateQueries({ queryKey: ['visits'] });
    },
    onError: (e) => setError(isApiError(e) ? e.message : t('common.requestFailed')),
  });
  return (
    <Space orientation="vertical" size={8} style={{ width: '100%' }}>
      {error && <Alert type="error" showIcon title={error} closable onClose={() => setError(null)} />}
      <Table<VisitRequestOut>
        size="small"
        rowKey="id"
        loading={loading}
        dataSource={requests}
        pagination={false}
        locale={{ emptyText: t('visits.noPending') }}
        data-testid="inbox-visits"
        columns={[
          { title: t('visits.createdAt'), dataIndex: 'createdAt', width: 140, render: (v: string) => formatDateTime(v) },
          { title: t('visits.case'), dataIndex: 'caseId', width: 100, render: (id: string) => <Link to={`/cases/${id}`}>{t('visits.openCase')}</Link> },
          { title: t('visits.address'), key: 'address', render: (_: unknown, r) => <VisitAddress address={r.address} /> },
          { title: t('visits.reason'), dataIndex: 'reason' },
          { title: t('visits.requestedBy'), dataIndex: 'requestedByName', width: 120, render: (v: string | null) => v ?? '—' },
          {
            title: t('common.actions'), key: 'actions', width: 140,
            render: (_: unknown, r) => (
              <Space size={4}>
                <Button size="small" type="primary" data-testid={`inbox-visit-approve-${r.id}`} loading={decide.isPending} onClick={() => decide.mutate({ id: r.id, decision: 'approve' })}>{t('visits.approve')}</Button>
                <Button size="small" danger data-testid={`inbox-visit-reject-${r.id}`} loading={decide.isPending} onClick={() => decide.mutate({ id: r.id, decision: 'reject' })}>{t('visits.reject')}</Button>
              </Space>
            ),
          },
        ]}
      />
      <Typography.Text type="secondary">
        <Link to="/visits">{t('supervision.toVisitPlan')}</Link>
      </Typography.Text>
    </Space>
  );
};

type PendingVersion = TemplateVersion & { template: MessageTemplate };

const TemplatesTab = ({ templates, loading }: { templates: MessageTemplate[]; loading: boolean }) => {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const me = useMe();
  const approve = useApproveVersion();
  const [error, setError] = useState<string | null>(null);
  const rows: PendingVersion[] = templates.flatMap((tp) => tp.versions.filter((v) => v.status === 'pending').map((v) => ({ ...v, template: tp })));
  return (
    <Space orientation="vertical" size={8} style={{ width: '100%' }}>
      {error && <Alert type="error" showIcon title={error} closable onClose={() => setError(null)} />}
      <Table<PendingVersion>
        size="small"
        rowKey="id"
        loading={loading}
        dataSource={rows}
        pagination={false}
        locale={{ emptyText: t('supervision.noTemplates') }}
        data-testid="inbox-templates"
        expandable={{ expandedRowRender: (v) => <Typography.Paragraph style={{ whiteSpace: 'pre-wrap', marginBottom: 0 }}>{v.subject ? `${v.subject}\n\n` : ''}{v.body}</Typography.Paragraph> }}
        columns={[
          { title: t('supervision.templateName'), key: 'name', render: (_: unknown, v) => <Link to="/compliance/templates">{v.template.name}</Link> },
          { title: t('supervision.templateChannel'), key: 'channel', width: 90, render: (_: unknown, v) => <Tag>{v.template.channel}</Tag> },
          { title: t('supervision.templateLocale'), key: 'locale', width: 80, render: (_: unknown, v) => v.template.locale },
          { title: t('supervision.templateVersion'), dataIndex: 'version', width: 70, align: 'right' },
          { title: t('visits.createdAt'), dataIndex: 'createdAt', width: 140, render: (v: string) => formatDateTime(v) },
          {
            title: t('common.actions'), key: 'actions', width: 110,
            render: (_: unknown, v) =>
              v.createdBy === me.data?.id ? (
                <Typography.Text type="secondary">{t('supervision.ownVersion')}</Typography.Text>
              ) : (
                <Button
                  size="small"
                  type="primary"
                  loading={approve.isPending}
                  data-testid={`inbox-template-approve-${v.id}`}
                  onClick={() =>
                    approve.mutate(v.id, {
                      onSuccess: () => { setError(null); void message.success(t('supervision.templateApproved')); },
                      onError: (e) => setError(isApiError(e) ? e.message : t('common.requestFailed')),
                    })
                  }
                >
                  {t('supervision.approve')}
                </Button>
              ),
          },
        ]}
      />
    </Space>
  );
};

export const ApprovalsInboxPage = () => {
  const { t } = useTranslation();
  const can = useCan();
  const [params, setParams] = useSearchParams();
  const counts = useInboxCounts(can);
  const tabs = (['plans', 'visits', 'templates'] as const).filter((k) => can(tabPerm[k]));
  if (tabs.length === 0) return <ForbiddenResult />;
  const asked = params.get('tab') as Tab | null;
  const active: Tab = asked && tabs.includes(asked) ? asked : tabs[0]!;
  const label = (k: Tab) => (
    <Space size={6} data-testid={`inbox-tab-${k}`}>
      {t(`supervision.tabs.${k}`)}
      <Badge count={counts[k]} size="small" showZero={false} />
    </Space>
  );
  const templates = counts.templatesQuery.data?.items ?? [];
  return (
    <Card size="small" title={t('supervision.inboxTitle')} data-testid="approvals-inbox" styles={{ body: { paddingTop: 0 } }}>
      <Tabs
        activeKey={active}
        onChange={(k) => {
          const next = new URLSearchParams(params);
          if (k === tabs[0]) next.delete('tab');
          else next.set('tab', k);
          setParams(next, { replace: true });
        }}
        items={tabs.map((k) => ({
          key: k,
          label: label(k),
          children:
            k === 'plans' ? <ApprovalsPage />
              : k === 'visits' ? <VisitRequestsTab requests={counts.visitsQuery.data?.items ?? []} loading={counts.visitsQuery.isPending} />
                : <TemplatesTab templates={templates} loading={counts.templatesQuery.isPending} />,
        }))}
      />
    </Card>
  );
};
