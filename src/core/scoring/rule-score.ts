// A transparent points score (0–100, higher = more likely to pay) for portfolios without enough history to train
// a model. Every point is listed in RULE_POINTS and returned as a reason; docs/scoring.md has the table.

export type RuleScoreInput = {
  daysPastDue: number;
  /** Payments received in the last 30 days (count). */
  paymentsLast30Days: number;
  /** Payments received in the last 90 days (count, including the last 30). */
  paymentsLast90Days: number;
  /** Promises to pay kept / broken (e.g. in the last 180 days). */
  promisesKept: number;
  promisesBroken: number;
  /** Contact attempts and right-party contacts in the last 30 days. */
  contactAttempts: number;
  rightPartyContacts: number;
  addressVerified: boolean;
};

export type RuleReason = { code: string; points: number; labels: { 'zh-CN': string; en: string } };
export type RuleScore = { score: number; reasons: RuleReason[] };

/** Base score and points; the total is clamped to [0, 100]. */
export const RULE_POINTS = {
  base: 50,
  /** Days-past-due bands: the first band whose `maxDpd` is ≥ the row's DPD. */
  dpd: [
    { maxDpd: 0, points: 25, code: 'dpd_current', en: 'Not past due', zh: '未逾期' },
    { maxDpd: 30, points: 20, code: 'dpd_1_30', en: '1–30 days past due', zh: '逾期1–30天' },
    { maxDpd: 60, points: 10, code: 'dpd_31_60', en: '31–60 days past due', zh: '逾期31–60天' },
    { maxDpd: 90, points: 0, code: 'dpd_61_90', en: '61–90 days past due', zh: '逾期61–90天' },
    { maxDpd: 180, points: -10, code: 'dpd_91_180', en: '91–180 days past due', zh: '逾期91–180天' },
    { maxDpd: 360, points: -20, code: 'dpd_181_360', en: '181–360 days past due', zh: '逾期181–360天' },
    { maxDpd: Infinity, points: -30, code: 'dpd_over_360', en: 'Over 360 days past due', zh: '逾期超过360天' },
  ],
  paidLast30Days: 20,
  /** Only when nothing was paid in the last 30 days. */
  paidLast90Days: 10,
  promiseKept: { each: 8, max: 24 },
  promiseBroken: { each: -10, min: -30 },
  /** Right-party contacts / attempts ≥ 0.5. */
  rpcRateHigh: 10,
  /** At least one right-party contact, rate below 0.5. */
  rpcSome: 5,
  /** At least `attempts` attempts and no right-party contact: a reminder case. */
  unreachable: { attempts: 3, points: -10 },
  addressVerified: 5,
} as const;

function check(input: RuleScoreInput): void {
  for (const [k, v] of Object.entries(input)) {
    if (typeof v === 'number' && !(Number.isFinite(v) && v >= 0)) throw new RangeError(`${k} must be a finite number ≥ 0, got ${v}`);
  }
}

export function ruleScore(input: RuleScoreInput): RuleScore {
  check(input);
  const P = RULE_POINTS;
  const reasons: RuleReason[] = [];
  const add = (code: string, points: number, en: string, zh: string) => {
    if (points !== 0) reasons.push({ code, points, labels: { 'zh-CN': zh, en } });
  };
  const band = P.dpd.find((b) => input.daysPastDue <= b.maxDpd)!;
  add(band.code, band.points, band.en, band.zh);
  if (input.paymentsLast30Days > 0) add('paid_30d', P.paidLast30Days, 'Paid in the last 30 days', '近30天有还款');
  else if (input.paymentsLast90Days > 0) add('paid_90d', P.paidLast90Days, 'Paid in the last 90 days', '近90天有还款');
  add('promises_kept', Math.min(P.promiseKept.max, P.promiseKept.each * input.promisesKept), `${input.promisesKept} promise(s) kept`, `履行承诺${input.promisesKept}次`);
  add('promises_broken', Math.max(P.promiseBroken.min, P.promiseBroken.each * input.promisesBroken), `${input.promisesBroken} promise(s) broken`, `违背承诺${input.promisesBroken}次`);
  const rate = input.contactAttempts > 0 ? input.rightPartyContacts / input.contactAttempts : 0;
  if (input.rightPartyContacts > 0 && rate >= 0.5) add('rpc_high', P.rpcRateHigh, 'Reached the debtor on most attempts', '多数联络可联系到本人');
  else if (input.rightPartyContacts > 0) add('rpc_some', P.rpcSome, 'Reached the debtor at least once', '曾联系到本人');
  else if (input.contactAttempts >= P.unreachable.attempts) add('unreachable', P.unreachable.points, 'Not reached in recent attempts', '近期多次联络未联系到本人');
  if (input.addressVerified) add('address_verified', P.addressVerified, 'Address verified', '地址已核实');
  const total = P.base + reasons.reduce((s, r) => s + r.points, 0);
  reasons.sort((a, b) => Math.abs(b.points) - Math.abs(a.points) || (a.code < b.code ? -1 : 1));
  return { score: Math.max(0, Math.min(100, total)), reasons };
}
