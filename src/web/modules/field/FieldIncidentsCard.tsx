// Field incidents for the supervisor (issue 8, item 4): SOS and "asked to leave" from the team's field collectors,
// newest first, refreshed every 30 s; shown only when there are any.
import { useQuery } from '@tanstack/react-query';
import { Card, Table, Tag } from 'antd';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import type { IncidentOut } from '../../../contracts/field.js';
import { api } from '../../api/client.js';
import { formatDateTime } from '../../app/format.js';

export const FieldIncidentsCard = () => {
  const { t } = useTranslation();
  const q = useQuery({
    queryKey: ['field', 'incidents'],
    queryFn: ({ signal }) => api<{ items: IncidentOut[] }>('/api/field/incidents', { signal }),
    refetchInterval: 30_000,
  });
  const items = q.data?.items ?? [];
  if (items.length === 0) return null;
  return (
    <Card size="small" title={t('field.incidents.title')} data-testid="field-incidents" styles={{ header: { background: '#fff1f0' } }}>
      <Table<IncidentOut>
        size="small" rowKey="id" dataSource={items} pagination={false} scroll={{ x: true }}
        columns={[
          { title: t('field.incidents.at'), dataIndex: 'createdAt', render: (v: string) => formatDateTime(v) },
          { title: t('field.incidents.kind'), dataIndex: 'kind', render: (k: IncidentOut['kind']) => <Tag color={k === 'sos' ? 'red' : k === 'overrun' ? 'gold' : 'orange'}>{t(`field.incidents.kinds.${k}`)}</Tag> },
          { title: t('field.incidents.who'), dataIndex: 'userName' },
          { title: t('field.incidents.case'), dataIndex: 'caseId', render: (id: string | null) => (id ? <Link to={`/cases/${id}`}>{t('field.incidents.open')}</Link> : '—') },
          {
            title: t('field.incidents.where'), key: 'where',
            render: (_: unknown, r: IncidentOut) => (r.latitude !== null && r.longitude !== null ? `${r.latitude.toFixed(5)}, ${r.longitude.toFixed(5)}` : '—'),
          },
        ]}
      />
    </Card>
  );
};
