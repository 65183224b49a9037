// The case page's negotiation card (issue 7): a plan calculator that runs the engine in the browser for instant
// what-ifs (affordability, the options within the bucket's policy, each with its schedule; a term slider and a first-
// payment (首期还款) slider for the chosen installment option, both through optionVariant), "提交方案"
// to propose the chosen one (the server recomputes it from the ledger), the case's plans, and its promises to pay.
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Alert, App, Button, Card, Checkbox, Col, DatePicker, Descriptions, Divider, Empty, Form, Input, InputNumber, Row, Skeleton, Slider, Space, Table, Tag, Typography } from 'antd';
import type { Dayjs } from 'dayjs';
import { useMemo, useState, type HTMLAttributes } from 'react';
import { useTranslation } from 'react-i18next';
import { useCan } from '../../app/auth.js';
import { formatDateTime, formatMoney } from '../../app/format.js';
import { ErrorResult } from '../../app/Results.js';
import { isApiError } from '../../api/client.js';
import {
  affordabilityInputOf, approverLevel, optionVariant, termAdjustableKinds, TermError, type AffordabilityForm, type TermVariant,
} from '../../../contracts/negotiation-terms.js';
import type { NegotiationContext, PlanOut, PromiseOut } from '../../../contracts/negotiation.js';
import {
  assessAffordability, firstPaymentFit, firstPaymentRange, formatBp, generatePlanOptions, NegotiationError, type Affordability, type OptionsResult, type PlanOption, type PlanPolicy,
} from '../../../core/negotiation/index.js';
import { negotiationApi, negotiationKeys, toMinor } from './negotiationApi.js';
import { ActivatePlanModal } from './ActivatePlanModal.js';
import { documentFileUrl } from '../documents/documentsApi.js';
import { planLines, planStatusColor, ScheduleTable, useBilingual } from './PlanTables.js';

type FormValues = {
  income?: number | null;
  verified?: boolean;
  adults?: number | null;
  children?: number | null;
  expenses?: number | null;
  otherDebts?: number | null;
  lumpSum?: number | null;
};

type Calc = { form: AffordabilityForm; affordability: Affordability; result: OptionsResult } | { error: string } | null;

function calculate(ctx: NegotiationContext, v: FormValues): Calc {
  const incomeMinor = toMinor(v.income);
  if (incomeMinor === undefined) return null;
  const form: AffordabilityForm = {
    incomeMinor,
    incomeVerification: v.verified ? 'verified' : 'stated',
    adults: v.adults ?? 1,
    children: v.children ?? 0,
    otherDebtPaymentsMinor: toMinor(v.otherDebts) ?? 0,
    ...(toMinor(v.expenses) !== undefined ? { essentialExpensesMinor: toMinor(v.expenses) } : {}),
    ...(toMinor(v.lumpSum) !== undefined ? { lumpSumMinor: toMinor(v.lumpSum) } : {}),
  };
  try {
    const affordability = assessAffordability(affordabilityInputOf(form, ctx.debt.currency));
    const result = generatePlanOptions({ debt: ctx.debt, affordability, startDate: ctx.startDate, policy: ctx.planPolicy as PlanPolicy, authority: ctx.authority });
    return { form, affordability, result };
  } catch (e) {
    if (e instanceof NegotiationError) return { error: e.message };
    throw e;
  }
}

export const NegotiationCard = ({ caseId }: { caseId: string }) => {
  const { t } = useTranslation();
  const ctx = useQuery({ queryKey: negotiationKeys.context(caseId), queryFn: ({ signal }) => negotiationApi.context(caseId, signal) });
  return (
    <Card size="small" title={t('negotiation.title')} data-testid="negotiation-card">
      {ctx.isPending ? (
        <Skeleton active />
      ) : ctx.isError ? (
        <ErrorResult error={ctx.error} onRetry={() => void ctx.refetch()} />
      ) : (
        <Space orientation="vertical" size={12} style={{ width: '100%' }}>
          {ctx.data.debt.balanceMinor > 0 ? <Calculator ctx={ctx.data} /> : <Alert type="info" showIcon title={t('negotiation.nothingOwed')} />}
          <PlansSection caseId={caseId} />
          <PromisesSection caseId={caseId} ctx={ctx.data} />
        </Space>
      )}
    </Card>
  );
};

const Calculator = ({ ctx }: { ctx: NegotiationContext }) => {
  const { t } = useTranslation();
  const pick = useBilingual();
  const can = useCan();
  const { message } = App.useApp();
  const qc = useQueryClient();
  const [values, setValues] = useState<FormValues>({ adults: 1, children: 0, otherDebts: 0 });
  const [selected, setSelected] = useState<PlanOption['kind'] | null>(null);
  const [term, setTerm] = useState<number | null>(null);
  /** The first payment in minor units; null = none. */
  const [first, setFirst] = useState<number | null>(null);
  const calc = useMemo(() => calculate(ctx, values), [ctx, values]);
  const cur = ctx.debt.currency;
  const money = (v: number) => formatMoney(v, cur);

  const ok = calc && 'result' in calc ? calc : null;
  const options = ok?.result.options ?? [];
  const option = options.find((o) => o.kind === selected) ?? options[0] ?? null;
  const adjustable = option !== null && termAdjustableKinds.includes(option.kind);
  const months = term ?? option?.months ?? 1;
  // The first payment's slider: from the policy minimum to what keeps the rest at the minimum (and the lump sum).
  const firstRange = ok && adjustable ? firstPaymentRange(ctx.debt.balanceMinor, months, ok.result.policy, ok.affordability) : null;
  let variant: TermVariant | null = null;
  let termError: string | null = null;
  if (ok && option && adjustable && ((term !== null && term !== option.months) || first !== null)) {
    try {
      variant = optionVariant(option, { months, ...(first !== null ? { firstPaymentMinor: first } : {}) }, {
        balanceMinor: ctx.debt.balanceMinor, currency: cur, chargeCapMinor: ctx.debt.chargeCapMinor, policy: ok.result.policy, authority: ctx.authority,
        affordability: ok.affordability, startDate: ctx.startDate,
      });
    } catch (e) {
      if (e instanceof TermError) termError = pick(e.reason);
      else if (e instanceof NegotiationError) termError = pick(e.reason);
      else throw e;
    }
  }
  const firstFit = ok && variant?.firstPaymentMinor ? firstPaymentFit(ok.affordability, variant.firstPaymentMinor) : null;
  const choose = (kind: PlanOption['kind']) => {
    setSelected(kind);
    setTerm(null);
    setFirst(null);
  };
  /** A new term: a first payment beyond what the new term allows is brought down to its maximum. */
  const changeTerm = (v: number) => {
    setTerm(v);
    if (first !== null && ok) {
      const r = firstPaymentRange(ctx.debt.balanceMinor, v, ok.result.policy, ok.affordability);
      if (r && first > r.maxMinor) setFirst(r.maxMinor);
    }
  };
  const shown = variant ?? option;
  const approver = shown?.approval.approver ?? 'collector';
  const needsApproval = approverLevel[approver] > ctx.myAuthority;

  const propose = useMutation({
    mutationFn: () =>
      negotiationApi.propose(ctx.caseId, {
        affordability: ok!.form, kind: option!.kind, ...(variant ? { months: variant.months } : {}), ...(variant?.firstPaymentMinor ? { firstPaymentMinor: variant.firstPaymentMinor } : {}),
      }),
    onSuccess: (plan) => {
      void message.success(plan.status === 'approved' ? t('negotiation.submittedApproved') : t('negotiation.submittedPending', { approver: t(`negotiation.approvers.${plan.requiredApprover}`) }));
      void qc.invalidateQueries({ queryKey: negotiationKeys.plans(ctx.caseId) });
      void qc.invalidateQueries({ queryKey: negotiationKeys.approvals });
    },
    onError: (e) => void message.error(isApiError(e) ? e.message : t('common.requestFailed')),
  });

  const yuan = { min: 0, max: 100_000_000, precision: 2, step: 100, style: { width: '100%' }, suffix: t('negotiation.yuan') };
  const p = ctx.policy;
  return (
    <div>
      <Typography.Title level={5} style={{ marginTop: 0 }}>
        {t('negotiation.calculator')}
      </Typography.Title>
      <Typography.Paragraph type="secondary" style={{ marginBottom: 8 }}>
        {t('negotiation.owed')} <Typography.Text strong data-testid="neg-owed">{money(ctx.debt.balanceMinor)}</Typography.Text> · {t('negotiation.bucket')} {ctx.debt.bucket} ·{' '}
        {t('negotiation.policyLine', { months: p.maxTermMonths, min: money(p.minInstallmentMinor), discount: formatBp(p.maxDiscountBp) })}
      </Typography.Paragraph>
      <Form<FormValues> layout="vertical" size="small" initialValues={values} onValuesChange={(_, all) => setValues(all)} data-testid="neg-form">
        <Row gutter={12}>
          <Col xs={12} md={6} xl={4}>
            <Form.Item name="income" label={t('negotiation.income')}>
              <InputNumber {...yuan} data-testid="neg-income" />
            </Form.Item>
          </Col>
          <Col xs={12} md={6} xl={4}>
            <Form.Item name="expenses" label={t('negotiation.expenses')}>
              <InputNumber {...yuan} placeholder={t('negotiation.expensesPlaceholder')} data-testid="neg-expenses" />
            </Form.Item>
          </Col>
          <Col xs={12} md={6} xl={4}>
            <Form.Item name="otherDebts" label={t('negotiation.otherDebts')}>
              <InputNumber {...yuan} data-testid="neg-other-debts" />
            </Form.Item>
          </Col>
          <Col xs={12} md={6} xl={4}>
            <Form.Item name="lumpSum" label={t('negotiation.lumpSum')}>
              <InputNumber {...yuan} placeholder={t('negotiation.lumpSumPlaceholder')} data-testid="neg-lump-sum" />
            </Form.Item>
          </Col>
          <Col xs={8} md={4} xl={2}>
            <Form.Item name="adults" label={t('negotiation.adults')}>
              <InputNumber min={1} max={50} precision={0} style={{ width: '100%' }} data-testid="neg-adults" />
            </Form.Item>
          </Col>
          <Col xs={8} md={4} xl={2}>
            <Form.Item name="children" label={t('negotiation.children')}>
              <InputNumber min={0} max={50} precision={0} style={{ width: '100%' }} data-testid="neg-children" />
            </Form.Item>
          </Col>
          <Col xs={8} md={4} xl={4}>
            <Form.Item name="verified" label=" " valuePropName="checked">
              <Checkbox data-testid="neg-verified">{t('negotiation.incomeVerified')}</Checkbox>
            </Form.Item>
          </Col>
        </Row>
      </Form>
      <Typography.Text type="secondary" style={{ fontSize: 12 }}>
        {t('negotiation.calculatorHint')}
      </Typography.Text>

      {calc === null && <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('negotiation.noOptions')} />}
      {calc && 'error' in calc && <Alert type="error" showIcon title={t('negotiation.engineError', { message: calc.error })} style={{ marginTop: 8 }} />}
      {ok && (
        <>
          <Divider titlePlacement="start" plain style={{ margin: '12px 0' }}>
            {t('negotiation.affordability')}
          </Divider>
          <Descriptions size="small" column={{ xs: 2, md: 4 }} data-testid="neg-affordability">
            <Descriptions.Item label={t('negotiation.essentials')}>{money(ok.affordability.essentialExpensesMinor)}</Descriptions.Item>
            <Descriptions.Item label={t('negotiation.disposable')}>
              <span data-testid="neg-disposable">{money(ok.affordability.disposableMinor)}</span>
            </Descriptions.Item>
            <Descriptions.Item label={t('negotiation.maxMonthly')}>
              <Typography.Text strong data-testid="neg-max-monthly">{money(ok.affordability.maxAffordableMinor)}</Typography.Text>
            </Descriptions.Item>
            <Descriptions.Item label={t('negotiation.dti')}>{ok.affordability.debtToIncomeBp === null ? '—' : formatBp(ok.affordability.debtToIncomeBp)}</Descriptions.Item>
          </Descriptions>
          <Alert type={ok.affordability.maxAffordableMinor > 0 ? 'info' : 'warning'} showIcon title={pick(ok.affordability.summary)} data-testid="neg-summary" />

          <Divider titlePlacement="start" plain style={{ margin: '12px 0' }}>
            {t('negotiation.options', { count: options.length })}
          </Divider>
          <Table<PlanOption>
            size="small"
            rowKey="kind"
            dataSource={options}
            pagination={false}
            data-testid="neg-options"
            onRow={(r) => ({ 'data-testid': `neg-option-${r.kind}`, onClick: () => choose(r.kind) }) as HTMLAttributes<HTMLElement>}
            rowSelection={{ type: 'radio', selectedRowKeys: option ? [option.kind] : [], onChange: (keys) => choose(keys[0] as PlanOption['kind']) }}
            expandable={{
              expandedRowRender: (o) => (
                <Space orientation="vertical" size={8} style={{ width: '100%' }}>
                  <Typography.Text type="secondary">{pick(o.summary)}</Typography.Text>
                  <ScheduleTable rows={o.rows} currency={cur} testId={`neg-schedule-${o.kind}`} />
                </Space>
              ),
            }}
            columns={[
              { title: t('negotiation.rank'), dataIndex: 'rank', width: 56, align: 'right' },
              { title: t('negotiation.kind'), dataIndex: 'kind', render: (k: PlanOption['kind']) => t(`negotiation.kinds.${k}`) },
              { title: t('negotiation.months'), dataIndex: 'months', width: 64, align: 'right' },
              { title: t('negotiation.firstPayment'), dataIndex: 'firstPaymentMinor', align: 'right', render: money },
              { title: t('negotiation.maxPayment'), dataIndex: 'maxPaymentMinor', align: 'right', render: money },
              { title: t('negotiation.totalPayable'), dataIndex: 'totalPayableMinor', align: 'right', render: money },
              { title: t('negotiation.discount'), dataIndex: 'discountBp', align: 'right', width: 72, render: (v: number) => (v ? formatBp(v) : '—') },
              {
                title: t('negotiation.affordable'), dataIndex: 'affordable', width: 96,
                render: (v: boolean) => <Tag color={v ? 'green' : 'red'}>{v ? t('negotiation.affordable') : t('negotiation.notAffordable')}</Tag>,
              },
              {
                title: t('negotiation.approver'), key: 'approver', width: 84,
                render: (_: unknown, o) => <Tag color={approverLevel[o.approval.approver] > ctx.myAuthority ? 'orange' : 'default'}>{t(`negotiation.approvers.${o.approval.approver}`)}</Tag>,
              },
            ]}
          />
          {ok.result.excluded.length > 0 && (
            <Typography.Paragraph type="secondary" style={{ fontSize: 12, margin: '6px 0 0' }} data-testid="neg-excluded">
              {t('negotiation.excludedList', { list: ok.result.excluded.map((x) => t('negotiation.excludedItem', { kind: t(`negotiation.kinds.${x.kind}`), reason: pick(x.reason) })).join(t('negotiation.listSeparator')) })}
            </Typography.Paragraph>
          )}

          {option && shown && (
            <div style={{ marginTop: 12 }} data-testid="neg-chosen">
              <Typography.Text strong>
                {t('negotiation.chosenKind', { kind: t(`negotiation.kinds.${option.kind}`) })}
              </Typography.Text>
              <Row gutter={16} align="middle" style={{ marginTop: 4 }}>
                <Col flex="90px">{t('negotiation.term')}</Col>
                <Col flex="auto">
                  {adjustable ? (
                    <div data-testid="neg-term-slider">
                      <Slider
                        min={1}
                        max={p.maxTermMonths}
                        value={term ?? option.months}
                        marks={{ [option.months]: String(option.months), [p.maxTermMonths]: String(p.maxTermMonths) }}
                        onChange={changeTerm}
                      />
                    </div>
                  ) : (
                    <Typography.Text type="secondary">{t('negotiation.termFixed')}</Typography.Text>
                  )}
                </Col>
              </Row>
              {adjustable && (
                <Row gutter={16} align="middle" data-testid="neg-first-payment">
                  <Col flex="90px">
                    <Checkbox
                      checked={first !== null}
                      disabled={firstRange === null && first === null}
                      onChange={(e) => setFirst(e.target.checked && firstRange ? firstRange.minMinor : null)}
                      data-testid="neg-first-toggle"
                    >
                      {t('negotiation.firstPaymentOn')}
                    </Checkbox>
                  </Col>
                  {firstRange ? (
                    <>
                      <Col flex="auto" data-testid="neg-first-slider">
                        <Slider
                          min={firstRange.minMinor / 100}
                          max={firstRange.maxMinor / 100}
                          step={100}
                          disabled={first === null}
                          value={(first ?? firstRange.minMinor) / 100}
                          marks={{ [firstRange.minMinor / 100]: money(firstRange.minMinor), [firstRange.maxMinor / 100]: money(firstRange.maxMinor) }}
                          tooltip={{ formatter: (v) => (v === undefined ? '' : money(Math.round(v * 100))) }}
                          onChange={(v) => setFirst(Math.round(v * 100))}
                        />
                      </Col>
                      <Col flex="160px">
                        <InputNumber
                          min={firstRange.minMinor / 100}
                          max={firstRange.maxMinor / 100}
                          precision={2}
                          step={100}
                          disabled={first === null}
                          value={first === null ? null : first / 100}
                          suffix={t('negotiation.yuan')}
                          style={{ width: '100%' }}
                          onChange={(v) => setFirst(toMinor(v) ?? null)}
                          data-testid="neg-first-input"
                        />
                      </Col>
                    </>
                  ) : (
                    <Col flex="auto">
                      <Typography.Text type="secondary">{t('negotiation.firstPaymentNone')}</Typography.Text>
                    </Col>
                  )}
                </Row>
              )}
              {first !== null && (
                <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                  {t('negotiation.firstPaymentHint')}
                </Typography.Text>
              )}
              <Typography.Paragraph style={{ margin: '4px 0' }} data-testid="neg-chosen-figures">
                {variant?.firstPaymentMinor
                  ? t('negotiation.firstThenMonthly', {
                      first: money(variant.firstPaymentMinor), months: variant.months, max: money(Math.max(...variant.rows.slice(1).map((r) => r.paymentMinor))), total: money(variant.totals.paymentMinor),
                    })
                  : t('negotiation.termMonthly', { months: shown.months, max: money(shown.totals.maxPaymentMinor), total: money(shown.totals.paymentMinor) })}{' '}
                <Tag color={shown.affordable ? 'green' : 'red'}>{shown.affordable ? t('negotiation.affordable') : t('negotiation.notAffordable')}</Tag>
              </Typography.Paragraph>
              {firstFit && (
                <Typography.Paragraph type={firstFit.affordable ? 'secondary' : 'danger'} style={{ margin: '0 0 4px' }} data-testid="neg-first-verdict">
                  {pick(firstFit.verdict)}
                </Typography.Paragraph>
              )}
              {variant && <ScheduleTable rows={variant.rows} currency={cur} testId="neg-variant-schedule" />}
              {termError && <Alert type="error" showIcon title={termError} style={{ marginBottom: 8 }} />}
              <Alert
                type={needsApproval ? 'warning' : 'success'}
                showIcon
                data-testid="neg-approval-note"
                title={needsApproval ? t('negotiation.needsApproval', { approver: t(`negotiation.approvers.${approver}`) }) : t('negotiation.withinAuthority')}
                description={shown.approval.reasons.length ? shown.approval.reasons.map((r) => pick(r.message)).join(t('negotiation.listSeparator')) : undefined}
                style={{ margin: '8px 0' }}
              />
              {can('contacts.attempt') && (
                <Button type="primary" disabled={termError !== null} loading={propose.isPending} onClick={() => propose.mutate()} data-testid="neg-submit">
                  {t('negotiation.submit')}
                </Button>
              )}
            </div>
          )}
        </>
      )}
    </div>
  );
};

const PlansSection = ({ caseId }: { caseId: string }) => {
  const { t } = useTranslation();
  const pick = useBilingual();
  const can = useCan();
  const plans = useQuery({ queryKey: negotiationKeys.plans(caseId), queryFn: ({ signal }) => negotiationApi.plans(caseId, signal) });
  const [activating, setActivating] = useState<PlanOut | null>(null);
  return (
    <div>
      <ActivatePlanModal plan={activating} caseId={caseId} onClose={() => setActivating(null)} />
      <Divider titlePlacement="start" plain style={{ margin: '4px 0 8px' }}>
        {t('negotiation.plans')}
      </Divider>
      <Table<PlanOut>
        size="small"
        rowKey="id"
        loading={plans.isPending}
        dataSource={plans.data?.items ?? []}
        pagination={false}
        locale={{ emptyText: t('negotiation.noPlans') }}
        scroll={{ x: 'max-content' }}
        data-testid="neg-plans"
        expandable={{
          expandedRowRender: (p) => (
            <Space orientation="vertical" size={8} style={{ width: '100%' }}>
              <Typography.Text type="secondary">{pick(p.summary)}</Typography.Text>
              <ScheduleTable rows={planLines(p)} currency={p.currency} />
            </Space>
          ),
        }}
        columns={[
          { title: t('negotiation.createdAt'), dataIndex: 'createdAt', width: 140, render: (v: string) => formatDateTime(v) },
          { title: t('negotiation.kind'), dataIndex: 'method', render: (k: PlanOut['method']) => t(`negotiation.kinds.${k}`) },
          { title: t('negotiation.months'), dataIndex: 'termMonths', width: 72, align: 'right' },
          { title: t('negotiation.totalPayable'), dataIndex: 'totalMinor', align: 'right', render: (v: number, p) => formatMoney(v, p.currency) },
          { title: t('negotiation.paid'), dataIndex: 'paidMinor', align: 'right', render: (v: number, p) => formatMoney(v, p.currency) },
          { title: t('negotiation.status'), dataIndex: 'status', width: 140, render: (s: PlanOut['status']) => <Tag color={planStatusColor[s]}>{t(`negotiation.planStatus.${s}`)}</Tag> },
          { title: t('negotiation.approver'), dataIndex: 'requiredApprover', render: (a: PlanOut['requiredApprover']) => t(`negotiation.approvers.${a}`) },
          { title: t('negotiation.createdBy'), dataIndex: 'createdByName', render: (v: string | null) => v ?? '—' },
          { title: t('negotiation.approvedBy'), dataIndex: 'approvedByName', render: (v: string | null) => v ?? '—' },
          { title: t('negotiation.reason'), dataIndex: 'decisionReason', ellipsis: true, render: (v: string | null) => (v === 'within_authority' ? t('negotiation.withinAuthority') : (v ?? '—')) },
          {
            title: t('common.actions'), key: 'actions', width: 120,
            render: (_: unknown, p) => (
              <Space size={0}>
                {p.status === 'approved' && can('contacts.attempt') && (
                  <Button size="small" type="link" onClick={() => setActivating(p)} data-testid={`neg-activate-${p.id}`}>
                    {t('negotiation.activate')}
                  </Button>
                )}
                {p.agreementDocumentId && (
                  <Button size="small" type="link" href={documentFileUrl(p.agreementDocumentId)} target="_blank" rel="noopener" data-testid={`neg-agreement-${p.id}`}>
                    {t('negotiation.agreement')}
                  </Button>
                )}
              </Space>
            ),
          },
        ]}
      />
    </div>
  );
};

type PromiseForm = { amount?: number | null; dueDate?: Dayjs | null; note?: string };

const promiseColor: Record<PromiseOut['status'], string> = { pending: 'blue', kept: 'green', partially_kept: 'gold', broken: 'red' };

const PromisesSection = ({ caseId, ctx }: { caseId: string; ctx: NegotiationContext }) => {
  const { t } = useTranslation();
  const can = useCan();
  const { message } = App.useApp();
  const qc = useQueryClient();
  const [form] = Form.useForm<PromiseForm>();
  const promises = useQuery({ queryKey: negotiationKeys.promises(caseId), queryFn: ({ signal }) => negotiationApi.promises(caseId, signal) });
  const create = useMutation({
    mutationFn: (v: PromiseForm) =>
      negotiationApi.promise(caseId, { amountMinor: toMinor(v.amount) ?? 0, dueDate: v.dueDate!.format('YYYY-MM-DD'), ...(v.note?.trim() ? { note: v.note.trim() } : {}) }),
    onSuccess: () => {
      void message.success(t('negotiation.promiseSaved'));
      form.resetFields();
      void qc.invalidateQueries({ queryKey: negotiationKeys.promises(caseId) });
    },
    onError: (e) => void message.error(isApiError(e) ? e.message : t('common.requestFailed')),
  });
  const cur = ctx.debt.currency;
  return (
    <div>
      <Divider titlePlacement="start" plain style={{ margin: '4px 0 8px' }}>
        {t('negotiation.promises')}
      </Divider>
      {can('contacts.attempt') && (
        <Form<PromiseForm> form={form} layout="inline" size="small" onFinish={(v) => create.mutate(v)} style={{ marginBottom: 8, rowGap: 8 }} data-testid="neg-promise-form">
          <Form.Item name="amount" rules={[{ required: true, message: t('negotiation.required') }]}>
            <InputNumber min={0.01} max={100_000_000} precision={2} placeholder={t('negotiation.promiseAmount')} suffix={t('negotiation.yuan')} style={{ width: 160 }} data-testid="neg-promise-amount" />
          </Form.Item>
          <Form.Item name="dueDate" rules={[{ required: true, message: t('negotiation.required') }]}>
            <DatePicker placeholder={t('negotiation.promiseDue')} disabledDate={(d) => d.format('YYYY-MM-DD') < ctx.asOf} data-testid="neg-promise-due" />
          </Form.Item>
          <Form.Item name="note">
            <Input placeholder={t('negotiation.promiseNote')} maxLength={200} style={{ width: 200 }} data-testid="neg-promise-note" />
          </Form.Item>
          <Button htmlType="submit" loading={create.isPending} data-testid="neg-promise-submit">
            {t('negotiation.addPromise')}
          </Button>
        </Form>
      )}
      <Table<PromiseOut>
        size="small"
        rowKey="id"
        loading={promises.isPending}
        dataSource={promises.data?.items ?? []}
        pagination={false}
        locale={{ emptyText: t('negotiation.noPromises') }}
        data-testid="neg-promises"
        columns={[
          { title: t('negotiation.promiseDue'), dataIndex: 'dueDate', width: 110 },
          { title: t('negotiation.promiseAmount'), dataIndex: 'amountMinor', align: 'right', render: (v: number) => formatMoney(v, cur) },
          { title: t('negotiation.paid'), dataIndex: 'paidMinor', align: 'right', render: (v: number) => formatMoney(v, cur) },
          { title: t('negotiation.status'), dataIndex: 'status', render: (s: PromiseOut['status']) => <Tag color={promiseColor[s]}>{t(`negotiation.promiseStatus.${s}`)}</Tag> },
          { title: t('negotiation.createdBy'), dataIndex: 'createdByName', render: (v: string | null) => v ?? '—' },
          { title: t('negotiation.promiseNote'), dataIndex: 'note', ellipsis: true, render: (v: string | null) => v ?? '—' },
        ]}
      />
    </div>
  );
};
