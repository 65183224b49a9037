// Click-to-call (issue 5, item 5), shown in the attempt dialog once the engine allowed a call.
// tel mode: 拨打 asks the server for this attempt's number (an audited reveal, this attempt only) and opens a tel: link.
// webhook mode: the dialer places the call; the dialog shows "等待外呼系统接通…" and the call's events as they arrive
// (GET /api/attempts/:id/call every 2 s while the dialog is open).
import { PhoneOutlined } from '@ant-design/icons';
import { useMutation, useQuery } from '@tanstack/react-query';
import { Alert, App, Button, Descriptions, Space, Spin, Tag, Timeline, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import type { AttemptCall, DialResponse, TelephonyConfig } from '../../../contracts/telephony.js';
import { api } from '../../api/client.js';
import { formatDateTime } from '../../app/format.js';

const stateColor = { waiting: 'default', started: 'processing', answered: 'green', ended: 'blue' } as const;

export const useTelephonyConfig = () =>
  useQuery({ queryKey: ['telephony', 'config'], queryFn: ({ signal }) => api<TelephonyConfig>('/api/telephony/config', { signal }), staleTime: Infinity });

const WebhookCall = ({ attemptId }: { attemptId: string }) => {
  const { t } = useTranslation();
  const call = useQuery({
    queryKey: ['telephony', 'call', attemptId],
    queryFn: ({ signal }) => api<AttemptCall>(`/api/attempts/${attemptId}/call`, { signal }),
    refetchInterval: 2000,
    refetchIntervalInBackground: false,
  });
  const f = call.data?.call;
  const events = call.data?.events ?? [];
  return (
    <Space orientation="vertical" size={8} style={{ width: '100%' }} data-testid="call-webhook">
      {(!f || f.state === 'waiting') && (
        <Alert type="info" showIcon icon={<Spin size="small" />} title={t('telephony.waiting')} data-testid="call-waiting" />
      )}
      {f && f.state !== 'waiting' && (
        <Descriptions size="small" column={1}>
          <Descriptions.Item label={t('telephony.stateLabel')}>
            <Tag color={stateColor[f.state]} data-testid="call-state">{t(`telephony.states.${f.state}`)}</Tag>
          </Descriptions.Item>
          {f.durationSec !== null && <Descriptions.Item label={t('telephony.durationLabel')}>{t('telephony.duration', { sec: f.durationSec })}</Descriptions.Item>}
          {f.result && <Descriptions.Item label={t('telephony.resultLabel')}>{t(`desk.outcome.codes.${f.result}`)}</Descriptions.Item>}
          {f.recordingUrl && (
            <Descriptions.Item label={t('telephony.recording')}>
              <Typography.Text copyable style={{ wordBreak: 'break-all' }}>{f.recordingUrl}</Typography.Text>
            </Descriptions.Item>
          )}
        </Descriptions>
      )}
      {events.length > 0 ? (
        <Timeline
          data-testid="call-events"
          items={events.map((e) => ({ key: e.id, children: `${formatDateTime(e.at)} · ${t(`telephony.types.${e.type}`)}` }))}
        />
      ) : (
        <Typography.Text type="secondary">{t('telephony.noEvents')}</Typography.Text>
      )}
    </Space>
  );
};

const TelCall = ({ attemptId }: { attemptId: string }) => {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const dial = useMutation({
    mutationFn: () => api<DialResponse>(`/api/attempts/${attemptId}/dial`, { method: 'POST', body: {} }),
    // The number lives only in the tel: link handed to the phone app; it is not kept in the page.
    onSuccess: (r) => window.location.assign(r.telUri),
    onError: (e) => void message.error(e.message || t('common.requestFailed')),
  });
  return (
    <Space orientation="vertical" size={6} data-testid="call-tel">
      <Button type="primary" icon={<PhoneOutlined />} loading={dial.isPending} onClick={() => dial.mutate()} data-testid="call-dial">
        {dial.isPending ? t('telephony.dialing') : t('telephony.dial')}
      </Button>
      <Typography.Text type="secondary" style={{ fontSize: 12 }}>{t('telephony.dialHint')}</Typography.Text>
    </Space>
  );
};

/** The dial step of an allowed call attempt, in the configured adapter's way. */
export const CallPanel = ({ attemptId }: { attemptId: string }) => {
  const config = useTelephonyConfig();
  if (!config.data) return null;
  return config.data.mode === 'webhook' ? <WebhookCall attemptId={attemptId} /> : <TelCall attemptId={attemptId} />;
};
