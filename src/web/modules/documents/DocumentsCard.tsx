// 文书: the documents generated for a case (plan agreements, collection notices), newest first, each with its
// SHA-256 (the proof that the file handed out is the one made) and open / download links.
import { Button, Card, Space, Table, Tag, Tooltip, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import type { CaseDocument } from '../../../contracts/documents.js';
import { formatDateTime } from '../../app/format.js';
import { ErrorResult } from '../../app/Results.js';
import { documentFileUrl, useCaseDocuments } from './documentsApi.js';

const kindColor: Record<CaseDocument['kind'], string> = { plan_agreement: 'green', collection_notice: 'blue', validation_notice: 'geekblue', visit_notice: 'purple' };

export const DocumentsCard = ({ caseId }: { caseId: string }) => {
  const { t } = useTranslation();
  const docs = useCaseDocuments(caseId);
  return (
    <Card size="small" title={t('documents.title')} data-testid="documents-card">
      {docs.isError ? (
        <ErrorResult error={docs.error} />
      ) : (
        <Table<CaseDocument>
          size="small"
          rowKey="id"
          loading={docs.isPending}
          dataSource={docs.data?.items ?? []}
          pagination={false}
          locale={{ emptyText: t('documents.empty') }}
          scroll={{ x: 'max-content' }}
          columns={[
            { title: t('documents.createdAt'), dataIndex: 'createdAt', width: 150, render: (v: string) => formatDateTime(v) },
            { title: t('documents.kind'), dataIndex: 'kind', width: 110, render: (k: CaseDocument['kind']) => <Tag color={kindColor[k]}>{t(`documents.kinds.${k}`)}</Tag> },
            { title: t('documents.name'), dataIndex: 'title' },
            { title: t('documents.createdBy'), dataIndex: 'createdByName', render: (v: string | null) => v ?? '—' },
            {
              title: 'SHA-256', dataIndex: 'sha256', width: 170,
              render: (v: string) => (
                <Tooltip title={v}>
                  <Typography.Text code copyable={{ text: v }} style={{ whiteSpace: 'nowrap' }}>{v.slice(0, 10)}…</Typography.Text>
                </Tooltip>
              ),
            },
            {
              title: t('common.actions'), key: 'actions', width: 130,
              render: (_: unknown, d) => (
                <Space size={0}>
                  <Button type="link" size="small" href={documentFileUrl(d.id)} target="_blank" rel="noopener" data-testid={`doc-open-${d.id}`}>
                    {t('documents.open')}
                  </Button>
                  <Button type="link" size="small" href={documentFileUrl(d.id, true)} data-testid={`doc-download-${d.id}`}>
                    {t('documents.download')}
                  </Button>
                </Space>
              ),
            },
          ]}
        />
      )}
    </Card>
  );
};
