// Negotiation (issue 7): promises to pay, payment plans within the creditor's policy, and the approvals inbox.
//
// • Every read or write of a case goes through the cases service's `get` first: the caller's permission and data
//   scope; a case outside the scope is a 404, exactly as GET /api/cases/:id.
// • Options are computed here from the case's ledger (accountLedger, as of today in the creditor's time zone) and
//   the affordability form, by the engine (generatePlanOptions). A proposed plan is recomputed from the same
//   inputs: the figures a browser shows are never stored.
// • Authority (maker–checker): the option's required approver (collector < supervisor < creditor) is compared with
//   the maker's role. Within it, the plan is approved at once by its maker; beyond it, it waits in the approvals
//   inbox for a different user with enough authority (supervisor; creditor level = the agency's admin acting for
//   the creditor). Approvals and rejections carry a reason and are audited in the same transaction.
// • Lifecycle: proposed → approved | rejected | cancelled; approved → active (the debtor agreed) | cancelled; the
//   payments imported then move an active plan to completed or broken (negotiation.evaluate.ts).
import type { Transaction } from 'kysely';
import {
  assessAffordability, canTransition, generatePlanOptions, NegotiationError, resolveBucketPolicy, type OptionsResult, type PlanOption, type PlanWorkflowStatus,
} from '../../../core/negotiation/index.js';
import type { CaseDetail } from '../../../contracts/cases.js';
import type { LedgerAccount } from '../../../contracts/ledger.js';
import {
  affordabilityInputOf, approverLevel, optionVariant, roleAuthority, TermError, type AffordabilityForm,
} from '../../../contracts/negotiation-terms.js';
import type { ActivateOut, ActivatePlan, CreatePromise, NegotiationContext, PlanOptionsOut, PlanOut, PromiseOut, ProposePlan } from '../../../contracts/negotiation.js';
import type { AppContext } from '../../context.js';
import type { DB } from '../../db/schema.js';
import { actorOf, requirePermission, scopeOf, type Principal } from '../../platform/access.js';
import { AppError, defineErrors } from '../../platform/errors.js';
import { newId } from '../../platform/ids.js';
import { accountLedger, policyOf, refreshCaseFigures, scopeFilter, type CaseService } from '../cases/index.js';
import { evaluateAfterPayments, placePlanHold } from './negotiation.evaluate.js';
import { debtSnapshotOf, negotiationPolicyFor, type NegotiationPolicy } from './negotiation.policy.js';
import { calendarDate } from '../../platform/clock.js';
import type { PaymentPlanTable, PlanInstallmentTable, PromiseToPayTable } from './negotiation.tables.js';
import { renderPdf, storeDocumentIn, type DocumentService } from '../documents/index.js';
import type { MessagingService } from '../messaging/index.js';
import { agreementLocale, agreementSpec, planTermsText } from './negotiation.agreement.js';
import { formatMinor } from '../../platform/money.js';

export const NegotiationErrors = defineErrors({
  'negotiation.plan_not_found': { kind: 'not_found', zh: '还款方案不存在', en: 'No such payment plan' },
  'negotiation.nothing_owed': { kind: 'conflict', zh: '该案件当前无欠款，无需协商方案', en: 'Nothing is owed on this case: there is nothing to negotiate' },
  'negotiation.bad_input': { kind: 'validation', zh: '协商参数有误：{field} {reason}', en: 'Invalid negotiation input: {field} {reasonEn}' },
  'negotiation.option_unavailable': { kind: 'conflict', zh: '该方案不在政策允许范围内：{reason}', en: 'This option is not available within policy: {reasonEn}' },
  'negotiation.plan_open': { kind: 'conflict', zh: '该案件已有待审批、已批准或执行中的还款方案', en: 'This case already has a proposed, approved or active plan' },
  'negotiation.bad_transition': { kind: 'conflict', zh: '方案状态为「{status}」，不能{action}', en: 'The plan is {status}: it cannot be {actionEn}' },
  'negotiation.self_approval': { kind: 'forbidden', zh: '不能审批自己提交的方案（双人复核）', en: 'You cannot approve or reject a plan you proposed (maker–checker)' },
  'negotiation.insufficient_authority': { kind: 'forbidden', zh: '该方案需要{approver}审批，超出您的审批权限', en: 'This plan needs approval by the {approverEn}: beyond your authority' },
  'negotiation.unknown_account': { kind: 'validation', zh: '该借款不属于此案件', en: 'The loan does not belong to this case' },
  'negotiation.due_date_past': { kind: 'validation', zh: '承诺还款日不能早于今天（{today}）', en: 'The promised date cannot be before today ({today})' },
  'negotiation.user_only': { kind: 'forbidden', zh: '只有登录用户可以协商方案', en: 'Only signed-in users negotiate plans' },
});

const APPROVER_ZH = { collector: '催收员', supervisor: '主管', creditor: '委托方' } as const;

type Loaded = { c: Pick<CaseDetail, 'id' | 'creditorId' | 'currency'>; asOf: string; accounts: LedgerAccount[]; policy: NegotiationPolicy };

type NegotiationDeps = {
  cases: Pick<CaseService, 'get'>;
  documents: Pick<DocumentService, 'latestFor'>;
  messaging: Pick<MessagingService, 'prepareMessage' | 'queueIn'>;
};

export function createNegotiationService(ctx: AppContext, deps: NegotiationDeps) {
  const { db, clock, audit } = ctx;

  /** The case's loans through the ledger as of today (creditor's time zone); no scope check (callers do it). */
  async function loadCase(c: Loaded['c']): Promise<Loaded> {
    const creditor = await db.selectFrom('creditor').select(['time_zone', 'delinquency_policy_json', 'negotiation_policy_json']).where('id', '=', c.creditorId).executeTakeFirst();
    const ledgerPolicy = policyOf(creditor?.delinquency_policy_json);
    const asOf = calendarDate(clock.now(), creditor?.time_zone ?? 'Asia/Shanghai');
    const accounts = await db.selectFrom('debt_account').selectAll().where('case_id', '=', c.id).orderBy('origination_date').orderBy('id').execute();
    const ids = accounts.map((a) => a.id);
    const [insts, pays] = ids.length
      ? await Promise.all([
          db.selectFrom('installment').selectAll().where('debt_account_id', 'in', ids).orderBy('seq').execute(),
          db.selectFrom('payment').selectAll().where('debt_account_id', 'in', ids).orderBy('paid_on').orderBy('external_id').execute(),
        ])
      : [[], []];
    const ledgers = accounts.map((a) => accountLedger(ledgerPolicy, a, insts.filter((i) => i.debt_account_id === a.id), pays.filter((x) => x.debt_account_id === a.id), asOf, null));
    return { c, asOf, accounts: ledgers, policy: negotiationPolicyFor(creditor?.negotiation_policy_json) };
  }

  async function scopedCase(p: Principal, caseId: string): Promise<Loaded> {
    const c = await deps.cases.get(p, caseId); // cases.read + scope: 404 outside it
    return loadCase(c);
  }

  const engine = <T>(fn: () => T): T => {
    try {
      return fn();
    } catch (e) {
      if (e instanceof NegotiationError) {
        throw new AppError(NegotiationErrors['negotiation.bad_input'], {
          field: e.path, reason: e.reason['zh-CN'], reasonEn: e.reason.en, issues: [{ path: e.path, message: e.reason['zh-CN'], messageEn: e.reason.en }],
        });
      }
      throw e;
    }
  };

  function optionsFor(l: Loaded, form: AffordabilityForm, hardshipMonths?: number) {
    const debt = debtSnapshotOf(l.c.currency, l.accounts);
    if (debt.balanceMinor <= 0) throw new AppError(NegotiationErrors['negotiation.nothing_owed']);
    const affordability = engine(() => assessAffordability(affordabilityInputOf(form, debt.currency)));
    const result: OptionsResult = engine(() =>
      generatePlanOptions({
        debt, affordability, startDate: l.asOf, policy: l.policy.plan, authority: l.policy.authority,
        ...(hardshipMonths ? { hardship: { months: hardshipMonths } } : {}),
      }),
    );
    return { debt, affordability, result };
  }

  /** GET /api/cases/:id/negotiation: what the browser's calculator needs to run the engine itself. */
  async function context(p: Principal, caseId: string): Promise<NegotiationContext> {
    const l = await scopedCase(p, caseId);
    const debt = debtSnapshotOf(l.c.currency, l.accounts);
    const policy = engine(() => resolveBucketPolicy(l.policy.plan, debt.bucket, debt.productType));
    return {
      caseId: l.c.id, asOf: l.asOf, startDate: l.asOf, debt, planPolicy: l.policy.plan as NegotiationContext['planPolicy'], policy, authority: l.policy.authority,
      graceDays: l.policy.graceDays, myAuthority: p.kind === 'user' ? roleAuthority(p.role) : 0,
    };
  }

  /** GET /api/cases/:id/plan-options. */
  async function planOptions(p: Principal, caseId: string, form: AffordabilityForm, hardshipMonths?: number): Promise<PlanOptionsOut> {
    const l = await scopedCase(p, caseId);
    return optionsOut(l, form, hardshipMonths);
  }

  function optionsOut(l: Loaded, form: AffordabilityForm, hardshipMonths?: number): PlanOptionsOut {
    const { debt, affordability, result } = optionsFor(l, form, hardshipMonths);
    return { caseId: l.c.id, asOf: l.asOf, debt, affordability, policy: result.policy, options: result.options, excluded: result.excluded };
  }

  /** The CLI (`concord plan options --case ID`): the system reads any case. */
  async function planOptionsSystem(caseId: string, form: AffordabilityForm, hardshipMonths?: number): Promise<PlanOptionsOut> {
    const c = await db.selectFrom('collection_case').select(['id', 'creditor_id', 'currency']).where('id', '=', caseId).executeTakeFirst();
    if (!c) throw new AppError('common.not_found', { entity: 'case' });
    return optionsOut(await loadCase({ id: c.id, creditorId: c.creditor_id, currency: c.currency }), form, hardshipMonths);
  }

  const userOf = (p: Principal) => {
    if (p.kind !== 'user') throw new AppError(NegotiationErrors['negotiation.user_only']);
    return p;
  };

  // ── promises ────────────────────────────────────────────────────────────────────────────────────────────────
  async function createPromise(p: Principal, caseId: string, input: CreatePromise): Promise<PromiseOut> {
    requirePermission(p, 'contacts.attempt');
    const u = userOf(p);
    const l = await scopedCase(p, caseId);
    if (input.debtAccountId && !l.accounts.some((a) => a.id === input.debtAccountId)) throw new AppError(NegotiationErrors['negotiation.unknown_account']);
    if (input.dueDate < l.asOf) throw new AppError(NegotiationErrors['negotiation.due_date_past'], { today: l.asOf });
    const now = clock.now().toISOString();
    const row: PromiseToPayTable = {
      id: newId(), case_id: caseId, debt_account_id: input.debtAccountId ?? null, amount_minor: input.amountMinor, currency: l.c.currency, due_date: input.dueDate,
      made_on: l.asOf, note: input.note ?? null, status: 'pending', paid_minor: 0, kept_on: null, evaluated_at: null, created_by: u.userId, created_at: now, updated_at: now,
    };
    await db.transaction().execute(async (trx) => {
      await trx.insertInto('promise_to_pay').values(row).execute();
      await audit.record(actorOf(p), { action: 'promise.create', entityType: 'promise_to_pay', entityId: row.id, after: { caseId, amountMinor: row.amount_minor, dueDate: row.due_date, debtAccountId: row.debt_account_id } }, trx);
    });
    return (await promisesOf([row]))[0]!;
  }

  async function promisesOf(rows: PromiseToPayTable[]): Promise<PromiseOut[]> {
    const names = await userNames(rows.map((r) => r.created_by));
    return rows.map((r) => ({
      id: r.id, caseId: r.case_id, debtAccountId: r.debt_account_id, amountMinor: Number(r.amount_minor), currency: r.currency, dueDate: String(r.due_date), madeOn: String(r.made_on),
      note: r.note, status: r.status, paidMinor: Number(r.paid_minor), keptOn: r.kept_on, evaluatedAt: r.evaluated_at, createdBy: r.created_by, createdByName: names.get(r.created_by) ?? null,
      createdAt: r.created_at,
    }));
  }

  async function listPromises(p: Principal, caseId: string): Promise<{ items: PromiseOut[] }> {
    await deps.cases.get(p, caseId);
    const rows = await db.selectFrom('promise_to_pay').selectAll().where('case_id', '=', caseId).orderBy('due_date', 'desc').orderBy('created_at', 'desc').execute();
    return { items: await promisesOf(rows) };
  }

  async function userNames(ids: (string | null)[]): Promise<Map<string, string>> {
    const want = [...new Set(ids.filter((x): x is string => !!x))];
    if (want.length === 0) return new Map();
    const rows = await db.selectFrom('app_user').select(['id', 'display_name']).where('id', 'in', want).execute();
    return new Map(rows.map((r) => [r.id, r.display_name]));
  }

  // ── plans ───────────────────────────────────────────────────────────────────────────────────────────────────
  /** POST /api/cases/:id/plans: the option of `kind` recomputed from the ledger and the form (and the chosen term). */
  async function proposePlan(p: Principal, caseId: string, body: ProposePlan): Promise<PlanOut> {
    requirePermission(p, 'contacts.attempt');
    const u = userOf(p);
    const l = await scopedCase(p, caseId);
    const { debt, affordability, result } = optionsFor(l, body.affordability, body.hardshipMonths);
    const offered = result.options.find((o) => o.kind === body.kind);
    if (!offered) {
      const why = result.excluded.find((x) => x.kind === body.kind)?.reason ?? { 'zh-CN': '未生成该类方案', en: 'no such option was generated' };
      throw new AppError(NegotiationErrors['negotiation.option_unavailable'], { reason: why['zh-CN'], reasonEn: why.en });
    }
    let chosen: Pick<PlanOption, 'kind' | 'months' | 'annualRateBp' | 'rows' | 'totals' | 'approval' | 'summary' | 'waivedMinor' | 'discountBp' | 'penaltyFrozen'> = offered;
    if ((body.months !== undefined && body.months !== offered.months) || body.firstPaymentMinor !== undefined) {
      try {
        // A bad first payment is a NegotiationError on `firstPaymentMinor`: engine() makes it a 400 naming the field.
        const v = engine(() => optionVariant(offered, { months: body.months, firstPaymentMinor: body.firstPaymentMinor }, {
          balanceMinor: debt.balanceMinor, currency: debt.currency, chargeCapMinor: debt.chargeCapMinor, policy: result.policy, authority: l.policy.authority, affordability, startDate: l.asOf,
        }));
        chosen = { ...v, waivedMinor: 0, discountBp: 0, penaltyFrozen: offered.penaltyFrozen };
      } catch (e) {
        if (e instanceof TermError) throw new AppError(NegotiationErrors['negotiation.option_unavailable'], { reason: e.reason['zh-CN'], reasonEn: e.reason.en });
        throw e;
      }
    }
    const needed = chosen.approval.approver;
    const withinOwn = roleAuthority(u.role) >= approverLevel[needed];
    const now = clock.now().toISOString();
    const plan: PaymentPlanTable = {
      id: newId(), case_id: caseId, creditor_id: l.c.creditorId, method: chosen.kind, status: withinOwn ? 'approved' : 'proposed', currency: debt.currency,
      balance_minor: debt.balanceMinor, discount_bp: chosen.discountBp, waived_minor: chosen.waivedMinor, term_months: chosen.months, annual_rate_bp: chosen.annualRateBp,
      total_minor: chosen.totals.paymentMinor, paid_minor: 0, start_date: l.asOf, is_penalty_frozen: chosen.penaltyFrozen,
      affordability_input_json: { ...body.affordability, ...(body.hardshipMonths ? { hardshipMonths: body.hardshipMonths } : {}) },
      affordability_json: affordability, summary_json: chosen.summary, required_approver: needed, approval_json: chosen.approval,
      approved_by: withinOwn ? u.userId : null, approved_at: withinOwn ? now : null, decision_reason: withinOwn ? 'within_authority' : null,
      activated_at: null, closed_at: null, evaluated_at: null, created_by: u.userId, created_at: now, updated_at: now,
    };
    const rows: PlanInstallmentTable[] = chosen.rows.map((r) => ({
      id: newId(), plan_id: plan.id, seq: r.seq, due_date: r.dueDate, amount_minor: r.paymentMinor, principal_minor: r.principalMinor, interest_minor: r.interestMinor, paid_minor: 0, status: 'upcoming',
    }));
    await db.transaction().execute(async (trx) => {
      const open = await trx.selectFrom('payment_plan').select('id').where('case_id', '=', caseId).where('status', 'in', ['proposed', 'approved', 'active']).executeTakeFirst();
      if (open) throw new AppError(NegotiationErrors['negotiation.plan_open']);
      await trx.insertInto('payment_plan').values(plan).execute();
      for (let i = 0; i < rows.length; i += 200) await trx.insertInto('plan_installment').values(rows.slice(i, i + 200)).execute();
      await audit.record(actorOf(p), {
        action: 'plan.propose', entityType: 'payment_plan', entityId: plan.id, reason: withinOwn ? 'within_authority' : null,
        after: {
          caseId, method: plan.method, status: plan.status, termMonths: plan.term_months, totalMinor: plan.total_minor, discountBp: plan.discount_bp, waivedMinor: plan.waived_minor,
          requiredApprover: needed, reasons: chosen.approval.reasons.map((r) => r.message.en),
        },
      }, trx);
    });
    return (await plansOut([plan]))[0]!;
  }

  async function plansOut(plans: PaymentPlanTable[]): Promise<PlanOut[]> {
    if (plans.length === 0) return [];
    const [insts, names, debtors, agreements] = await Promise.all([
      db.selectFrom('plan_installment').selectAll().where('plan_id', 'in', plans.map((x) => x.id)).orderBy('seq').execute(),
      userNames(plans.flatMap((x) => [x.created_by, x.approved_by])),
      db.selectFrom('collection_case').innerJoin('debtor', 'debtor.id', 'collection_case.debtor_id').select(['collection_case.id', 'debtor.full_name']).where('collection_case.id', 'in', [...new Set(plans.map((x) => x.case_id))]).execute(),
      deps.documents.latestFor('payment_plan', plans.map((x) => x.id)),
    ]);
    const debtorOf = new Map(debtors.map((d) => [d.id, d.full_name]));
    return plans.map((x) => ({
      id: x.id, caseId: x.case_id, debtorName: debtorOf.get(x.case_id) ?? null, method: x.method as PlanOut['method'], status: x.status, currency: x.currency,
      balanceMinor: Number(x.balance_minor), discountBp: x.discount_bp, waivedMinor: Number(x.waived_minor), termMonths: x.term_months, annualRateBp: Number(x.annual_rate_bp),
      totalMinor: Number(x.total_minor), paidMinor: Number(x.paid_minor), startDate: String(x.start_date), penaltyFrozen: x.is_penalty_frozen, requiredApprover: x.required_approver,
      approval: x.approval_json, affordabilityInput: x.affordability_input_json, affordability: x.affordability_json as PlanOut['affordability'], summary: x.summary_json,
      createdBy: x.created_by, createdByName: names.get(x.created_by) ?? null, approvedBy: x.approved_by, approvedByName: x.approved_by ? names.get(x.approved_by) ?? null : null,
      approvedAt: x.approved_at, decisionReason: x.decision_reason, activatedAt: x.activated_at, closedAt: x.closed_at, createdAt: x.created_at,
      installments: insts.filter((i) => i.plan_id === x.id).map((i) => ({
        seq: i.seq, dueDate: String(i.due_date), amountMinor: Number(i.amount_minor), principalMinor: Number(i.principal_minor), interestMinor: Number(i.interest_minor),
        paidMinor: Number(i.paid_minor), status: i.status,
      })),
      agreementDocumentId: agreements.get(x.id) ?? null,
    }));
  }

  async function listPlans(p: Principal, caseId: string): Promise<{ items: PlanOut[] }> {
    await deps.cases.get(p, caseId);
    const rows = await db.selectFrom('payment_plan').selectAll().where('case_id', '=', caseId).orderBy('created_at', 'desc').execute();
    return { items: await plansOut(rows) };
  }

  /** The plan, after checking its case is in the caller's scope (404 otherwise, like the case itself). */
  async function scopedPlan(p: Principal, planId: string): Promise<PaymentPlanTable> {
    const plan = await db.selectFrom('payment_plan').selectAll().where('id', '=', planId).executeTakeFirst();
    if (!plan) throw new AppError(NegotiationErrors['negotiation.plan_not_found']);
    try {
      await deps.cases.get(p, plan.case_id);
    } catch (e) {
      if (e instanceof AppError && e.kind === 'not_found') throw new AppError(NegotiationErrors['negotiation.plan_not_found']);
      throw e;
    }
    return plan;
  }

  const ACTION_ZH = { approved: '批准', rejected: '驳回', active: '生效', cancelled: '取消' } as const;
  const ACTION_EN = { approved: 'approved', rejected: 'rejected', active: 'activated', cancelled: 'cancelled' } as const;
  const STATUS_ZH: Record<PaymentPlanTable['status'], string> = { proposed: '待审批', approved: '已批准', active: '执行中', completed: '已结清', broken: '已违约', rejected: '已驳回', cancelled: '已取消' };

  async function move(trx: Transaction<DB>, p: Principal, plan: PaymentPlanTable, to: 'approved' | 'rejected' | 'active' | 'cancelled', set: Partial<PaymentPlanTable>, reason: string | null) {
    if (!canTransition(plan.status as PlanWorkflowStatus, to)) {
      throw new AppError(NegotiationErrors['negotiation.bad_transition'], { status: STATUS_ZH[plan.status], action: ACTION_ZH[to], actionEn: ACTION_EN[to] });
    }
    const now = clock.now().toISOString();
    // Guarded by the status read: a concurrent decision on the same plan changes no row here.
    const res = await trx.updateTable('payment_plan').set({ ...set, status: to, updated_at: now }).where('id', '=', plan.id).where('status', '=', plan.status).executeTakeFirst();
    if (Number(res.numUpdatedRows) !== 1) throw new AppError('common.conflict', { reason: 'plan status changed' });
    await audit.record(actorOf(p), { action: `plan.${to === 'active' ? 'activate' : to === 'approved' ? 'approve' : to === 'rejected' ? 'reject' : 'cancel'}`, entityType: 'payment_plan', entityId: plan.id, reason, before: { status: plan.status }, after: { status: to, requiredApprover: plan.required_approver } }, trx);
  }

  async function decide(p: Principal, planId: string, to: 'approved' | 'rejected', reason: string): Promise<PlanOut> {
    requirePermission(p, 'plans.approve');
    const u = userOf(p);
    const plan = await scopedPlan(p, planId);
    if (plan.status === 'proposed') {
      if (plan.created_by === u.userId) throw new AppError(NegotiationErrors['negotiation.self_approval']);
      if (roleAuthority(u.role) < approverLevel[plan.required_approver]) {
        throw new AppError(NegotiationErrors['negotiation.insufficient_authority'], { approver: APPROVER_ZH[plan.required_approver], approverEn: plan.required_approver });
      }
    }
    const now = clock.now().toISOString();
    await db.transaction().execute((trx) => move(trx, p, plan, to, { approved_by: u.userId, approved_at: now, decision_reason: reason }, reason));
    return (await plansOut([(await db.selectFrom('payment_plan').selectAll().where('id', '=', planId).executeTakeFirstOrThrow())]))[0]!;
  }

  /** The parties and the wording inputs of a plan's agreement and confirmation. */
  async function agreementInputs(p: Principal, plan: PaymentPlanTable) {
    const c = await deps.cases.get(p, plan.case_id);
    const [creditor, agency] = await Promise.all([
      db.selectFrom('creditor').select(['name', 'time_zone', 'negotiation_policy_json']).where('id', '=', plan.creditor_id).executeTakeFirst(),
      db.selectFrom('agency').select('name').orderBy('created_at').executeTakeFirst(),
    ]);
    const today = calendarDate(clock.now(), creditor?.time_zone ?? 'Asia/Shanghai');
    const policy = negotiationPolicyFor(creditor?.negotiation_policy_json);
    const parties = { creditorName: creditor?.name ?? c.creditorName, agencyName: agency?.name ?? 'Concord', graceDays: policy.graceDays };
    return { c, today, zone: creditor?.time_zone ?? 'Asia/Shanghai', policy, parties, locale: agreementLocale(c) };
  }

  /**
   * POST /api/plans/:id/activate: the debtor agreed to an approved plan. One transaction: the plan becomes active;
   * the confirmation (if asked for) is decided by the engine as a `plan_confirmation` and queued — at the next
   * allowed instant when the hour forbids it now; the CN-C04 hold is placed; the agreement PDF is stored on the case.
   * Then it follows the payments imported.
   */
  async function activate(p: Principal, planId: string, body: ActivatePlan = {}): Promise<ActivateOut> {
    requirePermission(p, 'contacts.attempt');
    userOf(p);
    const plan = await scopedPlan(p, planId);
    if (!canTransition(plan.status as PlanWorkflowStatus, 'active')) {
      throw new AppError(NegotiationErrors['negotiation.bad_transition'], { status: STATUS_ZH[plan.status], action: ACTION_ZH.active, actionEn: ACTION_EN.active });
    }
    const now = clock.now().toISOString();
    const { c, today, policy, parties, locale } = await agreementInputs(p, plan);
    // The agreement and the confirmation show the plan as it will be once active (the same rows, read before).
    const [asActive] = await plansOut([{ ...plan, status: 'active', activated_at: now }]);
    const pdf = await renderPdf(agreementSpec(asActive!, c, parties, locale, today), clock.now());
    const first = asActive!.installments[0];
    const prepared = body.confirm
      ? await deps.messaging.prepareMessage(p, c, body.confirm, {
          purpose: 'plan_confirmation',
          values: (tplLocale) => ({
            planTerms: planTermsText(asActive!, tplLocale.startsWith('zh') ? 'zh-CN' : 'en'),
            ...(first ? { dueDate: first.dueDate, amountDue: formatMinor(first.amountMinor, plan.currency, tplLocale) } : {}),
          }),
        })
      : null;
    const confirmation = await db.transaction().execute(async (trx) => {
      await move(trx, p, plan, 'active', { activated_at: now }, body.note ?? null);
      // Before the hold, so the confirmation is decided as the debtor's agreement stands (the hold lets it through anyway).
      const sent = prepared ? await deps.messaging.queueIn(trx, prepared, { deferIfLater: true }) : null;
      // CN-C04: a signed plan holds collection on the case's debts until it is breached (the packs' plan hold).
      await placePlanHold(trx, plan, now, actorOf(p).id);
      // A plan that freezes penalty: the case's figures drop the penalty from now on (ledger.service penaltyFreezes).
      if (plan.is_penalty_frozen) await refreshCaseFigures(trx, [plan.case_id], today, now);
      // Payments already imported since the start count at once.
      await evaluateAfterPayments(trx, [plan.case_id], today, { nowIso: now, audit, actor: actorOf(p), graceDays: policy.graceDays });
      await storeDocumentIn(trx, audit, actorOf(p), {
        caseId: plan.case_id, kind: 'plan_agreement', title: locale === 'en' ? 'Repayment plan agreement' : '还款计划协议', fileName: `${locale === 'en' ? 'plan-agreement' : '还款计划协议'}-${plan.id}.pdf`,
        mimeType: 'application/pdf', locale, content: pdf, sourceType: 'payment_plan', sourceId: plan.id, createdBy: userOf(p).userId, at: now,
      });
      return sent;
    });
    const [out] = await plansOut([await db.selectFrom('payment_plan').selectAll().where('id', '=', planId).executeTakeFirstOrThrow()]);
    return {
      ...out!,
      confirmation: confirmation && {
        outcome: confirmation.decision.outcome, nextAllowedAt: confirmation.decision.nextAllowedAt,
        reasons: confirmation.decision.reasons.map((r) => ({ ruleId: r.ruleId, outcome: r.outcome, message: r.message })),
        messageId: confirmation.message?.id ?? null, status: confirmation.message?.status ?? null, sendAt: confirmation.message?.nextAttemptAt ?? null,
      },
    };
  }

  /** GET /api/plans/:id/agreement: the agreement as it would be signed — an approved plan's preview for the call (audited). */
  async function agreementPreview(p: Principal, planId: string): Promise<{ fileName: string; content: Buffer }> {
    requirePermission(p, 'cases.read');
    const plan = await scopedPlan(p, planId);
    if (!['approved', 'active', 'completed', 'broken'].includes(plan.status)) {
      throw new AppError(NegotiationErrors['negotiation.bad_transition'], { status: STATUS_ZH[plan.status], action: '预览协议', actionEn: 'previewed as an agreement' });
    }
    const { c, today, zone, parties, locale } = await agreementInputs(p, plan);
    const [out] = await plansOut([plan]);
    const content = await renderPdf(agreementSpec(out!, c, parties, locale, plan.activated_at ? calendarDate(new Date(plan.activated_at), zone) : today), clock.now());
    await audit.record(actorOf(p), { action: 'plan.agreement_preview', entityType: 'payment_plan', entityId: plan.id, meta: { caseId: plan.case_id } });
    return { fileName: `${locale === 'en' ? 'plan-agreement' : '还款计划协议'}-${plan.id}.pdf`, content };
  }

  async function cancel(p: Principal, planId: string, reason: string): Promise<PlanOut> {
    requirePermission(p, 'contacts.attempt');
    userOf(p);
    const plan = await scopedPlan(p, planId);
    await db.transaction().execute((trx) => move(trx, p, plan, 'cancelled', { closed_at: clock.now().toISOString(), decision_reason: reason }, reason));
    return (await plansOut([(await db.selectFrom('payment_plan').selectAll().where('id', '=', planId).executeTakeFirstOrThrow())]))[0]!;
  }

  /** GET /api/approvals: proposed plans in the caller's scope that need at most the caller's authority, not their own. */
  async function approvals(p: Principal): Promise<{ items: PlanOut[] }> {
    requirePermission(p, 'plans.approve');
    const u = userOf(p);
    const level = roleAuthority(u.role);
    const levels = (Object.keys(approverLevel) as (keyof typeof approverLevel)[]).filter((k) => approverLevel[k] <= level);
    if (levels.length === 0) return { items: [] };
    const rows = await db
      .selectFrom('payment_plan')
      .innerJoin('collection_case', 'collection_case.id', 'payment_plan.case_id')
      .where(scopeFilter(scopeOf(p)))
      .where('payment_plan.status', '=', 'proposed')
      .where('payment_plan.required_approver', 'in', levels)
      .where('payment_plan.created_by', '<>', u.userId)
      .selectAll('payment_plan')
      .orderBy('payment_plan.created_at')
      .limit(200)
      .execute();
    return { items: await plansOut(rows) };
  }

  return {
    context, planOptions, planOptionsSystem, createPromise, listPromises, proposePlan, listPlans,
    approvePlan: (p: Principal, id: string, reason: string) => decide(p, id, 'approved', reason),
    rejectPlan: (p: Principal, id: string, reason: string) => decide(p, id, 'rejected', reason),
    activate, agreementPreview, cancel, approvals,
    /** Re-evaluate promises and active plans of cases as of `today` (also wired into the payments import). */
    evaluate: (caseIds: string[], today: string) =>
      db.transaction().execute((trx) => evaluateAfterPayments(trx, caseIds, today, { nowIso: clock.now().toISOString(), audit })),
  };
}
export type NegotiationService = ReturnType<typeof createNegotiationService>;
