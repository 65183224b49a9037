// Evidence at a stop: a photo (the phone's camera) or a recording, hashed (SHA-256) in the browser at capture and
// sent through the outbox, so it survives a dead network; the list shows what the server has and what still waits.
import { AudioOutlined, CameraOutlined } from '@ant-design/icons';
import { useQuery } from '@tanstack/react-query';
import { App as AntApp, Button, Card, List, Tag, Typography } from 'antd';
import dayjs from 'dayjs';
import { useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { EvidenceOut } from '../../../contracts/field.js';
import { api } from '../../api/client.js';
import { QUEUED, sha256Hex, submit } from './outbox.js';
import type { OutboxItem } from './outbox.logic.js';

export const evidenceKey = (stopId: string) => ['field', 'evidence', stopId] as const;

/** A quick position for the evidence (a recent fix is good enough; none is fine). */
const quickPosition = () =>
  new Promise<GeolocationPosition | null>((resolve) => {
    if (!('geolocation' in navigator)) resolve(null);
    else navigator.geolocation.getCurrentPosition(resolve, () => resolve(null), { maximumAge: 120_000, timeout: 3_000 });
  });

export const FieldEvidence = ({ stopId, pending, onSaved }: { stopId: string; pending: OutboxItem[]; onSaved: () => void }) => {
  const { t } = useTranslation();
  const { message } = AntApp.useApp();
  const photo = useRef<HTMLInputElement>(null);
  const audio = useRef<HTMLInputElement>(null);
  const [busy, setBusy] = useState(false);
  const list = useQuery({ queryKey: evidenceKey(stopId), queryFn: ({ signal }) => api<{ items: EvidenceOut[] }>(`/api/field/stops/${stopId}/evidence`, { signal }) });

  const capture = async (file: File | undefined) => {
    if (!file) return;
    setBusy(true);
    try {
      const capturedAt = new Date().toISOString();
      const [sha256, pos] = await Promise.all([sha256Hex(file), quickPosition()]);
      const id = crypto.randomUUID();
      const q = new URLSearchParams({ sha256, capturedAt });
      if (pos) {
        q.set('latitude', String(pos.coords.latitude));
        q.set('longitude', String(pos.coords.longitude));
        q.set('accuracy', String(Math.round(pos.coords.accuracy)));
      }
      const r = await submit({ id, kind: 'evidence', stopId, method: 'PUT', path: `/api/field/stops/${stopId}/evidence/${id}?${q}`, file, contentType: file.type || 'application/octet-stream', preview: { fileName: file.name } });
      void message.success(r === QUEUED ? t('field.evidence.queued') : t('field.evidence.saved'));
      onSaved();
    } catch (e) {
      void message.error(e instanceof Error ? e.message : String(e));
    } finally {
      setBusy(false);
      if (photo.current) photo.current.value = '';
      if (audio.current) audio.current.value = '';
    }
  };

  const waitingFiles = pending.filter((i) => i.kind === 'evidence' && i.stopId === stopId);
  const rows: Array<{ key: string; kind: 'photo' | 'audio'; at: string; sha: string; waiting: OutboxItem['state'] | null }> = [
    ...waitingFiles.map((i) => ({ key: i.id, kind: i.contentType?.startsWith('audio/') ? 'audio' as const : 'photo' as const, at: i.capturedAt, sha: new URLSearchParams(i.path.split('?')[1]).get('sha256') ?? '', waiting: i.state })),
    ...(list.data?.items ?? []).filter((e) => !waitingFiles.some((i) => i.id === e.id)).map((e) => ({ key: e.id, kind: e.kind, at: e.capturedAt, sha: e.sha256, waiting: null })),
  ];
  return (
    <Card size="small" title={t('field.evidence.title')} style={{ marginBottom: 12 }} data-testid="field-evidence">
      <input ref={photo} type="file" accept="image/*" capture="environment" hidden data-testid="field-photo-input" onChange={(e) => void capture(e.target.files?.[0])} />
      <input ref={audio} type="file" accept="audio/*" capture hidden data-testid="field-audio-input" onChange={(e) => void capture(e.target.files?.[0])} />
      <div style={{ display: 'flex', gap: 8, marginBottom: 8 }}>
        <Button size="large" style={{ flex: 1, height: 52 }} icon={<CameraOutlined />} loading={busy} onClick={() => photo.current?.click()} data-testid="field-photo">{t('field.evidence.photo')}</Button>
        <Button size="large" style={{ flex: 1, height: 52 }} icon={<AudioOutlined />} loading={busy} onClick={() => audio.current?.click()} data-testid="field-audio">{t('field.evidence.audio')}</Button>
      </div>
      <Typography.Text type="secondary" style={{ fontSize: 12 }}>{t('field.evidence.hint')}</Typography.Text>
      <List size="small" data-testid="field-evidence-list" locale={{ emptyText: t('field.evidence.none') }}
        dataSource={rows}
        renderItem={(e) => (
          <List.Item style={{ paddingInline: 0 }}>
            <span>{t(`field.evidence.kinds.${e.kind}`)} · {dayjs(e.at).format('HH:mm:ss')} · <Typography.Text code title={e.sha}>{e.sha.slice(0, 12)}…</Typography.Text></span>
            {e.waiting ? <Tag color={e.waiting === 'failed' ? 'red' : 'orange'}>{e.waiting === 'failed' ? t('field.sync.failed') : t('field.sync.pending')}</Tag> : <Tag color="green">{t('field.evidence.stored')}</Tag>}
          </List.Item>
        )} />
    </Card>
  );
};
