// Today's field visit reports for the supervisor (issue 8, items 4–5): each visit synced from the phones — who, where,
// the outcome, check-in (and when it reached the server, if it was made offline), check-out and length — with its
// photos and recordings, opened on demand (each opening is an audited download). Refreshed every 30 s.
import { useQuery } from '@tanstack/react-query';
import { Button, Card, Modal, Space, Table, Tag, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import type { EvidenceOut, FieldReportOut } from '../../../contracts/field.js';
import { api, ApiError, csrfToken } from '../../api/client.js';
import { formatDateTime } from '../../app/format.js';

const EvidenceViewer = ({ e, onClose }: { e: EvidenceOut; onClose: () => void }) => {
  const { t } = useTranslation();
  const file = useQuery({
    queryKey: ['field', 'evidence-file', e.id],
    queryFn: async ({ signal }) => {
      const res = await fetch(`/api/field/evidence/${e.id}/file`, { signal, credentials: 'same-origin', headers: { ...(csrfToken() ? { 'x-csrf-token': csrfToken()! } : {}) } });
      if (!res.ok) throw new ApiError(res.status, `http_${res.status}`, res.statusText);
      return URL.createObjectURL(await res.blob());
    },
    staleTime: Infinity,
  });
  return (
    <Modal open title={t(`field.evidence.kinds.${e.kind}`)} footer={null} onCancel={onClose} width={560}>
      {file.data && (e.kind === 'photo'
        ? <img src={file.data} alt={t('field.evidence.kinds.photo')} style={{ maxWidth: '100%' }} data-testid="field-evidence-image" />
        : <audio src={file.data} controls style={{ width: '100%' }} />)}
      <Typography.Paragraph type="secondary" style={{ marginTop: 8, fontSize: 12 }}>
        {t('field.reports.captured', { at: formatDateTime(e.capturedAt) })} · SHA-256 <Typography.Text code copyable>{e.sha256}</Typography.Text>
      </Typography.Paragraph>
    </Modal>
  );
};

export const FieldReportsCard = () => {
  const { t } = useTranslation();
  const [open, setOpen] = useState<EvidenceOut | null>(null);
  const q = useQuery({ queryKey: ['field', 'reports'], queryFn: ({ signal }) => api<{ date: string; items: FieldReportOut[] }>('/api/field/reports', { signal }), refetchInterval: 30_000 });
  const items = q.data?.items ?? [];
  return (
    <Card size="small" title={t('field.reports.title')} data-testid="field-reports">
      <Table<FieldReportOut>
        size="small" rowKey="visitId" dataSource={items} pagination={false} loading={q.isPending} locale={{ emptyText: t('field.reports.none') }} scroll={{ x: 900 }}
        columns={[
          { title: t('field.reports.who'), dataIndex: 'userName', width: 90 },
          { title: t('field.address'), dataIndex: 'region', width: 120 },
          { title: t('field.outcome'), key: 'outcome', width: 140, render: (_: unknown, r) => (
            <Tag color={r.visit.status === 'left' ? 'orange' : r.visit.status === 'done' ? 'green' : 'blue'} data-testid="field-report-outcome">
              {r.visit.outcomeCode ? t(`field.codes.${r.visit.outcomeCode}`, { defaultValue: r.visit.outcomeCode }) : t(`field.status.${r.visit.status}`)}
            </Tag>
          ) },
          { title: t('field.reports.checkIn'), key: 'in', width: 150, render: (_: unknown, r) => (
            <span>{r.visit.checkedInAt ? formatDateTime(r.visit.checkedInAt) : '—'}
              {r.visit.receivedAt && r.visit.checkedInAt && Date.parse(r.visit.receivedAt) - Date.parse(r.visit.checkedInAt) > 60_000 && (
                <div style={{ fontSize: 12, color: '#8c8c8c' }}>{t('field.reports.synced', { at: formatDateTime(r.visit.receivedAt) })}</div>)}
            </span>
          ) },
          { title: t('field.reports.checkOut'), key: 'out', width: 150, render: (_: unknown, r) => (r.visit.checkedOutAt
            ? <span>{formatDateTime(r.visit.checkedOutAt)}{r.visit.durationS !== null && <div style={{ fontSize: 12, color: '#8c8c8c' }}>{t('field.duration', { min: Math.round(r.visit.durationS / 60) })}</div>}</span>
            : '—') },
          { title: t('field.evidence.title'), key: 'evidence', render: (_: unknown, r) => (
            <Space wrap size={4}>
              {r.evidence.length === 0 ? '—' : r.evidence.map((e, i) => (
                <Button key={e.id} size="small" onClick={() => setOpen(e)} data-testid="field-report-evidence">{t(`field.evidence.kinds.${e.kind}`)} {i + 1}</Button>
              ))}
            </Space>
          ) },
          { title: t('visits.case'), dataIndex: 'caseId', width: 90, render: (id: string) => <Link to={`/cases/${id}`}>{t('visits.openCase')}</Link> },
        ]}
      />
      {open && <EvidenceViewer e={open} onClose={() => setOpen(null)} />}
    </Card>
  );
};
