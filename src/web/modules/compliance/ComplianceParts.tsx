// Pieces shared by the compliance pages and the per-case panel: outcome/authority/status tags, channel labels,
// reason cards with highlighted content spans, readable rule parameters, and time-zone helpers.
import {
  CheckCircleFilled,
  CloseCircleFilled,
  CommentOutlined,
  ExclamationCircleFilled,
  FileTextOutlined,
  HomeOutlined,
  MailOutlined,
  MessageOutlined,
  PhoneOutlined,
} from '@ant-design/icons';
import { Card, Space, Tag, Tooltip, Typography } from 'antd';
import dayjs from 'dayjs';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import type { Authority, Channel, Outcome, Reason } from './complianceApi.js';

// ---------- labels ----------

type Localized = { 'zh-CN': string; en: string };

/** A server-provided bilingual text in the UI language. */
export const useLocalized = () => {
  const { i18n } = useTranslation();
  return (l: Localized | null | undefined): string => (l ? (i18n.language === 'en' ? l.en : l['zh-CN']) || l['zh-CN'] || l.en : '');
};

/** The label separator of the UI language ("：" in Chinese, ": " in English). */
export const useColon = () => {
  const { i18n } = useTranslation();
  return i18n.language === 'en' ? ': ' : '：';
};

/** Label of a code under `compliance.<group>`; unknown codes are shown as they are. */
export const useComplianceLabel = () => {
  const { t, i18n } = useTranslation();
  return (group: string, code: string | number | null | undefined): string => {
    if (code === null || code === undefined || code === '') return t('common.none');
    const key = `compliance.${group}.${String(code)}`;
    return i18n.exists(key) ? String(t(key as never)) : String(code);
  };
};

// ---------- tags ----------

const outcomeColor: Record<Outcome, string> = { allow: 'green', warn: 'orange', block: 'red' };
const outcomeIcon: Record<Outcome, ReactNode> = { allow: <CheckCircleFilled />, warn: <ExclamationCircleFilled />, block: <CloseCircleFilled /> };

export const OutcomeTag = ({ outcome, size = 'default', testId }: { outcome: Outcome; size?: 'default' | 'large'; testId?: string }) => {
  const { t } = useTranslation();
  const large = size === 'large';
  return (
    <Tag
      color={outcomeColor[outcome]}
      icon={outcomeIcon[outcome]}
      style={large ? { fontSize: 20, lineHeight: '36px', padding: '0 16px', marginInlineEnd: 0 } : { marginInlineEnd: 0 }}
      data-testid={testId}
      data-outcome={outcome}
    >
      {t(`compliance.outcomes.${outcome}`)}
    </Tag>
  );
};

const authorityColor: Record<Authority, string> = {
  statute: 'purple',
  presumption: 'magenta',
  national_standard: 'blue',
  self_regulatory: 'cyan',
  guidance: 'gold',
  internal_policy: 'default',
};

export const AuthorityTag = ({ authority }: { authority: Authority }) => {
  const { t } = useTranslation();
  return (
    <Tag color={authorityColor[authority] ?? 'default'} style={{ marginInlineEnd: 0 }}>
      {t(`compliance.authorities.${authority}`)}
    </Tag>
  );
};

const statusColor: Record<'V' | 'S' | 'U', string> = { V: 'green', S: 'gold', U: 'default' };

/** V/S/U: how the rule's text was verified; the tooltip explains. `compact` shows the letter only. */
export const StatusTag = ({ status, compact = false }: { status: 'V' | 'S' | 'U'; compact?: boolean }) => {
  const { t } = useTranslation();
  const colon = useColon();
  return (
    <Tooltip title={`${status} ${t(`compliance.statuses.${status}`)}${colon}${t(`compliance.statusHints.${status}`)}`}>
      <Tag color={statusColor[status]} style={{ marginInlineEnd: 0, cursor: 'help' }}>
        {compact ? status : `${status} ${t(`compliance.statuses.${status}`)}`}
      </Tag>
    </Tooltip>
  );
};

const channelIcon: Record<Channel, ReactNode> = {
  call: <PhoneOutlined />,
  sms: <MessageOutlined />,
  email: <MailOutlined />,
  letter: <FileTextOutlined />,
  visit: <HomeOutlined />,
  im: <CommentOutlined />,
};

export const ChannelLabel = ({ channel, iconOnly = false }: { channel: Channel; iconOnly?: boolean }) => {
  const { t } = useTranslation();
  const label = t(`compliance.channels.${channel}`);
  if (iconOnly) return <Tooltip title={label}>{channelIcon[channel]}</Tooltip>;
  return (
    <span style={{ whiteSpace: 'nowrap' }}>
      {channelIcon[channel]} {label}
    </span>
  );
};

// ---------- time zones ----------

const partsFormat = new Map<string, Intl.DateTimeFormat>();
const zoneParts = (zone: string, ms: number) => {
  let f = partsFormat.get(zone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-US', { timeZone: zone, hourCycle: 'h23', year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', second: '2-digit' });
    partsFormat.set(zone, f);
  }
  const parts = f.formatToParts(ms);
  const get = (type: string) => Number(parts.find((p) => p.type === type)?.value ?? 0);
  return { y: get('year'), mo: get('month'), d: get('day'), h: get('hour') % 24, mi: get('minute'), s: get('second') };
};

export const isZone = (zone: string): boolean => {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: zone });
    return true;
  } catch {
    return false;
  }
};

/** Offset of `zone` from UTC at instant `ms`, in minutes (east positive). */
const offsetMinutes = (zone: string, ms: number): number => {
  const p = zoneParts(zone, ms);
  const asUtc = Date.UTC(p.y, p.mo - 1, p.d, p.h, p.mi, p.s);
  return Math.round((asUtc - Math.floor(ms / 1000) * 1000) / 60_000);
};

const pad = (n: number) => String(n).padStart(2, '0');
const offsetText = (minutes: number) => `${minutes < 0 ? '-' : '+'}${pad(Math.floor(Math.abs(minutes) / 60))}:${pad(Math.abs(minutes) % 60)}`;

/** A wall-clock time "YYYY-MM-DD HH:mm" in `zone` → ISO instant with that zone's offset, e.g. 2026-03-02T22:30:00+08:00. */
export const zonedIso = (wall: string, zone: string): string => {
  const m = /^(\d{4})-(\d{2})-(\d{2})[ T](\d{2}):(\d{2})/.exec(wall);
  if (!m) return wall;
  const [, y, mo, d, h, mi] = m.map(Number) as [number, number, number, number, number, number];
  const w = Date.UTC(y, mo - 1, d, h, mi);
  let off = offsetMinutes(zone, w);
  const again = offsetMinutes(zone, w - off * 60_000);
  if (again !== off) off = again;
  return `${m[1]}-${m[2]}-${m[3]}T${m[4]}:${m[5]}:00${offsetText(off)}`;
};

/** An instant as wall-clock "YYYY-MM-DD HH:mm" in `zone`. */
export const wallInZone = (iso: string, zone: string): string => {
  const ms = Date.parse(iso);
  if (Number.isNaN(ms)) return iso;
  const p = zoneParts(zone, ms);
  return `${p.y}-${pad(p.mo)}-${pad(p.d)} ${pad(p.h)}:${pad(p.mi)}`;
};

/** The current wall-clock time in `zone`, rounded down to the minute. */
export const nowInZone = (zone: string): string => wallInZone(new Date().toISOString(), zone);

/**
 * An instant for display. With `zone`: the wall time there, zone named. Otherwise an instant the engine wrote with
 * the party's offset keeps its wall time (offset shown when it is not this browser's), so "08:00" means 08:00 where
 * the party is; a stored UTC instant (`Z`) is shown in this browser's time.
 */
export const formatInstant = (iso: string | null | undefined, zone?: string): string => {
  if (!iso) return '—';
  const ms = Date.parse(iso);
  if (Number.isNaN(ms)) return iso;
  if (zone && isZone(zone)) return `${wallInZone(iso, zone)} (${zone})`;
  const m = /^(\d{4}-\d{2}-\d{2})T(\d{2}:\d{2})(?::\d{2}(?:\.\d+)?)?([+-]\d{2}:\d{2})$/.exec(iso);
  if (!m) return dayjs(ms).format('YYYY-MM-DD HH:mm');
  const written = (m[3]!.startsWith('-') ? -1 : 1) * (Number(m[3]!.slice(1, 3)) * 60 + Number(m[3]!.slice(4, 6)));
  const local = -new Date(ms).getTimezoneOffset();
  return written === local ? `${m[1]} ${m[2]}` : `${m[1]} ${m[2]} (UTC${offsetText(written)})`;
};

export const commonZones = [
  'Asia/Shanghai',
  'Asia/Urumqi',
  'Asia/Hong_Kong',
  'Asia/Taipei',
  'Asia/Tokyo',
  'Asia/Singapore',
  'Europe/London',
  'America/New_York',
  'America/Chicago',
  'America/Denver',
  'America/Los_Angeles',
  'UTC',
];

/** Common zones first, then every zone this browser knows. */
export const zoneOptions = (): { value: string; label: string }[] => {
  const all = typeof Intl.supportedValuesOf === 'function' ? Intl.supportedValuesOf('timeZone') : [];
  const rest = all.filter((z) => !commonZones.includes(z));
  return [...commonZones, ...rest].map((z) => ({ value: z, label: z }));
};

// ---------- rule parameters ----------

// Which label group a parameter's values belong to (by parameter name).
const valueGroups: Record<string, string> = {
  channels: 'channels',
  directions: 'directions',
  results: 'results',
  excludeResults: 'results',
  failureResults: 'results',
  notConnected: 'results',
  events: 'events',
  liftedBy: 'events',
  always: 'partyRoles',
  whenDebtorUnreachable: 'partyRoles',
  targets: 'partyRoles',
  disclosureExempt: 'partyRoles',
  per: 'params.countKeys',
  period: 'params.periods',
  categories: 'params.categories',
  require: 'params.requires',
  scope: 'params.scopes',
  allowPurposes: 'params.purposes',
  appliesTo: 'lenders',
  exemptLenders: 'lenders',
  weekdays: 'params.weekdays',
};

/** Rule parameters as a compact "key: value" list, codes translated (no JSON braces). */
export const ParamsList = ({ params }: { params: Record<string, unknown> }) => {
  const { t, i18n } = useTranslation();
  const label = useComplianceLabel();
  const colon = useColon();
  const sep = i18n.language === 'en' ? ', ' : '、';
  const keyLabel = (k: string) => {
    const key = `compliance.params.keys.${k}`;
    return i18n.exists(key) ? String(t(key as never)) : k;
  };
  const certificate = (v: string) => (i18n.exists(`staff.kinds.${v}`) ? String(t(`staff.kinds.${v}` as never)) : v);
  const value = (k: string, v: unknown): string => {
    if (typeof v === 'boolean') return v ? t('common.yes') : t('common.no');
    if (Array.isArray(v)) return v.length === 0 ? t('compliance.params.empty') : v.map((x) => value(k, x)).join(sep);
    if (v !== null && typeof v === 'object')
      return Object.entries(v as Record<string, unknown>)
        .map(([kk, vv]) => `${keyLabel(kk)} ${value(kk, vv)}`)
        .join(i18n.language === 'en' ? '; ' : '；');
    if (k === 'certificate' && typeof v === 'string') return certificate(v);
    const group = valueGroups[k];
    if (group && (typeof v === 'string' || typeof v === 'number')) return label(group, v);
    return String(v);
  };
  const entries = Object.entries(params);
  if (entries.length === 0) return <Typography.Text type="secondary">—</Typography.Text>;
  return (
    <div style={{ fontSize: 12, lineHeight: '18px' }}>
      {entries.map(([k, v]) => (
        <div key={k}>
          <Typography.Text type="secondary" style={{ fontSize: 12 }}>
            {keyLabel(k)}
            {colon}
          </Typography.Text>
          {value(k, v)}
        </div>
      ))}
    </div>
  );
};

// ---------- reasons ----------

/** The content with the offending spans marked. */
export const HighlightedContent = ({ content, spans }: { content: string; spans: NonNullable<Reason['spans']> }) => {
  const label = useComplianceLabel();
  const parts: ReactNode[] = [];
  let at = 0;
  const sorted = [...spans].filter((s) => s.end > s.start).sort((a, b) => a.start - b.start);
  sorted.forEach((s, i) => {
    if (s.start < at) return; // overlapping spans: the first one wins
    if (s.start > at) parts.push(content.slice(at, s.start));
    parts.push(
      <Tooltip key={i} title={label('params.categories', s.category)}>
        <mark style={{ background: '#ffccc7', padding: '0 1px', borderRadius: 2 }} data-testid="span-mark">
          {content.slice(s.start, s.end)}
        </mark>
      </Tooltip>,
    );
    at = s.end;
  });
  if (at < content.length) parts.push(content.slice(at));
  return <div style={{ whiteSpace: 'pre-wrap', background: '#fafafa', border: '1px solid #f0f0f0', borderRadius: 4, padding: '4px 8px' }}>{parts}</div>;
};

/** One reason of a decision: rule, pack, authority, message, particulars, citation, offending text. */
export const ReasonCard = ({ reason, content, zone }: { reason: Reason; content?: string | undefined; zone?: string | undefined }) => {
  const { t } = useTranslation();
  const loc = useLocalized();
  const label = useComplianceLabel();
  const colon = useColon();
  const spans = reason.spans ?? [];
  // Spans index the content that was checked; if it is not at hand (or changed), list the offending text instead.
  const canMark = content !== undefined && spans.length > 0 && spans.every((s) => content.slice(s.start, s.end) === s.text);
  return (
    <Card
      size="small"
      data-testid={`reason-${reason.ruleId}`}
      styles={{ body: { padding: '8px 12px' } }}
      style={{ borderInlineStart: `3px solid ${reason.outcome === 'block' ? '#ff4d4f' : '#faad14'}` }}
    >
      <Space size={6} wrap style={{ marginBottom: 4 }}>
        <Typography.Text strong code data-testid="reason-rule">
          {reason.ruleId}
        </Typography.Text>
        <OutcomeTag outcome={reason.outcome} />
        <AuthorityTag authority={reason.authority} />
        <Tooltip title={t('compliance.reason.pack')}>
          <Typography.Text type="secondary" style={{ fontSize: 12 }}>
            {reason.pack}@{reason.packVersion}
          </Typography.Text>
        </Tooltip>
      </Space>
      <div data-testid="reason-message">{loc(reason.message)}</div>
      {reason.detail && (
        <Typography.Text type="secondary" style={{ display: 'block', fontSize: 13 }}>
          {loc(reason.detail)}
        </Typography.Text>
      )}
      {spans.length > 0 && (canMark || !reason.detail) && (
        <div style={{ marginTop: 4 }}>
          <Typography.Text type="secondary" style={{ fontSize: 12 }}>
            {canMark ? t('compliance.reason.marked') : t('compliance.reason.spans')}
            {colon}
          </Typography.Text>
          {canMark ? (
            <HighlightedContent content={content} spans={spans} />
          ) : (
            <Space size={4} wrap>
              {spans.map((s, i) => (
                <Tooltip key={i} title={label('params.categories', s.category)}>
                  <mark style={{ background: '#ffccc7', padding: '0 2px', borderRadius: 2 }}>{s.text}</mark>
                </Tooltip>
              ))}
            </Space>
          )}
        </div>
      )}
      <div style={{ marginTop: 4, fontSize: 12 }}>
        <Typography.Text type="secondary" style={{ fontSize: 12 }}>
          {t('compliance.reason.citation')}
          {colon}
        </Typography.Text>
        <Typography.Text style={{ fontSize: 12 }}>{reason.citation}</Typography.Text>
        {reason.outcome === 'block' && reason.until !== undefined && (
          <>
            <Typography.Text type="secondary" style={{ fontSize: 12, marginInlineStart: 12 }}>
              {t('compliance.reason.until')}
              {colon}
            </Typography.Text>
            <Typography.Text style={{ fontSize: 12 }}>{reason.until === null ? t('compliance.reason.untilManual') : formatInstant(reason.until, zone)}</Typography.Text>
          </>
        )}
      </div>
    </Card>
  );
};

export const ReasonList = ({ reasons, content, zone, empty }: { reasons: Reason[]; content?: string | undefined; zone?: string | undefined; empty?: ReactNode }) => {
  if (reasons.length === 0) return <>{empty ?? null}</>;
  return (
    <Space orientation="vertical" size={8} style={{ width: '100%' }}>
      {reasons.map((r, i) => (
        <ReasonCard key={`${r.pack}/${r.ruleId}/${i}`} reason={r} content={content} zone={zone} />
      ))}
    </Space>
  );
};
