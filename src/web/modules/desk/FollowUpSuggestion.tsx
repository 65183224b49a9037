// After a call, the reminder the seed asks for: an approved SMS template proposed for the debtor's own mobile (the
// number the call used when it was the debtor's), prefilled — one click sends it. The engine decides it like any
// message (hours, caps, opt-outs, holds); the verdict is shown. Not proposed after a wrong or dead number, a third
// party, or a cease request.
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { Alert, Button, Select, Space, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { CaseDetail } from '../../../contracts/cases.js';
import { isApiError } from '../../api/client.js';
import { formatDateTime } from '../../app/format.js';
import { messagingApi, messagingKeys, useTemplates, type SendResult } from '../messaging/messagingApi.js';
import { timelineKeys } from './timelineApi.js';
import { isPlanConfirmation } from '../../../contracts/templates.js';

export type FollowUp = { phoneId: string | null };

export const FollowUpSuggestion = ({ c, followUp, onDone }: { c: CaseDetail; followUp: FollowUp; onDone: () => void }) => {
  const { t } = useTranslation();
  const qc = useQueryClient();
  const templates = useTemplates(true);
  const ownPhones = c.phones.filter((p) => !p.contactPersonId && p.status !== 'invalid');
  const [phoneId, setPhoneId] = useState<string | undefined>(
    (followUp.phoneId && ownPhones.some((p) => p.id === followUp.phoneId) ? followUp.phoneId : ownPhones[0]?.id) ?? undefined,
  );
  const lang = c.debtor.preferredLanguage.startsWith('en') ? 'en' : 'zh';
  const options = (templates.data?.items ?? [])
    .filter((x) => {
      const v = x.versions.find((y) => y.id === x.approvedVersionId);
      return x.channel === 'sms' && v && !isPlanConfirmation(v);
    })
    .sort((a, b) => Number(b.locale.startsWith(lang)) - Number(a.locale.startsWith(lang)));
  const [templateId, setTemplateId] = useState<string | undefined>();
  const chosen = templateId ?? options[0]?.id;
  const [result, setResult] = useState<SendResult | null>(null);
  const [error, setError] = useState<string | null>(null);
  const send = useMutation({
    mutationFn: () => messagingApi.send(c.id, { templateId: chosen!, channel: 'sms', to: phoneId! }),
    onSuccess: (r) => {
      setResult(r);
      void qc.invalidateQueries({ queryKey: messagingKeys.all });
      void qc.invalidateQueries({ queryKey: timelineKeys.case(c.id) });
    },
    onError: (e) => setError(isApiError(e) ? e.message : t('common.requestFailed')),
  });

  if (result) {
    const d = result.decision;
    return (
      <Alert
        closable={{ onClose: onDone }}
        showIcon
        style={{ marginTop: 12 }}
        data-testid="followup-result"
        type={d.outcome === 'block' ? 'error' : 'success'}
        title={d.outcome === 'block'
          ? t('desk.followUp.blocked', { rules: [...new Set(d.reasons.filter((r) => r.outcome === 'block').map((r) => r.ruleId))].join(' '), next: d.nextAllowedAt ? formatDateTime(d.nextAllowedAt) : '—' })
          : t('desk.followUp.queued')}
      />
    );
  }
  if (!templates.isPending && (options.length === 0 || ownPhones.length === 0)) return null;
  return (
    <Alert
      type="info"
      showIcon
      style={{ marginTop: 12 }}
      data-testid="followup-suggestion"
      closable={{ onClose: onDone }}
      title={t('desk.followUp.title')}
      description={
        <Space orientation="vertical" size={8} style={{ width: '100%' }}>
          <Typography.Text type="secondary">{t('desk.followUp.why')}</Typography.Text>
          <Space wrap>
            <Select style={{ minWidth: 240 }} value={chosen} onChange={setTemplateId} loading={templates.isPending} data-testid="followup-template"
              options={options.map((x) => ({ value: x.id, label: `${x.name} · ${x.locale}` }))} />
            <Select style={{ minWidth: 160 }} value={phoneId} onChange={setPhoneId} data-testid="followup-phone"
              options={ownPhones.map((p) => ({ value: p.id, label: p.masked }))} />
            <Button type="primary" loading={send.isPending} disabled={!chosen || !phoneId} onClick={() => { setError(null); send.mutate(); }} data-testid="followup-send">
              {t('desk.followUp.send')}
            </Button>
          </Space>
          {error && <Typography.Text type="danger">{error}</Typography.Text>}
        </Space>
      }
    />
  );
};
