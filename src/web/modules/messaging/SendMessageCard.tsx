// The case page's "发送消息" card (issue 6): an approved template of the chosen channel, one of the debtor's contact
// points for it (masked), send. The server asks the compliance engine first: allowed → the message is queued;
// blocked → the reasons and the next allowed time. Below, the case's messages with their status.
// The letter channel (生成信函): an approved letter template and one of the debtor's own addresses (masked); the
// engine decides, and an allowed letter is stored as a PDF on the case — opened or downloaded from here.
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { Alert, Button, Card, Empty, Form, Radio, Select, Space, Typography } from 'antd';
import { documentFileUrl, documentKeys } from '../documents/documentsApi.js';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { CaseDetail } from '../../../contracts/cases.js';
import { applyApiErrors } from '../../api/formErrors.js';
import { useCan } from '../../app/auth.js';
import { useCodeLabel } from '../../app/codes.js';
import { timelineKeys } from '../desk/timelineApi.js';
import { formatInstant, OutcomeTag, ReasonList } from '../compliance/ComplianceParts.js';
import { MessageTable } from './MessageTemplatesPage.js';
import { messageChannels, messagingApi, messagingKeys, useMessages, useTemplates, type MessageChannel, type OutboxMessage, type LetterResult, type SendResult } from './messagingApi.js';
import { isPlanConfirmation } from '../../../contracts/templates.js';

type Values = { channel: MessageChannel; templateId?: string; to?: string };

export const SendMessageCard = ({ c }: { c: CaseDetail }) => {
  const { t } = useTranslation();
  const can = useCan();
  const code = useCodeLabel();
  const qc = useQueryClient();
  const [form] = Form.useForm<Values>();
  const [error, setError] = useState<string | null>(null);
  const [result, setResult] = useState<SendResult | null>(null);
  const [letterResult, setLetterResult] = useState<LetterResult | null>(null);
  const [sentHere, setSentHere] = useState<OutboxMessage[]>([]);
  const channel = Form.useWatch('channel', form) ?? 'email';
  const templates = useTemplates(true);
  const canLog = can('compliance.read');
  const messages = useMessages({ caseId: c.id }, canLog);

  const send = useMutation({
    mutationFn: (v: Values) => messagingApi.send(c.id, { templateId: v.templateId!, channel: v.channel, to: v.to! }),
    onSuccess: (r) => {
      setResult(r);
      if (r.message) setSentHere((xs) => [r.message!, ...xs]);
      void qc.invalidateQueries({ queryKey: messagingKeys.all });
      void qc.invalidateQueries({ queryKey: ['compliance'] });
      void qc.invalidateQueries({ queryKey: timelineKeys.case(c.id) });
    },
    onError: (e) => setError(applyApiErrors(form, e, t('common.requestFailed'))),
  });

  const letter = useMutation({
    mutationFn: (v: Values) => messagingApi.letter(c.id, { templateId: v.templateId!, addressId: v.to! }),
    onSuccess: (r) => {
      setLetterResult(r);
      void qc.invalidateQueries({ queryKey: documentKeys.forCase(c.id) });
      void qc.invalidateQueries({ queryKey: ['compliance'] });
      void qc.invalidateQueries({ queryKey: timelineKeys.case(c.id) });
    },
    onError: (e) => setError(applyApiErrors(form, e, t('common.requestFailed'))),
  });

  const templateOptions = (templates.data?.items ?? [])
    .filter((x) => x.channel === channel && x.approvedVersionId)
    // Plan confirmations ({{planTerms}}) are sent when a plan is activated, not from here.
    .filter((x) => {
      const v = x.versions.find((y) => y.id === x.approvedVersionId);
      return !v || !isPlanConfirmation(v);
    })
    .map((x) => {
      const v = x.versions.find((y) => y.id === x.approvedVersionId);
      const lang = x.locale === 'zh-CN' || x.locale === 'en' ? t(`messaging.locales.${x.locale}`) : x.locale;
      return { value: x.id, label: `${x.name} · v${v?.version ?? '?'} · ${lang}` };
    });
  const points =
    channel === 'sms'
      ? c.phones.map((p) => ({ value: p.id, label: `${p.masked}（${code('phoneKind', p.kind)} · ${code('contactStatus', p.status)}）` }))
      : channel === 'email'
        ? c.emails.map((e) => ({ value: e.id, label: `${e.masked}（${code('contactStatus', e.status)}）` }))
        // A letter goes to one of the debtor's own addresses, shown masked (the full address is printed only in the PDF).
        : c.addresses.filter((a) => a.contactPersonId === null).map((a) => ({ value: a.id, label: `${a.region} ${a.detailMasked}（${t(`addressKinds.${a.kind}`)}）` }));
  const decided = channel === 'letter' ? letterResult : result;
  const items = canLog ? (messages.data?.items ?? []) : sentHere;

  return (
    <Card size="small" title={t('messaging.cardTitle')} data-testid="send-message-card">
      {can('contacts.attempt') && (
        <Form<Values>
          form={form}
          layout="inline"
          initialValues={{ channel: 'email' }}
          onValuesChange={(changed: Partial<Values>) => {
            setError(null);
            if (changed.channel) {
              form.setFieldsValue({ templateId: undefined, to: undefined });
              setResult(null);
              setLetterResult(null);
            }
          }}
          onFinish={(v) => {
            setError(null);
            setResult(null);
            setLetterResult(null);
            if (v.channel === 'letter') letter.mutate(v);
            else send.mutate(v);
          }}
          style={{ marginBottom: 12, rowGap: 8 }}
        >
          <Form.Item name="channel" label={t('messaging.channel')}>
            <Radio.Group optionType="button" data-testid="send-channel" options={messageChannels.map((x) => ({ value: x, label: t(`messaging.channels.${x}`) }))} />
          </Form.Item>
          <Form.Item name="templateId" label={t('messaging.template')} rules={[{ required: true, message: t('messaging.pickTemplate') }]}>
            <Select
              style={{ minWidth: 260 }}
              data-testid="send-template"
              loading={templates.isPending}
              options={templateOptions}
              placeholder={t('messaging.pickTemplate')}
              notFoundContent={<Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('messaging.noApprovedTemplate')} />}
            />
          </Form.Item>
          <Form.Item name="to" label={channel === 'letter' ? t('messaging.letterAddress') : t('messaging.to')} rules={[{ required: true, message: channel === 'letter' ? t('messaging.pickAddress') : t('messaging.pickContact') }]}>
            <Select
              style={{ minWidth: 260 }}
              data-testid="send-to"
              options={points}
              placeholder={channel === 'letter' ? t('messaging.pickAddress') : t('messaging.pickContact')}
              notFoundContent={<Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={channel === 'letter' ? t('messaging.noAddress') : t('messaging.noContactPoint')} />}
            />
          </Form.Item>
          <Button type="primary" htmlType="submit" loading={send.isPending || letter.isPending} data-testid="send-submit">
            {channel === 'letter' ? t('messaging.generateLetter') : t('messaging.send')}
          </Button>
        </Form>
      )}
      <Space orientation="vertical" size={8} style={{ width: '100%' }}>
        {channel === 'sms' && can('contacts.attempt') && <Alert type="info" showIcon title={t('messaging.onlyEmailNote')} />}
        {channel === 'letter' && can('contacts.attempt') && <Alert type="info" showIcon title={t('messaging.letterNote')} />}
        {error && <Alert type="error" showIcon title={error} data-testid="send-error" />}
        {decided && (
          <Alert
            type={decided.decision.outcome === 'block' ? 'error' : decided.decision.outcome === 'warn' ? 'warning' : 'success'}
            showIcon
            data-testid="send-decision"
            data-outcome={decided.decision.outcome}
            title={
              <Space size={8} wrap>
                <OutcomeTag outcome={decided.decision.outcome} />
                <span>
                  {channel === 'letter'
                    ? (letterResult?.document ? t('messaging.letterGenerated') : t('messaging.letterBlocked'))
                    : (result?.message ? t('messaging.queued') : t('messaging.blocked'))}
                </span>
                {decided.decision.outcome === 'block' && (
                  <Typography.Text type="secondary">
                    {t('messaging.nextAllowedAt')}
                    {decided.decision.nextAllowedAt ? formatInstant(decided.decision.nextAllowedAt, c.debtor.timeZone) : t('messaging.noNextAllowed')}
                  </Typography.Text>
                )}
                {channel === 'letter' && letterResult?.document && (
                  <>
                    <Typography.Link href={documentFileUrl(letterResult.document.id)} target="_blank" rel="noopener" data-testid="letter-open">
                      {t('messaging.letterOpen', { title: letterResult.document.title })}
                    </Typography.Link>
                    <Typography.Link href={documentFileUrl(letterResult.document.id, true)} data-testid="letter-download">{t('messaging.letterDownload')}</Typography.Link>
                  </>
                )}
              </Space>
            }
            description={decided.decision.reasons.length > 0 ? <ReasonList reasons={decided.decision.reasons} zone={c.debtor.timeZone} /> : undefined}
          />
        )}
        <Typography.Text strong>{t('messaging.caseMessages')}</Typography.Text>
        {!canLog && <Typography.Text type="secondary" style={{ fontSize: 12 }}>{t('messaging.sessionOnly')}</Typography.Text>}
        <MessageTable items={items} loading={canLog && messages.isPending} />
      </Space>
    </Card>
  );
};
