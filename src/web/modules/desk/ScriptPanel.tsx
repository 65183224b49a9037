// The case page's script panel (话术, issue 5, item 2): the debtor's language or dialect first ("请使用：粤语"), the
// opening ready to read, the purpose, situation chips (auto-selected from the case's record, switchable) with that
// situation's lines, then negotiation and closing. Each section shows the collector's tip in grey. Collapsible.
import { BulbOutlined, DownOutlined, UpOutlined } from '@ant-design/icons';
import { Alert, Button, Card, Space, Tag, Tooltip, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { CaseDetail } from '../../../contracts/cases.js';
import { scriptSituations, type CaseScript, type ScriptSituation } from '../../../contracts/scripts.js';
import { useCan } from '../../app/auth.js';
import { formatDate } from '../../app/format.js';
import { useCaseScript } from './scriptsApi.js';

const knownLanguages = ['zh-CN', 'en', 'yue', 'wuu', 'nan'] as const;
const scriptEvents = ['dispute', 'hold_hardship', 'cease', 'unreachable'] as const;
const OPEN_KEY = 'concord.scriptPanel.open';

const Line = ({ label, line, testId, strong }: { label: string; line: { body: string; tip: string }; testId: string; strong?: boolean }) => (
  <div data-testid={testId} style={{ marginBottom: 10 }}>
    <Typography.Text type="secondary" style={{ fontSize: 12 }}>{label}</Typography.Text>
    <Typography.Paragraph style={{ margin: '2px 0', fontSize: strong ? 16 : 14, lineHeight: 1.6 }} data-testid={`${testId}-body`}>
      {line.body}
    </Typography.Paragraph>
    {line.tip && (
      <Typography.Text type="secondary" style={{ fontSize: 12 }} data-testid={`${testId}-tip`}>
        <BulbOutlined /> {line.tip}
      </Typography.Text>
    )}
  </div>
);

export const ScriptPanel = ({ c }: { c: CaseDetail }) => {
  const { t } = useTranslation();
  const can = useCan();
  const [open, setOpen] = useState(() => (typeof localStorage === 'undefined' ? true : localStorage.getItem(OPEN_KEY) !== 'false'));
  // The collector's own choice of situation, for this case only (undefined: the one the record points to).
  const [pick, setPick] = useState<{ caseId: string; situation: ScriptSituation | null } | null>(null);
  const picked = pick?.caseId === c.id ? pick.situation : undefined;
  const q = useCaseScript(c.id, can('cases.read'));

  const toggle = () => {
    setOpen((o) => {
      try {
        localStorage.setItem(OPEN_KEY, String(!o));
      } catch {
        /* private mode: the choice is not remembered */
      }
      return !o;
    });
  };

  const languageLabel = (code: string) => {
    const known = knownLanguages.find((l) => l === code);
    return known ? t(`desk.languages.${known}`) : code;
  };

  const reasonText = (s: CaseScript) => {
    const r = s.reason;
    if (r.source === 'none') return t('scripts.reasonNone');
    if (r.source === 'note') return t('scripts.reasonNote', { date: formatDate(r.at), keyword: r.keyword });
    const known = scriptEvents.find((e) => e === r.eventType);
    const event = known ? t(`scripts.events.${known}`) : r.eventType;
    return `${t('scripts.reasonEvent', { date: formatDate(r.at), event })}${r.keyword ? t('scripts.reasonKeyword', { keyword: r.keyword }) : ''}`;
  };

  const s = q.data;
  const situation = picked === undefined ? (s?.situation ?? null) : picked;
  const language = s ? languageLabel(s.preferredLanguage) : languageLabel(c.debtor.preferredLanguage);

  return (
    <Card
      size="small"
      data-testid="script-panel"
      title={
        <Space size={8} wrap>
          <span>{t('scripts.panelTitle')}</span>
          <Tag color="magenta" style={{ fontSize: 15, padding: '2px 10px', marginInlineEnd: 0 }} data-testid="script-language" data-language={s?.preferredLanguage ?? c.debtor.preferredLanguage}>
            {t('scripts.useLanguage', { language })}
          </Tag>
          {s && s.locale === 'en' && <Tag color="blue">{t('scripts.englishScript')}</Tag>}
        </Space>
      }
      extra={
        <Button type="text" size="small" icon={open ? <UpOutlined /> : <DownOutlined />} onClick={toggle} data-testid="script-toggle" aria-expanded={open}>
          {open ? t('scripts.collapse') : t('scripts.expand')}
        </Button>
      }
      styles={{ body: open ? undefined : { display: 'none' } }}
    >
      {q.isError && <Alert type="error" showIcon title={t('scripts.loadFailed')} />}
      {s && (
        <>
          <Line label={t('scripts.sections.opening')} line={s.opening} testId="script-opening" strong />
          <Line label={t('scripts.sections.purpose')} line={s.purpose} testId="script-purpose" />
          <div style={{ margin: '4px 0 8px' }}>
            <Space size={[4, 6]} wrap data-testid="script-situations">
              {scriptSituations.map((x) => (
                <Tooltip key={x} title={x === s.situation ? reasonText(s) : undefined}>
                  <Tag.CheckableTag
                    checked={situation === x}
                    onChange={(on) => setPick({ caseId: c.id, situation: on ? x : null })}
                    data-testid={`script-chip-${x}`}
                    data-auto={x === s.situation ? 'true' : undefined}
                    style={{ border: '1px solid #d9d9d9' }}
                  >
                    {t(`scripts.situations.${x}`)}
                    {x === s.situation && ` · ${t('scripts.auto')}`}
                  </Tag.CheckableTag>
                </Tooltip>
              ))}
            </Space>
            <div>
              <Typography.Text type="secondary" style={{ fontSize: 12 }} data-testid="script-reason">
                {reasonText(s)}
              </Typography.Text>
            </div>
          </div>
          {situation && <Line label={t(`scripts.situations.${situation}`)} line={s.situations[situation]} testId="script-situation" />}
          <Line label={t('scripts.sections.negotiation')} line={s.negotiation} testId="script-negotiation" />
          <Line label={t('scripts.sections.closing')} line={s.closing} testId="script-closing" />
        </>
      )}
    </Card>
  );
};
