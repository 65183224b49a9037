// The case's single timeline (issue 5, item 2): everything that happened on the case, newest first, with a filter chip
// per kind and 加载更多 (keyset pages from GET /api/cases/:id/timeline). The server sends codes; this words them.
import {
  AuditOutlined, ClockCircleOutlined, CommentOutlined, DollarOutlined, EnvironmentOutlined, EyeOutlined, FileTextOutlined, FlagOutlined, MailOutlined,
  MessageOutlined, PhoneOutlined, ProfileOutlined, ReloadOutlined, SendOutlined,
} from '@ant-design/icons';
import { useInfiniteQuery } from '@tanstack/react-query';
import { Alert, Button, Empty, Flex, Space, Spin, Tag, Timeline, Tooltip, Typography } from 'antd';
import type { TimelineItemType } from 'antd/es/timeline/Timeline.js';
import dayjs from 'dayjs';
import { useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { timelineKinds, type TimelineEntry, type TimelineKind } from '../../../contracts/timeline.js';
import { formatDateTime, formatMoney } from '../../app/format.js';
import { fetchTimeline, timelineKeys } from './timelineApi.js';

type Detail = TimelineEntry['detail'];
const str = (d: Detail, k: string): string | null => (typeof d[k] === 'string' ? (d[k] as string) : null);
const num = (d: Detail, k: string): number | null => (typeof d[k] === 'number' ? (d[k] as number) : null);

const KIND_COLOR: Record<TimelineKind, string> = {
  attempt: 'blue', message: 'geekblue', inbound: 'purple', visit: 'cyan', payment: 'green', promise: 'gold', plan: 'geekblue', callback: 'orange', event: 'magenta', document: 'gray', reveal: 'gray',
};

function iconOf(e: TimelineEntry): ReactNode {
  switch (e.kind) {
    case 'attempt': {
      const ch = str(e.detail, 'channel');
      return ch === 'visit' ? <EnvironmentOutlined /> : ch === 'sms' || ch === 'im' ? <MessageOutlined /> : ch === 'email' || ch === 'letter' ? <MailOutlined /> : <PhoneOutlined />;
    }
    case 'message': return <SendOutlined />;
    case 'inbound': return <CommentOutlined />;
    case 'visit': return <EnvironmentOutlined />;
    case 'payment': return <DollarOutlined />;
    case 'promise': return <AuditOutlined />;
    case 'plan': return <ProfileOutlined />;
    case 'callback': return <ClockCircleOutlined />;
    case 'event': return <FlagOutlined />;
    case 'document': return <FileTextOutlined />;
    case 'reveal': return <EyeOutlined />;
  }
}

/** Red for what went wrong or was refused, green for money in and kept promises, the kind's colour otherwise. */
function colorOf(e: TimelineEntry): string {
  const d = e.detail;
  if (e.kind === 'attempt') return d.decision === 'block' ? 'red' : d.decision === 'warn' ? 'orange' : 'blue';
  if (e.kind === 'message') return d.status === 'failed' || d.status === 'expired' ? 'red' : d.status === 'delivered' ? 'green' : 'blue';
  if (e.kind === 'inbound' && d.optOut === true) return 'red';
  if (e.kind === 'payment') return d.reversalOf ? 'red' : 'green';
  if (e.phase === 'promise.broken' || e.phase === 'plan.broken' || e.phase === 'plan.rejected' || e.phase === 'visit.rejected') return 'red';
  if (e.phase === 'promise.kept' || e.phase === 'plan.active' || e.phase === 'plan.completed') return 'green';
  return KIND_COLOR[e.kind];
}

/** "3 分钟前" / "in 2 days" in the UI language. */
function relative(iso: string, lng: string): string {
  const diff = (Date.parse(iso) - Date.now()) / 1000;
  const fmt = new Intl.RelativeTimeFormat(lng === 'en' ? 'en' : 'zh-CN', { numeric: 'auto' });
  const abs = Math.abs(diff);
  if (abs < 60) return fmt.format(Math.round(diff), 'second');
  if (abs < 3600) return fmt.format(Math.round(diff / 60), 'minute');
  if (abs < 86_400) return fmt.format(Math.round(diff / 3600), 'hour');
  if (abs < 30 * 86_400) return fmt.format(Math.round(diff / 86_400), 'day');
  if (abs < 365 * 86_400) return fmt.format(Math.round(diff / (30 * 86_400)), 'month');
  return fmt.format(Math.round(diff / (365 * 86_400)), 'year');
}

export const CaseTimeline = ({ caseId }: { caseId: string }) => {
  const { t, i18n } = useTranslation();
  const [kinds, setKinds] = useState<TimelineKind[]>([]);
  const q = useInfiniteQuery({
    queryKey: timelineKeys.page(caseId, kinds),
    queryFn: ({ pageParam, signal }) => fetchTimeline(caseId, kinds, pageParam, signal),
    initialPageParam: null as string | null,
    getNextPageParam: (last) => last.nextCursor,
  });
  const visible = q.data?.pages[0]?.kinds ?? timelineKinds.filter((k) => k !== 'reveal');
  const items = q.data?.pages.flatMap((p) => p.items) ?? [];
  const toggle = (k: TimelineKind, on: boolean) => setKinds((xs) => (on ? [...xs, k] : xs.filter((x) => x !== k)));

  const code = (group: string, v: string | null | undefined): string => {
    if (v === null || v === undefined || v === '') return t('common.none');
    const key = `${group}.${v}`;
    return i18n.exists(key) ? String(t(key as never)) : v;
  };

  const title = (e: TimelineEntry): string => {
    const d = e.detail;
    const params: Record<string, string> = {
      channel: code('compliance.channels', str(d, 'channel')),
      result: str(d, 'resultCode') ? code('desk.outcome.codes', str(d, 'resultCode')) : str(d, 'result') ? code('compliance.results', str(d, 'result')) : t('timeline.noResult'),
      amount: formatMoney(num(d, 'amountMinor'), str(d, 'currency') ?? 'CNY'),
      due: str(d, 'dueDate') ?? '',
      date: str(d, 'planDate') ?? '',
      at: formatDateTime(str(d, 'dueAt')),
      type: code('compliance.events', str(d, 'type')),
      title: str(d, 'title') ?? '',
      field: code('timeline.revealFields', str(d, 'field')),
      method: code('negotiation.kinds', str(d, 'method')),
    };
    const key = `timeline.titles.${e.phase}`;
    return i18n.exists(key) ? String(t(key as never, params)) : e.phase;
  };

  const actor = (e: TimelineEntry): string => (e.actor.type === 'user' ? (e.actor.name ?? t('timeline.actors.user')) : t(`timeline.actors.${e.actor.type}`));

  /** The facts under the title: tags for codes (on the actor's line), plain text for what people wrote. */
  const body = (e: TimelineEntry): { tags: ReactNode[]; lines: ReactNode[] } => {
    const d = e.detail;
    const tags: ReactNode[] = [];
    const lines: ReactNode[] = [];
    const contact = str(d, 'contactMasked');
    switch (e.kind) {
      case 'attempt': {
        if (d.decision) tags.push(<Tag key="dec" color={d.decision === 'block' ? 'red' : d.decision === 'warn' ? 'orange' : 'green'}>{t('timeline.decision', { outcome: code('compliance.outcomes', str(d, 'decision')) })}</Tag>);
        const rules = Array.isArray(d.ruleIds) ? d.ruleIds : [];
        if (rules.length > 0) tags.push(<Tag key="rules">{t('timeline.rules', { rules: rules.join(' ') })}</Tag>);
        if (d.rightParty === true) tags.push(<Tag key="rpc" color="blue">{t('timeline.rightParty')}</Tag>);
        if (d.partyKind === 'contact_person') tags.push(<Tag key="party">{t('compliance.partyKinds.contact_person')}</Tag>);
        if (num(d, 'callDurationSec') !== null) tags.push(<Tag key="dur">{t('timeline.duration', { sec: num(d, 'callDurationSec') })}</Tag>);
        if (d.hasRecording === true) tags.push(<Tag key="rec">{t('timeline.recorded')}</Tag>);
        if (contact) lines.push(<span key="to">{t('timeline.to', { to: contact })}</span>);
        if (str(d, 'notes')) lines.push(<Typography.Paragraph key="notes" style={{ margin: 0, whiteSpace: 'pre-wrap' }}>{t('timeline.notes')}：{str(d, 'notes')}</Typography.Paragraph>);
        break;
      }
      case 'message':
        tags.push(<Tag key="st" color={colorOf(e) === 'red' ? 'red' : colorOf(e) === 'green' ? 'green' : undefined}>{code('messaging.statuses', str(d, 'status'))}</Tag>);
        if (str(d, 'templateName')) lines.push(<span key="tpl">{t('timeline.template', { name: str(d, 'templateName') })}</span>);
        if (str(d, 'subject')) lines.push(<span key="subj">{t('timeline.subject', { subject: str(d, 'subject') })}</span>);
        if (contact) lines.push(<span key="to">{t('timeline.to', { to: contact })}</span>);
        break;
      case 'inbound':
        if (d.optOut === true) tags.push(<Tag key="oo" color="red">{t('timeline.optOut')}</Tag>);
        if (str(d, 'text')) lines.push(<Typography.Paragraph key="text" style={{ margin: 0, whiteSpace: 'pre-wrap' }}>“{str(d, 'text')}”</Typography.Paragraph>);
        if (contact) lines.push(<span key="from">{t('timeline.from', { from: contact })}</span>);
        break;
      case 'visit':
        if (str(d, 'region') || str(d, 'addressMasked')) lines.push(<span key="addr">{[code('addressKinds', str(d, 'addressKind')), str(d, 'region'), str(d, 'addressMasked')].filter(Boolean).join(' · ')}</span>);
        if (str(d, 'reason')) lines.push(<span key="reason">{t('timeline.reason', { reason: str(d, 'reason') })}</span>);
        if (str(d, 'startAt')) lines.push(<span key="start">{t('timeline.visitStart', { at: formatDateTime(str(d, 'startAt')) })}</span>);
        break;
      case 'payment':
        lines.push(<span key="paid">{t('timeline.paidOn', { date: str(d, 'paidOn'), channel: code('ledger.channels', str(d, 'channel')) })}</span>);
        if (str(d, 'reversalOf')) tags.push(<Tag key="rev" color="red">{t('timeline.reversalOf', { id: str(d, 'reversalOf') })}</Tag>);
        break;
      case 'promise':
        tags.push(<Tag key="st">{code('negotiation.promiseStatus', str(d, 'status'))}</Tag>);
        if (e.phase !== 'promise.made') lines.push(<span key="paid">{t('timeline.promisePaid', { paid: formatMoney(num(d, 'paidMinor'), str(d, 'currency') ?? 'CNY'), amount: formatMoney(num(d, 'amountMinor'), str(d, 'currency') ?? 'CNY') })}</span>);
        if (str(d, 'note')) lines.push(<span key="note">{str(d, 'note')}</span>);
        break;
      case 'plan':
        lines.push(<span key="terms">{t('timeline.planTerms', { method: code('negotiation.kinds', str(d, 'method')), total: formatMoney(num(d, 'totalMinor'), str(d, 'currency') ?? 'CNY'), months: num(d, 'termMonths') })}</span>);
        if (str(d, 'reason')) lines.push(<span key="reason">{t('timeline.reason', { reason: code('timeline.planReasons', str(d, 'reason')) })}</span>);
        break;
      case 'callback':
        tags.push(<Tag key="st" color={d.status === 'pending' ? 'orange' : undefined}>{code('timeline.callbackStatus', str(d, 'status'))}</Tag>);
        break;
      case 'event':
        if (str(d, 'channel')) tags.push(<Tag key="ch">{code('compliance.channels', str(d, 'channel'))}</Tag>);
        if (d.debtorWide === true) tags.push(<Tag key="wide">{t('timeline.debtorWide')}</Tag>);
        if (str(d, 'untilAt')) lines.push(<span key="until">{t('timeline.until', { at: formatDateTime(str(d, 'untilAt')) })}</span>);
        if (str(d, 'reviewOn')) lines.push(<span key="review">{t('timeline.reviewOn', { date: str(d, 'reviewOn') })}</span>);
        if (str(d, 'note')) lines.push(<span key="note">{str(d, 'note')}</span>);
        break;
      case 'document':
        lines.push(<Typography.Link key="dl" href={str(d, 'href') ?? undefined} target="_blank" data-testid="timeline-document-link">{str(d, 'fileName') ?? t('timeline.download')}</Typography.Link>);
        break;
      case 'reveal':
        if (str(d, 'reason')) lines.push(<span key="reason">{t('timeline.reason', { reason: str(d, 'reason') })}</span>);
        break;
    }
    return { tags, lines };
  };

  const rows: TimelineItemType[] = items.map((e) => {
    const { tags, lines } = body(e);
    return {
      key: e.id,
      color: colorOf(e),
      icon: iconOf(e),
      content: (
        <div data-testid="timeline-entry" data-kind={e.kind} data-phase={e.phase} style={{ minWidth: 0 }}>
          <Flex justify="space-between" align="baseline" gap={8} wrap>
            <Typography.Text strong style={{ overflowWrap: 'anywhere' }}>{title(e)}</Typography.Text>
            <Tooltip title={formatDateTime(e.at)}>
              <Typography.Text type="secondary" style={{ fontSize: 12, whiteSpace: 'nowrap' }}>
                {relative(e.at, i18n.language)} · {dayjs(e.at).format(`${dayjs(e.at).year() === dayjs().year() ? 'MM-DD' : 'YYYY-MM-DD'}${e.kind === 'payment' ? '' : ' HH:mm'}`)}
              </Typography.Text>
            </Tooltip>
          </Flex>
          <Flex wrap align="center" gap={4} style={{ marginTop: 2 }}>
            <Tag color={KIND_COLOR[e.kind]} bordered={false}>{t(`timeline.kinds.${e.kind}`)}</Tag>
            <Typography.Text type="secondary" style={{ fontSize: 12, marginInlineEnd: 4 }} data-testid="timeline-actor">{actor(e)}</Typography.Text>
            {tags}
          </Flex>
          {lines.length > 0 && (
            <Flex vertical style={{ marginTop: 2, color: 'rgba(0,0,0,0.65)', overflowWrap: 'anywhere' }}>
              {lines}
            </Flex>
          )}
        </div>
      ),
    };
  });

  return (
    <Space orientation="vertical" size={12} style={{ width: '100%' }} data-testid="case-timeline">
      <Flex wrap gap={6} align="center" data-testid="timeline-filters">
        <Tag.CheckableTag checked={kinds.length === 0} onChange={() => setKinds([])} data-testid="timeline-filter-all">{t('timeline.all')}</Tag.CheckableTag>
        {visible.map((k) => (
          <Tag.CheckableTag key={k} checked={kinds.includes(k)} onChange={(on) => toggle(k, on)} data-testid={`timeline-filter-${k}`}>
            {t(`timeline.kinds.${k}`)}
          </Tag.CheckableTag>
        ))}
        <Tooltip title={t('timeline.refresh')}>
          <Button size="small" type="text" icon={<ReloadOutlined />} loading={q.isFetching && !q.isFetchingNextPage} onClick={() => void q.refetch()} data-testid="timeline-refresh" aria-label={t('timeline.refresh')} />
        </Tooltip>
      </Flex>
      {q.isError && <Alert type="error" showIcon title={q.error.message} />}
      {q.isPending ? (
        <Spin />
      ) : items.length === 0 ? (
        <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('timeline.empty')} />
      ) : (
        <Timeline items={rows} data-testid="timeline-list" />
      )}
      {q.hasNextPage ? (
        <Button block onClick={() => void q.fetchNextPage()} loading={q.isFetchingNextPage} data-testid="timeline-more">{t('timeline.loadMore')}</Button>
      ) : items.length > 0 ? (
        <Typography.Text type="secondary" style={{ display: 'block', textAlign: 'center', fontSize: 12 }}>{t('timeline.end')}</Typography.Text>
      ) : null}
    </Space>
  );
};
