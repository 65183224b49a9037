import { ArrowLeftOutlined, TranslationOutlined } from '@ant-design/icons';
import { useQuery } from '@tanstack/react-query';
import { Button, Card, Col, Descriptions, Flex, Row, Skeleton, Space, Table, Tabs, Tag, Typography } from 'antd';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useParams, useSearchParams } from 'react-router';
import type { CaseDetail } from '../../../contracts/cases.js';
import { api } from '../../api/client.js';
import { useCodeLabel } from '../../app/codes.js';
import { formatDateTime, formatMoney } from '../../app/format.js';
import { ErrorResult } from '../../app/Results.js';
import { PolicyPanel } from '../compliance/PolicyPanel.js';
import { SendMessageCard } from '../messaging/SendMessageCard.js';
import { DocumentsCard } from '../documents/DocumentsCard.js';
import { CaseTimeline } from '../desk/CaseTimeline.js';
import { ContactOutcomeCard } from '../desk/ContactOutcomeCard.js';
import { ScriptPanel } from '../desk/ScriptPanel.js';
import { NegotiationCard } from '../negotiation/NegotiationCard.js';
import { VisitRequestCard } from '../visits/VisitRequestCard.js';
import { BucketTag } from './BucketTag.js';
import { LedgerCard } from './LedgerCard.js';
import { ScoreCard } from '../strategy/ScoreCard.js';
import { RevealValue } from './RevealValue.js';

/** A language or dialect code (zh-CN, en, yue, wuu, nan …) in the reader's language: 粤语, 吴语, 闽南语 … */
function languageName(code: string, uiLanguage: string): string {
  try {
    const name = new Intl.DisplayNames([uiLanguage], { type: 'language' }).of(code);
    return name && name !== code ? `${name} (${code})` : code;
  } catch {
    return code;
  }
}

/** One labelled figure in the case header strip. */
const HeaderFact = ({ label, children, testId }: { label: string; children: ReactNode; testId?: string }) => (
  <div data-testid={testId} style={{ minWidth: 0 }}>
    <Typography.Text type="secondary" style={{ fontSize: 12, display: 'block' }}>{label}</Typography.Text>
    <span>{children}</span>
  </div>
);

type Phone = CaseDetail['phones'][number];
type Email = CaseDetail['emails'][number];
type Address = CaseDetail['addresses'][number];
type Contact = CaseDetail['contacts'][number];
type Account = CaseDetail['accounts'][number];

export const CaseDetailPage = () => {
  const { t, i18n } = useTranslation();
  const { id = '' } = useParams();
  const [params, setParams] = useSearchParams();
  const code = useCodeLabel();
  const detail = useQuery({ queryKey: ['cases', 'detail', id], queryFn: ({ signal }) => api<CaseDetail>(`/api/cases/${id}`, { signal }) });

  const back = (
    <Link to="/cases">
      <Button size="small" icon={<ArrowLeftOutlined />}>
        {t('cases.back')}
      </Button>
    </Link>
  );
  if (detail.isPending) return <Card size="small"><Skeleton active /></Card>;
  if (detail.isError) return <ErrorResult error={detail.error} onRetry={() => void detail.refetch()} extra={back} />;
  const c = detail.data;
  const d = c.debtor;
  const reveal = (field: 'phone' | 'email' | 'address', itemId: string, masked: string) => (
    <RevealValue caseId={c.id} field={field} itemId={itemId} masked={masked} />
  );

  const tabItems = [
    {
      key: 'contact',
      label: <span data-testid="case-tab-contact">{t('caseView.tabs.contact')}</span>,
      children: (
        <Space orientation="vertical" size={12} style={{ width: '100%' }}>
          <PolicyPanel caseId={c.id} />
          <ScriptPanel c={c} />
          <ContactOutcomeCard c={c} />
          <SendMessageCard c={c} />
        </Space>
      ),
    },
    { key: 'negotiation', label: <span data-testid="case-tab-negotiation">{t('caseView.tabs.negotiation')}</span>, children: <NegotiationCard caseId={c.id} /> },
    { key: 'visit', label: <span data-testid="case-tab-visit">{t('caseView.tabs.visit')}</span>, children: <VisitRequestCard c={c} /> },
    { key: 'timeline', label: <span data-testid="case-tab-timeline">{t('caseView.tabs.timeline')}</span>, children: <CaseTimeline caseId={c.id} /> },
  ];
  const tab = tabItems.some((x) => x.key === params.get('tab')) ? params.get('tab')! : 'contact';

  return (
    <Space orientation="vertical" size={12} style={{ width: '100%' }} data-testid="case-detail">
      <Card size="small" data-testid="case-header" styles={{ body: { padding: '10px 16px' } }}>
        <Flex wrap align="center" gap="small" style={{ rowGap: 8 }}>
          {back}
          <Typography.Title level={4} style={{ margin: 0 }} data-testid="case-header-name">
            {d.fullName}
          </Typography.Title>
          <Tag color="blue" style={{ fontSize: 14, padding: '2px 10px' }} data-testid="case-header-language">
            <TranslationOutlined /> {languageName(d.preferredLanguage, i18n.language)}
          </Tag>
          <BucketTag bucket={c.bucket} />
          <Typography.Text type="secondary">{t('caseView.dpdValue', { dpd: c.dpd })}</Typography.Text>
        </Flex>
        <Flex wrap style={{ marginTop: 8, columnGap: 28, rowGap: 8 }}>
          <HeaderFact label={t('caseView.totalDue')} testId="case-header-total">
            <Typography.Text strong style={{ fontSize: 18 }}>{formatMoney(c.totalDueMinor, c.currency)}</Typography.Text>
          </HeaderFact>
          <HeaderFact label={t('caseView.assignedTo')} testId="case-header-collector">
            {c.assignedUserName ?? t('caseView.unassigned')}
            {c.assignedTeamName && <Typography.Text type="secondary"> · {c.assignedTeamName}</Typography.Text>}
          </HeaderFact>
          <HeaderFact label={t('caseView.status')}>{code('caseStatus', c.status)}</HeaderFact>
          <HeaderFact label={t('caseView.creditor')}>{c.creditorName}</HeaderFact>
          <HeaderFact label={t('caseView.nextAction')}>{formatDateTime(c.nextActionAt)}</HeaderFact>
        </Flex>
      </Card>
      <Row gutter={[12, 12]} align="top">
        <Col xs={{ span: 24, order: 2 }} xl={{ span: 9, order: 1 }} data-testid="case-360">
          <Space orientation="vertical" size={12} style={{ width: '100%' }}>
          <Card size="small" title={t('cases.debtor')}>
            <Descriptions size="small" column={{ xs: 1, sm: 2, xl: 2 }}>
              <Descriptions.Item label={t('cases.fullName')}>{d.fullName}</Descriptions.Item>
              <Descriptions.Item label={t('cases.gender')}>{code('gender', d.gender)}</Descriptions.Item>
              <Descriptions.Item label={t('cases.nationalId')}>
                <RevealValue caseId={c.id} field="national_id" masked={d.nationalIdMasked} />
              </Descriptions.Item>
              <Descriptions.Item label={t('cases.employer')}>{d.employer ?? t('common.none')}</Descriptions.Item>
              <Descriptions.Item label={t('cases.occupation')}>{d.occupation ?? t('common.none')}</Descriptions.Item>
              <Descriptions.Item label={t('cases.monthlyIncome')}>{formatMoney(d.monthlyIncomeMinor, c.currency)}</Descriptions.Item>
              <Descriptions.Item label={t('cases.preferredLanguage')}>{languageName(d.preferredLanguage, i18n.language)}</Descriptions.Item>
              <Descriptions.Item label={t('cases.timeZone')}>{d.timeZone}</Descriptions.Item>
            </Descriptions>
          </Card>
          <Card size="small" title={t('cases.phones')}>
            <Table<Phone>
              size="small"
              rowKey="id"
              pagination={false}
              dataSource={c.phones}
              columns={[
                { title: t('cases.phoneKind'), dataIndex: 'kind', width: 120, render: (k: string) => code('phoneKind', k) },
                { title: t('cases.number'), dataIndex: 'masked', render: (m: string, p) => reveal('phone', p.id, m) },
                { title: t('cases.status'), dataIndex: 'status', width: 120, render: (v: string) => code('contactStatus', v) },
              ]}
            />
          </Card>
          <Card size="small" title={t('cases.addresses')}>
            <Table<Address>
              size="small"
              rowKey="id"
              pagination={false}
              dataSource={c.addresses}
              columns={[
                { title: t('cases.addressKind'), dataIndex: 'kind', width: 120, render: (k: Address['kind']) => t(`addressKinds.${k}`) },
                { title: t('cases.region'), dataIndex: 'region', width: 200 },
                { title: t('cases.detail'), dataIndex: 'detailMasked', render: (m: string, a) => reveal('address', a.id, m) },
                { title: t('cases.verification'), dataIndex: 'verificationStatus', width: 120, render: (v: string) => code('verification', v) },
              ]}
            />
          </Card>
          {c.emails.length > 0 && (
            <Card size="small" title={t('cases.emails')}>
              <Table<Email>
                size="small"
                rowKey="id"
                pagination={false}
                dataSource={c.emails}
                columns={[
                  { title: t('cases.email'), dataIndex: 'masked', render: (m: string, e) => reveal('email', e.id, m) },
                  { title: t('cases.status'), dataIndex: 'status', width: 120, render: (v: string) => code('contactStatus', v) },
                ]}
              />
            </Card>
          )}
          {c.contacts.length > 0 && (
            <Card size="small" title={t('cases.contacts')}>
              <Table<Contact>
                size="small"
                rowKey="id"
                pagination={false}
                dataSource={c.contacts}
                columns={[
                  { title: t('cases.fullName'), dataIndex: 'fullNameMasked' },
                  { title: t('cases.relationship'), dataIndex: 'relationship', width: 160 },
                  { title: t('cases.partyRole'), dataIndex: 'partyRole', width: 160, render: (v: string) => code('partyRole', v) },
                ]}
              />
            </Card>
          )}
          <Card size="small" title={t('cases.accounts')}>
            <Table<Account>
              size="small"
              rowKey="id"
              pagination={false}
              dataSource={c.accounts}
              columns={[
                { title: t('cases.loanId'), dataIndex: 'externalLoanId' },
                { title: t('cases.product'), dataIndex: 'product' },
                { title: t('cases.principal'), dataIndex: 'principalMinor', align: 'right', render: (v: number, a) => formatMoney(v, a.currency) },
                { title: t('cases.outstanding'), dataIndex: 'outstandingMinor', align: 'right', render: (v: number, a) => formatMoney(v, a.currency) },
                { title: t('cases.dpd'), dataIndex: 'dpd', width: 90, align: 'right' },
              ]}
            />
          </Card>
            <ScoreCard caseId={c.id} />
          </Space>
        </Col>
        {/* On a narrow screen the work area comes first, the 360 under it. */}
        <Col xs={{ span: 24, order: 1 }} xl={{ span: 15, order: 2 }} data-testid="case-work">
          <Card size="small" styles={{ body: { paddingTop: 4 } }}>
            <Tabs
              activeKey={tab}
              onChange={(k) => setParams((ps) => { const n = new URLSearchParams(ps); if (k === 'contact') n.delete('tab'); else n.set('tab', k); return n; }, { replace: true })}
              items={tabItems}
            />
          </Card>
        </Col>
        {/* The ledger's tables and chart and the documents' table need the full width. */}
        <Col span={24} order={3}>
          <LedgerCard caseId={c.id} />
        </Col>
        <Col span={24} order={4}>
          <DocumentsCard caseId={c.id} />
        </Col>
      </Row>
    </Space>
  );
};
