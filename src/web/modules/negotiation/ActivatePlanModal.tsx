// 方案生效: the debtor agreed to an approved plan. Before activating, the collector can open the agreement as it will
// be signed; activation stores the agreement (PDF) on the case, places the CN-C04 hold, and — when asked — sends the
// confirmation from an approved template that carries {{planTerms}}, to a contact point of the debtor's. The engine
// decides the confirmation; outside the allowed hours it leaves at the next allowed instant.
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Alert, App, Button, Checkbox, Form, Input, Modal, Radio, Select, Space, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { CaseDetail } from '../../../contracts/cases.js';
import type { ActivateOut, PlanOut } from '../../../contracts/negotiation.js';
import { api } from '../../api/client.js';
import { applyApiErrors } from '../../api/formErrors.js';
import { useCodeLabel } from '../../app/codes.js';
import { formatDateTime } from '../../app/format.js';
import { documentKeys } from '../documents/documentsApi.js';
import { messagingKeys, useTemplates } from '../messaging/messagingApi.js';
import { negotiationApi, negotiationKeys } from './negotiationApi.js';
import { useBilingual } from './PlanTables.js';
import { isPlanConfirmation } from '../../../contracts/templates.js';

type Values = { send: boolean; channel: 'sms' | 'email'; to?: string; templateId?: string; note?: string };


export const ActivatePlanModal = ({ plan, caseId, onClose }: { plan: PlanOut | null; caseId: string; onClose: () => void }) => {
  const { t } = useTranslation();
  const code = useCodeLabel();
  const pick = useBilingual();
  const { message, modal } = App.useApp();
  const qc = useQueryClient();
  const [form] = Form.useForm<Values>();
  const [error, setError] = useState<string | null>(null);
  const detail = useQuery({ queryKey: ['cases', 'detail', caseId], queryFn: ({ signal }) => api<CaseDetail>(`/api/cases/${caseId}`, { signal }), enabled: !!plan });
  const templates = useTemplates(true);
  const send = Form.useWatch('send', form) ?? false;
  const channel = Form.useWatch('channel', form) ?? 'sms';
  const c = detail.data;

  const planTemplates = (templates.data?.items ?? []).filter((x) => {
    const v = x.versions.find((y) => y.id === x.approvedVersionId);
    return x.channel === channel && v && isPlanConfirmation(v);
  });
  const points = !c ? [] : channel === 'sms'
    ? c.phones.filter((p) => !p.contactPersonId).map((p) => ({ value: p.id, label: `${p.masked}（${code('phoneKind', p.kind)} · ${code('contactStatus', p.status)}）` }))
    : c.emails.map((e) => ({ value: e.id, label: `${e.masked}（${code('contactStatus', e.status)}）` }));

  const activate = useMutation({
    mutationFn: (v: Values) =>
      negotiationApi.activate(plan!.id, {
        ...(v.note?.trim() ? { note: v.note.trim() } : {}),
        ...(v.send ? { confirm: { channel: v.channel, to: v.to!, templateId: v.templateId! } } : {}),
      }),
    onSuccess: (r: ActivateOut) => {
      void qc.invalidateQueries({ queryKey: negotiationKeys.plans(caseId) });
      void qc.invalidateQueries({ queryKey: documentKeys.forCase(caseId) });
      void qc.invalidateQueries({ queryKey: messagingKeys.all });
      void qc.invalidateQueries({ queryKey: ['cases', 'detail', caseId] });
      const cf = r.confirmation;
      if (!cf) void message.success(t('negotiation.activation.doneNoConfirm'));
      else if (cf.outcome !== 'block') void message.success(t('negotiation.activation.doneQueued'));
      else if (cf.messageId && cf.sendAt) void message.warning(t('negotiation.activation.doneLater', { at: formatDateTime(cf.sendAt) }), 8);
      else {
        modal.warning({
          title: t('negotiation.activation.blockedTitle'),
          content: (
            <ul style={{ paddingInlineStart: 18, margin: 0 }}>
              {cf.reasons.filter((x) => x.outcome === 'block').map((x) => <li key={x.ruleId}>{x.ruleId} {pick(x.message)}</li>)}
            </ul>
          ),
        });
      }
      onClose();
    },
    onError: (e) => setError(applyApiErrors(form, e, t('common.requestFailed'))),
  });

  return (
    <Modal
      open={!!plan}
      title={t('negotiation.activation.title')}
      onCancel={onClose}
      destroyOnHidden
      okText={t('negotiation.activation.ok')}
      okButtonProps={{ loading: activate.isPending, ...({ 'data-testid': 'neg-activate-ok' } as Record<string, string>) }}
      onOk={() => void form.validateFields().then((v) => activate.mutate(v))}
      width={560}
    >
      <Space orientation="vertical" size={12} style={{ width: '100%' }} data-testid="neg-activate-modal">
        <Alert type="info" showIcon title={t('negotiation.activation.effects')} />
        {plan && (
          <Button href={`/api/plans/${plan.id}/agreement`} target="_blank" rel="noopener" data-testid="neg-agreement-preview">
            {t('negotiation.activation.preview')}
          </Button>
        )}
        {error && <Alert type="error" showIcon title={error} />}
        <Form<Values>
          form={form}
          layout="vertical"
          initialValues={{ send: true, channel: 'sms' }}
          onValuesChange={(changed: Partial<Values>) => {
            setError(null);
            if (changed.channel) form.setFieldsValue({ to: undefined, templateId: undefined });
          }}
        >
          <Form.Item name="send" valuePropName="checked" style={{ marginBottom: 8 }}>
            <Checkbox data-testid="neg-confirm-send">{t('negotiation.activation.send')}</Checkbox>
          </Form.Item>
          {send && (
            <>
              <Form.Item name="channel" label={t('negotiation.activation.channel')}>
                <Radio.Group optionType="button" options={[{ value: 'sms', label: t('messaging.channels.sms') }, { value: 'email', label: t('messaging.channels.email') }]} />
              </Form.Item>
              <Form.Item name="to" label={t('negotiation.activation.to')} rules={[{ required: true, message: t('negotiation.activation.toRequired') }]}>
                <Select options={points} loading={detail.isPending} placeholder={t('negotiation.activation.toPlaceholder')} data-testid="neg-confirm-to" />
              </Form.Item>
              <Form.Item
                name="templateId"
                label={t('negotiation.activation.template')}
                rules={[{ required: true, message: t('negotiation.activation.templateRequired') }]}
                extra={planTemplates.length === 0 && !templates.isPending ? <Typography.Text type="warning">{t('negotiation.activation.noTemplate')}</Typography.Text> : undefined}
              >
                <Select
                  options={planTemplates.map((x) => ({ value: x.id, label: `${x.name} · ${x.locale}` }))}
                  loading={templates.isPending}
                  placeholder={t('negotiation.activation.templatePlaceholder')}
                  data-testid="neg-confirm-template"
                />
              </Form.Item>
            </>
          )}
          <Form.Item name="note" label={t('negotiation.activation.note')} style={{ marginBottom: 0 }}>
            <Input maxLength={200} placeholder={t('negotiation.activation.notePlaceholder')} />
          </Form.Item>
        </Form>
      </Space>
    </Modal>
  );
};
