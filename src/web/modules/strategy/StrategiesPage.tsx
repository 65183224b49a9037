// 策略 (supervisor, cases.assign): strategies and their versions; a draft's segments (conditions form), treatments
// (steps table), champion/challenger share; 校验 and 模拟 (today's open book, nothing written) before 启用.
// An active version is read-only: a change is a new draft version.
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Alert, App, Button, Card, Col, Collapse, Empty, Input, InputNumber, List, Popconfirm, Progress, Row, Select, Space, Table, Tag, Typography } from 'antd';
import type { TableProps } from 'antd';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import {
  ACTION_KINDS, BANDS, PROMISE_STATES, TEMPLATE_ACTIONS, type ActionKind, type Conditions, type Segment, type Step, type StrategyDefinition, type Treatment,
} from '../../../core/strategy/types.js';
import { buckets } from '../../../contracts/constants.js';
import { api, isApiError } from '../../api/client.js';
import { formatDateTime } from '../../app/format.js';
import { ErrorResult } from '../../app/Results.js';
import { useTemplates, type MessageTemplate } from '../messaging/messagingApi.js';

type VersionSummary = { id: string; version: number; status: 'draft' | 'active' | 'retired'; role: 'champion' | 'challenger' | null; challengerVersionId: string | null; challengerShare: number; updatedAt: string; updatedByName: string | null; activatedAt: string | null; activatedByName: string | null };
type StrategyItem = { id: string; name: string; description: string | null; versions: VersionSummary[] };
type Version = VersionSummary & { strategyId: string; definition: StrategyDefinition; note: string | null };
type Issue = { path: string; zh: string; en: string };
type SimSegment = { arm: 'champion' | 'challenger'; id: string; name: { zh: string; en: string }; count: number; byAction: Partial<Record<ActionKind, number>>; samples: Array<{ caseId: string; kind: ActionKind; template: string | null; reason: { zh: string; en: string } }> };
type Simulation = { asOf: string; total: number; unscored: number; byArm: Record<string, number>; byAction: Partial<Record<ActionKind, number>>; segments: SimSegment[]; nextCursor: string | null };

const listKey = ['strategies'];
const statusColor = { draft: 'default', active: 'green', retired: 'red' } as const;

/** Tri-state flag select: 不限 / 是 / 否. */
function FlagSelect({ value, onChange, testId }: { value: boolean | undefined; onChange: (v: boolean | undefined) => void; testId?: string }) {
  const { t } = useTranslation();
  return (
    <Select size="small" style={{ width: 80 }} data-testid={testId} value={value === undefined ? 'any' : value ? 'yes' : 'no'}
      onChange={(v) => onChange(v === 'any' ? undefined : v === 'yes')}
      options={[{ value: 'any', label: t('strategies.any') }, { value: 'yes', label: t('strategies.yes') }, { value: 'no', label: t('strategies.no') }]} />
  );
}

/** The conditions form: DPD and score ranges, buckets, bands, promise state, contact points. */
function ConditionsEditor({ value, onChange, disabled, testId }: { value: Conditions; onChange: (c: Conditions) => void; disabled: boolean; testId: string }) {
  const { t } = useTranslation();
  const set = <K extends keyof Conditions>(k: K, v: Conditions[K] | undefined) => {
    const next = { ...value };
    if (v === undefined || (Array.isArray(v) && v.length === 0)) delete next[k];
    else next[k] = v;
    onChange(next);
  };
  const range = (k: 'dpd' | 'score', label: string) => (
    <Space size={2}>
      <span>{label}</span>
      <InputNumber size="small" min={0} style={{ width: 70 }} disabled={disabled} value={value[k]?.min} data-testid={`${testId}-${k}-min`}
        onChange={(n) => set(k, n === null && value[k]?.max === undefined ? undefined : { ...value[k], min: n ?? undefined })} />
      <span>–</span>
      <InputNumber size="small" min={0} style={{ width: 70 }} disabled={disabled} value={value[k]?.max} data-testid={`${testId}-${k}-max`}
        onChange={(n) => set(k, n === null && value[k]?.min === undefined ? undefined : { ...value[k], max: n ?? undefined })} />
    </Space>
  );
  return (
    <Space wrap size={[12, 4]} data-testid={testId}>
      {range('dpd', t('strategies.cond.dpd'))}
      {range('score', t('strategies.cond.score'))}
      <Select size="small" mode="multiple" allowClear style={{ minWidth: 120 }} disabled={disabled} placeholder={t('strategies.cond.buckets')} value={value.buckets ?? []}
        onChange={(v: string[]) => set('buckets', v)} options={buckets.map((b) => ({ value: b, label: b }))} />
      <Select size="small" mode="multiple" allowClear style={{ minWidth: 100 }} disabled={disabled} placeholder={t('strategies.cond.bands')} value={value.bands ?? []}
        onChange={(v: Array<'A' | 'B' | 'C'>) => set('bands', v)} options={BANDS.map((b) => ({ value: b, label: t('nightly.band', { band: b }) }))} />
      <Select size="small" mode="multiple" allowClear style={{ minWidth: 120 }} disabled={disabled} placeholder={t('strategies.cond.promise')} value={value.promise ?? []}
        onChange={(v: Conditions['promise']) => set('promise', v)} options={PROMISE_STATES.map((p) => ({ value: p, label: t(`strategies.promise.${p}`) }))} />
      {(['hasMobile', 'hasPhone', 'hasEmail', 'hasVerifiedAddress'] as const).map((k) => (
        <Space key={k} size={2}><span>{t(`strategies.cond.${k}`)}</span>{disabled ? <Tag>{value[k] === undefined ? t('strategies.any') : value[k] ? t('strategies.yes') : t('strategies.no')}</Tag> : <FlagSelect value={value[k]} onChange={(v) => set(k, v)} testId={`${testId}-${k}`} />}</Space>
      ))}
    </Space>
  );
}

/**
 * A step's message template: the approved templates of the step's channel (an SMS step, SMS templates), by name.
 * A template the list does not hold (deleted, not approved, another channel) still shows, marked, so 校验 and 启用
 * can name it; activation refuses it.
 */
function TemplatePicker({ step, disabled, testId, onChange }: { step: Step; disabled: boolean; testId: string; onChange: (template: string | undefined) => void }) {
  const { t } = useTranslation();
  const templates = useTemplates(true);
  const sends = TEMPLATE_ACTIONS.has(step.action);
  const fits = (templates.data?.items ?? []).filter((x: MessageTemplate) => x.channel === step.action);
  const options = fits.map((x) => ({ value: x.id, label: `${x.name}（${x.locale}）` }));
  if (step.template && !fits.some((x) => x.id === step.template)) options.unshift({ value: step.template, label: t('strategies.step.templateUnknown', { id: step.template }) });
  return (
    <Select size="small" style={{ width: 260 }} allowClear showSearch={{ optionFilterProp: 'label' }} disabled={disabled || !sends} loading={templates.isPending}
      placeholder={sends ? t('strategies.step.templateDefault') : undefined} value={step.template} data-testid={testId}
      onChange={(v: string | undefined) => onChange(v || undefined)} options={options}
      notFoundContent={t('strategies.step.templateNone')} />
  );
}

function TreatmentEditor({ tr, onChange, onRemove, disabled, index }: { tr: Treatment; onChange: (t: Treatment) => void; onRemove: () => void; disabled: boolean; index: number }) {
  const { t } = useTranslation();
  const setStep = (i: number, s: Partial<Step>) => onChange({ ...tr, steps: tr.steps.map((x, j) => (j === i ? { ...x, ...s } : x)) });
  const columns: TableProps<Step & { i: number }>['columns'] = [
    { title: t('strategies.step.from'), width: 120, render: (_, s) => <Select size="small" disabled={disabled} value={s.from} onChange={(v) => setStep(s.i, { from: v })} options={[{ value: 'dpd', label: t('strategies.step.fromDpd') }, { value: 'entry', label: t('strategies.step.fromEntry') }]} /> },
    { title: t('strategies.step.day'), width: 90, render: (_, s) => <InputNumber size="small" min={0} disabled={disabled} value={s.day} data-testid={`t${index}-step${s.i}-day`} onChange={(v) => setStep(s.i, { day: v ?? 0 })} /> },
    { title: t('strategies.step.action'), width: 140, render: (_, s) => <Select size="small" style={{ width: 120 }} disabled={disabled} value={s.action} data-testid={`t${index}-step${s.i}-action`} onChange={(v) => setStep(s.i, { action: v, template: TEMPLATE_ACTIONS.has(v) ? s.template : undefined })} options={ACTION_KINDS.map((a) => ({ value: a, label: t(`strategies.actions.${a}`) }))} /> },
    { title: t('strategies.step.template'), render: (_, s) => <TemplatePicker step={s} disabled={disabled} testId={`t${index}-step${s.i}-template`} onChange={(template) => setStep(s.i, { template })} /> },
    { title: '', width: 60, render: (_, s) => !disabled && <Button size="small" type="link" danger onClick={() => onChange({ ...tr, steps: tr.steps.filter((_x, j) => j !== s.i) })}>{t('strategies.remove')}</Button> },
  ];
  return (
    <Card size="small" data-testid={`treatment-${tr.id}`} title={<Space><Tag>{tr.id}</Tag><Input size="small" style={{ width: 180 }} disabled={disabled} value={tr.name.zh} onChange={(e) => onChange({ ...tr, name: { ...tr.name, zh: e.target.value } })} /><Input size="small" style={{ width: 180 }} disabled={disabled} value={tr.name.en} onChange={(e) => onChange({ ...tr, name: { ...tr.name, en: e.target.value } })} /></Space>}
      extra={!disabled && <Space><Button size="small" data-testid={`t${index}-add-step`} onClick={() => onChange({ ...tr, steps: [...tr.steps, { from: 'dpd', day: tr.steps.at(-1)?.day ?? 0, action: 'call' }] })}>{t('strategies.addStep')}</Button><Button size="small" danger onClick={onRemove}>{t('strategies.remove')}</Button></Space>}>
      <Table size="small" pagination={false} rowKey="i" columns={columns} dataSource={tr.steps.map((s, i) => ({ ...s, i }))} />
    </Card>
  );
}

function SimulationView({ sim }: { sim: Simulation }) {
  const { t, i18n } = useTranslation();
  const zh = i18n.language !== 'en';
  const actions = Object.keys(sim.byAction) as ActionKind[];
  const columns: TableProps<SimSegment>['columns'] = [
    { title: t('strategies.arm'), dataIndex: 'arm', width: 90, render: (a: SimSegment['arm']) => <Tag color={a === 'challenger' ? 'orange' : 'blue'}>{t(`strategies.arms.${a}`)}</Tag> },
    { title: t('strategies.segment'), render: (_, s) => <span style={{ whiteSpace: 'nowrap' }}>{zh ? s.name.zh : s.name.en}</span> },
    { title: t('strategies.cases'), dataIndex: 'count', align: 'right', width: 80 },
    ...actions.map((a) => ({ title: t(`strategies.actions.${a}`), key: a, align: 'right' as const, width: 90, render: (_: unknown, s: SimSegment) => s.byAction[a] ?? '' })),
  ];
  return (
    <Card size="small" title={t('strategies.simTitle', { asOf: sim.asOf, total: sim.total })} data-testid="simulation">
      {sim.nextCursor && <Alert type="info" showIcon style={{ marginBottom: 8 }} title={t('strategies.simPaged', { n: sim.total })} />}
      {sim.unscored > 0 && <Alert type="warning" showIcon style={{ marginBottom: 8 }} title={t('strategies.simUnscored', { n: sim.unscored })} />}
      <Row gutter={16}>
        <Col xs={24} xl={8}>
          {actions.sort((a, b) => (sim.byAction[b] ?? 0) - (sim.byAction[a] ?? 0)).map((a) => (
            <div key={a} data-testid={`sim-action-${a}`}>
              <Typography.Text>{t(`strategies.actions.${a}`)} · {sim.byAction[a]}</Typography.Text>
              <Progress size="small" percent={sim.total ? Math.round(((sim.byAction[a] ?? 0) / sim.total) * 1000) / 10 : 0} />
            </div>
          ))}
          <Typography.Text type="secondary">{t('strategies.arms.champion')} {sim.byArm.champion ?? 0} · {t('strategies.arms.challenger')} {sim.byArm.challenger ?? 0}</Typography.Text>
        </Col>
        <Col xs={24} xl={16}>
          <Table size="small" scroll={{ x: 'max-content' }} rowKey={(s) => `${s.arm}/${s.id}`} pagination={false} columns={columns} dataSource={sim.segments}
            expandable={{ expandedRowRender: (s) => <List size="small" dataSource={s.samples} renderItem={(x) => <List.Item><Typography.Text code>{x.caseId.slice(-8)}</Typography.Text> {zh ? x.reason.zh : x.reason.en}{x.template ? ` · ${x.template}` : ''}</List.Item>} /> }} />
        </Col>
      </Row>
    </Card>
  );
}

function VersionEditor({ id, all }: { id: string; all: StrategyItem[] }) {
  const { t, i18n } = useTranslation();
  const { message } = App.useApp();
  const qc = useQueryClient();
  const q = useQuery({ queryKey: ['strategy-version', id], queryFn: ({ signal }) => api<Version>(`/api/strategy-versions/${id}`, { signal }) });
  const [def, setDef] = useState<StrategyDefinition | null>(null);
  const [challenger, setChallenger] = useState<{ id: string | null; share: number }>({ id: null, share: 0 });
  const [issues, setIssues] = useState<Issue[] | null>(null);
  const [sim, setSim] = useState<Simulation | null>(null);
  useEffect(() => {
    if (q.data) {
      setDef(q.data.definition);
      setChallenger({ id: q.data.challengerVersionId, share: q.data.challengerShare });
      setIssues(null);
      setSim(null);
    }
  }, [q.data]);
  const refresh = async () => {
    await qc.invalidateQueries({ queryKey: listKey });
    await qc.invalidateQueries({ queryKey: ['strategy-version', id] });
  };
  const onError = (e: unknown) => {
    if (isApiError(e) && e.issues.length) setIssues(e.issues.map((i) => ({ path: i.path, zh: i.message, en: i.message })));
    void message.error(isApiError(e) ? e.message : String(e));
  };
  const save = useMutation({ mutationFn: () => api<Version>(`/api/strategy-versions/${id}`, { method: 'PUT', body: { definition: def, challengerVersionId: challenger.id, challengerShare: challenger.share } }), onSuccess: async () => { setIssues([]); void message.success(t('strategies.saved')); await refresh(); }, onError });
  const validate = useMutation({ mutationFn: () => api<{ valid: boolean; issues: Issue[] }>('/api/strategies/validate', { method: 'POST', body: { definition: def } }), onSuccess: (r) => setIssues(r.issues), onError });
  const simulate = useMutation({ mutationFn: () => api<Simulation>(`/api/strategy-versions/${id}/simulate`, { method: 'POST', body: {} }), onSuccess: setSim, onError });
  const activate = useMutation({ mutationFn: () => api<Version>(`/api/strategy-versions/${id}/activate`, { method: 'POST', body: {} }), onSuccess: async () => { void message.success(t('strategies.activated')); await refresh(); }, onError });
  const retire = useMutation({ mutationFn: () => api<Version>(`/api/strategy-versions/${id}/retire`, { method: 'POST', body: {} }), onSuccess: refresh, onError });
  if (q.isPending || !def) return null;
  if (q.isError) return <ErrorResult error={q.error} onRetry={() => void q.refetch()} />;
  const v = q.data;
  const ro = v.status !== 'draft';
  const dirty = JSON.stringify(def) !== JSON.stringify(v.definition) || challenger.id !== v.challengerVersionId || challenger.share !== v.challengerShare;
  const zh = i18n.language !== 'en';
  const setSeg = (i: number, s: Partial<Segment>) => setDef({ ...def, segments: def.segments.map((x, j) => (j === i ? { ...x, ...s } : x)) });
  const move = (i: number, d: -1 | 1) => {
    const segs = [...def.segments];
    [segs[i], segs[i + d]] = [segs[i + d]!, segs[i]!];
    setDef({ ...def, segments: segs });
  };
  const treatmentOptions = def.treatments.map((x) => ({ value: x.id, label: zh ? x.name.zh : x.name.en }));
  const otherVersions = all.flatMap((s) => s.versions.filter((x) => x.id !== id && x.status !== 'retired').map((x) => ({ value: x.id, label: `${s.name} v${x.version}` })));
  const newId = (prefix: string, taken: string[]) => { let n = taken.length + 1; while (taken.includes(`${prefix}${n}`)) n++; return `${prefix}${n}`; };
  return (
    <Space orientation="vertical" style={{ width: '100%' }} size="middle">
      <Card size="small" data-testid="version-header">
        <Space wrap>
          <Typography.Title level={5} style={{ margin: 0 }}>v{v.version}</Typography.Title>
          <Tag color={statusColor[v.status]} data-testid="version-status">{t(`strategies.status.${v.status}`)}</Tag>
          {v.role && <Tag color="blue">{t(`strategies.arms.${v.role}`)}</Tag>}
          {v.activatedAt && <Typography.Text type="secondary">{t('strategies.activatedAt', { at: formatDateTime(v.activatedAt), by: v.activatedByName ?? '' })}</Typography.Text>}
          {!ro && <Button type="primary" disabled={!dirty} loading={save.isPending} onClick={() => save.mutate()} data-testid="strategy-save">{t('strategies.save')}</Button>}
          <Button onClick={() => validate.mutate()} loading={validate.isPending} data-testid="strategy-validate">{t('strategies.validate')}</Button>
          <Button onClick={() => simulate.mutate()} loading={simulate.isPending} disabled={dirty} data-testid="strategy-simulate">{t('strategies.simulate')}</Button>
          {!ro && (
            <Popconfirm title={t('strategies.activateConfirm')} description={t('strategies.activateHint')} okText={t('strategies.activate')} cancelText={t('common.cancel')} onConfirm={() => activate.mutate()}>
              <Button danger disabled={dirty} loading={activate.isPending} data-testid="strategy-activate">{t('strategies.activate')}</Button>
            </Popconfirm>
          )}
          {v.status === 'active' && (
            <Popconfirm title={t('strategies.retireConfirm')} okText={t('strategies.retire')} cancelText={t('common.cancel')} onConfirm={() => retire.mutate()}>
              <Button danger data-testid="strategy-retire">{t('strategies.retire')}</Button>
            </Popconfirm>
          )}
          {dirty && <Typography.Text type="warning">{t('strategies.unsaved')}</Typography.Text>}
        </Space>
        {ro && <Alert style={{ marginTop: 8 }} type="info" showIcon title={t('strategies.readOnly')} />}
      </Card>
      {issues && (issues.length === 0
        ? <Alert type="success" showIcon title={t('strategies.valid')} data-testid="strategy-valid" />
        : <Alert type="error" showIcon data-testid="strategy-issues" title={t('strategies.invalid')} description={<ul style={{ margin: 0 }}>{issues.map((i) => <li key={i.path + i.zh}><Typography.Text code>{i.path}</Typography.Text> {zh ? i.zh : i.en}</li>)}</ul>} />)}
      {sim && <SimulationView sim={sim} />}
      <Card size="small" title={t('strategies.segments')} extra={!ro && <Button size="small" data-testid="add-segment" onClick={() => {
        const segs = [...def.segments];
        segs.splice(Math.max(0, segs.length - 1), 0, { id: newId('seg', segs.map((s) => s.id)), name: { zh: '新分群', en: 'New segment' }, when: { dpd: { min: 0 } }, treatmentId: def.treatments[0]!.id });
        setDef({ ...def, segments: segs });
      }}>{t('strategies.addSegment')}</Button>}>
        <List size="small" dataSource={def.segments.map((s, i) => ({ s, i }))} renderItem={({ s, i }) => {
          const isDefault = i === def.segments.length - 1;
          return (
            <List.Item data-testid={`segment-${i}`}>
              <Space orientation="vertical" style={{ width: '100%' }} size={4}>
                <Space wrap>
                  <Tag>{i + 1}</Tag>
                  <Input size="small" style={{ width: 200 }} disabled={ro} value={s.name.zh} data-testid={`segment-${i}-name-zh`} onChange={(e) => setSeg(i, { name: { ...s.name, zh: e.target.value } })} />
                  <Input size="small" style={{ width: 200 }} disabled={ro} value={s.name.en} onChange={(e) => setSeg(i, { name: { ...s.name, en: e.target.value } })} />
                  <span>→ {t('strategies.treatment')}</span>
                  <Select size="small" style={{ width: 180 }} disabled={ro} value={s.treatmentId} options={treatmentOptions} data-testid={`segment-${i}-treatment`} onChange={(v) => setSeg(i, { treatmentId: v })} />
                  {isDefault && <Tag color="purple">{t('strategies.defaultSegment')}</Tag>}
                  {!ro && !isDefault && (
                    <>
                      <Button size="small" disabled={i === 0} onClick={() => move(i, -1)}>↑</Button>
                      <Button size="small" disabled={i >= def.segments.length - 2} onClick={() => move(i, 1)}>↓</Button>
                      <Button size="small" type="link" danger onClick={() => setDef({ ...def, segments: def.segments.filter((_x, j) => j !== i) })}>{t('strategies.remove')}</Button>
                    </>
                  )}
                </Space>
                {!isDefault && <ConditionsEditor value={s.when} disabled={ro} testId={`segment-${i}-when`} onChange={(when) => setSeg(i, { when })} />}
              </Space>
            </List.Item>
          );
        }} />
      </Card>
      <Card size="small" title={t('strategies.treatments')} extra={!ro && <Button size="small" onClick={() => {
        const tid = newId('t', def.treatments.map((x) => x.id));
        setDef({ ...def, treatments: [...def.treatments, { id: tid, name: { zh: '新处置', en: 'New treatment' }, steps: [{ from: 'dpd', day: 1, action: 'sms' }] }] });
      }}>{t('strategies.addTreatment')}</Button>}>
        <Space orientation="vertical" style={{ width: '100%' }}>
          {def.treatments.map((tr, i) => (
            <TreatmentEditor key={tr.id} tr={tr} index={i} disabled={ro} onChange={(n) => setDef({ ...def, treatments: def.treatments.map((x, j) => (j === i ? n : x)) })} onRemove={() => setDef({ ...def, treatments: def.treatments.filter((_x, j) => j !== i) })} />
          ))}
        </Space>
      </Card>
      <Card size="small" title={t('strategies.challenger')}>
        <Space wrap>
          <Select allowClear style={{ width: 260 }} disabled={ro} placeholder={t('strategies.noChallenger')} value={challenger.id ?? undefined} options={otherVersions} data-testid="challenger-version"
            onChange={(v?: string) => setChallenger({ id: v ?? null, share: v ? challenger.share || 10 : 0 })} />
          <InputNumber min={0} max={50} disabled={ro || !challenger.id} value={challenger.share} suffix="%" data-testid="challenger-share" onChange={(n) => setChallenger({ ...challenger, share: n ?? 0 })} />
          <Typography.Text type="secondary">{t('strategies.challengerHint')}</Typography.Text>
        </Space>
      </Card>
      <Collapse items={[{ key: 'json', label: t('strategies.json'), children: <Input.TextArea readOnly autoSize={{ minRows: 6, maxRows: 24 }} value={JSON.stringify(def, null, 2)} data-testid="strategy-json" /> }]} />
    </Space>
  );
}

export function StrategiesPage() {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const qc = useQueryClient();
  const list = useQuery({ queryKey: listKey, queryFn: ({ signal }) => api<{ items: StrategyItem[] }>('/api/strategies', { signal }) });
  const [selected, setSelected] = useState<string | null>(null);
  const [name, setName] = useState('');
  const create = useMutation({
    mutationFn: () => api<{ version: { id: string } }>('/api/strategies', { method: 'POST', body: { name } }),
    onSuccess: async (r) => { setName(''); await qc.invalidateQueries({ queryKey: listKey }); setSelected(r.version.id); },
    onError: (e) => void message.error(isApiError(e) ? e.message : String(e)),
  });
  const newVersion = useMutation({
    mutationFn: (p: { strategyId: string; fromVersionId: string }) => api<{ id: string }>(`/api/strategies/${p.strategyId}/versions`, { method: 'POST', body: { fromVersionId: p.fromVersionId } }),
    onSuccess: async (r) => { await qc.invalidateQueries({ queryKey: listKey }); setSelected(r.id); },
    onError: (e) => void message.error(isApiError(e) ? e.message : String(e)),
  });
  if (list.isError) return <ErrorResult error={list.error} onRetry={() => void list.refetch()} />;
  const items = list.data?.items ?? [];
  return (
    <Space orientation="vertical" style={{ width: '100%' }}>
      <Typography.Title level={4} style={{ margin: 0 }}>{t('strategies.title')}</Typography.Title>
      <Typography.Text type="secondary">{t('strategies.hint')}</Typography.Text>
      <Row gutter={16}>
        <Col span={6}>
          <Card size="small" title={t('strategies.list')}>
            <Space.Compact style={{ width: '100%', marginBottom: 8 }}>
              <Input placeholder={t('strategies.newName')} value={name} onChange={(e) => setName(e.target.value)} data-testid="new-strategy-name" />
              <Button type="primary" disabled={!name.trim()} loading={create.isPending} onClick={() => create.mutate()} data-testid="new-strategy">{t('strategies.create')}</Button>
            </Space.Compact>
            {items.length === 0 && <Empty description={t('strategies.none')} />}
            {items.map((s) => (
              <div key={s.id} style={{ marginBottom: 12 }} data-testid={`strategy-${s.name}`}>
                <Space style={{ justifyContent: 'space-between', width: '100%' }}>
                  <Typography.Text strong>{s.name}</Typography.Text>
                  {s.versions[0] && <Button size="small" type="link" onClick={() => newVersion.mutate({ strategyId: s.id, fromVersionId: s.versions[0]!.id })}>{t('strategies.newVersion')}</Button>}
                </Space>
                {s.versions.map((v) => (
                  <div key={v.id}>
                    <Button type={selected === v.id ? 'primary' : 'text'} size="small" onClick={() => setSelected(v.id)} data-testid={`version-${s.name}-${v.version}`}>
                      v{v.version} <Tag color={statusColor[v.status]} style={{ marginLeft: 4 }}>{t(`strategies.status.${v.status}`)}</Tag>{v.role && <Tag color="blue">{t(`strategies.arms.${v.role}`)}</Tag>}
                    </Button>
                  </div>
                ))}
              </div>
            ))}
          </Card>
        </Col>
        <Col span={18}>{selected ? <VersionEditor key={selected} id={selected} all={items} /> : <Empty description={t('strategies.pick')} />}</Col>
      </Row>
    </Space>
  );
}
