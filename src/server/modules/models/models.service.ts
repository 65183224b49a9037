// The model registry (issue 9, part 1): train a portfolio model from Concord's own history — the features each
// nightly run stored per case and date, labelled by whether the case then paid a share of its balance within N days —
// evaluate it on a seeded stratified 30 % holdout next to the rule score, register it as a numbered candidate, and
// activate one (audited) to score the nightly runs. With too little history training is refused with the counts, and
// the transparent rule score keeps serving.
import type { Kysely } from 'kysely';
import type { ScoringModelOut, TrainModelIn } from '../../../contracts/models.js';
import { addDays } from '../../../core/delinquency/index.js';
import {
  auc, evaluate, paidLabel, parseModel, portfolioScorer, portfolioTable, PORTFOLIO_LABEL, scoreRows, serializeModel, stratifiedSplit, trainModel,
  type ModelScore, type PortfolioFeatures,
} from '../../../core/scoring/index.js';
import type { AppContext } from '../../context.js';
import type { DB } from '../../db/schema.js';
import { actorOf, requirePermission, type Principal } from '../../platform/access.js';
import { calendarDate } from '../../platform/clock.js';
import { AppError, defineErrors } from '../../platform/errors.js';
import { newId } from '../../platform/ids.js';
import { AGENCY_TIME_ZONE } from '../staff/index.js';
import type { ScoringModelTable } from './models.tables.js';

export const ModelErrors = defineErrors({
  'models.not_enough_history': {
    kind: 'conflict',
    zh: '历史数据不足，暂不能训练模型：{from} 至 {to} 共 {rows} 条评分记录，其中还款 {positives} 条（至少需要 {minRows} 条，且还款与未还款各 {minClass} 条）。在此之前继续使用规则评分。',
    en: 'Not enough history to train a model: {rows} scored rows from {from} to {to}, {positives} of them paid (needs {minRows} rows and {minClass} of each outcome). The rule score keeps serving until then.',
  },
  'models.not_found': { kind: 'not_found', zh: '未找到模型 {id}', en: 'No model {id}' },
  'models.already_active': { kind: 'conflict', zh: '模型 v{version} 已是当前启用的模型', en: 'Model v{version} is already active' },
});

/** The most history rows one training reads (the most recent dates first). */
export const MAX_TRAINING_ROWS = 200_000;
export type TrainingLimits = { minRows: number; minClass: number };
export const DEFAULT_LIMITS: TrainingLimits = { minRows: 500, minClass: 50 };

const out = (r: ScoringModelTable): ScoringModelOut => ({
  id: r.id, version: Number(r.version), kind: r.kind, status: r.status, asOf: r.as_of, labelDays: Number(r.label_days), labelShareBp: Number(r.label_share_bp),
  historyFrom: r.history_from, historyTo: r.history_to, rows: Number(r.rows), positives: Number(r.positives), metrics: r.metrics_json,
  createdBy: r.created_by, createdAt: r.created_at, activatedBy: r.activated_by, activatedAt: r.activated_at,
});

type Payment = { paidOn: string; minor: number };

/** Payments per case paid after `since`, net of reversed ones (reversal rows themselves excluded). */
async function paymentsAfter(db: Kysely<DB>, caseIds: string[], since: string): Promise<Map<string, Payment[]>> {
  const byCase = new Map<string, Payment[]>();
  for (let i = 0; i < caseIds.length; i += 1000) {
    const chunk = caseIds.slice(i, i + 1000);
    const rows = await db.selectFrom('payment').select(['case_id', 'paid_on', 'amount_minor', 'external_id', 'debt_account_id', 'reversal_of']).where('case_id', 'in', chunk).where('paid_on', '>', since).execute();
    const reversed = new Set(rows.filter((r) => r.reversal_of).map((r) => `${r.debt_account_id}:${r.reversal_of}`));
    for (const r of rows) {
      if (r.reversal_of || reversed.has(`${r.debt_account_id}:${r.external_id}`)) continue;
      const l = byCase.get(r.case_id) ?? [];
      l.push({ paidOn: r.paid_on, minor: Number(r.amount_minor) });
      byCase.set(r.case_id, l);
    }
  }
  return byCase;
}

export function createModelService(ctx: AppContext, limits: TrainingLimits = DEFAULT_LIMITS) {
  const { db, clock, audit } = ctx;

  async function list(p: Principal) {
    requirePermission(p, 'cases.assign');
    const rows = await db.selectFrom('scoring_model').selectAll().orderBy('version', 'desc').execute();
    return { items: rows.map(out) };
  }

  async function train(p: Principal, input: TrainModelIn): Promise<ScoringModelOut> {
    requirePermission(p, 'cases.assign');
    const asOf = input.asOf ?? calendarDate(clock.now(), AGENCY_TIME_ZONE);
    const historyTo = addDays(asOf, -input.labelDays);
    const historyFrom = addDays(asOf, -input.lookbackDays);
    const scores = await db
      .selectFrom('case_score')
      .innerJoin('collection_case', 'collection_case.id', 'case_score.case_id')
      .select(['case_score.case_id', 'case_score.as_of', 'case_score.bucket', 'case_score.score', 'case_score.features_json', 'collection_case.total_due_minor'])
      .where('case_score.as_of', '>=', historyFrom)
      .where('case_score.as_of', '<=', historyTo)
      .orderBy('case_score.as_of', 'desc')
      .orderBy('case_score.case_id')
      .limit(MAX_TRAINING_ROWS)
      .execute();
    const minAsOf = scores.reduce((m, s) => (s.as_of < m ? s.as_of : m), historyTo);
    const pays = await paymentsAfter(db, [...new Set(scores.map((s) => s.case_id))], minAsOf);
    const rule = { days: input.labelDays, shareBp: input.labelShareBp };
    const rows = scores.map((s) => {
      const end = addDays(s.as_of, input.labelDays);
      let inWindow = 0;
      let after = 0;
      for (const x of pays.get(s.case_id) ?? []) {
        if (x.paidOn <= s.as_of) continue;
        after += x.minor;
        if (x.paidOn <= end) inWindow += x.minor;
      }
      // What was owed at the scoring date ≈ owed now + paid since (interest accrued since is not subtracted).
      const label = paidLabel(Number(s.total_due_minor) + after, inWindow, rule);
      return { features: s.features_json as PortfolioFeatures, bucket: s.bucket, label, ruleScore: Number(s.score) };
    });
    const positives = rows.reduce((n, r) => n + r.label, 0);
    if (rows.length < limits.minRows || positives < limits.minClass || rows.length - positives < limits.minClass) {
      throw new AppError(ModelErrors['models.not_enough_history'], { rows: rows.length, positives, from: historyFrom, to: historyTo, minRows: limits.minRows, minClass: limits.minClass });
    }
    const table = portfolioTable(rows);
    const labels = rows.map((r) => r.label);
    const split = stratifiedSplit(labels, 0.3, input.seed); // 30 % to `second`: the holdout
    const model = trainModel(table, { label: PORTFOLIO_LABEL, positive: '1', kind: input.kind, seed: input.seed, rows: split.first });
    const holdoutLabels = split.second.map((i) => labels[i]!);
    const m = evaluate(holdoutLabels, scoreRows(model, table, split.second));
    const ruleAuc = auc(holdoutLabels, split.second.map((i) => rows[i]!.ruleScore));
    const at = clock.now().toISOString();
    return db.transaction().execute(async (trx) => {
      const last = await trx.selectFrom('scoring_model').select((eb) => eb.fn.max('version').as('v')).executeTakeFirst();
      const row: ScoringModelTable = {
        id: newId(), version: Number(last?.v ?? 0) + 1, kind: input.kind, status: 'candidate', as_of: asOf, label_days: input.labelDays, label_share_bp: input.labelShareBp,
        history_from: historyFrom, history_to: historyTo, rows: rows.length, positives,
        metrics_json: { auc: m.auc, ks: m.ks, brier: m.brier, logLoss: m.logLoss, holdoutRows: split.second.length, ruleAuc },
        model_json: serializeModel(model), created_by: p.kind === 'user' ? p.userId : 'system', created_at: at, activated_by: null, activated_at: null,
      };
      await trx.insertInto('scoring_model').values({ ...row, metrics_json: JSON.stringify(row.metrics_json) as never }).execute();
      await audit.record(actorOf(p), { action: 'model.trained', entityType: 'scoring_model', entityId: row.id, after: { version: row.version, kind: row.kind, rows: row.rows, positives, auc: m.auc, ruleAuc } }, trx);
      return out(row);
    });
  }

  /** Make one model the active one (the previous active one is retired); the next nightly run scores with it. */
  async function activate(p: Principal, id: string): Promise<ScoringModelOut> {
    requirePermission(p, 'cases.assign');
    const at = clock.now().toISOString();
    return db.transaction().execute(async (trx) => {
      const m = await trx.selectFrom('scoring_model').selectAll().where('id', '=', id).executeTakeFirst();
      if (!m) throw new AppError(ModelErrors['models.not_found'], { id });
      if (m.status === 'active') throw new AppError(ModelErrors['models.already_active'], { version: m.version });
      const previous = await trx.selectFrom('scoring_model').select(['id', 'version']).where('status', '=', 'active').execute();
      await trx.updateTable('scoring_model').set({ status: 'retired' }).where('status', '=', 'active').execute();
      const by = p.kind === 'user' ? p.userId : 'system';
      await trx.updateTable('scoring_model').set({ status: 'active', activated_by: by, activated_at: at }).where('id', '=', id).execute();
      await audit.record(actorOf(p), { action: 'model.activated', entityType: 'scoring_model', entityId: id, before: { active: previous.map((x) => x.version) }, after: { active: m.version } }, trx);
      return out({ ...m, status: 'active', activated_by: by, activated_at: at });
    });
  }

  return { list, train, activate };
}
export type ModelService = ReturnType<typeof createModelService>;

const scorers = new Map<string, (features: PortfolioFeatures, bucket: string) => ModelScore>();
/** The active model's scorer (parsed once per model id), or null while the rule score serves. */
export async function activeScorer(db: Kysely<DB>): Promise<{ modelId: string; score: (features: PortfolioFeatures, bucket: string) => ModelScore } | null> {
  const m = await db.selectFrom('scoring_model').select(['id', 'model_json']).where('status', '=', 'active').executeTakeFirst();
  if (!m) return null;
  let s = scorers.get(m.id);
  if (!s) {
    s = portfolioScorer(parseModel(m.model_json));
    scorers.set(m.id, s);
  }
  return { modelId: m.id, score: s };
}
