import { CaretRightOutlined, DeleteOutlined, PlusOutlined, ReloadOutlined } from '@ant-design/icons';
import { Alert, Button, Card, Col, DatePicker, Empty, Form, Input, Radio, Row, Select, Space, Switch, Table, Tabs, Tag, TimePicker, Tooltip, Typography } from 'antd';
import type { TableProps } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useMemo, useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { isApiError, type Issue } from '../../api/client.js';
import {
  channels,
  contactResults,
  eventTypes,
  partyRoles,
  useCheckScenario,
  useRulePacks,
  type Channel,
  type ContactResult,
  type Decision,
  type EventType,
  type PartyRole,
  type Scenario,
} from './complianceApi.js';
import { formatInstant, nowInZone, OutcomeTag, ReasonList, useColon, useLocalized, zonedIso, zoneOptions } from './ComplianceParts.js';

const WALL = 'YYYY-MM-DD HH:mm';
const DAY = 'YYYY-MM-DD';
const HM = 'HH:mm';

type Direction = 'outbound' | 'inbound';
type HistoryRow = {
  key: string;
  at: string;
  channel: Channel;
  direction: Direction;
  party: 'debtor' | 'target';
  contactPoint: 'm1' | 'm2';
  result?: ContactResult | undefined;
  collector: 'agency-a' | 'agency-b';
};
/** from/until: wall-clock "YYYY-MM-DD HH:mm" in the scenario's zone, or "HH:mm" for inconvenient_time. */
type EventRow = { key: string; type: EventType; channel?: Channel | undefined; from?: string | undefined; until?: string | undefined; reviewOn?: string | undefined };
type AgentForm = { collectorUntil?: string | undefined; fieldUntil?: string | undefined; lastTrainingOn?: string | undefined };
type SimForm = {
  packs: string[];
  at: string;
  zone: string;
  channel: Channel;
  targetRole: PartyRole;
  partyZones: string[];
  vulnerable: boolean;
  contactPoint: 'm1' | 'm2';
  collector: 'agency-a' | 'agency-b';
  lender: 'licensed' | 'private';
  agentCount: 1 | 2;
  agents: [AgentForm, AgentForm];
  recording: boolean;
  content: string;
  history: HistoryRow[];
  events: EventRow[];
};

let seq = 0;
const newKey = () => `r${++seq}`;

const initialForm = (): SimForm => {
  const zone = 'Asia/Shanghai';
  const today = dayjs(nowInZone(zone), WALL);
  const agent: AgentForm = {
    collectorUntil: today.add(1, 'year').format(DAY),
    fieldUntil: today.add(1, 'year').format(DAY),
    lastTrainingOn: today.subtract(60, 'day').format(DAY),
  };
  return {
    packs: ['cn-default'],
    at: today.format(WALL),
    zone,
    channel: 'call',
    targetRole: 'debtor',
    partyZones: [zone],
    vulnerable: false,
    contactPoint: 'm1',
    collector: 'agency-a',
    lender: 'licensed',
    agentCount: 1,
    agents: [agent, { ...agent }],
    recording: true,
    content: '',
    history: [],
    events: [],
  };
};

/** The form as a scenario (docs/compliance/scenario.schema.json); wall-clock times are read in the chosen zone. */
const buildScenario = (f: SimForm): Scenario => {
  const iso = (wall: string) => zonedIso(wall, f.zone);
  const targetId = f.targetRole === 'debtor' ? 'p1' : 'p2';
  const zones = f.partyZones.length > 0 ? f.partyZones : undefined;
  const parties: Scenario['parties'] = [{ id: 'p1', role: 'debtor', timeZones: zones, vulnerable: f.targetRole === 'debtor' ? f.vulnerable : false }];
  if (targetId === 'p2') parties.push({ id: 'p2', role: f.targetRole, timeZones: zones, vulnerable: f.vulnerable });
  const agents = f.agents.slice(0, f.agentCount).map((a, i) => ({
    id: `u${i + 1}`,
    certificates: [
      ...(a.collectorUntil ? [{ kind: 'collector', validUntil: a.collectorUntil }] : []),
      ...(a.fieldUntil ? [{ kind: 'field_visit', validUntil: a.fieldUntil }] : []),
    ],
    lastTrainingOn: a.lastTrainingOn,
  }));
  const eventAt = iso(dayjs(f.at, WALL).subtract(1, 'day').format(WALL));
  return {
    packs: f.packs,
    at: iso(f.at),
    action: {
      channel: f.channel,
      partyId: targetId,
      contactPoint: f.contactPoint,
      debtIds: ['d1'],
      collectorId: f.collector,
      agentIds: agents.map((a) => a.id),
      content: f.content.trim() ? f.content : undefined,
      recording: f.recording,
    },
    parties,
    debts: [{ id: 'd1', accountNumber: 'A-1', lender: f.lender }],
    agents,
    history: [...f.history]
      .sort((a, b) => a.at.localeCompare(b.at))
      .map((h) => ({
        at: iso(h.at),
        channel: h.channel,
        direction: h.direction,
        partyId: h.party === 'debtor' ? 'p1' : targetId,
        contactPoint: h.contactPoint,
        debtIds: ['d1'],
        collectorId: h.collector,
        result: h.result,
      })),
    events: f.events.map((e) => {
      const span = e.type === 'inconvenient_time' ? (v?: string) => v : (v?: string) => (v ? iso(v) : undefined);
      return { at: eventAt, type: e.type, partyId: targetId, channel: e.channel, from: span(e.from), until: span(e.until), reviewOn: e.reviewOn };
    }),
  };
};

/** What the result panel needs of a submitted scenario: the content to mark and the zone to show times in. */
type Submitted = { decision: Decision; content?: string | undefined; zone?: string | undefined };

const scenarioContext = (s: unknown): { content?: string; zone?: string } => {
  if (!s || typeof s !== 'object') return {};
  const sc = s as Partial<Scenario>;
  const target = sc.parties?.find((p) => p.id === sc.action?.partyId);
  return { content: sc.action?.content, zone: target?.timeZones?.[0] };
};

const DecisionView = ({ decision, content, zone }: Submitted) => {
  const { t } = useTranslation();
  const colon = useColon();
  return (
    <Space orientation="vertical" size={12} style={{ width: '100%' }} data-testid="sim-decision">
      <Space size={16} align="center" wrap>
        <OutcomeTag outcome={decision.outcome} size="large" testId="sim-outcome" />
        {decision.outcome === 'block' ? (
          decision.nextAllowedAt ? (
            <span>
              <Typography.Text type="secondary">
                {t('compliance.sim.nextAllowed')}
                {colon}
              </Typography.Text>
              <Typography.Text strong style={{ fontSize: 16 }} data-testid="sim-next">
                {formatInstant(decision.nextAllowedAt, zone)}
              </Typography.Text>
            </span>
          ) : (
            <Tag color="red" style={{ fontSize: 14, lineHeight: '24px' }} data-testid="sim-next">
              {t('compliance.sim.manual')}
            </Tag>
          )
        ) : (
          <Typography.Text type="success" data-testid="sim-next">
            {t('compliance.sim.allowedNow')}
          </Typography.Text>
        )}
      </Space>
      {decision.reasons.length > 0 && (
        <Typography.Text strong>{t('compliance.sim.reasons', { count: decision.reasons.length })}</Typography.Text>
      )}
      <ReasonList
        reasons={decision.reasons}
        content={content}
        zone={zone}
        empty={<Alert type="success" showIcon title={t('compliance.sim.noReasons')} />}
      />
    </Space>
  );
};

const IssuesAlert = ({ issues, message }: { issues: Issue[]; message: string | null }) => {
  const { t } = useTranslation();
  if (issues.length === 0 && !message) return null;
  return (
    <Alert
      type="error"
      showIcon
      title={issues.length > 0 ? t('compliance.sim.issuesTitle') : message}
      data-testid="sim-issues"
      style={{ marginBottom: 8 }}
      description={
        issues.length > 0 ? (
          <ul style={{ margin: 0, paddingInlineStart: 18 }}>
            {issues.map((i, n) => (
              <li key={n}>
                <Typography.Text code>{i.path || '(body)'}</Typography.Text> {i.message}
              </li>
            ))}
          </ul>
        ) : undefined
      }
    />
  );
};

const Field = ({ label, children, span = 12, tip }: { label: ReactNode; children: ReactNode; span?: number; tip?: string }) => (
  <Col xs={24} md={span}>
    <Form.Item label={label} tooltip={tip} style={{ marginBottom: 12 }}>
      {children}
    </Form.Item>
  </Col>
);

export const SimulatorPage = () => {
  const { t } = useTranslation();
  const loc = useLocalized();
  const packs = useRulePacks();
  const check = useCheckScenario();
  const [form, setForm] = useState<SimForm>(initialForm);
  const [tab, setTab] = useState<'form' | 'json'>('form');
  const [jsonOverride, setJsonOverride] = useState<string | null>(null);
  const [issues, setIssues] = useState<Issue[]>([]);
  const [errorMessage, setErrorMessage] = useState<string | null>(null);
  const [results, setResults] = useState<Submitted[] | null>(null);
  const zones = useMemo(zoneOptions, []);

  const set = <K extends keyof SimForm>(k: K, v: SimForm[K]) => setForm((f) => ({ ...f, [k]: v }));
  const formJson = useMemo(() => JSON.stringify(buildScenario(form), null, 2), [form]);
  const jsonText = jsonOverride ?? formJson;

  const setHistory = (key: string, patch: Partial<HistoryRow>) => set('history', form.history.map((h) => (h.key === key ? { ...h, ...patch } : h)));
  const setEvent = (key: string, patch: Partial<EventRow>) => set('events', form.events.map((e) => (e.key === key ? { ...e, ...patch } : e)));
  const setAgent = (i: 0 | 1, patch: Partial<AgentForm>) => {
    const agents: [AgentForm, AgentForm] = [...form.agents];
    agents[i] = { ...agents[i], ...patch };
    set('agents', agents);
  };

  const addHistory = () =>
    set('history', [
      ...form.history,
      { key: newKey(), at: dayjs(form.at, WALL).subtract(1, 'hour').format(WALL), channel: 'call', direction: 'outbound', party: 'debtor', contactPoint: 'm1', result: 'conversation', collector: 'agency-a' },
    ]);
  // Three answered calls earlier the same local day (half an hour apart, ending before the planned time).
  const addThreeToday = () => {
    const planned = dayjs(form.at, WALL);
    const start = planned.startOf('day');
    const rows: HistoryRow[] = [3, 2, 1].map((k) => {
      const at = planned.subtract(k * 30, 'minute');
      return {
        key: newKey(),
        at: (at.isBefore(start) ? start.add(3 - k, 'minute') : at).format(WALL),
        channel: 'call',
        direction: 'outbound',
        party: 'debtor',
        contactPoint: 'm1',
        result: 'conversation',
        collector: 'agency-a',
      };
    });
    set('history', [...form.history, ...rows]);
  };
  const addEvent = () => {
    const planned = dayjs(form.at, WALL);
    set('events', [...form.events, { key: newKey(), type: 'consent', from: planned.subtract(30, 'minute').format(WALL), until: planned.add(1, 'hour').format(WALL) }]);
  };

  const run = () => {
    setIssues([]);
    setErrorMessage(null);
    let body: unknown;
    if (tab === 'json') {
      try {
        body = JSON.parse(jsonText);
      } catch (e) {
        setErrorMessage(t('compliance.sim.jsonInvalid', { message: e instanceof Error ? e.message : String(e) }));
        return;
      }
    } else {
      if (!form.at) {
        setErrorMessage(t('compliance.sim.timeRequired'));
        return;
      }
      if (form.packs.length === 0) {
        setErrorMessage(t('compliance.sim.packsRequired'));
        return;
      }
      body = buildScenario(form);
    }
    const list = Array.isArray(body) ? (body as unknown[]) : [body];
    check.mutate(body, {
      onSuccess: (res) => {
        const decisions = Array.isArray(res) ? res : [res];
        setResults(
          decisions.map((decision, i) => {
            const ctx = scenarioContext(list[i]);
            // The form's zone is the scenario's zone; for pasted JSON, the contacted party's first zone.
            return { decision, content: ctx.content, zone: tab === 'form' ? form.zone : ctx.zone };
          }),
        );
      },
      onError: (err) => {
        setResults(null);
        if (isApiError(err) && err.issues.length > 0) setIssues(err.issues);
        else setErrorMessage(err.message || t('common.requestFailed'));
      },
    });
  };

  const packOptions = [
    { label: t('compliance.sim.setsGroup'), options: (packs.data?.sets ?? []).map((s) => ({ value: s.id, label: `${s.id} · ${loc(s.title)}` })) },
    { label: t('compliance.sim.packsGroup'), options: (packs.data?.packs ?? []).map((p) => ({ value: p.id, label: `${p.id}@${p.version} · ${loc(p.title)}` })) },
  ];
  const channelOptions = channels.map((c) => ({ value: c, label: t(`compliance.channels.${c}`) }));
  const resultOptions = contactResults.map((r) => ({ value: r, label: t(`compliance.results.${r}`) }));
  const atValue = (wall?: string): Dayjs | null => (wall ? dayjs(wall, WALL) : null);
  const dayValue = (d?: string): Dayjs | null => (d ? dayjs(d, DAY) : null);
  const hmValue = (hm?: string): Dayjs | null => (hm && /^\d{2}:\d{2}$/.test(hm) ? dayjs(`2000-01-01 ${hm}`, WALL) : null);

  const historyColumns: TableProps<HistoryRow>['columns'] = [
    {
      title: t('compliance.sim.time'),
      dataIndex: 'at',
      width: 144,
      render: (v: string, r) => (
        <DatePicker size="small" suffixIcon={null} showTime={{ format: HM }} format={WALL} allowClear={false} value={atValue(v)} onChange={(d) => d && setHistory(r.key, { at: d.format(WALL) })} style={{ width: '100%' }} />
      ),
    },
    {
      title: t('compliance.sim.channel'),
      dataIndex: 'channel',
      width: 84,
      render: (v: Channel, r) => <Select size="small" suffixIcon={null} value={v} options={channelOptions} onChange={(c) => setHistory(r.key, { channel: c })} style={{ width: '100%' }} popupMatchSelectWidth={false} />,
    },
    {
      title: t('compliance.sim.direction'),
      dataIndex: 'direction',
      width: 100,
      render: (v: Direction, r) => (
        <Select
          size="small"
          suffixIcon={null}
          value={v}
          options={(['outbound', 'inbound'] as const).map((d) => ({ value: d, label: t(`compliance.directions.${d}`) }))}
          onChange={(d) => setHistory(r.key, { direction: d })}
          style={{ width: '100%' }}
          popupMatchSelectWidth={false}
        />
      ),
    },
    {
      title: t('compliance.sim.party'),
      dataIndex: 'party',
      width: 88,
      render: (v: HistoryRow['party'], r) => (
        <Select
          size="small"
          suffixIcon={null}
          value={v}
          options={[
            { value: 'debtor', label: t('compliance.sim.partyDebtor') },
            { value: 'target', label: t('compliance.sim.partyTarget') },
          ]}
          onChange={(p) => setHistory(r.key, { party: p })}
          style={{ width: '100%' }}
          popupMatchSelectWidth={false}
        />
      ),
    },
    {
      title: t('compliance.sim.point'),
      dataIndex: 'contactPoint',
      width: 62,
      render: (v: HistoryRow['contactPoint'], r) => (
        <Select size="small" suffixIcon={null} value={v} options={['m1', 'm2'].map((m) => ({ value: m, label: m }))} onChange={(m) => setHistory(r.key, { contactPoint: m })} style={{ width: '100%' }} />
      ),
    },
    {
      title: t('compliance.sim.result'),
      dataIndex: 'result',
      width: 112,
      render: (v: ContactResult | undefined, r) => (
        <Select size="small" suffixIcon={null} allowClear value={v} options={resultOptions} onChange={(x) => setHistory(r.key, { result: x })} style={{ width: '100%' }} popupMatchSelectWidth={false} />
      ),
    },
    {
      title: t('compliance.sim.collector'),
      dataIndex: 'collector',
      width: 98,
      render: (v: HistoryRow['collector'], r) => (
        <Select size="small" suffixIcon={null} value={v} options={['agency-a', 'agency-b'].map((m) => ({ value: m, label: m }))} onChange={(c) => setHistory(r.key, { collector: c })} style={{ width: '100%' }} />
      ),
    },
    {
      key: 'remove',
      width: 32,
      fixed: 'end',
      render: (_: unknown, r) => (
        <Tooltip title={t('compliance.sim.remove')}>
          <Button size="small" type="text" danger icon={<DeleteOutlined />} onClick={() => set('history', form.history.filter((h) => h.key !== r.key))} />
        </Tooltip>
      ),
    },
  ];

  const eventColumns: TableProps<EventRow>['columns'] = [
    {
      title: t('compliance.sim.type'),
      dataIndex: 'type',
      width: 150,
      render: (v: EventType, r) => (
        <Select
          size="small"
          suffixIcon={null}
          value={v}
          options={eventTypes.map((e) => ({ value: e, label: t(`compliance.events.${e}`) }))}
          onChange={(type) => {
            // inconvenient_time spans are wall-clock HH:MM; every other span is an instant.
            const wasHm = r.type === 'inconvenient_time';
            const isHm = type === 'inconvenient_time';
            setEvent(r.key, wasHm === isHm ? { type } : { type, from: isHm ? '12:00' : undefined, until: isHm ? '14:00' : undefined });
          }}
          style={{ width: '100%' }}
          popupMatchSelectWidth={false}
        />
      ),
    },
    {
      title: t('compliance.sim.channel'),
      dataIndex: 'channel',
      width: 100,
      render: (v: Channel | undefined, r) => (
        <Select size="small" suffixIcon={null} allowClear value={v} options={channelOptions} onChange={(c) => setEvent(r.key, { channel: c })} style={{ width: '100%' }} popupMatchSelectWidth={false} />
      ),
    },
    ...(['from', 'until'] as const).map((k) => ({
      title: t(`compliance.sim.${k}`),
      dataIndex: k,
      width: 144,
      render: (v: string | undefined, r: EventRow) =>
        r.type === 'inconvenient_time' ? (
          <TimePicker size="small" suffixIcon={null} format={HM} value={hmValue(v)} onChange={(d) => setEvent(r.key, { [k]: d ? d.format(HM) : undefined })} style={{ width: '100%' }} />
        ) : (
          <DatePicker size="small" suffixIcon={null} showTime={{ format: HM }} format={WALL} value={atValue(v)} onChange={(d) => setEvent(r.key, { [k]: d ? d.format(WALL) : undefined })} style={{ width: '100%' }} />
        ),
    })),
    {
      title: t('compliance.sim.reviewOn'),
      dataIndex: 'reviewOn',
      width: 116,
      render: (v: string | undefined, r) => (
        <DatePicker size="small" suffixIcon={null} format={DAY} value={dayValue(v)} onChange={(d) => setEvent(r.key, { reviewOn: d ? d.format(DAY) : undefined })} style={{ width: '100%' }} />
      ),
    },
    {
      key: 'remove',
      width: 32,
      fixed: 'end',
      render: (_: unknown, r) => (
        <Tooltip title={t('compliance.sim.remove')}>
          <Button size="small" type="text" danger icon={<DeleteOutlined />} onClick={() => set('events', form.events.filter((e) => e.key !== r.key))} />
        </Tooltip>
      ),
    },
  ];

  const sectionTitle = (text: string, extra?: ReactNode) => (
    <div style={{ display: 'flex', alignItems: 'center', justifyContent: 'space-between', margin: '4px 0 8px' }}>
      <Typography.Text strong>{text}</Typography.Text>
      {extra}
    </div>
  );

  const formTab = (
    <Form layout="vertical" data-testid="sim-form">
      <Row gutter={12}>
        <Field label={t('compliance.sim.packs')} span={24}>
          <Select
            mode="multiple"
            value={form.packs}
            options={packOptions}
            loading={packs.isPending}
            onChange={(v: string[]) => set('packs', v)}
            placeholder={t('compliance.sim.packsRequired')}
            data-testid="sim-packs"
          />
        </Field>
        <Field label={t('compliance.sim.plannedAt')}>
          <DatePicker
            showTime={{ format: HM }}
            format={WALL}
            value={atValue(form.at)}
            onChange={(d) => set('at', d ? d.format(WALL) : '')}
            style={{ width: '100%' }}
            data-testid="sim-at"
          />
        </Field>
        <Field label={t('compliance.sim.zone')}>
          <Select showSearch value={form.zone} options={zones} onChange={(z: string) => set('zone', z)} data-testid="sim-zone" />
        </Field>
        <Field label={t('compliance.sim.channel')} span={8}>
          <Select value={form.channel} options={channelOptions} onChange={(c: Channel) => set('channel', c)} data-testid="sim-channel" />
        </Field>
        <Field label={t('compliance.sim.targetRole')} span={8}>
          <Select
            value={form.targetRole}
            options={partyRoles.map((r) => ({ value: r, label: t(`compliance.partyRoles.${r}`) }))}
            onChange={(r: PartyRole) => set('targetRole', r)}
            data-testid="sim-role"
          />
        </Field>
        <Field label={t('compliance.sim.contactPoint')} span={8}>
          <Select value={form.contactPoint} options={['m1', 'm2'].map((m) => ({ value: m, label: m }))} onChange={(m: SimForm['contactPoint']) => set('contactPoint', m)} />
        </Field>
        <Field label={t('compliance.sim.partyZones')}>
          <Select mode="multiple" showSearch value={form.partyZones} options={zones} onChange={(z: string[]) => set('partyZones', z)} data-testid="sim-party-zones" />
        </Field>
        <Field label={t('compliance.sim.collector')} span={6}>
          <Select value={form.collector} options={['agency-a', 'agency-b'].map((m) => ({ value: m, label: m }))} onChange={(c: SimForm['collector']) => set('collector', c)} />
        </Field>
        <Field label={t('compliance.sim.lender')} span={6}>
          <Select
            value={form.lender}
            options={(['licensed', 'private'] as const).map((l) => ({ value: l, label: t(`compliance.lenders.${l}`) }))}
            onChange={(l: SimForm['lender']) => set('lender', l)}
          />
        </Field>
        <Field label={t('compliance.sim.vulnerable')} span={6} tip={t('compliance.sim.vulnerableHint')}>
          <Switch checked={form.vulnerable} onChange={(v) => set('vulnerable', v)} data-testid="sim-vulnerable" />
        </Field>
        <Field label={t('compliance.sim.recording')} span={6}>
          <Switch checked={form.recording} onChange={(v) => set('recording', v)} data-testid="sim-recording" />
        </Field>
        <Field label={t('compliance.sim.agentCount')} span={12}>
          <Radio.Group
            optionType="button"
            size="small"
            value={form.agentCount}
            onChange={(e) => set('agentCount', e.target.value as 1 | 2)}
            options={[
              { value: 1, label: '1' },
              { value: 2, label: '2' },
            ]}
            data-testid="sim-agent-count"
          />
        </Field>
      </Row>
      {sectionTitle(t('compliance.sim.agents'))}
      <Table<{ i: 0 | 1 }>
        size="small"
        pagination={false}
        rowKey="i"
        style={{ marginBottom: 12 }}
        dataSource={([0, 1] as const).slice(0, form.agentCount).map((i) => ({ i }))}
        columns={[
          { key: 'n', width: 80, render: (_: unknown, { i }) => t('compliance.sim.agent', { n: i + 1 }) },
          ...(
            [
              ['collectorUntil', 'compliance.sim.collectorCert'],
              ['fieldUntil', 'compliance.sim.fieldCert'],
              ['lastTrainingOn', 'compliance.sim.lastTraining'],
            ] as const
          ).map(([k, title]) => ({
            key: k,
            title: t(title),
            render: (_: unknown, { i }: { i: 0 | 1 }) => (
              <DatePicker
                size="small"
                format={DAY}
                value={dayValue(form.agents[i][k])}
                placeholder={k === 'lastTrainingOn' ? undefined : t('compliance.sim.noCertificate')}
                onChange={(d) => setAgent(i, { [k]: d ? d.format(DAY) : undefined })}
                style={{ width: '100%' }}
              />
            ),
          })),
        ]}
      />
      <Form.Item label={t('compliance.sim.content')} style={{ marginBottom: 12 }}>
        <Input.TextArea
          value={form.content}
          onChange={(e) => set('content', e.target.value)}
          autoSize={{ minRows: 2, maxRows: 8 }}
          placeholder={t('compliance.sim.contentPlaceholder')}
          data-testid="sim-content"
        />
      </Form.Item>
      {sectionTitle(
        t('compliance.sim.history'),
        <Space size={4}>
          <Button size="small" icon={<PlusOutlined />} onClick={addHistory} data-testid="sim-history-add">
            {t('compliance.sim.addRow')}
          </Button>
          <Button size="small" onClick={addThreeToday} data-testid="sim-history-three">
            {t('compliance.sim.addThreeToday')}
          </Button>
        </Space>,
      )}
      <Table<HistoryRow>
        size="small"
        rowKey="key"
        pagination={false}
        columns={historyColumns}
        dataSource={form.history}
        scroll={{ x: 720 }}
        style={{ marginBottom: 12 }}
        locale={{ emptyText: <Typography.Text type="secondary">{t('compliance.sim.emptyHistory')}</Typography.Text> }}
        data-testid="sim-history"
      />
      {sectionTitle(
        t('compliance.sim.events'),
        <Button size="small" icon={<PlusOutlined />} onClick={addEvent} data-testid="sim-event-add">
          {t('compliance.sim.addRow')}
        </Button>,
      )}
      <Table<EventRow>
        size="small"
        rowKey="key"
        pagination={false}
        columns={eventColumns}
        dataSource={form.events}
        scroll={{ x: 670 }}
        locale={{ emptyText: <Typography.Text type="secondary">{t('compliance.sim.emptyEvents')}</Typography.Text> }}
        data-testid="sim-events"
      />
    </Form>
  );

  const jsonTab = (
    <Space orientation="vertical" size={8} style={{ width: '100%' }}>
      <div style={{ display: 'flex', justifyContent: 'space-between', alignItems: 'center', gap: 8 }}>
        <Typography.Text type="secondary" style={{ fontSize: 12 }}>
          {jsonOverride !== null ? t('compliance.sim.jsonEdited') : t('compliance.sim.jsonHint')}
        </Typography.Text>
        <Button size="small" icon={<ReloadOutlined />} disabled={jsonOverride === null} onClick={() => setJsonOverride(null)} data-testid="sim-json-reset">
          {t('compliance.sim.regenerate')}
        </Button>
      </div>
      <Input.TextArea
        value={jsonText}
        onChange={(e) => setJsonOverride(e.target.value)}
        autoSize={{ minRows: 18, maxRows: 40 }}
        spellCheck={false}
        style={{ fontFamily: 'ui-monospace, SFMono-Regular, Menlo, Consolas, monospace', fontSize: 12 }}
        data-testid="sim-json"
      />
    </Space>
  );

  const runButton = (testId: string) => (
    <Button type="primary" icon={<CaretRightOutlined />} loading={check.isPending} onClick={run} data-testid={testId}>
      {t('compliance.sim.run')}
    </Button>
  );

  return (
    <Row gutter={[12, 12]} data-testid="simulator-page">
      <Col xs={24} xl={16} xxl={15}>
        <Card size="small" title={t('compliance.sim.title')} extra={runButton('sim-run')}>
          <IssuesAlert issues={issues} message={errorMessage} />
          <Tabs
            size="small"
            activeKey={tab}
            onChange={(k) => setTab(k as 'form' | 'json')}
            items={[
              {
                key: 'form',
                label: <span data-testid="sim-tab-form">{t('compliance.sim.formTab')}</span>,
                children: formTab,
              },
              { key: 'json', label: <span data-testid="sim-tab-json">{t('compliance.sim.jsonTab')}</span>, children: jsonTab },
            ]}
          />
          <div style={{ textAlign: 'right', marginTop: 12 }}>{runButton('sim-run-bottom')}</div>
        </Card>
      </Col>
      <Col xs={24} xl={8} xxl={9}>
        <Card size="small" title={t('compliance.sim.resultTitle')} style={{ position: 'sticky', top: 16 }} data-testid="sim-result">
          {results === null ? (
            <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('compliance.sim.resultEmpty')} />
          ) : results.length === 1 && results[0] ? (
            <DecisionView {...results[0]} />
          ) : (
            <Space orientation="vertical" size={12} style={{ width: '100%' }}>
              {results.map((r, i) => (
                <Card key={i} size="small" type="inner" title={t('compliance.sim.scenarioN', { n: i + 1 })}>
                  <DecisionView {...r} />
                </Card>
              ))}
            </Space>
          )}
        </Card>
      </Col>
    </Row>
  );
};
