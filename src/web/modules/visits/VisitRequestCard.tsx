// The case page's field-visit card (issue 8, part 1): "申请上门" — pick one of the case's addresses (kind and
// verification status shown), a reason and a priority — and the case's visit requests with their status.
// The server asks the compliance engine: a third party's address is refused unless the packs allow it.
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Alert, App, Button, Card, Form, Input, Select, Space, Table, Tag } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { CaseDetail } from '../../../contracts/cases.js';
import type { VisitRequestOut } from '../../../contracts/visits.js';
import { applyApiErrors } from '../../api/formErrors.js';
import { useCan } from '../../app/auth.js';
import { useCodeLabel } from '../../app/codes.js';
import { formatDateTime } from '../../app/format.js';
import { AvailabilityEditor } from './AvailabilityEditor.js';
import { NoticeLetterButton } from './NoticeLetterButton.js';
import { visitApi, visitKeys } from './visitsApi.js';

/** A request's address as a collector reads it: kind, region, masked street, and what stands in the way. */
export function VisitAddress({ address }: { address: VisitRequestOut['address'] }) {
  const { t } = useTranslation();
  return (
    <Space size={4} wrap>
      <span>{t(`addressKinds.${address.kind}`)}</span>
      <span>{address.region} {address.detailMasked}</span>
      {address.thirdParty && <Tag color="purple">{t('visits.thirdParty')}</Tag>}
      {!address.hasCoordinates && <Tag>{t('visits.noCoordinates')}</Tag>}
    </Space>
  );
}

type FormValues = { addressId?: string; reason?: string; priority: number };

export const statusColor: Record<VisitRequestOut['status'], string> = {
  requested: 'orange', approved: 'blue', rejected: 'red', planned: 'green', done: 'default', cancelled: 'default',
};

export const VisitRequestCard = ({ c }: { c: CaseDetail }) => {
  const { t, i18n } = useTranslation();
  const code = useCodeLabel();
  const can = useCan();
  const { message } = App.useApp();
  const qc = useQueryClient();
  const [form] = Form.useForm<FormValues>();
  const [error, setError] = useState<string | null>(null);
  const [warnings, setWarnings] = useState<string[]>([]);
  const list = useQuery({ queryKey: visitKeys.forCase(c.id), queryFn: ({ signal }) => visitApi.forCase(c.id, signal) });
  const submit = useMutation({
    mutationFn: (v: FormValues) => visitApi.request(c.id, { addressId: v.addressId!, reason: v.reason!, priority: v.priority }),
    onSuccess: (r) => {
      void message.success(t('visits.requested'));
      setWarnings((r.warnings ?? []).map((w) => `${w.ruleId ?? ''} ${i18n.language === 'en' ? w.en : w.zh}`.trim()));
      form.resetFields();
      void qc.invalidateQueries({ queryKey: ['visits'] });
    },
    onError: (e) => setError(applyApiErrors(form, e, t('common.requestFailed'))),
  });
  const partyOf = (id: string | null) => (id ? c.contacts.find((x) => x.id === id) : undefined);

  return (
    <Card size="small" title={t('visits.cardTitle')} data-testid="visit-card">
      {can('contacts.attempt') && (
        <Form<FormValues>
          form={form}
          layout="inline"
          initialValues={{ priority: 2 }}
          onFinish={(v) => {
            setError(null);
            setWarnings([]);
            submit.mutate(v);
          }}
          style={{ marginBottom: 12, rowGap: 8 }}
        >
          <Form.Item name="addressId" label={t('visits.address')} rules={[{ required: true }]}>
            <Select
              style={{ minWidth: 340 }}
              data-testid="visit-address"
              options={c.addresses.map((a) => {
                const cp = partyOf(a.contactPersonId);
                return {
                  value: a.id,
                  label: `${t(`addressKinds.${a.kind}`)} · ${code('verification', a.verificationStatus)} · ${a.region} ${a.detailMasked}${cp ? ` · ${t('visits.thirdParty')}（${cp.relationship}）` : ''}${a.latitude === null ? ` · ${t('visits.noCoordinates')}` : ''}`,
                };
              })}
            />
          </Form.Item>
          <Form.Item name="reason" label={t('visits.reason')} rules={[{ required: true, whitespace: true }]}>
            <Input style={{ minWidth: 260 }} maxLength={500} placeholder={t('visits.reasonPlaceholder')} data-testid="visit-reason" />
          </Form.Item>
          <Form.Item name="priority" label={t('visits.priority')}>
            <Select style={{ width: 100 }} data-testid="visit-priority" options={[1, 2, 3].map((p) => ({ value: p, label: t(`visits.priorities.${p}` as 'visits.priorities.1') }))} />
          </Form.Item>
          <Button type="primary" htmlType="submit" loading={submit.isPending} data-testid="visit-request-submit">{t('visits.request')}</Button>
        </Form>
      )}
      <Space orientation="vertical" style={{ width: '100%' }}>
        {error && <Alert type="error" showIcon title={error} data-testid="visit-request-error" />}
        {warnings.length > 0 && <Alert type="warning" showIcon title={t('visits.warnings')} description={warnings.join('；')} />}
        <Table<VisitRequestOut>
          size="small"
          rowKey="id"
          loading={list.isPending}
          dataSource={list.data?.items ?? []}
          pagination={false}
          locale={{ emptyText: t('visits.noRequests') }}
          data-testid="visit-requests"
          columns={[
            { title: t('visits.createdAt'), dataIndex: 'createdAt', width: 140, render: (v: string) => formatDateTime(v) },
            {
              title: t('visits.address'), key: 'address',
              render: (_: unknown, r) => <VisitAddress address={r.address} />,
            },
            { title: t('visits.reason'), dataIndex: 'reason' },
            { title: t('visits.priority'), dataIndex: 'priority', width: 70, render: (p: number) => t(`visits.priorities.${p}` as 'visits.priorities.1') },
            { title: t('visits.status'), dataIndex: 'status', width: 90, render: (s: VisitRequestOut['status']) => <Tag color={statusColor[s]}>{t(`visits.statuses.${s}`)}</Tag> },
            { title: t('visits.plannedDate'), dataIndex: 'plannedDate', width: 100, render: (d: string | null) => d ?? '—' },
            {
              title: t('fieldBoard.availability'), key: 'availability', width: 200,
              render: (_: unknown, r) => <AvailabilityEditor caseId={c.id} addressId={r.addressId} canEdit={can('contacts.attempt')} />,
            },
            {
              title: t('common.actions'), key: 'notice', width: 120,
              render: (_: unknown, r) => (r.status === 'approved' || r.status === 'planned') && can('contacts.attempt')
                ? <NoticeLetterButton caseId={c.id} addressId={r.addressId} requestId={r.id} thirdParty={r.address.thirdParty} /> : null,
            },
          ]}
        />
      </Space>
    </Card>
  );
};
