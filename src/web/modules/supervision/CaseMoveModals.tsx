// 重新分配 / 收回 for selected cases (supervisors within their team, admin anywhere; the server checks both and
// audits every case). Errors come back naming the case or the field.
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Alert, App, Form, Input, Modal, Select } from 'antd';
import type { ButtonProps } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { isApiError } from '../../api/client.js';
import { supervisionApi, supervisionKeys } from './supervisionApi.js';

type Props = { open: boolean; caseIds: string[]; onClose: () => void; onDone?: () => void };

const useMoveMutation = <V,>(fn: (v: V) => Promise<unknown>, done: () => void, setError: (e: string | null) => void) => {
  const { t } = useTranslation();
  const qc = useQueryClient();
  return useMutation({
    mutationFn: fn,
    onSuccess: () => {
      setError(null);
      void qc.invalidateQueries({ queryKey: ['cases'] });
      void qc.invalidateQueries({ queryKey: supervisionKeys.all });
      void qc.invalidateQueries({ queryKey: ['desk'] });
      done();
    },
    onError: (e) => setError(isApiError(e) ? [e.message, ...e.issues.map((i) => `${i.path}: ${i.message}`)].join(' — ') : t('common.requestFailed')),
  });
};

export const AssignModal = ({ open, caseIds, onClose, onDone }: Props) => {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const [form] = Form.useForm<{ userId: string }>();
  const [error, setError] = useState<string | null>(null);
  const assignees = useQuery({ queryKey: supervisionKeys.assignees(undefined), queryFn: ({ signal }) => supervisionApi.assignees(undefined, signal), enabled: open });
  const assign = useMoveMutation(
    (v: { userId: string }) => supervisionApi.assign({ caseIds, userId: v.userId }),
    () => {
      void message.success(t('supervision.reassigned', { count: caseIds.length }));
      form.resetFields();
      onDone?.();
      onClose();
    },
    setError,
  );
  return (
    <Modal
      open={open}
      title={t('supervision.reassignTitle', { count: caseIds.length })}
      okText={t('supervision.reassign')}
      cancelText={t('common.cancel')}
      okButtonProps={{ 'data-testid': 'assign-submit' } as ButtonProps}
      confirmLoading={assign.isPending}
      onOk={() => form.submit()}
      onCancel={onClose}
      destroyOnHidden
    >
      {error && <Alert type="error" showIcon title={error} style={{ marginBottom: 12 }} data-testid="assign-error" />}
      <Form form={form} layout="vertical" onFinish={(v) => assign.mutate(v)}>
        <Form.Item name="userId" label={t('supervision.assignTo')} rules={[{ required: true, message: t('supervision.assignToRequired') }]}>
          <Select
            showSearch={{ optionFilterProp: 'label' }}
            loading={assignees.isPending}
            data-testid="assign-user"
            options={(assignees.data?.items ?? []).map((u) => ({ value: u.id, label: `${u.displayName}（${t(`roles.${u.role}` as 'roles.collector')}）` }))}
          />
        </Form.Item>
      </Form>
    </Modal>
  );
};

export const RecallModal = ({ open, caseIds, onClose, onDone }: Props) => {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const [form] = Form.useForm<{ reason: string }>();
  const [error, setError] = useState<string | null>(null);
  const recall = useMoveMutation(
    (v: { reason: string }) => supervisionApi.recall({ caseIds, reason: v.reason.trim() }),
    () => {
      void message.success(t('supervision.recalled', { count: caseIds.length }));
      form.resetFields();
      onDone?.();
      onClose();
    },
    setError,
  );
  return (
    <Modal
      open={open}
      title={t('supervision.recallTitle', { count: caseIds.length })}
      okText={t('supervision.recall')}
      cancelText={t('common.cancel')}
      okButtonProps={{ danger: true, 'data-testid': 'recall-submit' } as ButtonProps}
      confirmLoading={recall.isPending}
      onOk={() => form.submit()}
      onCancel={onClose}
      destroyOnHidden
    >
      {error && <Alert type="error" showIcon title={error} style={{ marginBottom: 12 }} data-testid="recall-error" />}
      <Form form={form} layout="vertical" onFinish={(v) => recall.mutate(v)}>
        <Form.Item name="reason" label={t('supervision.recallReason')} rules={[{ required: true, whitespace: true, min: 2, message: t('supervision.recallReasonRequired') }]}>
          <Input.TextArea rows={3} maxLength={500} data-testid="recall-reason" />
        </Form.Item>
      </Form>
    </Modal>
  );
};
