import { EyeOutlined, SafetyOutlined } from '@ant-design/icons';
import { useMutation } from '@tanstack/react-query';
import { Alert, Button, Form, Input, Modal, Space, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../../api/client.js';
import { applyApiErrors } from '../../api/formErrors.js';
import { useCan } from '../../app/auth.js';

export type RevealField = 'phone' | 'national_id' | 'email' | 'address';
type Props = { caseId: string; field: RevealField; itemId?: string; masked: string | null };

/**
 * A masked personal value with a 查看 button. Revealing needs `pii.reveal` and a reason;
 * the server writes the reason to the audit log, and the plain value lives only in this component's state.
 */
export const RevealValue = ({ caseId, field, itemId, masked }: Props) => {
  const { t } = useTranslation();
  const can = useCan();
  const [form] = Form.useForm<{ reason: string }>();
  const [open, setOpen] = useState(false);
  const [value, setValue] = useState<string | null>(null);
  const [formError, setFormError] = useState<string | null>(null);
  const reveal = useMutation({
    mutationFn: (reason: string) =>
      api<{ value: string }>(`/api/cases/${caseId}/reveal`, { method: 'POST', body: { field, itemId, reason } }),
    onSuccess: (res) => {
      setValue(res.value);
      setOpen(false);
      form.resetFields();
    },
    onError: (err) => setFormError(applyApiErrors(form, err, t('common.requestFailed'))),
  });

  if (!masked) return <>{t('common.none')}</>;
  if (value !== null) {
    return (
      <Space size={6}>
        <Typography.Text copyable data-testid={`revealed-${field}`}>
          {value}
        </Typography.Text>
        <Typography.Text type="warning" style={{ fontSize: 12 }}>
          <SafetyOutlined /> {t('reveal.audited')}
        </Typography.Text>
      </Space>
    );
  }
  return (
    <Space size={6}>
      <span>{masked}</span>
      {can('pii.reveal') && (
        <Button
          size="small"
          type="link"
          icon={<EyeOutlined />}
          style={{ padding: 0, height: 'auto' }}
          onClick={() => {
            setFormError(null);
            setOpen(true);
          }}
          data-testid={`reveal-${field}${itemId ? `-${itemId}` : ''}`}
        >
          {t('reveal.button')}
        </Button>
      )}
      <Modal
        open={open}
        title={t('reveal.title')}
        okText={t('reveal.submit')}
        cancelText={t('common.cancel')}
        confirmLoading={reveal.isPending}
        onOk={() => form.submit()}
        onCancel={() => setOpen(false)}
        destroyOnHidden
      >
        <Alert type="warning" showIcon title={t('reveal.notice')} style={{ marginBottom: 16 }} />
        {formError && <Alert type="error" showIcon title={formError} style={{ marginBottom: 16 }} />}
        <Form form={form} layout="vertical" onFinish={(v) => reveal.mutate(v.reason.trim())}>
          <Form.Item
            name="reason"
            label={t('reveal.reason')}
            rules={[{ required: true, whitespace: true, min: 4, max: 200, message: t('reveal.reasonRequired') }]}
          >
            <Input.TextArea rows={3} maxLength={200} showCount placeholder={t('reveal.reasonPlaceholder')} autoFocus />
          </Form.Item>
        </Form>
      </Modal>
    </Space>
  );
};
