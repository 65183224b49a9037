import { ReloadOutlined, SafetyCertificateOutlined } from '@ant-design/icons';
import { Alert, App, Button, Card, Empty, Form, Input, Modal, Popconfirm, Select, Skeleton, Space, Table, Tag, Tooltip, Typography } from 'antd';
import type { TableProps } from 'antd';
import dayjs from 'dayjs';
import { useState, type HTMLAttributes } from 'react';
import { useTranslation } from 'react-i18next';
import { isApiError } from '../../api/client.js';
import { useCan } from '../../app/auth.js';
import {
  useCasePolicy,
  useCompleteAttempt,
  useCreateAttempt,
  type AttemptResponse,
  type Channel,
  type ContactResult,
  type Outcome,
  type PanelItem,
} from './complianceApi.js';
import { ChannelLabel, formatInstant, OutcomeTag, ReasonList, useColon, useLocalized } from './ComplianceParts.js';
import { CallPanel } from '../telephony/CallPanel.js';

/** Channels whose attempt carries a text the engine checks before it goes out. */
const textChannels: readonly Channel[] = ['sms', 'email', 'im', 'letter'];
/** Result codes that make sense for each channel. */
const resultsFor: Record<Channel, ContactResult[]> = {
  call: ['conversation', 'no_answer', 'voicemail', 'busy', 'not_in_service', 'switched_off', 'rejected'],
  sms: ['delivered', 'failed'],
  email: ['delivered', 'failed'],
  letter: ['delivered', 'failed'],
  im: ['conversation', 'delivered', 'failed'],
  visit: ['visited_met', 'visited_not_home'],
};

const itemKey = (i: PanelItem) => `${i.partyId}/${i.channel}/${i.contactPointId ?? '-'}`;
const targetOf = (i: PanelItem) => (i.contactPointLabel ? `${i.partyLabel} · ${i.contactPointLabel}` : i.partyLabel);

type ModalState = { item: PanelItem; response?: AttemptResponse | undefined; content?: string | undefined };

/** The attempt dialog: compose a text (text channels), then the decision and, when allowed, the result form. */
const AttemptModal = ({
  caseId,
  state,
  pending,
  error,
  onSubmit,
  onClose,
}: {
  caseId: string;
  state: ModalState;
  pending: boolean;
  error: string | null;
  onSubmit: (content: string) => void;
  onClose: () => void;
}) => {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const colon = useColon();
  const complete = useCompleteAttempt(caseId);
  const [composeForm] = Form.useForm<{ content: string }>();
  const [resultForm] = Form.useForm<{ result: ContactResult; notes?: string }>();
  const { item, response } = state;
  const title = t('compliance.panel.attemptTitle', { action: t(`compliance.panel.actions.${item.channel}`), target: targetOf(item) });

  if (!response) {
    return (
      <Modal
        open
        title={title}
        okText={t('compliance.panel.submit')}
        cancelText={t('common.cancel')}
        confirmLoading={pending}
        onOk={() => composeForm.submit()}
        onCancel={onClose}
        destroyOnHidden
        okButtonProps={{ 'data-testid': 'attempt-submit' } as Record<string, string>}
      >
        <div data-testid="attempt-compose">
          {error && <Alert type="error" showIcon title={error} style={{ marginBottom: 12 }} />}
          <Form form={composeForm} layout="vertical" onFinish={(v) => onSubmit(v.content)}>
            <Form.Item name="content" label={t('compliance.panel.content')} rules={[{ required: true, whitespace: true, message: t('compliance.panel.contentRequired') }]}>
              <Input.TextArea autoSize={{ minRows: 4, maxRows: 10 }} maxLength={5000} placeholder={t('compliance.panel.contentPlaceholder')} data-testid="attempt-content" />
            </Form.Item>
          </Form>
        </div>
      </Modal>
    );
  }

  const { attempt, decision } = response;
  const blocked = attempt.status === 'blocked';
  const footer = blocked
    ? [
        <Button key="close" onClick={onClose}>
          {t('common.close')}
        </Button>,
      ]
    : [
        <Button key="later" onClick={onClose}>
          {t('compliance.panel.later')}
        </Button>,
        <Button key="complete" type="primary" loading={complete.isPending} onClick={() => resultForm.submit()} data-testid="attempt-complete">
          {t('compliance.panel.complete')}
        </Button>,
      ];
  return (
    <Modal open title={title} footer={footer} onCancel={onClose} destroyOnHidden width={640}>
      <Space orientation="vertical" size={12} style={{ width: '100%' }} data-testid="attempt-result">
        {blocked ? (
          <Alert
            type="error"
            showIcon
            title={t('compliance.panel.blockedTitle')}
            description={
              <span>
                {t('compliance.panel.nextAllowed')}
                {colon}
                {decision.nextAllowedAt ? formatInstant(decision.nextAllowedAt) : t('compliance.sim.manual')}
              </span>
            }
            data-testid="attempt-blocked"
          />
        ) : (
          <Alert
            type={decision.outcome === 'warn' ? 'warning' : 'success'}
            showIcon
            title={decision.outcome === 'warn' ? t('compliance.panel.warnedTitle') : t('compliance.panel.allowedTitle')}
            description={item.channel === 'call' || item.channel === 'visit' ? t('compliance.panel.recordingOn') : undefined}
            data-testid="attempt-allowed"
          />
        )}
        {!blocked && item.channel === 'call' && <CallPanel attemptId={attempt.id} />}
        <ReasonList reasons={decision.reasons} content={state.content} />
        {!blocked && (
          <Form
            form={resultForm}
            layout="vertical"
            onFinish={(v) =>
              complete.mutate(
                { attemptId: attempt.id, result: v.result, ...(v.notes?.trim() ? { notes: v.notes.trim() } : {}) },
                {
                  onSuccess: () => {
                    void message.success(t('compliance.panel.completed'));
                    onClose();
                  },
                  onError: (err) => void message.error(err.message || t('common.requestFailed')),
                },
              )
            }
          >
            <Form.Item name="result" label={t('compliance.panel.resultLabel')} rules={[{ required: true, message: t('compliance.panel.resultRequired') }]} style={{ marginBottom: 12 }}>
              <Select
                options={resultsFor[item.channel].map((r) => ({ value: r, label: t(`compliance.results.${r}`) }))}
                placeholder={t('compliance.panel.resultRequired')}
                data-testid="attempt-result-code"
              />
            </Form.Item>
            <Form.Item name="notes" label={t('compliance.panel.notes')} style={{ marginBottom: 0 }}>
              <Input.TextArea autoSize={{ minRows: 2, maxRows: 6 }} maxLength={5000} />
            </Form.Item>
          </Form>
        )}
      </Space>
    </Modal>
  );
};

/** "What may I do now" for one case: a decision per party, channel and contact point, refreshed every minute. */
export const PolicyPanel = ({ caseId }: { caseId: string }) => {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const loc = useLocalized();
  const colon = useColon();
  const can = useCan();
  const canAttempt = can('contacts.attempt');
  const panel = useCasePolicy(caseId);
  const attempt = useCreateAttempt(caseId);
  const [modal, setModal] = useState<ModalState | null>(null);
  const [pendingKey, setPendingKey] = useState<string | null>(null);
  const [attemptError, setAttemptError] = useState<string | null>(null);

  const submit = (item: PanelItem, content?: string) => {
    setPendingKey(itemKey(item));
    setAttemptError(null);
    attempt.mutate(
      {
        channel: item.channel,
        partyKind: item.partyKind,
        partyId: item.partyId,
        ...(item.contactPointId ? { contactPointId: item.contactPointId } : {}),
        recording: item.channel === 'call' || item.channel === 'visit',
        ...(content !== undefined ? { content } : {}),
      },
      {
        onSuccess: (response) => setModal({ item, response, content }),
        onError: (err) => {
          const text = isApiError(err) && err.issues.length > 0 ? err.issues.map((i) => `${i.path}: ${i.message}`).join('; ') : err.message || t('common.requestFailed');
          if (content !== undefined) setAttemptError(text);
          else void message.error(text);
        },
        onSettled: () => setPendingKey(null),
      },
    );
  };
  const start = (item: PanelItem) => {
    if (textChannels.includes(item.channel)) {
      setAttemptError(null);
      setModal({ item });
    } else submit(item);
  };

  // The reason to show first: for a block with no next time, the rule that needs a person (no `until`); else the first of the outcome.
  const firstReason = (item: PanelItem) => {
    const d = item.decision;
    const manual = d.outcome === 'block' && d.nextAllowedAt === null ? d.reasons.find((r) => r.outcome === 'block' && r.until === null) : undefined;
    return manual ?? d.reasons.find((r) => r.outcome === d.outcome) ?? d.reasons[0];
  };

  const actionButton = (item: PanelItem) => {
    const label = t(`compliance.panel.actions.${item.channel}`);
    const key = itemKey(item);
    const testId = `policy-action-${item.channel}`;
    if (item.decision.outcome === 'block') {
      const r = firstReason(item);
      const next = item.decision.nextAllowedAt ? `${t('compliance.panel.nextAllowed')}${colon}${formatInstant(item.decision.nextAllowedAt)}` : t('compliance.sim.manual');
      return (
        <Tooltip
          title={
            <div>
              {r && <div>{loc(r.message)}</div>}
              <div>{next}</div>
            </div>
          }
        >
          <Button size="small" disabled data-testid={testId}>
            {label}
          </Button>
        </Tooltip>
      );
    }
    const button = (onClick?: () => void) => (
      <Button size="small" type={item.decision.outcome === 'allow' ? 'primary' : 'default'} ghost={item.decision.outcome === 'allow'} loading={pendingKey === key} onClick={onClick} data-testid={testId}>
        {label}
      </Button>
    );
    if (item.decision.outcome === 'warn') {
      return (
        <Popconfirm
          title={t('compliance.panel.warnConfirm')}
          description={
            <ul style={{ margin: 0, paddingInlineStart: 18, maxWidth: 360 }}>
              {item.decision.reasons.map((r, i) => (
                <li key={i}>{loc(r.message)}</li>
              ))}
            </ul>
          }
          okText={t('compliance.panel.proceed')}
          cancelText={t('common.cancel')}
          onConfirm={() => start(item)}
        >
          {button()}
        </Popconfirm>
      );
    }
    return button(() => start(item));
  };

  const columns: TableProps<PanelItem>['columns'] = [
    { title: t('compliance.panel.channel'), dataIndex: 'channel', width: 84, render: (c: Channel) => <ChannelLabel channel={c} /> },
    {
      title: t('compliance.panel.contactPoint'),
      dataIndex: 'contactPointLabel',
      width: 150,
      ellipsis: { showTitle: false },
      render: (v: string | null) => (
        <Tooltip title={v} placement="topLeft">
          {v ?? '—'}
        </Tooltip>
      ),
    },
    {
      title: t('compliance.panel.outcome'),
      key: 'outcome',
      width: 80,
      render: (_: unknown, i) => <OutcomeTag outcome={i.decision.outcome} testId="policy-outcome" />,
    },
    {
      title: t('compliance.panel.reason'),
      key: 'reason',
      ellipsis: { showTitle: false },
      render: (_: unknown, i) => {
        const r = firstReason(i);
        if (!r) return <Typography.Text type="secondary">—</Typography.Text>;
        const more = i.decision.reasons.length - 1;
        return (
          <Tooltip
            placement="topLeft"
            title={
              <div>
                <div>
                  {r.ruleId} · {loc(r.message)}
                </div>
                {r.detail && <div style={{ opacity: 0.85 }}>{loc(r.detail)}</div>}
              </div>
            }
          >
            <span>
              <Typography.Text code style={{ fontSize: 12 }}>
                {r.ruleId}
              </Typography.Text>
              {loc(r.message)}
              {more > 0 && <Typography.Text type="secondary"> (+{more})</Typography.Text>}
            </span>
          </Tooltip>
        );
      },
    },
    {
      title: t('compliance.panel.nextAllowed'),
      key: 'next',
      width: 128,
      render: (_: unknown, i) =>
        i.decision.outcome !== 'block' ? (
          <Typography.Text type="secondary">—</Typography.Text>
        ) : i.decision.nextAllowedAt ? (
          <span data-testid="policy-next">{formatInstant(i.decision.nextAllowedAt)}</span>
        ) : (
          <Typography.Text type="danger">{t('compliance.sim.manual')}</Typography.Text>
        ),
    },
    ...(canAttempt
      ? [{ title: t('compliance.panel.action'), key: 'action', width: 96, render: (_: unknown, i: PanelItem) => actionButton(i) }]
      : []),
  ];

  const items = panel.data?.items ?? [];
  const parties: { id: string; label: string; role: PanelItem['partyRole']; items: PanelItem[] }[] = [];
  for (const i of items) {
    let p = parties.find((x) => x.id === i.partyId);
    if (!p) {
      p = { id: i.partyId, label: i.partyLabel, role: i.partyRole, items: [] };
      parties.push(p);
    }
    p.items.push(i);
  }
  const counts = (['allow', 'warn', 'block'] as const satisfies readonly Outcome[]).map((o) => [o, items.filter((i) => i.decision.outcome === o).length] as const);

  return (
    <Card
      size="small"
      data-testid="policy-panel"
      title={
        <Space size={8}>
          <SafetyCertificateOutlined style={{ color: '#1677ff' }} />
          {t('compliance.panel.title')}
        </Space>
      }
      extra={
        <Space size={8}>
          {panel.data && (
            <Tooltip title={t('compliance.panel.autoRefresh')}>
              <Typography.Text type="secondary" style={{ fontSize: 12 }} data-testid="policy-at">
                {t('compliance.panel.decidedAt', { time: dayjs(panel.data.at).format('HH:mm:ss') })}
              </Typography.Text>
            </Tooltip>
          )}
          <Button size="small" icon={<ReloadOutlined />} loading={panel.isFetching} onClick={() => void panel.refetch()} data-testid="policy-refresh">
            {t('common.refresh')}
          </Button>
        </Space>
      }
    >
      {panel.isPending ? (
        <Skeleton active paragraph={{ rows: 3 }} />
      ) : panel.isError && !panel.data ? (
        <Alert
          type="error"
          showIcon
          title={panel.error.message || t('common.requestFailed')}
          action={
            <Button size="small" onClick={() => void panel.refetch()}>
              {t('common.refresh')}
            </Button>
          }
        />
      ) : items.length === 0 ? (
        <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('compliance.panel.noItems')} />
      ) : (
        <Space orientation="vertical" size={12} style={{ width: '100%' }}>
          <Space size={6}>
            {counts.map(([o, n]) => (
              <span key={o}>
                <OutcomeTag outcome={o} /> <Typography.Text strong>{n}</Typography.Text>
              </span>
            ))}
          </Space>
          {parties.map((p) => (
            <div key={p.id} data-testid="policy-party">
              <Space size={8} style={{ marginBottom: 6 }}>
                <Typography.Text strong>{p.label}</Typography.Text>
                {/* contacts are labelled with their relationship already; the role tag only when it adds something */}
                {!p.label.includes(t(`compliance.partyRoles.${p.role}`)) && (
                  <Tag color={p.role === 'debtor' ? 'blue' : 'default'} style={{ marginInlineEnd: 0 }}>
                    {t(`compliance.partyRoles.${p.role}`)}
                  </Tag>
                )}
              </Space>
              <Table<PanelItem>
                size="small"
                rowKey={itemKey}
                pagination={false}
                columns={columns}
                dataSource={p.items}
                scroll={{ x: 660 }}
                onRow={(i) => ({ 'data-testid': 'policy-row', 'data-outcome': i.decision.outcome, 'data-channel': i.channel }) as HTMLAttributes<HTMLElement>}
                expandable={{
                  rowExpandable: (i) => i.decision.reasons.length > 0,
                  expandedRowRender: (i) => <ReasonList reasons={i.decision.reasons} />,
                }}
              />
            </div>
          ))}
        </Space>
      )}
      {modal && (
        <AttemptModal
          caseId={caseId}
          state={modal}
          pending={attempt.isPending}
          error={attemptError}
          onSubmit={(content) => submit(modal.item, content)}
          onClose={() => {
            setModal(null);
            setAttemptError(null);
          }}
        />
      )}
    </Card>
  );
};
