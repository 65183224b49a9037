import { ArrowRightOutlined, ExperimentOutlined } from '@ant-design/icons';
import { useQuery } from '@tanstack/react-query';
import { Alert, Button, Card, Col, Row, Statistic, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import type { CaseSummary } from '../../../contracts/cases.js';
import { api, type Page } from '../../api/client.js';
import { useCan, useMe } from '../../app/auth.js';

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
      {canCases && (
        <Row gutter={16}>
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
        </Row>
      )}
    </div>
  );
};
