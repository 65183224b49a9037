import { ArrowDownOutlined, ArrowUpOutlined, DeleteOutlined, PlusOutlined } from '@ant-design/icons';
import { Button, Col, Form, InputNumber, Radio, Row, Select, Space, Switch, Typography } from 'antd';
import type { NamePath } from 'antd/es/form/interface';
import { useTranslation } from 'react-i18next';
import type { Creditor } from '../../../contracts/identity.js';
import type { DelinquencyPolicyInput, ledgerComponents } from '../../../contracts/ledger.js';
import { DEFAULT_POLICY } from '../../../core/delinquency/policy.js';
import { minorDigits } from './negotiationPolicyForm.js';
import { PolicyDrawerFrame, PolicyFormShell, SectionTitle } from './PolicyDrawerShell.js';

type Component = (typeof ledgerComponents)[number];
type BucketName = NonNullable<DelinquencyPolicyInput['buckets']>[number]['bucket'];
const bucketNames: readonly BucketName[] = ['M0', 'M1', 'M2', 'M3', 'M4', 'M5', 'M6+'];
type DayBasis = 365 | 360;

/** The form in the units staff think in: rates in % p.a., amounts in yuan (major units). */
type Values = {
  waterfall: { components: Component[]; installmentOrder: 'oldest_due_first' | 'newest_due_first'; sweep: 'by_installment' | 'by_component' };
  buckets: { bucket: BucketName; minDpd: number | null }[];
  penalty: { ratePct: number | null; onInterest: boolean; graceDays: number | null; graceMode: 'defer' | 'backdate'; dayBasis: DayBasis; lateFee: number | null };
  caps: { licensedPct: number | null; privatePct: number | null; limitToCap: boolean; dayBasis: DayBasis };
  dpd: { tolerance: number | null };
};

/** The stored policy with the engine's defaults filled in (what the engine applies for this creditor). */
const effective = (p: DelinquencyPolicyInput | null) => ({
  waterfall: { ...DEFAULT_POLICY.waterfall, ...p?.waterfall },
  penalty: { ...DEFAULT_POLICY.penalty, ...p?.penalty },
  caps: { ...DEFAULT_POLICY.caps, ...p?.caps },
  dpd: { ...DEFAULT_POLICY.dpd, ...p?.dpd },
  buckets: p?.buckets ?? DEFAULT_POLICY.buckets,
});

const toForm = (p: DelinquencyPolicyInput | null, digits: number): Values => {
  const e = effective(p);
  const major = (minor: number) => minor / 10 ** digits;
  return {
    waterfall: { components: [...e.waterfall.components] as Component[], installmentOrder: e.waterfall.installmentOrder, sweep: e.waterfall.sweep },
    buckets: e.buckets.map((b) => ({ bucket: b.bucket as BucketName, minDpd: b.minDpd })),
    penalty: { ratePct: e.penalty.rateBp / 100, onInterest: e.penalty.onInterest, graceDays: e.penalty.graceDays, graceMode: e.penalty.graceMode, dayBasis: e.penalty.dayBasis, lateFee: major(e.penalty.lateFeeMinor) },
    caps: { licensedPct: e.caps.licensedRateBp / 100, privatePct: e.caps.privateRateBp === null ? null : e.caps.privateRateBp / 100, limitToCap: e.caps.limitToCap, dayBasis: e.caps.dayBasis },
    dpd: { tolerance: major(e.dpd.toleranceMinor) },
  };
};

/** The full policy to store. An emptied number means the default (the private cap: 4 × LPR). */
const fromForm = (v: Values, stored: DelinquencyPolicyInput | null, digits: number): DelinquencyPolicyInput => {
  const e = effective(stored);
  const bp = (pct: number | null, fallback: number) => (pct === null || pct === undefined ? fallback : Math.round(pct * 100));
  const minor = (major: number | null, fallback: number) => (major === null || major === undefined ? fallback : Math.round(major * 10 ** digits));
  const d = DEFAULT_POLICY;
  return {
    waterfall: { components: v.waterfall.components, installmentOrder: v.waterfall.installmentOrder, sweep: v.waterfall.sweep },
    penalty: {
      rateBp: bp(v.penalty.ratePct, d.penalty.rateBp),
      onInterest: v.penalty.onInterest,
      graceDays: v.penalty.graceDays ?? d.penalty.graceDays,
      graceMode: v.penalty.graceMode,
      dayBasis: v.penalty.dayBasis,
      rounding: e.penalty.rounding,
      lateFeeMinor: minor(v.penalty.lateFee, d.penalty.lateFeeMinor),
    },
    caps: {
      licensedRateBp: bp(v.caps.licensedPct, d.caps.licensedRateBp),
      privateRateBp: v.caps.privatePct === null || v.caps.privatePct === undefined ? null : Math.round(v.caps.privatePct * 100),
      limitToCap: v.caps.limitToCap,
      dayBasis: v.caps.dayBasis,
    },
    dpd: { toleranceMinor: minor(v.dpd.tolerance, d.dpd.toleranceMinor), components: [...e.dpd.components] as Component[] },
    // An empty minimum is sent as-is (NaN never reaches the server: the form requires it).
    buckets: v.buckets.map((b) => ({ bucket: b.bucket, minDpd: b.minDpd ?? 0 })),
  };
};

/** The API's path ("delinquencyPolicy.buckets[0].minDpd" or "delinquencyPolicy.buckets.0.minDpd") as segments. */
const segmentsOf = (path: string): (string | number)[] =>
  path
    .split(/[.[\]/]/)
    .filter(Boolean)
    .filter((s) => s !== 'body' && s !== 'delinquencyPolicy')
    .map((s) => (/^\d+$/.test(s) ? Number(s) : s));

const renamed: Record<string, Record<string, string>> = {
  penalty: { rateBp: 'ratePct', lateFeeMinor: 'lateFee' },
  caps: { licensedRateBp: 'licensedPct', privateRateBp: 'privatePct' },
  dpd: { toleranceMinor: 'tolerance' },
};

/** The form field an API issue belongs to, or null when the form has no control for it. */
const fieldOf = (segs: (string | number)[]): NamePath | null => {
  const [section, key, ...rest] = segs;
  if (section === 'buckets') {
    if (typeof key === 'number' && (rest[0] === 'minDpd' || rest[0] === 'bucket')) return ['buckets', key, rest[0]];
    return ['buckets'];
  }
  if (section === 'waterfall' && (key === 'components' || key === 'installmentOrder' || key === 'sweep')) return ['waterfall', key];
  if (typeof section !== 'string' || typeof key !== 'string') return null;
  const sectionKeys: Record<string, string[]> = {
    penalty: ['ratePct', 'onInterest', 'graceDays', 'graceMode', 'dayBasis', 'lateFee'],
    caps: ['licensedPct', 'privatePct', 'limitToCap', 'dayBasis'],
    dpd: ['tolerance'],
  };
  const name = renamed[section]?.[key] ?? key;
  return sectionKeys[section]?.includes(name) ? [section, name] : null;
};

/** The order a payment pays the four components: a list moved with up/down buttons, so it is always a permutation. */
const WaterfallOrder = ({ value = [], onChange }: { value?: Component[]; onChange?: (v: Component[]) => void }) => {
  const { t } = useTranslation();
  const move = (i: number, by: -1 | 1) => {
    const next = [...value];
    const [c] = next.splice(i, 1);
    next.splice(i + by, 0, c as Component);
    onChange?.(next);
  };
  return (
    <div style={{ display: 'flex', alignItems: 'center', flexWrap: 'wrap', gap: 6 }} data-testid="policy-waterfall">
      {value.map((c, i) => (
        <Space key={c} size={4} align="center">
          {i > 0 && <span style={{ color: 'rgba(0,0,0,0.45)' }}>→</span>}
          <span
            style={{ display: 'inline-flex', alignItems: 'center', gap: 2, border: '1px solid #d9d9d9', borderRadius: 6, padding: '2px 4px 2px 10px', background: '#fafafa' }}
            data-testid={`policy-waterfall-item-${i}`}
          >
            <span style={{ minWidth: 28 }}>
              {i + 1}. {t(`ledger.components.${c}`)}
            </span>
            <Button size="small" type="text" icon={<ArrowUpOutlined />} disabled={i === 0} onClick={() => move(i, -1)} title={t('creditors.policy.moveEarlier')} aria-label={t('creditors.policy.moveEarlier')} data-testid={`policy-waterfall-up-${c}`} />
            <Button size="small" type="text" icon={<ArrowDownOutlined />} disabled={i === value.length - 1} onClick={() => move(i, 1)} title={t('creditors.policy.moveLater')} aria-label={t('creditors.policy.moveLater')} data-testid={`policy-waterfall-down-${c}`} />
          </span>
        </Space>
      ))}
    </div>
  );
};

/** The engine's reason repeats its own path ("policy.buckets[0].minDpd: …"): the label already names the field. */
const withoutEnginePath = (message: string) => message.replace(/policy\.[\w.[\]]+:\s*/, '');

/** One creditor's delinquency policy (逾期政策): waterfall, buckets, penalty, legal caps, DPD tolerance. */
export const PolicyDrawer = ({ creditor, onClose }: { creditor: Creditor | null; onClose: () => void }) => {
  const { t } = useTranslation();
  return (
    <PolicyDrawerFrame
      creditor={creditor}
      onClose={onClose}
      size={760}
      title={(c) => t('creditors.policy.title', { name: c.name })}
      isCustom={(c) => Boolean(c.delinquencyPolicy)}
      tags={{ custom: t('creditors.policy.custom'), defaults: t('creditors.policy.defaults') }}
      data-testid="policy-drawer"
    >
      {(c) => <PolicyForm key={c.id} creditor={c} onClose={onClose} />}
    </PolicyDrawerFrame>
  );
};

const PolicyForm = ({ creditor, onClose }: { creditor: Creditor; onClose: () => void }) => {
  const { t } = useTranslation();
  const [form] = Form.useForm<Values>();
  const digits = minorDigits(creditor.currency);
  const stored = creditor.delinquencyPolicy;
  const d = toForm(null, digits);
  const money = creditor.currency === 'CNY' ? t('creditors.policy.yuan') : creditor.currency;
  const defaultHint = (value: string | number) => t('creditors.policy.default', { value });
  const component = (c: Component) => t(`ledger.components.${c}`);

  const labelOf = (segs: (string | number)[]): string => {
    const [section, key, ...rest] = segs;
    const sectionLabel: Record<string, string> = {
      waterfall: t('creditors.policy.waterfall'),
      buckets: t('creditors.policy.buckets'),
      penalty: t('creditors.policy.penalty'),
      caps: t('creditors.policy.caps'),
      dpd: t('creditors.policy.dpd'),
    };
    const fieldLabel: Record<string, string> = {
      'waterfall.components': t('creditors.policy.components'),
      'waterfall.installmentOrder': t('creditors.policy.installmentOrder'),
      'waterfall.sweep': t('creditors.policy.sweep'),
      'penalty.rateBp': t('creditors.policy.ratePct'),
      'penalty.onInterest': t('creditors.policy.onInterest'),
      'penalty.graceDays': t('creditors.policy.graceDays'),
      'penalty.graceMode': t('creditors.policy.graceMode'),
      'penalty.dayBasis': t('creditors.policy.dayBasis'),
      'penalty.lateFeeMinor': t('creditors.policy.lateFee'),
      'caps.licensedRateBp': t('creditors.policy.licensedPct'),
      'caps.privateRateBp': t('creditors.policy.privatePct'),
      'caps.limitToCap': t('creditors.policy.limitToCap'),
      'caps.dayBasis': t('creditors.policy.capsDayBasis'),
      'dpd.toleranceMinor': t('creditors.policy.tolerance'),
    };
    if (typeof section !== 'string') return t('creditors.policy.menu');
    if (section === 'buckets') {
      if (typeof key !== 'number') return sectionLabel.buckets ?? section;
      const col = rest[0] === 'bucket' ? t('creditors.policy.bucket') : t('creditors.policy.minDpd');
      return `${sectionLabel.buckets} · ${t('creditors.policy.row', { n: key + 1 })} · ${col}`;
    }
    const field = typeof key === 'string' ? fieldLabel[`${section}.${key}`] : undefined;
    return [sectionLabel[section] ?? section, field].filter(Boolean).join(' · ');
  };

  const pct = { min: 0, max: 1000, step: 1, suffix: '%', style: { width: '100%' } } as const;
  const amount = { min: 0, precision: digits, step: 1, suffix: money, style: { width: '100%' } } as const;

  return (
    <PolicyFormShell
      creditor={creditor}
      form={form}
      policyField="delinquencyPolicy"
      stored={stored}
      initialValues={toForm(stored, digits)}
      toPolicy={(v) => fromForm(v, stored, digits)}
      issues={{ segmentsOf, fieldOf, labelOf, textOf: withoutEnginePath }}
      texts={{ customHint: t('creditors.policy.customHint'), defaultsHint: t('creditors.policy.defaultsHint'), restoreConfirm: t('creditors.policy.restoreConfirm') }}
      testIdPrefix="policy"
      onClose={onClose}
    >
      <SectionTitle>{t('creditors.policy.waterfall')}</SectionTitle>
      <Form.Item
        name={['waterfall', 'components']}
        label={t('creditors.policy.components')}
        extra={defaultHint(DEFAULT_POLICY.waterfall.components.map(component).join(' → '))}
      >
        <WaterfallOrder />
      </Form.Item>
      <Row gutter={16}>
        <Col span={12}>
          <Form.Item name={['waterfall', 'installmentOrder']} label={t('creditors.policy.installmentOrder')} extra={defaultHint(t('creditors.policy.oldest_due_first'))}>
            <Radio.Group
              optionType="button"
              options={[
                { value: 'oldest_due_first', label: t('creditors.policy.oldest_due_first') },
                { value: 'newest_due_first', label: t('creditors.policy.newest_due_first') },
              ]}
              data-testid="policy-installment-order"
            />
          </Form.Item>
        </Col>
        <Col span={12}>
          <Form.Item name={['waterfall', 'sweep']} label={t('creditors.policy.sweep')} extra={t('creditors.policy.sweepHelp')}>
            <Radio.Group
              optionType="button"
              options={[
                { value: 'by_installment', label: t('creditors.policy.by_installment') },
                { value: 'by_component', label: t('creditors.policy.by_component') },
              ]}
              data-testid="policy-sweep"
            />
          </Form.Item>
        </Col>
      </Row>

      <SectionTitle>{t('creditors.policy.buckets')}</SectionTitle>
      <Typography.Paragraph type="secondary" style={{ marginTop: -4 }}>
        {t('creditors.policy.bucketsHelp')}
        <br />
        {defaultHint(DEFAULT_POLICY.buckets.map((b) => `${b.bucket} ${b.minDpd}`).join(' / '))}
      </Typography.Paragraph>
      <Form.List name="buckets">
        {(fields, { add, remove }, { errors: listErrors }) => (
          <div data-testid="policy-buckets" style={{ maxWidth: 520 }}>
            <Row gutter={12} style={{ marginBottom: 4, color: 'rgba(0,0,0,0.65)' }}>
              <Col span={9}>{t('creditors.policy.bucket')}</Col>
              <Col span={11}>{t('creditors.policy.minDpd')}</Col>
            </Row>
            {fields.map((field, i) => (
              <Row key={field.key} gutter={12} align="top" data-testid={`policy-bucket-row-${i}`}>
                <Col span={9}>
                  <Form.Item name={[field.name, 'bucket']} rules={[{ required: true, message: t('creditors.policy.bucketRequired') }]} style={{ marginBottom: 8 }}>
                    <Select options={bucketNames.map((b) => ({ value: b, label: b }))} aria-label={t('creditors.policy.bucket')} data-testid={`policy-bucket-name-${i}`} />
                  </Form.Item>
                </Col>
                <Col span={11}>
                  <Form.Item name={[field.name, 'minDpd']} rules={[{ required: true, message: t('creditors.policy.minDpdRequired') }]} style={{ marginBottom: 8 }}>
                    <InputNumber min={0} max={100000} precision={0} suffix={t('creditors.policy.days')} style={{ width: '100%' }} aria-label={t('creditors.policy.minDpd')} data-testid={`policy-bucket-min-${i}`} />
                  </Form.Item>
                </Col>
                <Col span={4}>
                  <Button type="text" danger icon={<DeleteOutlined />} disabled={fields.length <= 1} onClick={() => remove(field.name)} title={t('creditors.policy.removeBucket')} aria-label={t('creditors.policy.removeBucket')} data-testid={`policy-bucket-remove-${i}`} />
                </Col>
              </Row>
            ))}
            <Form.ErrorList errors={listErrors} />
            <Button
              type="dashed"
              icon={<PlusOutlined />}
              disabled={fields.length >= bucketNames.length}
              onClick={() => {
                const rows = (form.getFieldValue('buckets') ?? []) as Values['buckets'];
                const used = new Set(rows.map((r) => r.bucket));
                const last = rows[rows.length - 1]?.minDpd ?? -1;
                add({ bucket: bucketNames.find((b) => !used.has(b)) ?? 'M6+', minDpd: last < 0 ? 0 : last + 30 });
              }}
              style={{ marginTop: 4, marginBottom: 16 }}
              data-testid="policy-bucket-add"
            >
              {t('creditors.policy.addBucket')}
            </Button>
          </div>
        )}
      </Form.List>

      <SectionTitle>{t('creditors.policy.penalty')}</SectionTitle>
      <Row gutter={16}>
        <Col span={8}>
          <Form.Item name={['penalty', 'ratePct']} label={t('creditors.policy.ratePct')} extra={t('creditors.policy.ratePctHelp')}>
            <InputNumber {...pct} placeholder={String(d.penalty.ratePct)} data-testid="policy-penalty-rate" />
          </Form.Item>
        </Col>
        <Col span={8}>
          <Form.Item name={['penalty', 'graceDays']} label={t('creditors.policy.graceDays')} extra={defaultHint(t('creditors.policy.nDays', { n: d.penalty.graceDays }))}>
            <InputNumber min={0} max={365} precision={0} suffix={t('creditors.policy.days')} placeholder={String(d.penalty.graceDays)} style={{ width: '100%' }} data-testid="policy-grace-days" />
          </Form.Item>
        </Col>
        <Col span={8}>
          <Form.Item name={['penalty', 'lateFee']} label={t('creditors.policy.lateFee')} extra={t('creditors.policy.lateFeeHelp')}>
            <InputNumber {...amount} placeholder={String(d.penalty.lateFee)} data-testid="policy-late-fee" />
          </Form.Item>
        </Col>
      </Row>
      <Row gutter={16}>
        <Col span={12}>
          <Form.Item name={['penalty', 'graceMode']} label={t('creditors.policy.graceMode')} extra={t('creditors.policy.graceModeHelp')}>
            <Radio.Group
              optionType="button"
              options={[
                { value: 'defer', label: t('creditors.policy.defer') },
                { value: 'backdate', label: t('creditors.policy.backdate') },
              ]}
              data-testid="policy-grace-mode"
            />
          </Form.Item>
        </Col>
        <Col span={12}>
          <Form.Item name={['penalty', 'dayBasis']} label={t('creditors.policy.dayBasis')} extra={t('creditors.policy.dayBasisHelp')}>
            <Radio.Group
              optionType="button"
              options={[
                { value: 365, label: t('creditors.policy.basis365') },
                { value: 360, label: t('creditors.policy.basis360') },
              ]}
              data-testid="policy-penalty-day-basis"
            />
          </Form.Item>
        </Col>
      </Row>
      <Form.Item name={['penalty', 'onInterest']} valuePropName="checked" label={t('creditors.policy.onInterest')} extra={t('creditors.policy.onInterestHelp')}>
        <Switch data-testid="policy-on-interest" />
      </Form.Item>

      <SectionTitle>{t('creditors.policy.caps')}</SectionTitle>
      <Row gutter={16}>
        <Col span={8}>
          <Form.Item name={['caps', 'licensedPct']} label={t('creditors.policy.licensedPct')} extra={defaultHint(`${d.caps.licensedPct}%`)}>
            <InputNumber {...pct} placeholder={String(d.caps.licensedPct)} data-testid="policy-cap-licensed" />
          </Form.Item>
        </Col>
        <Col span={8}>
          <Form.Item name={['caps', 'privatePct']} label={t('creditors.policy.privatePct')} extra={t('creditors.policy.privatePctHelp')}>
            <InputNumber {...pct} placeholder={t('creditors.policy.privatePlaceholder')} data-testid="policy-cap-private" />
          </Form.Item>
        </Col>
        <Col span={8}>
          <Form.Item name={['caps', 'dayBasis']} label={t('creditors.policy.capsDayBasis')} extra={defaultHint(t('creditors.policy.basis365'))}>
            <Radio.Group
              optionType="button"
              options={[
                { value: 365, label: t('creditors.policy.basis365') },
                { value: 360, label: t('creditors.policy.basis360') },
              ]}
              data-testid="policy-caps-day-basis"
            />
          </Form.Item>
        </Col>
      </Row>
      <Form.Item name={['caps', 'limitToCap']} valuePropName="checked" label={t('creditors.policy.limitToCap')} extra={t('creditors.policy.limitToCapHelp')}>
        <Switch data-testid="policy-limit-to-cap" />
      </Form.Item>

      <SectionTitle>{t('creditors.policy.dpd')}</SectionTitle>
      <Row gutter={16}>
        <Col span={8}>
          <Form.Item name={['dpd', 'tolerance']} label={t('creditors.policy.tolerance')} extra={defaultHint(`${d.dpd.tolerance} ${money}`)}>
            <InputNumber {...amount} placeholder={String(d.dpd.tolerance)} data-testid="policy-tolerance" />
          </Form.Item>
        </Col>
        <Col span={16}>
          <Typography.Paragraph type="secondary" style={{ marginTop: 30 }}>
            {t('creditors.policy.toleranceHelp')}
          </Typography.Paragraph>
        </Col>
      </Row>
    </PolicyFormShell>
  );
};
