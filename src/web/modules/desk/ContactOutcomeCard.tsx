// The case page's "记录联系结果" card (issue 5, part 3): the result of an allowed attempt, the party reached, notes
// checked by the packs' content rules as they are typed, and follow-ups. A callback time shows the engine's verdict.
// Ctrl+Enter saves. Everything is decided again on the server (POST /api/attempts/:id/outcome).
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Alert, App, Button, Card, Checkbox, DatePicker, Form, Input, InputNumber, Select, Space, Switch, Typography } from 'antd';
import type { Dayjs } from 'dayjs';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { CaseDetail } from '../../../contracts/cases.js';
import type { attemptListSchema } from '../../../contracts/compliance.js';
import { deskResultCodes, type CheckResponse, type DeskResultCode, type OutcomeRequest, type OutcomeResponse } from '../../../contracts/desk.js';
import type { AttemptCall } from '../../../contracts/telephony.js';
import { api } from '../../api/client.js';
import { applyApiErrors } from '../../api/formErrors.js';
import { useCan } from '../../app/auth.js';
import { formatDateTime } from '../../app/format.js';
import { timelineKeys } from './timelineApi.js';
import { FollowUpSuggestion, type FollowUp } from './FollowUpSuggestion.js';
import { visitApi, visitKeys } from '../visits/visitsApi.js';
import type { CreateVisitRequest } from '../../../contracts/visits.js';
import { isApiError } from '../../api/client.js';
import type { z } from 'zod';

type Attempts = z.infer<typeof attemptListSchema>;
type Values = {
  attemptId?: string; resultCode?: DeskResultCode; rightParty: boolean; reached: string; notes?: string;
  promiseAmount?: number; promiseDate?: Dayjs; callbackAt?: Dayjs; flags: string[]; visitAddressId?: string; visitReason?: string;
};
const flags = ['dispute', 'complaint', 'hardship', 'cease', 'thirdPartyNoCall'] as const;
const groups = ['rpc', 'third_party', 'no_contact', 'bad_number'] as const;

/** The value after `ms` without changes. */
function useDebounced<T>(value: T, ms: number): T {
  const [v, setV] = useState(value);
  useEffect(() => {
    const h = setTimeout(() => setV(value), ms);
    return () => clearTimeout(h);
  }, [value, ms]);
  return v;
}

const reasonText = (r: CheckResponse['reasons'][number], en: boolean) =>
  `${en ? r.message.en : r.message['zh-CN']}${r.spans?.length ? ` 「${r.spans.map((s) => s.text).join('」「')}」` : ''}`;

export const ContactOutcomeCard = ({ c }: { c: CaseDetail }) => {
  const { t, i18n } = useTranslation();
  const en = i18n.language.startsWith('en');
  const can = useCan();
  const { message } = App.useApp();
  const qc = useQueryClient();
  const [form] = Form.useForm<Values>();
  const [error, setError] = useState<string | null>(null);
  const [followUp, setFollowUp] = useState<FollowUp | null>(null);
  const attempts = useQuery({ queryKey: ['cases', c.id, 'attempts'], queryFn: ({ signal }) => api<Attempts>(`/api/cases/${c.id}/attempts`, { signal }) });
  const open = (attempts.data?.items ?? []).filter((a) => a.status === 'allowed');
  const attemptId = Form.useWatch('attemptId', form) ?? open[0]?.id;
  const notes = useDebounced(Form.useWatch('notes', form) ?? '', 400);
  const callbackAt = Form.useWatch('callbackAt', form);
  const callbackIso = callbackAt ? callbackAt.format() : null;

  const notesCheck = useQuery({
    queryKey: ['desk', 'notes-check', c.id, notes],
    enabled: can('contacts.attempt') && notes.trim().length > 0,
    queryFn: ({ signal }) => api<CheckResponse>(`/api/cases/${c.id}/notes/check`, { method: 'POST', body: { text: notes }, signal }),
  });
  const callbackCheck = useQuery({
    queryKey: ['desk', 'callback-check', attemptId, callbackIso],
    enabled: !!attemptId && !!callbackIso,
    queryFn: ({ signal }) => api<CheckResponse>(`/api/attempts/${attemptId}/callback/check`, { method: 'POST', body: { at: callbackIso }, signal }),
  });

  // A dialer's result for the attempt (webhook mode) pre-fills the result code; the collector confirms or changes it.
  const call = useQuery({
    queryKey: ['telephony', 'call', attemptId],
    enabled: !!attemptId,
    queryFn: ({ signal }) => api<AttemptCall>(`/api/attempts/${attemptId}/call`, { signal }),
  });
  const dialerResult = call.data?.attemptId === attemptId ? (call.data?.call.result ?? null) : null;
  useEffect(() => {
    if (dialerResult && !form.getFieldValue('resultCode')) form.setFieldsValue({ resultCode: dialerResult });
  }, [dialerResult, form]);

  const save = useMutation({
    mutationFn: (v: Values) => {
      const [kind, id] = v.reached.split(':') as ['debtor' | 'contact_person', string];
      const body: OutcomeRequest = {
        resultCode: v.resultCode!, rightParty: v.rightParty, reachedPartyKind: kind, reachedPartyId: id, notes: v.notes?.trim() ? v.notes : undefined,
        promise: v.promiseAmount && v.promiseDate ? { amountMinor: Math.round(v.promiseAmount * 100), dueDate: v.promiseDate.format('YYYY-MM-DD') } : undefined,
        callbackAt: v.callbackAt ? v.callbackAt.format() : undefined,
        ...Object.fromEntries(v.flags.map((f) => [f, true])),
      };
      return api<OutcomeResponse>(`/api/attempts/${v.attemptId ?? open[0]!.id}/outcome`, { method: 'POST', body });
    },
    onSuccess: (r, v) => {
      void message.success(t('desk.outcome.saved'));
      // The reminder after the call: proposed unless the number is dead or wrong, a third party answered, or the
      // debtor asked to stop (the engine would refuse it anyway).
      const group = deskResultCodes[r.resultCode].group;
      const attempt = (attempts.data?.items ?? []).find((a) => a.id === r.attemptId);
      setFollowUp(group === 'bad_number' || group === 'third_party' || v.flags.includes('cease') || v.flags.includes('thirdPartyNoCall') ? null
        : { phoneId: attempt?.channel === 'call' || attempt?.channel === 'sms' ? attempt.contactPointId : null });
      // A visit asked for on the call: requested once the outcome is saved (the engine decides it; a supervisor approves).
      if (v.visitAddressId) visit.mutate({ addressId: v.visitAddressId, reason: v.visitReason?.trim() || t('desk.outcome.visitDefaultReason'), priority: 2 });
      form.resetFields();
      void qc.invalidateQueries({ queryKey: ['cases'] });
      void qc.invalidateQueries({ queryKey: ['negotiation'] });
      void qc.invalidateQueries({ queryKey: timelineKeys.case(c.id) });
    },
    onError: (e) => setError(applyApiErrors(form, e, t('common.requestFailed'))),
  });
  const visit = useMutation({
    mutationFn: (body: CreateVisitRequest) => visitApi.request(c.id, body),
    onSuccess: () => {
      void message.success(t('desk.outcome.visitRequested'));
      void qc.invalidateQueries({ queryKey: visitKeys.forCase(c.id) });
      void qc.invalidateQueries({ queryKey: timelineKeys.case(c.id) });
    },
    onError: (e) => void message.error(t('desk.outcome.visitRefused', { reason: isApiError(e) ? e.message : t('common.requestFailed') }), 8),
  });

  if (!can('contacts.attempt')) return null;
  const parties = [
    { value: `debtor:${c.debtorId}`, label: c.debtorName },
    ...c.contacts.map((x) => ({ value: `contact_person:${x.id}`, label: `${x.fullNameMasked}（${x.relationship}）` })),
  ];
  const notesBlocked = notesCheck.data?.outcome === 'block';
  const submit = () => {
    setError(null);
    form.submit();
  };

  return (
    <Card size="small" title={t('desk.outcome.title')} data-testid="outcome-card" extra={<Typography.Text type="secondary">{t('desk.outcome.saveHint')}</Typography.Text>}>
      {open.length === 0 ? (
        <Typography.Text type="secondary" data-testid="outcome-no-attempt">{t('desk.outcome.noAttempt')}</Typography.Text>
      ) : (
        <Form<Values>
          form={form}
          layout="vertical"
          initialValues={{ rightParty: true, reached: `debtor:${c.debtorId}`, flags: [] }}
          onFinish={(v) => save.mutate(v)}
          onKeyDown={(e) => {
            if (e.key === 'Enter' && (e.ctrlKey || e.metaKey)) {
              e.preventDefault();
              submit();
            }
          }}
        >
          <Space wrap align="start">
            <Form.Item name="attemptId" label={t('desk.outcome.attempt')}>
              <Select style={{ minWidth: 220 }} data-testid="outcome-attempt" placeholder={open[0] ? formatDateTime(open[0].plannedAt) : undefined}
                options={open.map((a) => ({ value: a.id, label: `${formatDateTime(a.plannedAt)} · ${t(`compliance.channels.${a.channel}`)}` }))} />
            </Form.Item>
            <Form.Item name="resultCode" label={t('desk.outcome.resultCode')} rules={[{ required: true }]}
              extra={dialerResult ? <span data-testid="outcome-dialer-result">{t('telephony.prefilled', { result: t(`desk.outcome.codes.${dialerResult}`) })}</span> : undefined}>
              <Select style={{ minWidth: 220 }} data-testid="outcome-result" options={groups.map((g) => ({
                label: t(`desk.outcome.groups.${g}`),
                options: (Object.keys(deskResultCodes) as DeskResultCode[]).filter((k) => deskResultCodes[k].group === g).map((k) => ({ value: k, label: t(`desk.outcome.codes.${k}`) })),
              }))} />
            </Form.Item>
            <Form.Item name="reached" label={t('desk.outcome.partyReached')}>
              <Select style={{ minWidth: 200 }} data-testid="outcome-party" options={parties} />
            </Form.Item>
            <Form.Item name="rightParty" label={t('desk.outcome.rightParty')} valuePropName="checked">
              <Switch data-testid="outcome-rpc" />
            </Form.Item>
          </Space>
          <Form.Item name="notes" label={t('desk.outcome.notes')}>
            <Input.TextArea rows={3} maxLength={5000} data-testid="outcome-notes" />
          </Form.Item>
          {(notesCheck.data?.reasons ?? []).map((r, i) => (
            <Alert key={i} type={r.outcome === 'block' ? 'error' : 'warning'} showIcon style={{ marginBottom: 8 }} data-testid="outcome-notes-check"
              title={t(r.outcome === 'block' ? 'desk.outcome.notesBlocked' : 'desk.outcome.notesWarn', { rule: r.ruleId, text: reasonText(r, en) })} />
          ))}
          <Typography.Title level={5}>{t('desk.outcome.followUps')}</Typography.Title>
          <Space wrap align="start">
            <Form.Item name="promiseAmount" label={t('desk.outcome.promiseAmount')}>
              <InputNumber min={0.01} precision={2} style={{ width: 160 }} data-testid="outcome-promise-amount" />
            </Form.Item>
            <Form.Item name="promiseDate" label={t('desk.outcome.promiseDate')}>
              <DatePicker data-testid="outcome-promise-date" />
            </Form.Item>
            <Form.Item name="callbackAt" label={t('desk.outcome.callbackAt')}>
              <DatePicker showTime={{ format: 'HH:mm' }} format="YYYY-MM-DD HH:mm" data-testid="outcome-callback" />
            </Form.Item>
          </Space>
          {callbackCheck.data && (
            <Alert style={{ marginBottom: 8 }} showIcon data-testid="outcome-callback-verdict" type={callbackCheck.data.outcome === 'block' ? 'error' : callbackCheck.data.outcome === 'warn' ? 'warning' : 'success'}
              title={callbackCheck.data.outcome === 'block'
                ? t('desk.outcome.callbackBlocked', { rules: [...new Set(callbackCheck.data.reasons.filter((r) => r.outcome === 'block').map((r) => r.ruleId))].join(' '), next: callbackCheck.data.nextAllowedAt ? formatDateTime(callbackCheck.data.nextAllowedAt) : '—' })
                : t('desk.outcome.callbackAllowed')} />
          )}
          <Space wrap align="start">
            <Form.Item name="visitAddressId" label={t('desk.outcome.visit')}>
              <Select allowClear style={{ minWidth: 260 }} placeholder={t('desk.outcome.visitPlaceholder')} data-testid="outcome-visit-address"
                options={c.addresses.map((a) => ({ value: a.id, label: `${t(`addressKinds.${a.kind}`)} · ${a.region} ${a.detailMasked}${a.contactPersonId ? t('desk.outcome.visitThirdParty') : ''}` }))} />
            </Form.Item>
            <Form.Item name="visitReason" label={t('desk.outcome.visitReason')}>
              <Input style={{ width: 260 }} maxLength={500} placeholder={t('desk.outcome.visitDefaultReason')} data-testid="outcome-visit-reason" />
            </Form.Item>
          </Space>
          <Form.Item name="flags">
            <Checkbox.Group data-testid="outcome-flags" options={flags.map((f) => ({ value: f, label: t(`desk.outcome.${f}`) }))} />
          </Form.Item>
          {error && <Alert type="error" showIcon style={{ marginBottom: 8 }} title={error} />}
          <Button type="primary" onClick={submit} loading={save.isPending} disabled={notesBlocked} data-testid="outcome-save">{t('desk.outcome.save')}</Button>
        </Form>
      )}
      {followUp && <FollowUpSuggestion c={c} followUp={followUp} onDone={() => setFollowUp(null)} />}
    </Card>
  );
};
