// The debtor's stated availability at an address ("工作日 18:00 后"): rows of days of the week + from/to, saved as one
// window per day (PUT …/availability); the route planner plans the visit inside it. Shown as a short summary.
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Alert, App, Button, Checkbox, Modal, Space, TimePicker, Typography } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { AvailabilityOut } from '../../../contracts/field-board.js';
import { api, isApiError } from '../../api/client.js';

type Row = { days: number[]; from: Dayjs | null; to: Dayjs | null };
const DAYS = [1, 2, 3, 4, 5, 6, 7];

/** Rows grouped from windows: days sharing the same hours form one row. */
function rowsOf(windows: AvailabilityOut['windows']): Row[] {
  const by = new Map<string, Row>();
  for (const w of windows) {
    const key = `${w.from}-${w.to}`;
    const row = by.get(key) ?? { days: [], from: dayjs(w.from, 'HH:mm'), to: dayjs(w.to, 'HH:mm') };
    row.days.push(w.dayOfWeek);
    by.set(key, row);
  }
  return [...by.values()];
}

export const AvailabilityEditor = ({ caseId, addressId, canEdit }: { caseId: string; addressId: string; canEdit: boolean }) => {
  const { t, i18n } = useTranslation();
  const { message } = App.useApp();
  const qc = useQueryClient();
  const key = ['visits', 'availability', caseId, addressId];
  const path = `/api/cases/${caseId}/addresses/${addressId}/availability`;
  const q = useQuery({ queryKey: key, queryFn: ({ signal }) => api<AvailabilityOut>(path, { signal }) });
  const [open, setOpen] = useState(false);
  const [rows, setRows] = useState<Row[]>([]);
  const [error, setError] = useState<string | null>(null);
  const save = useMutation({
    mutationFn: () => api<AvailabilityOut>(path, {
      method: 'PUT',
      body: { windows: rows.flatMap((r) => r.days.map((d) => ({ dayOfWeek: d, from: r.from?.format('HH:mm') ?? '', to: r.to?.format('HH:mm') ?? '' }))) },
    }),
    onSuccess: (r) => {
      qc.setQueryData(key, r);
      setOpen(false);
      void message.success(t('fieldBoard.availabilitySaved'));
    },
    onError: (e) => setError(isApiError(e) ? e.message : t('common.requestFailed')),
  });
  const summary = q.data ? (i18n.language === 'en' ? q.data.summary.en : q.data.summary.zh) : '';
  const set = (i: number, patch: Partial<Row>) => setRows((rs) => rs.map((r, j) => (j === i ? { ...r, ...patch } : r)));
  return (
    <Space size={4} wrap>
      <Typography.Text type={summary ? undefined : 'secondary'} data-testid={`availability-${addressId}`}>{summary || t('fieldBoard.availabilityNone')}</Typography.Text>
      {canEdit && (
        <Button size="small" type="link" data-testid={`availability-edit-${addressId}`} onClick={() => {
          setRows(q.data && q.data.windows.length ? rowsOf(q.data.windows) : [{ days: [1, 2, 3, 4, 5], from: dayjs('18:00', 'HH:mm'), to: dayjs('20:00', 'HH:mm') }]);
          setError(null);
          setOpen(true);
        }}>{t('fieldBoard.availabilityEdit')}</Button>
      )}
      <Modal open={open} title={t('fieldBoard.availabilityTitle')} onCancel={() => setOpen(false)} onOk={() => save.mutate()} confirmLoading={save.isPending} okText={t('common.save')} destroyOnHidden>
        <Space orientation="vertical" style={{ width: '100%' }}>
          <Typography.Paragraph type="secondary">{t('fieldBoard.availabilityHint')}</Typography.Paragraph>
          {error && <Alert type="error" showIcon title={error} />}
          {rows.map((r, i) => (
            <Space key={i} wrap data-testid={`availability-row-${i}`}>
              <Checkbox.Group value={r.days} onChange={(v) => set(i, { days: v as number[] })} options={DAYS.map((d) => ({ value: d, label: t(`fieldBoard.days.d${d}` as 'fieldBoard.days.d1') }))} />
              <TimePicker format="HH:mm" minuteStep={15} value={r.from} onChange={(v) => set(i, { from: v })} />
              <span>–</span>
              <TimePicker format="HH:mm" minuteStep={15} value={r.to} onChange={(v) => set(i, { to: v })} />
              <Button size="small" danger type="link" onClick={() => setRows((rs) => rs.filter((_, j) => j !== i))}>{t('fieldBoard.remove')}</Button>
            </Space>
          ))}
          <Button size="small" onClick={() => setRows((rs) => [...rs, { days: [6, 7], from: dayjs('10:00', 'HH:mm'), to: dayjs('12:00', 'HH:mm') }])}>{t('fieldBoard.addRow')}</Button>
        </Space>
      </Modal>
    </Space>
  );
};
