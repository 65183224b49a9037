// 外访看板 (issue 8, item 6): the day's routes of the supervisor's teams, per collector pair, refreshed every 15 s —
// each stop's planned time and window, its state (planned, late, overdue, checked in, overrun, done, asked to leave),
// the visit report (check-in time, minutes on site, distance at check-in, evidence, outcome) and incidents (SOS,
// asked to leave, overrun); the notice of visit for a stop. Incidents of the team on top.
import { useQuery } from '@tanstack/react-query';
import { Alert, Card, DatePicker, Empty, Space, Statistic, Table, Tag, Typography } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import type { FieldBoardOut, FieldBoardStop, StopStateOut } from '../../../contracts/field-board.js';
import { api } from '../../api/client.js';
import { ErrorResult } from '../../app/Results.js';
import { FieldIncidentsCard } from '../field/FieldIncidentsCard.js';
import { NoticeLetterButton } from './NoticeLetterButton.js';
import { timeIn } from './visitsApi.js';

export const stateColor: Record<StopStateOut, string> = {
  planned: 'default', late: 'gold', overdue: 'red', checked_in: 'processing', overrun: 'volcano', done: 'green', left: 'orange',
};
const incidentColor: Record<string, string> = { sos: 'red', asked_to_leave: 'orange', overrun: 'gold' };

export const FieldBoardPage = () => {
  const { t, i18n } = useTranslation();
  const [date, setDate] = useState<Dayjs>(dayjs());
  const day = date.format('YYYY-MM-DD');
  const q = useQuery({
    queryKey: ['field', 'board', day],
    queryFn: ({ signal }) => api<FieldBoardOut>('/api/field/board', { query: { date: day }, signal }),
    refetchInterval: 15_000,
  });
  if (q.isError) return <ErrorResult error={q.error} onRetry={() => void q.refetch()} />;
  const b = q.data;
  const outcomeLabel = (c: string | null) => (c === null ? '—' : i18n.exists(`field.codes.${c}`) ? String(t(`field.codes.${c}` as never)) : c);

  return (
    <Space orientation="vertical" size={12} style={{ width: '100%' }} data-testid="field-board-page">
      <FieldIncidentsCard />
      <Card size="small">
        <Space wrap size={24} align="center">
          <DatePicker value={date} onChange={(d) => d && setDate(d)} allowClear={false} data-testid="field-board-date" />
          {b && (['planned', 'late', 'overdue', 'checked_in', 'overrun', 'done', 'left'] as const).map((s) => (
            <Statistic key={s} title={<Tag color={stateColor[s]}>{t(`fieldBoard.states.${s}`)}</Tag>} value={b.totals[s]} styles={{ content: { fontSize: 20 } }} data-testid={`field-board-total-${s}`} />
          ))}
          {b && <Typography.Text type="secondary">{t('fieldBoard.refreshed', { time: dayjs(b.now).format('HH:mm:ss'), grace: b.graceMinutes })}</Typography.Text>}
        </Space>
      </Card>
      {b && b.routes.length === 0 && <Card size="small"><Empty description={t('fieldBoard.empty')} /></Card>}
      {b?.routes.map((r) => {
        const alert = r.stops.some((s) => s.state === 'overrun' || s.state === 'overdue' || s.incidents.some((i) => i.kind === 'sos'));
        return (
          <Card
            key={`${r.planId}-${r.routeNo}`}
            size="small"
            data-testid={`field-board-route-${r.routeNo}`}
            title={<Space>{t('visits.route', { no: r.routeNo })}<span>{r.collectors.map((c) => c.name).join('、')}</span>{alert && <Tag color="red">{t('fieldBoard.attention')}</Tag>}</Space>}
            extra={<Typography.Text type="secondary">{t('visits.distance', { km: r.distanceKm.toFixed(1) })}{r.startAt ? ` · ${timeIn(r.startAt, r.timeZone)}–${timeIn(r.endAt, r.timeZone)}` : ''}</Typography.Text>}
          >
            <Table<FieldBoardStop>
              size="small" rowKey="stopId" dataSource={r.stops} pagination={false} scroll={{ x: true }} locale={{ emptyText: t('visits.noStops') }}
              columns={[
                { title: t('visits.seq'), dataIndex: 'seq', width: 48 },
                { title: t('fieldBoard.planned'), key: 'planned', width: 100, render: (_: unknown, s) => `${timeIn(s.startAt, r.timeZone)}–${timeIn(s.endAt, r.timeZone)}` },
                { title: t('visits.timeWindow'), key: 'window', width: 100, render: (_: unknown, s) => `${timeIn(s.windowStartAt, r.timeZone)}–${timeIn(s.windowEndAt, r.timeZone)}` },
                {
                  title: t('visits.address'), key: 'address',
                  render: (_: unknown, s) => (
                    <Space size={4} wrap>
                      <span>{t(`addressKinds.${s.addressKind}`)}</span><span>{s.region} {s.detailMasked}</span>
                      {s.thirdParty && <Tag color="purple">{t('visits.thirdParty')}</Tag>}
                    </Space>
                  ),
                },
                {
                  title: t('fieldBoard.state'), key: 'state', width: 140,
                  render: (_: unknown, s) => (
                    <Space size={2} wrap>
                      <Tag color={stateColor[s.state]} data-testid={`field-board-state-${s.stopId}`}>{t(`fieldBoard.states.${s.state}`)}</Tag>
                      {s.incidents.map((i) => <Tag key={i.id} color={incidentColor[i.kind] ?? 'default'}>{t(`field.incidents.kinds.${i.kind}` as 'field.incidents.kinds.sos')}</Tag>)}
                    </Space>
                  ),
                },
                { title: t('fieldBoard.checkIn'), key: 'in', width: 70, render: (_: unknown, s) => (s.visit ? timeIn(s.visit.checkedInAt, r.timeZone) : '—') },
                { title: t('fieldBoard.minutes'), key: 'min', width: 70, render: (_: unknown, s) => (s.visit?.durationMin ?? '—') },
                {
                  title: t('fieldBoard.distance'), key: 'dist', width: 90,
                  render: (_: unknown, s) => (s.visit?.distanceM == null ? '—' : <Typography.Text type={s.visit.distanceWarning ? 'danger' : undefined}>{s.visit.distanceM} m</Typography.Text>),
                },
                { title: t('fieldBoard.evidence'), key: 'ev', width: 60, render: (_: unknown, s) => (s.visit ? s.visit.evidenceCount : '—') },
                { title: t('fieldBoard.outcome'), key: 'outcome', width: 110, render: (_: unknown, s) => outcomeLabel(s.visit?.outcomeCode ?? null) },
                {
                  title: t('common.actions'), key: 'actions', width: 150,
                  render: (_: unknown, s) => (
                    <Space size={4}>
                      <NoticeLetterButton caseId={s.caseId} addressId={s.addressId} requestId={s.requestId} thirdParty={s.thirdParty} />
                      <Link to={`/cases/${s.caseId}`}>{t('visits.openCase')}</Link>
                    </Space>
                  ),
                },
              ]}
            />
          </Card>
        );
      })}
      {b && <Alert type="info" showIcon title={t('fieldBoard.legend')} />}
    </Space>
  );
};
