import { ArrowRightOutlined, ExperimentOutlined, SafetyCertificateOutlined } from '@ant-design/icons';
import { useQuery } from '@tanstack/react-query';
import { Alert, Button, Card, Col, Row, Statistic, Table, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import type { CaseSummary } from '../../../contracts/cases.js';
import type { ExpiringCertificate } from '../../../contracts/staff.js';
import { api, type Page } from '../../api/client.js';
import { useCan, useMe } from '../../app/auth.js';
import { CertificateStatusTag, QualificationsDrawer, useExpiringCertificates, useKindLabel, type StaffMember } from '../admin/QualificationsDrawer.js';

const SHOWN = 8;

/** Certificates of active staff due within 30 days or expired (staff.manage); a name opens that person's qualifications. */
const ExpiringCertificatesCard = () => {
  const { t } = useTranslation();
  const kindLabel = useKindLabel();
  const expiring = useExpiringCertificates(true);
  const [open, setOpen] = useState<StaffMember | null>(null);
  const items = expiring.data?.items ?? [];
  return (
    <Card
      size="small"
      title={
        <span>
          <SafetyCertificateOutlined /> {t('staff.expiringTitle')}
        </span>
      }
      data-testid="expiring-certificates"
    >
      <Typography.Text type="secondary" style={{ fontSize: 12 }}>
        {expiring.isError ? expiring.error.message : t('staff.expiringHint', { days: expiring.data?.days ?? 30 })}
      </Typography.Text>
      <Table<ExpiringCertificate>
        size="small"
        rowKey="id"
        showHeader={false}
        pagination={false}
        loading={expiring.isPending}
        dataSource={items.slice(0, SHOWN)}
        locale={{ emptyText: t('staff.expiringNone') }}
        style={{ marginTop: 8 }}
        columns={[
          {
            key: 'user',
            render: (_: unknown, c) => (
              <Button size="small" type="link" style={{ padding: 0, height: 'auto' }} onClick={() => setOpen({ id: c.userId, displayName: c.userDisplayName })}>
                {c.userDisplayName}
              </Button>
            ),
          },
          { key: 'kind', dataIndex: 'kind', render: (k: string) => kindLabel(k) },
          { key: 'validUntil', dataIndex: 'validUntil', width: 110 },
          { key: 'status', width: 120, render: (_: unknown, c) => <CertificateStatusTag status={c.status} daysLeft={c.daysLeft} /> },
        ]}
      />
      {items.length > SHOWN && (
        <Typography.Text type="secondary" style={{ fontSize: 12 }}>
          {t('staff.more', { n: items.length - SHOWN })}
        </Typography.Text>
      )}
      <QualificationsDrawer user={open} onClose={() => setOpen(null)} />
    </Card>
  );
};

export const DashboardPage = () => {
  const { t } = useTranslation();
  const { data: me } = useMe();
  const can = useCan();
  const canCases = can('cases.read');
  const cases = useQuery({
    queryKey: ['cases', 'count'],
    queryFn: ({ signal }) => api<Page<CaseSummary>>('/api/cases', { query: { pageSize: 1 }, signal }),
    enabled: canCases,
  });

  return (
    <div data-testid="dashboard">
      <Typography.Title level={4} style={{ marginTop: 0 }}>
        {t('dashboard.greeting', { name: me?.displayName ?? '' })}
      </Typography.Title>
      <Typography.Paragraph type="secondary">{t('dashboard.role', { role: me ? t(`roles.${me.role}`) : '' })}</Typography.Paragraph>
      <Alert
        type="info"
        showIcon
        icon={<ExperimentOutlined />}
        title={t('dashboard.demoTitle')}
        description={t('dashboard.demoBody')}
        style={{ marginBottom: 16 }}
        data-testid="demo-note"
      />
      <Row gutter={[16, 16]}>
        {canCases && (
          <Col xs={24} sm={12} lg={6}>
            <Card size="small">
              <Statistic title={t('dashboard.casesTotal')} value={cases.data?.total ?? '—'} loading={cases.isPending} data-testid="stat-cases" />
              <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                {cases.isError ? cases.error.message : t('dashboard.casesHint')}
              </Typography.Text>
              <div style={{ marginTop: 8 }}>
                <Link to="/cases">
                  <Button size="small" type="link" style={{ padding: 0 }}>
                    {t('dashboard.openCases')} <ArrowRightOutlined />
                  </Button>
                </Link>
              </div>
            </Card>
          </Col>
        )}
        {can('staff.manage') && (
          <Col xs={24} lg={12}>
            <ExpiringCertificatesCard />
          </Col>
        )}
      </Row>
    </div>
  );
};
