// The field collector's phone view (issue 8, item 4): today's route as an ordered list and a schematic map drawn from
// the stops' coordinates (SVG, no tile server), a stop page with the pre-visit dossier, a big check-in button that
// sends the browser's position (the engine decides; a refusal is shown with its rules), the outcome form, a red
// "asked to leave" button, evidence, 签退 (check-out) and a fixed SOS button. Mobile first: one column, large touch
// targets. Offline first: every mutation goes through the IndexedDB outbox (outbox.ts), the service worker (public/
// sw.js) keeps the shell and today's route, and what waits to sync is shown until it has.
import { AlertOutlined, ArrowLeftOutlined, EnvironmentOutlined, LogoutOutlined, PhoneOutlined } from '@ant-design/icons';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Alert, App as AntApp, Button, type ButtonProps, Card, Empty, Form, Input, InputNumber, DatePicker, List, Modal, Popconfirm, Select, Space, Tag, Typography } from 'antd';
import type dayjs from 'dayjs';
import { useEffect, useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, Navigate, Outlet, useLocation, useNavigate, useParams } from 'react-router';
import type { FieldOutcomeCode, FieldTodayOut, FieldVisitOut, IncidentOut } from '../../../contracts/field.js';
import { fieldOutcomeCodes } from '../../../contracts/field.js';
import { api, isApiError } from '../../api/client.js';
import { useLogout, useMe } from '../../app/auth.js';
import { FullPageSpin } from '../../app/guards.js';
import { LanguageSwitch } from '../../app/LanguageSwitch.js';
import { Dossier, RouteSketch } from './FieldDossier.js';
import { evidenceKey, FieldEvidence } from './FieldEvidence.js';
import { FieldOutbox } from './FieldOutbox.js';
import { QUEUED, setOnSynced, setOutboxOwner, submit, useOutbox } from './outbox.js';
import { withPending } from './outbox.logic.js';

const todayKey = ['field', 'today'] as const;
const ZONE = 'Asia/Shanghai';
const hhmm = (iso: string) => new Intl.DateTimeFormat('en-GB', { timeZone: ZONE, hour: '2-digit', minute: '2-digit', hour12: false }).format(new Date(iso));
const statusColor: Record<FieldVisitOut['status'], string> = { planned: 'default', checked_in: 'processing', done: 'success', left: 'warning' };

const useToday = () => useQuery({ queryKey: todayKey, queryFn: ({ signal }) => api<FieldTodayOut>('/api/field/today', { signal }) });

/** The browser's position, or a rejection with a readable reason. */
const position = (timeout = 15_000) =>
  new Promise<GeolocationPosition>((resolve, reject) => {
    if (!('geolocation' in navigator)) reject(new Error('unsupported'));
    else navigator.geolocation.getCurrentPosition(resolve, (e) => reject(new Error(e.message || String(e.code))), { enableHighAccuracy: true, timeout, maximumAge: 30_000 });
  });

/** The shell of /field: a compact header, the page, and the SOS button always in reach. */
export const FieldApp = () => {
  const { t } = useTranslation();
  const me = useMe();
  const location = useLocation();
  const navigate = useNavigate();
  const logout = useLogout();
  const qc = useQueryClient();
  const outbox = useOutbox();
  useEffect(() => {
    // Offline: the service worker serves the shell and the last route; the outbox replays what was done meanwhile.
    if ('serviceWorker' in navigator) void navigator.serviceWorker.register('/sw.js').catch(() => undefined);
    setOnSynced((i) => {
      void qc.invalidateQueries({ queryKey: todayKey });
      if (i.stopId) void qc.invalidateQueries({ queryKey: evidenceKey(i.stopId) });
    });
    return () => setOnSynced(null);
  }, [qc]);
  const userId = me.data?.id ?? null;
  useEffect(() => setOutboxOwner(userId), [userId]);
  if (me.isPending) return <FullPageSpin />;
  if (!me.data) return <Navigate to={`/login?next=${encodeURIComponent(location.pathname)}`} replace />;
  return (
    <div style={{ minHeight: '100%', background: '#f5f5f5', paddingBottom: 96 }} data-testid="field-app">
      <div style={{ position: 'sticky', top: 0, zIndex: 10, background: '#001529', color: '#fff', padding: '10px 12px', display: 'flex', alignItems: 'center', gap: 8 }}>
        <EnvironmentOutlined />
        <span style={{ fontWeight: 600, flex: 1 }}>{t('field.title')}</span>
        <span data-testid="me-name" style={{ fontSize: 13 }}>{me.data.displayName}</span>
        <LanguageSwitch />
        <Button size="small" icon={<LogoutOutlined />} data-testid="logout" aria-label={t('auth.logout')}
          onClick={() => logout.mutate(undefined, {
            // The cached route holds the day's dossiers: gone with the session.
            onSettled: () => void ('caches' in window ? caches.delete('concord-field-v1') : Promise.resolve()).finally(() => navigate('/login', { replace: true })),
          })} />
      </div>
      <div style={{ maxWidth: 640, margin: '0 auto', padding: 12 }}>
        <FieldOutbox outbox={outbox} />
        <Outlet />
      </div>
      <SosButton />
    </div>
  );
};

const SosButton = () => {
  const { t } = useTranslation();
  const { message } = AntApp.useApp();
  const { id } = useParams();
  const [open, setOpen] = useState(false);
  const [queued, setQueued] = useState(false);
  const sos = useMutation({
    networkMode: 'always',
    mutationFn: async () => {
      const pos = await position(5_000).catch(() => null);
      return submit<IncidentOut>({
        kind: 'sos', stopId: id ?? null, method: 'POST', path: '/api/field/sos',
        json: { ...(id ? { stopId: id } : {}), ...(pos ? { latitude: pos.coords.latitude, longitude: pos.coords.longitude } : {}) },
      });
    },
    onSuccess: (r) => {
      // Offline the alert cannot reach anyone: say so, and offer the phone.
      if (r === QUEUED) return setQueued(true);
      setOpen(false);
      void message.success(t('field.sosSent'));
    },
  });
  return (
    <>
      <Button type="primary" danger shape="circle" data-testid="field-sos" onClick={() => setOpen(true)} icon={<AlertOutlined />}
        style={{ position: 'fixed', right: 16, bottom: 16, width: 64, height: 64, fontWeight: 700, zIndex: 20, boxShadow: '0 4px 12px rgba(0,0,0,.3)' }}>
        {t('field.sos')}
      </Button>
      <Modal open={open} title={t('field.sos')} okText={t('field.confirm')} cancelText={t('common.cancel')} okButtonProps={{ danger: true, loading: sos.isPending, 'data-testid': 'field-sos-confirm' } as ButtonProps}
        onOk={() => sos.mutate()} onCancel={() => { setOpen(false); setQueued(false); }}>
        {t('field.sosConfirm')}
        {sos.isError && <Alert type="error" style={{ marginTop: 8 }} title={sos.error.message} />}
        {queued && (
          <Alert type="error" showIcon style={{ marginTop: 8 }} data-testid="field-sos-queued" title={t('field.sosQueued')}
            description={<Button danger type="primary" size="large" block href="tel:110" icon={<PhoneOutlined />} style={{ marginTop: 8 }}>{t('field.call110')}</Button>} />
        )}
      </Modal>
    </>
  );
};

/** Today's route: the sketch and the ordered list. */
export const FieldRoutePage = () => {
  const { t } = useTranslation();
  const today = useToday();
  const { items } = useOutbox();
  if (today.isPending) return <FullPageSpin />;
  if (today.isError) return <Alert type="error" title={today.error.message} />;
  const { stops, date } = today.data;
  return (
    <div data-testid="field-route">
      <Typography.Title level={5} style={{ marginTop: 0 }}>{t('field.date', { date })}</Typography.Title>
      {stops.length === 0 ? <Empty description={t('field.empty')} /> : (
        <>
          <RouteSketch stops={stops} tileUrl={today.data.mapTileUrl} />
          <List
            dataSource={stops}
            renderItem={(s, i) => (
              <Link to={`/field/stops/${s.id}`} data-testid={`field-stop-${i}`} style={{ display: 'block', marginBottom: 8 }}>
                <Card size="small" hoverable>
                  <div style={{ display: 'flex', alignItems: 'center', gap: 12 }}>
                    <div style={{ width: 36, height: 36, borderRadius: 18, background: '#1677ff', color: '#fff', display: 'grid', placeItems: 'center', fontWeight: 700, flex: 'none' }}>{s.seq}</div>
                    <div style={{ flex: 1, minWidth: 0 }}>
                      <div style={{ fontWeight: 600 }}>{s.dossier.debtorName}</div>
                      <div style={{ color: '#595959', fontSize: 13 }}>{s.dossier.address.region}</div>
                      <div style={{ color: '#8c8c8c', fontSize: 12 }}>{t('field.planned', { from: hhmm(s.startAt), to: hhmm(s.endAt) })} · {t('field.window', { from: hhmm(s.windowStartAt), to: hhmm(s.windowEndAt) })}</div>
                    </div>
                    <StatusTag v={withPending(s.visit, items, s.id)} testId="field-stop-status" />
                  </div>
                </Card>
              </Link>
            )}
          />
        </>
      )}
    </div>
  );
};

const StatusTag = ({ v, testId }: { v: FieldVisitOut & { pending: boolean }; testId: string }) => {
  const { t } = useTranslation();
  return (
    <Tag color={v.pending ? 'orange' : statusColor[v.status]} data-testid={testId}>
      {t(`field.status.${v.status}`)}{v.pending ? ` · ${t('field.sync.pending')}` : ''}
    </Tag>
  );
};

type OutcomeForm = { code: FieldOutcomeCode; notes?: string; amount?: number; dueDate?: dayjs.Dayjs };

/** One stop: the dossier, check-in, the outcome, asked to leave. */
export const FieldStopPage = () => {
  const { t } = useTranslation();
  const { id } = useParams();
  const qc = useQueryClient();
  const { message } = AntApp.useApp();
  const today = useToday();
  const { items } = useOutbox();
  const s = today.data?.stops.find((x) => x.id === id);
  const [partner, setPartner] = useState<string | undefined | null>(undefined);
  const [checkInNote, setCheckInNote] = useState<{ distanceM: number | null; accuracyM: number | null; warning: boolean } | null>(null);
  const [form] = Form.useForm<OutcomeForm>();
  const code = Form.useWatch('code', form);
  const refresh = () => qc.invalidateQueries({ queryKey: todayKey });

  const checkIn = useMutation({
    networkMode: 'always',
    mutationFn: async () => {
      const pos = await position().catch((e: Error) => {
        throw new Error(e.message === 'unsupported' ? t('field.geoUnsupported') : t('field.geoFailed', { reason: e.message }));
      });
      const chosen = partner === undefined ? s?.partners[0]?.id : partner ?? undefined;
      return submit<FieldVisitOut>({
        kind: 'check_in', stopId: id!, method: 'POST', path: `/api/field/stops/${id}/check-in`,
        json: { latitude: pos.coords.latitude, longitude: pos.coords.longitude, accuracy: Math.round(pos.coords.accuracy), ...(chosen ? { partnerUserId: chosen } : {}) },
      });
    },
    onSuccess: (v) => {
      if (v === QUEUED) return void message.warning(t('field.sync.queued'));
      setCheckInNote({ distanceM: v.distanceM, accuracyM: v.accuracyM, warning: v.distanceWarning });
      void refresh();
    },
  });
  const outcome = useMutation({
    networkMode: 'always',
    mutationFn: (v: OutcomeForm) =>
      submit<FieldVisitOut>({
        kind: 'outcome', stopId: id!, method: 'POST', path: `/api/field/stops/${id}/outcome`, preview: { outcomeCode: v.code },
        json: {
          code: v.code, ...(v.notes ? { notes: v.notes } : {}),
          ...(v.code === 'promise' && v.amount && v.dueDate ? { promise: { amountMinor: Math.round(v.amount * 100), dueDate: v.dueDate.format('YYYY-MM-DD') } } : {}),
        },
      }),
    onSuccess: (r) => {
      void (r === QUEUED ? message.warning(t('field.sync.queued')) : message.success(t('field.outcomeSaved')));
      void refresh();
    },
    onError: (e) => {
      if (isApiError(e)) form.setFields(e.issues.filter((x) => x.path === 'notes' || x.path.startsWith('promise')).map((x) => ({ name: x.path.startsWith('promise') ? 'amount' : 'notes', errors: [x.message] })));
    },
  });
  const leave = useMutation({
    networkMode: 'always',
    mutationFn: () => submit<FieldVisitOut>({ kind: 'leave', stopId: id!, method: 'POST', path: `/api/field/stops/${id}/leave`, json: {} }),
    onSuccess: () => {
      void message.warning(t('field.left'));
      void refresh();
    },
  });
  const checkOut = useMutation({
    networkMode: 'always',
    mutationFn: async () => {
      const pos = await position(5_000).catch(() => null);
      return submit<FieldVisitOut>({
        kind: 'check_out', stopId: id!, method: 'POST', path: `/api/field/stops/${id}/check-out`,
        json: pos ? { latitude: pos.coords.latitude, longitude: pos.coords.longitude, accuracy: Math.round(pos.coords.accuracy) } : {},
      });
    },
    onSuccess: (r) => {
      void (r === QUEUED ? message.warning(t('field.sync.queued')) : message.success(t('field.checkedOutMsg')));
      void refresh();
    },
  });

  if (today.isPending) return <FullPageSpin />;
  if (today.isError) return <Alert type="error" title={today.error.message} />;
  if (!s) return <Empty description={t('field.empty')}><Link to="/field">{t('field.back')}</Link></Empty>;
  const v = withPending(s.visit, items, s.id);
  const shown = checkInNote ?? (v.status !== 'planned' && !v.pending ? { distanceM: v.distanceM, accuracyM: v.accuracyM, warning: v.distanceWarning } : null);
  return (
    <div data-testid="field-stop">
      <Space style={{ marginBottom: 8 }}>
        <Link to="/field"><ArrowLeftOutlined /> {t('field.back')}</Link>
      </Space>
      <Card size="small" style={{ marginBottom: 12 }}>
        <div style={{ display: 'flex', alignItems: 'center', gap: 8 }}>
          <Typography.Title level={4} style={{ margin: 0, flex: 1 }}>{s.seq}. {s.dossier.debtorName}</Typography.Title>
          <StatusTag v={v} testId="field-visit-status" />
        </div>
        <div style={{ color: '#595959' }}>{s.dossier.address.region} {s.dossier.address.detailMasked}</div>
        <div style={{ color: '#8c8c8c', fontSize: 12 }}>{t('field.planned', { from: hhmm(s.startAt), to: hhmm(s.endAt) })} · {t('field.window', { from: hhmm(s.windowStartAt), to: hhmm(s.windowEndAt) })}</div>
      </Card>

      {v.status === 'planned' && (
        <Card size="small" style={{ marginBottom: 12 }}>
          <div style={{ marginBottom: 8 }}>
            <span style={{ marginInlineEnd: 8 }}>{t('field.partner')}</span>
            <Select style={{ minWidth: 160 }} data-testid="field-partner" value={partner === undefined ? (s.partners[0]?.id ?? null) : partner}
              onChange={(x: string | null) => setPartner(x)}
              options={[...s.partners.map((p) => ({ value: p.id, label: p.name })), { value: null as unknown as string, label: t('field.noPartner') }]} />
          </div>
          <Button type="primary" size="large" block style={{ height: 64, fontSize: 22 }} icon={<EnvironmentOutlined />} loading={checkIn.isPending} onClick={() => checkIn.mutate()} data-testid="field-checkin">
            {checkIn.isPending ? t('field.locating') : t('field.checkIn')}
          </Button>
          {checkIn.isError && (
            <Alert type="error" showIcon style={{ marginTop: 8 }} data-testid="field-checkin-error"
              title={isApiError(checkIn.error) && checkIn.error.status === 409 && checkIn.error.code === 'field.blocked' ? t('field.blocked') : checkIn.error.message}
              description={isApiError(checkIn.error) && checkIn.error.issues.length ? <ul style={{ margin: 0, paddingInlineStart: 18 }}>{checkIn.error.issues.map((x) => <li key={x.path + x.message}>{x.message}</li>)}</ul> : undefined} />
          )}
        </Card>
      )}
      {shown && (
        <Alert style={{ marginBottom: 12 }} type={shown.warning ? 'warning' : 'success'} showIcon data-testid="field-checkin-result"
          title={t('field.checkedIn', { distance: shown.distanceM ?? '—', accuracy: shown.accuracyM ?? '—' })}
          description={shown.warning && today.data ? t('field.distanceWarning', { limit: today.data.checkinWarnMeters }) : undefined} />
      )}

      {v.status === 'checked_in' && (
        <Card size="small" title={t('field.outcome')} style={{ marginBottom: 12 }}>
          <Form form={form} layout="vertical" onFinish={(x) => outcome.mutate(x)} requiredMark={false}>
            <Form.Item name="code" label={t('field.outcomeCode')} rules={[{ required: true, message: t('field.outcomeCode') }]}>
              <Select data-testid="field-outcome-code" size="large" options={fieldOutcomeCodes.map((c) => ({ value: c, label: t(`field.codes.${c}`) }))} />
            </Form.Item>
            {code === 'promise' && (
              <Space wrap>
                <Form.Item name="amount" label={t('field.promiseAmount')} rules={[{ required: true, message: t('field.promiseAmount') }]}><InputNumber min={0.01} precision={2} /></Form.Item>
                <Form.Item name="dueDate" label={t('field.promiseDate')} rules={[{ required: true, message: t('field.promiseDate') }]}><DatePicker /></Form.Item>
              </Space>
            )}
            <Form.Item name="notes" label={t('field.notes')} extra={t('field.notesHint')}>
              <Input.TextArea rows={3} maxLength={2000} data-testid="field-outcome-notes" />
            </Form.Item>
            {outcome.isError && !isApiError(outcome.error) && <Alert type="error" title={outcome.error.message} style={{ marginBottom: 8 }} />}
            {outcome.isError && isApiError(outcome.error) && outcome.error.issues.length === 0 && <Alert type="error" title={outcome.error.message} style={{ marginBottom: 8 }} />}
            <Button type="primary" htmlType="submit" size="large" block loading={outcome.isPending} data-testid="field-outcome-save">{t('field.saveOutcome')}</Button>
          </Form>
          <Popconfirm title={t('field.leaveConfirm')} okText={t('field.confirm')} cancelText={t('common.cancel')} okButtonProps={{ danger: true, 'data-testid': 'field-leave-confirm' } as ButtonProps} onConfirm={() => leave.mutate()}>
            <Button danger type="primary" size="large" block style={{ marginTop: 16, height: 56, fontSize: 18 }} loading={leave.isPending} data-testid="field-leave">
              {t('field.leave')}
            </Button>
          </Popconfirm>
        </Card>
      )}
      {(v.status === 'done' || v.status === 'left') && v.outcomeCode && (
        <Alert style={{ marginBottom: 12 }} type={v.status === 'left' ? 'warning' : 'info'} showIcon data-testid="field-outcome-done" title={t(`field.codes.${v.outcomeCode}`, { defaultValue: v.outcomeCode })}
          description={v.checkedOutAt ? <span data-testid="field-checked-out">{t('field.checkedOut', { at: hhmm(v.checkedOutAt) })}{v.durationS !== null ? ` · ${t('field.duration', { min: Math.round(v.durationS / 60) })}` : ''}</span> : undefined} />
      )}
      {v.status === 'done' && !v.checkedOutAt && (
        <Button type="primary" size="large" block style={{ height: 56, fontSize: 20, marginBottom: 12 }} icon={<LogoutOutlined />} loading={checkOut.isPending} onClick={() => checkOut.mutate()} data-testid="field-checkout">
          {t('field.checkOut')}
        </Button>
      )}
      {checkOut.isError && <Alert type="error" showIcon style={{ marginBottom: 12 }} title={checkOut.error.message} />}
      {v.status !== 'planned' && <FieldEvidence stopId={s.id} pending={items} onSaved={() => void refresh()} />}
      <Dossier s={s} />
    </div>
  );
};

/** Field collectors land on /field (their day is the route); everyone else sees the page given. */
export const HomeOrField = ({ children }: { children: ReactNode }) => {
  const me = useMe();
  return me.data?.role === 'field_collector' ? <Navigate to="/field" replace /> : children;
};
