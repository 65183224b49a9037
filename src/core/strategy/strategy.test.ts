import { describe, expect, it } from 'vitest';
import {
  armOf, createTally, DEFAULT_STRATEGY, evaluate, hash32, matches, splitPoint, strategyIssues, StrategyValidationError, validateStrategy,
  type CaseFacts, type Conditions, type StrategyDefinition,
} from './index.js';

const facts = (o: Partial<CaseFacts> = {}): CaseFacts => ({
  caseId: 'c1', dpd: 10, bucket: 'M1', band: 'B', score: 55, balance: 500_000, creditorId: 'cr1', products: ['cash_loan'],
  hasVerifiedAddress: false, hasPhone: true, hasMobile: true, hasEmail: true, promise: 'none', language: 'zh-CN', province: '44',
  daysInTreatment: 0, ...o,
});

const name = (zh: string) => ({ zh, en: zh });
const def = (segments: StrategyDefinition['segments'], treatments: StrategyDefinition['treatments']): StrategyDefinition => validateStrategy({ segments, treatments });

describe('matches', () => {
  const cases: Array<[Conditions, Partial<CaseFacts>, boolean]> = [
    [{}, {}, true],
    [{ dpd: { min: 10 } }, { dpd: 10 }, true],
    [{ dpd: { min: 11 } }, { dpd: 10 }, false],
    [{ dpd: { max: 10 } }, { dpd: 10 }, true],
    [{ dpd: { max: 9 } }, { dpd: 10 }, false],
    [{ dpd: { min: 1, max: 30 } }, { dpd: 31 }, false],
    [{ buckets: ['M1', 'M2'] }, { bucket: 'M2' }, true],
    [{ buckets: ['M1'] }, { bucket: 'M3' }, false],
    [{ bands: ['A'] }, { band: 'C' }, false],
    [{ score: { min: 70 } }, { score: 69.5 }, false],
    [{ balance: { max: 100_000 } }, { balance: 100_001 }, false],
    [{ creditorIds: ['cr2'] }, { creditorId: 'cr1' }, false],
    [{ products: ['card'] }, { products: ['cash_loan', 'card'] }, true],
    [{ products: ['card'] }, { products: [] }, false],
    [{ hasVerifiedAddress: true }, { hasVerifiedAddress: false }, false],
    [{ hasVerifiedAddress: false }, { hasVerifiedAddress: false }, true],
    [{ hasPhone: false }, { hasPhone: true }, false],
    [{ hasMobile: true }, { hasMobile: true }, true],
    [{ hasEmail: true }, { hasEmail: false }, false],
    [{ promise: ['broken'] }, { promise: 'broken' }, true],
    [{ promise: ['kept', 'pending'] }, { promise: 'none' }, false],
    [{ languages: ['yue'] }, { language: null }, false],
    [{ languages: ['yue'] }, { language: 'yue' }, true],
    [{ provinces: ['44'] }, { province: null }, false],
    [{ provinces: ['31', '44'] }, { province: '44' }, true],
    [{ dpd: { min: 31 }, hasVerifiedAddress: true }, { dpd: 40, hasVerifiedAddress: false }, false],
  ];
  it.each(cases)('%j on %j → %s', (c, f, want) => expect(matches(c, facts(f))).toBe(want));
});

describe('evaluate', () => {
  const early = def(
    [
      { id: 'late', name: name('晚期'), when: { dpd: { min: 91 } }, treatmentId: 'legal' },
      { id: 'late2', name: name('永远到不了'), when: { dpd: { min: 100 } }, treatmentId: 'legal' },
      { id: 'rest', name: name('其他'), when: {}, treatmentId: 'soft' },
    ],
    [
      { id: 'legal', name: name('法务'), steps: [{ from: 'dpd', day: 0, action: 'legal_review' }] },
      {
        id: 'soft', name: name('温和'), steps: [
          { from: 'dpd', day: 1, action: 'sms', template: 'REMIND_1' },
          { from: 'dpd', day: 3, action: 'call' },
          { from: 'dpd', day: 15, action: 'email', template: 'EMAIL_15' },
          { from: 'dpd', day: 31, action: 'visit_request', when: { hasVerifiedAddress: true } },
          { from: 'entry', day: 10, action: 'letter', template: 'LETTER_1', when: { promise: ['broken'] } },
        ],
      },
    ],
  );
  it('first matching segment wins, in order', () => {
    expect(evaluate(early, facts({ dpd: 120 })).segment.id).toBe('late');
    expect(evaluate(early, facts({ dpd: 90 })).segment.id).toBe('rest');
  });
  it.each([
    [0, 'none', null, null],
    [1, 'sms', 'REMIND_1', 0],
    [2, 'sms', 'REMIND_1', 0],
    [3, 'call', null, 1],
    [14, 'call', null, 1],
    [15, 'email', 'EMAIL_15', 2],
    [40, 'email', 'EMAIL_15', 2],
  ])('DPD %i → %s (template %s, step %s)', (dpd, kind, template, stepIndex) => {
    const d = evaluate(early, facts({ dpd }));
    expect([d.kind, d.template, d.stepIndex]).toEqual([kind, template, stepIndex]);
    expect(d.treatment.id).toBe('soft');
  });
  it('a step with conditions applies only when they hold', () => {
    expect(evaluate(early, facts({ dpd: 40, hasVerifiedAddress: true })).kind).toBe('visit_request');
    expect(evaluate(early, facts({ dpd: 40, hasVerifiedAddress: true, promise: 'broken', daysInTreatment: 9 })).kind).toBe('visit_request');
    const d = evaluate(early, facts({ dpd: 40, hasVerifiedAddress: true, promise: 'broken', daysInTreatment: 10 }));
    expect([d.kind, d.template, d.stepIndex]).toEqual(['letter', 'LETTER_1', 4]);
  });
  it('an unreachable step falls back to the previous reachable one, and to skip trace when none is', () => {
    expect(evaluate(early, facts({ dpd: 20, hasEmail: false })).kind).toBe('call');
    const none = evaluate(early, facts({ dpd: 2, hasMobile: false }));
    expect(none.kind).toBe('skip_trace');
    expect(none.reason.zh).toContain('失联修复');
  });
  it('the reason names the segment, treatment and step in both languages', () => {
    const d = evaluate(early, facts({ dpd: 3 }));
    expect(d.reason.zh).toBe('分群「其他」· 处置「温和」 · 第2步：逾期第3天电话');
    expect(d.reason.en).toBe('Segment "其他" · treatment "温和" · step 2: DPD 3 call');
  });
});

describe('DEFAULT_STRATEGY reproduces the first slice rules', () => {
  // The first slice's chooseAction, on booleans.
  const reference = (f: CaseFacts) => {
    if (f.dpd >= 91) return 'legal_review';
    if (f.dpd >= 31 && f.hasVerifiedAddress) return 'visit_request';
    if (f.hasPhone && (f.band !== 'C' || f.dpd >= 31 || !f.hasMobile)) return 'call';
    if (f.hasMobile) return 'sms';
    if (f.hasEmail) return 'email';
    return 'skip_trace';
  };
  it('is valid', () => expect(strategyIssues(DEFAULT_STRATEGY)).toEqual([]));
  it('agrees on every combination', () => {
    let n = 0;
    for (const dpd of [0, 1, 30, 31, 60, 90, 91, 400])
      for (const band of ['A', 'B', 'C'] as const)
        for (const hasPhone of [false, true])
          for (const hasMobile of hasPhone ? [false, true] : [false])
            for (const hasEmail of [false, true])
              for (const hasVerifiedAddress of [false, true]) {
                const f = facts({ dpd, band, hasPhone, hasMobile, hasEmail, hasVerifiedAddress });
                expect(evaluate(DEFAULT_STRATEGY, f).kind, JSON.stringify(f)).toBe(reference(f));
                n++;
              }
    expect(n).toBe(8 * 3 * 3 * 2 * 2);
  });
});

describe('champion / challenger split', () => {
  const ids = Array.from({ length: 10_000 }, (_, i) => `case-${String(i).padStart(6, '0')}`);
  it.each([0, 10, 25, 50])('share %i %% → about that share of 10,000 ids', (share) => {
    const n = ids.filter((id) => armOf(id, 'exp-1', share) === 'challenger').length;
    // Binomial sd at 50 % over 10k is 50; allow 4 sd.
    expect(Math.abs(n - share * 100)).toBeLessThanOrEqual(share === 0 ? 0 : 200);
  });
  it('is stable for a case and salt, and a new salt reshuffles', () => {
    const a = ids.map((id) => armOf(id, 'exp-1', 30));
    expect(ids.map((id) => armOf(id, 'exp-1', 30))).toEqual(a);
    const b = ids.map((id) => armOf(id, 'exp-2', 30));
    const moved = a.filter((x, i) => x !== b[i]).length;
    expect(moved).toBeGreaterThan(3000); // independent splits differ on ~2·0.3·0.7 = 42 %
  });
  it('a larger share only adds challengers (the hash point is fixed)', () => {
    for (const id of ids.slice(0, 2000)) if (armOf(id, 's', 10) === 'challenger') expect(armOf(id, 's', 20)).toBe('challenger');
  });
  it('points are uniform over ten bins', () => {
    const bins = new Array<number>(10).fill(0);
    for (const id of ids) bins[Math.floor(splitPoint(id, 'x') * 10)]!++;
    for (const b of bins) expect(Math.abs(b - 1000)).toBeLessThan(130);
  });
  it('hash32 is a 32-bit unsigned integer and differs on near-identical text', () => {
    expect(hash32('a')).not.toBe(hash32('b'));
    expect(Number.isInteger(hash32('abc')) && hash32('abc') >= 0 && hash32('abc') < 2 ** 32).toBe(true);
  });
  it('refuses a share outside 0–50', () => {
    expect(() => armOf('c', 's', 51)).toThrow(/0–50/);
    expect(() => armOf('c', 's', -1)).toThrow(RangeError);
  });
});

describe('validateStrategy', () => {
  const ok = () => ({
    segments: [{ id: 'a', name: name('甲'), when: { dpd: { min: 1 } }, treatmentId: 't' }, { id: 'z', name: name('默认'), when: {}, treatmentId: 't' }],
    treatments: [{ id: 't', name: name('处置'), steps: [{ from: 'dpd', day: 1, action: 'sms', template: 'T1' }, { from: 'dpd', day: 3, action: 'call' }] }],
  });
  it('accepts a valid definition', () => expect(validateStrategy(ok())).toEqual(ok()));
  const paths = (mut: (d: ReturnType<typeof ok>) => unknown) => {
    const d = ok();
    const r = mut(d);
    return strategyIssues(r === undefined ? d : r).map((i) => i.path);
  };
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- the mutations write deliberately wrong JSON
  it.each<[string, (d: any) => unknown, string[]]>([
    ['not an object', () => 'x', ['']],
    ['unknown top field', (d) => ({ ...d, extra: 1 }), ['extra']],
    ['no segments', (d) => { d.segments = []; }, ['segments']],
    ['no treatments', (d) => ({ segments: d.segments }), ['treatments', 'segments[0].treatmentId', 'segments[1].treatmentId']],
    ['bad segment id', (d) => { d.segments[0].id = 'a b'; }, ['segments[0].id']],
    ['duplicate segment id', (d) => { d.segments[1].id = 'a'; }, ['segments[1].id']],
    ['empty zh name', (d) => { d.segments[0].name.zh = ' '; }, ['segments[0].name.zh']],
    ['min > max', (d) => { d.segments[0].when.dpd = { min: 5, max: 2 }; }, ['segments[0].when.dpd']],
    ['empty range', (d) => { d.segments[0].when.dpd = {}; }, ['segments[0].when.dpd']],
    ['fractional dpd', (d) => { d.segments[0].when.dpd = { min: 1.5 }; }, ['segments[0].when.dpd.min']],
    ['score above 100', (d) => { d.segments[0].when = { score: { max: 101 } }; }, ['segments[0].when.score.max']],
    ['unknown band', (d) => { d.segments[0].when = { bands: ['A', 'D'] }; }, ['segments[0].when.bands[1]']],
    ['empty list', (d) => { d.segments[0].when = { buckets: [] }; }, ['segments[0].when.buckets']],
    ['unknown promise state', (d) => { d.segments[0].when = { promise: ['maybe'] }; }, ['segments[0].when.promise[0]']],
    ['non-boolean flag', (d) => { d.segments[0].when = { hasMobile: 'yes' }; }, ['segments[0].when.hasMobile']],
    ['unknown condition', (d) => { d.segments[0].when = { city: ['x'] }; }, ['segments[0].when.city']],
    ['unknown treatment', (d) => { d.segments[0].treatmentId = 'nope'; }, ['segments[0].treatmentId']],
    ['default segment with conditions', (d) => { d.segments[1].when = { dpd: { min: 0 } }; }, ['segments[1].when']],
    ['duplicate treatment id', (d) => { d.treatments.push({ ...d.treatments[0] }); }, ['treatments[1].id']],
    ['no steps', (d) => { d.treatments[0].steps = []; }, ['treatments[0].steps']],
    ['bad origin', (d) => { d.treatments[0].steps[0].from = 'month'; }, ['treatments[0].steps[0].from']],
    ['negative day', (d) => { d.treatments[0].steps[0].day = -1; }, ['treatments[0].steps[0].day']],
    ['days out of order', (d) => { d.treatments[0].steps[1].day = 0; }, ['treatments[0].steps[1].day']],
    ['unknown action', (d) => { d.treatments[0].steps[0].action = 'fax'; }, ['treatments[0].steps[0].action']],
    ['template on a call', (d) => { d.treatments[0].steps[1].template = 'X'; }, ['treatments[0].steps[1].template']],
    ['bad step condition', (d) => { d.treatments[0].steps[1].when = { dpd: { min: -1 } }; }, ['treatments[0].steps[1].when.dpd.min']],
  ])('%s', (_label, mut, want) => expect(paths(mut)).toEqual(want));
  it('throws a StrategyValidationError carrying zh-CN and en messages', () => {
    const d = JSON.parse(JSON.stringify(ok())) as { treatments: Array<{ steps: Array<Record<string, unknown>> }> };
    d.treatments[0]!.steps[0]!.day = 'x';
    try {
      validateStrategy(d);
      expect.unreachable();
    } catch (e) {
      expect(e).toBeInstanceOf(StrategyValidationError);
      const issue = (e as StrategyValidationError).issues[0]!;
      expect(issue).toMatchObject({ path: 'treatments[0].steps[0].day' });
      expect(issue.zh).toMatch(/整数/);
      expect((e as Error).message).toContain('treatments[0].steps[0].day: must be a whole number');
    }
  });
  it('entry and dpd steps are ordered separately', () => {
    const d = JSON.parse(JSON.stringify(ok())) as { treatments: Array<{ steps: unknown[] }> };
    d.treatments[0]!.steps = [{ from: 'dpd', day: 5, action: 'call' }, { from: 'entry', day: 1, action: 'sms' }, { from: 'dpd', day: 6, action: 'email' }];
    expect(strategyIssues(d)).toEqual([]);
  });
});

describe('createTally', () => {
  it('counts per arm, action and segment, keeping the first samples', () => {
    const t = createTally(2);
    for (let i = 0; i < 5; i++) t.add(`c${i}`, i % 2 ? 'challenger' : 'champion', evaluate(DEFAULT_STRATEGY, facts({ dpd: i < 4 ? 100 : 0 })));
    const r = t.result();
    expect(r.total).toBe(5);
    expect(r.byArm).toEqual({ champion: 3, challenger: 2 });
    expect(r.byAction).toEqual({ legal_review: 4, call: 1 });
    const legal = r.segments.find((s) => s.arm === 'champion' && s.id === 'legal')!;
    expect(legal.count).toBe(2);
    expect(legal.samples.map((s) => s.caseId)).toEqual(['c0', 'c2']);
    expect(r.segments.find((s) => s.arm === 'champion' && s.id === 'phone')!.count).toBe(1);
  });
});
