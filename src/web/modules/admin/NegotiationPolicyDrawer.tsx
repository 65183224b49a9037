import type { TableProps } from 'antd';
import { Col, Form, InputNumber, Row, Select, Space, Switch, Table, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import type { Creditor } from '../../../contracts/identity.js';
import { PolicyDrawerFrame, PolicyFormShell, SectionTitle } from './PolicyDrawerShell.js';
import {
  fromNegotiationForm, minorDigits, negotiationFieldOf, negotiationSegments, policyBuckets, roles, toNegotiationForm,
  type NegotiationFormValues, type PolicyBucket, type Role,
} from './negotiationPolicyForm.js';

type Values = NegotiationFormValues;
/** A bucket name as a test id ("M6+" → "M6p"). */
const slug = (b: string) => b.replace('+', 'p');

/** One creditor's negotiation policy (协商政策): plan policy per bucket, authority matrix, grace days. */
export const NegotiationPolicyDrawer = ({ creditor, onClose }: { creditor: Creditor | null; onClose: () => void }) => {
  const { t } = useTranslation();
  return (
    <PolicyDrawerFrame
      creditor={creditor}
      onClose={onClose}
      size={1000}
      title={(c) => t('creditors.negotiation.title', { name: c.name })}
      isCustom={(c) => Boolean(c.negotiationPolicy)}
      tags={{ custom: t('creditors.negotiation.custom'), defaults: t('creditors.negotiation.defaults') }}
      data-testid="negotiation-drawer"
    >
      {(c) => <NegotiationForm key={c.id} creditor={c} onClose={onClose} />}
    </PolicyDrawerFrame>
  );
};

/** A bucket's step-up: as the default, none, or its own interval and step (shown only then). */
const StepUpCell = ({ bucket, inherited }: { bucket: PolicyBucket; inherited: { offered: boolean; every: string; pct: string } }) => {
  const { t } = useTranslation();
  const form = Form.useFormInstance<Values>();
  const mode = Form.useWatch(['buckets', bucket, 'stepUp'], form);
  return (
    <>
      <Form.Item name={['buckets', bucket, 'stepUp']} style={{ marginBottom: mode === 'yes' ? 4 : 0 }}>
        <Select
          aria-label={`${bucket} ${t('creditors.negotiation.stepUp')}`}
          options={[
            { value: 'inherit', label: `${t('creditors.negotiation.inherit')}（${inherited.offered ? t('creditors.negotiation.offered') : t('creditors.negotiation.notOffered')}）` },
            { value: 'yes', label: t('creditors.negotiation.offered') },
            { value: 'no', label: t('creditors.negotiation.notOffered') },
          ]}
          data-testid={`negotiation-bucket-${slug(bucket)}-stepUp`}
        />
      </Form.Item>
      {mode === 'yes' && (
        <Space.Compact block>
          <Form.Item name={['buckets', bucket, 'stepEveryMonths']} noStyle>
            <InputNumber min={1} max={600} precision={0} prefix={t('creditors.negotiation.every')} suffix={t('creditors.negotiation.monthsShort')} placeholder={inherited.every} aria-label={`${bucket} ${t('creditors.negotiation.stepEveryMonths')}`} data-testid={`negotiation-bucket-${slug(bucket)}-stepEveryMonths`} />
          </Form.Item>
          <Form.Item name={['buckets', bucket, 'stepPct']} noStyle>
            <InputNumber min={0.01} max={100} prefix="+" suffix="%" placeholder={inherited.pct} aria-label={`${bucket} ${t('creditors.negotiation.stepPct')}`} data-testid={`negotiation-bucket-${slug(bucket)}-stepPct`} />
          </Form.Item>
        </Space.Compact>
      )}
    </>
  );
};

const NegotiationForm = ({ creditor, onClose }: { creditor: Creditor; onClose: () => void }) => {
  const { t } = useTranslation();
  const [form] = Form.useForm<Values>();
  const digits = minorDigits(creditor.currency);
  const stored = creditor.negotiationPolicy;
  const initial = toNegotiationForm(stored, digits);
  const d = toNegotiationForm(null, digits);
  // The default bucket as edited: an empty bucket cell shows (and means) it.
  const live = (Form.useWatch('default', form) as Values['default'] | undefined) ?? initial.default;
  const money = creditor.currency === 'CNY' ? t('creditors.policy.yuan') : creditor.currency;
  const defaultHint = (value: string | number) => t('creditors.policy.default', { value });
  const show = (v: number | null | undefined) => (v === null || v === undefined ? '' : String(v));

  const fieldLabel: Record<string, string> = {
    maxTermMonths: t('creditors.negotiation.maxTermMonths'),
    minInstallment: t('creditors.negotiation.minInstallment'),
    maxDiscountPct: t('creditors.negotiation.maxDiscountPct'),
    planRatePct: t('creditors.negotiation.planRatePct'),
    freezePenalty: t('creditors.negotiation.freezePenalty'),
    maxDeferralMonths: t('creditors.negotiation.maxDeferralMonths'),
    stepUp: t('creditors.negotiation.stepUp'),
    stepEveryMonths: t('creditors.negotiation.stepEveryMonths'),
    stepPct: t('creditors.negotiation.stepPct'),
    settlementDueDays: t('creditors.negotiation.settlementDueDays'),
    maxWaived: t('creditors.negotiation.maxWaived'),
  };
  const roleLabel = (r: Role) => t(`creditors.negotiation.${r}`);

  /** "审批权限 · 主管 · 最高减免比例", "分段政策 · M1 · 最长期数", or the section alone. */
  const labelOf = (segs: string[]): string => {
    const name = negotiationFieldOf(segs);
    if (!name) return [t('creditors.negotiation.menu'), ...segs].join(' · ');
    const [section, a, b] = name.map(String);
    if (section === 'graceDays') return `${t('creditors.negotiation.grace')} · ${t('creditors.negotiation.graceDays')}`;
    if (section === 'monthlyKeepPct') return `${t('creditors.negotiation.defaultBucket')} · ${t('creditors.negotiation.monthlyKeepPct')}`;
    if (section === 'authority') return [t('creditors.negotiation.authority'), roleLabel(a as Role), fieldLabel[b ?? ''] ?? b].join(' · ');
    if (section === 'buckets') return [t('creditors.negotiation.buckets'), a, fieldLabel[b ?? ''] ?? b].join(' · ');
    return [t('creditors.negotiation.defaultBucket'), fieldLabel[a ?? ''] ?? a].join(' · ');
  };

  const months = { min: 1, max: 600, precision: 0, suffix: t('creditors.negotiation.monthsShort'), style: { width: '100%' } } as const;
  // Shares in % (whole or fractional; sent as whole basis points).
  const pct = { min: 0, max: 100, step: 1, suffix: '%', style: { width: '100%' } } as const;
  const amount = { min: 1 / 10 ** digits, max: 1e11, precision: digits, suffix: money, style: { width: '100%' } } as const;
  const days = { precision: 0, suffix: t('creditors.policy.days'), style: { width: '100%' } } as const;
  const yesNo = (v: boolean) => (v ? t('creditors.negotiation.yes') : t('creditors.negotiation.no'));

  const bucketColumns: TableProps<PolicyBucket>['columns'] = [
    { title: t('creditors.policy.bucket'), key: 'bucket', width: 64, render: (_: unknown, b) => <strong>{b}</strong> },
    {
      title: fieldLabel.maxTermMonths,
      key: 'maxTermMonths',
      render: (_: unknown, b) => (
        <Form.Item name={['buckets', b, 'maxTermMonths']} style={{ marginBottom: 0 }}>
          <InputNumber {...months} placeholder={show(live.maxTermMonths)} aria-label={`${b} ${fieldLabel.maxTermMonths}`} data-testid={`negotiation-bucket-${slug(b)}-maxTermMonths`} />
        </Form.Item>
      ),
    },
    {
      title: fieldLabel.minInstallment,
      key: 'minInstallment',
      render: (_: unknown, b) => (
        <Form.Item name={['buckets', b, 'minInstallment']} style={{ marginBottom: 0 }}>
          <InputNumber {...amount} placeholder={show(live.minInstallment)} aria-label={`${b} ${fieldLabel.minInstallment}`} data-testid={`negotiation-bucket-${slug(b)}-minInstallment`} />
        </Form.Item>
      ),
    },
    {
      title: fieldLabel.maxDiscountPct,
      key: 'maxDiscountPct',
      render: (_: unknown, b) => (
        <Form.Item name={['buckets', b, 'maxDiscountPct']} style={{ marginBottom: 0 }}>
          <InputNumber {...pct} placeholder={show(live.maxDiscountPct)} aria-label={`${b} ${fieldLabel.maxDiscountPct}`} data-testid={`negotiation-bucket-${slug(b)}-maxDiscountPct`} />
        </Form.Item>
      ),
    },
    {
      title: fieldLabel.freezePenalty,
      key: 'freezePenalty',
      width: 120,
      render: (_: unknown, b) => (
        <Form.Item name={['buckets', b, 'freezePenalty']} style={{ marginBottom: 0 }}>
          <Select
            aria-label={`${b} ${fieldLabel.freezePenalty}`}
            options={[
              { value: 'inherit', label: `${t('creditors.negotiation.inherit')}（${yesNo(live.freezePenalty)}）` },
              { value: 'yes', label: t('creditors.negotiation.yes') },
              { value: 'no', label: t('creditors.negotiation.no') },
            ]}
            data-testid={`negotiation-bucket-${slug(b)}-freezePenalty`}
          />
        </Form.Item>
      ),
    },
    {
      title: fieldLabel.stepUp,
      key: 'stepUp',
      width: 200,
      render: (_: unknown, b) => <StepUpCell bucket={b} inherited={{ offered: live.stepUp, every: show(live.stepEveryMonths), pct: show(live.stepPct) }} />,
    },
    {
      title: fieldLabel.maxDeferralMonths,
      key: 'maxDeferralMonths',
      render: (_: unknown, b) => (
        <Form.Item name={['buckets', b, 'maxDeferralMonths']} style={{ marginBottom: 0 }}>
          <InputNumber {...months} min={0} max={24} placeholder={show(live.maxDeferralMonths)} aria-label={`${b} ${fieldLabel.maxDeferralMonths}`} data-testid={`negotiation-bucket-${slug(b)}-maxDeferralMonths`} />
        </Form.Item>
      ),
    },
  ];

  return (
    <PolicyFormShell
      creditor={creditor}
      form={form}
      policyField="negotiationPolicy"
      stored={stored}
      initialValues={initial}
      toPolicy={(v) => fromNegotiationForm(v, stored, digits)}
      issues={{ segmentsOf: negotiationSegments, fieldOf: negotiationFieldOf, labelOf }}
      texts={{ customHint: t('creditors.negotiation.customHint'), defaultsHint: t('creditors.negotiation.defaultsHint'), restoreConfirm: t('creditors.negotiation.restoreConfirm') }}
      testIdPrefix="negotiation"
      onClose={onClose}
    >
      <SectionTitle>{t('creditors.negotiation.defaultBucket')}</SectionTitle>
      <Row gutter={16}>
        <Col span={6}>
          <Form.Item name={['default', 'maxTermMonths']} label={fieldLabel.maxTermMonths} extra={defaultHint(show(d.default.maxTermMonths))}>
            <InputNumber {...months} placeholder={show(d.default.maxTermMonths)} data-testid="negotiation-default-maxTermMonths" />
          </Form.Item>
        </Col>
        <Col span={6}>
          <Form.Item name={['default', 'minInstallment']} label={fieldLabel.minInstallment} extra={defaultHint(`${show(d.default.minInstallment)} ${money}`)}>
            <InputNumber {...amount} placeholder={show(d.default.minInstallment)} data-testid="negotiation-default-minInstallment" />
          </Form.Item>
        </Col>
        <Col span={6}>
          <Form.Item name={['default', 'maxDiscountPct']} label={fieldLabel.maxDiscountPct} extra={defaultHint(`${show(d.default.maxDiscountPct)}%`)}>
            <InputNumber {...pct} placeholder={show(d.default.maxDiscountPct)} data-testid="negotiation-default-maxDiscountPct" />
          </Form.Item>
        </Col>
        <Col span={6}>
          <Form.Item name={['default', 'planRatePct']} label={fieldLabel.planRatePct} extra={t('creditors.negotiation.planRateHelp')}>
            <InputNumber {...pct} max={10_000} placeholder={show(d.default.planRatePct)} data-testid="negotiation-default-planRatePct" />
          </Form.Item>
        </Col>
      </Row>
      <Row gutter={16}>
        <Col span={6}>
          <Form.Item name={['default', 'maxDeferralMonths']} label={fieldLabel.maxDeferralMonths} extra={defaultHint(show(d.default.maxDeferralMonths))}>
            <InputNumber {...months} min={0} max={24} placeholder={show(d.default.maxDeferralMonths)} data-testid="negotiation-default-maxDeferralMonths" />
          </Form.Item>
        </Col>
        <Col span={6}>
          <Form.Item name={['default', 'settlementDueDays']} label={fieldLabel.settlementDueDays} extra={defaultHint(show(d.default.settlementDueDays))}>
            <InputNumber {...days} min={0} max={365} placeholder={show(d.default.settlementDueDays)} data-testid="negotiation-default-settlementDueDays" />
          </Form.Item>
        </Col>
        <Col span={6}>
          <Form.Item name={['default', 'freezePenalty']} valuePropName="checked" label={fieldLabel.freezePenalty} extra={t('creditors.negotiation.freezePenaltyHelp')}>
            <Switch data-testid="negotiation-default-freezePenalty" />
          </Form.Item>
        </Col>
        <Col span={6}>
          <Form.Item name="monthlyKeepPct" label={t('creditors.negotiation.monthlyKeepPct')} extra={t('creditors.negotiation.monthlyKeepHelp')}>
            <InputNumber {...pct} min={0.01} placeholder={show(d.monthlyKeepPct)} data-testid="negotiation-monthly-keep" />
          </Form.Item>
        </Col>
      </Row>
      <Row gutter={16} align="top">
        <Col span={6}>
          <Form.Item name={['default', 'stepUp']} valuePropName="checked" label={fieldLabel.stepUp} extra={t('creditors.negotiation.stepUpHelp')}>
            <Switch data-testid="negotiation-default-stepUp" />
          </Form.Item>
        </Col>
        <Col span={6}>
          <Form.Item name={['default', 'stepEveryMonths']} label={fieldLabel.stepEveryMonths} extra={defaultHint(show(d.default.stepEveryMonths))}>
            <InputNumber {...months} disabled={!live.stepUp} placeholder={show(d.default.stepEveryMonths)} data-testid="negotiation-default-stepEveryMonths" />
          </Form.Item>
        </Col>
        <Col span={6}>
          <Form.Item name={['default', 'stepPct']} label={fieldLabel.stepPct} extra={defaultHint(`${show(d.default.stepPct)}%`)}>
            <InputNumber {...pct} min={0.01} disabled={!live.stepUp} placeholder={show(d.default.stepPct)} data-testid="negotiation-default-stepPct" />
          </Form.Item>
        </Col>
      </Row>

      <SectionTitle>{t('creditors.negotiation.buckets')}</SectionTitle>
      <Typography.Paragraph type="secondary" style={{ marginTop: -4 }}>
        {t('creditors.negotiation.bucketsHelp')}
      </Typography.Paragraph>
      <Table<PolicyBucket>
        size="small"
        rowKey={(b) => b}
        columns={bucketColumns}
        dataSource={[...policyBuckets]}
        pagination={false}
        style={{ marginBottom: 24 }}
        onRow={(b) => ({ 'data-testid': `negotiation-bucket-row-${slug(b)}` }) as React.HTMLAttributes<HTMLElement>}
        data-testid="negotiation-buckets"
      />

      <SectionTitle>{t('creditors.negotiation.authority')}</SectionTitle>
      <Typography.Paragraph type="secondary" style={{ marginTop: -4 }}>
        {t('creditors.negotiation.authorityHelp')}
      </Typography.Paragraph>
      {roles.map((r) => (
        <Row gutter={16} key={r} data-testid={`negotiation-authority-${r}`}>
          <Col span={4}>
            <div style={{ paddingTop: 30, fontWeight: 500 }}>{roleLabel(r)}</div>
          </Col>
          <Col span={6}>
            <Form.Item name={['authority', r, 'maxDiscountPct']} label={fieldLabel.maxDiscountPct} extra={defaultHint(`${show(d.authority[r].maxDiscountPct)}%`)}>
              <InputNumber {...pct} placeholder={show(d.authority[r].maxDiscountPct)} data-testid={`negotiation-authority-${r}-maxDiscountPct`} />
            </Form.Item>
          </Col>
          <Col span={6}>
            <Form.Item name={['authority', r, 'maxTermMonths']} label={fieldLabel.maxTermMonths} extra={defaultHint(show(d.authority[r].maxTermMonths))}>
              <InputNumber {...months} min={0} placeholder={show(d.authority[r].maxTermMonths)} data-testid={`negotiation-authority-${r}-maxTermMonths`} />
            </Form.Item>
          </Col>
          <Col span={8}>
            <Form.Item name={['authority', r, 'maxWaived']} label={fieldLabel.maxWaived} extra={defaultHint(`${show(d.authority[r].maxWaived)} ${money}`)}>
              <InputNumber {...amount} min={0} placeholder={show(d.authority[r].maxWaived)} data-testid={`negotiation-authority-${r}-maxWaived`} />
            </Form.Item>
          </Col>
        </Row>
      ))}

      <SectionTitle>{t('creditors.negotiation.grace')}</SectionTitle>
      <Row gutter={16}>
        <Col span={6}>
          <Form.Item name="graceDays" label={t('creditors.negotiation.graceDays')} extra={defaultHint(t('creditors.policy.nDays', { n: d.graceDays }))}>
            <InputNumber {...days} min={0} max={60} placeholder={show(d.graceDays)} data-testid="negotiation-grace-days" />
          </Form.Item>
        </Col>
        <Col span={18}>
          <Typography.Paragraph type="secondary" style={{ marginTop: 30 }}>
            {t('creditors.negotiation.graceHelp')}
          </Typography.Paragraph>
        </Col>
      </Row>
    </PolicyFormShell>
  );
};
