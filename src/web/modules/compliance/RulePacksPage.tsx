import { InfoCircleOutlined } from '@ant-design/icons';
import { Button, Card, Collapse, Descriptions, Skeleton, Space, Table, Tag, Tooltip, Typography } from 'antd';
import type { TableProps } from 'antd';
import type { TFunction } from 'i18next';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ErrorResult } from '../../app/Results.js';
import { useRulePacks, type Pack, type PackSet, type Rule } from './complianceApi.js';
import { AuthorityTag, OutcomeTag, ParamsList, StatusTag, useColon, useComplianceLabel, useLocalized } from './ComplianceParts.js';

/** A member of a set: a pack, another set, or `pack#kind,kind` (only those kinds of rules). */
const SetMember = ({ member, sets, packs, onOpen }: { member: string; sets: PackSet[]; packs: Pack[]; onOpen: (packId: string) => void }) => {
  const { t, i18n } = useTranslation();
  const loc = useLocalized();
  const label = useComplianceLabel();
  const [id = '', kinds] = member.split('#');
  const set = sets.find((s) => s.id === id);
  if (set) {
    return (
      <Tooltip title={loc(set.title)}>
        <Tag color="geekblue" style={{ marginInlineEnd: 0 }}>
          {set.id}
        </Tag>
      </Tooltip>
    );
  }
  const pack = packs.find((p) => p.id === id);
  const only = kinds
    ? t('compliance.packs.onlyKinds', { kinds: kinds.split(',').map((k) => label('kinds', k)).join(i18n.language === 'en' ? ', ' : '、') })
    : null;
  return (
    <Tooltip title={pack ? loc(pack.title) : undefined}>
      <Tag style={{ marginInlineEnd: 0, cursor: pack ? 'pointer' : undefined }} onClick={() => pack && onOpen(pack.id)} data-testid={`set-member-${member}`}>
        {id}
        {pack && <Typography.Text type="secondary" style={{ fontSize: 12 }}>@{pack.version}</Typography.Text>}
        {only && <Typography.Text type="warning" style={{ fontSize: 12, marginInlineStart: 4 }}>{only}</Typography.Text>}
      </Tag>
    </Tooltip>
  );
};

const RulesTable = ({ pack }: { pack: Pack }) => {
  const { t, i18n } = useTranslation();
  const sep = i18n.language === 'en' ? ', ' : '、';
  const colon = useColon();
  const loc = useLocalized();
  const label = useComplianceLabel();
  const columns: TableProps<Rule>['columns'] = [
    {
      title: t('compliance.packs.id'),
      dataIndex: 'id',
      width: 88,
      render: (id: string) => (
        <Typography.Text code style={{ whiteSpace: 'nowrap' }}>
          {id}
        </Typography.Text>
      ),
    },
    {
      title: t('compliance.packs.rule'),
      key: 'title',
      render: (_: unknown, r) => (
        <Tooltip
          placement="topLeft"
          title={
            <div>
              <div>{loc(r.message)}</div>
              {r.note && (
                <div style={{ marginTop: 4, opacity: 0.85 }}>
                  {t('compliance.packs.note')}
                  {colon}
                  {r.note}
                </div>
              )}
            </div>
          }
        >
          <span style={{ cursor: 'help' }}>
            {loc(r.title)}
            {r.note && <InfoCircleOutlined style={{ marginInlineStart: 4, color: '#8c8c8c', fontSize: 12 }} />}
          </span>
        </Tooltip>
      ),
    },
    {
      title: t('compliance.packs.kind'),
      dataIndex: 'kind',
      width: 84,
      render: (k: string) => (
        <Tooltip title={k}>
          <span>{label('kinds', k)}</span>
        </Tooltip>
      ),
    },
    {
      title: `${t('compliance.packs.authority')} / ${t('compliance.packs.outcome')}`,
      key: 'authority',
      width: 120,
      render: (_: unknown, r) => (
        <Space orientation="vertical" size={2} align="start">
          <AuthorityTag authority={r.authority} />
          <OutcomeTag outcome={r.outcome} />
        </Space>
      ),
    },
    { title: t('compliance.packs.status'), dataIndex: 'status', width: 56, align: 'center', render: (s: Rule['status']) => <StatusTag status={s} compact /> },
    {
      title: t('compliance.packs.channels'),
      dataIndex: 'channels',
      width: 96,
      render: (chs: Rule['channels']) =>
        chs && chs.length > 0 ? (
          <span style={{ fontSize: 12 }}>{chs.map((c) => label('channels', c)).join(sep)}</span>
        ) : (
          <Typography.Text type="secondary">{t('compliance.packs.allChannels')}</Typography.Text>
        ),
    },
    { title: t('compliance.packs.params'), dataIndex: 'params', width: 250, render: (p: Rule['params']) => <ParamsList params={p} /> },
    {
      title: t('compliance.packs.citation'),
      dataIndex: 'citation',
      width: 140,
      render: (c: string) => (
        <Typography.Paragraph style={{ fontSize: 12, margin: 0 }} ellipsis={{ rows: 3, tooltip: c }}>
          {c}
        </Typography.Paragraph>
      ),
    },
    {
      title: t('compliance.packs.enabled'),
      dataIndex: 'enabled',
      width: 60,
      align: 'center',
      render: (on: boolean) => <Tag color={on ? 'green' : 'default'} style={{ marginInlineEnd: 0 }}>{on ? t('compliance.packs.on') : t('compliance.packs.off')}</Tag>,
    },
  ];
  return (
    <Table<Rule>
      size="small"
      rowKey={(r) => `${r.id}/${r.kind}/${JSON.stringify(r.params)}`}
      columns={columns}
      dataSource={pack.rules}
      pagination={false}
      scroll={{ x: 1060 }}
      data-testid={`rules-${pack.id}`}
      onRow={(r) => ({ style: r.enabled ? undefined : { opacity: 0.55 } })}
    />
  );
};

const effective = (t: TFunction, from?: string, to?: string): string => {
  if (from && to) return t('compliance.packs.effectiveRange', { from, to });
  if (from) return t('compliance.packs.effectiveFrom', { from });
  if (to) return t('compliance.packs.effectiveRange', { from: '—', to });
  return t('compliance.packs.effectiveOpen');
};

export const RulePacksPage = () => {
  const { t } = useTranslation();
  const loc = useLocalized();
  const data = useRulePacks();
  const [open, setOpen] = useState<string[]>([]);

  if (data.isPending) return <Card size="small"><Skeleton active /></Card>;
  if (data.isError) return <ErrorResult error={data.error} onRetry={() => void data.refetch()} />;
  const { packs, sets } = data.data;

  const openPack = (id: string) => {
    setOpen((o) => (o.includes(id) ? o : [...o, id]));
    setTimeout(() => document.getElementById(`pack-${id}`)?.scrollIntoView({ behavior: 'smooth', block: 'start' }), 50);
  };

  return (
    <Space orientation="vertical" size={12} style={{ width: '100%' }} data-testid="rule-packs-page">
      <Card size="small" title={t('compliance.packs.setsTitle')} data-testid="pack-sets">
        <Typography.Paragraph type="secondary" style={{ fontSize: 12, marginBottom: 8 }}>
          {t('compliance.packs.setsHint')}
        </Typography.Paragraph>
        <Descriptions
          size="small"
          column={1}
          bordered
          styles={{ label: { width: 320, verticalAlign: 'top' } }}
          items={sets.map((s) => ({
            key: s.id,
            label: (
              <Space orientation="vertical" size={0}>
                <Typography.Text strong code>
                  {s.id}
                </Typography.Text>
                <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                  {loc(s.title)}
                </Typography.Text>
              </Space>
            ),
            children: (
              <Space size={[6, 6]} wrap data-testid={`set-${s.id}`}>
                {s.packs.map((m) => (
                  <SetMember key={m} member={m} sets={sets} packs={packs} onOpen={openPack} />
                ))}
              </Space>
            ),
          }))}
        />
      </Card>
      <Card
        size="small"
        title={t('compliance.packs.title')}
        extra={
          <Space size={4}>
            <Button size="small" onClick={() => setOpen(packs.map((p) => p.id))} data-testid="packs-expand-all">
              {t('compliance.packs.expandAll')}
            </Button>
            <Button size="small" onClick={() => setOpen([])}>
              {t('compliance.packs.collapseAll')}
            </Button>
          </Space>
        }
      >
        <Collapse
          activeKey={open}
          onChange={(keys) => setOpen(Array.isArray(keys) ? keys.map(String) : [String(keys)])}
          data-testid="packs"
          items={packs.map((p) => ({
            key: p.id,
            label: (
              <span data-testid={`pack-${p.id}`} id={`pack-${p.id}`}>
                <Typography.Text strong>{loc(p.title)}</Typography.Text>
              </span>
            ),
            extra: (
              <Space size={6} wrap={false}>
                <Typography.Text code style={{ fontSize: 12 }}>
                  {p.id}@{p.version}
                </Typography.Text>
                <Tag style={{ marginInlineEnd: 0 }}>{p.jurisdiction}</Tag>
                <Typography.Text type="secondary" style={{ fontSize: 12, whiteSpace: 'nowrap' }}>
                  {t('compliance.packs.ruleCount', { count: p.rules.length })}
                </Typography.Text>
              </Space>
            ),
            children: (
              <Space orientation="vertical" size={8} style={{ width: '100%' }}>
                <Descriptions
                  size="small"
                  column={{ xs: 1, md: 2, xl: 4 }}
                  items={[
                    { key: 'j', label: t('compliance.packs.jurisdiction'), children: p.jurisdiction },
                    { key: 'z', label: t('compliance.packs.timeZone'), children: p.timeZone },
                    { key: 'e', label: t('compliance.packs.effective'), children: effective(t, p.effectiveFrom, p.effectiveTo) },
                    { key: 'v', label: t('compliance.packs.id'), children: `${p.id}@${p.version}` },
                    {
                      key: 's',
                      label: t('compliance.packs.source'),
                      span: 'filled',
                      children: p.source,
                    },
                  ]}
                />
                <RulesTable pack={p} />
              </Space>
            ),
          }))}
        />
      </Card>
    </Space>
  );
};
