// Create a template (its first version) or add a version to one: channel, locale, name, subject (email), body with a
// variable helper and a live SMS length. The server checks the version (variables, 【签名】, content rules); its
// errors are shown inline with the quoted offending text marked in the body.
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { Alert, App, Button, Drawer, Form, Input, Radio, Space, Tag, Tooltip, Typography } from 'antd';
import type { TextAreaRef } from 'antd/es/input/TextArea.js';
import { useRef, useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { CN_LETTER_ELEMENTS, US_VALIDATION_ELEMENTS } from '../../../core/letters/elements.js';
import { isApiError } from '../../api/client.js';
import {
  letterVariables, messageChannels, messagingApi, messagingKeys, templateLocales, templateVariables,
  type MessageChannel, type MessageTemplate, type TemplateLocale,
} from './messagingApi.js';
import { findRanges, quotedSpans, smsParts } from './smsParts.js';

type Values = { channel: MessageChannel; locale: TemplateLocale; name: string; subject?: string; body: string };

const Marked = ({ body, texts }: { body: string; texts: string[] }) => {
  const ranges = findRanges(body, texts);
  if (ranges.length === 0) return null;
  const parts: ReactNode[] = [];
  let at = 0;
  ranges.forEach((r, i) => {
    if (r.start > at) parts.push(body.slice(at, r.start));
    parts.push(<mark key={i} style={{ background: '#ffccc7', padding: '0 1px', borderRadius: 2 }} data-testid="template-span-mark">{body.slice(r.start, r.end)}</mark>);
    at = r.end;
  });
  if (at < body.length) parts.push(body.slice(at));
  return (
    <div data-testid="template-body-marked" style={{ whiteSpace: 'pre-wrap', background: '#fff2f0', border: '1px solid #ffccc7', borderRadius: 4, padding: '4px 8px', marginTop: 8 }}>
      {parts}
    </div>
  );
};

/** What a letter of this language must carry (the server checks the same list): CN-C03 or 12 CFR 1006.34(c). */
const LetterElements = ({ locale }: { locale: TemplateLocale }) => {
  const { t } = useTranslation();
  const elements = locale === 'zh-CN' ? CN_LETTER_ELEMENTS : US_VALIDATION_ELEMENTS;
  return (
    <Alert
      type="info"
      showIcon
      style={{ marginBottom: 12 }}
      data-testid="letter-elements"
      title={locale === 'zh-CN' ? t('messaging.letterElementsCn') : t('messaging.letterElementsUs')}
      description={
        <ul style={{ margin: 0, paddingInlineStart: 18 }}>
          {elements.map((e) => (
            <li key={e.id} data-testid={`letter-element-${e.id}`}>
              <Typography.Text strong>{t(`messaging.letterElements.${e.id}.label`)}</Typography.Text>
              {e.variables.map((v) => <Tag key={v} style={{ marginInlineStart: 6 }}>{`{{${v}}}`}</Tag>)}
              <Typography.Text type="secondary" style={{ marginInlineStart: 6 }}>{t(`messaging.letterElements.${e.id}.need`)}</Typography.Text>
              <Typography.Text type="secondary" style={{ marginInlineStart: 6, fontSize: 12 }}>{e.citation}</Typography.Text>
            </li>
          ))}
        </ul>
      }
    />
  );
};

/** `template` set: add a version to it (channel, locale and name are fixed); otherwise create a template. */
export const TemplateDrawer = ({ open, template, onClose }: { open: boolean; template: MessageTemplate | null; onClose: () => void }) => {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const qc = useQueryClient();
  const [form] = Form.useForm<Values>();
  const [errors, setErrors] = useState<string[]>([]);
  const [marked, setMarked] = useState<{ body: string; texts: string[] } | null>(null);
  const bodyRef = useRef<TextAreaRef>(null);
  const channel = Form.useWatch('channel', form) ?? template?.channel ?? 'sms';
  const locale = Form.useWatch('locale', form) ?? template?.locale ?? 'zh-CN';
  const body = Form.useWatch('body', form) ?? '';
  const latest = template?.versions[0];

  const save = useMutation({
    mutationFn: (v: Values) => {
      const subject = v.channel === 'email' || v.channel === 'letter' ? (v.subject ?? null) : null;
      return template ? messagingApi.addVersion(template.id, { subject, body: v.body }) : messagingApi.create({ channel: v.channel, locale: v.locale, name: v.name, subject, body: v.body });
    },
    onSuccess: () => {
      void message.success(t('messaging.saved'));
      void qc.invalidateQueries({ queryKey: messagingKeys.all });
      onClose();
    },
    onError: (e, v) => {
      if (!isApiError(e)) {
        setErrors([e instanceof Error ? e.message : t('common.requestFailed')]);
        return;
      }
      const issues = e.issues.length ? e.issues : [{ path: '', message: e.message }];
      setErrors(issues.map((i) => i.message));
      // Subject and name issues go on their fields; body issues stay in the list below, with the offending text marked.
      const fields = ['subject', 'name'] as const;
      form.setFields(fields.map((f) => ({ name: f, errors: issues.filter((i) => i.path.split(/[./]/).pop() === f).map((i) => i.message) })));
      const texts = issues.flatMap((i) => quotedSpans(i.message));
      setMarked(texts.length ? { body: v.body, texts } : null);
    },
  });

  const insert = (name: string) => {
    const token = `{{${name}}}`;
    const el = bodyRef.current?.resizableTextArea?.textArea;
    const current: string = form.getFieldValue('body') ?? '';
    const start = el?.selectionStart ?? current.length;
    const end = el?.selectionEnd ?? current.length;
    form.setFieldValue('body', current.slice(0, start) + token + current.slice(end));
    requestAnimationFrame(() => {
      el?.focus();
      el?.setSelectionRange(start + token.length, start + token.length);
    });
  };

  const sms = smsParts(body);
  const title = template ? t('messaging.newVersionTitle', { name: template.name }) : t('messaging.createTitle');

  return (
    <Drawer
      open={open}
      onClose={onClose}
      title={title}
      size={640}
      destroyOnHidden
      data-testid="template-drawer"
      extra={
        <Space>
          <Button onClick={onClose}>{t('common.cancel')}</Button>
          <Button type="primary" loading={save.isPending} onClick={() => form.submit()} data-testid="template-save">{t('messaging.submitForApproval')}</Button>
        </Space>
      }
    >
      <Form<Values>
        form={form}
        layout="vertical"
        preserve={false}
        initialValues={template
          ? { channel: template.channel, locale: template.locale as TemplateLocale, name: template.name, subject: latest?.subject ?? '', body: latest?.body ?? '' }
          : { channel: 'sms', locale: 'zh-CN', name: '', subject: '', body: '' }}
        onValuesChange={() => {
          if (errors.length) setErrors([]);
          if (marked) setMarked(null);
        }}
        onFinish={(v) => save.mutate(v)}
      >
        <Space size={24} wrap>
          <Form.Item name="channel" label={t('messaging.channel')}>
            <Radio.Group disabled={!!template} data-testid="template-channel" optionType="button" options={messageChannels.map((c) => ({ value: c, label: t(`messaging.channels.${c}`) }))} />
          </Form.Item>
          <Form.Item name="locale" label={t('messaging.locale')}>
            <Radio.Group disabled={!!template} data-testid="template-locale" optionType="button" options={templateLocales.map((l) => ({ value: l, label: t(`messaging.locales.${l}`) }))} />
          </Form.Item>
        </Space>
        <Form.Item name="name" label={t('messaging.name')} rules={[{ required: true, whitespace: true, message: t('messaging.nameRequired') }]}>
          <Input maxLength={200} disabled={!!template} placeholder={t('messaging.namePlaceholder')} data-testid="template-name" />
        </Form.Item>
        {channel === 'email' && (
          <Form.Item name="subject" label={t('messaging.subject')} rules={[{ required: true, whitespace: true, message: t('messaging.subjectRequired') }]}>
            <Input maxLength={500} data-testid="template-subject" />
          </Form.Item>
        )}
        {channel === 'letter' && (
          <Form.Item name="subject" label={t('messaging.letterTitle')} rules={[{ required: true, whitespace: true, message: t('messaging.letterTitleRequired') }]}>
            <Input maxLength={500} data-testid="template-subject" placeholder={locale === 'zh-CN' ? '催收通知函' : 'Validation notice'} />
          </Form.Item>
        )}
        {channel === 'letter' && <LetterElements locale={locale} />}
        <div style={{ marginBottom: 8 }}>
          <Typography.Text type="secondary" style={{ fontSize: 12, marginInlineEnd: 8 }}>{t('messaging.insertVariable')}</Typography.Text>
          <Space size={[4, 4]} wrap>
            {(channel === 'letter' ? [...templateVariables.filter((v) => v !== 'optOut' && v !== 'planTerms'), ...letterVariables] : templateVariables).map((v) => (
              <Tooltip key={v} title={`{{${v}}}`}>
                <Tag style={{ cursor: 'pointer', marginInlineEnd: 0 }} color="blue" onClick={() => insert(v)} data-testid={`template-var-${v}`}>
                  {t(`messaging.variables.${v}`)}
                </Tag>
              </Tooltip>
            ))}
          </Space>
        </div>
        <Form.Item
          name="body"
          label={t('messaging.body')}
          rules={[{ required: true, whitespace: true, message: t('messaging.bodyRequired') }]}
          extra={channel === 'sms' && locale === 'zh-CN' ? t('messaging.signatureHint') : undefined}
        >
          <Input.TextArea ref={bodyRef} rows={8} maxLength={5000} data-testid="template-body" placeholder={channel === 'sms' && locale === 'zh-CN' ? t('messaging.smsPlaceholder') : undefined} />
        </Form.Item>
        {channel === 'sms' && (
          <Typography.Text type={sms.parts > 1 ? 'warning' : 'secondary'} data-testid="template-sms-count" style={{ display: 'block', marginTop: -16, marginBottom: 12, fontSize: 12 }}>
            {t('messaging.smsCount', { chars: sms.chars, parts: sms.parts, perPart: sms.perPart })}
            {' · '}
            {t('messaging.smsCountNote')}
          </Typography.Text>
        )}
        {errors.length > 0 && (
          <Alert
            type="error"
            showIcon
            data-testid="template-errors"
            title={t('messaging.saveFailed')}
            description={
              <>
                <ul style={{ margin: 0, paddingInlineStart: 18 }}>{errors.map((m, i) => <li key={i}>{m}</li>)}</ul>
                {marked && <Marked body={marked.body} texts={marked.texts} />}
              </>
            }
          />
        )}
        <Alert type="info" showIcon style={{ marginTop: 12 }} title={t('messaging.makerCheckerNote')} />
      </Form>
    </Drawer>
  );
};
