// 合规 → 话术管理 (issue 5, items 2 and 6): supervisors, compliance officers and admins edit the call script per
// locale — for each section the lines the collector reads (with {{variables}}) and a short tip. Saving sends only the
// changed sections with the version they were read at; the server runs the packs' content rules and its issues
// (section, rule, offending text) are shown under the field. A section saved by someone else meanwhile is a conflict.
import { ReloadOutlined, SaveOutlined } from '@ant-design/icons';
import { Alert, App, Button, Card, Form, Input, Space, Tabs, Tag, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { scriptLocales, scriptSections, scriptVariables, type ScriptItem, type ScriptLocale, type ScriptSection, type ScriptUpdateResponse } from '../../../contracts/scripts.js';
import { isApiError } from '../../api/client.js';
import { formatDateTime } from '../../app/format.js';
import { ErrorResult } from '../../app/Results.js';
import { useScripts, useUpdateScripts } from '../desk/scriptsApi.js';

type Values = { sections: Partial<Record<ScriptSection, { body: string; tip: string }>> };

type Warnings = ScriptUpdateResponse['warnings'];

/** Keyed by the versions it shows: a save remounts it with the server's texts, so its warnings live in the page. */
const LocaleEditor = ({ locale, items, warnings, setWarnings }: { locale: ScriptLocale; items: ScriptItem[]; warnings: Warnings; setWarnings: (w: Warnings) => void }) => {
  const { t, i18n } = useTranslation();
  const en = i18n.language.startsWith('en');
  const { message } = App.useApp();
  const [form] = Form.useForm<Values>();
  const save = useUpdateScripts();
  const [error, setError] = useState<string | null>(null);
  const bySection = new Map(items.map((i) => [i.section, i]));
  const initial: Values = { sections: Object.fromEntries(items.map((i) => [i.section, { body: i.body, tip: i.tip }])) };

  const onSave = (v: Values) => {
    setError(null);
    setWarnings([]);
    const sections: Record<string, { body: string; tip: string; version: number }> = {};
    for (const s of scriptSections) {
      const cur = bySection.get(s);
      const edit = v.sections[s];
      if (!cur || !edit) continue;
      if (edit.body !== cur.body || (edit.tip ?? '') !== cur.tip) sections[s] = { body: edit.body, tip: edit.tip ?? '', version: cur.version };
    }
    if (Object.keys(sections).length === 0) {
      void message.info(t('scripts.nothingChanged'));
      return;
    }
    // Clear earlier server errors on the fields being sent.
    form.setFields(Object.keys(sections).flatMap((s) => [{ name: ['sections', s, 'body'] as never, errors: [] }, { name: ['sections', s, 'tip'] as never, errors: [] }]));
    save.mutate({ locale, sections }, {
      onSuccess: (r) => {
        setWarnings(r.warnings);
        void message.success(t('scripts.saved', { count: r.changed.length }));
      },
      onError: (e) => {
        if (!isApiError(e)) {
          setError(e instanceof Error ? e.message : t('common.requestFailed'));
          return;
        }
        const fields = new Map<string, string[]>();
        const other: string[] = [];
        for (const issue of e.issues) {
          const m = /(?:^|[./])sections[./](\w+)[./](body|tip)$/.exec(issue.path);
          if (m) fields.set(`${m[1]}.${m[2]}`, [...(fields.get(`${m[1]}.${m[2]}`) ?? []), issue.message]);
          else other.push(issue.message);
        }
        form.setFields([...fields].map(([k, errors]) => ({ name: ['sections', ...k.split('.')] as never, errors })));
        setError(fields.size && !other.length ? e.message : [e.message, ...other].join('; '));
      },
    });
  };

  return (
    <Form form={form} layout="vertical" initialValues={initial} onFinish={onSave} data-testid={`scripts-form-${locale}`}>
      <Space style={{ marginBottom: 12 }} wrap>
        <Button type="primary" htmlType="submit" icon={<SaveOutlined />} loading={save.isPending} data-testid="scripts-save">
          {t('scripts.save')}
        </Button>
        <Typography.Text type="secondary" style={{ fontSize: 12 }}>
          {t('scripts.variablesHelp')}{' '}
          {scriptVariables.map((v) => (
            <Tag key={v} style={{ fontFamily: 'monospace' }}>{`{{${v}}}`} {t(`scripts.variables.${v}`)}</Tag>
          ))}
        </Typography.Text>
      </Space>
      {error && <Alert type="error" showIcon title={error} style={{ marginBottom: 12 }} data-testid="scripts-error" />}
      {warnings.length > 0 && (
        <Alert
          type="warning"
          showIcon
          style={{ marginBottom: 12 }}
          data-testid="scripts-warnings"
          title={t('scripts.warnings')}
          description={warnings.map((w, i) => (
            <div key={i}>
              {t(`scripts.sections.${w.section}`)}：{w.reason.ruleId} {en ? w.reason.message.en : w.reason.message['zh-CN']}
              {w.reason.spans?.length ? ` 「${w.reason.spans.map((s) => s.text).join('」「')}」` : ''}
            </div>
          ))}
        />
      )}
      {scriptSections.map((s) => {
        const it = bySection.get(s);
        return (
          <Card
            key={s}
            size="small"
            style={{ marginBottom: 12 }}
            data-testid={`script-section-${s}`}
            title={t(`scripts.sections.${s}`)}
            extra={
              it && (
                <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                  v{it.version} · {it.updatedBy ? (it.updatedByName ?? it.updatedBy) : t('scripts.shippedDefault')} · {formatDateTime(it.updatedAt)}
                </Typography.Text>
              )
            }
          >
            <Typography.Paragraph type="secondary" style={{ fontSize: 12, marginBottom: 6 }}>{t(`scripts.sectionHelp.${s}`)}</Typography.Paragraph>
            <Form.Item name={['sections', s, 'body']} label={t('scripts.body')} rules={[{ required: true, whitespace: true, message: t('scripts.bodyRequired') }]} style={{ marginBottom: 8 }}>
              <Input.TextArea autoSize={{ minRows: 2, maxRows: 6 }} maxLength={2000} data-testid={`script-${s}-body`} />
            </Form.Item>
            <Form.Item name={['sections', s, 'tip']} label={t('scripts.tip')} style={{ marginBottom: 0 }}>
              <Input.TextArea autoSize={{ minRows: 1, maxRows: 4 }} maxLength={1000} data-testid={`script-${s}-tip`} />
            </Form.Item>
          </Card>
        );
      })}
    </Form>
  );
};

export const ScriptsPage = () => {
  const { t } = useTranslation();
  const q = useScripts();
  const [locale, setLocale] = useState<ScriptLocale>('zh-CN');
  const [warnings, setWarnings] = useState<Warnings>([]);
  if (q.isError) return <ErrorResult error={q.error} onRetry={() => void q.refetch()} />;
  const items = q.data?.items ?? [];
  // A new key after each save re-reads the form's initial values (versions and texts from the server).
  const stamp = items.filter((i) => i.locale === locale).map((i) => i.version).join('.');
  return (
    <Card
      title={t('scripts.pageTitle')}
      loading={q.isPending}
      data-testid="scripts-page"
      extra={<Button icon={<ReloadOutlined />} onClick={() => void q.refetch()} data-testid="scripts-reload">{t('scripts.reload')}</Button>}
    >
      <Typography.Paragraph type="secondary">{t('scripts.pageIntro')}</Typography.Paragraph>
      <Tabs
        activeKey={locale}
        onChange={(k) => {
          setLocale(k as ScriptLocale);
          setWarnings([]);
        }}
        items={scriptLocales.map((l) => ({ key: l, label: t(`scripts.locales.${l}`) }))}
      />
      {q.data && <LocaleEditor key={`${locale}:${stamp}`} locale={locale} items={items.filter((i) => i.locale === locale)} warnings={warnings} setWarnings={setWarnings} />}
    </Card>
  );
};
