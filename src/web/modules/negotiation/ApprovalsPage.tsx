// Approvals inbox (审批, issue 7): proposed plans in the caller's scope that need at most the caller's authority and
// that someone else proposed (maker–checker). Approve or reject with a note; the server audits it.
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Alert, App, Button, Card, Form, Input, Modal, Space, Table, Tag, Typography } from 'antd';
import type { ButtonProps } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import type { PlanOut } from '../../../contracts/negotiation.js';
import { formatBp } from '../../../core/negotiation/index.js';
import { isApiError } from '../../api/client.js';
import { formatDateTime, formatMoney } from '../../app/format.js';
import { ErrorResult } from '../../app/Results.js';
import { negotiationApi, negotiationKeys } from './negotiationApi.js';
import { planLines, ScheduleTable, useBilingual } from './PlanTables.js';

type Decision = { plan: PlanOut; decision: 'approve' | 'reject' };

export const ApprovalsPage = () => {
  const { t } = useTranslation();
  const pick = useBilingual();
  const { message } = App.useApp();
  const qc = useQueryClient();
  const [form] = Form.useForm<{ reason: string }>();
  const [open, setOpen] = useState<Decision | null>(null);
  const [error, setError] = useState<string | null>(null);
  const inbox = useQuery({ queryKey: negotiationKeys.approvals, queryFn: ({ signal }) => negotiationApi.approvals(signal) });
  const decide = useMutation({
    mutationFn: ({ plan, decision, reason }: Decision & { reason: string }) => negotiationApi.decide(plan.id, decision, reason),
    onSuccess: (_, v) => {
      void message.success(v.decision === 'approve' ? t('negotiation.approvedMsg') : t('negotiation.rejectedMsg'));
      setOpen(null);
      form.resetFields();
      void qc.invalidateQueries({ queryKey: ['negotiation'] });
    },
    onError: (e) => setError(isApiError(e) ? e.message : t('common.requestFailed')),
  });

  if (inbox.isError) return <ErrorResult error={inbox.error} onRetry={() => void inbox.refetch()} />;
  const start = (plan: PlanOut, decision: Decision['decision']) => {
    setError(null);
    form.resetFields();
    setOpen({ plan, decision });
  };

  return (
    <Card size="small" title={t('negotiation.approvalsTitle')} data-testid="approvals-page">
      <Table<PlanOut>
        size="small"
        rowKey="id"
        loading={inbox.isPending}
        dataSource={inbox.data?.items ?? []}
        pagination={false}
        locale={{ emptyText: t('negotiation.noApprovals') }}
        data-testid="approvals-table"
        expandable={{
          expandedRowRender: (p) => (
            <Space orientation="vertical" size={8} style={{ width: '100%' }}>
              <Typography.Text type="secondary">{pick(p.affordability.summary)}</Typography.Text>
              <Typography.Text type="secondary">{pick(p.summary)}</Typography.Text>
              <ScheduleTable rows={planLines(p)} currency={p.currency} />
            </Space>
          ),
        }}
        columns={[
          { title: t('negotiation.createdAt'), dataIndex: 'createdAt', width: 140, render: (v: string) => formatDateTime(v) },
          {
            title: t('negotiation.debtor'), dataIndex: 'debtorName',
            render: (v: string | null, p) => <Link to={`/cases/${p.caseId}`}>{v ?? t('negotiation.openCase')}</Link>,
          },
          { title: t('negotiation.kind'), dataIndex: 'method', render: (k: PlanOut['method']) => t(`negotiation.kinds.${k}`) },
          { title: t('negotiation.months'), dataIndex: 'termMonths', width: 64, align: 'right' },
          { title: t('negotiation.totalPayable'), dataIndex: 'totalMinor', align: 'right', render: (v: number, p) => formatMoney(v, p.currency) },
          { title: t('negotiation.discount'), dataIndex: 'discountBp', align: 'right', render: (v: number, p) => (v ? `${formatBp(v)} (${formatMoney(p.waivedMinor, p.currency)})` : '—') },
          { title: t('negotiation.approver'), dataIndex: 'requiredApprover', render: (a: PlanOut['requiredApprover']) => <Tag color="orange">{t(`negotiation.approvers.${a}`)}</Tag> },
          { title: t('negotiation.reasons'), key: 'reasons', render: (_: unknown, p) => p.approval.reasons.map((r) => pick(r.message)).join(t('negotiation.listSeparator')) || '—' },
          { title: t('negotiation.createdBy'), dataIndex: 'createdByName', render: (v: string | null) => v ?? '—' },
          {
            title: t('common.actions'), key: 'actions', width: 130,
            render: (_: unknown, p) => (
              <Space size={4}>
                <Button size="small" type="primary" onClick={() => start(p, 'approve')} data-testid={`approve-${p.id}`}>
                  {t('negotiation.approve')}
                </Button>
                <Button size="small" danger onClick={() => start(p, 'reject')} data-testid={`reject-${p.id}`}>
                  {t('negotiation.reject')}
                </Button>
              </Space>
            ),
          },
        ]}
      />
      <Modal
        open={open !== null}
        title={open?.decision === 'reject' ? t('negotiation.rejectTitle') : t('negotiation.approveTitle')}
        okText={open?.decision === 'reject' ? t('negotiation.reject') : t('negotiation.approve')}
        okButtonProps={{ danger: open?.decision === 'reject', 'data-testid': 'decision-submit' } as ButtonProps}
        cancelText={t('common.cancel')}
        confirmLoading={decide.isPending}
        onOk={() => form.submit()}
        onCancel={() => setOpen(null)}
        destroyOnHidden
      >
        {error && <Alert type="error" showIcon title={error} style={{ marginBottom: 12 }} />}
        <Form form={form} layout="vertical" onFinish={(v) => open && decide.mutate({ ...open, reason: v.reason.trim() })}>
          <Form.Item name="reason" label={t('negotiation.decisionReason')} rules={[{ required: true, whitespace: true, min: 2, message: t('negotiation.decisionReasonRequired') }]}>
            <Input.TextArea rows={3} maxLength={500} data-testid="decision-reason" />
          </Form.Item>
        </Form>
      </Modal>
    </Card>
  );
};
