// Validation of a strategy definition from untrusted JSON: every problem is reported with the path of the field
// (e.g. `segments[2].when.dpd.min`) and a zh-CN / en message. A valid definition is returned typed.
import { ACTION_KINDS, BANDS, PROMISE_STATES, TEMPLATE_ACTIONS, type StrategyDefinition } from './types.js';

export type StrategyIssue = { path: string; zh: string; en: string };

export class StrategyValidationError extends Error {
  constructor(readonly issues: StrategyIssue[]) {
    super(issues.map((i) => `${i.path}: ${i.en}`).join('; '));
    this.name = 'StrategyValidationError';
  }
}

export const LIMITS = { segments: 100, treatments: 50, steps: 30, maxDay: 3650, label: 60, id: 40, template: 80, list: 200 } as const;
const ID = /^[A-Za-z0-9_-]+$/;
const CONDITION_KEYS = ['dpd', 'buckets', 'bands', 'score', 'balance', 'creditorIds', 'products', 'hasVerifiedAddress', 'hasPhone', 'hasMobile', 'hasEmail', 'promise', 'languages', 'provinces'] as const;

const isObj = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

export function strategyIssues(input: unknown): StrategyIssue[] {
  const out: StrategyIssue[] = [];
  const bad = (path: string, zh: string, en: string) => out.push({ path, zh, en });
  const unknownKeys = (o: Record<string, unknown>, path: string, keys: readonly string[]) => {
    for (const k of Object.keys(o)) if (!keys.includes(k)) bad(path ? `${path}.${k}` : k, '未知字段', 'unknown field');
  };
  const id = (v: unknown, path: string) => {
    if (typeof v !== 'string' || !ID.test(v) || v.length > LIMITS.id) bad(path, `须为1–${LIMITS.id}位字母、数字、_ 或 -`, `must be 1–${LIMITS.id} letters, digits, _ or -`);
  };
  const label = (v: unknown, path: string) => {
    if (!isObj(v)) return bad(path, '须为 {zh, en} 名称', 'must be a {zh, en} name');
    unknownKeys(v, path, ['zh', 'en']);
    for (const k of ['zh', 'en'] as const) {
      const s = v[k];
      if (typeof s !== 'string' || s.trim() === '' || s.length > LIMITS.label) bad(`${path}.${k}`, `须为1–${LIMITS.label}个字符`, `must be 1–${LIMITS.label} characters`);
    }
  };
  const range = (v: unknown, path: string, lo: number, hi: number) => {
    if (!isObj(v)) return bad(path, '须为 {min, max} 范围', 'must be a {min, max} range');
    unknownKeys(v, path, ['min', 'max']);
    for (const k of ['min', 'max'] as const) {
      const n = v[k];
      if (n !== undefined && (typeof n !== 'number' || !Number.isInteger(n) || n < lo || n > hi)) bad(`${path}.${k}`, `须为 ${lo}–${hi} 的整数`, `must be a whole number ${lo}–${hi}`);
    }
    if (v.min === undefined && v.max === undefined) bad(path, '至少填写最小值或最大值', 'needs a min or a max');
    if (typeof v.min === 'number' && typeof v.max === 'number' && v.min > v.max) bad(path, '最小值大于最大值', 'min is greater than max');
  };
  const list = (v: unknown, path: string, allowed?: readonly string[]) => {
    if (!Array.isArray(v) || v.length === 0 || v.length > LIMITS.list) return bad(path, `须为1–${LIMITS.list}项的列表`, `must be a list of 1–${LIMITS.list} values`);
    v.forEach((x, i) => {
      if (typeof x !== 'string' || x.trim() === '') bad(`${path}[${i}]`, '须为非空文本', 'must be non-empty text');
      else if (allowed && !allowed.includes(x)) bad(`${path}[${i}]`, `须为 ${allowed.join('、')} 之一`, `must be one of ${allowed.join(', ')}`);
    });
  };
  const conditions = (v: unknown, path: string) => {
    if (!isObj(v)) return bad(path, '须为条件对象', 'must be an object of conditions');
    unknownKeys(v, path, CONDITION_KEYS);
    if (v.dpd !== undefined) range(v.dpd, `${path}.dpd`, 0, 100_000);
    if (v.score !== undefined) range(v.score, `${path}.score`, 0, 100);
    if (v.balance !== undefined) range(v.balance, `${path}.balance`, 0, Number.MAX_SAFE_INTEGER);
    if (v.buckets !== undefined) list(v.buckets, `${path}.buckets`);
    if (v.bands !== undefined) list(v.bands, `${path}.bands`, BANDS);
    if (v.promise !== undefined) list(v.promise, `${path}.promise`, PROMISE_STATES);
    for (const k of ['creditorIds', 'products', 'languages', 'provinces'] as const) if (v[k] !== undefined) list(v[k], `${path}.${k}`);
    for (const k of ['hasVerifiedAddress', 'hasPhone', 'hasMobile', 'hasEmail'] as const) {
      if (v[k] !== undefined && typeof v[k] !== 'boolean') bad(`${path}.${k}`, '须为是或否', 'must be true or false');
    }
  };

  if (!isObj(input)) {
    bad('', '策略须为对象', 'the strategy must be an object');
    return out;
  }
  unknownKeys(input, '', ['segments', 'treatments']);
  const treatmentIds = new Set<string>();
  if (!Array.isArray(input.treatments) || input.treatments.length === 0 || input.treatments.length > LIMITS.treatments) {
    bad('treatments', `须有1–${LIMITS.treatments}个处置`, `must hold 1–${LIMITS.treatments} treatments`);
  } else {
    input.treatments.forEach((t: unknown, i) => {
      const p = `treatments[${i}]`;
      if (!isObj(t)) return bad(p, '须为对象', 'must be an object');
      unknownKeys(t, p, ['id', 'name', 'steps']);
      id(t.id, `${p}.id`);
      if (typeof t.id === 'string') {
        if (treatmentIds.has(t.id)) bad(`${p}.id`, `处置编号 ${t.id} 重复`, `treatment id ${t.id} is used twice`);
        treatmentIds.add(t.id);
      }
      label(t.name, `${p}.name`);
      if (!Array.isArray(t.steps) || t.steps.length === 0 || t.steps.length > LIMITS.steps) return bad(`${p}.steps`, `须有1–${LIMITS.steps}个步骤`, `must hold 1–${LIMITS.steps} steps`);
      const lastDay: Record<string, number> = {};
      t.steps.forEach((s: unknown, j) => {
        const sp = `${p}.steps[${j}]`;
        if (!isObj(s)) return bad(sp, '须为对象', 'must be an object');
        unknownKeys(s, sp, ['from', 'day', 'action', 'template', 'when']);
        if (s.from !== 'dpd' && s.from !== 'entry') bad(`${sp}.from`, '须为 dpd（逾期天数）或 entry（入组天数）', 'must be dpd or entry');
        if (typeof s.day !== 'number' || !Number.isInteger(s.day) || s.day < 0 || s.day > LIMITS.maxDay) bad(`${sp}.day`, `须为 0–${LIMITS.maxDay} 的整数`, `must be a whole number 0–${LIMITS.maxDay}`);
        else if (typeof s.from === 'string') {
          if (s.day < (lastDay[s.from] ?? 0)) bad(`${sp}.day`, '同一起点的步骤须按天数从小到大排列', 'steps from the same origin must be in increasing day order');
          lastDay[s.from] = s.day;
        }
        if (typeof s.action !== 'string' || !(ACTION_KINDS as readonly string[]).includes(s.action)) bad(`${sp}.action`, `须为 ${ACTION_KINDS.join('、')} 之一`, `must be one of ${ACTION_KINDS.join(', ')}`);
        if (s.template !== undefined) {
          if (typeof s.template !== 'string' || s.template.trim() === '' || s.template.length > LIMITS.template) bad(`${sp}.template`, `须为1–${LIMITS.template}个字符`, `must be 1–${LIMITS.template} characters`);
          else if (typeof s.action === 'string' && (ACTION_KINDS as readonly string[]).includes(s.action) && !TEMPLATE_ACTIONS.has(s.action)) bad(`${sp}.template`, '只有短信、邮件、信函步骤可指定模板', 'only sms, email and letter steps name a template');
        }
        if (s.when !== undefined) conditions(s.when, `${sp}.when`);
      });
    });
  }
  if (!Array.isArray(input.segments) || input.segments.length === 0 || input.segments.length > LIMITS.segments) {
    bad('segments', `须有1–${LIMITS.segments}个分群`, `must hold 1–${LIMITS.segments} segments`);
  } else {
    const segIds = new Set<string>();
    input.segments.forEach((s: unknown, i) => {
      const p = `segments[${i}]`;
      if (!isObj(s)) return bad(p, '须为对象', 'must be an object');
      unknownKeys(s, p, ['id', 'name', 'when', 'treatmentId']);
      id(s.id, `${p}.id`);
      if (typeof s.id === 'string') {
        if (segIds.has(s.id)) bad(`${p}.id`, `分群编号 ${s.id} 重复`, `segment id ${s.id} is used twice`);
        segIds.add(s.id);
      }
      label(s.name, `${p}.name`);
      conditions(s.when, `${p}.when`);
      if (typeof s.treatmentId !== 'string' || !treatmentIds.has(s.treatmentId)) bad(`${p}.treatmentId`, '须为已定义的处置', 'must name a defined treatment');
    });
    const last = input.segments[input.segments.length - 1] as unknown;
    if (isObj(last) && isObj(last.when) && Object.keys(last.when).length > 0) {
      bad(`segments[${input.segments.length - 1}].when`, '最后一个分群是默认分群，不能有条件', 'the last segment is the default and has no conditions');
    }
  }
  return out;
}

/** The definition, typed, or a StrategyValidationError listing every problem. */
export function validateStrategy(input: unknown): StrategyDefinition {
  const issues = strategyIssues(input);
  if (issues.length) throw new StrategyValidationError(issues);
  return input as StrategyDefinition;
}
